import { describe, expect, it } from 'vitest';
import type { Diagnostic, RoadmapNode } from '../../src/core/model/model.js';
import { MAX_BODY_CHARACTERS } from '../../src/core/model/github-limits.js';
import { buildWeeklyReport, type RepoActivity, type WeeklyOptions } from '../../src/core/weekly/report.js';
import { decodeSnapshot } from '../../src/core/weekly/snapshot.js';
import { item, node, roadmap, statusQuo, target } from './builders.js';

const OPTIONS: WeeklyOptions = { now: '2026-11-23', staleAfterDays: 180, dueSoonDays: 14, labelPrefix: 'goal:' };

/**
 * `goals` top goals, each over a chain-and-fan of groups, with everything
 * that fills a report: long titles, stale status quos, overdue targets,
 * placeholders, items, errors, owners.
 */
function largeRoadmap(total: number, goals: number) {
  const perGoal = Math.floor(total / goals);
  const nodes: RoadmapNode[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let goal = 0; goal < goals; goal++) {
    const groupIds = Array.from({ length: perGoal - 1 }, (_, index) => `goal-${goal}-group-${index}`);
    nodes.push(
      node(`goal-${goal}`, {
        title: `🎯 Goal number ${goal} with a rather long and descriptive title about the future`,
        kind: 'goal',
        requires: groupIds.slice(0, 3),
        owners: ['alice', 'bob'],
        statusQuo: statusQuo('2022-01'),
        targets: [target('summer 2024'), target('Q3 2027')],
        progress: (goal % 10) / 10,
      }),
    );
    groupIds.forEach((id, index) => {
      nodes.push(
        node(id, {
          title: `Group ${index} of goal ${goal}: a piece of work with a long name`,
          requires: index + 3 < groupIds.length ? [groupIds[index + 3]] : [],
          items: [item(`Item ${index}`, 'design'), item(`Other ${index}`, 'done')],
          statusQuo: { ...statusQuo('March 2023'), placeholder: index % 7 === 0 },
          targets: [target(index % 2 === 0 ? '2025-06' : '2027-06')],
        }),
      );
      if (index % 50 === 0) {
        diagnostics.push({
          severity: 'error',
          code: 'unknown-requires',
          file: `roadmap/${id}.md`,
          line: 3,
          message: `"${id}" requires "nothing-${index}", which is not a node: did you mean "${groupIds[0]}"?`,
          node: id,
        });
      }
    });
  }
  return roadmap(nodes, diagnostics);
}

function activityFor(goals: number): RepoActivity {
  const byNode: RepoActivity['byNode'] = {};
  for (let goal = 0; goal < goals; goal++) {
    const issues = Array.from({ length: 30 }, (_, index) => ({
      number: goal * 100 + index,
      title: `An issue about goal ${goal}, number ${index}, with a title of some length`,
      url: `https://github.com/acme/sitegen/issues/${goal * 100 + index}`,
      state: 'open' as const,
    }));
    byNode[`goal-${goal}`] = { opened: issues, closed: issues.slice(0, 10), open: 25, total: 40 };
  }
  return {
    byNode,
    unknownLabels: Array.from({ length: 60 }, (_, index) => ({ name: `goal:typo-${index}`, open: 1 })),
    removedNodeLabels: Array.from({ length: 60 }, (_, index) => `goal:gone-${index}`),
  };
}

function expectWithinLimits(report: ReturnType<typeof buildWeeklyReport>): void {
  expect(report.body.length).toBeLessThanOrEqual(MAX_BODY_CHARACTERS);
  for (const comment of report.continuation) expect(comment.length).toBeLessThan(MAX_BODY_CHARACTERS);
  expect(decodeSnapshot([report.body, ...report.continuation])).toEqual(report.snapshot);
}

describe('a body that would pass 65,536 characters', () => {
  it('keeps a 5,000-node report within the limit and continues the snapshot in comments', () => {
    const map = largeRoadmap(5_000, 50);
    expect(map.nodes).toHaveLength(5_000);
    const report = buildWeeklyReport(map, {
      ...OPTIONS,
      activity: activityFor(50),
      repoUrl: 'https://github.com/acme/sitegen',
      headSha: 'f'.repeat(40),
    });
    expectWithinLimits(report);
    expect(report.continuation.length).toBeGreaterThan(1);
    expect(Object.keys(report.snapshot.nodes)).toHaveLength(5_000);
    expect(report.body).not.toContain('<!-- roadmap-bot:snapshot');
    expect(report.body).toContain(`continues in the next ${report.continuation.length} comments`);
    expect(report.continuation[0]).toMatch(/^_Roadmap status 2026-W48: data for next week's comparison, part 1 of \d+\./);

    // What must stay: the summary, every top goal, Needs attention.
    expect(report.body).toContain('## Summary');
    expect(report.body).toContain('**50 goals**, 5000 nodes');
    for (let goal = 0; goal < 50; goal++) expect(report.body).toContain(`(\`goal-${goal}\`)`);
    expect(report.body).toContain('## Needs attention');
    expect(report.body).toContain('### Overdue targets (');
    expect(report.body).toContain('### Roadmap errors (100)');
    expect(report.body).not.toContain('was cut');
    // Sections stay; only the per-issue links and the chart's depth gave way.
    expect(report.body).toContain('### 🎯 Goal number 49');
    expect(report.body).not.toContain('  - Opened: ');
    expect(report.body.match(/^ {2}n\d+\[/gm)).toHaveLength(15);
  });

  it('continues the snapshot first, keeping the full layout when the rest fits', () => {
    const report = buildWeeklyReport(largeRoadmap(1_500, 3), OPTIONS);
    expectWithinLimits(report);
    expect(report.continuation.length).toBeGreaterThanOrEqual(1);
    expect(report.body.match(/^ {2}n\d+\[/gm)).toHaveLength(60);
    expect(report.body).toContain('### 🎯 Goal number 0');
  });

  it('keeps the snapshot in the body while it fits', () => {
    const report = buildWeeklyReport(largeRoadmap(200, 2), OPTIONS);
    expectWithinLimits(report);
    expect(report.continuation).toEqual([]);
    expect(report.body).toContain('<!-- roadmap-bot:snapshot {');
  });

  it('turns the goal sections into one table before cutting anything', () => {
    const report = buildWeeklyReport(largeRoadmap(5_000, 250), { ...OPTIONS, activity: activityFor(250) });
    expectWithinLimits(report);
    expect(report.body).toContain('| Goal | Progress | Health | Status quo | Next target | Issues this week |');
    expect(report.body).toContain('| 🎯 Goal number 249 with a rather long and descriptive title about the future (`goal-249`) |');
    expect(report.body).not.toContain('### 🎯 Goal number');
    expect(report.body).not.toContain('was cut');
  });

  it('walks a 10,000-deep requires chain without running out of stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, index) =>
      node(`step-${index}`, {
        kind: index === 0 ? 'goal' : 'group',
        requires: index + 1 < 10_000 ? [`step-${index + 1}`] : [],
        items: index === 9_999 ? [item('The last step', 'exploration')] : [],
        statusQuo: statusQuo('2026-01-01'),
        targets: [target('2026-12-31')],
        progress: 0.1,
      }),
    );
    const report = buildWeeklyReport(roadmap(chain), { ...OPTIONS, staleAfterDays: 400 });
    expectWithinLimits(report);
    // Every step requires the one with items, and is behind: 10% done with most of the year gone.
    expect(report.body).toContain('Nodes: 0 on track · 10000 at risk');
    expect(report.body).toContain('_9940 more nodes not shown');
  });

  it('cuts, and says so, only when even the smallest layout is too long', () => {
    const goals = Array.from({ length: 2_000 }, (_, index) =>
      node(`goal-${index}-${'x'.repeat(30)}`, { title: `🎯 ${'Very long goal title '.repeat(5)}${index}`, kind: 'goal' }),
    );
    const report = buildWeeklyReport(roadmap(goals), OPTIONS);
    expectWithinLimits(report);
    expect(report.body).toContain("_…the rest of this report was cut to stay within GitHub's 65,536-character limit._");
    expect(report.body).toContain('## Summary');
    expect(report.body).toContain(`continues in the next ${report.continuation.length} comments`);
  });
});
