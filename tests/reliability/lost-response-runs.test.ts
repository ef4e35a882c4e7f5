/**
 * SPEC §12 Reliability: as in lost-response.test.ts, GitHub carries out the
 * write but its answer is lost — here for the check run and for the weekly
 * status issue, with production retries on.
 *
 * Octokit's retry plugin would repeat the `POST /check-runs` and the weekly
 * job's `POST /issues` blindly; both go through `createOnce`
 * (src/github/idempotent.ts), which looks for the app's run on the head and
 * the week's issue by its marker before creating again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWeeklyNow } from '../../src/app/weekly-now.js';
import { smallRoadmap } from './roadmaps.js';
import { INSTALLATION, OWNER, duplicatesOf, pullRequestEvent, startWorld, type World } from '../world/index.js';

const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap() }, throttle: true, proxy: true });
});

afterAll(async () => {
  await world?.close();
});

describe('a write GitHub carried out but whose answer was lost', () => {
  it('the check run: one run on the head after the retry and after a redelivery', async () => {
    world.simulator.commit(FULL, 'pull-in', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q1 2027') });
    const pull = world.simulator.openPullRequest(FULL, { head: 'pull-in', title: 'Pull async in', user: 'alice' });
    const payload = await pullRequestEvent(world, REPO, 'opened', pull.number);
    world.proxy!.loseNext({ method: 'POST', path: new RegExp(`/repos/${FULL}/check-runs$`) });

    await world.deliver('pull_request', payload);
    expect(world.proxy!.lost).toContain(`POST /repos/${FULL}/check-runs`);
    await world.deliver('pull_request', payload);

    expect(world.snapshot().checkRuns[FULL].filter((run) => run.headSha === pull.head.sha)).toHaveLength(1);
    expect(duplicatesOf(world.snapshot(), FULL)).toEqual([]);
  });

  it('the weekly status issue: one issue for the week after the retry and after a rerun', async () => {
    world.proxy!.loseNext({ method: 'POST', path: new RegExp(`/repos/${FULL}/issues$`) });
    const octokit = (await world.server.probot.auth(INSTALLATION)) as never;
    const services = world.server.bot.services();

    await runWeeklyNow(octokit, services, { owner: OWNER, repo: REPO }).catch(() => undefined);
    expect(world.proxy!.lost).toContain(`POST /repos/${FULL}/issues`);
    await runWeeklyNow(octokit, services, { owner: OWNER, repo: REPO });

    const statusIssues = world.snapshot().issues[FULL].filter((issue) => issue.labels.includes('roadmap-status'));
    expect(statusIssues.map((issue) => issue.title)).toEqual(['Roadmap status — 2026-W48']);
    expect(duplicatesOf(world.snapshot(), FULL)).toEqual([]);
  });
});
