/** Repository metadata and git content: contents, trees, commits, compares. */
import { GitHubError, notFound } from '../errors.js';
import type { GitCommit } from '../git.js';
import { route, type RouteContext } from '../router.js';
import { WEB_URL } from '../shapes.js';

function contentAt(context: RouteContext<'GET /repos/{owner}/{repo}/contents/{path}'>) {
  const repo = context.repo();
  const ref = context.params.ref ?? repo.git.defaultBranch;
  const commit = repo.git.resolve(ref);
  if (!commit) throw notFound(`No commit found for the ref ${ref}`);
  const path = context.params.path.replace(/^\/+|\/+$/g, '');
  const found = repo.git.lookup(commit, path);
  if (!found) throw notFound();
  return { repo, ref, path, found };
}

function commitAt(context: RouteContext<'GET /repos/{owner}/{repo}/commits/{ref}'>) {
  const repo = context.repo();
  const commit = repo.git.resolve(context.params.ref);
  if (!commit) throw new GitHubError(422, `No commit found for SHA: ${context.params.ref}`);
  return { repo, commit };
}

/** GitHub lists at most 300 files and 250 commits in a compare. */
const COMPARE_MAX_FILES = 300;
const COMPARE_MAX_COMMITS = 250;

export const repoRoutes = [
  route('GET /repos/{owner}/{repo}', { docs: 'repos/repos#get-a-repository' }, (context) => context.shapes.fullRepository(context.repo())),

  route(
    'GET /repos/{owner}/{repo}/contents/{path}',
    {
      docs: 'repos/contents#get-repository-content',
      // Files come raw (any size); directories stay JSON, as on GitHub.
      raw: (context) => {
        const { found } = contentAt(context);
        return found.type === 'blob' ? found.blob.text : undefined;
      },
    },
    (context) => {
      const { repo, ref, path, found } = contentAt(context);
      if (found.type === 'blob') return context.shapes.contentFile(repo, path, ref, found.blob);
      return context.shapes.contentDirectory(repo, path, ref, found.tree.entries);
    },
  ),

  route('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { docs: 'git/trees#get-a-tree' }, (context) => {
    const repo = context.repo();
    const treeSha = context.params.tree_sha;
    const tree = repo.git.trees.get(treeSha.toLowerCase()) ?? repo.git.trees.get(repo.git.resolve(treeSha)?.treeSha ?? '');
    if (!tree) throw notFound();
    const api = `${context.shapes.apiBase}/repos/${repo.fullName}/git`;
    // Any value of `recursive` (even "0" or "false") asks for the whole tree, as documented by GitHub.
    const entries = repo.git.listTree(tree, context.params.recursive !== undefined);
    return {
      sha: tree.sha,
      url: `${api}/trees/${tree.sha}`,
      tree: entries.map((entry) => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.type === 'blob' ? { size: repo.git.blobs.get(entry.sha)!.size } : {}),
        url: `${api}/${entry.type === 'blob' ? 'blobs' : 'trees'}/${entry.sha}`,
      })),
      truncated: false,
    };
  }),

  route(
    'GET /repos/{owner}/{repo}/commits/{ref}',
    { docs: 'commits/commits#get-a-commit', sha: (context) => commitAt(context).commit.sha },
    (context) => {
      const { repo, commit } = commitAt(context);
      const parent = commit.parent ? repo.git.commits.get(commit.parent)! : null;
      return context.shapes.commit(repo, commit, repo.git.diff(parent, commit));
    },
  ),

  route('GET /repos/{owner}/{repo}/compare/{basehead}', { docs: 'commits/commits#compare-two-commits' }, (context) => {
    const repo = context.repo();
    const { basehead } = context.params;
    const separator = basehead.includes('...') ? '...' : '..';
    const [baseRef, headRef] = basehead.split(separator);
    const ownerPrefix = new RegExp(`^${repo.owner}:`, 'i');
    const base = baseRef ? repo.git.resolve(baseRef.replace(ownerPrefix, '')) : undefined;
    const head = headRef ? repo.git.resolve(headRef.replace(ownerPrefix, '')) : undefined;
    if (!base || !head) throw notFound();
    const mergeBase = repo.git.mergeBase(base.sha, head.sha);
    if (!mergeBase) throw notFound(`No common ancestor between ${baseRef} and ${headRef}.`);
    const ahead = repo.git.commitsBetween(base.sha, head.sha);
    const behind = repo.git.commitsBetween(head.sha, base.sha);
    const web = `${WEB_URL}/${repo.fullName}`;
    const summary = (commit: GitCommit) => context.shapes.commit(repo, commit);
    return {
      url: `${context.shapes.apiBase}/repos/${repo.fullName}/compare/${basehead}`,
      html_url: `${web}/compare/${basehead}`,
      permalink_url: `${web}/compare/${repo.owner}:${base.sha}...${repo.owner}:${head.sha}`,
      diff_url: `${web}/compare/${basehead}.diff`,
      patch_url: `${web}/compare/${basehead}.patch`,
      base_commit: summary(base),
      merge_base_commit: summary(mergeBase),
      status: compareStatus(ahead.length, behind.length),
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: ahead.slice(0, COMPARE_MAX_COMMITS).map(summary),
      files: repo.git
        .diff(mergeBase, head)
        .slice(0, COMPARE_MAX_FILES)
        .map((file) => context.shapes.diffEntry(repo, file, head.sha)),
    };
  }),
];

function compareStatus(aheadBy: number, behindBy: number): 'diverged' | 'ahead' | 'behind' | 'identical' {
  if (aheadBy > 0) return behindBy > 0 ? 'diverged' : 'ahead';
  return behindBy > 0 ? 'behind' : 'identical';
}
