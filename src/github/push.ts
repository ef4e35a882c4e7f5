/**
 * Which files a push changed: from the payload's commit lists when it has
 * them all, else from one compare call — also when it lists no commit at all
 * while the branch moved (a force push or a reset to an older commit). Null
 * means "unknown" and callers then assume the roadmap may have changed.
 */
import { httpStatus, type GitHubClient, type RepositoryRef } from './client.js';

/** GitHub puts at most 20 commits in a push payload; with that many, some may be missing. */
export const PAYLOAD_COMMIT_LIMIT = 20;
/** The compare API lists at most 300 files. */
export const COMPARE_FILE_LIMIT = 300;

export const NULL_SHA = '0000000000000000000000000000000000000000';

export interface PushCommit {
  added?: string[];
  modified?: string[];
  removed?: string[];
}

export interface PushRange extends RepositoryRef {
  before: string;
  after: string;
  commits: PushCommit[];
}

export async function pushChangedFiles(octokit: GitHubClient, push: PushRange): Promise<string[] | null> {
  if (push.before === NULL_SHA || /^0+$/.test(push.before)) return null;
  if (push.before === push.after) return [];
  if (push.commits.length > 0 && push.commits.length < PAYLOAD_COMMIT_LIMIT) {
    const files = new Set<string>();
    for (const commit of push.commits) {
      for (const file of [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]) files.add(file);
    }
    return [...files];
  }
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: push.owner,
      repo: push.repo,
      basehead: `${push.before}...${push.after}`,
      // The files are on the first page whatever its size; one commit keeps the response small.
      per_page: 1,
    });
    // Compare diffs `after` against the merge base: what commits dropped from the branch (behind,
    // diverged) changed is not in it.
    if (data.status === 'behind' || data.status === 'diverged') return null;
    const changed = data.files ?? [];
    if (changed.length >= COMPARE_FILE_LIMIT) return null;
    const files = changed.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename]));
    return files;
  } catch (error) {
    // A force push can make `before` unreachable: then nothing is known.
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
