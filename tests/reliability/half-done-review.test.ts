import { describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { smallRoadmap } from './roadmaps.js';
import { FULL, REPO, halfDone } from './half-done.js';
import { duplicatesIn, pullRequestEvent } from '../world/index.js';

/** The review is cut off after posting its comment: the check run keeps timing out. */
let pull = { number: 0, head: { sha: '' } };
const run = halfDone(async (world) => {
  world.simulator.commit(FULL, 'slip', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q4 2027') });
  pull = world.simulator.openPullRequest(FULL, { head: 'slip', title: 'Slip async', user: 'alice' });
  return {
    event: 'pull_request',
    payload: await pullRequestEvent(world, REPO, 'opened', pull.number),
    path: /^\/repos\/acme\/widgets\/check-runs$/,
  };
});

const reviews = () => run.appComments(pull.number).filter((comment) => comment.body.startsWith(REVIEW_MARKER));
const runs = () => (run.world().snapshot().checkRuns[FULL] ?? []).filter((entry) => entry.headSha === pull.head.sha);

describe('the review interrupted after posting its comment', () => {
  it('stopped after the comment, and logged the failure', () => {
    expect(reviews()).toHaveLength(1);
    expect(runs()).toEqual([]);
    expect(run.world().errors.some((error) => error.includes(`review ${FULL}#${pull.number}`))).toBe(true);
  });

  it('the redelivery keeps the one review comment and writes the one check run', async () => {
    expect(await run.redeliver()).toBe(200);
    expect(reviews()).toHaveLength(1);
    expect(runs()).toHaveLength(1);
  });

  it('nothing is duplicated', () => {
    expect(duplicatesIn(run.world().snapshot())).toEqual([]);
  });
});
