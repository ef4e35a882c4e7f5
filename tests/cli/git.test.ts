import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import {
  assertGitRepo,
  changedFiles,
  defaultBranch,
  isGitRepo,
  listFilesAt,
  mergeBase,
  readFilesAt,
  resolveCommit,
  webUrlOfRemote,
} from '../../src/cli/git.js';
import { readWorkingTree } from '../../src/local/working-tree.js';
import { git, tempDir } from './helpers.js';

function write(root: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

describe('local git reading', () => {
  const scratch = tempDir('git');
  const repo = path.join(scratch.dir, 'repo');
  const docs = path.join(repo, 'docs');
  let first: string;
  let second: string;

  beforeAll(() => {
    mkdirSync(repo);
    git(repo, 'init', '--quiet', '--initial-branch=main');
    write(repo, 'README.md', '# top\n');
    write(docs, 'roadmap/a.md', '# A\n\nfirst\n');
    write(docs, 'roadmap/b c.md', '# B with a space\n');
    write(docs, 'roadmap/ünïcode.md', '# Ü\n');
    write(docs, 'skill-trees/tree.toml', '[[group]]\nname = "g"\n');
    write(docs, 'notes.txt', 'not roadmap\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'first');
    first = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    write(docs, 'roadmap/a.md', '# A\n\nsecond\n');
    write(docs, 'roadmap/new.md', '# New\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '--quiet', '-m', 'second');
    second = git(repo, 'rev-parse', 'HEAD').trim();
  });
  afterAll(() => scratch.remove());

  it('knows a checkout from a plain directory', async () => {
    expect(await isGitRepo(docs)).toBe(true);
    expect(await isGitRepo(scratch.dir)).toBe(false);
    await expect(assertGitRepo(scratch.dir)).rejects.toThrow(
      `not a git repository: ${scratch.dir} (run roadmap-bot diff inside a git checkout, or pass DIR)`,
    );
  });

  it('lists the files of a commit relative to a subdirectory', async () => {
    expect(await listFilesAt(docs, first)).toEqual([
      'notes.txt',
      'roadmap/a.md',
      'roadmap/b c.md',
      'roadmap/ünïcode.md',
      'skill-trees/tree.toml',
    ]);
  });

  it('reads many blobs at a commit in the order asked, unicode and spaces included', async () => {
    const files = await readFilesAt(docs, 'main', ['skill-trees/tree.toml', 'roadmap/a.md', 'roadmap/ünïcode.md', 'roadmap/b c.md']);
    expect(files).toEqual([
      { path: 'skill-trees/tree.toml', content: '[[group]]\nname = "g"\n' },
      { path: 'roadmap/a.md', content: '# A\n\nfirst\n' },
      { path: 'roadmap/ünïcode.md', content: '# Ü\n' },
      { path: 'roadmap/b c.md', content: '# B with a space\n' },
    ]);
    const [later] = await readFilesAt(docs, second, ['roadmap/a.md']);
    expect(later.content).toBe('# A\n\nsecond\n');
  });

  it('names a file missing at the commit and an unknown ref', async () => {
    await expect(readFilesAt(docs, first, ['roadmap/new.md'])).rejects.toThrow(
      'cannot read roadmap/new.md at ' + first + ': no such file in that commit',
    );
    await expect(resolveCommit(docs, 'no-such-branch')).rejects.toBeInstanceOf(CliError);
    await expect(resolveCommit(docs, 'no-such-branch')).rejects.toThrow('unknown revision: no-such-branch');
  });

  it('walks the working tree through the globs, skipping .git and node_modules', async () => {
    write(docs, 'node_modules/pkg/roadmap/x.md', '# ignored\n');
    const { files, notices } = await readWorkingTree(docs, ['roadmap/**/*.md', '**/*.toml']);
    expect(notices).toEqual([]);
    expect(files.map((file) => file.path)).toEqual([
      'roadmap/a.md',
      'roadmap/b c.md',
      'roadmap/new.md',
      'roadmap/ünïcode.md',
      'skill-trees/tree.toml',
    ]);
    rmSync(path.join(docs, 'node_modules'), { recursive: true });
  });

  it('finds the default branch, the merge base and the changed files', async () => {
    expect(await defaultBranch(repo)).toBe('main');
    expect(await mergeBase(repo, 'HEAD', 'main')).toBe(first);
    expect(await changedFiles(docs, first, second)).toEqual(['roadmap/a.md', 'roadmap/new.md']);
    write(docs, 'roadmap/b c.md', '# B edited\n');
    write(docs, 'roadmap/untracked.md', '# U\n');
    expect(await changedFiles(docs, second, null)).toEqual(['roadmap/b c.md', 'roadmap/untracked.md']);
  });
});

describe('webUrlOfRemote', () => {
  it.each([
    ['https://github.com/quill-docs/quill.git', 'https://github.com/quill-docs/quill'],
    ['https://x-access-token:secret@github.com/quill-docs/quill', 'https://github.com/quill-docs/quill'],
    ['git@github.com:quill-docs/quill.git', 'https://github.com/quill-docs/quill'],
    ['ssh://git@ghe.example.com:2222/team/quill.git', 'https://ghe.example.com/team/quill'],
    ['https://ghe.example.com:8443/team/quill', 'https://ghe.example.com:8443/team/quill'],
  ])('%s → %s', (remote, web) => {
    expect(webUrlOfRemote(remote)).toBe(web);
  });

  it.each(['/srv/git/quill.git', 'file:///srv/git/quill.git', 'C:\\repos\\quill'])('has no web address for %s', (remote) => {
    expect(webUrlOfRemote(remote)).toBeNull();
  });
});
