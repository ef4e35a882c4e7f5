/**
 * The weekly status issue in server mode (SPEC §7, §10): a timer (croner)
 * that every few minutes, and once at start, walks every installation and
 * repository and posts the week's status issue where it is due. It never
 * runs inside a webhook request, and it is safe to restart or to run on
 * several instances: the job finds this week's issue by its marker and does
 * nothing when it exists. One failing repository is logged and never stops
 * the others. `ROADMAP_BOT_SCHEDULER=off` turns it off on an instance (when
 * the job runs elsewhere: Actions, a cron job, another instance).
 */
import { Cron } from 'croner';
import type { Config } from '../core/config.js';
import { isDue, nextRun } from '../core/schedule.js';
import type { GitHubClient, RepositoryRef } from '../github/client.js';
import { loadRepositoryConfig, type ConfigOctokit, type LoadedConfig } from '../github/config.js';
import type { OwnCommentTest } from '../github/comments.js';
import type { RoadmapCache } from '../github/roadmap-cache.js';
import { runWeeklyJob, type WeeklyJobOptions, type WeeklyJobResult } from '../github/weekly.js';

export type SchedulerOctokit = GitHubClient & ConfigOctokit;

export interface SchedulerLog {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** The part of Probot the scheduler needs: app-level and installation clients, and the log. */
export interface SchedulerApp {
  auth(installationId?: number): Promise<unknown>;
  log: SchedulerLog;
}

/** The part of the app's services the scheduler needs. */
export interface SchedulerServices {
  clock: () => Date;
  roadmaps: RoadmapCache;
  ownComments(): Promise<OwnCommentTest>;
}

export interface SchedulerOptions {
  /** Cron pattern of the checks (default every 5 minutes). */
  pattern?: string;
  /** How long a repository's config is trusted before it is read again (default 1 hour). */
  configTtlMs?: number;
  /** How long a failing repository waits before the next try (default 15 minutes). */
  retryAfterMs?: number;
  /** Repositories worked on at once (default 4). */
  concurrency?: number;
  /** The job itself; replaced in tests. */
  runJob?: (octokit: GitHubClient, options: WeeklyJobOptions) => Promise<WeeklyJobResult>;
  /** Environment read for `ROADMAP_BOT_SCHEDULER` (default `process.env`). */
  env?: Record<string, string | undefined>;
}

export interface RepositoryOutcome {
  repository: string;
  /** `waiting`: not due yet, or nothing to do until the next run time. */
  outcome: WeeklyJobResult['action'] | 'waiting' | 'disabled' | 'failed';
  issueNumber?: number;
  error?: string;
}

export interface TickReport {
  outcomes: RepositoryOutcome[];
}

const DEFAULT_PATTERN = '*/5 * * * *';
const HOUR_MS = 3_600_000;
const DEFAULT_RETRY_MS = 15 * 60_000;

interface RepositoryState {
  config?: { loaded: LoadedConfig; at: number };
  /** Nothing to do before this instant (ms). */
  notBefore: number;
  /** The ISO week whose issue is known to exist. */
  postedWeek?: string;
}

interface InstallationRepository extends RepositoryRef {
  fullName: string;
  installationId: number;
}

/** True unless `ROADMAP_BOT_SCHEDULER` turns the scheduler off (`off`, `false`, `0`, `no`, `disabled`). */
export function schedulerEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const value = env.ROADMAP_BOT_SCHEDULER?.trim().toLowerCase();
  return !value || !['off', 'false', '0', 'no', 'disabled'].includes(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class WeeklyScheduler {
  readonly #app: SchedulerApp;
  readonly #services: SchedulerServices;
  readonly #options: Required<Omit<SchedulerOptions, 'env' | 'pattern'>>;
  readonly #pattern: string;
  readonly #states = new Map<string, RepositoryState>();
  #cron: Cron | null = null;
  #running: Promise<TickReport> | null = null;

  constructor(app: SchedulerApp, services: SchedulerServices, options: SchedulerOptions = {}) {
    this.#app = app;
    this.#services = services;
    this.#pattern = options.pattern ?? DEFAULT_PATTERN;
    this.#options = {
      configTtlMs: options.configTtlMs ?? HOUR_MS,
      retryAfterMs: options.retryAfterMs ?? DEFAULT_RETRY_MS,
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
      runJob: options.runJob ?? runWeeklyJob,
    };
  }

  /** Starts the timer and one check right away (after the current event-loop turn, never inside a request). */
  start(): this {
    if (this.#cron) return this;
    this.#cron = new Cron(this.#pattern, { protect: true, unref: true, catch: false }, () => this.#tickLogged());
    setImmediate(() => void this.#tickLogged());
    return this;
  }

  stop(): void {
    this.#cron?.stop();
    this.#cron = null;
  }

  /** The next timer check, or null when stopped. */
  nextCheck(): Date | null {
    return this.#cron?.nextRun() ?? null;
  }

  /** One pass over every installed repository; concurrent calls share the pass under way. */
  tick(): Promise<TickReport> {
    this.#running ??= this.#tick().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #tickLogged(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.#app.log.error({ err: error }, `roadmap-bot: the weekly scheduler could not list installations: ${message(error)}`);
    }
  }

  async #tick(): Promise<TickReport> {
    const repositories = await this.#repositories();
    const seen = new Set(repositories.map((repository) => repository.fullName.toLowerCase()));
    for (const key of this.#states.keys()) if (!seen.has(key)) this.#states.delete(key);

    const outcomes: RepositoryOutcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < repositories.length) {
        const repository = repositories[next++];
        outcomes.push(await this.#visit(repository));
      }
    };
    await Promise.all(Array.from({ length: this.#options.concurrency }, worker));
    return { outcomes };
  }

  async #repositories(): Promise<InstallationRepository[]> {
    const appOctokit = (await this.#app.auth()) as GitHubClient;
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
    const repositories: InstallationRepository[] = [];
    for (const installation of installations) {
      if (installation.suspended_at) continue;
      try {
        const octokit = (await this.#app.auth(installation.id)) as GitHubClient;
        const listed = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
        for (const repository of listed) {
          if (repository.archived || repository.disabled) continue;
          repositories.push({
            owner: repository.owner.login,
            repo: repository.name,
            fullName: repository.full_name,
            installationId: installation.id,
          });
        }
      } catch (error) {
        this.#app.log.error(
          { err: error, installation: installation.id },
          `roadmap-bot: the weekly scheduler could not list the repositories of installation ${installation.id}: ${message(error)}`,
        );
      }
    }
    return repositories;
  }

  async #config(octokit: SchedulerOctokit, repository: InstallationRepository, state: RepositoryState, now: number): Promise<LoadedConfig> {
    if (state.config && now - state.config.at < this.#options.configTtlMs) return state.config.loaded;
    const loaded = await loadRepositoryConfig(octokit, repository);
    state.config = { loaded, at: now };
    for (const problem of loaded.problems) {
      this.#app.log.warn(
        { repository: repository.fullName, key: problem.key },
        `roadmap-bot: ${repository.fullName} .github/roadmap-bot.yml: ${problem.key}: ${problem.message}`,
      );
    }
    return loaded;
  }

  /** Decides for one repository and runs the job when due; never throws. */
  async #visit(repository: InstallationRepository): Promise<RepositoryOutcome> {
    const key = repository.fullName.toLowerCase();
    let state = this.#states.get(key);
    if (!state) {
      state = { notBefore: 0 };
      this.#states.set(key, state);
    }
    const now = this.#services.clock();
    const nowMs = now.getTime();
    if (nowMs < state.notBefore) return { repository: repository.fullName, outcome: 'waiting' };
    try {
      const octokit = (await this.#app.auth(repository.installationId)) as SchedulerOctokit;
      const { config, problems } = await this.#config(octokit, repository, state, nowMs);
      const recheckConfig = nowMs + this.#options.configTtlMs;
      if (!config.weekly.enabled) {
        state.notBefore = recheckConfig;
        return { repository: repository.fullName, outcome: 'disabled' };
      }
      const schedule = this.#schedule(config);
      const { due, week } = isDue(now, schedule);
      if (!due || state.postedWeek === week) {
        state.notBefore = Math.min(nextRun(now, schedule).getTime(), recheckConfig);
        return { repository: repository.fullName, outcome: 'waiting' };
      }
      const result = await this.#options.runJob(octokit, {
        owner: repository.owner,
        repo: repository.repo,
        now,
        config,
        configProblems: problems,
        identity: { isOwn: await this.#services.ownComments() },
        onlyIfMissing: true,
        roadmaps: this.#services.roadmaps,
      });
      state.postedWeek = week;
      state.notBefore = Math.min(nextRun(now, schedule).getTime(), recheckConfig);
      if (result.action !== 'skipped') {
        this.#app.log.info(
          { repository: repository.fullName, week, issue: result.issueNumber, calls: result.calls },
          `roadmap-bot: weekly status ${week} ${result.action} in ${repository.fullName} (#${result.issueNumber})`,
        );
      } else {
        this.#app.log.debug({ repository: repository.fullName, week }, `roadmap-bot: weekly status skipped: ${result.reason}`);
      }
      return { repository: repository.fullName, outcome: result.action, issueNumber: result.issueNumber };
    } catch (error) {
      state.notBefore = nowMs + this.#options.retryAfterMs;
      // A config read that failed must not be trusted next time either.
      state.config = undefined;
      this.#app.log.error(
        { err: error, repository: repository.fullName },
        `roadmap-bot: the weekly status of ${repository.fullName} failed (retrying in ${Math.round(this.#options.retryAfterMs / 60_000)} min): ${message(error)}`,
      );
      return { repository: repository.fullName, outcome: 'failed', error: message(error) };
    }
  }

  #schedule(config: Config): { day: Config['weekly']['day']; time: string; timezone: string } {
    return { day: config.weekly.day, time: config.weekly.time, timezone: config.weekly.timezone };
  }
}

/**
 * Starts the weekly scheduler for a Probot app, unless `ROADMAP_BOT_SCHEDULER`
 * turns it off (then returns null and logs why).
 */
export function startWeeklyScheduler(
  app: SchedulerApp,
  services: SchedulerServices,
  options: SchedulerOptions = {},
): WeeklyScheduler | null {
  if (!schedulerEnabled(options.env ?? process.env)) {
    app.log.info({}, 'roadmap-bot: weekly scheduler off (ROADMAP_BOT_SCHEDULER); run `roadmap-bot weekly` elsewhere');
    return null;
  }
  return new WeeklyScheduler(app, services, options).start();
}

/**
 * The scheduler as the server's background service (`startServer({ scheduler })`):
 * started once the server listens, stopped with it. The caller decides
 * whether this instance runs it (`ROADMAP_BOT_SCHEDULER`).
 */
export function weeklySchedulerService(
  options: SchedulerOptions = {},
): (server: { probot: SchedulerApp; bot: { services(): SchedulerServices } }) => WeeklyScheduler {
  return ({ probot, bot }) => new WeeklyScheduler(probot, bot.services(), options).start();
}
