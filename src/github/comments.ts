/**
 * Comments the bot keeps up to date instead of repeating (SPEC §5–§7): each
 * is found again by a hidden marker, but only on a comment the app itself
 * wrote — a user who pastes the marker into their own comment cannot make
 * the bot edit (or skip) anything.
 */
import type { GitHubClient, RepositoryRef } from './client.js';
import { createOnce, NO_RETRIES } from './idempotent.js';

/** The fields of an issue comment the marker search looks at. */
export interface CommentLike {
  id: number;
  body?: string | null;
  user?: { login: string; type?: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/** Decides whether a comment was written by this app. */
export type OwnCommentTest = (comment: CommentLike) => boolean;

/** The app as GitHub knows it: its id and its slug (its bot user is `<slug>[bot]`). */
export interface AppIdentity {
  appId: number;
  slug: string;
}

export function botLogin(slug: string): string {
  return `${slug}[bot]`;
}

/**
 * A comment is the app's own when GitHub says an app with our id performed it,
 * or when its author is our bot user (`performed_via_github_app` is missing on
 * some GitHub Enterprise versions).
 */
export function isAppComment(identity: AppIdentity): OwnCommentTest {
  const login = botLogin(identity.slug).toLowerCase();
  return (comment) =>
    comment.performed_via_github_app?.id === identity.appId || (comment.user?.type === 'Bot' && comment.user.login.toLowerCase() === login);
}

export interface MarkedCommentTarget extends RepositoryRef {
  issue_number: number;
  marker: string;
  isOwn: OwnCommentTest;
}

export interface MarkedComment {
  id: number;
  body: string;
}

/**
 * For each marker, the oldest app-authored comment carrying it; reads pages
 * of comments only until every marker is found (one scan serves several).
 */
export async function findMarkedComments(
  octokit: GitHubClient,
  target: RepositoryRef & { issue_number: number; isOwn: OwnCommentTest },
  markers: string[],
): Promise<Map<string, MarkedComment>> {
  const found = new Map<string, MarkedComment>();
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issue_number,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const comment of page.data) {
      const body = comment.body ?? '';
      for (const marker of markers) {
        if (!found.has(marker) && body.includes(marker) && target.isOwn(comment)) found.set(marker, { id: comment.id, body });
      }
    }
    if (found.size === markers.length) break;
  }
  return found;
}

/** The oldest app-authored comment carrying the marker. */
export async function findMarkedComment(octokit: GitHubClient, target: MarkedCommentTarget): Promise<MarkedComment | null> {
  return (await findMarkedComments(octokit, target, [target.marker])).get(target.marker) ?? null;
}

export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'absent';

export interface UpsertResult {
  action: UpsertAction;
  /** The comment's id; null only when `action` is `absent`. */
  id: number | null;
}

/** The body as posted: the marker is always part of it, so the comment can be found again. */
export function withMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

/**
 * Creates the marked comment, or updates the app's existing one when its body
 * differs; an identical body makes no write (so replayed webhooks are free).
 * With `createIfMissing: false` a missing comment stays missing (`absent`):
 * for "all good now" notes that only make sense as an update. Pass `existing`
 * (from `findMarkedComments`) to skip the search. The comment is created
 * once even when GitHub's answer to the create is lost (`createOnce`).
 * With `dryRun` it only says what it would do.
 */
export async function upsertMarkedComment(
  octokit: GitHubClient,
  options: MarkedCommentTarget & { body: string; createIfMissing?: boolean; existing?: MarkedComment | null; dryRun?: boolean },
): Promise<UpsertResult> {
  const body = withMarker(options.body, options.marker);
  const existing = options.existing !== undefined ? options.existing : await findMarkedComment(octokit, options);
  const { owner, repo, issue_number } = options;
  if (existing) {
    if (existing.body === body) return { action: 'unchanged', id: existing.id };
    if (options.dryRun) return { action: 'updated', id: existing.id };
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: 'updated', id: existing.id };
  }
  if (options.createIfMissing === false) return { action: 'absent', id: null };
  if (options.dryRun) return { action: 'created', id: null };
  const created = await createOnce(octokit, {
    find: () => findMarkedComment(octokit, options),
    create: async () => {
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number, body, ...NO_RETRIES });
      return { id: data.id, body };
    },
  });
  return { action: 'created', id: created.id };
}
