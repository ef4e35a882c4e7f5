import { sign } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, INSTALLATION_ID, REPO, appKeys, failure, quietLog, startHarness, type Harness } from './helpers.js';
import { generateAppKeyPair } from '../../src/simulator/keys.js';

function jwt(claims: Record<string, unknown>, privateKey: string = appKeys.privateKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('simulator authentication', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ staticTokens: { 'actions-token': { login: 'github-actions[bot]' } } });
  });
  afterAll(() => harness.sim.close());

  const withToken = (token: string, baseUrl = harness.url) => new Octokit({ baseUrl, auth: token, log: quietLog });

  it('exchanges a valid App JWT for an installation token scoped to the installation', async () => {
    const appJwt = jwt({ iat: nowSeconds() - 30, exp: nowSeconds() + 540, iss: APP_ID });
    const { status, data } = await withToken(appJwt).rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID });
    expect(status).toBe(201);
    expect(data.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(data.expires_at) - Date.now()).toBeGreaterThan(55 * 60 * 1000);

    const installation = withToken(data.token);
    const repos = await installation.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.repositories.map((repo) => repo.full_name)).toEqual(['acme/roadmap']);
    expect((await failure(installation.rest.repos.get({ owner: 'acme', repo: 'elsewhere' }))).status).toBe(404);
  });

  it('rejects JWTs signed by another key, expired, or issued for another App with 401', async () => {
    const otherKey = generateAppKeyPair();
    const valid = { iat: nowSeconds() - 30, exp: nowSeconds() + 540, iss: APP_ID };
    const cases = [
      { token: jwt(valid, otherKey.privateKey), message: 'A JSON web token could not be decoded' },
      {
        token: jwt({ ...valid, iat: nowSeconds() - 1200, exp: nowSeconds() - 600 }),
        message: /'Expiration time' claim \('exp'\) must be a numeric value/,
      },
      { token: jwt({ ...valid, exp: nowSeconds() + 3600 }), message: /is too far in the future/ },
      { token: jwt({ ...valid, iss: APP_ID + 1 }), message: /'Issuer' claim/ },
    ];
    for (const { token, message } of cases) {
      const rejected = await failure(withToken(token).rest.apps.createInstallationAccessToken({ installation_id: INSTALLATION_ID }));
      expect(rejected.status).toBe(401);
      expect(rejected.data.message).toMatch(message);
    }
  });

  it('answers 401 without credentials, with unknown tokens, and with a JWT on a repository route', async () => {
    const anonymous = await fetch(`${harness.url}/repos/acme/roadmap/labels`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });

    const unknown = await failure(withToken('ghs_notARealTokenAtAll000000000000000000').rest.issues.listLabelsForRepo(REPO));
    expect(unknown.status).toBe(401);
    expect(unknown.data).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });

    const appJwt = jwt({ iat: nowSeconds() - 30, exp: nowSeconds() + 540, iss: APP_ID });
    expect((await failure(withToken(appJwt).rest.issues.listLabelsForRepo(REPO))).status).toBe(401);
  });

  it('serves the App routes with the JWT', async () => {
    const app = await harness.appOctokit.rest.apps.getAuthenticated();
    expect(app.data).toMatchObject({ id: APP_ID, slug: 'roadmap-bot', html_url: 'https://github.com/apps/roadmap-bot' });
    const installations = await harness.appOctokit.rest.apps.listInstallations();
    expect(
      installations.data.map((installation) => [
        installation.id,
        installation.account && 'login' in installation.account ? installation.account.login : null,
      ]),
    ).toEqual([[INSTALLATION_ID, 'acme']]);
    const repoInstallation = await harness.appOctokit.rest.apps.getRepoInstallation(REPO);
    expect(repoInstallation.data.id).toBe(INSTALLATION_ID);
    expect((await failure(harness.appOctokit.rest.apps.getRepoInstallation({ owner: 'acme', repo: 'elsewhere' }))).status).toBe(404);
  });

  it('attributes installation-token writes to the App bot and static-token writes to github-actions[bot]', async () => {
    const byApp = await harness.octokit.rest.issues.create({ ...REPO, title: 'From the app' });
    expect(byApp.data.user).toMatchObject({ login: 'roadmap-bot[bot]', type: 'Bot' });
    expect(byApp.data.performed_via_github_app).toMatchObject({ id: APP_ID, slug: 'roadmap-bot' });

    const actions = withToken('actions-token');
    const byActions = await actions.rest.issues.createComment({ ...REPO, issue_number: byApp.data.number, body: 'from a workflow' });
    expect(byActions.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot', id: 41898282 });
    expect(byActions.data.performed_via_github_app?.slug).toBe('github-actions');
    expect(harness.sim.requests.at(-1)?.tokenKind).toBe('static');
  });

  it('accepts the GHE base URL (/api/v3, GraphQL at /api/graphql) and points urls and links at it', async () => {
    const token = (await harness.octokit.auth({ type: 'installation' })) as { token: string };
    const ghe = withToken(token.token, `${harness.url}/api/v3`);
    const labels = await ghe.rest.issues.createLabel({ ...REPO, name: 'ghe-check' });
    expect(labels.data.url).toBe(`${harness.url}/api/v3/repos/acme/roadmap/labels/ghe-check`);
    const viewer = await ghe.graphql<{ repository: { nameWithOwner: string } }>(
      'query { repository(owner: "acme", name: "roadmap") { nameWithOwner } }',
    );
    expect(viewer.repository.nameWithOwner).toBe('acme/roadmap');
    expect(harness.sim.requests.at(-1)).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    expect(harness.sim.requests.at(-2)).toMatchObject({ path: '/repos/acme/roadmap/labels', status: 201 });
  });
});
