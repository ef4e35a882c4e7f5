import { describe, expect, it } from 'vitest';
import { nodeIndex, type RoadmapNode } from '../../src/core/model/model.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

const roadmap = parseRoadmap(loadFixture('formats/mixed'), { labelPrefix: 'goal:' });
const nodes = nodeIndex(roadmap);
const node = (id: string): RoadmapNode => {
  const found = nodes.get(id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

describe('one model from Markdown, skill-tree TOML and YAML', () => {
  it('reads every node, in sorted file order then file order', () => {
    expect(roadmap.nodes.map((n) => n.id)).toEqual([
      'community',
      'plugin-api',
      'plugin-store',
      'goal-instant-editor',
      'render-pipeline',
      'incremental-index',
    ]);
    expect(roadmap.files).toEqual([
      'roadmap/README.md',
      'roadmap/community.md',
      'roadmap/editor.md',
      'roadmap/plugins.yml',
      'skill-trees/editor.toml',
      'skill-trees/include/engine.toml',
    ]);
  });

  it('skips a Markdown file that is not a goal page, task list and all', () => {
    expect(roadmap.nodes.some((n) => n.file === 'roadmap/README.md')).toBe(false);
    expect(roadmap.nodes.flatMap((n) => n.items).some((item) => item.label.includes('Not a work item'))).toBe(false);
  });

  it('reports only the two real problems of the fixture', () => {
    expect(roadmap.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.node}`)).toEqual([
      'missing-status-quo-date roadmap/community.md:12 community',
      'placeholder roadmap/editor.md:22 goal-instant-editor',
    ]);
  });
});

describe('skill-tree TOML', () => {
  it('takes id, title, requires, description and href from [[group]], with the name line', () => {
    const render = node('render-pipeline');
    expect(render).toMatchObject({
      title: 'GPU render pipeline',
      kind: 'group',
      file: 'skill-trees/include/engine.toml',
      line: 17,
      requires: ['incremental-index'],
    });
    expect(node('incremental-index').href).toBe('https://example.org/quillpad/index');
  });

  it('applies [doc.defaults] and the document status scale to items of an included file', () => {
    const [atlas, repaint, ligatures] = node('render-pipeline').items;
    expect(atlas).toMatchObject({ status: 'building', progress: 0.5, line: 23, extra: { owner: 'mira' } });
    expect(repaint).toMatchObject({ status: 'done', done: true, progress: 1, extra: { owner: 'unassigned' } });
    expect(ligatures).toMatchObject({ status: 'not-started', progress: 0, line: 25 });
    expect(node('incremental-index').items[1]).toMatchObject({ status: '?', progress: 0, done: false });
  });

  it('exposes the first declared [doc.emoji.status] as the roadmap scale, in written order', () => {
    expect(roadmap.statuses.order).toEqual(['not-started', 'design', 'building', 'polishing', 'done']);
    expect(roadmap.statuses.display.building).toBe('◑');
    expect(roadmap.statuses.display['?']).toBe('(unsure)');
  });
});

describe('goal pages', () => {
  it('merges a page into the root group of the TOML file with the same stem', () => {
    const editor = node('goal-instant-editor');
    expect(editor).toMatchObject({
      title: '🎯 Quillpad feels instant',
      kind: 'goal',
      file: 'skill-trees/editor.toml',
      line: 10,
      requires: ['render-pipeline', 'incremental-index'],
      description: ['Keystrokes show up within one frame', 'Large files open as fast as small ones'],
    });
    expect(editor.statusQuo).toMatchObject({
      file: 'roadmap/editor.md',
      line: 8,
      asOf: { text: 'March 2025', start: '2025-03-01', end: '2025-03-31', precision: 'month' },
    });
    expect(editor.shinyFuture?.text).toContain('ten lines or ten million');
  });

  it('reads each target heading with its date, and a placeholder section as empty', () => {
    const editor = node('goal-instant-editor');
    expect(editor.targets.map((t) => [t.by.text, t.by.end, t.line])).toEqual([
      ['Q4 2025', '2025-12-31', 12],
      ['mid-2026', '2026-08-31', 16],
    ]);
    expect(editor.targets[0].text).toBe('The GPU pipeline ships behind a flag.');
    expect(editor.ultimately).toMatchObject({ text: '', placeholder: true, line: 22 });
  });

  it('reads task-list items with code-span statuses (in the page tree scale), ticks and issue references', () => {
    const items = node('goal-instant-editor').items;
    expect(items.map((item) => [item.label, item.status, item.done, item.line])).toEqual([
      ['Profile cold start (#41)', 'design', false, 18],
      ['Remove the layout lock (quillpad/core#7)', 'done', true, 19],
      ['Benchmark suite see https://github.com/quillpad/bench/issues/3', 'building', false, 20],
    ]);
    expect(items.map((item) => item.issues)).toEqual([
      [{ repo: null, number: 41 }],
      [{ repo: 'quillpad/core', number: 7 }],
      [{ repo: 'quillpad/bench', number: 3 }],
    ]);
    expect(items[0].progress).toBe(0.25);
  });

  it('reads front matter: id, requires, owners and items, with the page items after them', () => {
    const community = node('community');
    expect(community).toMatchObject({
      title: '🎯 A welcoming contributor community',
      kind: 'goal',
      line: 2,
      requires: ['plugin-store'],
      owners: ['ada'],
    });
    expect(community.items.map((item) => [item.label, item.status, item.line])).toEqual([
      ['Contributor guide', 'design', 7],
      ['Review rota', 'exploration', 16],
    ]);
  });
});

describe('YAML roadmaps', () => {
  it('reads the camelCase node fields with their lines', () => {
    const api = node('plugin-api');
    expect(api).toMatchObject({ title: 'Stable plugin API', kind: 'group', line: 3, owners: ['ada', 'lin'] });
    expect(api.statusQuo).toMatchObject({ line: 7, asOf: { start: '2025-02-01', end: '2025-02-28' } });
    expect(api.targets).toEqual([
      {
        text: 'A versioned API with a compatibility promise.',
        file: 'roadmap/plugins.yml',
        line: 11,
        placeholder: false,
        by: { text: 'H2 2025', start: '2025-07-01', end: '2025-12-31', precision: 'half' },
      },
    ]);
  });

  it('reads items given as text or as mappings, merging listed issues with those in the label', () => {
    const items = node('plugin-api').items;
    expect(items.map((item) => [item.label, item.status, item.done, item.line])).toEqual([
      ['Capability manifest (#88)', 'implementation', false, 14],
      ['Sandbox the file system', 'not-started', false, 16],
      ['Publish the SDK', 'done', true, 17],
    ]);
    expect(items[2].issues).toEqual([
      { repo: null, number: 91 },
      { repo: 'quillpad/sdk', number: 2 },
    ]);
  });

  it('makes a 🎯 title a top goal and keeps an explicit status', () => {
    expect(node('plugin-store')).toMatchObject({ kind: 'goal', status: 'exploration', done: false, requires: ['plugin-api'] });
    expect(node('plugin-store').shinyFuture?.line).toBe(24);
  });
});

describe('progress roll-up over the merged graph', () => {
  it('averages the own progress of the node and everything it requires that has items, each once', () => {
    const own = (id: string): number => node(id).ownProgress;
    expect(node('incremental-index').progress).toBeCloseTo(own('incremental-index'));
    expect(node('render-pipeline').progress).toBeCloseTo((own('render-pipeline') + own('incremental-index')) / 2);
    // The editor reaches incremental-index twice (directly and through render-pipeline): counted once.
    expect(node('goal-instant-editor').progress).toBeCloseTo(
      (own('goal-instant-editor') + own('render-pipeline') + own('incremental-index')) / 3,
    );
    // plugin-store has no items of its own: it only carries what it requires.
    expect(node('plugin-store').progress).toBeCloseTo(node('plugin-api').progress);
  });
});
