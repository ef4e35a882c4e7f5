/**
 * `src/local/` is the adapter for local files, as `src/github/` is for the API:
 * the CLI and the demo both read roadmaps through it.
 *
 * Reads roadmap files from the working tree for the command line, within the
 * bounds of SPEC §4: only folders a glob can match are walked, a few dozen
 * files at most are open at once, a file's size is checked before it is
 * read, nothing unreadable stops the run, and no symlink leads out of DIR.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { diagnostic } from '../core/model/diagnostics.js';
import type { Diagnostic, SourceFile } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { fileTooLargeNotice, MAX_FILE_BYTES, MAX_FILES, tooManyFilesNotice } from '../core/roadmap/roadmap.js';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
/** Files read at once: well under any `ulimit -n` (256 is common in CI containers). */
const OPEN_FILES = 32;

export interface WorkingTreeRead {
  files: SourceFile[];
  /** `unreadable-file`, `file-too-large` and `too-many-files` warnings for what was not read. */
  notices: Diagnostic[];
}

/** The folders (relative POSIX, '' for DIR itself) below which `globs` can match, without any that lies inside another. */
export function globBases(globs: string[]): string[] {
  const bases = globs.map((glob) => {
    const { base } = picomatch.scan(glob);
    return base === '.' ? '' : base.replace(/^\.\//, '').replace(/\/+$/, '');
  });
  const unique = [...new Set(bases)].sort((a, b) => a.length - b.length);
  return unique.filter(
    (base, index) => !unique.slice(0, index).some((outer) => outer === '' || base === outer || base.startsWith(`${outer}/`)),
  );
}

const FIX_PERMISSIONS = 'give the user running roadmap-bot read access';
const FIX_LINK = 'put the file itself inside the directory';

function unreadable(file: string, reason: string, fix: string): Diagnostic {
  return diagnostic('warning', 'unreadable-file', file, 1, `${reason}, so it is skipped; ${fix}.`);
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

interface Listing {
  /** Regular files and symlinks to files inside DIR, relative POSIX paths. */
  files: string[];
  /** Symlinks that lead out of DIR (or nowhere), with why. */
  refused: Map<string, string>;
  /** Folders that could not be listed. */
  notices: Diagnostic[];
}

/**
 * Regular files under the folders in `bases` (symlinked files inside DIR
 * included, symlinked folders not walked), skipping .git and node_modules.
 */
export async function listWorkingTree(dir: string, bases: string[] = ['']): Promise<Listing> {
  const root = await realpath(dir);
  const listing: Listing = { files: [], refused: new Map(), notices: [] };
  const pending = [...bases];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A glob's base folder that does not exist simply matches nothing.
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        listing.notices.push(
          unreadable(relative || '.', `The folder ${relative || '.'} cannot be listed (${code ?? 'error'})`, FIX_PERMISSIONS),
        );
      continue;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(child);
      } else if (entry.isFile()) {
        listing.files.push(child);
      } else if (entry.isSymbolicLink()) {
        const target = await realpath(path.join(root, child)).catch(() => null);
        if (target === null) listing.refused.set(child, `${child} is a symlink to nothing`);
        else if (!isInside(root, target)) listing.refused.set(child, `${child} is a symlink leading out of the directory`);
        else if ((await stat(target).catch(() => null))?.isFile()) listing.files.push(child);
      }
    }
  }
  listing.files.sort();
  return listing;
}

/** Runs `step` on every item with at most `limit` running at once; results in item order. */
async function mapBounded<T, R>(items: T[], limit: number, step: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await step(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export type FileRead = { file: SourceFile } | { notice: Diagnostic } | { missing: true };

/**
 * One file under the real directory `root`, by relative POSIX path: read when
 * it (or what its symlink points to) lies inside `root` and is at most
 * `MAX_FILE_BYTES`; otherwise a notice says why not.
 */
export async function readFileInside(root: string, file: string): Promise<FileRead> {
  try {
    const target = await realpath(path.join(root, file));
    if (!isInside(root, target)) return { notice: unreadable(file, `${file} is a symlink leading out of the directory`, FIX_LINK) };
    const { size } = await stat(target);
    if (size > MAX_FILE_BYTES) return { notice: fileTooLargeNotice(file, size) };
    return { file: { path: file, content: await readFile(target, 'utf8') } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { missing: true };
    return { notice: unreadable(file, `${file} cannot be read (${code ?? 'error'})`, FIX_PERMISSIONS) };
  }
}

/** The roadmap files under `dir` that the globs select, sorted, with notices for what was left unread. */
export async function readWorkingTree(dir: string, globs: string[]): Promise<WorkingTreeRead> {
  const listing = await listWorkingTree(dir, globBases(globs));
  const notices = [...listing.notices];
  for (const link of selectRoadmapFiles([...listing.refused.keys()], globs))
    notices.push(unreadable(link, listing.refused.get(link) as string, FIX_LINK));
  const selected = selectRoadmapFiles(listing.files, globs);
  const tooMany = tooManyFilesNotice(selected);
  if (tooMany) notices.push(tooMany);
  const root = await realpath(dir);
  const files: SourceFile[] = [];
  for (const read of await mapBounded(selected.slice(0, MAX_FILES), OPEN_FILES, (file) => readFileInside(root, file))) {
    if ('file' in read) files.push(read.file);
    else if ('notice' in read) notices.push(read.notice);
  }
  return { files, notices };
}
