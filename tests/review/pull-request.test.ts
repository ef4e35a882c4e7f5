import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { globFolders } from '../../src/github/pull-request.js';

describe('globFolders', () => {
  it('reads each default glob from its static folder, as deep as ** reaches', () => {
    expect(globFolders(DEFAULT_CONFIG.roadmap.paths)).toEqual([
      { path: 'roadmap', depth: Number.POSITIVE_INFINITY },
      { path: 'skill-trees', depth: Number.POSITIVE_INFINITY },
    ]);
  });

  it('reads a folder inside another with the outer one, deep enough for both', () => {
    expect(globFolders(['docs/*.md', 'docs/roadmap/goals/*.yml', './plans/main.md'])).toEqual([
      { path: 'docs', depth: 3 },
      { path: 'plans/main.md', depth: 0 },
    ]);
  });

  it('gives up (null: list the whole tree) when a glob has no static folder', () => {
    expect(globFolders(['roadmap/**/*.md', '**/ROADMAP.md'])).toBeNull();
    expect(globFolders(['{roadmap,plans}/*.md'])).toBeNull();
    expect(globFolders(['!roadmap/drafts/**'])).toBeNull();
  });
});
