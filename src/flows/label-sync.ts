/**
 * Label sync (SPEC §6): on installation, on repositories added to it, and on
 * pushes to the default branch that touch the roadmap or the config, every
 * node gets its goal label and the issues roadmap items reference get theirs.
 * This is the sync of one repository; src/app/labels-sync.ts runs it as a
 * background job (the webhook is answered at once).
 */
import { CONFIG_FILE, type Config } from '../core/config/config.js';
import type { Roadmap } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { httpStatus, type AppOctokit, type GitHubClient, type RepositoryRef } from '../github/client.js';
import { loadRepositoryConfig, type LoadedConfig } from '../github/config.js';
import { goalLabelsFor, syncLabels, type LabelSyncResult } from '../github/labels.js';
import { NULL_SHA } from '../github/push.js';
import { resolveBranchSha } from '../github/roadmap-source.js';
import { refreshGoalComments } from './refresh-goal-comments.js';
import { labelReferencedIssues, newIssueLabels, referencedIssueLabels, type LabelledIssue } from './items-to-issues.js';
import { logConfigProblems, type AppLog } from './log.js';
import type { FlowServices } from './services.js';

export interface RepositorySyncTarget extends RepositoryRef {
  /** The commit to sync from; the default branch's head when absent. */
  sha?: string;
  branch?: string;
  /** The commit before a push: only item references new since then label issues. */
  before?: string | null;
  repositoryUrl?: string;
  /** Already loaded by the caller. */
  loaded?: LoadedConfig;
}

export type RepositorySyncOutcome =
  | { status: 'disabled' }
  | { status: 'empty-repository' }
  | { status: 'synced'; sha: string; labels: LabelSyncResult; issues: LabelledIssue[] };

export function touchesRoadmap(files: string[], globs: string[]): boolean {
  return files.includes(CONFIG_FILE) || selectRoadmapFiles(files, globs).length > 0;
}

async function roadmapBefore(
  octokit: GitHubClient,
  services: FlowServices,
  target: RepositoryRef & { before: string; globs: string[]; labelPrefix: string },
  log: AppLog,
): Promise<Roadmap | null> {
  try {
    return services.roadmaps.get(octokit, { ...target, sha: target.before });
  } catch (error) {
    // A force push can leave `before` unreadable: then every reference counts as new.
    log.warn({ err: error }, `roadmap-bot: could not read the roadmap before the push (${target.before}); labelling all referenced issues`);
    return null;
  }
}

/** The commit to sync and where it is; null for a repository without commits. */
async function syncCommit(
  octokit: GitHubClient,
  target: RepositorySyncTarget,
): Promise<{ sha: string; branch: string; repositoryUrl: string } | null> {
  const { owner, repo } = target;
  let { sha, branch, repositoryUrl } = target;
  if (!sha || !branch || !repositoryUrl) {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    branch ??= data.default_branch;
    repositoryUrl ??= data.html_url;
  }
  if (!sha) {
    try {
      sha = await resolveBranchSha(octokit, { owner, repo, branch });
    } catch (error) {
      // 409: a repository without commits has no roadmap yet; its first push syncs it.
      if (httpStatus(error) === 409 || httpStatus(error) === 404) return null;
      throw error;
    }
  }
  return { sha, branch, repositoryUrl };
}

/** Labels the issues the roadmap's items reference; after a push, only the references it added. */
async function labelIssuesOfItems(
  octokit: GitHubClient,
  services: FlowServices,
  log: AppLog,
  target: RepositorySyncTarget & { roadmap: Roadmap; globs: string[]; prefix: string },
): Promise<LabelledIssue[]> {
  const { owner, repo, roadmap, globs, prefix } = target;
  const before =
    target.before && target.before !== NULL_SHA
      ? await roadmapBefore(octokit, services, { owner, repo, before: target.before, globs, labelPrefix: prefix }, log)
      : null;
  const plan = newIssueLabels(
    referencedIssueLabels(roadmap, { owner, repo, prefix }),
    before ? referencedIssueLabels(before, { owner, repo, prefix }) : null,
  );
  return labelReferencedIssues(octokit, { owner, repo, plan });
}

/**
 * The app's own `labeled` events are ignored, so the link comments are refreshed here: on the issues
 * labelled now, and posted on those that already had their labels but lack the comment (a sync cut
 * off between the label and the comment is completed by the next one).
 */
async function refreshLinkComments(
  octokit: AppOctokit,
  services: FlowServices,
  config: Config,
  planned: LabelledIssue[],
  at: { roadmap: Roadmap; sha: string; branch: string; repositoryUrl: string } & RepositoryRef,
): Promise<void> {
  if (!config.issues.linkComment || planned.length === 0) return;
  const { owner, repo, roadmap, sha, branch, repositoryUrl } = at;
  const isOwn = await services.ownComments();
  for (const issue of planned) {
    await refreshGoalComments(octokit, {
      issue: { owner, repo, issue_number: issue.issue_number, labels: issue.labels, repositoryUrl },
      config,
      at: { roadmap, sha, branch },
      now: services.today(),
      isOwn,
      settle: false,
      onlyMissing: issue.added.length === 0,
    });
  }
}

/** Syncs one repository's goal labels and labels the issues its roadmap items reference. */
export async function syncRepository(
  octokit: AppOctokit,
  services: FlowServices,
  log: AppLog,
  target: RepositorySyncTarget,
): Promise<RepositorySyncOutcome> {
  const { owner, repo } = target;
  const loaded = target.loaded ?? (await loadRepositoryConfig(octokit, { owner, repo }));
  if (!target.loaded) logConfigProblems(log, `${owner}/${repo}`, loaded.problems);
  const { config } = loaded;
  if (!config.labels.sync) return { status: 'disabled' };
  const commit = await syncCommit(octokit, target);
  if (!commit) return { status: 'empty-repository' };
  const { sha } = commit;

  const globs = config.roadmap.paths;
  const prefix = config.labels.prefix;
  const roadmap = await services.roadmaps.get(octokit, { owner, repo, sha, globs, labelPrefix: prefix });
  const labels = await syncLabels(octokit, { owner, repo, labels: goalLabelsFor(roadmap, config.labels) });
  const planned = await labelIssuesOfItems(octokit, services, log, { ...target, roadmap, globs, prefix });
  const issues = planned.filter((issue) => issue.added.length > 0);
  await refreshLinkComments(octokit, services, config, planned, { owner, repo, roadmap, ...commit });
  log.info(
    {
      repository: `${owner}/${repo}`,
      sha,
      created: labels.created,
      updated: labels.updated,
      issues: issues.map((issue) => issue.issue_number),
    },
    `roadmap-bot: ${owner}/${repo}: ${labels.created.length} goal label(s) created, ${labels.updated.length} updated, ` +
      `${issues.length} issue(s) labelled`,
  );
  return { status: 'synced', sha, labels, issues };
}
