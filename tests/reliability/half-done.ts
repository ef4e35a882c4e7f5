/**
 * SPEC §12 Reliability: work cut off half way — GitHub stops answering one
 * write until Octokit's retries (production settings) give up — must be
 * completed by the redelivery of the webhook, without duplicating what had
 * landed. One file per interrupted handler: the retries' back-off (1 + 4 + 9
 * seconds, shortened by the world) holds the installation's write queue, so
 * they cannot share one.
 */
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { FaultSpec } from '../../src/simulator/index.js';
import { smallRoadmap } from './roadmaps.js';
import { APP_SLUG, OWNER, startWorld, type World } from '../world/index.js';

export const REPO = 'widgets';
export const FULL = `${OWNER}/${REPO}`;
/** Octokit's retry plugin (and `createOnce` for creating writes) makes 3 retries: 4 dropped connections exhaust it. */
const ALL_ATTEMPTS = 4;

export interface Interruption {
  event: string;
  payload: Record<string, unknown>;
  /** The write that keeps timing out. */
  path: RegExp;
}

export interface HalfDone {
  world(): World;
  /** The HTTP status the interrupted delivery got (202 when it outlasted the webhook timeout). */
  status(): number;
  redeliver(): Promise<number>;
  appComments(number: number): { body: string }[];
  labels(number: number): string[];
}

/**
 * Starts a world with the small roadmap (issue #1 referenced by an item),
 * lets `prepare` build the delivery, and delivers it once while `path`
 * keeps timing out.
 */
export function halfDone(prepare: (world: World) => Promise<Interruption>): HalfDone {
  let world: World;
  let interruption: Interruption;
  let status = 0;

  beforeAll(async () => {
    world = await startWorld({ repositories: { [REPO]: smallRoadmap() }, throttle: true });
    world.simulator.createIssue(FULL, { title: 'Design async drop', user: 'alice' });
    interruption = await prepare(world);
    const fault: FaultSpec = { method: 'POST', path: interruption.path, status: 'timeout', delayMs: 50, times: ALL_ATTEMPTS };
    world.simulator.failNext(fault);
    status = await world.deliver(interruption.event, interruption.payload);
    // A handler that outlasts GitHub's webhook timeout is answered 202 and goes on: wait for its last attempt.
    const attempts = () =>
      world.appRequests().filter((request) => request.method === 'POST' && interruption.path.test(request.path)).length;
    await vi.waitFor(() => expect(attempts()).toBe(ALL_ATTEMPTS), { timeout: 25_000, interval: 100 });
    await vi.waitFor(() => expect(world.errors.length).toBeGreaterThan(0), { timeout: 2_000, interval: 50 });
  }, 30_000);

  afterAll(async () => {
    await world?.close();
  });

  const thread = (number: number) =>
    [...world.snapshot().issues[FULL], ...(world.snapshot().pulls[FULL] ?? [])].find((entry) => entry.number === number)!;
  return {
    world: () => world,
    status: () => status,
    redeliver: () => world.deliver(interruption.event, interruption.payload),
    appComments: (number) => thread(number).comments.filter((comment) => comment.viaApp === APP_SLUG),
    labels: (number) => thread(number).labels,
  };
}
