/**
 * How the commands that act on GitHub (`weekly`, `review`) connect: with
 * `GITHUB_TOKEN` (in Actions the bot is `github-actions[bot]`) or with the
 * App's credentials (`APP_ID` + `PRIVATE_KEY` / `PRIVATE_KEY_PATH`, acting as
 * its installation on the repository). Honours `GITHUB_API_URL`, else
 * `GHE_HOST` (+ `GHE_PROTOCOL`). Requests go through the server's
 * production Octokit: throttled to GitHub's rate limits, retried on server
 * errors and after a rate limit's `retry-after`.
 */
import { createProbot, type Logger } from 'probot';
import { readPrivateKey } from '../app/env.js';
import type { ConfigProblem } from '../core/config/config.js';
import { httpStatus, type AppOctokit, type GitHubClient, type RepositoryRef } from '../github/client.js';
import { isAppComment, type AppIdentity, type CommentLike, type OwnCommentTest } from '../github/comments.js';
import { parseTimeScale, productionOctokit } from '../github/octokit.js';
import { ACTIONS_IDENTITY } from '../flows/weekly.js';
import type { CliIo } from './command.js';
import { CliError, UsageError } from './errors.js';

export type Env = Record<string, string | undefined>;

export interface Connection {
  octokit: AppOctokit;
  /** The App whose check runs and comments are the bot's: ours, or GitHub Actions' for a token. */
  identity: AppIdentity;
  isOwn: OwnCommentTest;
  /** Who writes, for the summary line. */
  actor: string;
  /** The login issues are listed by (`creator`), when known. */
  login?: string;
}

/** `--repo OWNER/NAME`, checked before any request. */
export function parseRepository(value: string | undefined, usage: (message: string) => UsageError): RepositoryRef {
  if (value === undefined) throw usage('--repo OWNER/NAME is required (in Actions: --repo ${{ github.repository }})');
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(value.trim());
  if (!match || match[2] === '.' || match[2] === '..') {
    throw usage(`--repo expects OWNER/NAME, e.g. octo-org/roadmap, got "${value}"`);
  }
  return { owner: match[1], repo: match[2] };
}

/** The REST API root: `GITHUB_API_URL` (set by Actions, also on GHES), else `GHE_HOST`, else github.com. */
export function apiBaseUrl(env: Env): string {
  const fromActions = env.GITHUB_API_URL?.trim();
  if (fromActions) return fromActions.replace(/\/+$/, '');
  const host = env.GHE_HOST?.trim();
  if (host) return `${env.GHE_PROTOCOL?.trim() || 'https'}://${host}/api/v3`;
  return 'https://api.github.com';
}

/** Probot's logs on stderr only, so stdout carries just the result; `LOG_LEVEL` as in the server. */
function stderrLogger(io: CliIo, env: Env, command: string): Logger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  const threshold = Math.max(0, levels.indexOf(env.LOG_LEVEL?.trim().toLowerCase() ?? 'warn'));
  const write =
    (level: string) =>
    (first: unknown, second?: unknown): void => {
      if (levels.indexOf(level) < threshold) return;
      const text = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
      if (text) io.stderr(`roadmap-bot ${command}: ${level}: ${text}\n`);
    };
  const logger: Record<string, unknown> = Object.fromEntries(levels.map((level) => [level, write(level)]));
  logger.child = () => logger;
  logger.level = levels[threshold];
  return logger as unknown as Logger;
}

export function credentialsHelp(): string {
  return 'set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}), or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH';
}

/** Connects with the App's credentials (as its installation on the repository) or with a token. */
export async function connect(repository: RepositoryRef, env: Env, io: CliIo, command: string): Promise<Connection> {
  const baseUrl = apiBaseUrl(env);
  const log = stderrLogger(io, env, command);
  const hasAppId = Boolean(env.APP_ID?.trim());
  const hasKey = Boolean(env.PRIVATE_KEY?.trim() || env.PRIVATE_KEY_PATH?.trim());
  const token = env.GITHUB_TOKEN?.trim();
  const timeScale = parseTimeScale(env.ROADMAP_BOT_TEST_TIME_SCALE);
  if (timeScale === null)
    throw new CliError(
      `ROADMAP_BOT_TEST_TIME_SCALE=${env.ROADMAP_BOT_TEST_TIME_SCALE} must be a number above 0 and at most 1 (leave it unset outside tests)`,
    );
  const Octokit = productionOctokit({ timeScale });

  if (hasAppId && hasKey) {
    const keyErrors: string[] = [];
    const privateKey = readPrivateKey(env, io.cwd, keyErrors);
    if (privateKey === null) throw new CliError(keyErrors.join('; '));
    let probot;
    try {
      // No Redis for a one-shot run: throttling in this process is enough.
      probot = createProbot({ env, overrides: { baseUrl, log, privateKey, redisConfig: undefined, Octokit } });
    } catch (error) {
      throw new CliError(`cannot use the App credentials: ${(error as Error).message}; check APP_ID and the private key`);
    }
    const appOctokit = (await probot.auth()) as unknown as GitHubClient;
    const { data: app } = await appOctokit.rest.apps.getAuthenticated();
    if (!app) throw new CliError('GET /app returned no app: check APP_ID and the private key');
    let installationId: number;
    try {
      ({
        data: { id: installationId },
      } = await appOctokit.rest.apps.getRepoInstallation({ owner: repository.owner, repo: repository.repo }));
    } catch (error) {
      if (httpStatus(error) === 404) {
        throw new CliError(
          `the App "${app.slug}" is not installed on ${repository.owner}/${repository.repo}; install it there, or use GITHUB_TOKEN`,
        );
      }
      throw error;
    }
    const octokit = (await probot.auth(installationId)) as unknown as AppOctokit;
    const identity = { appId: app.id, slug: app.slug ?? '' };
    return { octokit, identity, isOwn: isAppComment(identity), actor: `${identity.slug}[bot]`, login: `${identity.slug}[bot]` };
  }
  if (!token) {
    const missing = hasAppId ? 'PRIVATE_KEY or PRIVATE_KEY_PATH is not set' : 'no credentials';
    throw new CliError(`${missing}: ${credentialsHelp()}`);
  }
  const probot = createProbot({ env: {}, overrides: { githubToken: token, baseUrl, log, redisConfig: undefined, Octokit } });
  const octokit = (await probot.auth()) as unknown as AppOctokit;
  return { octokit, identity: ACTIONS_IDENTITY, ...(await tokenIdentity(octokit)) };
}

/**
 * Whose issues and comments count as the bot's with a token: the login the
 * token writes as. GraphQL `viewer` tells it for every kind of token — a
 * personal token's user, an App installation token's bot (e.g. from
 * actions/create-github-app-token), the Actions `GITHUB_TOKEN`'s
 * github-actions[bot] — where `GET /user` refuses installation tokens (403);
 * `GET /user` is asked only when `viewer` fails. When neither answers, only
 * issues written by a bot account count (never a human's issue with a pasted
 * marker), found by label.
 */
export async function tokenIdentity(octokit: GitHubClient): Promise<{ isOwn: OwnCommentTest; actor: string; login?: string }> {
  const login = (await viewerLogin(octokit)) ?? (await restLogin(octokit));
  if (login === null) return { isOwn: (item: CommentLike) => item.user?.type === 'Bot', actor: 'this token (unknown login)' };
  if (login.toLowerCase() === `${ACTIONS_IDENTITY.slug}[bot]`) return { isOwn: isAppComment(ACTIONS_IDENTITY), actor: login, login };
  const own = login.toLowerCase();
  return { isOwn: (item: CommentLike) => item.user?.login.toLowerCase() === own, actor: login, login };
}

async function viewerLogin(octokit: GitHubClient): Promise<string | null> {
  try {
    const { viewer } = await octokit.graphql<{ viewer: { login: string } | null }>('query { viewer { login } }');
    return viewer?.login || null;
  } catch {
    return null;
  }
}

async function restLogin(octokit: GitHubClient): Promise<string | null> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login || null;
  } catch {
    return null;
  }
}

/** What went wrong, in terms of what to fix; `permissions` is what the command needs, as a workflow spells it. */
export function explainGitHubError(error: unknown, repository: RepositoryRef, permissions: string): CliError {
  const name = `${repository.owner}/${repository.repo}`;
  const status = httpStatus(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401) return new CliError(`GitHub rejected the credentials (401): ${credentialsHelp()}`);
  if (status === 403) {
    return new CliError(
      `GitHub refused (403: ${detail}); the token needs ${permissions} on ${name} (in a workflow: permissions: ${permissions})`,
    );
  }
  if (status === 404) return new CliError(`${name} was not found, or the credentials cannot see it (404: ${detail})`);
  if (status !== undefined) return new CliError(`GitHub answered ${status}: ${detail}`);
  return error instanceof CliError ? error : new CliError(detail);
}

export function describeConfigProblems(problems: ConfigProblem[]): string {
  return problems
    .map((problem) => `warning: .github/roadmap-bot.yml${problem.line ? `:${problem.line}` : ''}: ${problem.key}: ${problem.message}\n`)
    .join('');
}
