import { beforeAll, describe, expect, test } from 'vitest';
import { measureWeeklyCalls, type WeeklyCallsMeasurement } from '../../src/bench/weekly-calls.js';

/** The "Linked issues" line of one top goal's section. */
function linkedIssuesLine(body: string, goalNumber: number): string {
  const section = body.split(/^### /m).find((part) => part.startsWith(`🎯 Goal number ${goalNumber}\n`));
  if (!section) throw new Error(`no section for goal ${goalNumber}`);
  const line = section.split('\n').find((text) => text.startsWith('- **Linked issues:**'));
  if (!line) throw new Error(`no linked-issues line for goal ${goalNumber}`);
  return line;
}

describe('the weekly job for 2,000 linked issues, on the simulator', () => {
  let measured: WeeklyCallsMeasurement;

  beforeAll(async () => {
    measured = await measureWeeklyCalls();
  }, 60_000);

  test('stays within 25 API calls, and the job counts its calls exactly', () => {
    expect(measured.linkedIssues).toBe(2_000);
    expect(measured.calls).toBeLessThanOrEqual(25);
    expect(measured.calls).toBe(measured.requests);
    expect(measured.result.action).toBe('created');
    expect(measured.result.closedPrevious).toBeTypeOf('number');
    // Counting issues never pages through them: the status issues (by author, and by label for a new week) plus the week's changes.
    expect(measured.byRoute['GET /repos/{owner}/{repo}/issues']).toBeLessThanOrEqual(5);
  });

  test('reports the right counts per goal', () => {
    const totals = measured.expected.reduce(
      (sum, goal) => ({ opened: sum.opened + goal.opened, closed: sum.closed + goal.closed, open: sum.open + goal.open }),
      { opened: 0, closed: 0, open: 0 },
    );
    // The seeding spreads the week's activity over several goals.
    expect(measured.expected.filter((goal) => goal.opened > 0).length).toBeGreaterThan(5);
    expect(totals.opened).toBeGreaterThan(50);
    expect(totals.closed).toBeGreaterThan(30);
    for (const [index, goal] of measured.expected.entries()) {
      expect(linkedIssuesLine(measured.result.body, index + 1)).toContain(
        `${goal.opened} opened, ${goal.closed} closed this week; ${goal.open} still open`,
      );
    }
  });

  test('names the misspelt goal label still in use', () => {
    expect(measured.result.body).toContain('goal:goal-one');
  });
});
