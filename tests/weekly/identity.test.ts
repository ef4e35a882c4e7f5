/**
 * `roadmap-bot weekly` recognises its own issues whatever token runs it
 * (SPEC §7): each kind of credential against the simulator, which answers
 * `GET /user` and GraphQL `viewer` as GitHub does for that kind.
 */
import { createAppAuth } from '@octokit/auth-app';
import { request } from '@octokit/request';
import nock from 'nock';
import { afterEach, describe, expect, test } from 'vitest';
import { scaledEnv } from '../setup/time.js';
import { parseCommandArgs } from '../../src/cli/args.js';
import type { CliIo } from '../../src/cli/command.js';
import { weeklyCommandWithEnv } from '../../src/cli/commands/weekly.js';
import { tokenIdentity } from '../../src/cli/github-connection.js';
import { weeklyMarker } from '../../src/core/weekly/snapshot.js';
import { api, client } from '../github/helpers.js';
import { appKeys, PERSONAL_TOKEN, smallRoadmap, startHarness, TOKEN, type Harness } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function runWeekly(now: string, env: Record<string, string>): Promise<string> {
  let out = '';
  const io: CliIo = {
    stdout: (text) => void (out += text),
    stderr: () => undefined,
    stderrIsTTY: false,
    cwd: process.cwd(),
    today: now,
  };
  const command = weeklyCommandWithEnv(scaledEnv({ ...env, GITHUB_API_URL: harness!.simulator.url }));
  expect(await command.run(parseCommandArgs(command.spec, ['--repo', 'acme/roadmap', '--now', now]), io)).toBe(0);
  return out;
}

/** What actions/create-github-app-token does: the App's JWT buys an installation token. */
async function installationToken(h: Harness): Promise<string> {
  const auth = createAppAuth({ appId: 1, privateKey: appKeys().privateKey, request: request.defaults({ baseUrl: h.simulator.url }) });
  return (await auth({ type: 'installation', installationId: 42 })).token;
}

const KINDS: { kind: string; author: string; env: (h: Harness) => Promise<Record<string, string>> }[] = [
  { kind: 'the Actions GITHUB_TOKEN', author: 'github-actions[bot]', env: async () => ({ GITHUB_TOKEN: TOKEN }) },
  {
    kind: 'an App installation token (actions/create-github-app-token)',
    author: 'roadmap-bot[bot]',
    env: async (h) => ({ GITHUB_TOKEN: await installationToken(h) }),
  },
  { kind: 'a personal token', author: 'alice', env: async () => ({ GITHUB_TOKEN: PERSONAL_TOKEN }) },
  { kind: 'the App credentials', author: 'roadmap-bot[bot]', env: async () => ({ APP_ID: '1', PRIVATE_KEY: appKeys().privateKey }) },
];

describe.each(KINDS)('with $kind', ({ author, env }) => {
  test('twice in a week: one issue, updated; next week: a new issue, the previous closed; a pasted marker is not its issue', async () => {
    const h = (harness = await startHarness(smallRoadmap()));
    h.simulator.addInstallation(42, 'acme', ['acme/roadmap']);
    // Someone pasted this week's marker into an issue of their own (with the label, even).
    h.simulator.createIssue('acme/roadmap', {
      title: 'Copy of the status issue',
      body: `${weeklyMarker('2026-W49')}\nmy notes`,
      labels: ['roadmap-status'],
      user: 'mallory',
    });
    const credentials = await env(h);

    const first = await runWeekly('2026-11-30', credentials);
    expect(first).toMatch(new RegExp(`2026-W49 created #\\d+ as ${author.replace(/[[\]]/g, '\\$&')}`));
    const [created] = h.statusIssues().filter((issue) => issue.user === author);
    expect(created).toBeDefined();

    h.simulator.commit('acme/roadmap', 'main', smallRoadmap({ target: '2027-06' }), 'Move the target');
    const second = await runWeekly('2026-12-02', credentials);
    expect(second).toContain(`2026-W49 updated #${created.number}`);
    expect(h.issues().filter((issue) => issue.user === author)).toHaveLength(1);
    expect(h.issues().find((issue) => issue.number === created.number)?.body).toContain('2027-06');

    const nextWeek = await runWeekly('2026-12-07', credentials);
    expect(nextWeek).toMatch(new RegExp(`2026-W50 created #\\d+ .*closed #${created.number}`));
    const mine = h.issues().filter((issue) => issue.user === author);
    expect(mine.map((issue) => issue.state)).toEqual(['closed', 'open']);
    const pasted = h.issues().find((issue) => issue.user === 'mallory');
    expect(pasted).toMatchObject({ state: 'open', body: expect.stringContaining('my notes') });
    expect(pasted?.comments ?? []).toEqual([]);
  });
});

describe('the order identities are learned in', () => {
  afterEach(() => nock.cleanAll());

  test('viewer first: GET /user is not asked when it answers', async () => {
    const scope = api()
      .post('/graphql')
      .reply(200, { data: { viewer: { login: 'octo-app[bot]' } } });
    const identity = await tokenIdentity(client());
    expect(identity).toMatchObject({ login: 'octo-app[bot]', actor: 'octo-app[bot]' });
    expect(identity.isOwn({ id: 1, user: { login: 'Octo-App[bot]', type: 'Bot' } })).toBe(true);
    expect(identity.isOwn({ id: 1, user: { login: 'mallory', type: 'User' } })).toBe(false);
    expect(scope.isDone()).toBe(true);
  });

  test('viewer refused: GET /user', async () => {
    api().post('/graphql').reply(403, { message: 'Resource not accessible by integration' }).get('/user').reply(200, { login: 'alice' });
    expect(await tokenIdentity(client())).toMatchObject({ login: 'alice' });
  });

  test('neither answers: no login to list by, and only a bot’s issue can be its own, never a human’s', async () => {
    api()
      .post('/graphql')
      .reply(200, { data: null, errors: [{ message: 'Resource not accessible by integration' }] })
      .get('/user')
      .reply(403, { message: 'Resource not accessible by integration' });
    const identity = await tokenIdentity(client());
    expect(identity.login).toBeUndefined();
    expect(identity.isOwn({ id: 1, user: { login: 'mallory', type: 'User' } })).toBe(false);
    expect(identity.isOwn({ id: 1, user: { login: 'some-app[bot]', type: 'Bot' } })).toBe(true);
  });
});
