import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RoadmapCache, roadmapCacheKey } from '../../src/github/roadmap-cache.js';
import { OWNER, REPO, api, client, withRequests } from './helpers.js';

const GLOBS = ['roadmap/**/*.md'];
const PAGE = '# Async drop\n\n## Status quo as of 2024-01\n\nToday.\n';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function mockRead(sha: string, files: Record<string, string> = { 'roadmap/async-drop.md': PAGE }, times = 1): nock.Scope {
  const paths = Object.keys(files).sort();
  return api()
    .get(`/repos/${OWNER}/${REPO}/git/trees/${sha}`)
    .query({ recursive: 'true' })
    .times(times)
    .reply(200, { sha, truncated: false, tree: paths.map((path) => ({ path, type: 'blob', size: files[path].length })) })
    .post('/graphql')
    .times(times)
    .reply(200, {
      data: {
        repository: Object.fromEntries(
          paths.map((path, index) => [
            `f${index}`,
            { text: files[path], byteSize: files[path].length, isBinary: false, isTruncated: false },
          ]),
        ),
      },
    });
}

const request = (sha: string) => ({ owner: OWNER, repo: REPO, sha, globs: GLOBS, labelPrefix: 'goal:' });

describe('RoadmapCache', () => {
  it('reads and parses a commit once; later lookups make no call', async () => {
    const sha = '1'.repeat(40);
    const scope = mockRead(sha);
    const cache = new RoadmapCache(4);

    const first = await withRequests((octokit) => cache.get(octokit, request(sha)));
    const second = await withRequests((octokit) => cache.get(octokit, { ...request(sha), owner: OWNER.toUpperCase() }));

    expect(first.requests).toBe(2);
    expect(first.result.nodes.map((node) => node.id)).toEqual(['async-drop']);
    expect(second).toEqual({ result: first.result, requests: 0 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('parses with the repository’s labels.prefix, and keeps one entry per prefix', async () => {
    const sha = '9'.repeat(40);
    // 'roadmap:' + 42 characters = 50: fits; 'roadmap-goal:' + 42 = 55: too long.
    const id = 'a'.repeat(42);
    const scope = mockRead(sha, { [`roadmap/${id}.md`]: PAGE }, 2);
    const cache = new RoadmapCache(4);
    const tooLong = (prefix: string) =>
      cache
        .get(client(), { ...request(sha), labelPrefix: prefix })
        .then((roadmap) => roadmap.diagnostics.filter((d) => d.code === 'label-too-long'));

    expect(await tooLong('roadmap:')).toEqual([]);
    expect((await tooLong('roadmap-goal:')).map((d) => d.message)).toEqual([expect.stringContaining('roadmap-goal:')]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('shares one read between concurrent lookups of the same commit', async () => {
    const sha = '2'.repeat(40);
    const scope = mockRead(sha);
    const cache = new RoadmapCache(4);

    const [a, b] = await Promise.all([cache.get(client(), request(sha)), cache.get(client(), request(sha))]);

    expect(a).toBe(b);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('evicts the least recently used commit beyond its size', async () => {
    const [one, two, three] = ['3', '4', '5'].map((digit) => digit.repeat(40));
    mockRead(one);
    mockRead(two);
    mockRead(three);
    const cache = new RoadmapCache(2);

    await cache.get(client(), request(one));
    await cache.get(client(), request(two));
    await cache.get(client(), request(one));
    await cache.get(client(), request(three));

    expect(cache.size).toBe(2);
    expect(cache.has(request(one))).toBe(true);
    expect(cache.has(request(two))).toBe(false);
    expect(cache.has(request(three))).toBe(true);
  });

  it('keeps the files it could not read as diagnostics of the roadmap', async () => {
    const sha = '6'.repeat(40);
    api()
      .get(`/repos/${OWNER}/${REPO}/git/trees/${sha}`)
      .query({ recursive: 'true' })
      .reply(200, { sha, truncated: false, tree: [{ path: 'roadmap/big.md', type: 'blob', size: 2_000_000 }] });

    const { result: roadmap, requests } = await withRequests((octokit) => new RoadmapCache().get(octokit, request(sha)));

    expect(requests).toBe(1);
    expect(roadmap.diagnostics).toEqual([expect.objectContaining({ code: 'file-too-large', file: 'roadmap/big.md' })]);
  });

  it('does not keep a failed read: the next lookup tries again', async () => {
    const sha = '7'.repeat(40);
    api().get(`/repos/${OWNER}/${REPO}/git/trees/${sha}`).query({ recursive: 'true' }).reply(502, { message: 'Bad Gateway' });
    const cache = new RoadmapCache();

    await expect(cache.get(client(), request(sha))).rejects.toMatchObject({ status: 502 });
    expect(cache.has(request(sha))).toBe(false);

    const scope = mockRead(sha);
    await expect(withRequests((octokit) => cache.get(octokit, request(sha)))).resolves.toMatchObject({ requests: 2 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('keys by repository, commit and globs', () => {
    expect(roadmapCacheKey(request('a'))).not.toBe(roadmapCacheKey({ ...request('a'), globs: ['other/**'] }));
    expect(roadmapCacheKey(request('a'))).toBe(roadmapCacheKey({ ...request('a'), repo: REPO.toUpperCase() }));
  });
});
