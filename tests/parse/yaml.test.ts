import { describe, expect, it } from 'vitest';
import { parseYamlRoadmap } from '../../src/core/roadmap/parse/yaml.js';
import { defaultStatusScale } from '../../src/core/model/statuses.js';

const parse = (...lines: string[]) => parseYamlRoadmap({ path: 'roadmap/r.yml', content: `${lines.join('\n')}\n` }, defaultStatusScale());

describe('YAML roadmaps', () => {
  it('reads every field, whether the file uses the simple or the full YAML reader', () => {
    const body = [
      '  - id: search',
      '    title: 🎯 Search',
      '    requires: index',
      '    owners: [kim]',
      '    status: design',
      '    description: [Fast, Relevant]',
      '    href: https://x.org/search',
      '    statusQuo: Slow today.',
      '    ultimately: { text: Nobody waits. }',
      '    targets:',
      '      - by: 2025-09',
      '        text: Indexing ships.',
    ];
    const simple = parse('goals:', ...body);
    const anchored = parse('defaults: &d {}', 'goals:', ...body);
    for (const { nodes } of [simple, anchored]) {
      expect(nodes).toHaveLength(1);
      expect(nodes[0]).toMatchObject({
        id: 'search',
        title: '🎯 Search',
        kind: 'goal',
        requires: ['index'],
        owners: ['kim'],
        status: 'design',
        description: ['Fast', 'Relevant'],
        href: 'https://x.org/search',
        statusQuo: { text: 'Slow today.', asOf: null },
        ultimately: { text: 'Nobody waits.' },
        targets: [{ text: 'Indexing ships.', by: { start: '2025-09-01', end: '2025-09-30' } }],
      });
    }
    expect(simple.nodes[0].line).toBe(2);
    expect(anchored.nodes[0].line).toBe(3);
    // `defaults` is not a roadmap key.
    expect(anchored.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-key', line: 1 })]);
  });

  it('a syntax error is a parse-error at its line', () => {
    const { nodes, diagnostics } = parse('goals:', '  - id: a', '    title: [unclosed', '  - id: b');
    expect(nodes).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'parse-error', severity: 'error', file: 'roadmap/r.yml' });
    expect(diagnostics[0].line).toBeGreaterThanOrEqual(3);
    expect(diagnostics[0].message).toContain('YAML syntax error');
  });

  it.each([
    ['a top level that is not a mapping', ['- id: a'], 1, 'mapping with a `goals:` list'],
    ['goals that are not a list', ['goals: many'], 1, '`goals` must be a list'],
    ['a goal without an id', ['goals:', '  - title: Nameless'], 2, 'no `id`'],
    ['a goal that is not a mapping', ['goals:', '  - just-text'], 2, 'must be a mapping'],
    ['requires of the wrong shape', ['goals:', '  - id: a', '    requires: {b: 1}'], 3, '`requires` must be a list of text'],
    ['targets that are not a list', ['goals:', '  - id: a', '    targets: soon'], 3, '`targets` must be a list'],
    ['an item without a label', ['goals:', '  - id: a', '    items:', '      - status: done'], 4, 'no `label`'],
  ])('%s is a parse-error naming the problem', (_, lines, line, words) => {
    const { diagnostics } = parse(...lines);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'parse-error', line })]);
    expect(diagnostics[0].message).toContain(words);
  });

  it('unknown keys warn with a suggestion; an empty file or `goals:` alone is fine', () => {
    const { nodes, diagnostics } = parse('goals:', '  - id: a', '    tittle: A', '    statusQuo: { asOf: 2025, txt: x }');
    expect(nodes.map((n) => n.id)).toEqual(['a']);
    expect(diagnostics.map((d) => [d.code, d.line, d.node])).toEqual([
      ['unknown-key', 3, 'a'],
      ['unknown-key', 4, 'a'],
    ]);
    expect(diagnostics[0].message).toContain('Did you mean "title"');
    expect(parse('')).toEqual({ nodes: [], diagnostics: [], requiresLines: new Map() });
    expect(parse('goals:')).toEqual({ nodes: [], diagnostics: [], requiresLines: new Map() });
  });

  it('targets keep their own lines; a missing `by` stays an unparsed empty date; placeholders warn', () => {
    const { nodes, diagnostics } = parse(
      'goals:',
      '  - id: a',
      '    targets:',
      '      - text: Someday',
      '      - by: Q1 2026',
      '        text: TODO',
    );
    expect(nodes[0].targets.map((t) => [t.line, t.by.text, t.by.start, t.placeholder, t.text])).toEqual([
      [4, '', null, false, 'Someday'],
      [5, 'Q1 2026', '2026-01-01', true, ''],
    ]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'placeholder', line: 5, node: 'a' })]);
  });

  it('an unknown explicit or item status warns at its line', () => {
    const { nodes, diagnostics } = parse(
      'goals:',
      '  - id: a',
      '    status: shipped',
      '    items:',
      '      - { label: X, status: desgin }',
    );
    expect(nodes[0].items[0]).toMatchObject({ status: 'desgin', progress: 0 });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['unknown-status', 3],
      ['unknown-status', 5],
    ]);
  });

  it('a UTF-8 byte-order mark does not hide the first line', () => {
    const { nodes, diagnostics } = parse('\uFEFFgoals:', '  - id: a', '    requires: [b]');
    expect(diagnostics).toEqual([]);
    expect(nodes.map((n) => [n.id, n.line, n.requires])).toEqual([['a', 2, ['b']]]);
  });
});
