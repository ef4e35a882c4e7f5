/**
 * The BullMQ engine's guarantees, two engines (two "instances") in this
 * process sharing a real redis-server: one job per delivery, one job per
 * issue or pull request at a time, the newest review only, `once`, and a
 * shutdown deadline whose unfinished job another engine finishes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from 'probot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppLog } from '../../src/flows/log.js';
import type { JobData, JobKind } from '../../src/app/jobs.js';
import { RedisJobs } from '../../src/app/redis-jobs.js';
import { startRedis, type RedisServer } from '../../src/bench/redis-server.js';
import { eventually } from './cluster.js';

const LOCK_MS = 600;

let redis: RedisServer;
const engines: RedisJobs[] = [];
const errors: string[] = [];
const log: AppLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (_object, message) => errors.push(message),
};

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close(0)));
  expect(errors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await redis?.stop();
});

/** An engine whose jobs run `runner`; the context is not used by these runners. */
function engine(kind: JobKind, runner: (job: JobData) => Promise<void>): RedisJobs {
  const jobs = new RedisJobs(redis.url, log, async () => ({}) as Context, { timings: { lockMs: LOCK_MS, laneRetryMs: 20 } });
  jobs.handle(kind, (_context, job) => runner(job));
  engines.push(jobs);
  return jobs;
}

let deliveries = 0;
function job(kind: JobKind, fields: Partial<JobData> = {}): JobData {
  return {
    kind,
    deliveryId: `d-${++deliveries}`,
    installationId: 1,
    owner: 'acme',
    repo: 'widgets',
    number: 7,
    event: { name: 'issues', payload: {} },
    ...fields,
  };
}

describe('the BullMQ engine', () => {
  it('runs one job per delivery, however many instances queue it and however late it is redelivered', async () => {
    const ran: string[] = [];
    const run = async (data: JobData) => void ran.push(data.deliveryId);
    const [a, b] = [engine('issue', run), engine('issue', run)];
    const duplicated = job('issue');
    await Promise.all([a.enqueue(duplicated), b.enqueue(duplicated), a.enqueue(duplicated)]);
    await eventually(() => ran.length > 0, 'the job');
    await a.idle();
    // A redelivery once the job is done and gone from the queue.
    await b.enqueue(duplicated);
    await sleep(200);
    await b.idle();
    expect(ran).toEqual([duplicated.deliveryId]);
  });

  it('never runs two jobs of one issue at once across instances, while other issues go on', async () => {
    let running = 0;
    let most = 0;
    const ran: number[] = [];
    const run = async (data: JobData) => {
      running += data.number === 7 ? 1 : 0;
      most = Math.max(most, running);
      await sleep(40);
      ran.push(data.number!);
      running -= data.number === 7 ? 1 : 0;
    };
    const [a, b] = [engine('issue', run), engine('issue', run)];
    await Promise.all([
      ...Array.from({ length: 6 }, (_, index) => (index % 2 ? a : b).enqueue(job('issue'))),
      a.enqueue(job('issue', { number: 8 })),
    ]);
    await eventually(() => ran.length === 7, 'all jobs', 20_000);
    expect(most).toBe(1);
    expect(ran.filter((number) => number === 8)).toHaveLength(1);
  });

  it('drops a waiting review once a newer update of the pull request is queued', async () => {
    const reviewed: string[] = [];
    const a = engine('review', async (data) => {
      await sleep(data.headSha === 'h1' ? 300 : 0);
      reviewed.push(data.headSha!);
    });
    const review = (headSha: string, updatedAt: string) =>
      job('review', { number: 2, headSha, event: { name: 'pull_request', payload: { pull_request: { updated_at: updatedAt } } } });
    await a.enqueue(review('h1', '2026-12-01T10:00:00Z'));
    await sleep(100);
    await a.enqueue(review('h2', '2026-12-01T10:01:00Z'));
    await a.enqueue(review('h3', '2026-12-01T10:02:00Z'));
    // A late redelivery of an older update does not make it the newest again.
    await a.enqueue(review('h2', '2026-12-01T10:01:00Z'));
    await eventually(() => reviewed.includes('h3'), 'the newest review');
    await a.idle();
    expect(reviewed).toEqual(['h1', 'h3']);
  });

  it('runs a keyed piece of work once: busy elsewhere while it runs, done after', async () => {
    const a = engine('issue', async () => undefined);
    const b = engine('issue', async () => undefined);
    let runs = 0;
    const work = async () => {
      runs += 1;
      await sleep(100);
      return 'posted';
    };
    const [first, second] = await Promise.all([a.once('weekly:acme/widgets:2026-W49', work), b.once('weekly:acme/widgets:2026-W49', work)]);
    expect([first, second].filter((outcome) => outcome.ran)).toEqual([{ ran: true, value: 'posted' }]);
    expect([first, second].filter((outcome) => !outcome.ran)).toEqual([{ ran: false, reason: 'busy' }]);
    expect(await b.once('weekly:acme/widgets:2026-W49', work)).toEqual({ ran: false, reason: 'done' });
    expect(runs).toBe(1);
  });

  it('stops at the shutdown deadline; another instance finishes the job it left', async () => {
    const finishedBy: string[] = [];
    const slow = (name: string) => async () => {
      await sleep(name === 'a' ? 5_000 : 10);
      finishedBy.push(name);
    };
    const a = engine('push', slow('a'));
    await a.enqueue(job('push', { number: undefined }));
    await sleep(300);
    const started = Date.now();
    await a.close(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    engines.splice(engines.indexOf(a), 1);
    const b = engine('push', slow('b'));
    await eventually(() => finishedBy.includes('b'), 'the job on the other instance', 20_000);
    await b.idle();
    expect(finishedBy).toEqual(['b']);
    // What the cut-off instance says about its lost connection is not this test's concern.
    errors.splice(0);
  });
});
