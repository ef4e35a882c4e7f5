/**
 * The `/goal` command's wiring: a comment that may hold one is queued as a
 * job in the issue's lane; the job applies it (src/flows/goal-command.ts).
 */
import type { Context, Probot } from 'probot';
import { applyGoalCommand } from '../flows/goal-command.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { repositoryConfig, type AppServices } from './services.js';

/**
 * Queues the command as a background job in the issue's lane (after any
 * issue event of the same issue still being handled). Most comments are not
 * commands and cost no API call and no job.
 */
export async function handleGoalCommand(context: Context<'issue_comment.created'>, services: AppServices): Promise<void> {
  const { payload } = context;
  if (!/^ {0,3}\/goal\b/m.test(payload.comment.body)) return;
  if (payload.comment.user?.type === 'Bot' || payload.sender.type === 'Bot') return;
  await services.jobs.enqueue(jobOf(context, 'goal-command', { ...context.repo(), number: payload.issue.number }));
}

async function runGoalCommand(context: Context<'issue_comment.created'>, services: AppServices): Promise<void> {
  const { payload } = context;
  const author = payload.comment.user ?? payload.sender;
  await applyGoalCommand(context.octokit, services, context.log, await repositoryConfig(context, services), {
    ...context.repo(),
    number: payload.issue.number,
    comment: { id: payload.comment.id, body: payload.comment.body, author: { id: author.id, login: author.login } },
    defaultBranch: payload.repository.default_branch,
    repositoryUrl: payload.repository.html_url,
  });
}

export function registerGoalCommand(app: Probot, services: AppServices): void {
  services.jobs.handle('goal-command', (context) => runGoalCommand(context as Context<'issue_comment.created'>, services));
  app.on(
    'issue_comment.created',
    unlessOwnEvent(services, (context) => handleGoalCommand(context, services)),
  );
}
