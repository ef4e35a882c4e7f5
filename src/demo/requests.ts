/**
 * The bot's API calls as the demo shows them: each recorded request of the
 * simulator classified (read, write, or the installation-token exchange) and
 * summed up in a few words.
 */
import type { RecordedRequest } from '../simulator/index.js';

export type RequestKind = 'read' | 'write' | 'auth';

export interface ApiCall {
  method: string;
  path: string;
  body: unknown;
  status: number;
  kind: RequestKind;
  /** A few words: `create label "goal:fast-builds"`. */
  summary: string;
  /** The demo step during which the bot made the call (1–4). */
  step: number;
}

const TOKEN_ROUTE = 'POST /app/installations/{installation_id}/access_tokens';

function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined;
}

/** The first line of a Markdown body that says something (markers and headings' `#`s skipped). */
export function firstLine(text: string, width = 72): string {
  const line =
    text
      .split('\n')
      .map((candidate) =>
        candidate
          .replace(/<!--.*?-->/g, '')
          .replace(/^#+\s*/, '')
          .trim(),
      )
      .find((candidate) => candidate !== '') ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function quoted(value: unknown): string {
  return JSON.stringify(String(value));
}

export function requestKind(request: Pick<RecordedRequest, 'method' | 'path' | 'route' | 'body'>): RequestKind {
  if (request.route === TOKEN_ROUTE) return 'auth';
  if (request.method === 'GET' || request.method === 'HEAD') return 'read';
  if (request.path === '/graphql') return /^\s*mutation\b/.test(String(field(request.body, 'query') ?? '')) ? 'write' : 'read';
  return 'write';
}

/** What a request did, in a few words. */
export function summarize(request: Pick<RecordedRequest, 'method' | 'path' | 'route' | 'body' | 'status'>): string {
  const { body } = request;
  const issue = /\/issues\/(\d+)/.exec(request.path)?.[1];
  const failed = request.status >= 400 ? ` → ${request.status}` : '';
  const text = (() => {
    switch (request.route) {
      case TOKEN_ROUTE:
        return 'installation access token';
      case 'POST /repos/{owner}/{repo}/labels':
        return `create label ${quoted(field(body, 'name'))}`;
      case 'PATCH /repos/{owner}/{repo}/labels/{name}':
        return `update label ${quoted(decodeURIComponent(request.path.split('/labels/')[1] ?? ''))}`;
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels':
        return `add ${((field(body, 'labels') as unknown[] | undefined) ?? []).map(quoted).join(', ')} to #${issue}`;
      case 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}':
        return `remove ${quoted(request.path.split('/labels/')[1] ?? '')} from #${issue}`;
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return `comment on #${issue}: ${firstLine(String(field(body, 'body') ?? ''))}`;
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}':
        return `update comment ${request.path.split('/').pop()} in place: ${firstLine(String(field(body, 'body') ?? ''))}`;
      case 'POST /repos/{owner}/{repo}/issues':
        return `open issue ${quoted(field(body, 'title'))}`;
      case 'PATCH /repos/{owner}/{repo}/issues/{issue_number}': {
        const state = field(body, 'state');
        if (state === 'closed') return `close #${issue}`;
        return `edit #${issue} (${Object.keys((body as object | null) ?? {}).join(', ')})`;
      }
      case 'POST /repos/{owner}/{repo}/check-runs':
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': {
        const verb = request.method === 'POST' ? 'create' : 'update';
        const outcome = field(body, 'conclusion') ?? field(body, 'status') ?? '';
        const name = field(body, 'name');
        return `${verb} check run${name ? ` ${quoted(name)}` : ''}${outcome ? ` (${String(outcome)})` : ''}`;
      }
      case 'POST /graphql':
        return 'GraphQL query';
      default:
        return request.route ?? 'unknown route';
    }
  })();
  return `${text}${failed}`;
}

export function apiCall(request: RecordedRequest, step: number): ApiCall {
  return {
    method: request.method,
    path: request.path,
    body: request.body,
    status: request.status,
    kind: requestKind(request),
    summary: summarize(request),
    step,
  };
}
