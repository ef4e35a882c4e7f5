/**
 * The review end to end: the real app server over HTTP, signed webhooks,
 * the GitHub simulator — one pull request opened, pushed to, then pushed to
 * with a change that leaves the roadmap alone; another that never touches it;
 * a third that deletes a goal page whose label open issues still carry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { measureReviewCalls, type ReviewCallsMeasurement } from '../../src/bench/review-calls.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';

let measured: ReviewCallsMeasurement;

beforeAll(async () => {
  measured = await measureReviewCalls();
}, 60_000);

describe('the pull-request review on the GitHub simulator', () => {
  it('posts one review comment when the pull request opens, and a check run on its head', () => {
    expect(measured.opened.reviewComments).toHaveLength(1);
    const [body] = measured.opened.reviewComments;
    expect(body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(body).toContain('⚠️ **1 target slipped**');
    expect(body).toContain('➕ Added [Documentation for every release]');
    expect(measured.opened.checkRuns).toEqual([
      { headSha: expect.any(String), conclusion: 'success', title: 'No new problems in the roadmap' },
    ]);
  });

  it('updates that comment in place on the next push', () => {
    expect(measured.pushedAgain.reviewComments).toHaveLength(1);
    expect(measured.pushedAgain.reviewComments[0]).not.toBe(measured.opened.reviewComments[0]);
    expect(measured.pushedAgain.reviewComments[0]).toContain('Q1 2027');
    expect(measured.pushedAgain.checkRuns).toHaveLength(2);
  });

  it('says so in the same comment when a push no longer touches the roadmap, and writes no check run on that head', () => {
    expect(measured.noLongerTouching.reviewComments).toEqual([expect.stringContaining('this pull request no longer changes the roadmap')]);
    expect(measured.noLongerTouching.checkRuns).toHaveLength(2);
  });

  it('writes nothing on a pull request that never touches the roadmap', () => {
    expect(measured.untouched.reviewComments).toEqual([]);
    expect(measured.untouched.requests.every((request) => request.startsWith('GET ') || request === 'POST /graphql')).toBe(true);
  });

  it('counts the open issues still labelled with a removed node, with one more call', () => {
    expect(measured.removedNode.reviewComments).toHaveLength(1);
    expect(measured.removedNode.reviewComments[0]).toContain('— ⚠️ 2 open issues still labelled `goal:asset-pipeline`');
    expect(measured.removedNode.checkRuns.at(-1)).toMatchObject({ conclusion: 'failure', title: '1 new error' });
    expect(measured.removedNode.requests).toEqual([
      'POST /graphql',
      'POST /graphql',
      'POST /graphql',
      expect.stringMatching(/^POST \/repos\/quill\/quill\/issues\/\d+\/comments$/),
      'POST /repos/quill/quill/check-runs',
    ]);
  });

  it('stays within the API budget: at most 5 calls when the roadmap is touched, 2 when it does not touch it', () => {
    expect(measured.opened.requests).toEqual([
      'POST /graphql',
      'POST /graphql',
      'POST /repos/quill/quill/issues/1/comments',
      'POST /repos/quill/quill/check-runs',
    ]);
    expect(measured.pushedAgain.requests).toEqual([
      'POST /graphql',
      'POST /graphql',
      expect.stringMatching(/^PATCH \/repos\/quill\/quill\/issues\/comments\/\d+$/),
      'POST /repos/quill/quill/check-runs',
    ]);
    // The comment says the roadmap is no longer changed; nothing else is written.
    expect(measured.noLongerTouching.requests).toEqual([
      'POST /graphql',
      expect.stringMatching(/^PATCH \/repos\/quill\/quill\/issues\/comments\/\d+$/),
    ]);
    expect(measured.untouched.requests).toEqual(['POST /graphql']);
    for (const event of [measured.opened, measured.pushedAgain, measured.removedNode]) expect(event.calls).toBeLessThanOrEqual(5);
    expect(measured.noLongerTouching.calls).toBeLessThanOrEqual(2);
    expect(measured.untouched.calls).toBeLessThanOrEqual(2);
  });
});
