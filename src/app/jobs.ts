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
import type { RepositoryRef } from '../github/client.js';
import type { AppLog } from './handler.js';

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
