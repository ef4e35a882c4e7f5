/** The review, labels and weekly issue on project-goals pages, like on any other format. */
import { describe, expect, it } from 'vitest';
import { referencedIssueLabels } from '../../src/flows/items-to-issues.js';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import type { SourceFile } from '../../src/core/model/model.js';
import { buildWeeklyReport } from '../../src/core/weekly/report.js';
import { renderReview } from '../../src/core/review/comment.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { goalLabelsFor } from '../../src/github/labels.js';
import { loadFixture } from '../parse/fixture-files.js';

const CHECKS = { now: '2026-03-02', staleAfterDays: 180, labelPrefix: 'roadmap:' };
const base = loadFixture('project-goals');

function edited(path: string, edit: (content: string) => string): SourceFile[] {
  return base.map((file) => (file.path === path ? { ...file, content: edit(file.content) } : file));
}

describe('project-goals pages through the review, the labels and the weekly issue', () => {
  it('a longer Timespan is a slipped target, a rewritten status quo is an edit without re-dating, a ticked task a status change', () => {
    const head = edited('src/2026/parallel-frontend.md', (content) =>
      content
        .replace('| 2026-2027 ', '| 2026-2028 ')
        .replace('on one thread whatever the machine', 'on two threads at most')
        .replace(
          '| Benchmark on CI          | ![Help Wanted][]  |               |',
          '| Benchmark on CI          | ![Help Wanted][]  | ✅            |',
        ),
    );
    const drift = diffRoadmaps(analyseRoadmap(base, CHECKS), analyseRoadmap(head, CHECKS), {
      ...CHECKS,
      changedFiles: ['src/2026/parallel-frontend.md'],
    });
    expect(drift.findings.map((finding) => `${finding.kind} ${finding.node} ${finding.item ?? finding.requiredBy ?? ''}`.trim())).toEqual([
      'target-slipped parallel-frontend',
      'status-quo-text-changed-date-unchanged parallel-frontend',
      'item-status-changed parallel-frontend Benchmark on CI',
    ]);
    const review = renderReview(drift, { repoUrl: 'https://github.com/acme/goals', headSha: 'abc1234', labelPrefix: 'roadmap:' });
    expect(review).toContain('1 target slipped');
    expect(review).toContain('| 2027 | 2028 | ⚠️ slipped +366 days (1 year) |');
    expect(review).toContain('src/2026/parallel-frontend.md');
  });

  it('every goal and theme gets a label; tracking issues of this repository get the goal’s label', () => {
    const roadmap = analyseRoadmap(base, CHECKS);
    expect(goalLabelsFor(roadmap, { prefix: 'roadmap:', color: '0e8a16' }).map((label) => [label.name, label.description])).toEqual([
      ['roadmap:docs-search', 'Search the docs offline'],
      ['roadmap:linker-rewrite', 'Link in parallel'],
      ['roadmap:parallel-frontend', 'Parallel front end'],
      ['roadmap:roadmap-faster-builds', 'Builds you do not wait for'],
    ]);
    const plan = referencedIssueLabels(roadmap, { owner: 'acme', repo: 'goals', prefix: 'roadmap:' });
    expect([...plan]).toEqual([
      [7, ['roadmap:docs-search']],
      [41, ['roadmap:parallel-frontend']],
      [12, ['roadmap:parallel-frontend']],
    ]);
  });

  it('the weekly issue has a section for the theme, its goals in the chart, and what needs attention', () => {
    const roadmap = analyseRoadmap(base, { ...CHECKS, now: '2026-09-01' });
    const activity = { byNode: {}, unknownLabels: [], removedNodeLabels: [] };
    const report = buildWeeklyReport(roadmap, { ...CHECKS, now: '2026-09-01', dueSoonDays: 14, activity });
    expect(report.body).toContain('### Builds you do not wait for');
    expect(report.body).toContain('n0 --> n2');
    expect(report.body).toContain('**Search the docs offline** (`docs-search`): 2025h2 (due 2025-12-31) — overdue');
    // The theme has no linked issue: the label to add is named with the repository's prefix.
    expect(report.body).toContain('roadmap:roadmap-faster-builds');
    expect(report.body).not.toContain('goal:');
  });
});
