/**
 * `src/app/` is the Probot wiring only: handlers turn events into jobs, job
 * runners call the flows (src/flows/); the weekly scheduler and the server.
 *
 * The roadmap-bot Probot app: one module per event family, registered here.
 * `roadmapBot(options)` gives the app function plus `idle()` (resolves when
 * the background jobs are done, for tests, the demo and shutdown); the
 * default export is the app with default options, for `probot run`.
 */
import type { Probot } from 'probot';
import { registerGoalCommand } from './goal-command.js';
import { registerIssueLabels } from './issue-labels.js';
import { InProcessJobs, probotContextFactory, type JobEngine } from './jobs.js';
import { RedisJobs } from './redis-jobs.js';
import { registerLabelSync } from './labels-sync.js';
import { registerReview } from './review.js';
import { createServices, type AppOptions, type AppServices } from './services.js';

export type { AppOptions } from './services.js';

export interface RoadmapBot {
  app(app: Probot): void;
  /** Resolves once every background job started so far has finished. */
  idle(): Promise<void>;
  /** Stops taking jobs and waits for the running ones (at most `deadlineMs` with Redis). */
  close(deadlineMs?: number): Promise<void>;
  /** The services of the Probot instance the app was loaded into (for handlers added later). */
  services(): AppServices;
}

export function roadmapBot(options: AppOptions = {}): RoadmapBot {
  let services: AppServices | null = null;
  let jobs: JobEngine | null = null;
  return {
    app(app) {
      const contextFor = probotContextFactory(app);
      jobs = options.redisUrl
        ? new RedisJobs(options.redisUrl, app.log, contextFor, { concurrency: options.jobConcurrency, timings: options.redisJobs })
        : new InProcessJobs(app.log, contextFor, options.jobConcurrency);
      services = createServices(app, options, jobs);
      registerLabelSync(app, services);
      registerIssueLabels(app, services);
      registerGoalCommand(app, services);
      registerReview(app, services);
    },
    idle: () => jobs?.idle() ?? Promise.resolve(),
    close: (deadlineMs) => jobs?.close(deadlineMs) ?? Promise.resolve(),
    services() {
      if (!services) throw new Error('roadmapBot: the app has not been loaded into Probot yet');
      return services;
    },
  };
}

export default (app: Probot): void => roadmapBot().app(app);
