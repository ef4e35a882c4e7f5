/**
 * Issue events' wiring (SPEC §6; the work is src/flows/issue-labels.ts).
 * Issues without labels cost no API call. The work runs as a background job in the issue's lane: the webhook is
 * answered at once, and two events of one issue (GitHub sends `opened` and
 * `labeled` together for an issue created with a label) never race to post
 * the same comment twice.
 */
import type { Context, Probot } from 'probot';
import { labelNames } from '../github/labels.js';
import { refreshIssueGoals } from '../flows/issue-labels.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
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
  await refreshIssueGoals(context.octokit, services, context.log, await repositoryConfig(context, services), {
    ...context.repo(),
    number: payload.issue.number,
    labels: labelNames(payload.issue.labels),
    changed: 'label' in payload ? payload.label?.name : undefined,
    removal: payload.action === 'unlabeled',
    defaultBranch: payload.repository.default_branch,
    repositoryUrl: payload.repository.html_url,
  });
}

export function registerIssueLabels(app: Probot, services: AppServices): void {
  services.jobs.handle('issue', (context) => refreshIssue(context as Context<IssueEvent>, services));
  app.on(
    [...ISSUE_EVENTS],
    unlessOwnEvent(services, (context) => handleIssueEvent(context, services)),
  );
}
