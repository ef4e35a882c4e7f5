/**
 * Reading the roadmap files of a commit with as few API calls as possible
 * (SPEC §10): one recursive tree listing, then GraphQL queries that fetch up
 * to 100 blobs each by `<sha>:<path>` expression. Oversize input is capped
 * and reported (SPEC §12), never fetched.
 */
import type { Diagnostic, SourceFile } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { MAX_FILE_BYTES, MAX_FILES } from '../core/roadmap/roadmap.js';
import type { GitHubClient, RepositoryRef } from './client.js';

/** Blobs per GraphQL query. */
export const BLOBS_PER_QUERY = 100;

export interface RoadmapFilesRead {
  /** The files that were read, in sorted path order. */
  files: SourceFile[];
  /** Files that were matched but not read, as diagnostics for the roadmap. */
  skipped: Diagnostic[];
}

/** A blob as GitHub's GraphQL `Blob` describes it. */
export interface BlobText {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
}

function note(code: Diagnostic['code'], file: string, message: string, severity: Diagnostic['severity'] = 'warning'): Diagnostic {
  return { severity, code, file, line: 1, message };
}

function blobQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, index) => `$e${index}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, index) => `f${index}: object(expression: $e${index}) { ... on Blob { text byteSize isBinary isTruncated } }`,
  ).join('\n    ');
  return `query RoadmapBlobs($owner: String!, $name: String!, ${variables}) {
  repository(owner: $owner, name: $name) {
    ${fields}
  }
}`;
}

/**
 * The roadmap files (matched by `globs`) at `ref`. Pass a commit sha: the
 * tree and the blobs are then read from the same commit even while the
 * branch moves.
 */
export async function readRoadmapFiles(
  octokit: GitHubClient,
  options: RepositoryRef & { ref: string; globs: string[] },
): Promise<RoadmapFilesRead> {
  const { owner, repo, ref } = options;
  const skipped: Diagnostic[] = [];
  const { data: tree } = await octokit.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: 'true' });
  if (tree.truncated) {
    skipped.push(
      note(
        'too-many-files',
        '.',
        'the repository has more files than GitHub lists in one tree, so some roadmap files may not have been read; ' +
          'keep the roadmap in a smaller repository or fewer files',
      ),
    );
  }
  const sizes = new Map<string, number>();
  for (const entry of tree.tree) {
    if (entry.type === 'blob' && entry.path) sizes.set(entry.path, entry.size ?? 0);
  }
  const capped = capRoadmapPaths(selectRoadmapFiles([...sizes.keys()], options.globs));
  skipped.push(...capped.skipped);
  const wanted: string[] = [];
  for (const path of capped.paths) {
    const size = sizes.get(path) ?? 0;
    if (size > MAX_FILE_BYTES) skipped.push(tooLarge(path, size));
    else wanted.push(path);
  }

  const files: SourceFile[] = [];
  for (let start = 0; start < wanted.length; start += BLOBS_PER_QUERY) {
    const batch = wanted.slice(start, start + BLOBS_PER_QUERY);
    const variables: Record<string, string> = { owner, name: repo };
    batch.forEach((path, index) => {
      variables[`e${index}`] = `${ref}:${path}`;
    });
    const result = await octokit.graphql<{ repository: Record<string, BlobText | null> | null }>(blobQuery(batch.length), variables);
    batch.forEach((path, index) => {
      const blob = result.repository?.[`f${index}`];
      if (!blob) {
        skipped.push(note('parse-error', path, `${path} could not be read at ${ref}; it was skipped`));
        return;
      }
      const read = readBlob(path, blob);
      if ('file' in read) files.push(read.file);
      else skipped.push(read.skipped);
    });
  }
  return { files, skipped };
}

/** The matched paths (sorted) capped at `MAX_FILES` (SPEC §12), with the note naming the first one left out. */
export function capRoadmapPaths(paths: string[]): { paths: string[]; skipped: Diagnostic[] } {
  if (paths.length <= MAX_FILES) return { paths, skipped: [] };
  const skipped = note(
    'too-many-files',
    paths[MAX_FILES],
    `${paths.length} roadmap files match, more than the ${MAX_FILES} read; this file and the ` +
      `${paths.length - MAX_FILES - 1} after it (in path order) are skipped. ` +
      'Narrow `roadmap.paths` in .github/roadmap-bot.yml.',
  );
  return { paths: paths.slice(0, MAX_FILES), skipped: [skipped] };
}

/** A file over `MAX_FILE_BYTES` is never parsed (SPEC §12). */
export function tooLarge(path: string, bytes: number): Diagnostic {
  return note(
    'file-too-large',
    path,
    `This file is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte limit, so it is skipped; split it into smaller roadmap files.`,
  );
}

/** A roadmap file's blob as a source file, or the note saying why it was skipped (too large, not text). */
export function readBlob(path: string, blob: BlobText): { file: SourceFile } | { skipped: Diagnostic } {
  if (blob.byteSize > MAX_FILE_BYTES || blob.isTruncated) return { skipped: tooLarge(path, blob.byteSize) };
  if (blob.isBinary || blob.text === null) {
    return { skipped: note('parse-error', path, `${path} is not UTF-8 text; it was skipped — roadmap files must be text`) };
  }
  return { file: { path, content: blob.text } };
}

/**
 * The commit sha a branch points to, in one light call (GitHub answers the
 * `sha` media type with the bare sha).
 */
export async function resolveBranchSha(octokit: GitHubClient, options: RepositoryRef & { branch: string }): Promise<string> {
  const response = await octokit.rest.repos.getCommit({
    owner: options.owner,
    repo: options.repo,
    ref: options.branch,
    mediaType: { format: 'sha' },
  });
  const data: unknown = response.data;
  // Octokit hands a non-JSON body over as text or, without a charset, as bytes.
  const sha =
    typeof data === 'string'
      ? data
      : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
        ? new TextDecoder().decode(data as ArrayBuffer)
        : ((data as { sha?: unknown } | null)?.sha ?? '');
  const trimmed = String(sha).trim();
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(trimmed)) {
    throw new Error(`GitHub gave no commit sha for ${options.owner}/${options.repo}@${options.branch}`);
  }
  return trimmed;
}
