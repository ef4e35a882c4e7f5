/**
 * A directory on disk as the files of a commit: what the demo seeds the
 * simulated repository with (`--base DIR`, `--head DIR`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listWorkingTree } from '../local/working-tree.js';

/** Repo-relative POSIX path → text. */
export type FileTree = Record<string, string>;

export interface DirectoryRead {
  files: FileTree;
  /** Files left out because they are not text (they hold NUL bytes). */
  skipped: string[];
}

/** Every text file under `dir` (skipping .git and node_modules), keyed by its path relative to `dir`. */
export async function readDirectory(dir: string): Promise<DirectoryRead> {
  const files: FileTree = {};
  const skipped: string[] = [];
  for (const file of (await listWorkingTree(dir)).files) {
    const bytes = await readFile(path.join(dir, file));
    if (bytes.includes(0)) skipped.push(file);
    else files[file] = bytes.toString('utf8');
  }
  return { files, skipped };
}

/** The changes that turn `base` into `head`: new or edited files with their text, removed files as null. */
export function changesBetween(base: FileTree, head: FileTree): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const [file, content] of Object.entries(head)) {
    if (base[file] !== content) changes[file] = content;
  }
  for (const file of Object.keys(base)) {
    if (!Object.hasOwn(head, file)) changes[file] = null;
  }
  return changes;
}
