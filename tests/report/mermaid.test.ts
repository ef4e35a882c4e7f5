// @vitest-environment jsdom
import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { chartOrder, mermaidLabel, renderMermaidChart, type ChartNode } from '../../src/core/weekly/mermaid.js';
import { buildWeeklyReport } from '../../src/core/weekly/report.js';
import { analyseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { exampleFiles, exampleRoadmap, node, roadmap } from './builders.js';

const OPTIONS = { now: '2026-11-23', staleAfterDays: 180, dueSoonDays: 14, labelPrefix: 'goal:' };

function mermaidBlock(body: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(body);
  if (!match) throw new Error('no mermaid block in the body');
  return match[1];
}

/** 1,000 nodes: 10 goals, each over a binary tree of groups. */
function thousandNodes() {
  const nodes = [];
  for (let goal = 0; goal < 10; goal++) {
    nodes.push(node(`goal-${goal}`, { title: `🎯 Goal ${goal}`, kind: 'goal', requires: [`g${goal}-0`] }));
    for (let index = 0; index < 99; index++) {
      const children = [2 * index + 1, 2 * index + 2].filter((child) => child < 99).map((child) => `g${goal}-${child}`);
      nodes.push(node(`g${goal}-${index}`, { title: `Group ${goal}.${index} "quoted" #${index}`, requires: children }));
    }
  }
  return roadmap(nodes);
}

describe('Mermaid chart', () => {
  it("is accepted by Mermaid's own parser for the example roadmap", async () => {
    const text = mermaidBlock(buildWeeklyReport(exampleRoadmap(), OPTIONS).body);
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it("is accepted by Mermaid's own parser for the bundled example roadmap", async () => {
    const map = analyseRoadmap(exampleFiles('head'), OPTIONS);
    const text = mermaidBlock(buildWeeklyReport(map, OPTIONS).body);
    expect(text.match(/^ {2}n\d+\[/gm)).toHaveLength(map.nodes.length);
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('really is checked: Mermaid rejects a broken chart', async () => {
    const text = mermaidBlock(buildWeeklyReport(exampleRoadmap(), OPTIONS).body);
    await expect(mermaid.parse(text.replace('n0["', 'n0["unclosed ').replace(/"\]\n/, '\n'))).rejects.toThrow();
    await expect(mermaid.parse(`${text}\n  n0 -->`)).rejects.toThrow();
  });

  it('caps a 1,000-node roadmap at the top levels, and Mermaid accepts it', async () => {
    const body = buildWeeklyReport(thousandNodes(), OPTIONS).body;
    const text = mermaidBlock(body);
    expect(text.match(/^ {2}n\d+\[/gm)).toHaveLength(60);
    expect(body).toContain('_940 more nodes not shown: the chart keeps the top levels under the goals._');
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it("stays within Mermaid's edge and size limits whatever cap is asked for", async () => {
    const chart = renderMermaidChart(buildChartNodes(), 1_000);
    expect(chart.text.match(/-->/g)!.length).toBeLessThanOrEqual(400);
    expect(chart.shown + chart.hidden).toBe(1_000);
    expect(chart.hidden).toBeGreaterThan(0);
    await expect(mermaid.parse(chart.text)).resolves.toBeTruthy();

    const wordy: ChartNode[] = Array.from({ length: 400 }, (_, index) => ({
      id: `w${index}`,
      title: '"'.repeat(60),
      progress: 0,
      health: 'stale',
      requires: [],
      top: true,
    }));
    const big = renderMermaidChart(wordy, 400);
    expect(big.text.length).toBeLessThanOrEqual(45_000);
    expect(big.shown).toBeLessThan(400);
    await expect(mermaid.parse(big.text)).resolves.toBeTruthy();
  });

  it('keeps whole upper levels before any deeper one', () => {
    const order = chartOrder(buildChartNodes())
      .slice(0, 30)
      .map((entry) => entry.id);
    // 10 goals, then the 10 tree roots, then their first children.
    expect(order.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, goal) => `goal-${goal}`));
    expect(order.slice(10, 20)).toEqual(Array.from({ length: 10 }, (_, goal) => `g${goal}-0`));
    expect(order.slice(20, 22)).toEqual(['g0-1', 'g0-2']);
  });

  it('escapes labels so no title can break the chart (Mermaid parses every one)', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.constantFrom(
        '"]; click n0 call alert(1) %%',
        '%%{init: {"theme":"dark"}}%%',
        'A --> B',
        '```',
        'style: #35; x;',
        '<b>bold</b> & @you',
        'end',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 4 }), async (titles) => {
        const nodes: ChartNode[] = titles.map((title, index) => ({
          id: `node-${index}`,
          title,
          progress: 0.5,
          health: 'on-track',
          requires: index > 0 ? [`node-${index - 1}`] : [],
          top: index === 0,
        }));
        const text = renderMermaidChart(nodes, 60).text;
        expect(text).not.toContain('```');
        await expect(mermaid.parse(text)).resolves.toBeTruthy();
      }),
      runs(150),
    );
  });

  it('encodes the characters Mermaid or Markdown would read', () => {
    expect(mermaidLabel('Say "hi" <b>#1</b> & 100% @you `x`: done')).toBe(
      'Say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; 100#37; #64;you #96;x#96;#58; done',
    );
    expect(mermaidLabel(' two\nlines ')).toBe('two lines');
    expect(mermaidLabel('  ')).toBe('(untitled)');
    const long = renderMermaidChart([{ id: 'x', title: 'a'.repeat(70), progress: 0.4, health: 'on-track', requires: [], top: true }], 60);
    expect(long.text).toContain(`n0["${'a'.repeat(49)}… · 40#37;"]`);
  });

  it('draws requires edges only between nodes it shows, and a legend', () => {
    const text = renderMermaidChart(
      [
        { id: 'a', title: 'A', progress: 0.25, health: 'overdue', requires: ['b', 'missing'], top: true },
        { id: 'b', title: '', progress: 1, health: 'stale', requires: [], top: false },
      ],
      60,
    ).text;
    expect(text).toContain('  n0["A · 25#37;"]');
    expect(text).toContain('  n1["b · 100#37;"]');
    expect(text).toContain('  n0 --> n1');
    expect(text).not.toContain('missing');
    expect(text).toContain('class n0,legend_overdue overdue');
    expect(text).toContain('class n1,legend_stale stale');
    expect(text).toContain('legend_atRisk["at risk"]');
  });
});

function buildChartNodes(): ChartNode[] {
  return thousandNodes().nodes.map((entry) => ({
    id: entry.id,
    title: entry.title,
    progress: entry.progress,
    health: 'on-track',
    requires: entry.requires,
    top: entry.kind === 'goal',
  }));
}
