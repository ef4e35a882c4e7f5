/**
 * Reads roadmap files from a local git repository (at a commit, or from the
 * working tree) for the command line. Git runs through execFile/spawn with
 * argument arrays, never a shell, so refs and paths are never interpreted.
 * Every path in and out is relative to `dir` (which may be a subdirectory of
 * the repository), in POSIX form.
 */
import { execFile, spawn } from 'node:child_process';
import type { SourceFile } from '../core/model/model.js';
import { CliError } from './errors.js';

const MAX_GIT_OUTPUT = 256 * 1024 * 1024;

interface GitFailure {
  code: number | string | null;
  stderr: string;
}

function gitNotFound(): CliError {
  return new CliError('git was not found on PATH: install git to read roadmaps from a repository');
}

function runGitRaw(dir: string, args: string[]): Promise<{ ok: true; stdout: string } | ({ ok: false } & GitFailure)> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', dir, ...args], { maxBuffer: MAX_GIT_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve({ ok: true, stdout });
        return;
      }
      const code = (error as NodeJS.ErrnoException).code ?? null;
      if (code === 'ENOENT') {
        reject(gitNotFound());
        return;
      }
      resolve({ ok: false, code: typeof code === 'number' || typeof code === 'string' ? code : null, stderr });
    });
  });
}

async function runGit(dir: string, args: string[]): Promise<string> {
  const result = await runGitRaw(dir, args);
  if (result.ok) return result.stdout;
  const reason = result.stderr.trim().split('\n')[0] || `exit code ${String(result.code)}`;
  throw new CliError(`git ${args.join(' ')} failed in ${dir}: ${reason}`);
}

function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry.length > 0);
}

export async function isGitRepo(dir: string): Promise<boolean> {
  const result = await runGitRaw(dir, ['rev-parse', '--is-inside-work-tree']);
  return result.ok && result.stdout.trim() === 'true';
}

/** Fails with a message saying how to fix it when `dir` is not inside a git checkout. */
export async function assertGitRepo(dir: string): Promise<void> {
  if (!(await isGitRepo(dir))) {
    throw new CliError(`not a git repository: ${dir} (run roadmap-bot diff inside a git checkout, or pass DIR)`);
  }
}

/** The full commit id `ref` names, or a CliError naming the ref. */
export async function resolveCommit(dir: string, ref: string): Promise<string> {
  const result = await runGitRaw(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (result.ok && result.stdout.trim()) return result.stdout.trim();
  throw new CliError(`unknown revision: ${ref} (expected a branch, tag or commit of the repository in ${dir})`);
}

/** Every file of the tree at `ref` under `dir`, relative to `dir`. */
export async function listFilesAt(dir: string, ref: string): Promise<string[]> {
  const commit = await resolveCommit(dir, ref);
  return splitNul(await runGit(dir, ['ls-tree', '-r', '--name-only', '-z', commit]));
}

/**
 * The contents of `paths` (relative to `dir`) at `ref`, in the order given,
 * read by a single `git cat-file --batch` process.
 */
export async function readFilesAt(dir: string, ref: string, paths: string[]): Promise<SourceFile[]> {
  if (paths.length === 0) return [];
  const commit = await resolveCommit(dir, ref);
  // Batch requests are newline-terminated, so a path containing a newline is read on its own.
  const batchable = paths.filter((file) => !file.includes('\n'));
  const contents = new Map<string, string>();
  const batch = await catFileBatch(
    dir,
    batchable.map((file) => `${commit}:./${file}`),
  );
  batchable.forEach((file, index) => {
    const blob = batch[index];
    if (blob === null) throw new CliError(`cannot read ${file} at ${ref}: no such file in that commit`);
    contents.set(file, blob);
  });
  for (const file of paths.filter((candidate) => candidate.includes('\n'))) {
    contents.set(file, await runGit(dir, ['cat-file', 'blob', `${commit}:./${file}`]));
  }
  return paths.map((file) => ({ path: file, content: contents.get(file) ?? '' }));
}

/** Answers each request with the blob's UTF-8 text, or null when git says it is missing or not a blob. */
function catFileBatch(dir: string, requests: string[]): Promise<(string | null)[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'cat-file', '--batch'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? gitNotFound() : new CliError(`git cat-file failed in ${dir}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new CliError(`git cat-file --batch failed in ${dir}: ${stderr.trim() || `exit code ${String(code)}`}`));
        return;
      }
      try {
        resolve(parseBatchOutput(Buffer.concat(chunks), requests.length));
      } catch (error) {
        reject(error);
      }
    });
    // A failed child closes stdin early; the 'close' handler reports why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(requests.map((request) => `${request}\n`).join(''));
  });
}

function parseBatchOutput(output: Buffer, expected: number): (string | null)[] {
  const results: (string | null)[] = [];
  let offset = 0;
  while (results.length < expected) {
    const headerEnd = output.indexOf(0x0a, offset);
    if (headerEnd < 0) throw new CliError('git cat-file --batch ended early: the repository may be damaged');
    const header = output.subarray(offset, headerEnd).toString('utf8');
    offset = headerEnd + 1;
    const match = /^[0-9a-f]+ (\S+) (\d+)$/.exec(header);
    if (!match) {
      // "<request> missing" / "<request> ambiguous": no content follows.
      results.push(null);
      continue;
    }
    const size = Number(match[2]);
    const content = output.subarray(offset, offset + size);
    offset += size + 1;
    results.push(match[1] === 'blob' ? content.toString('utf8') : null);
  }
  return results;
}

/** `origin/HEAD`'s branch when set, else the first of main / master / origin/main / origin/master that exists. */
export async function defaultBranch(dir: string): Promise<string | null> {
  const remoteHead = await runGitRaw(dir, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remoteHead.ok && remoteHead.stdout.trim()) return remoteHead.stdout.trim();
  for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
    const exists = await runGitRaw(dir, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (exists.ok) return candidate;
  }
  return null;
}

export async function mergeBase(dir: string, a: string, b: string): Promise<string> {
  const result = await runGitRaw(dir, ['merge-base', '--end-of-options', a, b]);
  if (result.ok && result.stdout.trim()) return result.stdout.trim();
  if (!result.ok && result.code === 1) {
    throw new CliError(`${a} and ${b} have no common ancestor in ${dir}: pass --base REF`);
  }
  const reason = result.ok ? 'no output' : result.stderr.trim().split('\n')[0];
  throw new CliError(`cannot find the merge base of ${a} and ${b} in ${dir}: ${reason}`);
}

/**
 * Files under `dir` that differ between `base` and `head`; with `head` null,
 * between `base` and the working tree (untracked, non-ignored files included).
 */
export async function changedFiles(dir: string, base: string, head: string | null): Promise<string[]> {
  const baseCommit = await resolveCommit(dir, base);
  const changed = new Set<string>();
  if (head === null) {
    for (const file of splitNul(await runGit(dir, ['diff', '--name-only', '-z', '--relative', baseCommit]))) {
      changed.add(file);
    }
    for (const file of splitNul(await runGit(dir, ['ls-files', '--others', '--exclude-standard', '-z']))) {
      changed.add(file);
    }
  } else {
    const headCommit = await resolveCommit(dir, head);
    for (const file of splitNul(await runGit(dir, ['diff', '--name-only', '-z', '--relative', baseCommit, headCommit]))) {
      changed.add(file);
    }
  }
  return [...changed].sort();
}

/**
 * The web address of the `origin` remote (`https://host/owner/name`), for
 * links in rendered Markdown; credentials in the remote URL are dropped.
 * Null when there is no origin or its URL is not a host/owner/name form.
 */
export async function originWebUrl(dir: string): Promise<string | null> {
  const result = await runGitRaw(dir, ['remote', 'get-url', 'origin']);
  if (!result.ok) return null;
  return webUrlOfRemote(result.stdout.trim());
}

export function webUrlOfRemote(remote: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) {
    // scp-like syntax: [user@]host:owner/name[.git]
    const match = /^(?:[^@\s]+@)?([^:/\\\s]+):\/?([^\s\\]+?)(?:\.git)?\/?$/.exec(remote);
    return match && /^[^/]+\/[^/]+$/.test(match[2]) ? `https://${match[1]}/${match[2]}` : null;
  }
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return null;
  const repoPath = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  if (!/^\/[^/]+\/[^/]+/.test(repoPath)) return null;
  const webHost = url.protocol === 'ssh:' || url.protocol === 'git:' ? url.hostname : url.host;
  return `${url.protocol === 'http:' ? 'http' : 'https'}://${webHost}${repoPath}`;
}
