/**
 * Shared set-up for the app's nock tests: a Probot with a generated key and
 * the throttle/retry-off Octokit, example payloads from
 * `@octokit/webhooks-examples` (with the `installation` they lack), and
 * mocks for the reads every handler makes.
 */
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import nock from 'nock';
import { Probot } from 'probot';
import { vi } from 'vitest';
import { roadmapBot, type RoadmapBot } from '../../src/app/index.js';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { UnthrottledOctokit } from '../../src/github/octokit.js';
import { parseInProcess } from '../../src/github/parse-pool.js';
import { generateAppKeyPair } from '../../src/simulator/keys.js';

export const API = 'https://api.github.com';
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';
export const BRANCH = 'master';
export const INSTALLATION_ID = 4242;
export const APP_ID = 77;
export const APP_SLUG = 'roadmap-bot';
export const HEAD_SHA = 'a'.repeat(40);
export const BEFORE_SHA = 'b'.repeat(40);
export const NOW = new Date('2025-06-01T12:00:00Z');

export const keys = generateAppKeyPair();

/** The real server on a free local port, quiet, unthrottled, with the test clock. */
export function startTestServer(webhookSecret: string): Promise<RunningServer> {
  return startServer({
    appId: APP_ID,
    privateKey: keys.privateKey,
    webhookSecret,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    throttle: false,
    app: { appSlug: APP_SLUG, clock: () => NOW },
  });
}

/** An original example roadmap: a top goal requiring a group that references issue #12. */
export const ROADMAP: Record<string, string> = {
  'roadmap/async.md': [
    '---',
    'id: async',
    'requires: [async-drop]',
    '---',
    '# 🎯 Async Rust is delightful',
    '',
    '## Status quo as of March 2025',
    '',
    'Writing async code still means fighting the borrow checker.',
    '',
    '## Where we want to be by end of 2025',
    '',
    'Async feels like sync.',
    '',
  ].join('\n'),
  'roadmap/async-drop.md': [
    '# Async drop',
    '',
    '## Status quo as of 2024-01',
    '',
    'Resources are released synchronously.',
    '',
    '## Where we want to be by Q3 2025',
    '',
    'Async drop is designed.',
    '',
    '- [ ] Design async drop `design` (#12)',
    '- [x] Survey other languages (octo/other#3)',
    '',
  ].join('\n'),
};

export interface TestApp {
  probot: Probot;
  bot: RoadmapBot;
  /** Errors the app logged (failed background jobs among them). */
  errors: ReturnType<typeof vi.fn>;
  /** Delivers an event and waits for the background jobs it started (the webhook itself is answered at once). */
  receive(event: { id: string; name: string; payload: unknown }): Promise<void>;
}

export async function createTestApp(options: { knownIdentity?: boolean } = {}): Promise<TestApp> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey: keys.privateKey,
    secret: 'test-secret',
    Octokit: UnthrottledOctokit,
    logLevel: 'silent' as 'info',
  });
  const bot = roadmapBot({
    clock: () => NOW,
    parser: parseInProcess,
    ...(options.knownIdentity === false ? {} : { appId: APP_ID, appSlug: APP_SLUG }),
  });
  await probot.load((app) => bot.app(app));
  const errors = vi.fn();
  // The background jobs log through the app's logger: catch what they report.
  vi.spyOn(probot.log, 'error').mockImplementation(errors as never);
  const receive = async (event: { id: string; name: string; payload: unknown }) => {
    await probot.receive(event as never);
    await bot.idle();
  };
  return { probot, bot, errors, receive };
}

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

/** A deep copy of an example payload, with the `installation` the examples mostly lack. */
export function example(name: string, action?: string): any {
  const definition = definitions.find((entry) => entry.name === name);
  const found = definition?.examples.find((payload: any) => action === undefined || payload.action === action);
  if (!found) throw new Error(`no example payload for ${name}.${action}`);
  return { ...structuredClone(found), installation: { id: INSTALLATION_ID } };
}

export function label(
  name: string,
  color = 'ededed',
): { id: number; name: string; color: string; description: string | null; default: boolean } {
  return { id: name.length * 1000 + name.charCodeAt(0), name, color, description: null, default: false };
}

/** The installation token Probot asks for once per installation (and caches). */
export function mockToken(scope: nock.Scope): nock.Scope {
  return scope.post(`/app/installations/${INSTALLATION_ID}/access_tokens`).reply(201, {
    token: 'ghs_test',
    expires_at: '2099-01-01T00:00:00Z',
    permissions: { issues: 'write', contents: 'read', metadata: 'read' },
  });
}

const CONFIG_PATH = /\/contents\/\.github(%2F|\/)roadmap-bot\.yml/;

/** `.github/roadmap-bot.yml`: the repository's (text) or none (404 there and in the org's `.github`). */
export function mockConfig(scope: nock.Scope, yaml: string | null, repo = REPO): nock.Scope {
  if (yaml === null) {
    scope
      .get((path) => path.startsWith(`/repos/${OWNER}/${repo}/contents/`) && CONFIG_PATH.test(path))
      .reply(404, { message: 'Not Found' });
    return scope
      .get((path) => path.startsWith(`/repos/${OWNER}/.github/contents/`) && CONFIG_PATH.test(path))
      .reply(404, { message: 'Not Found' });
  }
  return scope
    .get((path) => path.startsWith(`/repos/${OWNER}/${repo}/contents/`) && CONFIG_PATH.test(path))
    .reply(200, yaml, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
}

export function mockBranchSha(scope: nock.Scope, sha = HEAD_SHA, branch = BRANCH, repo = REPO): nock.Scope {
  return scope.get(`/repos/${OWNER}/${repo}/commits/${branch}`).reply(200, sha, { 'content-type': 'application/vnd.github.sha' });
}

/** The tree listing and the GraphQL blob query of `readRoadmapFiles` for these files at `sha`. */
export function mockRoadmap(scope: nock.Scope, files: Record<string, string> = ROADMAP, sha = HEAD_SHA, repo = REPO): nock.Scope {
  const paths = Object.keys(files).sort();
  scope
    .get(`/repos/${OWNER}/${repo}/git/trees/${sha}`)
    .query({ recursive: 'true' })
    .reply(200, {
      sha: 'tree'.padEnd(40, '0'),
      truncated: false,
      tree: [
        { path: 'README.md', type: 'blob', size: 10, sha: '1'.repeat(40), mode: '100644' },
        ...paths.map((path) => ({ path, type: 'blob', size: Buffer.byteLength(files[path]), sha: '2'.repeat(40), mode: '100644' })),
      ],
    });
  return scope
    .post('/graphql', (body: { variables: Record<string, string> }) =>
      paths.every((path, index) => body.variables[`e${index}`] === `${sha}:${path}`),
    )
    .reply(200, {
      data: {
        repository: Object.fromEntries(
          paths.map((path, index) => [
            `f${index}`,
            { text: files[path], byteSize: Buffer.byteLength(files[path]), isBinary: false, isTruncated: false },
          ]),
        ),
      },
    });
}

export function comment(id: number, body: string, by: 'app' | 'user' | 'other-app' = 'app'): object {
  const user =
    by === 'app'
      ? { login: `${APP_SLUG}[bot]`, type: 'Bot' }
      : by === 'other-app'
        ? { login: 'other-bot[bot]', type: 'Bot' }
        : { login: 'octocat', type: 'User' };
  return {
    id,
    body,
    user,
    performed_via_github_app: by === 'app' ? { id: APP_ID } : by === 'other-app' ? { id: 999 } : null,
  };
}

export function api(): nock.Scope {
  return nock(API);
}
