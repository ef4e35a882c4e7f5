import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlTree, type YamlNode } from '../../src/core/roadmap/parse/yaml-tree.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';

const keyArbitrary = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,8}$/);
const textArbitrary = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '~',
    'null',
    'true',
    '0x1F',
    '1.0',
    '2024',
    '-1',
    '2024-03',
    'a: b',
    'x #y',
    "it's",
    '"q"',
    '[x]',
    '',
    ' pad ',
    'C#',
    'é€🎯',
  ),
);
const valueArbitrary = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArbitrary,
    fc.constant(null),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** The plain value a tree stands for (scalars as text), to compare with what was written. */
function plain(node: YamlNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.text;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((entry) => [entry.key, plain(entry.value)]));
}

/** What a generated value reads back as: numbers as the text written for them. */
function asText(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(asText);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asText(item)]));
  return value;
}

describe('YAML tree reader', () => {
  it('reads back every value the yaml package writes, in block and flow style, keys in written order', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        valueArbitrary,
        fc.record({ indentSeq: fc.boolean(), indent: fc.constantFrom(2, 4), flow: fc.boolean() }),
        (value, options) => {
          const source = stringify(value, {
            indentSeq: options.indentSeq,
            indent: options.indent,
            collectionStyle: options.flow ? 'flow' : 'block',
            lineWidth: 0,
          });
          const tree = parseYamlTree(source);
          if (!tree.ok) {
            // The yaml package writes an empty flow value at its key's indentation below a list dash (`- k:\n  []`), which YAML 1.2 does not allow.
            expect(() => load(source)).toThrow();
            refused++;
            return;
          }
          expect(plain(tree.root)).toStrictEqual(asText(value));
        },
      ),
      runs(1000),
    );
    expect(refused).toBeLessThan(50);
  });

  it('gives every key the line it is written on', () => {
    fc.assert(
      fc.property(
        fc.dictionary(keyArbitrary, fc.dictionary(keyArbitrary, textArbitrary, { maxKeys: 3 }), { minKeys: 1, maxKeys: 4 }),
        fc.boolean(),
        (value, flow) => {
          const source = stringify(value, { collectionStyle: flow ? 'flow' : 'block', lineWidth: 0 });
          const lines = source.split('\n');
          const tree = parseYamlTree(source);
          expect(tree.ok).toBe(true);
          if (!tree.ok || tree.root?.kind !== 'map') return;
          const entries = tree.root.entries.flatMap((entry) => [entry, ...(entry.value.kind === 'map' ? entry.value.entries : [])]);
          for (const entry of entries) expect(lines[entry.line - 1]).toContain(entry.key);
        },
      ),
      runs(300),
    );
  });

  it('reads the block style of roadmaps with the line of every key, item and scalar', () => {
    const source = [
      '# roadmap',
      '---',
      'goals:',
      '  - id: a   # first',
      '    requires: [b, "c d"]',
      '  -',
      '    id: b',
      'empty:',
      'list:',
      '- x',
      "- 'y''s'",
      '',
    ].join('\n');
    const tree = parseYamlTree(source);
    expect(tree).toEqual({
      ok: true,
      root: {
        kind: 'map',
        line: 3,
        entries: [
          {
            key: 'goals',
            line: 3,
            value: {
              kind: 'seq',
              line: 4,
              items: [
                {
                  kind: 'map',
                  line: 4,
                  entries: [
                    { key: 'id', line: 4, value: { kind: 'scalar', text: 'a', line: 4 } },
                    {
                      key: 'requires',
                      line: 5,
                      value: {
                        kind: 'seq',
                        line: 5,
                        items: [
                          { kind: 'scalar', text: 'b', line: 5 },
                          { kind: 'scalar', text: 'c d', line: 5 },
                        ],
                      },
                    },
                  ],
                },
                { kind: 'map', line: 7, entries: [{ key: 'id', line: 7, value: { kind: 'scalar', text: 'b', line: 7 } }] },
              ],
            },
          },
          { key: 'empty', line: 8, value: { kind: 'scalar', text: null, line: 8 } },
          {
            key: 'list',
            line: 9,
            value: {
              kind: 'seq',
              line: 10,
              items: [
                { kind: 'scalar', text: 'x', line: 10 },
                { kind: 'scalar', text: "y's", line: 11 },
              ],
            },
          },
        ],
      },
    });
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n', { a: '1', b: '1' }],
    ['a block scalar', 'a: |\n  text\n', { a: 'text\n' }],
    ['a multi-line plain scalar', 'a: one\n  two\n', { a: 'one two' }],
    ['a flow map', 'a: {b: 1, c: [d, "e"]}\n', { a: { b: '1', c: ['d', 'e'] } }],
    ['a tab after the colon', 'a:\t1\n', { a: '1' }],
    ['a string tag', 'a: !!str 1\n', { a: '1' }],
    ['a quoted key', '"a b": 1\n', { 'a b': '1' }],
    ['single pairs in a flow list', 'a: [b: 1, c: 2]\n', { a: [{ b: '1' }, { c: '2' }] }],
    ['keys that look like numbers, kept in written order', 'b: 1\n2: x\n__proto__: y\n', { b: '1', 2: 'x', ['__proto__']: 'y' }],
    ['quoted null against plain null', 'a: "null"\nb: null\nc: ~\nd:\n', { a: 'null', b: null, c: null, d: null }],
  ])('reads %s', (_, source, expected) => {
    const tree = parseYamlTree(source);
    expect(tree.ok).toBe(true);
    if (tree.ok) {
      expect(plain(tree.root)).toStrictEqual(expected);
      if (tree.root?.kind === 'map')
        expect(tree.root.entries.map((entry) => entry.key)).toEqual(
          Object.keys(expected).sort((x, y) => source.indexOf(x) - source.indexOf(y)),
        );
    }
  });

  it.each([
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 3],
    ['a second document', 'a: 1\n---\nb: 2\n', 1],
    ['nesting deeper than 100 levels', `${'['.repeat(150)}${']'.repeat(150)}\n`, 1],
  ])('refuses %s with its line', (_, source, line) => {
    expect(parseYamlTree(source)).toMatchObject({ ok: false, line });
  });

  it('reads anchors with the lines of what they name', () => {
    const result = parseYamlTree('base: &b\n  x: 1\ncopy: *b\n');
    expect(result).toMatchObject({
      ok: true,
      root: {
        kind: 'map',
        entries: [
          { key: 'base', line: 1 },
          { key: 'copy', line: 3, value: { kind: 'map', entries: [{ key: 'x' }] } },
        ],
      },
    });
  });

  it('reports a syntax error with its line, offset by where the YAML starts in its file', () => {
    const source = 'a: 1\nb: [unclosed\nc: 2\n';
    const result = parseYamlTree(source, 2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.line).toBeGreaterThanOrEqual(3);
      expect(result.line).toBeLessThanOrEqual(5);
      expect(result.message).not.toContain('\n');
    }
    expect(parseYamlTree('x: 1\n\n\nfoo: bar: baz\n')).toMatchObject({ ok: false, line: 4 });
    expect(parseYamlTree('x: 1\n\n\nfoo: bar: baz\n', 2)).toMatchObject({ ok: false, line: 5 });
  });

  it('stops an alias bomb with an error instead of expanding it', () => {
    const layers = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      layers.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const result = parseYamlTree(layers.join('\n'));
    // The line where the expansion passes the limit.
    expect(result).toMatchObject({ ok: false, line: 6 });
    if (!result.ok) expect(result.message).toContain('aliases');
  });

  it('reports an alias to a value that contains it as an error at the alias', () => {
    expect(parseYamlTree('a: &a [*a]\n')).toEqual({ ok: false, line: 1, message: expect.stringContaining('alias *a') });
    expect(parseYamlTree('goals:\n  - &g\n    id: x\n    more: *g\n', 2)).toMatchObject({ ok: false, line: 5 });
  });

  it('reports a recursive alias in a YAML roadmap and in front matter as a parse-error on its line', () => {
    const roadmap = parseRoadmap(
      [
        { path: 'roadmap/loop.yml', content: 'goals:\n  - id: a\n    requires: &r [b, *r]\n' },
        { path: 'roadmap/page.md', content: '---\nid: page\nowners: &o [*o]\n---\n# 🎯 Page\n' },
      ],
      { labelPrefix: 'goal:' },
    );
    expect(roadmap.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['parse-error', 'roadmap/loop.yml', 3],
      ['parse-error', 'roadmap/page.md', 3],
    ]);
    for (const diagnostic of roadmap.diagnostics) expect(diagnostic.message).toContain('refers to a value that contains it');
  });

  it('never throws, and every error has a line of at least 1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => {
        const result = parseYamlTree(source);
        if (!result.ok) expect(result.line).toBeGreaterThanOrEqual(1);
      }),
      runs(1000),
    );
  });
});
