/**
 * The one test world for everything that runs end to end: the GitHub
 * simulator, the real app server over HTTP (production throttling and
 * retries unless a test says otherwise, every wait shortened by
 * `TEST_TIME_SCALE`), webhooks signed with the secret and built from
 * `@octokit/webhooks-examples` with the simulator's own objects put in, and
 * users who write through the API with their own tokens. Tests assert the
 * resulting GitHub state (`snapshot()`, `read()`) unless the exact requests
 * are the point (`appRequests()`, `appWrites()`).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { createSimulator, type RecordedRequest, type Simulator, type SimulatorSnapshot } from '../../src/simulator/index.js';
import { example, keys } from '../app/helpers.js';
import { TEST_TIME_SCALE } from '../setup/time.js';

export { TEST_TIME_SCALE };

export const APP_ID = 7341;
export const APP_SLUG = 'roadmap-bot';
export const INSTALLATION = 8080;
export const OWNER = 'acme';
export const SECRET = 'reliability-secret';
/** Thursday of ISO week 2026-W48. */
export const NOW = new Date('2026-11-26T12:00:00Z');

/** Users of the simulated GitHub, each with a token of their own (their role is set per repository). */
export const USERS = ['alice', 'mallory', 'reader', 'triager'] as const;
export type User = (typeof USERS)[number];
const tokenOf = (login: string) => `ghp_${login}-token`;

type Json = Record<string, any>;

export interface WorldOptions {
  /** Repositories (`acme/<name>`) and their files on `main`. */
  repositories: Record<string, Record<string, string>>;
  /** Repositories the installation covers (default: all). */
  installed?: string[];
  /** Production settings (Octokit's throttling and retries) unless false. */
  throttle?: boolean;
  jobConcurrency?: number;
  /** Put a proxy that can lose responses between the app and the simulator. */
  proxy?: boolean;
  /** The app's clock (default `NOW`). */
  now?: Date;
  /** False: the app is not told its slug and reads it with `GET /app`, as in production. */
  knownSlug?: boolean;
}

export interface World {
  simulator: Simulator;
  server: RunningServer;
  /** The first commit of each repository, by name. */
  heads: Record<string, string>;
  proxy: ResponseLosingProxy | null;
  /** Errors the app logged (failed background jobs among them), as text. */
  errors: string[];
  /** Posts a signed delivery, then waits for the background jobs; the HTTP status. */
  deliver(event: string, payload: Json, options?: { id?: string; secret?: string; wait?: boolean }): Promise<number>;
  /** Reads the simulator's REST API as a user (never counted as the app's). */
  read<T = Json>(path: string, as?: User): Promise<T>;
  /** Writes through the simulator's REST API as a user. */
  write<T = Json>(method: 'POST' | 'PATCH', path: string, body: unknown, as?: User): Promise<T>;
  /** Requests the app made (installation token or App JWT), oldest first. */
  appRequests(): RecordedRequest[];
  /** The app's writes (token exchange excluded). */
  appWrites(): RecordedRequest[];
  snapshot(): SimulatorSnapshot;
  close(): Promise<void>;
}

let deliveries = 0;

export async function startWorld(options: WorldOptions): Promise<World> {
  const simulator = createSimulator({
    appId: APP_ID,
    appSlug: APP_SLUG,
    publicKey: keys.publicKey,
    staticTokens: Object.fromEntries(USERS.map((login) => [tokenOf(login), { login }])),
  });
  const now = options.now ?? NOW;
  simulator.setClock(now.toISOString());
  const names = Object.keys(options.repositories);
  const heads: Record<string, string> = {};
  for (const name of names) {
    const fullName = `${OWNER}/${name}`;
    heads[name] = simulator.createRepository(fullName, { files: options.repositories[name] }).headSha;
    simulator.setPermission(fullName, 'alice', 'write');
    simulator.setPermission(fullName, 'triager', 'triage');
    simulator.setPermission(fullName, 'reader', 'read');
    simulator.setPermission(fullName, 'mallory', 'read');
  }
  simulator.addInstallation(
    INSTALLATION,
    OWNER,
    (options.installed ?? names).map((name) => `${OWNER}/${name}`),
  );
  await simulator.start();
  const proxy = options.proxy ? await ResponseLosingProxy.start(simulator.url) : null;

  const server = await startServer({
    appId: APP_ID,
    privateKey: keys.privateKey,
    webhookSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    baseUrl: proxy?.url ?? simulator.url,
    logLevel: 'silent',
    throttle: options.throttle ?? true,
    timeScale: TEST_TIME_SCALE,
    app: {
      clock: () => now,
      appId: APP_ID,
      ...(options.knownSlug === false ? {} : { appSlug: APP_SLUG }),
      ...(options.jobConcurrency ? { jobConcurrency: options.jobConcurrency } : {}),
    },
  });
  const errors: string[] = [];
  const log = server.probot.log as unknown as { error: (...args: unknown[]) => void };
  log.error = (...args: unknown[]) => {
    const message = args.find((arg): arg is string => typeof arg === 'string') ?? 'error';
    const detail = args.find((arg): arg is { err?: unknown } => typeof arg === 'object' && arg !== null);
    errors.push(detail?.err instanceof Error ? `${message}: ${detail.err.message}` : message);
  };

  const api = async <T>(method: string, path: string, body: unknown, as: User): Promise<T> => {
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers: { authorization: `token ${tokenOf(as)}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path} as ${as}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const isApp = (request: RecordedRequest) => request.tokenKind === 'installation' || request.tokenKind === 'jwt';

  return {
    simulator,
    server,
    heads,
    proxy,
    errors,
    async deliver(event, payload, deliveryOptions = {}) {
      const body = JSON.stringify(payload);
      const response = await fetch(server.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/reliability',
          'x-github-event': event,
          'x-github-delivery': deliveryOptions.id ?? `reliability-${++deliveries}`,
          'x-hub-signature-256': await sign(deliveryOptions.secret ?? SECRET, body),
        },
        body,
      });
      await response.arrayBuffer();
      if (deliveryOptions.wait !== false) await server.idle();
      return response.status;
    },
    read: (path, as = 'alice') => api('GET', path, undefined, as),
    write: (method, path, body, as = 'alice') => api(method, path, body, as),
    appRequests: () => simulator.requests.filter(isApp),
    appWrites: () =>
      simulator.requests.filter(
        (request) => isApp(request) && request.method !== 'GET' && request.path !== '/graphql' && !request.path.endsWith('/access_tokens'),
      ),
    snapshot: () => simulator.snapshot(),
    async close() {
      await server.close();
      await proxy?.close();
      await simulator.close();
    },
  };
}

// ---- payloads ------------------------------------------------------------

/** A payload from `@octokit/webhooks-examples` for our installation, with these fields put in. */
export function payloadOf(event: string, action: string | undefined, fields: Json): Json {
  const base = example(event, action);
  return { ...base, ...fields, installation: { id: INSTALLATION, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uODA4MA==' } };
}

export async function repositoryOf(world: World, name: string): Promise<Json> {
  return world.read(`/repos/${OWNER}/${name}`);
}

export function userOf(login: User): Json {
  const sender = example('issues', 'opened').sender;
  return { ...sender, login, type: 'User', id: 1000 + USERS.indexOf(login) };
}

export async function installationCreated(world: World, names: string[]): Promise<Json> {
  const payload = payloadOf('installation', 'created', {});
  const repositories = await Promise.all(names.map((name) => repositoryOf(world, name)));
  payload.installation = {
    ...example('installation', 'created').installation,
    id: INSTALLATION,
    account: { ...example('installation', 'created').installation.account, login: OWNER },
  };
  payload.repositories = repositories.map(({ id, node_id, name, full_name, private: isPrivate }) => ({
    id,
    node_id,
    name,
    full_name,
    private: isPrivate,
  }));
  payload.sender = userOf('alice');
  return payload;
}

export async function repositoriesAdded(world: World, names: string[]): Promise<Json> {
  const repositories = await Promise.all(names.map((name) => repositoryOf(world, name)));
  return payloadOf('installation_repositories', 'added', {
    repositories_added: repositories.map(({ id, node_id, name, full_name, private: isPrivate }) => ({
      id,
      node_id,
      name,
      full_name,
      private: isPrivate,
    })),
    repositories_removed: [],
    sender: userOf('alice'),
  });
}

export async function pushed(
  world: World,
  name: string,
  push: { before: string; after: string; added?: string[]; modified?: string[]; removed?: string[] },
): Promise<Json> {
  const repository = await repositoryOf(world, name);
  const commit = {
    ...example('push').commits[0],
    id: push.after,
    added: push.added ?? [],
    modified: push.modified ?? [],
    removed: push.removed ?? [],
  };
  return payloadOf('push', undefined, {
    ref: `refs/heads/${repository.default_branch}`,
    before: push.before,
    after: push.after,
    created: false,
    deleted: false,
    forced: false,
    commits: [commit],
    head_commit: commit,
    repository: { ...repository, master_branch: repository.default_branch },
    sender: userOf('alice'),
  });
}

export async function issueEvent(
  world: World,
  name: string,
  action: 'opened' | 'labeled' | 'edited',
  number: number,
  options: { label?: string; sender?: User } = {},
): Promise<Json> {
  const issue = await world.read(`/repos/${OWNER}/${name}/issues/${number}`);
  const labelled = options.label ? (issue.labels as Json[]).find((label) => label.name === options.label) : undefined;
  if (options.label && !labelled) throw new Error(`issue #${number} has no label ${options.label}`);
  return payloadOf('issues', action === 'edited' ? 'opened' : action, {
    action,
    issue,
    ...(labelled ? { label: labelled } : {}),
    ...(action === 'edited' ? { changes: { body: { from: '' } } } : {}),
    repository: await repositoryOf(world, name),
    sender: userOf(options.sender ?? 'alice'),
  });
}

/** A user comments on an issue or pull request through the API; the `issue_comment.created` payload for it. */
export async function commented(world: World, name: string, number: number, body: string, as: User): Promise<Json> {
  const comment = await world.write('POST', `/repos/${OWNER}/${name}/issues/${number}/comments`, { body }, as);
  return payloadOf('issue_comment', 'created', {
    comment,
    issue: await world.read(`/repos/${OWNER}/${name}/issues/${number}`),
    repository: await repositoryOf(world, name),
    sender: userOf(as),
  });
}

export async function pullRequestEvent(
  world: World,
  name: string,
  action: 'opened' | 'synchronize',
  number: number,
  push?: { before: string; after: string },
): Promise<Json> {
  const pull = await world.read(`/repos/${OWNER}/${name}/pulls/${number}`);
  return payloadOf('pull_request', action, {
    number,
    pull_request: pull,
    repository: await repositoryOf(world, name),
    sender: pull.user,
    ...(push ?? {}),
  });
}

// ---- what the snapshot must never show --------------------------------------

/** Every `<!-- roadmap-bot:… -->` marker in a text. */
export function markersIn(text: string): string[] {
  return text.match(/<!-- roadmap-bot:[^>]*-->/g) ?? [];
}

/**
 * Duplicates in the simulated GitHub: labels per repository, labels per issue,
 * app comments per thread with the same marker or the same body, app issues
 * with the same title, app check runs with the same head, outcome and output.
 */
export function duplicatesIn(snapshot: SimulatorSnapshot): string[] {
  const found: string[] = [];
  const repeated = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) found.push(`${what}: ${key}`);
      seen.add(key);
    }
  };
  for (const [repo, labels] of Object.entries(snapshot.labels))
    repeated(
      `${repo} label`,
      labels.map((label) => label.name.toLowerCase()),
    );
  const threads = [
    ...Object.entries(snapshot.issues).flatMap(([repo, issues]) => issues.map((issue) => ({ where: `${repo}#${issue.number}`, ...issue }))),
    ...Object.entries(snapshot.pulls).flatMap(([repo, pulls]) => pulls.map((pull) => ({ where: `${repo}#${pull.number}`, ...pull }))),
  ];
  for (const thread of threads) {
    repeated(
      `${thread.where} label`,
      thread.labels.map((name) => name.toLowerCase()),
    );
    const own = thread.comments.filter((comment) => comment.viaApp === APP_SLUG);
    repeated(
      `${thread.where} app comment marker`,
      own.flatMap((comment) => [...new Set(markersIn(comment.body))]),
    );
    repeated(
      `${thread.where} app comment body`,
      own.map((comment) => comment.body),
    );
  }
  for (const [repo, issues] of Object.entries(snapshot.issues)) {
    repeated(
      `${repo} app issue`,
      issues.filter((issue) => issue.viaApp === APP_SLUG).map((issue) => issue.title),
    );
  }
  for (const [repo, runs] of Object.entries(snapshot.checkRuns)) {
    repeated(
      `${repo} check run`,
      runs
        .filter((run) => run.viaApp === APP_SLUG)
        .map((run) => JSON.stringify([run.name, run.headSha, run.conclusion, run.output.title, run.output.summary])),
    );
  }
  return found;
}

/** The duplicates of one repository (`acme/x`) or thread (`acme/x#3`). */
export function duplicatesOf(snapshot: SimulatorSnapshot, where: string): string[] {
  return duplicatesIn(snapshot).filter((entry) => entry.startsWith(`${where} `) || entry.startsWith(`${where}:`));
}

// ---- a proxy that loses responses ------------------------------------------

export interface LostResponse {
  method?: string;
  path: RegExp;
  times?: number;
}

/**
 * Sits between the app and the simulator. A request matching a `loseNext`
 * rule still reaches the simulator (the write happens), but the app never
 * hears back: the connection is dropped once GitHub has answered. That is the
 * timeout that leaves work half done, which the simulator's own `timeout`
 * fault (dropped before the request is handled) cannot show.
 */
export class ResponseLosingProxy {
  readonly #rules: (LostResponse & { remaining: number })[] = [];
  /** `METHOD path` of each request whose response was lost. */
  readonly lost: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<ResponseLosingProxy> {
    const upstream = new URL(target);
    let proxy: ResponseLosingProxy | null = null;
    const server = createServer((incoming, outgoing) => {
      const path = (incoming.url ?? '/').split('?')[0];
      const rule = proxy!.take(incoming.method ?? 'GET', path);
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (answer: IncomingMessage) => {
          if (rule) {
            answer.resume();
            answer.on('end', () => {
              proxy!.lost.push(`${incoming.method} ${path}`);
              incoming.socket.destroy();
            });
            return;
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new ResponseLosingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The next `times` (default 1) matching requests reach GitHub, but their responses never come back. */
  loseNext(rule: LostResponse): void {
    this.#rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  private take(method: string, path: string): LostResponse | undefined {
    const index = this.#rules.findIndex((rule) => (!rule.method || rule.method === method) && rule.path.test(path));
    if (index === -1) return undefined;
    const rule = this.#rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules.splice(index, 1);
    return rule;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
