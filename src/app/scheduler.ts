/**
 * The weekly status issue in server mode (SPEC §7, §10): a timer (croner)
 * that every few minutes, and once at start, walks every installed
 * repository and posts the week's status issue where it is due. The list of
 * installations and repositories is read again hourly, and at the next check
 * after an `installation` or `installation_repositories` webhook. It never
 * runs inside a webhook request, and it is safe to restart or to run on
 * several instances: the job finds this week's issue by its marker and only
 * finishes what a failed run left undone. One failing repository is logged
 * and never stops the others. Whether an instance runs it at all is
 * `ROADMAP_BOT_SCHEDULER` (read by `src/app/env.ts`).
 */
import { Cron } from 'croner';
import type { Config } from '../core/config/config.js';
import { isDue, nextRun } from '../core/weekly/schedule.js';
import type { AppOctokit, GitHubClient, RepositoryRef } from '../github/client.js';
import { loadRepositoryConfig, type LoadedConfig } from '../github/config.js';
import type { AppIdentity } from '../github/comments.js';
import type { RoadmapCache } from '../github/roadmap-cache.js';
import { runWeeklyJob, weeklyIdentity, type WeeklyJobOptions, type WeeklyJobResult } from '../flows/weekly.js';
import { logConfigProblems } from '../flows/log.js';
import type { JobEngine, Once } from './jobs.js';

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
  /** The app's id and slug: markers count only on what it wrote, and its status issues are found by author. */
  identity(): Promise<AppIdentity>;
  /** Runs a repository's week once across every instance sharing the job engine (all schedulers stay on). */
  jobs?: Pick<JobEngine, 'once'>;
}

/** The webhook events that change which repositories are installed. */
export type InstallationEvent = 'installation' | 'installation_repositories';

/** Where the scheduler hears of installation changes (Probot's `probot.webhooks`). */
export interface InstallationEvents {
  on(events: InstallationEvent[], handler: () => void): void;
  removeListener(events: InstallationEvent[], handler: () => void): void;
}

const INSTALLATION_EVENTS: InstallationEvent[] = ['installation', 'installation_repositories'];

export interface SchedulerOptions {
  /** Cron pattern of the checks (default every 5 minutes). */
  pattern?: string;
  /** How long a repository's config is trusted before it is read again (default 1 hour). */
  configTtlMs?: number;
  /** How long the list of installed repositories is trusted before it is read again (default 1 hour). */
  installationsTtlMs?: number;
  /** How long a failing repository waits before the next try (default 15 minutes). */
  retryAfterMs?: number;
  /** Repositories worked on at once (default 4). */
  concurrency?: number;
  /** The job itself; replaced in tests. */
  runJob?: (octokit: GitHubClient, options: WeeklyJobOptions) => Promise<WeeklyJobResult>;
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

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class WeeklyScheduler {
  readonly #app: SchedulerApp;
  readonly #services: SchedulerServices;
  readonly #options: Required<Omit<SchedulerOptions, 'pattern'>>;
  readonly #pattern: string;
  readonly #states = new Map<string, RepositoryState>();
  #installed: { repositories: InstallationRepository[]; at: number } | null = null;
  /** Bumped by each invalidation, so a listing under way when one arrives is not kept. */
  #installationsVersion = 0;
  #cron: Cron | null = null;
  #running: Promise<TickReport> | null = null;
  #firstCheck: NodeJS.Immediate | null = null;
  #unfollow: (() => void) | null = null;

  constructor(app: SchedulerApp, services: SchedulerServices, options: SchedulerOptions = {}) {
    this.#app = app;
    this.#services = services;
    this.#pattern = options.pattern ?? DEFAULT_PATTERN;
    this.#options = {
      configTtlMs: options.configTtlMs ?? HOUR_MS,
      installationsTtlMs: options.installationsTtlMs ?? HOUR_MS,
      retryAfterMs: options.retryAfterMs ?? DEFAULT_RETRY_MS,
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
      runJob: options.runJob ?? runWeeklyJob,
    };
  }

  /** Starts the timer and one check right away (after the current event-loop turn, never inside a request). */
  start(): this {
    if (this.#cron) return this;
    this.#cron = new Cron(this.#pattern, { protect: true, unref: true, catch: false }, () => this.#tickLogged());
    this.#firstCheck = setImmediate(() => {
      this.#firstCheck = null;
      void this.#tickLogged();
    });
    return this;
  }

  /** Stops the timer (and the first check, when it has not begun); resolves once the pass under way is done. */
  async stop(): Promise<void> {
    this.#cron?.stop();
    this.#cron = null;
    if (this.#firstCheck) clearImmediate(this.#firstCheck);
    this.#firstCheck = null;
    this.#unfollow?.();
    this.#unfollow = null;
    // The pass's own failure is logged by whoever started it; stopping only waits for it.
    await this.#running?.catch(() => undefined);
  }

  /** The installed repositories are read again at the next check (an installation or its repositories changed). */
  invalidateInstallations(): void {
    this.#installed = null;
    this.#installationsVersion += 1;
  }

  /** Calls `invalidateInstallations()` on every installation webhook, until `stop()`. */
  followInstallations(events: InstallationEvents): this {
    this.#unfollow?.();
    const invalidate = (): void => this.invalidateInstallations();
    events.on(INSTALLATION_EVENTS, invalidate);
    this.#unfollow = () => events.removeListener(INSTALLATION_EVENTS, invalidate);
    return this;
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

  /** The installed repositories, read again when older than the TTL or invalidated. */
  async #repositories(): Promise<InstallationRepository[]> {
    const now = this.#services.clock().getTime();
    if (this.#installed && now - this.#installed.at < this.#options.installationsTtlMs) return this.#installed.repositories;
    const version = this.#installationsVersion;
    const { repositories, complete } = await this.#listRepositories();
    // A partial list (an installation could not be read) is used once and read again at the next check.
    if (complete && version === this.#installationsVersion) this.#installed = { repositories, at: now };
    return repositories;
  }

  async #listRepositories(): Promise<{ repositories: InstallationRepository[]; complete: boolean }> {
    const appOctokit = (await this.#app.auth()) as GitHubClient;
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
    const repositories: InstallationRepository[] = [];
    let complete = true;
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
        complete = false;
        this.#app.log.error(
          { err: error, installation: installation.id },
          `roadmap-bot: the weekly scheduler could not list the repositories of installation ${installation.id}: ${message(error)}`,
        );
      }
    }
    return { repositories, complete };
  }

  async #config(octokit: AppOctokit, repository: InstallationRepository, state: RepositoryState, now: number): Promise<LoadedConfig> {
    if (state.config && now - state.config.at < this.#options.configTtlMs) return state.config.loaded;
    const loaded = await loadRepositoryConfig(octokit, repository);
    state.config = { loaded, at: now };
    logConfigProblems(this.#app.log, repository.fullName, loaded.problems);
    return loaded;
  }

  /** Decides for one repository and runs the job when due; never throws. */
  async #visit(repository: InstallationRepository): Promise<RepositoryOutcome> {
    const key = repository.fullName.toLowerCase();
    const state = this.#stateOf(key);
    const now = this.#services.clock();
    const nowMs = now.getTime();
    if (nowMs < state.notBefore) return { repository: repository.fullName, outcome: 'waiting' };
    try {
      const octokit = (await this.#app.auth(repository.installationId)) as AppOctokit;
      const { config, problems } = await this.#config(octokit, repository, state, nowMs);
      const recheckConfig = nowMs + this.#options.configTtlMs;
      if (!config.weekly.enabled) {
        state.notBefore = recheckConfig;
        return { repository: repository.fullName, outcome: 'disabled' };
      }
      const schedule = this.#schedule(config);
      const { due, week } = isDue(now, schedule);
      const nextVisit = (): number => Math.min(nextRun(now, schedule).getTime(), recheckConfig);
      if (!due || state.postedWeek === week) {
        state.notBefore = nextVisit();
        return { repository: repository.fullName, outcome: 'waiting' };
      }
      const once = await this.#runWeekOnce(octokit, repository, `weekly:${key}:${week}`, { now, config, configProblems: problems });
      if (!once.ran) {
        // Another instance is posting this week's issue (look again at the next check) or has posted it.
        if (once.reason === 'done') {
          state.postedWeek = week;
          state.notBefore = nextVisit();
        }
        return { repository: repository.fullName, outcome: 'waiting' };
      }
      const result = once.value;
      state.postedWeek = week;
      state.notBefore = nextVisit();
      this.#logResult(repository, week, result);
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

  #stateOf(key: string): RepositoryState {
    let state = this.#states.get(key);
    if (!state) {
      state = { notBefore: 0 };
      this.#states.set(key, state);
    }
    return state;
  }

  /** The week's job, run by this instance unless another one sharing the job engine runs or ran it. */
  async #runWeekOnce(
    octokit: AppOctokit,
    repository: InstallationRepository,
    onceKey: string,
    job: Pick<WeeklyJobOptions, 'now' | 'config' | 'configProblems'>,
  ): Promise<Once<WeeklyJobResult>> {
    const identity = weeklyIdentity(await this.#services.identity());
    const run = (): Promise<WeeklyJobResult> =>
      this.#options.runJob(octokit, {
        owner: repository.owner,
        repo: repository.repo,
        ...job,
        identity,
        onlyIfMissing: true,
        roadmaps: this.#services.roadmaps,
      });
    return this.#services.jobs ? await this.#services.jobs.once(onceKey, run) : { ran: true, value: await run() };
  }

  #logResult(repository: InstallationRepository, week: string, result: WeeklyJobResult): void {
    if (result.action !== 'skipped') {
      this.#app.log.info(
        { repository: repository.fullName, week, issue: result.issueNumber, calls: result.calls },
        `roadmap-bot: weekly status ${week} ${result.action} in ${repository.fullName} (#${result.issueNumber})`,
      );
    } else if (result.closedPrevious !== undefined) {
      this.#app.log.info(
        { repository: repository.fullName, week, issue: result.issueNumber, closed: result.closedPrevious },
        `roadmap-bot: weekly status ${week} in ${repository.fullName}: closed #${result.closedPrevious}, superseded by #${result.issueNumber}`,
      );
    } else {
      this.#app.log.debug({ repository: repository.fullName, week }, `roadmap-bot: weekly status skipped: ${result.reason}`);
    }
  }

  #schedule(config: Config): { day: Config['weekly']['day']; time: string; timezone: string } {
    return { day: config.weekly.day, time: config.weekly.time, timezone: config.weekly.timezone };
  }
}

/**
 * The scheduler as the server's background service (`startServer({ scheduler })`):
 * started once the server listens, following the installation webhooks, and
 * stopped with it. The caller decides whether this instance runs it
 * (`ROADMAP_BOT_SCHEDULER`, read by `readServeEnvironment`).
 */
export function weeklySchedulerService(
  options: SchedulerOptions = {},
): (server: { probot: SchedulerApp & { webhooks: InstallationEvents }; bot: { services(): SchedulerServices } }) => WeeklyScheduler {
  return ({ probot, bot }) => new WeeklyScheduler(probot, bot.services(), options).followInstallations(probot.webhooks).start();
}
