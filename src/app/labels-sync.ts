/**
 * Label sync (SPEC §6): on installation, on repositories added to it, and on
 * pushes to the default branch that touch the roadmap or the config, every
 * node gets its goal label and the issues roadmap items reference get theirs.
 * The work runs as a background job: the webhook is answered at once.
 */
import type { Context, Probot } from 'probot';
import { CONFIG_FILE } from '../core/config/config.js';
import type { Roadmap } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { httpStatus, type AppOctokit, type GitHubClient, type RepositoryRef } from '../github/client.js';
import { loadRepositoryConfig, type LoadedConfig } from '../github/config.js';
import { goalLabelsFor, syncLabels, type LabelSyncResult } from '../github/labels.js';
import { NULL_SHA, pushChangedFiles } from '../github/push.js';
import { resolveBranchSha } from '../github/roadmap-source.js';
import { refreshGoalComments } from '../flows/refresh-goal-comments.js';
import { labelReferencedIssues, newIssueLabels, referencedIssueLabels, type LabelledIssue } from '../flows/items-to-issues.js';
import { logConfigProblems, type AppLog } from '../flows/log.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { repositoryConfig, type AppServices } from './services.js';

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
  services: AppServices,
  target: RepositoryRef & { before: string; globs: string[]; labelPrefix: string },
  log: AppLog,
): Promise<Roadmap | null> {
  try {
    return (await services.roadmaps.get(octokit, { ...target, sha: target.before })).roadmap;
  } catch (error) {
    // A force push can leave `before` unreadable: then every reference counts as new.
    log.warn(
      { err: error },
      `roadmap-bot: could not read the roadmap before the push (${target.before}); labelling all referenced issues`,
    );
    return null;
  }
}

/** Syncs one repository's goal labels and labels the issues its roadmap items reference. */
export async function syncRepository(
  octokit: AppOctokit,
  services: AppServices,
  log: AppLog,
  target: RepositorySyncTarget,
): Promise<RepositorySyncOutcome> {
  const { owner, repo } = target;
  const loaded = target.loaded ?? (await loadRepositoryConfig(octokit, { owner, repo }));
  if (!target.loaded) logConfigProblems(log, `${owner}/${repo}`, loaded.problems);
  const { config } = loaded;
  if (!config.labels.sync) return { status: 'disabled' };

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
      if (httpStatus(error) === 409 || httpStatus(error) === 404) return { status: 'empty-repository' };
      throw error;
    }
  }

  const globs = config.roadmap.paths;
  const { roadmap } = await services.roadmaps.get(octokit, { owner, repo, sha, globs, labelPrefix: config.labels.prefix });
  const labels = await syncLabels(octokit, { owner, repo, labels: goalLabelsFor(roadmap, config.labels) });

  const prefix = config.labels.prefix;
  const before =
    target.before && target.before !== NULL_SHA
      ? await roadmapBefore(octokit, services, { owner, repo, before: target.before, globs, labelPrefix: prefix }, log)
      : null;
  const plan = newIssueLabels(
    referencedIssueLabels(roadmap, { owner, repo, prefix }),
    before ? referencedIssueLabels(before, { owner, repo, prefix }) : null,
  );
  const planned = await labelReferencedIssues(octokit, { owner, repo, plan });
  const issues = planned.filter((issue) => issue.added.length > 0);

  // The app's own `labeled` events are ignored, so the link comments are refreshed here: on the issues
  // labelled now, and posted on those that already had their labels but lack the comment (a sync cut
  // off between the label and the comment is completed by the next one).
  if (config.issues.linkComment && planned.length > 0) {
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

/** Queues one label sync per repository; syncs of one repository never overlap (two could post the same link comment twice). */
async function syncInstalledRepositories(
  context: Context<'installation.created' | 'installation_repositories.added'>,
  services: AppServices,
  repositories: { full_name: string }[],
): Promise<void> {
  for (const { full_name } of repositories) {
    const [owner, repo] = full_name.split('/');
    await services.jobs.enqueue(jobOf(context, 'label-sync', { owner, repo }));
  }
}

async function syncOnPush(context: Context<'push'>, services: AppServices): Promise<void> {
  const push = context.payload;
  const branch = push.repository.default_branch;
  const { owner, repo } = context.repo();
  services.configs.forget({ owner, repo });
  const loaded = await repositoryConfig(context, services);
  logConfigProblems(context.log, `${owner}/${repo}`, loaded.problems);
  if (!loaded.config.labels.sync) return;
  const changed = await pushChangedFiles(context.octokit, {
    owner,
    repo,
    before: push.before,
    after: push.after,
    commits: push.commits,
  });
  if (changed.files && !touchesRoadmap(changed.files, loaded.config.roadmap.paths)) return;
  await syncRepository(context.octokit, services, context.log, {
    owner,
    repo,
    sha: push.after,
    branch,
    before: push.before,
    repositoryUrl: push.repository.html_url,
    loaded,
  });
}

export function registerLabelSync(app: Probot, services: AppServices): void {
  services.jobs.handle('label-sync', async (context, job) => {
    await syncRepository(context.octokit, services, context.log, { owner: job.owner, repo: job.repo });
  });
  services.jobs.handle('push', (context) => syncOnPush(context as Context<'push'>, services));

  app.on(
    'installation.created',
    unlessOwnEvent(services, (context) => syncInstalledRepositories(context, services, context.payload.repositories ?? [])),
  );

  app.on(
    'installation_repositories.added',
    unlessOwnEvent(services, (context) => syncInstalledRepositories(context, services, context.payload.repositories_added)),
  );

  app.on(
    'push',
    unlessOwnEvent(services, async (context) => {
      const push = context.payload;
      if (push.deleted || push.ref !== `refs/heads/${push.repository.default_branch}`) return;
      await services.jobs.enqueue(jobOf(context, 'push', context.repo()));
    }),
  );
}
