/**
 * SPEC §12 Reliability with production settings (Octokit's throttling and
 * retries on): one transient GitHub error on a write or on a GraphQL read is
 * retried with back-off, the write lands exactly once, and a redelivery
 * afterwards duplicates nothing. One file per kind of error runs these.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import type { FaultSpec } from '../../src/simulator/index.js';
import { smallRoadmap } from './roadmaps.js';
import { APP_SLUG, OWNER, duplicatesIn, issueEvent, pullRequestEvent, repositoriesAdded, startWorld, type World } from '../world/index.js';

const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;
const LATE = 'late';

export function describeTransientFault(status: FaultSpec['status'], title: string): void {
  describe(title, () => {
    let world: World;

    beforeAll(async () => {
      world = await startWorld({ repositories: { [REPO]: smallRoadmap(), [LATE]: smallRoadmap() }, throttle: true });
    });

    afterAll(async () => {
      await world?.close();
    });

    let errorsBefore = 0;
    beforeEach(() => {
      errorsBefore = world.errors.length;
    });
    const newErrors = () => world.errors.slice(errorsBefore);
    const statuses = (method: string, path: RegExp) =>
      world
        .appRequests()
        .filter((request) => request.method === method && path.test(request.path))
        .map((request) => request.status);
    const appComments = (number: number) =>
      [...world.snapshot().issues[FULL], ...(world.snapshot().pulls[FULL] ?? [])]
        .find((entry) => entry.number === number)!
        .comments.filter((comment) => comment.viaApp === APP_SLUG);
    // An injected timeout is recorded with status 0: the connection was dropped unanswered.
    const failedStatus = status === 'timeout' ? 0 : status;
    const fault = (method: string, path: RegExp): FaultSpec => ({
      method,
      path,
      status,
      ...(status === 'timeout' ? { delayMs: 200 } : { retryAfterSeconds: 1 }),
    });

    it('on the comment POST: the reply is retried and lands once; a redelivery adds nothing', async () => {
      const { number } = world.simulator.createIssue(FULL, { title: 'Drop it', labels: ['goal:asyncdrop'], user: 'alice' });
      const payload = await issueEvent(world, REPO, 'labeled', number, { label: 'goal:asyncdrop' });
      const path = new RegExp(`^/repos/${FULL}/issues/${number}/comments$`);
      world.simulator.failNext(fault('POST', path));

      expect(await world.deliver('issues', payload)).toBe(200);
      expect(newErrors()).toEqual([]);
      expect(statuses('POST', path)).toEqual([failedStatus, 201]);
      expect(appComments(number)).toHaveLength(1);
      expect(appComments(number)[0].body.startsWith(UNKNOWN_LABEL_MARKER)).toBe(true);

      expect(await world.deliver('issues', payload)).toBe(200);
      expect(appComments(number)).toHaveLength(1);
      expect(duplicatesIn(world.snapshot())).toEqual([]);
    });

    it('on a label POST: the label sync is retried and every label exists once', async () => {
      const path = new RegExp(`^/repos/${OWNER}/${LATE}/labels$`);
      world.simulator.failNext(fault('POST', path));

      expect(await world.deliver('installation_repositories', await repositoriesAdded(world, [LATE]))).toBe(200);
      expect(newErrors()).toEqual([]);
      expect(statuses('POST', path)).toEqual([failedStatus, 201, 201]);
      const labels = world.snapshot().labels[`${OWNER}/${LATE}`].filter((label) => label.name.startsWith('goal:'));
      expect(labels.map((label) => label.name).sort()).toEqual(['goal:async', 'goal:async-drop']);
      expect(duplicatesIn(world.snapshot())).toEqual([]);
    });

    it('on the review’s GraphQL query: the review is retried; one comment, one check run', async () => {
      world.simulator.commit(FULL, 'slip', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q4 2027') });
      const pull = world.simulator.openPullRequest(FULL, { head: 'slip', title: 'Slip async', user: 'alice' });
      const payload = await pullRequestEvent(world, REPO, 'opened', pull.number);
      const before = world.appRequests().length;
      world.simulator.failNext(fault('POST', /^\/graphql$/));

      expect(await world.deliver('pull_request', payload)).toBe(200);
      expect(newErrors()).toEqual([]);
      expect(
        world
          .appRequests()
          .slice(before, before + 2)
          .map((request) => `${request.path} ${request.status}`),
      ).toEqual([`/graphql ${failedStatus}`, '/graphql 200']);
      const runs = () => world.snapshot().checkRuns[FULL].filter((run) => run.headSha === pull.head.sha);
      expect(appComments(pull.number).filter((comment) => comment.body.startsWith(REVIEW_MARKER))).toHaveLength(1);
      expect(runs()).toHaveLength(1);

      expect(await world.deliver('pull_request', payload)).toBe(200);
      expect(appComments(pull.number)).toHaveLength(1);
      expect(runs()).toHaveLength(1);
      expect(duplicatesIn(world.snapshot())).toEqual([]);
    });
  });
}
