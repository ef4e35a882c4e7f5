/**
 * rust-lang/rust-project-goals (MIT), read in place from ../shared/corpus:
 * it is not part of this repository, and the tests skip when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeIndex, type SourceFile } from '../../src/core/model/model.js';
import { selectRoadmapFiles } from '../../src/core/roadmap/paths.js';
import { analyseRoadmap, parseRoadmap } from '../../src/core/roadmap/roadmap.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/rust-project-goals', import.meta.url));
const present = existsSync(corpus);

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

function read(globs: string[]): SourceFile[] {
  const paths = walk(corpus).map((path) => relative(corpus, path).split(sep).join('/'));
  return selectRoadmapFiles(paths, globs).map((path) => ({ path, content: readFileSync(join(corpus, path), 'utf8') }));
}

describe.skipIf(!present)('rust-lang/rust-project-goals', () => {
  const files = present ? read(['src/**/*.md']) : [];
  const roadmap = parseRoadmap(files, { labelPrefix: 'goal:' });
  const nodes = nodeIndex(roadmap);

  it('reads every page without throwing, each on its own and all together', () => {
    for (const file of files) expect(() => parseRoadmap([file], { labelPrefix: 'goal:' })).not.toThrow();
    for (const diagnostic of roadmap.diagnostics) {
      expect(diagnostic.line).toBeGreaterThanOrEqual(1);
      expect(files.map((f) => f.path)).toContain(diagnostic.file);
    }
  });

  it('reads the goals of every period, skips the Not accepted ones, and keeps a continuing goal once', () => {
    const ids = roadmap.nodes.map((node) => node.id);
    for (const id of ['async', 'arm-sve-sme', 'bf16', 'cargo-script', 'const-generics', 'move-trait', 'roadmap-just-add-async']) {
      expect(ids).toContain(id);
    }
    expect(ids).not.toContain('delegation');
    expect(ids).not.toContain('Relaxing-the-Orphan-Rule');
    expect(nodes.get('cargo-script')?.file).toBe('src/2026/cargo-script.md');
    expect(roadmap.diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => [d.severity, d.file])).toEqual([
      ['info', 'src/2024h2/cargo-script.md'],
      ['info', 'src/2025h2/cargo-script.md'],
    ]);
  });

  it('the theme "Just add async" is a top goal requiring the goal that links it', () => {
    expect(nodes.get('roadmap-just-add-async')).toMatchObject({ kind: 'goal', title: 'Just add async', requires: ['move-trait'] });
    expect(nodes.get('move-trait')?.kind).toBe('group');
  });

  it('periods, Timespan, tracking issues, owners and task tables', () => {
    const moveTrait = nodes.get('move-trait');
    expect(moveTrait?.statusQuo?.asOf).toMatchObject({ start: '2026-01-01', end: '2026-01-31' });
    expect(moveTrait?.targets.map((target) => target.by.end)).toEqual(['2027-12-31']);
    expect(moveTrait?.issues).toEqual([
      { repo: 'rust-lang/goals', number: 635 },
      { repo: 'rust-lang/rust', number: 149607 },
    ]);
    expect(moveTrait?.owners[0]).toBe('lcnr');
    expect(nodes.get('arm-sve-sme')?.targets[0].by).toMatchObject({ text: '2025h1', end: '2025-06-30' });
    expect(nodes.get('async')?.title).toBe('Bring the Async Rust experience closer to parity with sync Rust');
    const constGenerics = nodes.get('const-generics');
    expect(constGenerics?.items.length).toBeGreaterThanOrEqual(5);
    expect(constGenerics?.shinyFuture?.text).not.toBe('');
    // 2024h2's async goal marks finished work with ![Complete][].
    expect(nodes.get('async')?.items.some((item) => item.done)).toBe(true);
  });

  it('a period folder glob selects one period', () => {
    const period = parseRoadmap(read(['src/2026/*.md']), { labelPrefix: 'goal:' });
    expect(period.nodes.map((node) => node.id).sort()).toEqual([
      'bf16',
      'cargo-script',
      'const-generics',
      'move-trait',
      'roadmap-just-add-async',
    ]);
    const checked = analyseRoadmap(read(['src/2026/*.md']), { labelPrefix: 'goal:', now: '2026-03-01', staleAfterDays: 180 });
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
