import { describe, expect, it } from 'vitest';
import type { Roadmap } from '../../src/core/model/model.js';
import { diffRoadmaps } from '../../src/core/review/drift.js';
import { buildWeeklyReport, type WeeklyOptions } from '../../src/core/weekly/report.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { decodeSnapshot } from '../../src/core/weekly/snapshot.js';
import { exampleFiles, item, node, roadmap, statusQuo, target } from './builders.js';

const LAST_WEEK = '2026-11-16';
const THIS_WEEK = '2026-11-23';
const OPTIONS: Omit<WeeklyOptions, 'now'> = { staleAfterDays: 180, dueSoonDays: 14, labelPrefix: 'goal:' };

/** The same goal a week apart: a target moved out, work moved on, a deadline passed, a status quo aged. */
function week(progress: number, speedTarget: string, withLegacy: boolean): Roadmap {
  const goal = node('speed', {
    title: '🎯 Fast sites',
    kind: 'goal',
    requires: ['cache', 'render', ...(withLegacy ? ['legacy'] : [])],
    statusQuo: statusQuo('2026-11-01'),
    targets: [target('summer 2026'), target(speedTarget)],
    progress,
  });
  const cache = node('cache', {
    title: 'Cache',
    items: [item('Disk cache', 'design')],
    statusQuo: statusQuo('2026-11-01'),
    targets: [target('2026-11-20')],
  });
  const render = node('render', { title: 'Renderer', statusQuo: statusQuo('2026-05-25') });
  const nodes = [goal, cache, render];
  if (withLegacy) nodes.push(node('legacy', { title: 'Legacy mode' }));
  else nodes.push(node('plugins', { title: 'Plugins' }));
  return roadmap(nodes);
}

function reports() {
  const last = buildWeeklyReport(week(0.3, 'Q2 2027', true), { ...OPTIONS, now: LAST_WEEK });
  const previous = decodeSnapshot([last.body, ...last.continuation]);
  const current = buildWeeklyReport(week(0.45, 'Q4 2027', false), { ...OPTIONS, now: THIS_WEEK, previous });
  return { last, previous, current };
}

describe('week over week', () => {
  it("reads last week's snapshot back from last week's issue", () => {
    const { last, previous } = reports();
    expect(last.week).toBe('2026-W47');
    expect(previous).toEqual(last.snapshot);
    expect(previous?.nodes.cache.overdue).toBe(false);
    expect(previous?.nodes.render.stale).toBe(false);
  });

  it('sums up the change since last week', () => {
    const { current } = reports();
    expect(current.body).toContain(
      '**Since 2026-W47:** progress +15 points · 1 target slipped · 1 newly overdue · 1 newly stale · 1 node added · 1 node removed.',
    );
    expect(current.body).toContain('Slipped:\n- **🎯 Fast sites** (`speed`): Q2 2027 → Q4 2027 (+184 days (6 months))');
    expect(current.body).toContain('Newly overdue:\n- **Cache** (`cache`)');
    expect(current.body).toContain('Newly stale:\n- **Renderer** (`render`)');
  });

  it("shows the goal's progress change and the slips of what it requires", () => {
    const { current } = reports();
    expect(current.body).toContain('▮▮▯▯▯ **45%** · +15 points since 2026-W47 · overdue');
    expect(current.body).toContain('- **Slipped since last week:** **🎯 Fast sites** (`speed`): Q2 2027 → Q4 2027 (+184 days (6 months))');
  });

  it('does not call a target pulled in, or a still-overdue node, a change for the worse', () => {
    const previous = buildWeeklyReport(week(0.3, 'Q4 2027', false), { ...OPTIONS, now: THIS_WEEK }).snapshot;
    const body = buildWeeklyReport(week(0.3, 'Q2 2027', false), { ...OPTIONS, now: THIS_WEEK, previous }).body;
    expect(body).toContain('**Since 2026-W48:** progress ±0 points · 0 targets slipped · 0 newly overdue · 0 newly stale.');
    expect(body).toContain('- **Slipped since last week:** nothing');
  });

  it('pairs renamed targets in order and ignores dates that do not parse', () => {
    const before = roadmap([node('a', { targets: [target('spring 2027'), target('someday')] })]);
    const after = roadmap([node('a', { targets: [target('summer 2027'), target('eventually')] })]);
    const previous = buildWeeklyReport(before, { ...OPTIONS, now: LAST_WEEK }).snapshot;
    const body = buildWeeklyReport(after, { ...OPTIONS, now: THIS_WEEK, previous }).body;
    expect(body).toContain('Slipped:\n- **`a`**: spring 2027 → summer 2027 (+92 days (3 months))');
    expect(body).toContain('1 target slipped');
  });

  it('compares overall progress only over goals both weeks have', () => {
    const before = roadmap([node('g1', { kind: 'goal', progress: 0.5 })]);
    const after = roadmap([node('g1', { kind: 'goal', progress: 0.6 }), node('g2', { kind: 'goal', progress: 0 })]);
    const previous = buildWeeklyReport(before, { ...OPTIONS, now: LAST_WEEK }).snapshot;
    const body = buildWeeklyReport(after, { ...OPTIONS, now: THIS_WEEK, previous }).body;
    expect(body).toContain('**Since 2026-W47:** progress +10 points');
    expect(body).toContain('Overall progress: ▮▮▯▯▯ **30%**');
  });

  it('agrees with the pull-request review on which targets slipped (the bundled example, base then head)', () => {
    const base = analyseRoadmap(exampleFiles('base'), { ...OPTIONS, now: LAST_WEEK });
    const head = analyseRoadmap(exampleFiles('head'), { ...OPTIONS, now: THIS_WEEK });
    const last = buildWeeklyReport(base, { ...OPTIONS, now: LAST_WEEK });
    const current = buildWeeklyReport(head, { ...OPTIONS, now: THIS_WEEK, previous: decodeSnapshot([last.body]) });
    const slipped = diffRoadmaps(base, head, { ...OPTIONS, now: THIS_WEEK }).findings.filter(
      (finding) => finding.kind === 'target-slipped',
    );
    expect(slipped.length).toBeGreaterThan(0);
    expect(current.body).toContain(`**Since 2026-W47:** progress `);
    expect(current.body).toContain(` · ${slipped.length === 1 ? '1 target' : `${slipped.length} targets`} slipped · `);
    for (const finding of slipped) expect(current.body).toContain(`${finding.before} → ${finding.after} (+${finding.days} day`);
  });
});
