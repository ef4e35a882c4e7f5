import { describe, expect, it } from 'vitest';
import { selectRoadmapFiles } from '../../src/core/roadmap/paths.js';

const DEFAULT_GLOBS = ['roadmap/**/*.md', 'roadmap/**/*.yml', 'roadmap/**/*.yaml', 'skill-trees/**/*.toml'];

describe('selectRoadmapFiles', () => {
  it('keeps the paths matching any glob, sorted and without repeats, dot files included', () => {
    const paths = [
      'skill-trees/b.toml',
      'roadmap/z.md',
      'README.md',
      'roadmap/.hidden/a.yml',
      './roadmap/a.yaml',
      'roadmap/a.yaml',
      'skill-trees/include/a.toml',
      'roadmap/notes.txt',
    ];
    expect(selectRoadmapFiles(paths, DEFAULT_GLOBS)).toEqual([
      'roadmap/.hidden/a.yml',
      'roadmap/a.yaml',
      'roadmap/z.md',
      'skill-trees/b.toml',
      'skill-trees/include/a.toml',
    ]);
  });

  it('sorts by code unit, the same everywhere, and selects nothing without globs', () => {
    expect(selectRoadmapFiles(['src/b.md', 'src/B.md', 'src/a.md'], ['src/*.md'])).toEqual(['src/B.md', 'src/a.md', 'src/b.md']);
    expect(selectRoadmapFiles(['roadmap/a.md'], [])).toEqual([]);
  });
});
