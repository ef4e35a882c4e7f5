import { sign } from '@octokit/webhooks-methods';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/app/server.js';
import { MAX_RATE_LIMIT_WAIT_SECONDS, RATE_LIMIT_RETRIES, retryRateLimit } from '../../src/github/octokit.js';
import { OWNER, REPO, api, example, label, mockBranchSha, mockConfig, mockRoadmap, mockToken, startTestServer } from './helpers.js';

const SECRET = 'server-test-secret';
let server: RunningServer | null = null;

beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  server = await startTestServer(SECRET);
});

afterEach(async () => {
  await server?.close();
  server = null;
  nock.cleanAll();
  nock.enableNetConnect();
});

async function deliver(name: string, payload: object, signature?: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(server!.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': name,
      'x-github-delivery': `delivery-${Math.random()}`,
      'x-hub-signature-256': signature ?? (await sign(SECRET, body)),
    },
    body,
  });
}

function unknownLabelIssue(): any {
  const payload = example('issues', 'opened');
  payload.issue.number = 3;
  payload.issue.labels = [label('goal:asyncdrop')];
  return payload;
}

describe('startServer', () => {
  it('listens over HTTP with a health check and GitHub-style 404s', async () => {
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ping = await fetch(`${server!.url}/ping`);
    expect(ping.status).toBe(200);
    expect(await ping.text()).toBe('PONG');
    const missing = await fetch(`${server!.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });

  it('handles a signed webhook through the real HTTP path', async () => {
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(`/repos/${OWNER}/${REPO}/issues/3/comments`).query({ per_page: 100 }).reply(200, []);
    let body = '';
    scope
      .post(`/repos/${OWNER}/${REPO}/issues/3/comments`, (sent: { body: string }) => {
        body = sent.body;
        return true;
      })
      .reply(201, { id: 1 });

    const response = await deliver('issues', unknownLabelIssue());
    expect(response.status).toBe(200);
    // The webhook is answered at once; the reply is written by a background job.
    await server!.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(body).toContain('- **goal:asyncdrop** — did you mean **goal:async-drop**');
  });

  it('rejects a forged signature without running any handler', async () => {
    const payload = unknownLabelIssue();
    const forged = await sign('not-the-secret', JSON.stringify(payload));

    const response = await deliver('issues', payload, forged);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('signature does not match');
  });

  it('stops listening on close', async () => {
    const url = server!.url;
    await server!.close();
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  });
});

describe('the production rate-limit handler', () => {
  const request = { method: 'POST', url: '/repos/octo/repo/issues' };
  const warnings: string[] = [];
  const octokit = { log: { warn: (message: string) => void warnings.push(message) } };
  const handle = retryRateLimit('primary');

  it('waits what GitHub asks, up to a minute, a couple of times', () => {
    expect(handle(1, request, octokit, 0)).toBe(true);
    expect(handle(MAX_RATE_LIMIT_WAIT_SECONDS, request, octokit, RATE_LIMIT_RETRIES - 1)).toBe(true);
    expect(handle(1, request, octokit, RATE_LIMIT_RETRIES)).toBe(false);
  });

  it('gives up at once when GitHub asks to wait longer than a minute, so shutdown is not held for an hour', () => {
    warnings.length = 0;
    expect(handle(3600, request, octokit, 0)).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('giving up (GitHub asks to wait 3600 s)')]);
  });
});
