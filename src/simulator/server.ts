/**
 * The HTTP face of the simulator (node:http): GHE-style `/api/v3` prefixes,
 * authentication, routing to the typed REST handlers and GraphQL, GitHub's
 * headers (pagination `Link`, rate-limit counters), injected faults, and a
 * record of every request for tests and the bench.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Authenticator, requireAuthentication, type Caller } from './auth.js';
import { GENERIC_DOCS_URL, GitHubError, badCredentials, notFound } from './errors.js';
import { executeGraphql } from './graphql.js';
import { linkHeader, pageWindow, queryParams, resolveRepo, type RouteContext, type RouteKey, type Router } from './router.js';
import { Shapes } from './shapes.js';
import type { SimulatorState } from './state.js';
import type { FaultSpec, RecordedRequest, RequestFilter } from './types.js';

const API_PREFIX = '/api/v3';
const GRAPHQL_PATHS = new Set(['/graphql', '/api/graphql']);
/** Requests per window and the window, by rate-limit resource (as GitHub counts them for an App or a token). */
const RATE_LIMITS: Record<RateLimitResource, { limit: number; windowMs: number }> = {
  core: { limit: 5000, windowMs: 3_600_000 },
  graphql: { limit: 5000, windowMs: 3_600_000 },
  search: { limit: 30, windowMs: 60_000 },
};
const SEARCH_RESULT_LIMIT_MESSAGE = 'Only the first 1000 search results are available';
const SECONDARY_RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

interface PendingFault extends FaultSpec {
  remaining: number;
}

type RateLimitResource = 'core' | 'graphql' | 'search';

/** One credential's use of one resource since its window opened. */
interface RateLimitWindow {
  used: number;
  /** When the window closes and the count starts again (ms, simulator clock). */
  resetsAt: number;
}

/** A representation other than JSON, asked for by `Accept`. */
type TextFormat = 'raw' | 'sha';

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  route: string | null;
  /** Sent verbatim instead of JSON, in this format. */
  text?: { format: TextFormat; content: string };
}

/**
 * `application/vnd.github.raw` / `.v3.raw` (Octokit's `mediaType: { format: 'raw' }`) and
 * `application/vnd.github.sha` / `.v3.sha` (`format: 'sha'`).
 */
const TEXT_MEDIA_TYPE = /application\/vnd\.github(?:\.v3)?\.(raw|sha)\b/;

/** What GitHub labels each text format with: raw file content as plain text, a sha as its own media type. */
const TEXT_CONTENT_TYPES: Record<TextFormat, string> = {
  raw: 'text/plain; charset=utf-8',
  sha: 'application/vnd.github.sha; charset=utf-8',
};

function textFormat(accept: string | undefined): TextFormat | null {
  const match = TEXT_MEDIA_TYPE.exec(accept ?? '');
  return match ? (match[1] as TextFormat) : null;
}

function decodeForRecord(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function requestId(): string {
  return randomBytes(10)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(.{4})(.{6})(.{6})/, '$1:$2:$3:$4');
}

function matchesFilter(request: RecordedRequest, filter: RequestFilter): boolean {
  if (typeof filter === 'function') return filter(request);
  if (filter.method && request.method !== filter.method.toUpperCase()) return false;
  if (filter.path !== undefined && !(typeof filter.path === 'string' ? request.path === filter.path : filter.path.test(request.path)))
    return false;
  if (filter.route && request.route !== filter.route) return false;
  if (filter.tokenKind && request.tokenKind !== filter.tokenKind) return false;
  if (filter.status !== undefined && request.status !== filter.status) return false;
  return true;
}

export class SimulatorServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: PendingFault[] = [];
  private readonly usage = new Map<string, RateLimitWindow>();
  private readonly heldRequests = new Set<NodeJS.Timeout>();
  private server: Server | null = null;
  private baseUrl = '';

  constructor(
    private readonly state: SimulatorState,
    private readonly auth: Authenticator,
    private readonly router: Router,
  ) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('the simulator is not started: call start() first');
    return this.baseUrl;
  }

  async start(port = 0): Promise<{ url: string }> {
    if (this.server) throw new Error('the simulator is already started');
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: `simulator failure: ${error instanceof Error ? error.message : String(error)}` }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the simulator could not read its listening address');
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return { url: this.baseUrl };
  }

  async close(): Promise<void> {
    for (const timer of this.heldRequests) clearTimeout(timer);
    this.heldRequests.clear();
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  failNext(fault: FaultSpec): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  countRequests(filter?: RequestFilter): number {
    return filter ? this.requests.filter((request) => matchesFilter(request, filter)).length : this.requests.length;
  }

  private takeFault(method: string, path: string): PendingFault | undefined {
    const index = this.faults.findIndex(
      (fault) => (!fault.method || fault.method.toUpperCase() === method) && (!fault.path || fault.path.test(path)),
    );
    if (index === -1) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const requestUrl = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    const isGraphql = GRAPHQL_PATHS.has(requestUrl.pathname);
    const hasPrefix = requestUrl.pathname === API_PREFIX || requestUrl.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = isGraphql ? '/graphql' : hasPrefix ? requestUrl.pathname.slice(API_PREFIX.length) || '/' : requestUrl.pathname;
    const text = await readBody(request);
    const record: RecordedRequest = {
      method,
      path: decodeForRecord(rawPath),
      query: Object.fromEntries(requestUrl.searchParams),
      status: 0,
      body: null,
      tokenKind: 'none',
      route: null,
    };
    this.requests.push(record);

    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.send(response, record, this.errorReply(new GitHubError(400, 'Problems parsing JSON'), GENERIC_DOCS_URL, null));
        return;
      }
    }
    record.body = body;

    const identity = this.auth.identify(request.headers.authorization);
    record.tokenKind = identity.kind;
    const fault = this.takeFault(method, record.path);
    if (fault?.status === 'timeout') {
      const timer = setTimeout(() => {
        this.heldRequests.delete(timer);
        request.socket.destroy();
      }, fault.delayMs ?? 1000);
      this.heldRequests.add(timer);
      return;
    }
    if (fault) {
      this.send(response, record, this.faultReply(fault.status, fault.retryAfterSeconds ?? 1), identity.credential);
      return;
    }

    const apiBase = `${requestUrl.protocol}//${requestUrl.host}${hasPrefix ? API_PREFIX : ''}`;
    const reply = isGraphql
      ? await this.graphqlReply(method, identity, body)
      : this.restReply(method, rawPath, requestUrl, identity, body, new Shapes(this.state, apiBase), textFormat(request.headers.accept));
    this.send(response, record, reply, identity.credential);
  }

  private faultReply(status: 500 | 502 | 403, retryAfterSeconds: number): Reply {
    if (status === 403) {
      return {
        status,
        route: null,
        headers: { 'retry-after': String(retryAfterSeconds) },
        body: {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`,
          documentation_url: SECONDARY_RATE_LIMIT_DOCS,
          status: '403',
        },
      };
    }
    const message =
      status === 502
        ? "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
        : 'Server Error';
    return { status, route: null, headers: {}, body: { message } };
  }

  private errorReply(error: GitHubError, docs: string, route: string | null): Reply {
    return { status: error.status, body: error.body(docs), headers: {}, route };
  }

  private async graphqlReply(method: string, identity: ReturnType<Authenticator['identify']>, body: unknown): Promise<Reply> {
    const route = 'POST /graphql';
    if (method !== 'POST') return this.errorReply(notFound(), GENERIC_DOCS_URL, null);
    const caller = identity.caller;
    if (identity.kind === 'none') {
      return this.errorReply(
        new GitHubError(401, 'This endpoint requires you to be authenticated.'),
        'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        route,
      );
    }
    if (!caller || caller.kind === 'jwt') return this.errorReply(badCredentials(), GENERIC_DOCS_URL, route);
    return { status: 200, body: await executeGraphql(body, { state: this.state, caller }), headers: {}, route };
  }

  private restReply(
    method: string,
    rawPath: string,
    requestUrl: URL,
    identity: ReturnType<Authenticator['identify']>,
    body: unknown,
    shapes: Shapes,
    format: TextFormat | null,
  ): Reply {
    if (identity.kind === 'invalid') return this.errorReply(badCredentials(), GENERIC_DOCS_URL, null);
    const matched = this.router.match(method, rawPath);
    if (!matched) return this.errorReply(notFound(), GENERIC_DOCS_URL, null);
    const { definition, pathParams } = matched;
    try {
      const caller = this.authorize(definition.auth, identity);
      const params = {
        ...queryParams(requestUrl.searchParams),
        ...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}),
        ...pathParams,
      } as Record<string, unknown>;
      const headers: Record<string, string> = {};
      let status = definition.status;
      const context: RouteContext<RouteKey> = {
        params: params as RouteContext<RouteKey>['params'],
        body,
        state: this.state,
        auth: this.auth,
        caller,
        shapes,
        repo: () => resolveRepo(this.state, caller, params.owner, params.repo),
        actor: () => {
          if (caller.kind === 'jwt') throw badCredentials();
          return caller.actor;
        },
        setStatus: (chosen) => {
          status = chosen;
        },
        paginate: (items, options) => {
          const { perPage, page } = pageWindow(params);
          const available = options?.maxResults === undefined ? items.length : Math.min(items.length, options.maxResults);
          if (options?.maxResults !== undefined && (page - 1) * perPage >= options.maxResults) {
            throw new GitHubError(422, SEARCH_RESULT_LIMIT_MESSAGE);
          }
          const link = linkHeader(requestUrl, page, Math.max(1, Math.ceil(available / perPage)));
          if (link) headers.link = link;
          return items.slice((page - 1) * perPage, Math.min(page * perPage, available));
        },
      };
      const content = format ? definition[format]?.(context) : undefined;
      if (content !== undefined && format) {
        return { status: definition.status, body: null, text: { format, content }, headers, route: definition.key };
      }
      const data = definition.handle(context);
      return { status, body: data, headers, route: definition.key };
    } catch (error) {
      if (error instanceof GitHubError) return this.errorReply(error, definition.docs, definition.key);
      throw error;
    }
  }

  private authorize(required: 'app' | 'token', identity: ReturnType<Authenticator['identify']>): Caller {
    if (identity.kind === 'none') throw requireAuthentication();
    if (required === 'app') {
      if (identity.kind !== 'jwt' || !identity.credential) throw new GitHubError(401, 'A JSON web token could not be decoded');
      this.auth.verifyJwt(identity.credential);
      return { kind: 'jwt' };
    }
    if (!identity.caller || identity.caller.kind === 'jwt') throw badCredentials();
    return identity.caller;
  }

  /**
   * Counts a request against its credential's window of its resource; a
   * window opens at the first request and closes `windowMs` later on the
   * simulator's clock, as GitHub's do.
   */
  private rateLimit(credential: string | null, resource: RateLimitResource): { limit: number; used: number; resetsAt: number } {
    const { limit, windowMs } = RATE_LIMITS[resource];
    const now = Date.parse(this.state.now());
    if (!credential) return { limit, used: 1, resetsAt: now + windowMs };
    const key = `${resource} ${credential}`;
    let window = this.usage.get(key);
    // A clock set back (tests travel in time) opens a new window too.
    if (!window || now >= window.resetsAt || now < window.resetsAt - windowMs) {
      window = { used: 0, resetsAt: now + windowMs };
      this.usage.set(key, window);
    }
    window.used += 1;
    return { limit, used: window.used, resetsAt: window.resetsAt };
  }

  private send(response: ServerResponse, record: RecordedRequest, reply: Reply, credential: string | null = null): void {
    record.status = reply.status;
    record.route = reply.route;
    const resource: RateLimitResource = record.path.startsWith('/search/') ? 'search' : record.path === '/graphql' ? 'graphql' : 'core';
    const { limit, used, resetsAt } = this.rateLimit(credential, resource);
    const headers: Record<string, string> = {
      'content-type': reply.text === undefined ? 'application/json; charset=utf-8' : TEXT_CONTENT_TYPES[reply.text.format],
      'x-github-media-type': reply.text === undefined ? 'github.v3; format=json' : `github.v3; param=${reply.text.format}`,
      'x-github-request-id': requestId(),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - used, 0)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.ceil(resetsAt / 1000)),
      'x-ratelimit-resource': resource,
      ...reply.headers,
    };
    response.writeHead(reply.status, headers);
    response.end(reply.text?.content ?? JSON.stringify(reply.body));
  }
}
