/**
 * SPEC §12 Reliability: one failing repository never stops the others. An
 * installation covers two repositories; every API call about the first fails
 * (502, through all of Octokit's retries, production settings) while the
 * installation's labels are synced, one job at a time with the failing one
 * first. The weekly scheduler's side of this guarantee is covered in
 * tests/weekly/scheduler.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRoadmap } from './roadmaps.js';
import { OWNER, duplicatesIn, installationCreated, repositoriesAdded, startWorld, type World } from '../world/index.js';

const BROKEN = 'broken';
const HEALTHY = 'healthy';
const BROKEN_PATH = new RegExp(`^/repos/${OWNER}/${BROKEN}(/|$)`);
/** Octokit's retry plugin makes 3 retries: 4 failures exhaust the first call, which ends the job. */
const ALL_ATTEMPTS = 4;

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [BROKEN]: smallRoadmap(), [HEALTHY]: smallRoadmap() }, throttle: true, jobConcurrency: 1 });
  world.simulator.createIssue(`${OWNER}/${HEALTHY}`, { title: 'Design async drop', user: 'alice' });
  const payload = await installationCreated(world, [BROKEN, HEALTHY]);
  world.simulator.failNext({ path: BROKEN_PATH, status: 502, times: ALL_ATTEMPTS });
  expect(await world.deliver('installation', payload)).toBe(200);
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const goalLabels = (name: string) =>
  (world.snapshot().labels[`${OWNER}/${name}`] ?? [])
    .filter((label) => label.name.startsWith('goal:'))
    .map((label) => label.name)
    .sort();

describe('an installation whose first repository fails every call', () => {
  it('the failing repository got nothing: each of its calls failed, through every retry', () => {
    const calls = world.appRequests().filter((request) => BROKEN_PATH.test(request.path));
    expect(calls.map((request) => request.status)).toEqual(Array(ALL_ATTEMPTS).fill(502));
    expect(goalLabels(BROKEN)).toEqual([]);
  });

  it('the other repository still got all its labels and its referenced issue labelled', () => {
    expect(goalLabels(HEALTHY)).toEqual(['goal:async', 'goal:async-drop']);
    expect(world.snapshot().issues[`${OWNER}/${HEALTHY}`][0].labels).toEqual(['goal:async-drop']);
  });

  it('the failure is logged, naming the failing repository only', () => {
    expect(world.errors).toHaveLength(1);
    expect(world.errors[0]).toContain(`label-sync ${OWNER}/${BROKEN}`);
  });

  it('once GitHub recovers, a redelivery syncs the failed repository without duplicating the other', async () => {
    expect(await world.deliver('installation_repositories', await repositoriesAdded(world, [BROKEN, HEALTHY]))).toBe(200);
    expect(goalLabels(BROKEN)).toEqual(['goal:async', 'goal:async-drop']);
    expect(goalLabels(HEALTHY)).toEqual(['goal:async', 'goal:async-drop']);
    expect(duplicatesIn(world.snapshot())).toEqual([]);
  });
});
