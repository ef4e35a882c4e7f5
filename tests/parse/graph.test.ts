import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseGraph, rollUpProgress, stronglyConnectedComponents } from '../../src/core/roadmap/graph.js';
import type { Item, Roadmap, RoadmapNode, Target } from '../../src/core/model/model.js';
import { analyseRoadmap, parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { emptyNode } from '../../src/core/roadmap/parse/common.js';
import { toFuzzyDate } from '../../src/core/model/dates.js';

function item(progress: number, done = progress === 1): Item {
  return { label: 'i', status: done ? 'done' : 'design', done, progress, issues: [], file: 'f.yml', line: 1 };
}

function node(id: string, requires: string[] = [], progresses: number[] = []): RoadmapNode {
  const result = emptyNode(id, id, 'group', 'f.yml', 1);
  result.requires = requires;
  result.items = progresses.map((progress) => item(progress));
  return result;
}

function target(by: string, line: number): Target {
  return { text: '', file: 'f.yml', line, placeholder: false, by: toFuzzyDate(by) };
}

describe('requires', () => {
  it('an unknown id is an error suggesting the closest ids', () => {
    const diagnostics = analyseGraph([node('onboarding'), node('services', ['onboardng', 'zzz-nothing-like-it'])], {
      labelPrefix: 'goal:',
    });
    expect(diagnostics.map((d) => [d.code, d.node])).toEqual([
      ['unknown-requires', 'services'],
      ['unknown-requires', 'services'],
    ]);
    expect(diagnostics[0].message).toContain('Did you mean "onboarding"?');
    expect(diagnostics[1].message).not.toContain('Did you mean');
  });

  it('each cycle is reported once, listing the loop from its first node', () => {
    const nodes = [node('a', ['b']), node('b', ['c']), node('c', ['a', 'b']), node('self', ['self']), node('free', ['a'])];
    nodes[3].line = 9;
    const cycles = analyseGraph(nodes, { labelPrefix: 'goal:' }).filter((d) => d.code === 'cycle');
    expect(cycles.map((d) => [d.node, d.line])).toEqual([
      ['a', 1],
      ['self', 9],
    ]);
    expect(cycles[0].message).toContain('a → b → c → a');
    expect(cycles[1].message).toContain('self → self');
  });

  it('strongly connected components are numbered dependencies first', () => {
    const { componentOf, count } = stronglyConnectedComponents([[1, 3], [2], [1], []]);
    expect(count).toBe(3);
    expect(componentOf[1]).toBe(componentOf[2]);
    expect(componentOf[3]).toBeLessThan(componentOf[0]);
    expect(componentOf[1]).toBeLessThan(componentOf[0]);
  });
});

describe('progress roll-up', () => {
  it('is the mean own progress of the node and everything it requires that has items, each once', () => {
    const nodes = [node('top', ['left', 'right']), node('left', ['base'], [1, 0]), node('right', ['base'], [1]), node('base', [], [0])];
    analyseGraph(nodes, { labelPrefix: 'goal:' });
    expect(nodes.map((n) => n.ownProgress)).toEqual([0, 0.5, 1, 0]);
    expect(nodes[0].progress).toBeCloseTo((0.5 + 1 + 0) / 3);
    expect(nodes[1].progress).toBeCloseTo(0.25);
    expect(nodes[3].progress).toBe(0);
  });

  it('handles cycles: every node in a loop reaches the whole loop', () => {
    const nodes = [node('a', ['b'], [1]), node('b', ['a'], [0]), node('c', ['a'])];
    analyseGraph(nodes, { labelPrefix: 'goal:' });
    expect(nodes.map((n) => n.progress)).toEqual([0.5, 0.5, 0.5]);
  });

  it('a 10,000-node chain rolls up without recursion, each node over all nodes before it', () => {
    const count = 10_000;
    const nodes = Array.from({ length: count }, (_, index) => node(`n${index}`, index > 0 ? [`n${index - 1}`] : [], [index % 2]));
    const diagnostics = analyseGraph(nodes, { labelPrefix: 'goal:' });
    expect(diagnostics).toEqual([]);
    expect(nodes[0].progress).toBe(0);
    expect(nodes[1].progress).toBe(0.5);
    expect(nodes[count - 1].progress).toBeCloseTo(0.5);
    expect(nodes[count - 2].progress).toBeCloseTo((count / 2 - 1) / (count - 1));
  });

  it('the bitset and the walking strategies agree with a direct count on random graphs', () => {
    const graph = fc.integer({ min: 1, max: 40 }).chain((size) =>
      fc.record({
        requires: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 4 }), { minLength: size, maxLength: size }),
        progress: fc.array(fc.option(fc.constantFrom(0, 0.25, 0.5, 1), { nil: undefined }), { minLength: size, maxLength: size }),
      }),
    );
    fc.assert(
      fc.property(graph, ({ requires, progress }) => {
        const build = (): RoadmapNode[] =>
          requires.map((targets, index) =>
            node(
              `n${index}`,
              targets.map((t) => `n${t}`),
              progress[index] === undefined ? [] : [progress[index] as number],
            ),
          );
        const edges = requires;
        const withBitsets = build();
        const walking = build();
        rollUpProgress(withBitsets, edges, stronglyConnectedComponents(edges));
        rollUpProgress(walking, edges, stronglyConnectedComponents(edges), 0);
        requires.forEach((_, start) => {
          const seen = new Set([start]);
          const queue = [start];
          for (let head = 0; head < queue.length; head++) {
            for (const next of requires[queue[head]]) if (!seen.has(next)) (seen.add(next), queue.push(next));
          }
          const counted = [...seen].filter((index) => progress[index] !== undefined);
          const expected = counted.length === 0 ? 0 : counted.reduce((sum, index) => sum + (progress[index] as number), 0) / counted.length;
          expect(withBitsets[start].progress).toBeCloseTo(expected, 10);
          expect(walking[start].progress).toBeCloseTo(expected, 10);
        });
      }),
      runs(1000),
    );
  });
});

describe('done', () => {
  it('explicit done, or items all done; no items is not done', () => {
    const explicit = node('explicit');
    explicit.done = true;
    const nodes = [explicit, node('all', [], [1, 1]), node('some', [], [1, 0.5]), node('none')];
    analyseGraph(nodes, { labelPrefix: 'goal:' });
    expect(nodes.map((n) => n.done)).toEqual([true, true, false, false]);
  });
});

describe('dates and schedules', () => {
  it('schedule-conflict: a required node due after the node that requires it, by their last targets', () => {
    const release = node('release', ['parser', 'docs']);
    release.targets = [target('2026-01-31', 3), target('2026-06-30', 4)];
    const parser = node('parser');
    parser.targets = [target('Q3 2026', 7)];
    const docs = node('docs');
    docs.targets = [target('2026-06-30', 9)];
    const diagnostics = analyseGraph([release, parser, docs], { labelPrefix: 'goal:' });
    expect(diagnostics.map((d) => [d.code, d.node, d.line])).toEqual([['schedule-conflict', 'parser', 7]]);
    expect(diagnostics[0].message).toContain('2026-09-30');
    expect(diagnostics[0].message).toContain('2026-06-30');
  });

  it('target-before-status-quo, missing-status-quo-date and unparseable-date', () => {
    const dated = node('dated');
    dated.statusQuo = { text: '', file: 'f.yml', line: 2, placeholder: false, asOf: toFuzzyDate('June 2025') };
    dated.targets = [target('May 2025', 5), target('June 2025', 6), target('someday', 7)];
    const undated = node('undated');
    undated.statusQuo = { text: '', file: 'p.md', line: 3, placeholder: false, asOf: null };
    const garbled = node('garbled');
    garbled.statusQuo = { text: '', file: 'g.md', line: 4, placeholder: false, asOf: toFuzzyDate('the old days') };
    const diagnostics = analyseGraph([dated, undated, garbled], { labelPrefix: 'goal:' });
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.node])).toEqual([
      ['target-before-status-quo', 'f.yml', 5, 'dated'],
      ['unparseable-date', 'f.yml', 7, 'dated'],
      ['missing-status-quo-date', 'p.md', 3, 'undated'],
      ['unparseable-date', 'g.md', 4, 'garbled'],
    ]);
    expect(diagnostics[1].message).toContain('"someday"');
    expect(diagnostics[2].message).toContain('Status quo as of <date>');
  });

  it('label-too-long names the shortened label', () => {
    const long = node('a'.repeat(46));
    const diagnostics = analyseGraph([node('a'.repeat(45)), long], { labelPrefix: 'goal:' });
    expect(diagnostics.map((d) => [d.code, d.node])).toEqual([['label-too-long', long.id]]);
    expect(diagnostics[0].message).toMatch(/becomes "goal:a{38}-[0-9a-f]{6}"/);
  });

  it('label-too-long measures with the label prefix given to parseRoadmap and analyseRoadmap', () => {
    const files = [{ path: 'roadmap/long.yml', content: `goals:\n  - id: ${'a'.repeat(45)}\n` }];
    const codes = (roadmap: Roadmap): string[] => roadmap.diagnostics.map((d) => d.code);
    expect(codes(parseRoadmap(files, { labelPrefix: 'goal:' }))).toEqual([]);
    expect(codes(parseRoadmap(files, { labelPrefix: 'roadmap-goal/' }))).toEqual(['label-too-long']);
    const analysed = analyseRoadmap(files, { now: '2025-01-01', staleAfterDays: 180, labelPrefix: 'roadmap-goal/' });
    expect(analysed.diagnostics[0].message).toMatch(/becomes "roadmap-goal\/a{30}-[0-9a-f]{6}"/);
  });
});
