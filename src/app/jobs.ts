/**
 * Background work outside the webhook request. GitHub waits at most 10 s for
 * a webhook response (and Probot answers only after the handlers finish), so
 * the handlers' work — reviewing a pull request, replying on an issue,
 * syncing every label of a repository — runs here, a few jobs at a time. One
 * failing job is logged and never stops the others.
 *
 * Jobs may name a lane: jobs of one lane run one at a time, in the order they
 * were added, while other lanes go on. Work on one issue or pull request is
 * one lane, so two overlapping deliveries for it (a redelivery, or the
 * `opened` and `labeled` GitHub sends together for an issue created with a
 * label) never both find no marked comment and both post one.
 */
import { Context, type Probot } from 'probot';
import type { RepositoryRef } from '../github/client.js';
import type { AppLog } from '../flows/log.js';

export interface JobOptions {
  /** Jobs with the same lane never overlap and start in the order they were added. */
  lane?: string;
  /**
   * Only the newest waiting `latestOnly` job of a lane is worth running (a
   * review reads the head as it is when it runs): an older one still waiting
   * when a newer one is added to its lane is dropped. Running jobs finish.
   */
  latestOnly?: boolean;
}

interface Job {
  name: string;
  run: () => Promise<void>;
  lane: string | undefined;
  latestOnly: boolean;
}

/** The lane of an issue or pull request (they share their numbers). */
export function threadLane(repository: RepositoryRef, number: number): string {
  return `${repository.owner}/${repository.repo}#${number}`.toLowerCase();
}

export class JobQueue {
  readonly concurrency: number;
  readonly #log: Pick<AppLog, 'error'>;
  readonly #waiting: Job[] = [];
  readonly #busyLanes = new Set<string>();
  #running = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(log: Pick<AppLog, 'error'>, concurrency = 4) {
    this.#log = log;
    this.concurrency = Math.max(1, Math.floor(concurrency));
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.#waiting.length + this.#running;
  }

  add(name: string, run: () => Promise<void>, options: JobOptions = {}): void {
    this.#waiting.push({ name, run, lane: options.lane, latestOnly: options.latestOnly ?? false });
    this.#next();
  }

  /** Resolves once every job added so far (and any they add) has finished. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** A newer `latestOnly` job of the same lane is waiting (the queue keeps jobs in the order added). */
  #superseded(job: Job): boolean {
    return job.latestOnly && this.#waiting.some((other) => other.lane === job.lane && other.latestOnly);
  }

  #next(): void {
    let index = 0;
    while (this.#running < this.concurrency && index < this.#waiting.length) {
      const job = this.#waiting[index];
      if (job.lane !== undefined && this.#busyLanes.has(job.lane)) {
        index += 1;
        continue;
      }
      this.#waiting.splice(index, 1);
      if (job.lane !== undefined && this.#superseded(job)) continue;
      if (job.lane !== undefined) this.#busyLanes.add(job.lane);
      this.#running += 1;
      void this.#run(job);
    }
    if (this.pending === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async #run(job: Job): Promise<void> {
    try {
      await job.run();
    } catch (error) {
      this.#log.error({ err: error, job: job.name }, `roadmap-bot: job "${job.name}" failed`);
    } finally {
      if (job.lane !== undefined) this.#busyLanes.delete(job.lane);
      this.#running -= 1;
      this.#next();
    }
  }
}

/** The kinds of background work, each run by the handler its module registers. */
export type JobKind = 'review' | 'issue' | 'goal-command' | 'label-sync' | 'push';

/**
 * One piece of background work as plain data, so any instance can run it:
 * never a closure over a webhook context. The webhook's name and payload
 * travel with it, and the worker rebuilds the context from them with an
 * installation client of its own.
 */
export interface JobData {
  kind: JobKind;
  /** The webhook's `X-GitHub-Delivery`: a redelivery is the same job. */
  deliveryId: string;
  installationId: number;
  owner: string;
  repo: string;
  /** The issue or pull request; absent for work on the whole repository. */
  number?: number;
  /** The pull request head a review is for. */
  headSha?: string;
  event: { name: string; payload: unknown };
}

/** Runs one kind of job from its data, with the context rebuilt from the webhook it came from. */
export type JobRunner = (context: Context, job: JobData) => Promise<void>;

/** The queue the handlers put jobs on: in process, or BullMQ on Redis (`src/app/redis-jobs.ts`). */
export interface JobEngine {
  /** Registers the runner of a kind (each use case registers its own). */
  handle(kind: JobKind, runner: JobRunner): void;
  /** Resolves once the job is stored: in memory, or in Redis before the webhook is answered. */
  enqueue(job: JobData): Promise<void>;
  /** Resolves once the jobs this instance started or queued have finished (tests, the demo). */
  idle(): Promise<void>;
  /**
   * Runs `run` once for `key` across every instance (the weekly issue of a
   * repository and ISO week): `busy` while another instance runs it, `done`
   * after one succeeded.
   */
  once<T>(key: string, run: () => Promise<T>): Promise<Once<T>>;
  /** Stops taking jobs and waits for the running ones, at most `deadlineMs`. */
  close(deadlineMs?: number): Promise<void>;
}

export type Once<T> = { ran: true; value: T } | { ran: false; reason: 'busy' | 'done' };

/** Jobs of one lane never overlap: an issue or pull request, or a whole repository. */
export function jobLane(job: Pick<JobData, 'owner' | 'repo' | 'number'>): string {
  const repository = { owner: job.owner, repo: job.repo };
  return job.number === undefined ? `${job.owner}/${job.repo}`.toLowerCase() : threadLane(repository, job.number);
}

/** A readable name for logs. */
export function jobName(job: JobData): string {
  const where = `${job.owner}/${job.repo}${job.number === undefined ? '' : `#${job.number}`}`;
  return `${job.kind} ${where}${job.headSha ? `@${job.headSha.slice(0, 7)}` : ''} (delivery ${job.deliveryId})`;
}

/** Only the newest waiting review of a pull request is worth running: it reads the head as it is then. */
export function latestOnly(job: Pick<JobData, 'kind'>): boolean {
  return job.kind === 'review';
}

/** Builds the context a job runs with: an installation client and a logger, from the job's data alone. */
export type ContextFactory = (job: JobData) => Promise<Context>;

export function probotContextFactory(app: Probot): ContextFactory {
  return async (job) => {
    const octokit = await app.auth(job.installationId);
    const log = app.log.child({ name: 'job', id: job.deliveryId });
    return new Context({ id: job.deliveryId, name: job.event.name, payload: job.event.payload } as never, octokit, log);
  };
}

/** Finds the runner of a job's kind and runs it. */
export class JobRunners {
  readonly #runners = new Map<JobKind, JobRunner>();
  readonly #contextFor: ContextFactory;

  constructor(contextFor: ContextFactory) {
    this.#contextFor = contextFor;
  }

  handle(kind: JobKind, runner: JobRunner): void {
    this.#runners.set(kind, runner);
  }

  async run(job: JobData): Promise<void> {
    const runner = this.#runners.get(job.kind);
    if (!runner) throw new Error(`roadmap-bot: no runner for jobs of kind "${job.kind}"`);
    await runner(await this.#contextFor(job), job);
  }
}

/** The embedded engine: a `JobQueue` in this process (without REDIS_URL: the demo, tests, one small server). */
export class InProcessJobs implements JobEngine {
  readonly #queue: JobQueue;
  readonly #runners: JobRunners;

  constructor(log: Pick<AppLog, 'error'>, contextFor: ContextFactory, concurrency?: number) {
    this.#queue = new JobQueue(log, concurrency);
    this.#runners = new JobRunners(contextFor);
  }

  handle(kind: JobKind, runner: JobRunner): void {
    this.#runners.handle(kind, runner);
  }

  enqueue(job: JobData): Promise<void> {
    this.#queue.add(jobName(job), () => this.#runners.run(job), { lane: jobLane(job), latestOnly: latestOnly(job) });
    return Promise.resolve();
  }

  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** One process: the scheduler's own state already keeps a repository's week from running twice. */
  async once<T>(_key: string, run: () => Promise<T>): Promise<Once<T>> {
    return { ran: true, value: await run() };
  }

  async close(): Promise<void> {
    await this.#queue.idle();
  }
}

/** The job of a webhook: its delivery id, installation and payload, and what it is about. */
export function jobOf(
  context: { id: string; name: string; payload: unknown },
  kind: JobKind,
  target: RepositoryRef & { number?: number; headSha?: string },
): JobData {
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
  if (installationId === undefined) throw new Error(`roadmap-bot: the ${context.name} delivery ${context.id} names no installation`);
  return { kind, deliveryId: context.id, installationId, ...target, event: { name: context.name, payload: context.payload } };
}
