import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceFile } from '../../src/core/model/model.js';
import { parseRoadmap, sortDiagnostics } from '../../src/core/roadmap/roadmap.js';

const file = (path: string, ...lines: string[]): SourceFile => ({ path, content: `${lines.join('\n')}\n` });

describe('duplicates', () => {
  it('the first definition in sorted path order wins, whatever order the files come in', () => {
    const files = [
      file('skill-trees/b.toml', '[[group]]', 'name = "x"', 'label = "From TOML"'),
      file('roadmap/a.yml', 'goals:', '  - id: x', '    title: From YAML'),
    ];
    for (const order of [files, [...files].reverse()]) {
      const roadmap = parseRoadmap(order, { labelPrefix: 'goal:' });
      expect(roadmap.nodes.map((n) => [n.id, n.title])).toEqual([['x', 'From YAML']]);
      expect(roadmap.diagnostics).toEqual([
        expect.objectContaining({ code: 'duplicate-id', severity: 'error', file: 'skill-trees/b.toml', line: 2, node: 'x' }),
      ]);
      expect(roadmap.diagnostics[0].message).toContain('skill-trees/b.toml:2');
      expect(roadmap.diagnostics[0].message).toContain('roadmap/a.yml:2');
    }
  });

  it('a page documenting a discarded duplicate merges into the survivor', () => {
    const roadmap = parseRoadmap(
      [
        file(
          'trees/author.toml',
          '[[group]]',
          'name = "goal-services"',
          'label = "Authors"',
          'requires = ["dev"]',
          '[[group]]',
          'name = "dev"',
        ),
        file(
          'trees/client.toml',
          '[[group]]',
          'name = "goal-services"',
          'label = "Clients"',
          'requires = ["ops"]',
          '[[group]]',
          'name = "ops"',
        ),
        file('pages/author.md', '# 🎯 Services', '## Status quo as of 2025', 'Text.'),
        file('pages/client.md', '# Clients page', '- [ ] Client SDK `design`', '## Shiny future', 'Vision.'),
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['goal-services', 'dev', 'ops']);
    const services = roadmap.nodes[0];
    expect(services).toMatchObject({ title: '🎯 Services', kind: 'goal', file: 'trees/author.toml', line: 2, requires: ['dev'] });
    expect(services.statusQuo?.file).toBe('pages/author.md');
    expect(services.shinyFuture).toMatchObject({ text: 'Vision.', file: 'pages/client.md' });
    expect(services.items.map((item) => item.label)).toEqual(['Client SDK']);
    expect(roadmap.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['duplicate-id', 'trees/client.toml', 2]]);
  });

  it('a page can add requires and items to a group; the group keeps its place', () => {
    const roadmap = parseRoadmap(
      [
        file(
          't/g.toml',
          '[[group]]',
          'name = "g"',
          'requires = ["a"]',
          'items = [{ label = "T", status = "done" }]',
          '[[group]]',
          'name = "a"',
          '[[group]]',
          'name = "b"',
        ),
        file('p/g.md', '---', 'requires: [b, a]', 'owners: [kim]', '---', '# G page', '- [ ] P `exploration`'),
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.nodes[0]).toMatchObject({ id: 'g', file: 't/g.toml', line: 2, requires: ['a', 'b'], owners: ['kim'], kind: 'group' });
    expect(roadmap.nodes[0].items.map((item) => [item.label, item.file])).toEqual([
      ['T', 't/g.toml'],
      ['P', 'p/g.md'],
    ]);
  });
});

describe('robustness', () => {
  it('ignores files of other types and reads each path once', () => {
    const roadmap = parseRoadmap(
      [
        file('roadmap/a.yml', 'goals:', '  - id: a'),
        file('roadmap/a.yml', 'goals:', '  - id: second-copy'),
        file('roadmap/notes.txt', 'goals:'),
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['a']);
    expect(roadmap.files).toEqual(['roadmap/a.yml']);
  });

  it('diagnostics come sorted by file, then line', () => {
    const roadmap = parseRoadmap(
      [
        file('b.yml', 'goals:', '  - id: b', '    requires: [nope]', '    status: odd'),
        file('a.yml', 'goals:', '  - id: a', '    status: weird'),
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual(['a.yml:3', 'b.yml:3', 'b.yml:4']);
  });
});

describe('pages of duplicate definitions', () => {
  const trees = [
    file('trees/a/author.toml', '[[group]]', 'name = "svc"', 'label = "Authors"'),
    file('trees/b/client.toml', '[[group]]', 'name = "svc"', 'label = "Clients"'),
  ];
  const authorPage = (dir: string): SourceFile => file(`pages/${dir}/author.md`, '# 🎯 Services', '## Status quo as of 2025', 'Current.');
  const clientPage = (dir: string): SourceFile =>
    file(
      `pages/${dir}/client.md`,
      '---',
      'status: done',
      '---',
      '# Clients page',
      '## Status quo as of 2020',
      'Old.',
      '## Shiny future',
      'Vision.',
    );

  for (const [authorDir, clientDir] of [
    ['1', '2'],
    ['2', '1'],
  ]) {
    it(`the survivor's own page wins and the duplicate's page only fills gaps (survivor's page in pages/${authorDir})`, () => {
      const roadmap = parseRoadmap([...trees, clientPage(clientDir), authorPage(authorDir)], { labelPrefix: 'goal:' });
      expect(roadmap.nodes).toHaveLength(1);
      const svc = roadmap.nodes[0];
      expect(svc).toMatchObject({ id: 'svc', title: '🎯 Services', kind: 'goal', file: 'trees/a/author.toml', line: 2 });
      expect(svc.statusQuo).toMatchObject({ file: `pages/${authorDir}/author.md`, text: 'Current.', asOf: { text: '2025' } });
      expect(svc.shinyFuture).toMatchObject({ file: `pages/${clientDir}/client.md`, text: 'Vision.' });
      expect(svc).toMatchObject({ status: 'done', done: true });
    });
  }

  it("a duplicate's page alone does not retitle the survivor", () => {
    const svc = parseRoadmap([...trees, clientPage('1')], { labelPrefix: 'goal:' }).nodes[0];
    expect(svc).toMatchObject({ title: 'Authors', file: 'trees/a/author.toml' });
    expect(svc.statusQuo).toMatchObject({ file: 'pages/1/client.md', text: 'Old.' });
  });
});

describe('page status and requires', () => {
  it("a page's explicit status wins over its group's, and done follows it", () => {
    const roadmap = parseRoadmap(
      [
        file('t/g.toml', '[[group]]', 'name = "g"', 'status = "done"', '[[group]]', 'name = "h"', 'status = "design"'),
        file('p/g.md', '---', 'status: design', '---', '# G page'),
        file('p/h-page.md', '---', 'group: h', 'status: done', '---', '# H page'),
      ],
      { labelPrefix: 'goal:' },
    );
    const byId = new Map(roadmap.nodes.map((node) => [node.id, node]));
    expect(byId.get('g')).toMatchObject({ status: 'design', done: false });
    expect(byId.get('h')).toMatchObject({ status: 'done', done: true });
  });

  it('an unknown id a page adds to requires is reported on the page line that names it', () => {
    const roadmap = parseRoadmap(
      [
        file('t/g.toml', '[[group]]', 'name = "g"', 'requires = ["a", "lost"]', '[[group]]', 'name = "a"'),
        file('p/g.md', '---', 'owners: [kim]', 'requires:', '  - a', '  - nope', '---', '# G page'),
      ],
      { labelPrefix: 'goal:' },
    );
    const unknown = roadmap.diagnostics.filter((d) => d.code === 'unknown-requires').map((d) => [d.file, d.line, d.node]);
    expect(unknown).toEqual([
      ['p/g.md', 5, 'g'],
      ['t/g.toml', 3, 'g'],
    ]);
  });
});

describe('sortDiagnostics', () => {
  it('orders by file, then line, then errors before warnings before notes', () => {
    const at = (severity: Diagnostic['severity'], file: string, line: number): Diagnostic => ({
      severity,
      code: 'placeholder',
      file,
      line,
      message: `${severity} at ${file}:${line}`,
    });
    const sorted = sortDiagnostics([at('info', 'b.md', 1), at('warning', 'a.md', 2), at('error', 'a.md', 2), at('warning', 'a.md', 1)]);
    expect(sorted.map((d) => d.message)).toEqual(['warning at a.md:1', 'error at a.md:2', 'warning at a.md:2', 'info at b.md:1']);
  });
});
