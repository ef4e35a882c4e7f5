import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/core/model/model.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { fileBudget, ParsePool } from '../../src/github/parse-pool.js';
import { RoadmapCache } from '../../src/github/roadmap-cache.js';
import { generateYamlRoadmap } from '../../src/bench/generate.js';

const pool = new ParsePool({ threads: 2, fileBudgetMs: 300 });
afterAll(() => pool.close());

/** A flat list of 20,000 items: within the nesting caps, yet many seconds of mdast time (it grows with the square). */
const SLOW_PAGE = `# 🎯 Slow\n\n${'- x\n'.repeat(20_000)}`;

/** The longest the event loop went without a turn while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs };
  } finally {
    clearInterval(ticker);
  }
}

describe('ParsePool', () => {
  it('parses in a worker thread exactly as parseRoadmap does, with the notices it was given', async () => {
    const files = generateYamlRoadmap({ files: 3, nodesPerFile: 20, style: 'flow' });
    const notice = {
      severity: 'warning' as const,
      code: 'file-too-large' as const,
      file: 'roadmap/zz.md',
      line: 1,
      message: 'skipped because it is big',
    };
    const { roadmap, bytes } = await pool.parse(files, [notice], { labelPrefix: 'goal:' });
    const expected = parseRoadmap(files, { labelPrefix: 'goal:' });
    expect(roadmap.nodes).toEqual(expected.nodes);
    expect(roadmap.diagnostics).toEqual([...expected.diagnostics, notice]);
    expect(bytes).toBeGreaterThan(60 * 500);
  });

  it('skips a file over its budget as too-complex, keeps the others, and never stalls the event loop', async () => {
    const files: SourceFile[] = [
      { path: 'roadmap/a.md', content: '# 🎯 A\n\n- [ ] step\n' },
      { path: 'roadmap/slow.md', content: SLOW_PAGE },
      { path: 'roadmap/z.yml', content: 'goals:\n  - { id: z, title: "🎯 Z" }\n' },
    ];
    const { result, stallMs } = await longestStall(() => pool.parse(files, [], { labelPrefix: 'goal:' }));
    expect(result.roadmap.nodes.map((node) => node.id)).toEqual(['a', 'z']);
    expect(result.roadmap.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'too-complex',
        file: 'roadmap/slow.md',
        line: 1,
        message: expect.stringContaining(`longer than ${(fileBudget(300, files[1]) / 1000).toFixed(1)} s`),
      }),
    ]);
    expect(stallMs).toBeLessThan(250);
    // The pool goes on working with a fresh thread.
    expect((await pool.parse([files[0]], [], { labelPrefix: 'goal:' })).roadmap.nodes).toHaveLength(1);
  }, 30_000);

  it('gives a file its base budget plus 10 ms per kilobyte, so big honest files survive a busy machine', () => {
    expect(fileBudget(1000, { path: 'a.md', content: '' })).toBe(1000);
    expect(fileBudget(1000, { path: 'a.yml', content: 'x'.repeat(1024 * 1024) })).toBe(11_240);
  });

  it('answers the same as in-process parsing for pages of any nesting depth and size (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('> ', '- ', '* ', '1. ', '  '),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 40 }),
        async (marker, depth, lines) => {
          const files = [
            {
              path: 'roadmap/deep.md',
              content: `# 🎯 Deep\n\n${Array.from({ length: lines }, () => `${marker.repeat(depth)}- [ ] x`).join('\n')}\n`,
            },
            { path: 'roadmap/fine.md', content: '# 🎯 Fine\n' },
          ];
          const { roadmap } = await pool.parse(files, [], { labelPrefix: 'goal:' });
          expect(roadmap.nodes.some((node) => node.id === 'fine')).toBe(true);
          const complex = roadmap.diagnostics.filter((diagnostic) => diagnostic.code === 'too-complex');
          if (complex.length === 0) expect(roadmap).toEqual(parseRoadmap(files, { labelPrefix: 'goal:' }));
          else expect(complex).toEqual([expect.objectContaining({ file: 'roadmap/deep.md' })]);
        },
      ),
      runs(40),
    );
  }, 60_000);

  it("bounds the cache by the roadmaps' approximate size", async () => {
    const small = await pool.parse(generateYamlRoadmap({ files: 1, nodesPerFile: 10 }), [], { labelPrefix: 'goal:' });
    const cache = new RoadmapCache({ maxEntries: 64, maxBytes: small.bytes * 3 + 1, parse: pool.parse });
    const request = (sha: string) => ({ owner: 'o', repo: 'r', sha, globs: ['roadmap/**'], labelPrefix: 'goal:' });
    for (const sha of ['a', 'b', 'c', 'd', 'e']) cache.remember(request(sha), small);
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.has(request('a'))).toBe(false);
    expect(cache.has(request('e'))).toBe(true);
  });
});
