/**
 * An issue's goal labels (SPEC §6): an unknown goal label gets one reply
 * naming the closest goal labels; with `issues.linkComment` a known one gets
 * a comment linking the issue to its goal. src/app/issue-labels.ts runs this
 * as a job in the issue's lane.
 */
import { isGoalLabel } from '../core/issues/goal-comments.js';
import type { AppOctokit } from '../github/client.js';
import type { LoadedConfig } from '../github/config.js';
import { roadmapAtBranch } from '../github/roadmap-cache.js';
import { logConfigProblems, type AppLog } from './log.js';
import { refreshGoalComments } from './refresh-goal-comments.js';
import type { FlowServices } from './services.js';

export interface IssueLabelsChange {
  owner: string;
  repo: string;
  number: number;
  /** The issue's labels now. */
  labels: string[];
  /** The label the event added or removed, if it was such an event. */
  changed?: string;
  /** The event removed a label: comments may have to settle. */
  removal: boolean;
  defaultBranch: string;
  repositoryUrl: string;
}

export async function refreshIssueGoals(
  octokit: AppOctokit,
  services: FlowServices,
  log: AppLog,
  loaded: LoadedConfig,
  change: IssueLabelsChange,
): Promise<void> {
  const { config } = loaded;
  const { owner, repo, labels, changed, removal } = change;
  logConfigProblems(log, `${owner}/${repo}`, loaded.problems);
  if (!config.issues.unknownLabelReply && !config.issues.linkComment) return;
  const prefix = config.labels.prefix;
  // Adding or removing some other label changes nothing about goals.
  if (changed !== undefined && !isGoalLabel(changed, prefix)) return;
  if (!labels.some((label) => isGoalLabel(label, prefix)) && !removal) return;

  const at = await roadmapAtBranch(octokit, services.roadmaps, {
    owner,
    repo,
    branch: change.defaultBranch,
    globs: config.roadmap.paths,
    labelPrefix: config.labels.prefix,
  });
  await refreshGoalComments(octokit, {
    issue: { owner, repo, issue_number: change.number, labels, repositoryUrl: change.repositoryUrl },
    config,
    at,
    now: services.today(),
    isOwn: await services.ownComments(),
    settle: removal,
  });
}
