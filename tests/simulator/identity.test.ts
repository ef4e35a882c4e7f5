/** Who a token is, as GitHub answers it for each kind of token: `GET /user` and GraphQL `viewer`. */
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, quietLog, startHarness, type Harness } from './helpers.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.sim.close();
  harness = null;
});

const VIEWER = 'query { viewer { login databaseId url } }';

async function withStaticTokens(): Promise<{ h: Harness; as: (token: string) => Octokit }> {
  const h = (harness = await startHarness({
    staticTokens: { 'ghs-actions': { login: 'github-actions[bot]' }, 'ghp-alice': { login: 'alice' } },
  }));
  return { h, as: (token) => new Octokit({ baseUrl: h.url, auth: token, log: quietLog }) };
}

describe('GET /user and viewer per token kind', () => {
  it('a personal token: both name its user', async () => {
    const { as } = await withStaticTokens();
    const { data } = await as('ghp-alice').rest.users.getAuthenticated();
    expect(data).toMatchObject({ login: 'alice', type: 'User', html_url: 'https://github.com/alice' });
    const { viewer } = await as('ghp-alice').graphql<{ viewer: { login: string } }>(VIEWER);
    expect(viewer.login).toBe('alice');
  });

  it('the Actions GITHUB_TOKEN: GET /user is refused, viewer is github-actions[bot]', async () => {
    const { as } = await withStaticTokens();
    const refused = await failure(as('ghs-actions').rest.users.getAuthenticated());
    expect(refused.status).toBe(403);
    expect(refused.data.message).toBe('Resource not accessible by integration');
    const { viewer } = await as('ghs-actions').graphql<{ viewer: { login: string } }>(VIEWER);
    expect(viewer.login).toBe('github-actions[bot]');
  });

  it('an App installation token: GET /user is refused, viewer is the App’s bot', async () => {
    const { h } = await withStaticTokens();
    expect((await failure(h.octokit.rest.users.getAuthenticated())).status).toBe(403);
    const { viewer } = await h.octokit.graphql<{ viewer: { login: string; url: string } }>(VIEWER);
    expect(viewer).toMatchObject({ login: 'roadmap-bot[bot]', url: 'https://github.com/apps/roadmap-bot' });
  });
});
