import { describe, expect, it } from 'vitest';
import { nodeIndex } from '../../src/core/model/model.js';
import { parseRoadmap } from '../../src/core/roadmap/roadmap.js';
import { loadFixture } from './fixture-files.js';

describe('every duplicate is reported, in one run (SPEC §2.1)', () => {
  const roadmap = parseRoadmap(loadFixture('issue-10/duplicates'), { labelPrefix: 'goal:' });
  const nodes = nodeIndex(roadmap);
  const duplicates = roadmap.diagnostics.filter((d) => d.code === 'duplicate-id');

  it('reports each later definition and each second page, naming both places', () => {
    expect(duplicates.map((d) => [d.file, d.line, d.node, d.severity])).toEqual([
      ['roadmap/b/search.md', 1, 'search', 'error'],
      ['roadmap/c/search.md', 2, 'search', 'error'],
      ['roadmap/editor-wiki.md', 2, 'editor', 'error'],
      ['skill-trees/editor.toml', 2, 'editor', 'error'],
    ]);
    expect(duplicates[1].message).toContain('roadmap/a/search.md:1');
    expect(duplicates[2].message).toContain('roadmap/editor-wiki.md:2');
    expect(duplicates[2].message).toContain('first roadmap/editor-notes.md:2');
    expect(duplicates[3].message).toContain('skill-trees/core.toml:');
  });

  it('keeps the first definition in path order', () => {
    expect(nodes.get('search')).toMatchObject({ file: 'roadmap/a/search.md', title: 'Search' });
    expect(nodes.get('search')?.statusQuo?.asOf?.text).toBe('2025');
  });

  it('merges the page of a discarded duplicate into the survivor, the first page winning', () => {
    const editor = nodes.get('editor');
    expect(editor).toMatchObject({ file: 'skill-trees/core.toml', title: 'The editor' });
    expect(editor?.statusQuo).toMatchObject({ file: 'roadmap/editor-notes.md', text: 'Plain text only.' });
    expect(editor?.targets.map((t) => [t.file, t.by.text])).toEqual([['roadmap/editor.md', 'Q4 2026']]);
  });
});
