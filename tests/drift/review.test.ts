import { describe, expect, it } from 'vitest';
import { diffRoadmaps, type Drift } from '../../src/core/review/drift.js';
import type { Diagnostic } from '../../src/core/model/model.js';
import { REVIEW_MARKER, renderNoRoadmapChanges, renderReview, type ReviewContext } from '../../src/core/review/comment.js';
import { OPTIONS, node, roadmap, warning, type NodeSpec } from './builders.js';

const CONTEXT: ReviewContext = { repoUrl: 'https://github.com/acme/widgets', headSha: 'abcdef1234567890', labelPrefix: 'goal:' };

function review(before: NodeSpec, after: NodeSpec, context: ReviewContext = CONTEXT): string {
  const drift = diffRoadmaps(roadmap([node('fast-builds', before)]), roadmap([node('fast-builds', after)]), OPTIONS);
  return renderReview(drift, context);
}

describe('renderReview', () => {
  it('shows a slipped target with before, after and the drift', () => {
    expect(review({ targets: [['Q1 2025']] }, { targets: [['Q3 2025', 12]] })).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 target slipped**

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L12) | Q1 2025 | Q3 2025 | ⚠️ slipped +183 days (6 months) |

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows a pulled-in target as good news', () => {
    expect(review({ targets: [['end of 2025']] }, { targets: [['2025-12-01']] })).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ✅ No drift · 1 target pulled in

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L10) | end of 2025 | 2025-12-01 | ✅ pulled in 30 days (4 weeks) |

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows overdue targets of the touched node and sums up the rest', () => {
    const overdue = (id: string, extra: NodeSpec = {}) => node(id, { targets: [['March 2024']], ...extra });
    const drift = diffRoadmaps(roadmap([overdue('a'), overdue('b')]), roadmap([overdue('a', { requires: ['b'] }), overdue('b')]), OPTIONS);
    expect(renderReview(drift, CONTEXT)).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 overdue target** · requirements of 1 node changed

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Title of a](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/a.md#L10) | — | March 2024 | ⏰ overdue by 2 months |

      ### Structure

      - 🔀 [Title of a](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/a.md#L1) now requires \`b\`

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 overdue target (\`roadmap-bot check\` lists them).

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows a schedule conflict with a link to the node that requires it', () => {
    const drift = diffRoadmaps(
      roadmap([node('a', { requires: ['b'], targets: [['Q1 2025']] }), node('b', { title: 'Compiler', targets: [['Q4 2024']] })]),
      roadmap([node('a', { requires: ['b'], targets: [['Q1 2025']] }), node('b', { title: 'Compiler', targets: [['Q3 2025', 11]] })]),
      OPTIONS,
    );
    expect(renderReview(drift, CONTEXT)).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 target slipped**, 1 schedule conflict

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/b.md#L11) | Q4 2024 | Q3 2025 | ⚠️ slipped +273 days (9 months) |
      | [Compiler](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/b.md#L11) | — | Q3 2025 | ⚠️ due 6 months after [Title of a](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/a.md#L1), which requires it |

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows stale and un-redated status quos with their age', () => {
    const drift = diffRoadmaps(
      roadmap([
        node('a', { statusQuo: ['June 2023', 'Builds take an hour.'] }),
        node('b', { statusQuo: ['2024-05-01', 'We ship nightly.'] }),
      ]),
      roadmap([
        node('a', { statusQuo: ['June 2023', 'Builds take an hour.'] }),
        node('b', { statusQuo: ['2024-05-01', 'We ship weekly.'] }),
      ]),
      { ...OPTIONS, changedFiles: ['roadmap/a.md'] },
    );
    expect(renderReview(drift, CONTEXT)).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 status quo edited without re-dating**, 1 stale status quo

      ### Status quo

      | Node | As of | Age | Finding |
      |---|---|---|---|
      | [Title of a](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/a.md#L5) | June 2023 | 11 months | 🕰️ stale: say where things stand today and re-date it |
      | [Title of b](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/b.md#L5) | 2024-05-01 | 4 weeks | ✏️ text edited but the date did not move: re-date it? |

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows re-dated status quos and dates moved backwards', () => {
    expect(review({ statusQuo: ['2024-01', 'old'] }, { statusQuo: ['2023-11', 'old'] })).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 status quo date moved back**, 1 stale status quo

      ### Status quo

      | Node | As of | Age | Finding |
      |---|---|---|---|
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L5) | 2023-11 | 6 months | 🕰️ stale: say where things stand today and re-date it |
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L5) | 2024-01 → 2023-11 | 6 months | ⚠️ date moved back 62 days (2 months) |

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows item status changes with bars and flags a move backwards', () => {
    const output = review(
      {
        items: [
          ['Remote cache', 'implementation'],
          ['Sandboxing', 'design'],
        ],
      },
      {
        items: [
          ['Remote cache', 'exploration'],
          ['Sandboxing', 'stabilization'],
        ],
      },
    );
    expect(output).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 item moved backwards** · 1 item changed status

      ### Structure

      - [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L30): Remote cache ▮▮▮▯▯ → ▮▯▯▯▯ (\`implementation\` → \`exploration\`) ⬅️ moved backwards
      - [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L31): Sandboxing ▮▮▯▯▯ → ▮▮▮▮▯ (\`design\` → \`stabilization\`)

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('shows a removed node with the open issues still labelled with it', () => {
    const drift = diffRoadmaps(
      roadmap([node('a'), node('old-goal', { title: '🎯 Old goal' })]),
      roadmap([node('a', { requires: ['c'] }), node('c', { title: 'New group' })]),
      { ...OPTIONS, openIssuesByNode: { 'old-goal': 4 } },
    );
    expect(renderReview(drift, { ...CONTEXT, labelPrefix: 'roadmap/' })).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 removed node still labelling open issues** · 1 node added, requirements of 1 node changed

      ### Structure

      - 🔀 [Title of a](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/a.md#L1) now requires \`c\`
      - ➕ Added [New group](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/c.md#L1) (\`c\`)
      - ➖ Removed 🎯 Old goal (\`old-goal\`, was in \`roadmap/old-goal.md\`) — ⚠️ 4 open issues still labelled \`roadmap/old-goal\`

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('collapses new diagnostics, leaving out those a finding already shows, and lists config problems', () => {
    const overdue: Diagnostic = { ...warning('overdue-target', 'fast-builds', 'Target March 2024 is overdue.'), line: 10 };
    const drift = diffRoadmaps(
      roadmap([node('fast-builds')]),
      roadmap(
        [node('fast-builds', { targets: [['March 2024']] })],
        [
          {
            severity: 'error',
            code: 'unknown-requires',
            file: 'roadmap/fast-builds.md',
            line: 2,
            message: 'Unknown id `compilr`: did you mean `compiler`?',
            node: 'fast-builds',
          },
          warning('placeholder', 'fast-builds', 'The shiny future is only FIXME: describe it.', 20),
          overdue,
        ],
      ),
      OPTIONS,
    );
    const output = renderReview(drift, {
      ...CONTEXT,
      configProblems: [
        { key: 'weekly.day', message: 'Expected a day of the week, got "someday".', line: 7 },
        { key: 'labels.colour', message: 'Unknown key: did you mean labels.color?' },
      ],
    });
    expect(output).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ❌ **1 new error**, 1 overdue target, 1 new warning, 2 configuration problems · 1 target added

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L10) | — | March 2024 | ➕ new target |
      | [Title of fast-builds](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L10) | — | March 2024 | ⏰ overdue by 2 months |

      ### Configuration

      \`.github/roadmap-bot.yml\` has problems; these keys fall back to their defaults:

      - \`weekly.day\` ([.github/roadmap-bot.yml:7](https://github.com/acme/widgets/blob/abcdef1234567890/.github/roadmap-bot.yml#L7)): Expected a day of the week, got "someday".
      - \`labels.colour\`: Unknown key: did you mean labels.color?

      <details><summary>2 new diagnostics (1 error, 1 warning)</summary>

      - ❌ \`unknown-requires\` [roadmap/fast-builds.md:2](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L2) — Unknown id \\\`compilr\\\`: did you mean \\\`compiler\\\`?
      - ⚠️ \`placeholder\` [roadmap/fast-builds.md:20](https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/fast-builds.md#L20) — The shiny future is only FIXME: describe it.

      </details>

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('sums up status quos dated in the future of untouched nodes, and says "no drift" for an unchanged roadmap', () => {
    const unchanged = roadmap([node('a', { statusQuo: ['2025', 'Written ahead.'] }), node('b', { statusQuo: ['2023-01', 'Old.'] })]);
    expect(renderReview(diffRoadmaps(unchanged, unchanged, OPTIONS), CONTEXT)).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ✅ No drift

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 stale status quo and 1 status quo dated in the future (\`roadmap-bot check\` lists them).

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });

  it('lists requires changes by id, even ids with commas in them', () => {
    const drift = diffRoadmaps(
      roadmap([node('a', { requires: ['p'] }), node('p'), node('p, q')]),
      roadmap([node('a', { requires: ['p, q'] }), node('p'), node('p, q')]),
      OPTIONS,
    );
    expect(renderReview(drift, CONTEXT)).toContain('now requires p, q; no longer requires `p`\n');
  });

  it('says "no drift" when nothing changed', () => {
    const drift = diffRoadmaps(roadmap([node('a')]), roadmap([node('a')]), OPTIONS);
    expect(renderReview(drift, CONTEXT)).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ✅ No drift

      <sub>roadmap-bot · head \`abcdef1\` · as of 2024-06-01</sub>"
    `);
  });
});

describe('escaping user text', () => {
  const hostile = '@octocat <script>alert(1)</script> | [x](http://evil) <!-- roadmap-bot:pr-review -->';

  function hostileReview(): string {
    const drift = diffRoadmaps(
      roadmap([node('a', { title: hostile, targets: [['Q1 2025']], items: [[hostile, 'design']] })]),
      roadmap([node('a', { title: hostile, targets: [['Q2 2025']], items: [[hostile, 'done']] })], [warning('placeholder', 'a', hostile)]),
      OPTIONS,
    );
    return renderReview(drift, CONTEXT);
  }

  it('cannot mention anyone, inject HTML or forge the marker', () => {
    const output = hostileReview();
    expect(output).not.toMatch(/@octocat/);
    expect(output).toContain('@\u200boctocat');
    expect(output).not.toContain('<script>');
    expect(output.split(REVIEW_MARKER)).toHaveLength(2);
    expect(output.startsWith(`${REVIEW_MARKER}\n`)).toBe(true);
    expect(output).not.toContain('[x](http://evil)');
  });

  it('cannot break a table row', () => {
    const row = hostileReview()
      .split('\n')
      .find((line) => line.includes('Q2 2025')) as string;
    const unescapedPipes = row.match(/(?<!\\)\|/g) ?? [];
    expect(unescapedPipes).toHaveLength(5);
  });

  it('keeps file names with parentheses and spaces inside their link', () => {
    const drift = diffRoadmaps(
      roadmap([node('a', { file: 'roadmap/my goal (draft).md' })]),
      roadmap([node('a', { file: 'roadmap/my goal (draft).md', requires: ['b'] })]),
      OPTIONS,
    );
    expect(renderReview(drift, CONTEXT)).toContain(
      '(https://github.com/acme/widgets/blob/abcdef1234567890/roadmap/my%20goal%20%28draft%29.md#L1)',
    );
  });
});

describe('size limit', () => {
  function bigDrift(): Drift {
    const ids = Array.from({ length: 40 }, (_, index) => `node-${String(index).padStart(2, '0')}`);
    return diffRoadmaps(
      roadmap(ids.map((id) => node(id, { targets: [['Q1 2025']] }))),
      roadmap(ids.map((id) => node(id, { targets: [['Q3 2025']] }))),
      OPTIONS,
    );
  }

  it('cuts at a row boundary, keeps the marker and says how many findings were left out', () => {
    const output = renderReview(bigDrift(), { ...CONTEXT, maxLength: 2000 });
    expect(output.length).toBeLessThanOrEqual(2000);
    expect(output.startsWith(REVIEW_MARKER)).toBe(true);
    const shown = output.split('\n').filter((line) => line.startsWith('| [Title of node-')).length;
    expect(shown).toBeGreaterThan(0);
    expect(output).toContain(`…and ${40 - shown} more findings not shown`);
    expect(output.split('\n').at(-1)).toMatch(/^…and \d+ more findings not shown/);
    expect(output).not.toContain('<sub>');
  });

  it('never passes the limit, whatever the limit', () => {
    const drift = bigDrift();
    for (let maxLength = 30; maxLength < 6000; maxLength += 97) {
      const output = renderReview(drift, { ...CONTEXT, maxLength });
      expect(output.length).toBeLessThanOrEqual(maxLength);
      expect(output.startsWith(REVIEW_MARKER)).toBe(true);
    }
  });

  describe('with roadmap files left unread by the caps', () => {
    const unread = (count: number): Diagnostic[] => [
      {
        severity: 'warning',
        code: 'too-many-files',
        file: 'roadmap/z-0000.md',
        line: 1,
        message: '2001 roadmap files match, more than the 2000 read',
      },
      ...Array.from({ length: count - 1 }, (_, index): Diagnostic => ({
        severity: 'warning',
        code: 'file-too-large',
        file: `roadmap/huge-${index}.md`,
        line: 1,
        message: 'This file is 1050000 bytes, over the 1000000-byte limit, so it is skipped',
      })),
    ];
    const capped = (count: number): Drift => {
      const drift = bigDrift();
      return { ...drift, newDiagnostics: [...drift.newDiagnostics, ...unread(count)] };
    };

    it('pins the notice under the verdict: a cut comment still names them, and the details do not repeat them', () => {
      const output = renderReview(capped(2), { ...CONTEXT, maxLength: 2000 });
      expect(output.length).toBeLessThanOrEqual(2000);
      expect(output).toMatch(/not shown/);
      const notice = output.indexOf('### Roadmap files not read');
      expect(notice).toBeGreaterThan(0);
      expect(notice).toBeLessThan(output.indexOf('### Target dates'));
      expect(output).toContain('`too-many-files` [roadmap/z-0000.md:1]');
      expect(output).toContain('`file-too-large` [roadmap/huge-0.md:1]');

      const whole = renderReview(capped(2), CONTEXT);
      expect(whole.match(/`file-too-large`/g)).toHaveLength(1);
      expect(whole).not.toContain('not shown');
    });

    it('names at most five and counts the rest, within the limit', () => {
      const output = renderReview(capped(9), { ...CONTEXT, maxLength: 3000 });
      expect(output.length).toBeLessThanOrEqual(3000);
      expect(output.match(/`file-too-large`/g)).toHaveLength(4);
      expect(output).toContain('- …and 4 more files not read');
    });

    it('never passes the limit, even when the notice alone would not fit', () => {
      const drift = capped(3);
      for (let maxLength = 30; maxLength < 4000; maxLength += 97) {
        const output = renderReview(drift, { ...CONTEXT, maxLength });
        expect(output.length).toBeLessThanOrEqual(maxLength);
        expect(output.startsWith(REVIEW_MARKER)).toBe(true);
      }
    });
  });

  it('keeps everything under the default limit', () => {
    const output = renderReview(bigDrift(), CONTEXT);
    expect(output.split('\n').filter((line) => line.startsWith('| [Title of node-'))).toHaveLength(40);
    expect(output).not.toContain('not shown');
  });
});

describe('renderNoRoadmapChanges', () => {
  it('says the pull request no longer touches the roadmap, under the marker', () => {
    expect(renderNoRoadmapChanges({ headSha: 'abcdef1234567890' })).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ✅ As of \`abcdef1\` this pull request no longer changes the roadmap, so there is no roadmap drift to review."
    `);
  });
});
