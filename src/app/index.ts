/**
 * The roadmap-bot Probot app: one module per event family, registered here.
 * `roadmapBot(options)` gives the app function plus `idle()` (resolves when
 * the background jobs are done, for tests, the demo and shutdown); the
 * default export is the app with default options, for `probot run`.
 */
import type { Probot } from 'probot';
import { registerGoalCommand } from './goal-command.js';
import { registerIssueLabels } from './issue-labels.js';
import { JobQueue } from './jobs.js';
import { registerLabelSync } from './labels-sync.js';
import { registerReview } from './review.js';
import { createServices, type AppOptions, type AppServices } from './services.js';

export type { AppOptions } from './services.js';

export interface RoadmapBot {
  app(app: Probot): void;
  /** Resolves once every background job started so far has finished. */
  idle(): Promise<void>;
  /** The services of the Probot instance the app was loaded into (for handlers added later). */
  services(): AppServices;
}

export function roadmapBot(options: AppOptions = {}): RoadmapBot {
  let services: AppServices | null = null;
  let jobs: JobQueue | null = null;
  return {
    app(app) {
      jobs = new JobQueue(app.log, options.jobConcurrency);
      services = createServices(app, options, jobs);
      registerLabelSync(app, services);
      registerIssueLabels(app, services);
      registerGoalCommand(app, services);
      registerReview(app, services);
    },
    idle: () => jobs?.idle() ?? Promise.resolve(),
    services() {
      if (!services) throw new Error('roadmapBot: the app has not been loaded into Probot yet');
      return services;
    },
  };
}

export default (app: Probot): void => roadmapBot().app(app);
