/**
 * End to end: the real app server over HTTP against the GitHub simulator,
 * webhooks delivered over HTTP and signed with the secret, outcomes read
 * from the simulator's state.
 */
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { NOW, example, keys } from './helpers.js';

const APP_ID = 31;
const INSTALLATION = 5150;
const FULL_NAME = 'acme/widgets';
const SECRET = 'e2e-secret';

const FILES: Record<string, string> = {
  'roadmap/async.md':
    '---\nid: async\nrequires: [async-drop]\n---\n# 🎯 Async Rust is delightful\n\n## Status quo as of March 2025\n\nSlow going.\n',
  'roadmap/async-drop.md': '# Async drop\n\n## Where we want to be by Q3 2025\n\nDesigned.\n\n- [ ] Design async drop `design` (#1)\n',
};

let simulator: Simulator;
let initialHead = '';
let server: RunningServer;
let delivery = 0;

beforeAll(async () => {
  simulator = createSimulator({ appId: APP_ID, publicKey: keys.publicKey });
  initialHead = simulator.createRepository(FULL_NAME, { files: FILES }).headSha;
  simulator.createIssue(FULL_NAME, { title: 'Design async drop', user: 'alice' });
  simulator.addInstallation(INSTALLATION, 'acme', [FULL_NAME]);
  simulator.setPermission(FULL_NAME, 'triager', 'triage');
  await simulator.start();
  server = await startServer({
    appId: APP_ID,
    privateKey: keys.privateKey,
    webhookSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    baseUrl: simulator.url,
    logLevel: 'silent',
    throttle: false,
    // No slug given: the app reads its identity with GET /app, signed with its JWT.
    app: { clock: () => NOW },
  });
});

afterAll(async () => {
  await server?.close();
  await simulator?.close();
});

async function deliver(name: string, payload: object, secret = SECRET): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(server.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': name,
      'x-github-delivery': `e2e-${++delivery}`,
      'x-hub-signature-256': await sign(secret, body),
    },
    body,
  });
  await response.text();
  await server.idle();
  return response.status;
}

function repository(): object {
  return {
    ...example('issues', 'opened').repository,
    name: 'widgets',
    full_name: FULL_NAME,
    owner: { ...example('issues', 'opened').repository.owner, login: 'acme' },
    default_branch: 'main',
    html_url: `https://github.com/${FULL_NAME}`,
  };
}

function user(login: string): object {
  return { ...example('issues', 'opened').sender, login, type: 'User' };
}

const writes = () =>
  simulator.requests.filter(
    (request) => request.method !== 'GET' && request.path !== '/graphql' && !request.path.includes('access_tokens'),
  );
const issue = (number: number) => simulator.snapshot().issues[FULL_NAME].find((entry) => entry.number === number)!;

describe('the app server against the GitHub simulator', () => {
  it('syncs goal labels on installation and labels the issue a roadmap item references', async () => {
    const payload = example('installation', 'created');
    payload.installation = { ...payload.installation, id: INSTALLATION, account: { ...payload.installation.account, login: 'acme' } };
    payload.repositories = [{ id: 1, node_id: 'R_1', name: 'widgets', full_name: FULL_NAME, private: false }];

    expect(await deliver('installation', payload)).toBe(200);

    const labels = simulator.snapshot().labels[FULL_NAME].filter((label) => label.name.startsWith('goal:'));
    expect(labels.map(({ name, color, description }) => ({ name, color, description }))).toEqual(
      expect.arrayContaining([
        { name: 'goal:async', color: '0e8a16', description: 'Async Rust is delightful' },
        { name: 'goal:async-drop', color: '0e8a16', description: 'Async drop' },
      ]),
    );
    expect(labels).toHaveLength(2);
    expect(issue(1).labels).toEqual(['goal:async-drop']);
    // issues.linkComment is off by default: labelling alone, no comment.
    expect(issue(1).comments).toEqual([]);

    simulator.resetRequests();
    expect(await deliver('installation', payload)).toBe(200);
    expect(writes()).toEqual([]);
    expect(issue(1).labels).toEqual(['goal:async-drop']);
  });

  it('replies once to a misspelled goal label, even when the webhook is replayed', async () => {
    simulator.createIssue(FULL_NAME, { title: 'Drop it', labels: ['goal:asyncdrop'], user: 'bob' });
    const payload = example('issues', 'labeled');
    payload.repository = repository();
    payload.sender = user('bob');
    payload.installation = { id: INSTALLATION };
    payload.issue = { ...payload.issue, number: 2, labels: [{ ...payload.label, name: 'goal:asyncdrop' }] };
    payload.label = { ...payload.label, name: 'goal:asyncdrop' };

    expect(await deliver('issues', payload)).toBe(200);
    expect(await deliver('issues', payload)).toBe(200);

    const replies = issue(2).comments.filter((comment) => comment.body.includes(UNKNOWN_LABEL_MARKER));
    expect(replies).toHaveLength(1);
    expect(replies[0].viaApp).toBe('roadmap-bot');
    expect(replies[0].body).toContain('- **goal:asyncdrop** — did you mean **goal:async-drop**');
  });

  it('applies /goal for a triager and politely refuses a reader', async () => {
    const command = (login: string, id: number) => {
      const payload = example('issue_comment', 'created');
      payload.repository = repository();
      payload.installation = { id: INSTALLATION };
      payload.issue = { ...payload.issue, number: 2, labels: [] };
      payload.comment = { ...payload.comment, id, body: '/goal async', user: user(login), performed_via_github_app: null };
      payload.sender = user(login);
      return payload;
    };

    expect(await deliver('issue_comment', command('reader', 9001))).toBe(200);
    expect(issue(2).labels).toEqual(['goal:asyncdrop']);
    expect(issue(2).comments.at(-1)!.body).toContain('needs triage access');

    const comments = issue(2).comments.length;
    expect(await deliver('issue_comment', command('triager', 9002))).toBe(200);
    expect(issue(2).labels).toEqual(['goal:asyncdrop', 'goal:async']);
    expect(issue(2).comments).toHaveLength(comments);
  });

  it('syncs the label of a goal added by a push to the default branch', async () => {
    const head = simulator.commit(FULL_NAME, 'main', {
      'roadmap/tooling.md': '# 🎯 Great tooling\n\n## Shiny future\n\nIDEs just work.\n',
    });
    const payload = example('push');
    payload.ref = 'refs/heads/main';
    payload.deleted = false;
    payload.before = initialHead;
    payload.after = head;
    payload.repository = { ...repository(), default_branch: 'main', master_branch: 'main' };
    payload.installation = { id: INSTALLATION };
    payload.commits = [{ ...(payload.commits[0] ?? {}), id: head, added: ['roadmap/tooling.md'], modified: [], removed: [] }];

    expect(await deliver('push', payload)).toBe(200);

    expect(simulator.snapshot().labels[FULL_NAME].map((label) => label.name)).toContain('goal:tooling');
  });

  it('rejects a forged signature and changes nothing', async () => {
    const payload = example('issues', 'labeled');
    payload.repository = repository();
    payload.installation = { id: INSTALLATION };
    payload.issue = { ...payload.issue, number: 1, labels: [{ ...payload.label, name: 'goal:nope' }] };
    payload.label = { ...payload.label, name: 'goal:nope' };
    const state = JSON.stringify(simulator.snapshot());
    simulator.resetRequests();

    const status = await deliver('issues', payload, 'wrong-secret');

    expect([400, 401]).toContain(status);
    expect(simulator.requests).toEqual([]);
    expect(JSON.stringify(simulator.snapshot())).toBe(state);
  });
});
