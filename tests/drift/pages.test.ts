/**
 * Drift through the real parsers: goal pages as Markdown text, analysed
 * with the clock, compared and rendered.
 */
import { describe, expect, it } from 'vitest';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import type { SourceFile } from '../../src/core/model/model.js';
import { renderReview } from '../../src/core/review/comment.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';

const NOW = '2024-06-01';
const CHECKS = { now: NOW, staleAfterDays: 180, labelPrefix: 'goal:' };

function page(id: string, body: string): SourceFile {
  return { path: `roadmap/${id}.md`, content: body };
}

const compilerBase = page(
  'compiler',
  `# Faster compiler

## Status quo as of March 2024

Incremental builds take a minute.

## Where we want to be by Q4 2024

Incremental builds take ten seconds.

- [ ] Query caching \`implementation\`
- [ ] Parallel front end \`design\`
`,
);

const compilerHead = page(
  'compiler',
  `# Faster compiler

## Status quo as of March 2024

Incremental builds take forty seconds.

## Where we want to be by Q2 2025

Incremental builds take ten seconds.

- [ ] Query caching \`exploration\`
- [ ] Parallel front end \`implementation\`
`,
);

const servicesPage = page(
  'services',
  `---
requires:
  - compiler
---

# 🎯 Great for services

## Status quo as of 2023-01

Few services use us.

## Where we want to be by end of 2024

Many services use us.
`,
);

describe('drift between parsed goal pages', () => {
  it('finds the slip, the un-redated edit, the item moves and the conflict the slip creates', () => {
    const base = analyseRoadmap([compilerBase, servicesPage], CHECKS);
    const head = analyseRoadmap([compilerHead, servicesPage], CHECKS);
    const drift = diffRoadmaps(base, head, { ...CHECKS, changedFiles: ['roadmap/compiler.md'] });
    expect(
      drift.findings.map((finding) =>
        `${finding.kind} ${finding.node} ${finding.item ?? finding.requiredBy ?? ''} ${finding.before} → ${finding.after} ${finding.days ?? ''}`.trim(),
      ),
    ).toEqual([
      'target-slipped compiler  Q4 2024 → Q2 2025 181',
      'schedule-conflict compiler services null → Q2 2025 181',
      'status-quo-text-changed-date-unchanged compiler  March 2024 → March 2024',
      'item-status-changed compiler Query caching implementation → exploration',
      'item-status-changed compiler Parallel front end design → implementation',
    ]);
    expect(drift.findings.find((finding) => finding.item === 'Query caching')?.backwards).toBe(true);
    expect(drift.touchedNodes).toEqual(['compiler']);
    expect(drift.untouched).toEqual({ stale: 1, overdue: 0, inFuture: 0 });
  });

  it('renders the review for them, with the conflict shown once', () => {
    const base = analyseRoadmap([compilerBase, servicesPage], CHECKS);
    const head = analyseRoadmap([compilerHead, servicesPage], CHECKS);
    const drift = diffRoadmaps(base, head, { ...CHECKS, changedFiles: ['roadmap/compiler.md'] });
    const output = renderReview(drift, { repoUrl: 'https://github.com/acme/widgets', headSha: 'abcdef1234567890', labelPrefix: 'goal:' });
    expect(output).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 target slipped**, 1 schedule conflict, 1 item moved backwards, 1 status quo edited without re-dating · 1 item changed status

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Faster compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/compiler.md#L7) | Q4 2024 | Q2 2025 | ⚠️ slipped +181 days (6 months) |
      | [Faster compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/compiler.md#L7) | — | Q2 2025 | ⚠️ due 6 months after [🎯 Great for services](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/services.md#L6), which requires it |

      ### Status quo

      | Node | As of | Age | Finding |
      |---|---|---|---|
      | [Faster compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/compiler.md#L3) | March 2024 | 2 months | ✏️ text edited but the date did not move: re-date it? |

      ### Structure

      - [Faster compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/compiler.md#L11): Query caching ▮▮▮▯▯ → ▮▯▯▯▯ (\`implementation\` → \`exploration\`) ⬅️ moved backwards
      - [Faster compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/compiler.md#L12): Parallel front end ▮▮▯▯▯ → ▮▮▮▯▯ (\`design\` → \`implementation\`)

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 stale status quo (\`roadmap-bot check\` lists them).

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('finds nothing between a roadmap and itself but what the clock says', () => {
    const roadmap = analyseRoadmap([compilerHead, servicesPage], CHECKS);
    const drift = diffRoadmaps(roadmap, roadmap, CHECKS);
    expect(drift.findings).toEqual([]);
    expect(drift.newDiagnostics).toEqual([]);
    expect(drift.untouched).toEqual({ stale: 1, overdue: 0, inFuture: 0 });
  });
});
