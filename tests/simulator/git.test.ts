import { describe, expect, it } from 'vitest';
import { GitStore, lineStats } from '../../src/simulator/git.js';

const meta = { message: 'change', date: '2026-01-01T00:00:00Z', author: 'acme' };

describe('simulator git store', () => {
  it('hashes blobs and trees exactly as git does', () => {
    const git = new GitStore('main');
    const empty = git.commit('main', {}, meta);
    expect(empty.treeSha).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    const commit = git.commit('main', { 'docs/a.md': '# A\n', 'README.md': 'hi\n' }, meta);
    // `git write-tree` for the same two files.
    expect(commit.treeSha).toBe('f859a5d255f819f2ad1bd3bcb1535fb4a9f8bc51');
    const found = git.lookup(commit, 'docs/a.md');
    expect(found?.type === 'blob' && found.blob.sha).toBe('7f3b95d297183eca8f6cf38ceaa253bee8c2d7cd');
  });

  it('keeps commits content-addressed, branches from the default branch, and resolves refs', () => {
    const git = new GitStore('main');
    const root = git.commit('main', { 'a.md': 'a\n' }, meta);
    const feature = git.commit('feature', { 'b.md': 'b\n' }, meta);
    expect(feature.parent).toBe(root.sha);
    expect(feature.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(new GitStore('main').commit('main', { 'a.md': 'a\n' }, meta).sha).toBe(root.sha);
    expect(git.resolve('feature')?.sha).toBe(feature.sha);
    expect(git.resolve('refs/heads/main')?.sha).toBe(root.sha);
    expect(git.resolve(feature.sha.slice(0, 7))?.sha).toBe(feature.sha);
    expect(git.resolve('HEAD')?.sha).toBe(root.sha);
    expect(git.resolve('nope')).toBeUndefined();
    expect(git.lookup(feature, 'a.md')).toBeDefined();
    expect(git.lookup(root, 'b.md')).toBeUndefined();
  });

  it('diffs from the merge base, deleting with null and detecting exact renames', () => {
    const git = new GitStore('main');
    git.commit('main', { 'keep.md': 'k\n', 'old.md': 'same\n', 'gone.md': 'g\n' }, meta);
    const head = git.commit('topic', { 'old.md': null, 'new.md': 'same\n', 'gone.md': null, 'keep.md': 'k2\n' }, meta);
    const advanced = git.commit('main', { 'main-only.md': 'm\n' }, meta);
    const base = git.mergeBase(advanced.sha, head.sha)!;
    expect(git.diff(base, head)).toEqual([
      { path: 'gone.md', status: 'removed', oldSha: expect.any(String), newSha: null },
      { path: 'keep.md', status: 'modified', oldSha: expect.any(String), newSha: expect.any(String) },
      { path: 'new.md', status: 'renamed', previousPath: 'old.md', oldSha: expect.any(String), newSha: expect.any(String) },
    ]);
    expect(git.commitsBetween(advanced.sha, head.sha).map((commit) => commit.sha)).toEqual([head.sha]);
  });

  it('rejects paths that are not repo-relative', () => {
    const git = new GitStore('main');
    expect(() => git.commit('main', { '../escape.md': 'x' }, meta)).toThrow(/invalid file path "..\/escape.md"/);
    expect(() => git.commit('main', { 'a//b.md': 'x' }, meta)).toThrow(/invalid file path/);
  });

  it('counts changed lines and writes a one-hunk patch with context', () => {
    expect(lineStats('a\nb\nc\nd\ne\n', 'a\nb\nX\nd\ne\n')).toEqual({
      additions: 1,
      deletions: 1,
      patch: '@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n e',
    });
    expect(lineStats(null, 'one\ntwo\n')).toEqual({ additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\n+one\n+two' });
    expect(lineStats('gone\n', null)).toEqual({ additions: 0, deletions: 1, patch: '@@ -1,1 +0,0 @@\n-gone' });
    expect(lineStats('same\n', 'same\n')).toEqual({ additions: 0, deletions: 0, patch: '' });
  });
});
