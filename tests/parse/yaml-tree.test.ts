import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYamlTree, readSimpleYaml, readWithYamlPackage, type YamlNode } from '../../src/core/parse/yaml-tree.js';
import { parseRoadmap } from '../../src/core/roadmap.js';

/** Null scalars have no text to point at; the readers may place them on the key's line or the next one. */
function withoutNullLines(node: YamlNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.text === null ? { kind: 'scalar', text: null } : node;
  if (node.kind === 'seq') return { ...node, items: node.items.map(withoutNullLines) };
  return { ...node, entries: node.entries.map((entry) => ({ ...entry, value: withoutNullLines(entry.value) })) };
}

const keyArbitrary = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,8}$/);
const textArbitrary = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('~', 'null', 'true', '0x1F', '1.0', '2024', '-1', '2024-03', 'a: b', 'x #y', "it's", '"q"', '[x]', '', ' pad ', 'C#', 'é€🎯'),
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

describe('YAML tree readers', () => {
  it('the simple reader agrees with the yaml package on every document it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        valueArbitrary,
        fc.record({ indentSeq: fc.boolean(), indent: fc.constantFrom(2, 4), flow: fc.boolean() }),
        (value, options) => {
          const source = stringify(value, { indentSeq: options.indentSeq, indent: options.indent, collectionStyle: options.flow ? 'any' : 'block', lineWidth: 0 });
          const simple = readSimpleYaml(source);
          if (simple === undefined) return;
          accepted++;
          const full = readWithYamlPackage(source);
          expect(full.ok).toBe(true);
          if (full.ok) expect(withoutNullLines(simple)).toEqual(withoutNullLines(full.root));
        },
      ),
      { numRuns: 2000 },
    );
    // The comparison means something only if the simple reader takes most documents.
    expect(accepted).toBeGreaterThan(1000);
  });

  it('accepts only hand-written text the yaml package reads the same way (and never text it rejects)', () => {
    const plain = fc.constantFrom('x', 'a b', 'C#', "it's", 'a #b', 'a#b', 'https://x.org/a:b', ':x', '-x', '- x', '? x', 'a: b', 'v:', '~', 'null', '"q" r', "'q'", '"a\\"b"', '"\\u00e9"', '"\\x41"', '[a, b]', '[a, [b]]', '[a,]', '[]', '{}', '{a: 1}', '&x y', '*x', '!t y', '|', '>', '%x', '@x', '`x', '1.0', '0o17', '#c', '');
    const line = fc.record({
      indent: fc.constantFrom(0, 1, 2, 4),
      dash: fc.boolean(),
      key: fc.option(fc.constantFrom('id', 'title', 'items', 'k-1', 'a b', 'x.y'), { nil: undefined }),
      value: plain,
    });
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, lineEnd) => {
        const source = lines
          .map(({ indent, dash, key, value }) => `${' '.repeat(indent)}${dash ? '- ' : ''}${key === undefined ? value : `${key}: ${value}`}`)
          .join(lineEnd);
        const simple = readSimpleYaml(source);
        if (simple === undefined) return;
        accepted++;
        const full = readWithYamlPackage(source);
        expect(full.ok).toBe(true);
        if (full.ok) expect(withoutNullLines(simple)).toEqual(withoutNullLines(full.root));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('reads the block style of roadmaps with the line of every key, item and scalar', () => {
    const source = ['# roadmap', '---', 'goals:', '  - id: a   # first', '    requires: [b, "c d"]', '  -', '    id: b', 'empty:', 'list:', '- x', "- 'y''s'", ''].join('\n');
    const tree = readSimpleYaml(source);
    expect(tree).toEqual({
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
    });
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a flow map', 'a: {b: 1}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a quoted key', '"a": 1\n'],
  ])('leaves %s to the yaml package, which reads it the same way', (_, source) => {
    expect(readSimpleYaml(source)).toBeUndefined();
    const viaTree = parseYamlTree(source);
    expect(viaTree).toEqual(readWithYamlPackage(source));
  });

  it('reads anchors through the yaml package with lines', () => {
    const result = parseYamlTree('base: &b\n  x: 1\ncopy: *b\n');
    expect(result).toMatchObject({
      ok: true,
      root: { kind: 'map', entries: [{ key: 'base', line: 1 }, { key: 'copy', line: 3, value: { kind: 'map', entries: [{ key: 'x' }] } }] },
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
    expect(result).toMatchObject({ ok: false, line: 1 });
    if (!result.ok) expect(result.message).toContain('aliases');
  });

  it('reports an alias to a value that contains it as an error at the alias', () => {
    expect(parseYamlTree('a: &a [*a]\n')).toEqual({ ok: false, line: 1, message: expect.stringContaining('alias *a') });
    expect(parseYamlTree('goals:\n  - &g\n    id: x\n    more: *g\n', 2)).toMatchObject({ ok: false, line: 5 });
  });

  it('reports a recursive alias in a YAML roadmap and in front matter as a parse-error on its line', () => {
    const roadmap = parseRoadmap([
      { path: 'roadmap/loop.yml', content: 'goals:\n  - id: a\n    requires: &r [b, *r]\n' },
      { path: 'roadmap/page.md', content: '---\nid: page\nowners: &o [*o]\n---\n# 🎯 Page\n' },
    ], { labelPrefix: 'goal:' });
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
      { numRuns: 1000 },
    );
  });
});
