import { describe, expect, it } from 'vitest';
import { checkRoadmap } from '../../src/core/roadmap/checks.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';

const roadmapWith = (...lines: string[]) =>
  parseRoadmap([{ path: 'roadmap/r.yml', content: `goals:\n${lines.join('\n')}\n` }], { labelPrefix: 'goal:' });

describe('time-based checks', () => {
  // Status quo as of March 2025: its interval ends 2025-03-31.
  const stale = roadmapWith('  - id: a', '    statusQuo: { asOf: March 2025, text: x }');

  it('stale-status-quo only once the status quo is older than staleAfterDays, counted from the end of its interval', () => {
    expect(checkRoadmap(stale, { now: '2025-09-27', staleAfterDays: 180 })).toEqual([]);
    const found = checkRoadmap(stale, { now: '2025-09-28', staleAfterDays: 180 });
    expect(found).toEqual([
      expect.objectContaining({ code: 'stale-status-quo', severity: 'warning', file: 'roadmap/r.yml', line: 3, node: 'a' }),
    ]);
    expect(found[0].message).toContain('6 months ago');
    expect(checkRoadmap(stale, { now: '2025-09-28', staleAfterDays: 365 })).toEqual([]);
  });

  it('status-quo-in-future when its interval starts after now (and then it is not stale)', () => {
    expect(checkRoadmap(stale, { now: '2025-03-01', staleAfterDays: 0 })).toEqual([]);
    expect(checkRoadmap(stale, { now: '2025-02-28', staleAfterDays: 0 }).map((d) => d.code)).toEqual(['status-quo-in-future']);
  });

  it('overdue-target the day after a target is due, for each overdue target of a node that is not done', () => {
    const roadmap = roadmapWith(
      '  - id: late',
      '    targets:',
      '      - by: Q1 2025',
      '      - by: 2025-02-10',
      '      - by: someday',
      '  - id: finished',
      '    status: done',
      '    targets: [{ by: Q1 2025 }]',
    );
    expect(checkRoadmap(roadmap, { now: '2025-03-31', staleAfterDays: 180 }).map((d) => [d.code, d.line])).toEqual([['overdue-target', 5]]);
    const overdue = checkRoadmap(roadmap, { now: '2025-04-01', staleAfterDays: 180 });
    expect(overdue.map((d) => [d.code, d.node, d.line])).toEqual([
      ['overdue-target', 'late', 4],
      ['overdue-target', 'late', 5],
    ]);
    expect(overdue[0].message).toContain('2025-03-31');
  });

  it('a node whose items are all done has no overdue targets', () => {
    const roadmap = roadmapWith('  - id: shipped', '    targets: [{ by: 2024 }]', '    items: [{ label: x, status: done }]');
    expect(checkRoadmap(roadmap, { now: '2026-01-01', staleAfterDays: 180 })).toEqual([]);
  });
});
