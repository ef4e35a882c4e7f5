/**
 * The command line on hostile and odd input (SPEC §4 "Bounded work", §13):
 * it answers within seconds, exits 0 or 1, and names what it skipped.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { globBases } from '../../src/local/working-tree.js';
import { captureIo, git, NOW, REPO_ROOT, tempDir } from './helpers.js';

const SECRET = 'ghs_TopSecretTokenValue42';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function scratch(): string {
  const { dir, remove } = tempDir('hostile');
  cleanups.push(remove);
  return dir;
}

function write(dir: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

interface Diagnostics {
  diagnostics: { code: string; file: string; line: number; message: string }[];
  nodes: { id: string }[];
}

async function check(dir: string, ...extra: string[]): Promise<{ code: number; json: Diagnostics; err: string; ms: number }> {
  const io = captureIo(dir);
  const start = performance.now();
  const code = await runCli(['check', dir, '--json', '--now', NOW, ...extra], io);
  return { code, json: JSON.parse(io.out()) as Diagnostics, err: io.err(), ms: performance.now() - start };
}

/** Runs the real binary in a child process (a shell for `ulimit`, another user for permissions). */
function runBinary(
  args: string[],
  options: { ulimit?: number; uid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), ...args].map((part) => `'${part}'`).join(' ');
  const command = options.ulimit === undefined ? node : `ulimit -n ${options.ulimit} && exec ${node}`;
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd: REPO_ROOT,
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('reading the working tree', () => {
  it('walks only the folders a glob can match', () => {
    expect(globBases(['roadmap/**/*.md', 'roadmap/deep/*.yml', 'skill-trees/**/*.toml'])).toEqual(['roadmap', 'skill-trees']);
    expect(globBases(['**/*.toml', 'roadmap/*.md'])).toEqual(['']);
    expect(globBases(['./docs/goals/*.md'])).toEqual(['docs/goals']);
  });

  it('reads 2,100 files under `ulimit -n 256`: the first 2,000 and one too-many-files warning', async () => {
    const dir = scratch();
    for (let index = 0; index < 2_100; index++) write(dir, `roadmap/goal-${String(index).padStart(4, '0')}.md`, `# 🎯 Goal ${index}\n`);
    const result = await runBinary(['check', dir, '--json', '--now', NOW], { ulimit: 256 });
    expect(result.stderr).not.toContain('EMFILE');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Diagnostics;
    expect(json.nodes).toHaveLength(2_000);
    expect(json.diagnostics).toEqual([expect.objectContaining({ code: 'too-many-files', file: 'roadmap/goal-2000.md' })]);
  }, 60_000);

  it('skips a 600 MB file by its size without reading it', async () => {
    const dir = scratch();
    write(dir, 'roadmap/a.md', '# 🎯 A\n');
    write(dir, 'roadmap/huge.md', '');
    truncateSync(path.join(dir, 'roadmap/huge.md'), 600 * 1024 * 1024);
    const { code, json, ms } = await check(dir);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5_000);
    expect(json.nodes.map((node) => node.id)).toEqual(['a']);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-too-large', file: 'roadmap/huge.md', message: expect.stringContaining('629145600 bytes') }),
    ]);
  });

  it('names unreadable folders under the globs, never aborts, and never walks folders outside them', async () => {
    const dir = scratch();
    write(dir, 'roadmap/a.md', '# 🎯 A\n');
    write(dir, 'roadmap/locked/b.md', '# 🎯 B\n');
    write(dir, 'elsewhere/locked/c.md', 'x');
    chmodSync(path.join(dir, 'roadmap/locked'), 0o000);
    chmodSync(path.join(dir, 'elsewhere/locked'), 0o000);
    cleanups.unshift(() => {
      chmodSync(path.join(dir, 'roadmap/locked'), 0o755);
      chmodSync(path.join(dir, 'elsewhere/locked'), 0o755);
    });
    chmodSync(dir, 0o755);
    // Root reads anything: the permissions mean something only to another user.
    const result = await runBinary(['check', dir, '--json', '--now', NOW], { uid: 65534 });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Diagnostics;
    expect(json.nodes.map((node) => node.id)).toEqual(['a']);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ code: 'unreadable-file', file: 'roadmap/locked', message: expect.stringContaining('EACCES') }),
    ]);
  }, 30_000);
});

describe('pages that take long to parse', () => {
  it.each([
    ['a 100 KB nested block quote', `# 🎯 Quoted\n\n${'> '.repeat(50_000)}x\n`, 3],
    ['a 10 KB nested list', `# 🎯 Listed\n\n${'- '.repeat(5_000)}x\n`, 3],
    // No nesting: about 100 s of mdast time, stopped by the worker thread's one-second budget.
    ['100 KB of emphasis delimiters', `# 🎯 Emphasised\n\n${'*_'.repeat(50_000)}\n`, 1],
  ])(
    'check skips %s with too-complex within seconds and reads the rest',
    async (_, content, line) => {
      const dir = scratch();
      write(dir, 'roadmap/a.md', '# 🎯 A\n');
      write(dir, 'roadmap/hostile.md', content);
      const { code, json, ms } = await check(dir);
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
      expect(json.nodes.map((node) => node.id)).toEqual(['a']);
      expect(json.diagnostics).toEqual([expect.objectContaining({ code: 'too-complex', file: 'roadmap/hostile.md', line })]);
    },
    30_000,
  );
});

describe('symlinks out of DIR (issue 12)', () => {
  function withSecret(): { dir: string; secretFile: string } {
    const outside = scratch();
    const secretFile = path.join(outside, 'secret');
    writeFileSync(secretFile, `# 🎯 ${SECRET}\n\n- [ ] ${SECRET}\n`);
    const dir = scratch();
    write(dir, 'roadmap/a.md', '# 🎯 A\n');
    return { dir, secretFile };
  }

  it('check, report and diff skip a roadmap file linked out of DIR with unreadable-file, never printing its text', async () => {
    const { dir, secretFile } = withSecret();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    symlinkSync(secretFile, path.join(dir, 'roadmap/notes.md'));
    write(dir, 'roadmap/inside.md', '# 🎯 Inside\n');
    symlinkSync(path.join(dir, 'roadmap/inside.md'), path.join(dir, 'roadmap/alias.md'));

    const checked = await check(dir);
    expect(JSON.stringify(checked)).not.toContain(SECRET);
    expect(checked.code).toBe(0);
    expect(checked.json.diagnostics).toEqual([
      expect.objectContaining({
        code: 'unreadable-file',
        file: 'roadmap/notes.md',
        message: expect.stringContaining('symlink leading out of the directory'),
      }),
    ]);
    // A link to a file inside DIR is read like the file.
    expect(checked.json.nodes.map((node) => node.id).sort()).toEqual(['a', 'alias', 'inside']);

    for (const command of [
      ['report', dir, '--now', NOW],
      ['diff', dir, '--base', 'main', '--now', NOW],
    ]) {
      const io = captureIo(dir);
      const code = await runCli(command, io);
      expect([0, 1]).toContain(code);
      expect(io.out() + io.err()).not.toContain(SECRET);
      expect(io.err()).toContain('roadmap/notes.md:1: warning unreadable-file');
    }
  });

  it('never reads a config linked out of DIR (like /proc/self/environ)', async () => {
    const { dir, secretFile } = withSecret();
    writeFileSync(secretFile, `GITHUB_TOKEN=${SECRET}\0HOME=/root\0`);
    mkdirSync(path.join(dir, '.github'));
    symlinkSync(secretFile, path.join(dir, '.github/roadmap-bot.yml'));
    const { code, err, json } = await check(dir);
    expect(code).toBe(0);
    expect(err).not.toContain(SECRET);
    expect(err).toContain('.github/roadmap-bot.yml:1: warning unreadable-file');
    expect(json.nodes.map((node) => node.id)).toEqual(['a']);
  });

  it('quotes a config it cannot use with at most a short, escaped excerpt of its first line', async () => {
    const { dir } = withSecret();
    write(dir, '.github/roadmap-bot.yml', `GITHUB_TOKEN=${SECRET}\0HOME=/root\0\n# more ${SECRET}\n`);
    const { err } = await check(dir);
    expect(err).toContain('invalid-config');
    expect(err).not.toContain(SECRET);
    expect(err).not.toContain('\0');
    expect(err).toContain('(got "GITHUB_TOKEN=ghs_TopSecr…")');
  });
});

describe('exit codes (SPEC §9)', () => {
  it('2 for usage: an empty --path, a missing DIR, an unknown flag', async () => {
    const dir = scratch();
    for (const argv of [
      ['check', dir, '--path', ''],
      ['check', path.join(dir, 'missing')],
      ['check', dir, '--frobnicate'],
      ['report', dir, '--path', ' '],
    ]) {
      const io = captureIo(dir);
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err()).not.toContain('internal error');
    }
  });

  it('3 for an internal error: one line, the stack only with --debug', async () => {
    const dir = scratch();
    write(dir, 'roadmap/a.md', '# 🎯 A\n');
    // An output that throws stands for any bug: it is not a CliError.
    const broken = captureIo(dir);
    const failing = {
      ...broken,
      stdout: () => {
        throw new Error('the terminal went away\nsecond line');
      },
    };
    expect(await runCli(['check', dir, '--now', NOW], failing)).toBe(3);
    expect(broken.err()).toMatch(
      /^roadmap-bot check: internal error: the terminal went away\n\(run with --debug or DEBUG=1 for the stack trace\)\n$/,
    );
    const debugged = captureIo(dir);
    expect(await runCli(['check', dir, '--now', NOW, '--debug'], { ...debugged, stdout: failing.stdout })).toBe(3);
    expect(debugged.err()).toContain('    at ');
  });

  it('0 and 1 from the binary, which starts without loading every command', async () => {
    const dir = scratch();
    write(dir, 'roadmap/a.md', '# 🎯 A\n');
    expect((await runBinary(['check', dir, '--now', NOW])).code).toBe(0);
    write(dir, 'roadmap/b.yml', 'goals:\n  - { id: b, requires: [nothing] }\n');
    const failed = await runBinary(['check', dir, '--now', NOW]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('unknown-requires');
  }, 30_000);
});
