/**
 * The weekly job for one installed repository, outside the scheduler's
 * timing: the demo's "weekly job at --now" step, and anything else that
 * wants this week's status issue now. Reads the repository's config the way
 * webhooks do (`_extends` and the organisation's `.github` repository work)
 * and acts as the app, so markers count only on the app's own issues.
 */
import type { ConfigProblem } from '../core/config/config.js';
import { loadRepositoryConfig } from '../github/config.js';
import type { AppOctokit, RepositoryRef } from '../github/client.js';
import { runWeeklyJob, weeklyIdentity, type WeeklyJobResult } from '../flows/weekly.js';
import type { SchedulerServices } from './scheduler.js';

export interface WeeklyNowOptions extends RepositoryRef {
  /** Default: the services' clock. */
  now?: Date;
  dryRun?: boolean;
}

export interface WeeklyNowResult extends WeeklyJobResult {
  configProblems: ConfigProblem[];
}

/**
 * Posts or updates this week's status issue of one repository with an
 * installation client (`await app.auth(installationId)`). Runs even when
 * `weekly.enabled` is off: that switch is the scheduler's.
 */
export async function runWeeklyNow(octokit: AppOctokit, services: SchedulerServices, options: WeeklyNowOptions): Promise<WeeklyNowResult> {
  const repository = { owner: options.owner, repo: options.repo };
  const { config, problems } = await loadRepositoryConfig(octokit, repository);
  const result = await runWeeklyJob(octokit, {
    ...repository,
    now: options.now ?? services.clock(),
    config,
    configProblems: problems,
    identity: weeklyIdentity(await services.identity()),
    dryRun: options.dryRun,
    roadmaps: services.roadmaps,
  });
  return { ...result, configProblems: problems };
}
