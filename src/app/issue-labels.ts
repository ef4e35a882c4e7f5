/**
 * Issue events (SPEC §6): an unknown goal label gets one reply naming the
 * closest goal labels; with `issues.linkComment` a known one gets a comment
 * linking the issue to its goal. Issues without labels cost no API call.
 * The work runs as a background job in the issue's lane: the webhook is
 * answered at once, and two events of one issue (GitHub sends `opened` and
 * `labeled` together for an issue created with a label) never race to post
 * the same comment twice.
 */
import type { Context, Probot } from 'probot';
import { labelNames } from '../github/labels.js';
import { isGoalLabel } from '../core/issues/goal-comments.js';
import { logConfigProblems } from '../flows/log.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { refreshGoalComments } from '../flows/refresh-goal-comments.js';
import { roadmapAtBranch } from '../github/roadmap-cache.js';
import { repositoryConfig, type AppServices } from './services.js';

export const ISSUE_EVENTS = [
  'issues.opened',
  'issues.edited',
  'issues.labeled',
  'issues.unlabeled',
  'issues.closed',
  'issues.reopened',
] as const;

type IssueEvent = (typeof ISSUE_EVENTS)[number];

/** Queues the issue's refresh; an issue without labels (and not losing one) needs none. */
export async function handleIssueEvent(context: Context<IssueEvent>, services: AppServices): Promise<void> {
  const { payload } = context;
  if (labelNames(payload.issue.labels).length === 0 && payload.action !== 'unlabeled') return;
  await services.jobs.enqueue(jobOf(context, 'issue', { ...context.repo(), number: payload.issue.number }));
}

async function refreshIssue(context: Context<IssueEvent>, services: AppServices): Promise<void> {
  const { payload } = context;
  const labels = labelNames(payload.issue.labels);
  const changed = 'label' in payload ? payload.label?.name : undefined;
  const removal = payload.action === 'unlabeled';
  const loaded = await repositoryConfig(context, services);
  const { config } = loaded;
  const { owner, repo } = context.repo();
  logConfigProblems(context.log, `${owner}/${repo}`, loaded.problems);
  if (!config.issues.unknownLabelReply && !config.issues.linkComment) return;
  const prefix = config.labels.prefix;
  // Adding or removing some other label changes nothing about goals.
  if (changed !== undefined && !isGoalLabel(changed, prefix)) return;
  if (!labels.some((label) => isGoalLabel(label, prefix)) && !removal) return;

  const at = await roadmapAtBranch(context.octokit, services.roadmaps, {
    owner,
    repo,
    branch: payload.repository.default_branch,
    globs: config.roadmap.paths,
    labelPrefix: config.labels.prefix,
  });
  await refreshGoalComments(context.octokit, {
    issue: { owner, repo, issue_number: payload.issue.number, labels, repositoryUrl: payload.repository.html_url },
    config,
    at,
    now: services.today(),
    isOwn: await services.ownComments(),
    settle: removal,
  });
}

export function registerIssueLabels(app: Probot, services: AppServices): void {
  services.jobs.handle('issue', (context) => refreshIssue(context as Context<IssueEvent>, services));
  app.on(
    [...ISSUE_EVENTS],
    unlessOwnEvent(services, (context) => handleIssueEvent(context, services)),
  );
}
