import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGoalPage } from '../../src/core/roadmap/parse/markdown.js';
import { MAX_MARKDOWN_DEEP_LEVELS, MAX_MARKDOWN_NESTING, markdownNestingProblem } from '../../src/core/roadmap/parse/nesting.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { defaultStatusScale } from '../../src/core/model/statuses.js';

const pageOptions = { treeStems: new Set<string>(), statusScaleFor: () => defaultStatusScale() };

function timed<T>(step: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = step();
  return { result, ms: performance.now() - start };
}

describe('pathological Markdown nesting', () => {
  it.each([
    ['a 100 KB nested block quote', `# 🎯 Quoted\n\n${'> '.repeat(50_000)}x\n`, 3],
    ['a 10 KB nested list on one line', `# 🎯 Listed\n\n${'- '.repeat(5_000)}x\n`, 3],
    [
      'a nested list written by indentation',
      `# 🎯 Indented\n\n${Array.from({ length: 300 }, (_, level) => `${'  '.repeat(level)}- x`).join('\n')}\n`,
      48,
    ],
    ['many lines of shallow nesting', `# 🎯 Wide\n\n${Array.from({ length: 5_000 }, () => '- - x').join('\n')}\n`, 1_003],
  ])('refuses %s at once with too-complex on its line, and the other files are still read', (_, content, line) => {
    const { result, ms } = timed(() =>
      parseRoadmap(
        [
          { path: 'roadmap/hostile.md', content },
          { path: 'roadmap/fine.md', content: '# 🎯 Fine goal\n\n- [ ] one step\n' },
        ],
        { labelPrefix: 'goal:' },
      ),
    );
    expect(ms).toBeLessThan(2_000);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'too-complex',
        file: 'roadmap/hostile.md',
        line,
        message: expect.stringContaining('flatten the nesting'),
      }),
    ]);
    expect(result.nodes.map((node) => node.id)).toEqual(['fine']);
  });

  it('refuses a project-goals page that nests too deeply, before its tables are parsed', () => {
    const content = `# Deep goal\n\n| Metadata | |\n|---|---|\n| Status | Accepted |\n\n${'> '.repeat(5_000)}x\n`;
    const { result, ms } = timed(() => parseRoadmap([{ path: 'src/2026/deep.md', content }], { labelPrefix: 'goal:' }));
    expect(ms).toBeLessThan(2_000);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'too-complex', file: 'src/2026/deep.md', line: 7 })]);
    expect(result.nodes).toEqual([]);
  });

  it('reads ordinary nesting: quoted task lists, lists nested by indentation', () => {
    const content = [
      '# 🎯 Nested',
      '',
      '> - [ ] quoted step',
      '>   - [x] nested step',
      '',
      '- [ ] outer',
      '  - [ ] inner',
      '    - [ ] innermost',
      '',
    ].join('\n');
    const parsed = parseGoalPage({ path: 'roadmap/nested.md', content }, pageOptions);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.page?.node.items.map((item) => item.label)).toEqual(['quoted step', 'nested step', 'outer', 'inner', 'innermost']);
  });

  it('finds the first line past either limit, and nothing in text within them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ indent: fc.nat(8), markers: fc.array(fc.constantFrom('> ', '- ', '* ', '1. ', '2) '), { maxLength: 6 }) }), {
          maxLength: 60,
        }),
        (lines) => {
          const text = lines.map(({ indent, markers }) => `${' '.repeat(indent)}${markers.join('')}text`).join('\n');
          const depths = lines.map(({ indent, markers }) => markers.length + Math.floor(indent / 2));
          let sum = 0;
          const expected = depths.findIndex((depth) => {
            sum += Math.max(0, depth - 1);
            return depth > MAX_MARKDOWN_NESTING || sum > MAX_MARKDOWN_DEEP_LEVELS;
          });
          expect(markdownNestingProblem(text)?.line ?? null).toBe(expected < 0 ? null : expected + 1);
        },
      ),
      runs(500),
    );
  });

  it('refuses any nesting depth or size quickly (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('> ', '- ', '* ', '1. ', '  '),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 200 }),
        (marker, depth, lines) => {
          const content = `# 🎯 Deep\n\n${Array.from({ length: lines }, () => `${marker.repeat(depth)}- [ ] x`).join('\n')}\n`;
          const { result, ms } = timed(() => parseGoalPage({ path: 'roadmap/deep.md', content }, pageOptions));
          expect(ms).toBeLessThan(1_500);
          const complex = result.diagnostics.filter((diagnostic) => diagnostic.code === 'too-complex');
          expect(complex.length === 1 || result.page !== null).toBe(true);
        },
      ),
      runs(40),
    );
  });
});
