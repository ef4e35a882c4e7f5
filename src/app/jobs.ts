/**
 * Background work outside the webhook request. GitHub waits at most 10 s for
 * a webhook response (and Probot answers only after the handlers finish), so
 * anything that may take long — syncing every label of a repository, labelling
 * every issue a roadmap references — runs here, a few jobs at a time. One
 * failing job is logged and never stops the others.
 */

export interface JobLogger {
  error(object: object, message: string): void;
}

export class JobQueue {
  readonly concurrency: number;
  readonly #log: JobLogger;
  readonly #waiting: { name: string; run: () => Promise<void> }[] = [];
  #running = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(log: JobLogger, concurrency = 4) {
    this.#log = log;
    this.concurrency = Math.max(1, Math.floor(concurrency));
  }

  /** Jobs queued or running. */
  get pending(): number {
    return this.#waiting.length + this.#running;
  }

  add(name: string, run: () => Promise<void>): void {
    this.#waiting.push({ name, run });
    this.#next();
  }

  /** Resolves once every job added so far (and any they add) has finished. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #next(): void {
    while (this.#running < this.concurrency && this.#waiting.length > 0) {
      const job = this.#waiting.shift()!;
      this.#running += 1;
      void this.#run(job);
    }
    if (this.pending === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async #run(job: { name: string; run: () => Promise<void> }): Promise<void> {
    try {
      await job.run();
    } catch (error) {
      this.#log.error({ err: error, job: job.name }, `roadmap-bot: job "${job.name}" failed`);
    } finally {
      this.#running -= 1;
      this.#next();
    }
  }
}
