/**
 * A repository's git objects: content-addressed blobs, trees and commits with
 * real git hashing for blobs and trees (so `sha`/`oid` values look and behave
 * like GitHub's), branches, and the diffs GitHub computes for compares and PRs.
 */
import { createHash } from 'node:crypto';
import type { FileChangeStatus } from './types.js';

export interface GitBlob {
  sha: string;
  text: string;
  size: number;
  isBinary: boolean;
}

export interface GitTreeEntry {
  name: string;
  mode: '100644' | '040000';
  type: 'blob' | 'tree';
  sha: string;
}

export interface GitTree {
  sha: string;
  entries: GitTreeEntry[];
}

export interface GitCommit {
  sha: string;
  treeSha: string;
  parent: string | null;
  message: string;
  /** Every file in the commit: path → blob sha. */
  files: ReadonlyMap<string, string>;
  date: string;
  author: string;
}

export interface FileDiff {
  path: string;
  status: FileChangeStatus;
  previousPath?: string;
  oldSha: string | null;
  newSha: string | null;
}

export interface LineStats {
  additions: number;
  deletions: number;
  patch: string;
}

interface DirNode {
  files: Map<string, string>;
  dirs: Map<string, DirNode>;
}

function sha1(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function objectSha(type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  return sha1(`${type} ${content.length}\0`, content);
}

/** A repo-relative POSIX path: no leading slash, no empty, `.` or `..` segments. */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  const segments = trimmed.split('/');
  if (trimmed === '' || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`invalid file path "${path}": use a repo-relative path like "docs/roadmap.md"`);
  }
  return trimmed;
}

/** Git orders tree entries by name, comparing a subtree's name as if it ended in "/". */
function gitEntryOrder(a: GitTreeEntry, b: GitTreeEntry): number {
  const keyA = Buffer.from(a.type === 'tree' ? `${a.name}/` : a.name);
  const keyB = Buffer.from(b.type === 'tree' ? `${b.name}/` : b.name);
  return Buffer.compare(keyA, keyB);
}

export class GitStore {
  readonly blobs = new Map<string, GitBlob>();
  readonly trees = new Map<string, GitTree>();
  readonly commits = new Map<string, GitCommit>();
  readonly branches = new Map<string, string>();

  constructor(readonly defaultBranch: string) {}

  /** Applies `changes` (null deletes) on top of `branch` (created from the default branch if absent). */
  commit(branch: string, changes: Record<string, string | null>, meta: { message: string; date: string; author: string }): GitCommit {
    const parentSha = this.branches.get(branch) ?? this.branches.get(this.defaultBranch) ?? null;
    const files = new Map(parentSha ? this.commits.get(parentSha)!.files : []);
    for (const [rawPath, content] of Object.entries(changes)) {
      const path = normalizePath(rawPath);
      if (content === null) files.delete(path);
      else files.set(path, this.writeBlob(content));
    }
    const treeSha = this.writeTree(files);
    const commitText = `tree ${treeSha}\n${parentSha ? `parent ${parentSha}\n` : ''}\n${meta.message}\n`;
    const sha = objectSha('commit', Buffer.from(commitText));
    if (!this.commits.has(sha)) {
      this.commits.set(sha, { sha, treeSha, parent: parentSha, message: meta.message, files, date: meta.date, author: meta.author });
    }
    this.branches.set(branch, sha);
    return this.commits.get(sha)!;
  }

  /** A branch (`main`, `refs/heads/main`, `HEAD`) or a full or abbreviated (≥ 4 hex) commit sha. */
  resolve(ref: string): GitCommit | undefined {
    const branchName = ref === 'HEAD' ? this.defaultBranch : ref.replace(/^refs\/heads\/|^heads\//, '');
    const branchSha = this.branches.get(branchName);
    if (branchSha) return this.commits.get(branchSha);
    if (!/^[0-9a-f]{4,40}$/i.test(ref)) return undefined;
    const lower = ref.toLowerCase();
    const exact = this.commits.get(lower);
    if (exact) return exact;
    const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(lower));
    return matches.length === 1 ? this.commits.get(matches[0]) : undefined;
  }

  head(branch = this.defaultBranch): GitCommit | undefined {
    const sha = this.branches.get(branch);
    return sha ? this.commits.get(sha) : undefined;
  }

  /** The blob or tree at `path` ('' is the root tree) in `commit`. */
  lookup(commit: GitCommit, path: string): { type: 'blob'; blob: GitBlob } | { type: 'tree'; tree: GitTree } | undefined {
    const trimmed = path.replace(/^\/+|\/+$/g, '');
    const root = this.trees.get(commit.treeSha)!;
    if (trimmed === '') return { type: 'tree', tree: root };
    const blobSha = commit.files.get(trimmed);
    if (blobSha) return { type: 'blob', blob: this.blobs.get(blobSha)! };
    let tree: GitTree | undefined = root;
    for (const segment of trimmed.split('/')) {
      const entry: GitTreeEntry | undefined = tree?.entries.find((candidate) => candidate.name === segment && candidate.type === 'tree');
      tree = entry ? this.trees.get(entry.sha) : undefined;
      if (!tree) return undefined;
    }
    return { type: 'tree', tree };
  }

  /** Entries under `tree` with their paths; all descendants when `recursive`, git order (parents first). */
  listTree(tree: GitTree, recursive: boolean, prefix = ''): Array<GitTreeEntry & { path: string }> {
    const listed: Array<GitTreeEntry & { path: string }> = [];
    for (const entry of tree.entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      listed.push({ ...entry, path });
      if (recursive && entry.type === 'tree') listed.push(...this.listTree(this.trees.get(entry.sha)!, true, path));
    }
    return listed;
  }

  /** Commits reachable from `sha` (itself first), following parents. */
  ancestry(sha: string): GitCommit[] {
    const chain: GitCommit[] = [];
    let current = this.commits.get(sha);
    while (current) {
      chain.push(current);
      current = current.parent ? this.commits.get(current.parent) : undefined;
    }
    return chain;
  }

  mergeBase(baseSha: string, headSha: string): GitCommit | undefined {
    const baseAncestors = new Set(this.ancestry(baseSha).map((commit) => commit.sha));
    return this.ancestry(headSha).find((commit) => baseAncestors.has(commit.sha));
  }

  /** Commits on `headSha` that are not on `baseSha`, oldest first (GitHub's compare order). */
  commitsBetween(baseSha: string, headSha: string): GitCommit[] {
    const baseAncestors = new Set(this.ancestry(baseSha).map((commit) => commit.sha));
    return this.ancestry(headSha)
      .filter((commit) => !baseAncestors.has(commit.sha))
      .reverse();
  }

  /** Files changed from `from` (null: an empty tree) to `to`, sorted by path, exact-content renames detected. */
  diff(from: GitCommit | null, to: GitCommit): FileDiff[] {
    const before = from?.files ?? new Map<string, string>();
    const after = to.files;
    const added: FileDiff[] = [];
    const removed: FileDiff[] = [];
    const changed: FileDiff[] = [];
    for (const [path, newSha] of after) {
      const oldSha = before.get(path);
      if (oldSha === undefined) added.push({ path, status: 'added', oldSha: null, newSha });
      else if (oldSha !== newSha) changed.push({ path, status: 'modified', oldSha, newSha });
    }
    for (const [path, oldSha] of before) {
      if (!after.has(path)) removed.push({ path, status: 'removed', oldSha, newSha: null });
    }
    const removedBySha = new Map<string, FileDiff[]>();
    for (const entry of removed) {
      const sameContent = removedBySha.get(entry.oldSha!) ?? [];
      sameContent.push(entry);
      removedBySha.set(entry.oldSha!, sameContent);
    }
    const renamedFrom = new Set<FileDiff>();
    for (const entry of added) {
      const source = removedBySha.get(entry.newSha!)?.find((candidate) => !renamedFrom.has(candidate));
      if (!source) continue;
      renamedFrom.add(source);
      changed.push({ path: entry.path, status: 'renamed', previousPath: source.path, oldSha: source.oldSha, newSha: entry.newSha });
    }
    const renamedTo = new Set(changed.filter((entry) => entry.status === 'renamed').map((entry) => entry.path));
    return [...changed, ...added.filter((entry) => !renamedTo.has(entry.path)), ...removed.filter((entry) => !renamedFrom.has(entry))].sort(
      (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
  }

  blobText(sha: string | null): string | null {
    return sha ? (this.blobs.get(sha)?.text ?? null) : null;
  }

  private writeBlob(text: string): string {
    const content = Buffer.from(text, 'utf8');
    const sha = objectSha('blob', content);
    if (!this.blobs.has(sha)) this.blobs.set(sha, { sha, text, size: content.length, isBinary: text.includes('\0') });
    return sha;
  }

  private writeTree(files: ReadonlyMap<string, string>): string {
    const root: DirNode = { files: new Map(), dirs: new Map() };
    for (const [path, sha] of files) {
      const segments = path.split('/');
      let node = root;
      for (const segment of segments.slice(0, -1)) {
        let child = node.dirs.get(segment);
        if (!child) {
          child = { files: new Map(), dirs: new Map() };
          node.dirs.set(segment, child);
        }
        node = child;
      }
      node.files.set(segments[segments.length - 1], sha);
    }
    return this.writeDir(root);
  }

  private writeDir(node: DirNode): string {
    const entries: GitTreeEntry[] = [
      ...[...node.files].map(([name, sha]): GitTreeEntry => ({ name, mode: '100644', type: 'blob', sha })),
      ...[...node.dirs].map(([name, child]): GitTreeEntry => ({ name, mode: '040000', type: 'tree', sha: this.writeDir(child) })),
    ].sort(gitEntryOrder);
    const content = Buffer.concat(
      entries.flatMap((entry) => [
        Buffer.from(`${entry.type === 'tree' ? '40000' : entry.mode} ${entry.name}\0`),
        Buffer.from(entry.sha, 'hex'),
      ]),
    );
    const sha = objectSha('tree', content);
    if (!this.trees.has(sha)) this.trees.set(sha, { sha, entries });
    return sha;
  }
}

function splitLines(text: string | null): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const CONTEXT_LINES = 3;

/**
 * Line counts and a one-hunk unified patch. The changed region is found by
 * trimming the common prefix and suffix: exact for the single edits roadmap
 * files see, and linear so large files stay cheap.
 */
export function lineStats(oldText: string | null, newText: string | null): LineStats {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const removed = oldLines.slice(prefix, oldLines.length - suffix);
  const added = newLines.slice(prefix, newLines.length - suffix);
  if (removed.length === 0 && added.length === 0) return { additions: 0, deletions: 0, patch: '' };

  const contextStart = Math.max(0, prefix - CONTEXT_LINES);
  const before = oldLines.slice(contextStart, prefix);
  const after = oldLines.slice(oldLines.length - suffix, oldLines.length - suffix + CONTEXT_LINES);
  const oldCount = before.length + removed.length + after.length;
  const newCount = before.length + added.length + after.length;
  const range = (count: number) => `${count === 0 ? contextStart : contextStart + 1},${count}`;
  const patch = [
    `@@ -${range(oldCount)} +${range(newCount)} @@`,
    ...before.map((line) => ` ${line}`),
    ...removed.map((line) => `-${line}`),
    ...added.map((line) => `+${line}`),
    ...after.map((line) => ` ${line}`),
  ].join('\n');
  return { additions: added.length, deletions: removed.length, patch };
}
