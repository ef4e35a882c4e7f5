/** Issue 10: what the weekly report says about a goal with no plan, and about documents with different status scales. */
import { describe, expect, it } from 'vitest';
import { buildWeeklyReport } from '../../src/core/weekly/report.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from '../parse/fixture-files.js';

const OPTIONS = { now: '2026-11-26', staleAfterDays: 180, dueSoonDays: 14, labelPrefix: 'goal:' };
const roadmap = analyseRoadmap(loadFixture('issue-10/report'), OPTIONS);
const body = buildWeeklyReport(roadmap, OPTIONS).body;

describe('weekly report', () => {
  it('calls a top goal with no status quo, no target and 0 % "no plan", not "on track"', () => {
    const goal = body.slice(body.indexOf('### 🎯 Onboarding that sticks'));
    expect(goal.split('\n')[2]).toBe('▯▯▯▯▯ **0%** · no plan');
    expect(body).toContain('Nodes: 0 on track · 0 at risk · 0 overdue · 0 stale · 3 no plan.');
    expect(body).toContain('legend_noPlan["no plan"]');
  });

  it("shows a bar, not a word, for statuses of another document's scale", () => {
    expect(roadmap.statuses.order).toEqual(['planned', 'writing', 'published']);
    const statusRows = body.split('\n').filter((line) => /^\| (planned|writing|published|design|done) \|/.test(line));
    expect(statusRows).toEqual([
      '| planned | 🗓️ | 1 |',
      '| writing | ✍️ | 1 |',
      '| published | 📗 | 0 |',
      '| design | ▮▮▯▯▯ | 1 |',
      '| done | ▮▮▮▮▮ | 1 |',
    ]);
  });
});
