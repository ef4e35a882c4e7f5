/**
 * The background jobs on Redis/Valkey with BullMQ (SPEC §10.1), used when
 * `REDIS_URL` is set: every instance receives webhooks and works jobs.
 *
 * - Acknowledged means durable: `enqueue` resolves once the job is in Redis,
 *   and Probot answers the webhook only after the handlers resolve.
 * - A redelivery runs once: the BullMQ job id is the delivery id plus what
 *   the job is about, and BullMQ ignores a job whose id it already holds;
 *   once done, a small mark under that id (kept a day) stands in for the job,
 *   whose payload is not kept.
 * - One issue or pull request is worked on by one instance at a time: a job
 *   first takes its lane's lock in Redis (`SET NX` with a lease renewed while
 *   it runs); a job that finds the lock taken goes back to the delayed set
 *   for a moment, without using up an attempt. BullMQ's open-source queue
 *   has no per-group ordering, and the handlers read GitHub as it is when
 *   they run, so mutual exclusion is what matters, not order.
 * - Reviews review the current head: the newest pull-request update seen is
 *   kept per lane, and a waiting review of another head is dropped.
 * - A worker that dies (SIGKILL, OOM) stops renewing its BullMQ lock; BullMQ's
 *   stalled-job check hands the job to another worker, and the lane lock's
 *   lease runs out by then, so the job finishes elsewhere within about one
 *   and a half lock durations (20 s by default: well under a minute).
 * - `close()` (SIGTERM) stops taking jobs and waits for the running ones until
 *   a deadline; what is still running then is taken over as above.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppLog } from '../flows/log.js';
import {
  JobRunners,
  jobLane,
  jobName,
  latestOnly,
  type ContextFactory,
  type JobData,
  type JobEngine,
  type JobKind,
  type JobRunner,
  type Once,
} from './jobs.js';

export interface RedisJobTimings {
  /** A worker's hold on a job and on its lane, renewed while it runs; a dead worker's job moves on after it (default 20 s). */
  lockMs?: number;
  /** How often workers look for jobs whose worker died (default: half of `lockMs`). */
  stalledIntervalMs?: number;
  /** How long a job waits before trying again while its lane is busy on another instance (default 250 ms). */
  laneRetryMs?: number;
  /** How long `close()` waits for running jobs (default 25 s: inside a container's usual 30 s stop grace). */
  drainMs?: number;
  /** The first back-off of a failed job (then doubled; 3 attempts in all; default 5 s). */
  retryDelayMs?: number;
}

/** BullMQ's key prefix and queue name in Redis. */
export const PREFIX = 'roadmap-bot';
export const QUEUE = 'jobs';
const DAY_MS = 86_400_000;
/** How long a finished weekly job keeps other instances from doing it again: longer than its ISO week. */
const WEEKLY_DONE_MS = 8 * DAY_MS;

/** Renews a lease only while it is still ours. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** Releases a lease only while it is still ours (an expired one may be someone else's now). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Keeps the newest of the values ever offered (they sort by time), and returns it. */
const KEEP_NEWEST = `local current = redis.call('GET', KEYS[1])
if not current or current <= ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end
return current`;

interface Lease {
  release(): Promise<void>;
}

/** A lock in Redis held with a lease, renewed every third of it until released. */
async function acquireLease(redis: Redis, key: string, leaseMs: number, log: Pick<AppLog, 'warn'>): Promise<Lease | null> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK') return null;
  const renew = setInterval(
    () => {
      redis.eval(RENEW, 1, key, token, leaseMs).catch((error: unknown) => {
        log.warn({ err: error, key }, `roadmap-bot: could not renew the lock ${key}`);
      });
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}

/** The order of pull-request updates: GitHub's `updated_at`, then the head it is about. */
function reviewVersion(job: JobData): string {
  const updatedAt = (job.event.payload as { pull_request?: { updated_at?: string } }).pull_request?.updated_at ?? '';
  return `${updatedAt}|${job.headSha ?? ''}`;
}

/** BullMQ refuses `:` in job ids. */
function jobId(job: JobData): string {
  return [job.deliveryId, job.kind, job.owner, job.repo, job.number ?? '', job.headSha ?? ''].join('|').replace(/:/g, '_');
}

export class RedisJobs implements JobEngine {
  readonly #log: AppLog;
  readonly #runners: JobRunners;
  readonly #redis: Redis;
  readonly #queue: Queue<JobData>;
  readonly #worker: Worker<JobData>;
  readonly #workerConnection: Redis;
  readonly #timings: Required<RedisJobTimings>;

  constructor(url: string, log: AppLog, contextFor: ContextFactory, options: { concurrency?: number; timings?: RedisJobTimings } = {}) {
    this.#log = log;
    this.#runners = new JobRunners(contextFor);
    const lockMs = options.timings?.lockMs ?? 20_000;
    this.#timings = {
      lockMs,
      stalledIntervalMs: options.timings?.stalledIntervalMs ?? Math.max(100, Math.floor(lockMs / 2)),
      laneRetryMs: options.timings?.laneRetryMs ?? 250,
      drainMs: options.timings?.drainMs ?? 25_000,
      retryDelayMs: options.timings?.retryDelayMs ?? 5_000,
    };
    const onError = (source: string) => (error: unknown) =>
      log.error({ err: error, source }, `roadmap-bot: ${source}: ${(error as Error).message}`);
    // BullMQ's workers block on Redis and must retry forever; the queue and locks fail fast so a webhook gets its 5xx.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.#redis.on('error', onError('redis'));
    this.#queue = new Queue<JobData>(QUEUE, { connection: this.#redis, prefix: PREFIX });
    this.#queue.on('error', onError('job queue'));
    this.#workerConnection = new Redis(url, { maxRetriesPerRequest: null });
    this.#workerConnection.on('error', onError('job worker redis'));
    this.#worker = new Worker<JobData>(QUEUE, (job, token) => this.#process(job, token), {
      connection: this.#workerConnection,
      prefix: PREFIX,
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
      lockDuration: this.#timings.lockMs,
      stalledInterval: this.#timings.stalledIntervalMs,
      maxStalledCount: 2,
    });
    this.#worker.on('error', onError('job worker'));
    this.#worker.on('failed', (job, error) => {
      if (job)
        log.error(
          { err: error, job: jobName(job.data), attempt: job.attemptsMade },
          `roadmap-bot: job "${jobName(job.data)}" failed: ${error.message}`,
        );
    });
  }

  handle(kind: JobKind, runner: JobRunner): void {
    this.#runners.handle(kind, runner);
  }

  async enqueue(job: JobData): Promise<void> {
    const id = jobId(job);
    if ((await this.#redis.exists(this.#doneKey(id))) === 1) return;
    // The newest update is recorded before its job exists, so no worker can drop the job as outdated.
    if (latestOnly(job)) await this.#redis.eval(KEEP_NEWEST, 1, this.#latestKey(job), reviewVersion(job), DAY_MS);
    await this.#queue.add(job.kind, job, {
      jobId: id,
      attempts: 3,
      backoff: { type: 'exponential', delay: this.#timings.retryDelayMs },
      removeOnComplete: true,
      removeOnFail: { age: (7 * DAY_MS) / 1000 },
    });
  }

  /** Marks a delivery's job done, so a redelivery after the job is gone is not queued again. */
  #doneKey(id: string): string {
    return `${PREFIX}:done-job:${id}`;
  }

  async #process(job: Job<JobData>, token: string | undefined): Promise<void> {
    const data = job.data;
    if (latestOnly(data)) {
      const newest = await this.#redis.get(this.#latestKey(data));
      if (newest !== null && newest !== reviewVersion(data)) {
        this.#log.info({ job: jobName(data) }, `roadmap-bot: ${jobName(data)}: dropped, a newer update of the pull request is queued`);
        await this.#markDone(job);
        return;
      }
    }
    const lane = await acquireLease(this.#redis, `${PREFIX}:lane:${jobLane(data)}`, this.#timings.lockMs, this.#log);
    if (!lane) {
      await job.moveToDelayed(Date.now() + this.#timings.laneRetryMs, token);
      throw new DelayedError();
    }
    try {
      this.#log.debug({ job: jobName(data), attempt: job.attemptsMade + 1 }, `roadmap-bot: ${jobName(data)}: started`);
      await this.#runners.run(data);
      // Before BullMQ removes the job: there is never a moment with neither the job nor its mark.
      await this.#markDone(job);
    } finally {
      await lane.release();
    }
  }

  async #markDone(job: Job<JobData>): Promise<void> {
    await this.#redis.set(this.#doneKey(job.id ?? jobId(job.data)), '1', 'PX', DAY_MS);
  }

  #latestKey(job: JobData): string {
    return `${PREFIX}:newest-update:${jobLane(job)}`;
  }

  /**
   * Runs `run` on one instance only, once for `key` until the mark expires:
   * other instances get `busy` while it runs and `done` after it succeeded.
   */
  async once<T>(key: string, run: () => Promise<T>): Promise<Once<T>> {
    const doneKey = `${PREFIX}:done:${key}`;
    if ((await this.#redis.exists(doneKey)) === 1) return { ran: false, reason: 'done' };
    const lease = await acquireLease(this.#redis, `${PREFIX}:running:${key}`, this.#timings.lockMs, this.#log);
    if (!lease) return { ran: false, reason: 'busy' };
    try {
      if ((await this.#redis.exists(doneKey)) === 1) return { ran: false, reason: 'done' };
      const value = await run();
      await this.#redis.set(doneKey, new Date().toISOString(), 'PX', WEEKLY_DONE_MS);
      return { ran: true, value };
    } finally {
      await lease.release();
    }
  }

  /** Resolves once no job is waiting, delayed or running on any instance. */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.#queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((count) => count === 0)) return;
      await sleep(25);
    }
  }

  async close(deadlineMs = this.#timings.drainMs): Promise<void> {
    const drained = this.#worker.close().then(() => true);
    const deadline = sleep(deadlineMs, false, { ref: false });
    if (await Promise.race([drained, deadline])) {
      await this.#queue.close();
      await Promise.all([this.#redis.quit(), this.#workerConnection.quit()].map((quit) => quit.catch(() => undefined)));
      return;
    }
    // Cut Redis off: the locks of the jobs still running are no longer renewed, so another
    // instance takes them over as after a crash (their writes are found again by their markers).
    this.#log.warn({ deadlineMs }, 'roadmap-bot: jobs still running at the shutdown deadline; another instance takes them over');
    drained.catch(() => undefined);
    this.#workerConnection.disconnect();
    this.#redis.disconnect();
  }
}
