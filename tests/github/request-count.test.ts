import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { productionOctokit } from '../../src/github/octokit.js';
import { countRequests } from '../../src/github/request-count.js';
import { generateAppKeyPair } from '../../src/simulator/keys.js';
import { API, OWNER, REPO, api, client } from './helpers.js';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('countRequests', () => {
  it('counts REST and GraphQL requests and each page, failed ones too, from the moment it starts until it stops', async () => {
    const octokit = client();
    api()
      .get(`/repos/${OWNER}/${REPO}`)
      .times(3)
      .reply(200, {})
      .post('/graphql')
      .reply(200, { data: {} })
      .get(`/repos/${OWNER}/${REPO}/labels`)
      .query(true)
      .reply(200, [{ name: 'a' }], { link: `<${API}/repos/${OWNER}/${REPO}/labels?page=2>; rel="next"` })
      .get(`/repos/${OWNER}/${REPO}/labels`)
      .query(true)
      .reply(200, [{ name: 'b' }])
      .get(`/repos/${OWNER}/${REPO}/readme`)
      .reply(404, { message: 'Not Found' });

    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    const requests = countRequests(octokit);
    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    await octokit.graphql('query { viewer { login } }');
    await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { owner: OWNER, repo: REPO, per_page: 1 });
    await expect(octokit.rest.repos.getReadme({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 404 });
    expect(requests.count()).toBe(5);

    requests.stop();
    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    expect(requests.count()).toBe(5);
  });

  it('counts a request once however often the retry plugin sends it again', async () => {
    const Production = productionOctokit({ timeScale: 0.001 });
    const octokit = new Production({ auth: { token: 'test-token' }, log: quiet }) as unknown as GitHubClient;
    const scope = api().get(`/repos/${OWNER}/${REPO}`).reply(502, { message: 'Bad Gateway' }).get(`/repos/${OWNER}/${REPO}`).reply(200, {});

    const requests = countRequests(octokit);
    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });

    expect(scope.pendingMocks()).toEqual([]);
    expect(requests.count()).toBe(1);
  });

  it('does not count the installation-token exchange of an App client', async () => {
    const Production = productionOctokit({ timeScale: 0.001 });
    const { privateKey } = generateAppKeyPair();
    const octokit = new Production({ auth: { appId: 1, privateKey, installationId: 2 }, log: quiet }) as unknown as GitHubClient;
    const scope = api()
      .post('/app/installations/2/access_tokens')
      .reply(201, { token: 'ghs_installation', expires_at: '2099-01-01T00:00:00Z' })
      .get(`/repos/${OWNER}/${REPO}`)
      .reply(200, {});

    const requests = countRequests(octokit);
    await octokit.rest.repos.get({ owner: OWNER, repo: REPO });

    expect(scope.pendingMocks()).toEqual([]);
    expect(requests.count()).toBe(1);
  });
});
