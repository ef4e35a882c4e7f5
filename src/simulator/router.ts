/**
 * Typed REST routes. `route('GET /repos/{owner}/{repo}/labels', …)` only
 * compiles for routes in Octokit's generated `Endpoints`, and its handler must
 * return that route's response body, so bodies keep GitHub's shapes.
 */
import type { Endpoints } from '@octokit/types';
import type { Authenticator, Caller } from './auth.js';
import { notFound } from './errors.js';
import type { Shapes } from './shapes.js';
import { repoKey, type Actor, type RepoState, type SimulatorState } from './state.js';

export type RouteKey = keyof Endpoints;
export type ResponseData<R extends RouteKey> = Endpoints[R]['response']['data'];
export type RouteParams<R extends RouteKey> = Endpoints[R]['parameters'];

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

/** Path and query parameters GitHub defines as integers. */
const INTEGER_PARAMS = new Set(['per_page', 'page', 'issue_number', 'pull_number', 'check_run_id', 'comment_id', 'installation_id']);
/** Parameters that may span several path segments (file paths, refs with slashes, `base...head`). */
const MULTI_SEGMENT_PARAMS = new Set(['path', 'ref', 'basehead', 'tree_sha']);

export interface RouteContext<R extends RouteKey> {
  /** Path, query and body parameters merged, as Octokit passes them. */
  readonly params: RouteParams<R>;
  /** The parsed JSON body as sent (an array for legacy array bodies). */
  readonly body: unknown;
  readonly state: SimulatorState;
  readonly auth: Authenticator;
  /** The authenticated caller (`jwt` on App routes, a token on the others). */
  readonly caller: Caller;
  readonly shapes: Shapes;
  /** Who writes are attributed to: the App's bot for installation tokens, the token's user for static ones. */
  actor(): Actor;
  /** The repository named by `owner`/`repo`, if the caller may see it; GitHub's 404 otherwise. */
  repo(): RepoState;
  /** Answers with this success status instead of the route's (GitHub's 200 for a reaction that already existed). */
  setStatus(status: 200 | 201): void;
  /** One page of `items` by `per_page`/`page`, setting GitHub's `Link` header. */
  paginate<T>(items: readonly T[], options?: { maxResults?: number }): T[];
}

export interface RouteDefinition {
  readonly key: string;
  readonly method: string;
  readonly segments: readonly string[];
  /** `app`: App JWT; `token`: installation or static token. */
  readonly auth: 'app' | 'token';
  readonly status: number;
  readonly docs: string;
  handle(context: RouteContext<RouteKey>): unknown;
  /** The `application/vnd.github.raw` representation, when the resource has one. */
  raw?(context: RouteContext<RouteKey>): string | undefined;
  /** The `application/vnd.github.sha` representation, when the resource has one. */
  sha?(context: RouteContext<RouteKey>): string | undefined;
}

export interface RouteOptions<R extends RouteKey> {
  auth?: 'app' | 'token';
  /** Success status when not 200. */
  status?: 201;
  /** Path of the endpoint's page under https://docs.github.com/rest/ (for error bodies). */
  docs: string;
  /** Raw text served instead of JSON for `Accept: application/vnd.github.raw` (undefined: JSON after all). */
  raw?: (context: RouteContext<R>) => string | undefined;
  /** The bare commit sha served instead of JSON for `Accept: application/vnd.github.sha`. */
  sha?: (context: RouteContext<R>) => string | undefined;
}

export function route<R extends RouteKey>(
  key: R,
  options: RouteOptions<R>,
  handler: (context: RouteContext<R>) => ResponseData<R>,
): RouteDefinition {
  const [method, template] = key.split(' ');
  return {
    key,
    method,
    segments: template.split('/').slice(1),
    auth: options.auth ?? 'token',
    status: options.status ?? 200,
    docs: `https://docs.github.com/rest/${options.docs}`,
    handle: handler as (context: RouteContext<RouteKey>) => unknown,
    raw: options.raw as ((context: RouteContext<RouteKey>) => string | undefined) | undefined,
    sha: options.sha as ((context: RouteContext<RouteKey>) => string | undefined) | undefined,
  };
}

function literalCount(definition: RouteDefinition): number {
  return definition.segments.filter((segment) => !segment.startsWith('{')).length;
}

function paramName(segment: string): string | null {
  return segment.startsWith('{') ? segment.slice(1, -1) : null;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Matches raw (still URL-encoded) paths against route templates, most specific first. */
export class Router {
  private readonly routes: RouteDefinition[];

  constructor(routes: RouteDefinition[]) {
    this.routes = [...routes].sort((a, b) => literalCount(b) - literalCount(a));
  }

  match(method: string, rawPath: string): { definition: RouteDefinition; pathParams: Record<string, string | number> } | null {
    const segments = rawPath.split('/').slice(1);
    for (const definition of this.routes) {
      if (definition.method !== method) continue;
      const pathParams = matchSegments(definition.segments, segments);
      if (pathParams) return { definition, pathParams };
    }
    return null;
  }
}

function matchSegments(template: readonly string[], segments: string[]): Record<string, string | number> | null {
  const params: Record<string, string | number> = {};
  for (let index = 0; index < template.length; index++) {
    const name = paramName(template[index]);
    const isLast = index === template.length - 1;
    if (name && isLast && MULTI_SEGMENT_PARAMS.has(name)) {
      const rest = segments.slice(index).join('/');
      const value = decode(rest);
      if (value === null || (value === '' && name !== 'path')) return null;
      params[name] = value;
      return params;
    }
    const segment = segments[index];
    if (segment === undefined) return null;
    if (!name) {
      if (segment !== template[index]) return null;
      continue;
    }
    const value = decode(segment);
    if (!value) return null;
    if (INTEGER_PARAMS.has(name)) {
      if (!/^\d+$/.test(value)) return null;
      params[name] = Number(value);
    } else {
      params[name] = value;
    }
  }
  return segments.length === template.length ? params : null;
}

/** Query strings arrive as text; integer parameters become numbers (unparseable ones are dropped). */
export function queryParams(search: URLSearchParams): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [name, value] of search) {
    if (!INTEGER_PARAMS.has(name)) params[name] = value;
    else if (/^\d+$/.test(value)) params[name] = Number(value);
  }
  return params;
}

export function canAccessRepo(caller: Caller, repo: RepoState): boolean {
  if (caller.kind === 'installation') return caller.repos.has(repoKey(repo.fullName));
  return caller.kind === 'static';
}

export function resolveRepo(state: SimulatorState, caller: Caller, owner: unknown, name: unknown): RepoState {
  const repo = typeof owner === 'string' && typeof name === 'string' ? state.repo(`${owner}/${name}`) : undefined;
  if (!repo || !canAccessRepo(caller, repo)) throw notFound();
  return repo;
}

/** `per_page` (default 30, at most 100) and `page` (from 1), as GitHub reads them. */
export function pageWindow(params: { per_page?: unknown; page?: unknown }): { perPage: number; page: number } {
  const perPage = typeof params.per_page === 'number' && params.per_page > 0 ? Math.min(params.per_page, MAX_PER_PAGE) : DEFAULT_PER_PAGE;
  const page = typeof params.page === 'number' && params.page > 0 ? params.page : 1;
  return { perPage, page };
}

/** GitHub's `Link` header: first/prev when past page 1, next/last when more follow. */
export function linkHeader(requestUrl: URL, page: number, lastPage: number): string | null {
  const at = (target: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < lastPage) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`);
  return links.length > 0 ? links.join(', ') : null;
}
