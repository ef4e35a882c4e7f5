import { describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER } from '../../src/core/issues/goal-comments.js';
import { FULL, REPO, halfDone } from './half-done.js';
import { duplicatesIn, installationCreated } from '../world/index.js';

/**
 * The installation sync is cut off after labelling the issue a roadmap item
 * references: its link comment keeps timing out.
 *
 * The label had landed the first time, so the redelivery labels nothing; it
 * must still post the link comment the issue lacks
 * (src/app/labels-sync.ts `syncRepository`, `onlyMissing`).
 */
const run = halfDone(async (world) => ({
  event: 'installation',
  payload: await installationCreated(world, [REPO]),
  path: /^\/repos\/acme\/widgets\/issues\/1\/comments$/,
}));

describe('the installation sync interrupted after labelling the referenced issue', () => {
  it('stopped after the label, and logged the failure', () => {
    expect(run.labels(1)).toEqual(['goal:async-drop']);
    expect(run.appComments(1)).toEqual([]);
    expect(run.world().errors.some((error) => error.includes(`label-sync ${FULL}`))).toBe(true);
  });

  it('the redelivery keeps one goal label and posts the one link comment', async () => {
    expect(await run.redeliver()).toBe(200);
    expect(run.labels(1)).toEqual(['goal:async-drop']);
    expect(run.appComments(1).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('nothing is duplicated', () => {
    expect(duplicatesIn(run.world().snapshot())).toEqual([]);
  });
});
