import { describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER } from '../../src/core/issues/goal-comments.js';
import { FULL, REPO, halfDone } from './half-done.js';
import { commented, duplicatesIn } from '../world/index.js';

/**
 * A `/goal async` from a triager is cut off after adding the label: the link
 * comment keeps timing out.
 *
 * The label had landed the first time, so the redelivery changes no label;
 * src/app/goal-command.ts still refreshes the issue's comments when the
 * command names goals and `issues.linkComment` is on.
 */
let issue = 0;
const run = halfDone(async (world) => {
  issue = world.simulator.createIssue(FULL, { title: 'Needs a goal', user: 'alice' }).number;
  return {
    event: 'issue_comment',
    payload: await commented(world, REPO, issue, '/goal async', 'triager'),
    path: new RegExp(`^/repos/${FULL}/issues/${issue}/comments$`),
  };
});

describe('a /goal command interrupted after adding the label', () => {
  it('stopped after the label, and logged the failure', () => {
    expect(run.labels(issue)).toEqual(['goal:async']);
    expect(run.appComments(issue)).toEqual([]);
    expect(run.world().errors.length).toBeGreaterThan(0);
  });

  it('the redelivery keeps one goal label and posts the one link comment', async () => {
    expect(await run.redeliver()).toBe(200);
    expect(run.labels(issue)).toEqual(['goal:async']);
    expect(run.appComments(issue).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('nothing is duplicated', () => {
    expect(duplicatesIn(run.world().snapshot())).toEqual([]);
  });
});
