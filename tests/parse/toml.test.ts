import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/core/model/model.js';
import { parseSkillTrees, resolveRelative } from '../../src/core/roadmap/parse/toml.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';

const file = (path: string, ...lines: string[]): SourceFile => ({ path, content: `${lines.join('\n')}\n` });

const statusTable = (...statuses: string[]): string[] => [
  '[doc.emoji.status]',
  ...statuses.map((status) => `"${status}" = "${status.toUpperCase()}"`),
];

describe('skill-tree groups', () => {
  it('reads groups with the line of their name, kind from 🎯 or goal-, and default title', () => {
    const { files, diagnostics } = parseSkillTrees([
      file(
        'skill-trees/t.toml',
        '[[group]]',
        'label = "🎯 Top"',
        'name = "top"',
        'requires = ["goal-sub", "goal-sub"]',
        '',
        '[[group]]  # the second',
        'name = "goal-sub"',
        'status = "done"',
        '',
        '[[group]]',
        'name = "plain"',
      ),
    ]);
    expect(diagnostics).toEqual([]);
    expect(files[0].groups.map((g) => [g.id, g.title, g.kind, g.line, g.requires, g.done])).toEqual([
      ['top', '🎯 Top', 'goal', 3, ['goal-sub'], false],
      ['goal-sub', 'goal-sub', 'goal', 7, [], true],
      ['plain', 'plain', 'group', 11, [], false],
    ]);
    expect(files[0].rootGroup).toBe('top');
  });

  it('finds lines of groups written inline, by their name', () => {
    const { files } = parseSkillTrees([
      file('t.toml', '# inline groups', 'group = [', '  { name = "a" },', '  { name = "b", items = [{ label = "x" }] },', ']'),
    ]);
    expect(files[0].groups.map((g) => [g.id, g.line, g.items[0]?.line])).toEqual([
      ['a', 3, undefined],
      ['b', 4, 4],
    ]);
  });

  it('a group without a name is a parse-error at its header', () => {
    const { files, diagnostics } = parseSkillTrees([file('t.toml', '[[group]]', 'label = "Nameless"', '', '[[group]]', 'name = "ok"')]);
    expect(files[0].groups.map((g) => g.id)).toEqual(['ok']);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', line: 1 })]);
    expect(diagnostics[0].message).toContain('name');
  });

  it('items: statuses, href, extra columns, lines, and `not-started` when nothing gives a status', () => {
    const { files, diagnostics } = parseSkillTrees([
      file(
        't.toml',
        '[[group]]',
        'name = "g"',
        'items = [',
        '  { label = "A \\"quoted\\" one", status = "stabilization", href = "https://x.org", port = "p1" },',
        '  { label = "B" },',
        '  { label = "C", status = "?" },',
        '  { status = "design" },',
        ']',
      ),
    ]);
    expect(files[0].groups[0].items.map((item) => [item.label, item.status, item.progress, item.line, item.href, item.extra])).toEqual([
      ['A "quoted" one', 'stabilization', 0.8, 4, 'https://x.org', { port: 'p1' }],
      ['B', 'not-started', 0, 5, undefined, undefined],
      ['C', '?', 0, 6, undefined, undefined],
    ]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', line: 3, node: 'g' })]);
  });

  it('a TOML syntax error is a parse-error with the parser line', () => {
    const { diagnostics, files } = parseSkillTrees([file('bad.toml', '[[group]]', 'name = "x"', 'requires = [', '  "a",', '  oops', ']')]);
    expect(files[0].groups).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', severity: 'error', file: 'bad.toml', line: 5 })]);
    expect(diagnostics[0].message).toMatch(/^TOML syntax error: .+ Fix the TOML at this line\.$/);
  });

  it('unknown [doc] and top-level keys warn with their line; [graphviz] and [[cluster]] are accepted', () => {
    const { diagnostics } = parseSkillTrees([
      file(
        'k.toml',
        'title = "x"',
        '[graphviz]',
        'rankdir = "TD"',
        '[[cluster]]',
        'name = "c"',
        '[doc]',
        'columns = ["status"]',
        'inclde = []',
        '[doc.colors]',
        'a = 1',
      ),
    ]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['unknown-key', 1],
      ['unknown-key', 8],
      ['unknown-key', 9],
    ]);
    expect(diagnostics[1].message).toContain('Did you mean "include"');
  });

  it('item lines come from `items =` on, by exact label, even when a label is part of another', () => {
    const { files } = parseSkillTrees([
      file(
        't.toml',
        '[[group]]',
        'name = "async"',
        'label = "Async IO"',
        'description = ["Async IO everywhere"]',
        'items = [',
        '  { label = "IO" },',
        '  { label = "Async IO" },',
        ']',
      ),
    ]);
    expect(files[0].groups[0].items.map((item) => [item.label, item.line])).toEqual([
      ['IO', 6],
      ['Async IO', 7],
    ]);
  });

  it("unknown `[[group]]` keys warn at their line with the closest known key; the format's own keys do not", () => {
    const { files, diagnostics } = parseSkillTrees([
      file(
        't.toml',
        '[[group]]',
        'name = "g"',
        'requries = ["h"]',
        'statsu = "done"',
        'href = "https://example.org"',
        'cluster = "c"',
        'width = 2',
        'description = ["d"]',
        '[[group]]',
        'name = "h"',
      ),
    ]);
    expect(files[0].groups[0]).toMatchObject({ requires: [], done: false });
    expect(diagnostics.map((d) => [d.code, d.line, d.node])).toEqual([
      ['unknown-key', 3, 'g'],
      ['unknown-key', 4, 'g'],
    ]);
    expect(diagnostics[0].message).toContain('`requries`');
    expect(diagnostics[0].message).toContain('Did you mean "requires"');
    expect(diagnostics[1].message).toContain('Did you mean "status"');
  });

  it('a UTF-8 byte-order mark does not hide the first line', () => {
    const { files, diagnostics } = parseSkillTrees([file('t.toml', '\uFEFF[[group]]', 'name = "g"', 'items = [{ label = "A" }]')]);
    expect(diagnostics).toEqual([]);
    expect(files[0].groups.map((g) => [g.id, g.line, g.items[0].line])).toEqual([['g', 2, 3]]);
  });

  it('an unknown item status warns at the item line and counts 0', () => {
    const { files, diagnostics } = parseSkillTrees([
      file('s.toml', '[[group]]', 'name = "g"', 'items = [', '  { label = "X", status = "implemnted" },', ']'),
    ]);
    expect(files[0].groups[0].items[0]).toMatchObject({ status: 'implemnted', progress: 0, done: false });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'unknown-status', line: 4, node: 'g' })]);
  });
});

describe('includes and documents', () => {
  it('resolves include paths relative to the including file', () => {
    expect(resolveRelative('skill-trees/include/a.toml', 'b.toml')).toBe('skill-trees/include/b.toml');
    expect(resolveRelative('skill-trees/a.toml', './include/../other/b.toml')).toBe('skill-trees/other/b.toml');
    expect(resolveRelative('skill-trees/a.toml', '/shared/c.toml')).toBe('shared/c.toml');
    expect(resolveRelative('a.toml', '../outside.toml')).toBeNull();
  });

  it('a missing include is an error at the line naming it', () => {
    const { diagnostics } = parseSkillTrees([
      file('t/a.toml', '[doc]', 'include = [', '  "here.toml",', '  "../../out.toml",', ']'),
      file('t/here.toml'),
    ]);
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['missing-include', 't/a.toml', 4]]);
    expect(diagnostics[0].message).toContain('outside the repository');
  });

  it('loads each file once however often it is included', () => {
    const roadmap = parseRoadmap(
      [
        file('t/a.toml', '[doc]', 'include = ["b.toml", "c.toml"]', '[[group]]', 'name = "a"'),
        file('t/b.toml', '[doc]', 'include = ["c.toml"]', '[[group]]', 'name = "b"'),
        file('t/c.toml', '[doc]', 'include = ["a.toml"]', '[[group]]', 'name = "c"'),
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(roadmap.diagnostics).toEqual([]);
  });

  it('document settings apply to every file of the document; a shared include takes the first root (path order)', () => {
    const { files, declaredScale } = parseSkillTrees([
      file(
        't/first.toml',
        '[doc]',
        'include = ["shared.toml"]',
        ...statusTable('todo', 'doing', 'done'),
        '[doc.defaults]',
        'status = "doing"',
      ),
      file('t/second.toml', '[doc]', 'include = ["shared.toml", "own.toml"]', ...statusTable('idea', 'built')),
      file('t/shared.toml', '[[group]]', 'name = "shared"', 'items = [{ label = "S" }, { label = "T", status = "done" }]'),
      file('t/own.toml', '[[group]]', 'name = "own"', 'items = [{ label = "O", status = "idea" }]'),
    ]);
    const groups = new Map(files.flatMap((f) => f.groups.map((g) => [g.id, g] as const)));
    expect(groups.get('shared')?.items.map((item) => [item.status, item.progress, item.done])).toEqual([
      ['doing', 0.5, false],
      ['done', 1, true],
    ]);
    expect(groups.get('own')?.items.map((item) => [item.status, item.progress])).toEqual([['idea', 0]]);
    expect(declaredScale?.order).toEqual(['todo', 'doing', 'done']);
  });

  it('[doc.emoji.status] keeps the written order, even for keys that look like numbers', () => {
    const { files } = parseSkillTrees([
      file('n.toml', ...statusTable('2', '1', '0'), '[[group]]', 'name = "g"', 'items = [{ label = "x", status = "1" }]'),
    ]);
    expect(files[0].scale.order).toEqual(['2', '1', '0']);
    expect(files[0].groups[0].items[0].progress).toBe(0.5);
    expect(files[0].scale.display['2']).toBe('2');
  });

  it('files only reachable through an include cycle still form a document', () => {
    const { files } = parseSkillTrees([
      file('x.toml', '[doc]', 'include = ["y.toml"]', ...statusTable('a', 'b')),
      file('y.toml', '[doc]', 'include = ["x.toml"]', '[[group]]', 'name = "y"', 'items = [{ label = "i", status = "b" }]'),
    ]);
    expect(files[1].groups[0].items[0]).toMatchObject({ status: 'b', done: true });
  });
});
