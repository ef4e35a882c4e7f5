/**
 * SPEC §12 Reliability: a timeout that leaves work half done. GitHub carries
 * out the write but its answer never reaches the app (the connection drops
 * once GitHub has answered), so the app cannot tell whether it landed. With
 * production retries on, the retry and a later redelivery must still leave
 * exactly one comment and one label.
 *
 * Octokit's retry plugin would repeat the comment POST blindly; the comment
 * is created with its retries off through `createOnce`
 * (src/github/idempotent.ts), which looks for the marker again before a
 * retry. Labels are safe anyway: a repeated create answers 422 already_exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { smallRoadmap } from './roadmaps.js';
import { APP_SLUG, OWNER, duplicatesOf, issueEvent, pullRequestEvent, repositoriesAdded, startWorld, type World } from '../world/index.js';

const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;
const LATE = 'late';

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap(), [LATE]: smallRoadmap() }, throttle: true, proxy: true });
});

afterAll(async () => {
  await world?.close();
});

const thread = (number: number) =>
  [...world.snapshot().issues[FULL], ...(world.snapshot().pulls[FULL] ?? [])].find((entry) => entry.number === number)!;
const appComments = (number: number) => thread(number).comments.filter((comment) => comment.viaApp === APP_SLUG);

describe('a write GitHub carried out but whose answer was lost', () => {
  it('a goal label: created once, and the sync carries on to the next one', async () => {
    world.proxy!.loseNext({ method: 'POST', path: new RegExp(`/repos/${OWNER}/${LATE}/labels$`) });

    await world.deliver('installation_repositories', await repositoriesAdded(world, [LATE]));

    expect(world.proxy!.lost).toEqual([`POST /repos/${OWNER}/${LATE}/labels`]);
    expect(world.errors).toEqual([]);
    const labels = world.snapshot().labels[`${OWNER}/${LATE}`].filter((label) => label.name.startsWith('goal:'));
    expect(labels.map((label) => label.name).sort()).toEqual(['goal:async', 'goal:async-drop']);
    expect(duplicatesOf(world.snapshot(), `${OWNER}/${LATE}`)).toEqual([]);
  });

  it('the unknown-label reply: one comment after the retry and after a redelivery', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Drop it', labels: ['goal:asyncdrop'], user: 'alice' });
    const payload = await issueEvent(world, REPO, 'labeled', number, { label: 'goal:asyncdrop' });
    world.proxy!.loseNext({ method: 'POST', path: new RegExp(`/repos/${FULL}/issues/${number}/comments$`) });

    await world.deliver('issues', payload);
    expect(world.proxy!.lost).toContain(`POST /repos/${FULL}/issues/${number}/comments`);
    await world.deliver('issues', payload);

    expect(appComments(number).filter((comment) => comment.body.startsWith(UNKNOWN_LABEL_MARKER))).toHaveLength(1);
    expect(duplicatesOf(world.snapshot(), `${FULL}#${number}`)).toEqual([]);
  });

  it('the review comment: one comment after the retry and after a redelivery', async () => {
    world.simulator.commit(FULL, 'slip', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q4 2027') });
    const pull = world.simulator.openPullRequest(FULL, { head: 'slip', title: 'Slip async', user: 'alice' });
    const payload = await pullRequestEvent(world, REPO, 'opened', pull.number);
    world.proxy!.loseNext({ method: 'POST', path: new RegExp(`/repos/${FULL}/issues/${pull.number}/comments$`) });

    await world.deliver('pull_request', payload);
    expect(world.proxy!.lost).toContain(`POST /repos/${FULL}/issues/${pull.number}/comments`);
    await world.deliver('pull_request', payload);

    expect(appComments(pull.number).filter((comment) => comment.body.includes(REVIEW_MARKER))).toHaveLength(1);
    expect(duplicatesOf(world.snapshot(), `${FULL}#${pull.number}`)).toEqual([]);
  });
});
