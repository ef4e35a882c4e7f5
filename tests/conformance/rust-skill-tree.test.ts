/**
 * The real roadmaps of ../shared/corpus, read in place (they are not part of
 * this repository; the tests skip when the corpus is absent).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeIndex, type Roadmap, type SourceFile } from '../../src/core/model/model.js';
import { selectRoadmapFiles } from '../../src/core/roadmap/paths.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const skillTreeDir = join(repoRoot, '../shared/corpus/rust-skill-tree');

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

function readSelected(root: string, globs: string[]): SourceFile[] {
  const paths = walk(root).map((path) => relative(root, path).split(sep).join('/'));
  return selectRoadmapFiles(paths, globs).map((path) => ({ path, content: readFileSync(join(root, path), 'utf8') }));
}

describe.skipIf(!existsSync(skillTreeDir))('nikomatsakis/rust-skill-tree', () => {
  const files = existsSync(skillTreeDir) ? readSelected(skillTreeDir, ['skill-trees/**/*.toml', 'src/*.md']) : [];
  const roadmap: Roadmap = parseRoadmap(files, { labelPrefix: 'goal:' });
  const nodes = nodeIndex(roadmap);
  const codes = (code: string) => roadmap.diagnostics.filter((d) => d.code === code);

  it('selects the 20 TOML files and the 11 pages', () => {
    expect(files.filter((f) => f.path.endsWith('.toml'))).toHaveLength(20);
    expect(files.filter((f) => f.path.endsWith('.md'))).toHaveLength(11);
    expect(roadmap.files).toHaveLength(31);
  });

  it('finds all 24 groups, plus the goal pages without a tree (iot, kernel)', () => {
    const groups = [
      'goal-high-assurance',
      'async-lang',
      'async-stack',
      'fundamentals',
      'semi-stable-apis',
      'debugging',
      'development',
      'easy-lang',
      'expressive-lang',
      'extensible',
      'formal-lang',
      'formal-methods-tooling',
      'ide',
      'onboarding',
      'production',
      'safe-rust',
      'unsafe-rust',
      'well-integrated-into-internet-services',
      'goal-security',
      'security-response',
      'crates.io-secure',
      'crates-secure',
      'core-secure',
      'goal-internet-services',
    ];
    expect(groups).toHaveLength(24);
    expect(roadmap.nodes.map((n) => n.id).sort()).toEqual([...groups, 'iot', 'kernel'].sort());
    expect(nodes.get('iot')).toMatchObject({ kind: 'goal', title: '🎯 Rust is the backbone of IOT', file: 'src/iot.md', line: 1 });
    expect(nodes.get('kernel')).toMatchObject({ kind: 'goal', file: 'src/kernel.md' });
    expect(
      roadmap.nodes
        .filter((n) => n.kind === 'goal')
        .map((n) => n.id)
        .sort(),
    ).toEqual(['goal-high-assurance', 'goal-internet-services', 'goal-security', 'iot', 'kernel'].sort());
  });

  it('reports goal-internet-services defined twice, naming both files and lines', () => {
    const duplicates = codes('duplicate-id');
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({
      severity: 'error',
      file: 'skill-trees/service-client.toml',
      line: 12,
      node: 'goal-internet-services',
    });
    expect(duplicates[0].message).toContain('skill-trees/service-client.toml:12');
    expect(duplicates[0].message).toContain('skill-trees/service-author.toml:13');
    // The first definition (in path order) survives.
    expect(nodes.get('goal-internet-services')).toMatchObject({
      file: 'skill-trees/service-author.toml',
      line: 13,
      requires: ['development', 'production', 'debugging'],
    });
  });

  it('reports the unknown onboarding-time requirement, suggesting onboarding', () => {
    const unknown = codes('unknown-requires');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({
      file: 'skill-trees/include/well-integrated.toml',
      line: 10,
      node: 'well-integrated-into-internet-services',
    });
    expect(unknown[0].message).toContain('"onboarding-time"');
    expect(unknown[0].message).toContain('Did you mean "onboarding"');
  });

  it('reports the unknown [doc] debugging key', () => {
    expect(codes('unknown-key')).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'skill-trees/include/production.toml', line: 2 }),
    ]);
    expect(codes('unknown-key')[0].message).toContain('`debugging`');
  });

  it('merges service-author.md into the internet-services goal with its dated status quo', () => {
    const services = nodes.get('goal-internet-services');
    expect(services?.title).toBe('🎯 Rust widely used to build internet services');
    expect(services?.statusQuo?.asOf).toEqual({ text: 'January 2022', start: '2022-01-01', end: '2022-01-31', precision: 'month' });
    expect(services?.statusQuo?.file).toBe('src/service-author.md');
    expect(services?.targets.map((t) => [t.by.start, t.by.end, t.placeholder])).toEqual([['2022-06-01', '2022-08-31', true]]);
  });

  it('finds the placeholder sections of service-author.md and correct.md', () => {
    const placeholders = codes('placeholder').map((d) => `${d.file}:${d.line}`);
    expect(placeholders).toEqual([
      'src/correct.md:3',
      'src/correct.md:7',
      'src/correct.md:11',
      'src/correct.md:15',
      'src/service-author.md:13',
      'src/service-author.md:17',
    ]);
  });

  it('uses the statuses of meta.toml, and rolls up item progress', () => {
    expect(roadmap.statuses.display['?']).toBe('(not sure!)');
    expect(nodes.get('onboarding')?.items).toHaveLength(5);
    const goal = nodes.get('goal-internet-services');
    expect(goal?.ownProgress).toBe(0);
    expect(goal?.progress).toBeGreaterThan(0);
    expect(goal?.progress).toBeLessThan(1);
  });

  it('has no diagnostics beyond the known defects and placeholders', () => {
    expect([...new Set(roadmap.diagnostics.map((d) => d.code))].sort()).toEqual([
      'duplicate-id',
      'placeholder',
      'unknown-key',
      'unknown-requires',
    ]);
  });
});
