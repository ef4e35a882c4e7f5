import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourceFile } from '../../src/core/model/model.js';
import { parseGoalPage } from '../../src/core/roadmap/parse/markdown.js';
import { parseSkillTrees } from '../../src/core/roadmap/parse/toml.js';
import { parseYamlRoadmap } from '../../src/core/roadmap/parse/yaml.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { defaultStatusScale } from '../../src/core/model/statuses.js';
import { loadFixture } from './fixture-files.js';

const RUNS = runs(1000);
const scale = defaultStatusScale();
const pageOptions = { treeStems: new Set(['tree']), statusScaleFor: () => scale };

/** Text made of the characters that matter to the three formats, plus anything at all. */
const syntaxText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.constantFrom(
        '\n',
        '\r\n',
        ' ',
        '  ',
        '\t',
        '#',
        '## ',
        '# 🎯 ',
        '---',
        '- ',
        '- [ ] ',
        '- [x] ',
        '`',
        '`design`',
        '[',
        ']',
        '[[group]]',
        '{',
        '}',
        '"',
        "'",
        '=',
        ':',
        ': ',
        'name',
        'goals',
        'id',
        'items',
        'requires',
        'include',
        '[doc]',
        'Status quo as of ',
        'Where we want to be by ',
        'Q3 2025',
        'FIXME',
        '<img src="x">',
        '&a',
        '*a',
        '&a [*a]',
        '|',
        '>',
        '\\',
        '#12',
        'o/r#3',
        '0x',
        'é',
        '🎯',
        '\uFEFF',
      ),
      { maxLength: 80 },
    )
    .map((parts) => parts.join('')),
);

function lineCount(text: string): number {
  return text.split('\n').length;
}

function expectWellFormed(diagnostics: Diagnostic[], files: SourceFile[]): void {
  // Like the roadmap, the first file given for a path is the one read.
  const byPath = new Map([...files].reverse().map((file) => [file.path, file]));
  for (const diagnostic of diagnostics) {
    expect(Number.isInteger(diagnostic.line)).toBe(true);
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
    const file = byPath.get(diagnostic.file);
    expect(file).toBeDefined();
    if (file) expect(diagnostic.line).toBeLessThanOrEqual(lineCount(file.content) + 1);
    expect(diagnostic.message.length).toBeGreaterThan(10);
    // The generic fallback of `guarded` means an exception escaped a parser.
    expect(diagnostic.message).not.toContain('Could not read this');
    expect(['error', 'warning', 'info']).toContain(diagnostic.severity);
  }
}

describe('every parser is total on arbitrary text', () => {
  it('goal pages', () => {
    fc.assert(
      fc.property(syntaxText, (content) => {
        const file = { path: 'roadmap/tree.md', content };
        expectWellFormed(parseGoalPage(file, pageOptions).diagnostics, [file]);
      }),
      RUNS,
    );
  });

  it('skill-tree TOML', () => {
    fc.assert(
      fc.property(syntaxText, syntaxText, (first, second) => {
        const files = [
          { path: 'trees/a.toml', content: first },
          { path: 'trees/b.toml', content: `[doc]\ninclude = ["a.toml"]\n${second}` },
        ];
        expectWellFormed(parseSkillTrees(files).diagnostics, files);
      }),
      RUNS,
    );
  });

  it('YAML roadmaps', () => {
    fc.assert(
      fc.property(syntaxText, (content) => {
        const file = { path: 'roadmap/r.yml', content };
        expectWellFormed(parseYamlRoadmap(file, scale).diagnostics, [file]);
      }),
      RUNS,
    );
  });

  it('the whole roadmap, files of every type together', () => {
    const fileArbitrary = fc.record({
      path: fc.constantFrom(
        'roadmap/a.md',
        'roadmap/tree.md',
        'skill-trees/tree.toml',
        'skill-trees/x/y.toml',
        'roadmap/r.yml',
        'roadmap/s.yaml',
      ),
      content: syntaxText,
    });
    fc.assert(
      fc.property(fc.array(fileArbitrary, { maxLength: 5 }), (files) => {
        const roadmap = parseRoadmap(files, { labelPrefix: 'goal:' });
        expectWellFormed(roadmap.diagnostics, files);
        expect(new Set(roadmap.nodes.map((node) => node.id)).size).toBe(roadmap.nodes.length);
      }),
      RUNS,
    );
  });
});

describe('YAML anchors and aliases in any arrangement', () => {
  /** Flow lists whose values may carry anchors and be aliases, including aliases inside the value they name. */
  const flowValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('x', 'y', '*a', '*b'),
      fc
        .tuple(fc.constantFrom('', '&a ', '&b '), fc.array(tie('value'), { maxLength: 3 }))
        .map(([anchorText, items]) => `${anchorText}[${items.join(', ')}]`),
    ),
  })).value;

  it('never throw, in YAML roadmaps and front matter alike', () => {
    fc.assert(
      fc.property(flowValue, flowValue, (requires, owners) => {
        const files = [
          { path: 'roadmap/r.yml', content: `goals:\n  - id: g\n    requires: ${requires}\n    owners: ${owners}\n` },
          { path: 'roadmap/p.md', content: `---\nrequires: ${requires}\nowners: ${owners}\n---\n# 🎯 Page\n` },
        ];
        expectWellFormed(parseRoadmap(files, { labelPrefix: 'goal:' }).diagnostics, files);
      }),
      RUNS,
    );
  });
});

describe('mutated valid documents', () => {
  const valid = loadFixture('formats/mixed');

  type Mutation = (text: string) => string;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(fc.nat(), fc.string({ unit: 'grapheme', maxLength: 8 })).map(([at, inserted]) => (text: string) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + inserted + text.slice(index);
    }),
    fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, length]) => (text: string) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + text.slice(index + length);
    }),
    fc.tuple(fc.nat(), fc.nat()).map(([first, second]) => (text: string) => {
      const lines = text.split('\n');
      const a = first % lines.length;
      const b = second % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }),
    fc.nat().map((at) => (text: string) => {
      const lines = text.split('\n');
      const index = at % lines.length;
      lines.splice(index, 0, lines[index]);
      return lines.join('\n');
    }),
  );

  it('never throw, and their diagnostics stay well formed', () => {
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 5 }), (which, mutations) => {
        const files = valid.map((file, index) =>
          index === which ? { ...file, content: mutations.reduce((text, mutate) => mutate(text), file.content) } : file,
        );
        expectWellFormed(parseRoadmap(files, { labelPrefix: 'goal:' }).diagnostics, files);
      }),
      RUNS,
    );
  });
});

describe('malformed input gives parse-error with a line', () => {
  const treeLines = [
    '[doc]',
    'include = []',
    '',
    '[[group]]',
    'name = "g"',
    'label = "G"',
    'requires = [',
    '  "h",',
    ']',
    'items = [',
    '  { label = "i" },',
    ']',
  ];

  it('TOML: a broken line is reported on that line', () => {
    fc.assert(
      fc.property(fc.nat({ max: treeLines.length }), fc.constantFrom('= "x"', 'name = = "x"', '[[group', 'label = "open'), (at, broken) => {
        const lines = [...treeLines];
        lines.splice(at, 0, broken);
        const { diagnostics } = parseSkillTrees([{ path: 't.toml', content: lines.join('\n') }]);
        const errors = diagnostics.filter((d) => d.code === 'parse-error');
        expect(errors).toHaveLength(1);
        expect(errors[0].line).toBe(at + 1);
      }),
      RUNS,
    );
  });

  const yamlLines = ['goals:', '  - id: a', '    title: A', '    requires: [b]', '    items:', '      - label: x', '  - id: b'];

  it('YAML roadmaps: a broken line gives a parse-error at or after it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: yamlLines.length }),
        fc.constantFrom('  bad: [unclosed', 'x: "open', '\t- tab: indent', 'a: b: c'),
        (at, broken) => {
          const lines = [...yamlLines];
          lines.splice(at, 0, broken);
          const content = lines.join('\n');
          const { diagnostics } = parseYamlRoadmap({ path: 'r.yml', content }, scale);
          const errors = diagnostics.filter((d) => d.code === 'parse-error');
          expect(errors).toHaveLength(1);
          expect(errors[0].line).toBeGreaterThanOrEqual(1);
          expect(errors[0].line).toBeLessThanOrEqual(lines.length + 1);
        },
      ),
      RUNS,
    );
  });

  it('front matter: the error line is within the front matter, counted in the file', () => {
    const front = ['id: page', 'requires: [a, b]', 'owners:', '  - kim'];
    fc.assert(
      fc.property(fc.nat({ max: front.length }), fc.constantFrom('bad: [unclosed', 'x: "open', 'a: b: c', 'id: twice'), (at, broken) => {
        const lines = [...front];
        lines.splice(at, 0, broken);
        const content = ['---', ...lines, '---', '# 🎯 Page'].join('\n');
        const { diagnostics } = parseGoalPage({ path: 'p.md', content }, pageOptions);
        const errors = diagnostics.filter((d) => d.code === 'parse-error');
        expect(errors).toHaveLength(1);
        expect(errors[0].line).toBeGreaterThanOrEqual(2);
        expect(errors[0].line).toBeLessThanOrEqual(lines.length + 2);
      }),
      RUNS,
    );
  });
});
