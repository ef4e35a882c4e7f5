/**
 * The pull-request review's wiring (the review itself is src/flows/review.ts):
 * which events start one, and the job that runs it for the current head.
 */
import type { Context, Probot } from 'probot';
import { reviewPullRequest, type ReviewTarget } from '../flows/review.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { isOwnEvent, type AppServices } from './services.js';

export const REVIEW_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.edited'] as const;

type ReviewEvent = (typeof REVIEW_EVENTS)[number];

export function isReviewedEvent(payload: {
  action: string;
  changes?: { base?: unknown } | null;
  pull_request: { state: string };
}): boolean {
  if (payload.pull_request.state === 'closed') return false;
  // Editing the title or body changes nothing to review; retargeting the base does.
  return payload.action !== 'edited' || Boolean(payload.changes?.base);
}

async function handlePullRequest(context: Context<ReviewEvent>, services: AppServices): Promise<void> {
  const { payload } = context;
  if (!isReviewedEvent(payload)) return;
  // Pull requests the app opened itself are not reviewed (no loops).
  if (isOwnEvent({ sender: payload.pull_request.user }, await services.identity())) return;
  // Reviews of one pull request never overlap (two could post two comments), and one that a
  // newer event overtakes while it waits is dropped: the newer one reads the newer head.
  const { number, head } = payload.pull_request;
  await services.jobs.enqueue(jobOf(context, 'review', { ...context.repo(), number, headSha: head.sha }));
}

async function runReview(context: Context<ReviewEvent>, services: AppServices): Promise<void> {
  const { payload } = context;
  const { owner, repo } = context.repo();
  const pullRequest = payload.pull_request;
  const target: ReviewTarget = {
    owner,
    repo,
    number: pullRequest.number,
    baseSha: pullRequest.base.sha,
    headSha: pullRequest.head.sha,
    repositoryUrl: payload.repository.html_url,
  };
  const name = `review ${owner}/${repo}#${target.number}@${target.headSha.slice(0, 7)}`;
  const outcome = await reviewPullRequest(context.octokit, services, target, { log: context.log, configContext: context });
  context.log.info(
    { repository: `${owner}/${repo}`, pull: target.number, head: target.headSha, status: outcome.status },
    `roadmap-bot: ${name}: ${outcome.status}${'comment' in outcome ? `, comment ${outcome.comment}` : ''}${'checkRun' in outcome ? `, check run ${outcome.checkRun} (${outcome.conclusion})` : ''}`,
  );
}

export function registerReview(app: Probot, services: AppServices): void {
  services.jobs.handle('review', (context) => runReview(context as Context<ReviewEvent>, services));
  app.on(
    [...REVIEW_EVENTS],
    unlessOwnEvent(services, (context) => handlePullRequest(context, services)),
  );
}
