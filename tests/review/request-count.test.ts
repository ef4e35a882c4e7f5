/**
 * The flows' own request count (`countRequests`) against what the GitHub
 * simulator received: the review through the Actions token, the weekly job
 * through an App installation's client (whose token exchange is the App's,
 * not the job's).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { isAppComment } from '../../src/github/comments.js';
import type { AppOctokit, GitHubClient } from '../../src/github/client.js';
import { productionOctokit } from '../../src/github/octokit.js';
import { countRequests } from '../../src/github/request-count.js';
import { RoadmapCache } from '../../src/github/roadmap-cache.js';
import { reviewPullRequest } from '../../src/flows/review.js';
import { ACTIONS_IDENTITY, runWeeklyJob, weeklyIdentity } from '../../src/flows/weekly.js';
import { TEST_TIME_SCALE } from '../setup/time.js';
import { appKeys, configWith, smallRoadmap, startHarness, type Harness } from '../weekly/harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the request count of a flow is what GitHub received', () => {
  test('the review of a pull request that moves a target', async () => {
    harness = await startHarness(smallRoadmap());
    const h = harness;
    h.simulator.commit(h.fullName, 'slip', { 'roadmap/async.md': smallRoadmap({ target: '2027-06' })['roadmap/async.md'] }, 'slip');
    const pull = h.simulator.openPullRequest(h.fullName, { head: 'slip', title: 'Later async' });
    const services = {
      today: () => '2026-11-30',
      roadmaps: new RoadmapCache(2),
      identity: async () => ACTIONS_IDENTITY,
      ownComments: async () => isAppComment(ACTIONS_IDENTITY),
    };
    const target = {
      owner: h.owner,
      repo: h.repo,
      number: pull.number,
      baseSha: pull.base.sha,
      headSha: pull.head.sha,
      repositoryUrl: `https://github.com/${h.fullName}`,
    };

    h.simulator.resetRequests();
    const requests = countRequests(h.octokit);
    const outcome = await reviewPullRequest(h.octokit as AppOctokit, services, target, { log: quiet });
    requests.stop();

    expect(outcome.status).toBe('reviewed');
    expect(requests.count()).toBe(4);
    expect(requests.count()).toBe(h.simulator.requests.length);
  });

  test('the weekly job through an App installation, the token exchange left out', async () => {
    harness = await startHarness(smallRoadmap());
    const h = harness;
    h.simulator.addInstallation(7, h.owner, [h.fullName]);
    const Production = productionOctokit({ timeScale: TEST_TIME_SCALE });
    const octokit = new Production({
      baseUrl: h.simulator.url,
      auth: { appId: 1, privateKey: appKeys().privateKey, installationId: 7 },
      log: quiet,
    }) as unknown as GitHubClient;
    const now = '2026-11-30T09:00:00Z';
    h.simulator.setClock(now);

    h.simulator.resetRequests();
    const result = await runWeeklyJob(octokit, {
      owner: h.owner,
      repo: h.repo,
      now: new Date(now),
      config: configWith(),
      configProblems: [],
      identity: weeklyIdentity({ appId: 1, slug: 'roadmap-bot' }),
    });

    const received = h.simulator.requests.filter((request) => !request.path.endsWith('/access_tokens'));
    expect(h.simulator.requests.length - received.length).toBe(1);
    expect(result.action).toBe('created');
    expect(result.calls).toBe(received.length);
  });
});
