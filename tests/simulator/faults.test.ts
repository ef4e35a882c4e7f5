import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, failure, startHarness, type Harness } from './helpers.js';

describe('simulator fault injection and request recording', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    await harness.octokit.rest.issues.listLabelsForRepo(REPO); // fetches the installation token up front
  });
  afterAll(() => harness.sim.close());

  it('fails the next matching request with a 500, then succeeds', async () => {
    harness.sim.failNext({ method: 'GET', path: /\/labels$/, status: 500 });
    expect((await harness.octokit.rest.issues.getLabel({ ...REPO, name: 'x' }).catch((error: { status: number }) => error)).status).toBe(
      404,
    );
    const failed = await failure(harness.octokit.rest.issues.listLabelsForRepo(REPO));
    expect(failed.status).toBe(500);
    expect((await harness.octokit.rest.issues.listLabelsForRepo(REPO)).status).toBe(200);
  });

  it('fails as many times as asked with 502', async () => {
    harness.sim.failNext({ path: /^\/repos\/acme\/roadmap$/, status: 502, times: 2 });
    expect((await failure(harness.octokit.rest.repos.get(REPO))).status).toBe(502);
    expect((await failure(harness.octokit.rest.repos.get(REPO))).status).toBe(502);
    expect((await harness.octokit.rest.repos.get(REPO)).data.full_name).toBe('acme/roadmap');
  });

  it('answers a secondary rate limit as a 403 with retry-after', async () => {
    harness.sim.failNext({ method: 'POST', status: 403, retryAfterSeconds: 7 });
    const limited = await failure(harness.octokit.rest.issues.create({ ...REPO, title: 'limited' }));
    expect(limited.status).toBe(403);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.data.message).toMatch(/secondary rate limit/);
    expect(harness.sim.snapshot().issues['acme/roadmap']).toHaveLength(0);
  });

  it('drops the connection of a timed-out request after the delay', async () => {
    harness.sim.failNext({ path: /\/labels$/, status: 'timeout', delayMs: 50 });
    const started = Date.now();
    const dropped = await harness.octokit.rest.issues.listLabelsForRepo(REPO).then(
      () => null,
      (error: Error) => error,
    );
    expect(dropped).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(harness.sim.requests.at(-1)).toMatchObject({ path: '/repos/acme/roadmap/labels', status: 0 });
  });

  it('counts each token’s requests in an hourly window of the simulator’s clock, then starts again', async () => {
    harness.sim.setClock('2026-03-02T10:00:00Z');
    const first = await harness.octokit.rest.issues.listLabelsForRepo(REPO);
    const second = await harness.octokit.rest.issues.listLabelsForRepo(REPO);
    const used = Number(first.headers['x-ratelimit-used']);
    expect(Number(second.headers['x-ratelimit-used'])).toBe(used + 1);
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(5000 - used - 1);
    const reset = Number(second.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.parse('2026-03-02T10:00:00Z') / 1000);
    expect(reset).toBeLessThanOrEqual(Date.parse('2026-03-02T11:00:00Z') / 1000);

    harness.sim.setClock(new Date(reset * 1000).toISOString());
    const later = await harness.octokit.rest.issues.listLabelsForRepo(REPO);
    expect(later.headers).toMatchObject({
      'x-ratelimit-used': '1',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-resource': 'core',
    });
    expect(Number(later.headers['x-ratelimit-reset'])).toBe(reset + 3600);
  });

  it('records method, path, query, status, body, token kind and route, and counts by filter', async () => {
    harness.sim.resetRequests();
    await harness.octokit.rest.issues.createLabel({ ...REPO, name: 'goal:recorded' });
    await harness.octokit.rest.issues.listForRepo({ ...REPO, labels: 'goal:recorded', per_page: 5 });
    expect(harness.sim.requests).toEqual([
      {
        method: 'POST',
        path: '/repos/acme/roadmap/labels',
        query: {},
        status: 201,
        body: { name: 'goal:recorded' },
        tokenKind: 'installation',
        route: 'POST /repos/{owner}/{repo}/labels',
      },
      {
        method: 'GET',
        path: '/repos/acme/roadmap/issues',
        query: { labels: 'goal:recorded', per_page: '5' },
        status: 200,
        body: null,
        tokenKind: 'installation',
        route: 'GET /repos/{owner}/{repo}/issues',
      },
    ]);
    expect(harness.sim.countRequests()).toBe(2);
    expect(harness.sim.countRequests({ method: 'post' })).toBe(1);
    expect(harness.sim.countRequests({ path: /issues/ })).toBe(1);
    expect(harness.sim.countRequests((request) => request.status >= 300)).toBe(0);
  });
});
