/**
 * `roadmap-bot weekly --repo OWNER/NAME`: the real weekly job against GitHub
 * (SPEC §7, §9), for a cron workflow in GitHub Actions or any cron job.
 * Authenticates with `GITHUB_TOKEN` (in Actions the issue is written by
 * `github-actions[bot]`) or with the App's credentials (`APP_ID` +
 * `PRIVATE_KEY` / `PRIVATE_KEY_PATH`, acting as its installation on the
 * repository). Honours `GITHUB_API_URL`, else `GHE_HOST` (+ `GHE_PROTOCOL`).
 * Requests go through Probot's Octokit: throttled to GitHub's rate limits
 * and retried on server errors.
 */
import { createProbot, type Logger } from 'probot';
import type { ConfigProblem } from '../../core/config.js';
import { zonedInstant } from '../../core/schedule.js';
import { httpStatus, type GitHubClient, type RepositoryRef } from '../../github/client.js';
import { isAppComment, type CommentLike, type OwnCommentTest } from '../../github/comments.js';
import { loadRepositoryConfig, type ConfigOctokit } from '../../github/config.js';
import { ACTIONS_IDENTITY, runWeeklyJob, type WeeklyJobResult } from '../../github/weekly.js';
import { flagOption, formatUsage, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { CliError, UsageError } from '../errors.js';
import { WEEKLY_SPEC as spec } from '../specs.js';

/** Noon, local time: any hour of the day gives the same local date and week. */
const NOON_MINUTES = 12 * 60;

type Env = Record<string, string | undefined>;

type WeeklyOctokit = GitHubClient & ConfigOctokit;

function usage(message: string): UsageError {
  return new UsageError(`roadmap-bot weekly: ${message}`, formatUsage(spec));
}

export function parseRepository(value: string | undefined): RepositoryRef {
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

/** Probot's logs on stderr only, so stdout carries just the report; `LOG_LEVEL` as in the server. */
function stderrLogger(io: CliIo, env: Env): Logger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  const threshold = Math.max(0, levels.indexOf(env.LOG_LEVEL?.trim().toLowerCase() ?? 'warn'));
  const write =
    (level: string) =>
    (first: unknown, second?: unknown): void => {
      if (levels.indexOf(level) < threshold) return;
      const text = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
      if (text) io.stderr(`roadmap-bot weekly: ${level}: ${text}\n`);
    };
  const logger: Record<string, unknown> = Object.fromEntries(levels.map((level) => [level, write(level)]));
  logger.child = () => logger;
  logger.level = levels[threshold];
  return logger as unknown as Logger;
}

interface Connection {
  octokit: WeeklyOctokit;
  isOwn: OwnCommentTest;
  /** Who writes, for the summary line. */
  actor: string;
}

function credentialsHelp(): string {
  return 'set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}), or APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH';
}

/** Connects with the App's credentials (as its installation on the repository) or with a token. */
async function connect(repository: RepositoryRef, env: Env, io: CliIo): Promise<Connection> {
  const baseUrl = apiBaseUrl(env);
  const log = stderrLogger(io, env);
  const hasAppId = Boolean(env.APP_ID?.trim());
  const hasKey = Boolean(env.PRIVATE_KEY?.trim() || env.PRIVATE_KEY_PATH?.trim());
  const token = env.GITHUB_TOKEN?.trim();

  if (hasAppId && hasKey) {
    let probot;
    try {
      // No Redis for a one-shot run: throttling in this process is enough.
      probot = createProbot({ env, overrides: { baseUrl, log, redisConfig: undefined } });
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
    const octokit = (await probot.auth(installationId)) as unknown as WeeklyOctokit;
    const identity = { appId: app.id, slug: app.slug ?? '' };
    return { octokit, isOwn: isAppComment(identity), actor: `${identity.slug}[bot]` };
  }
  if (!token) {
    const missing = hasAppId ? 'PRIVATE_KEY or PRIVATE_KEY_PATH is not set' : 'no credentials';
    throw new CliError(`${missing}: ${credentialsHelp()}`);
  }
  const probot = createProbot({ env: {}, overrides: { githubToken: token, baseUrl, log, redisConfig: undefined } });
  const octokit = (await probot.auth()) as unknown as WeeklyOctokit;
  return { octokit, ...(await tokenIdentity(octokit)) };
}

/**
 * Whose issues count as the bot's with a token: a personal token writes as
 * its user; the Actions `GITHUB_TOKEN` (which may not read `GET /user`)
 * writes as `github-actions[bot]`.
 */
async function tokenIdentity(octokit: GitHubClient): Promise<{ isOwn: OwnCommentTest; actor: string }> {
  const actions = { isOwn: isAppComment(ACTIONS_IDENTITY), actor: `${ACTIONS_IDENTITY.slug}[bot]` };
  let login: string;
  try {
    ({
      data: { login },
    } = await octokit.rest.users.getAuthenticated());
  } catch {
    return actions;
  }
  if (login.toLowerCase() === `${ACTIONS_IDENTITY.slug}[bot]`) return actions;
  const own = login.toLowerCase();
  return { isOwn: (item: CommentLike) => item.user?.login.toLowerCase() === own, actor: login };
}

/** What went wrong, in terms of what to fix. */
function explain(error: unknown, repository: RepositoryRef): CliError {
  const name = `${repository.owner}/${repository.repo}`;
  const status = httpStatus(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401) return new CliError(`GitHub rejected the credentials (401): ${credentialsHelp()}`);
  if (status === 403) {
    return new CliError(
      `GitHub refused (403: ${detail}); the token needs "issues: write" and "contents: read" on ${name} (in a workflow: permissions: issues: write, contents: read)`,
    );
  }
  if (status === 404) return new CliError(`${name} was not found, or the credentials cannot see it (404: ${detail})`);
  if (status !== undefined) return new CliError(`GitHub answered ${status}: ${detail}`);
  return error instanceof CliError ? error : new CliError(detail);
}

function describeConfigProblems(problems: ConfigProblem[]): string {
  return problems
    .map((problem) => `warning: .github/roadmap-bot.yml${problem.line ? `:${problem.line}` : ''}: ${problem.key}: ${problem.message}\n`)
    .join('');
}

function summaryLine(result: WeeklyJobResult, repository: RepositoryRef, actor: string, dryRun: boolean): string {
  const name = `${repository.owner}/${repository.repo}`;
  if (result.action === 'skipped') return `${name}: ${result.week}: nothing posted: ${result.reason}\n`;
  const issue = result.issueNumber !== undefined ? `#${result.issueNumber}` : 'a new issue';
  const verb = { created: 'created', updated: 'updated', unchanged: 'already up to date:' }[result.action];
  const what = dryRun ? `would be ${verb === 'already up to date:' ? 'left unchanged:' : verb}` : verb;
  const closed = result.closedPrevious !== undefined ? `; ${dryRun ? 'would close' : 'closed'} #${result.closedPrevious}` : '';
  return `${name}: roadmap status ${result.week} ${what} ${issue} as ${actor}${closed} (${result.calls} API calls)\n`;
}

async function run(args: ParsedArgs, io: CliIo, env: Env = process.env): Promise<number> {
  const repository = parseRepository(stringOption(args, 'repo'));
  const nowArg = stringOption(args, 'now');
  const nowDay = nowArg === undefined ? undefined : resolveNow(spec, nowArg, io.today);
  const dryRun = flagOption(args, 'dry-run');
  const progress = progressReporter(io, false);

  try {
    progress(`connecting to ${apiBaseUrl(env)}…`);
    const { octokit, isOwn, actor } = await connect(repository, env, io);
    const { config, problems } = await loadRepositoryConfig(octokit, repository);
    if (problems.length > 0) io.stderr(describeConfigProblems(problems));
    const now = nowDay === undefined ? new Date() : zonedInstant({ day: nowDay, minutes: NOON_MINUTES }, config.weekly.timezone);
    progress(`building the status issue of ${repository.owner}/${repository.repo}…`);
    const result = await runWeeklyJob(octokit, {
      ...repository,
      now,
      config,
      configProblems: problems,
      identity: { isOwn, login: actor },
      dryRun,
    });
    if (dryRun && result.action !== 'skipped') {
      io.stdout(result.body.endsWith('\n') ? result.body : `${result.body}\n`);
      for (const [index, comment] of result.continuation.entries()) {
        io.stdout(`\n<!-- continued in comment ${index + 1} of ${result.continuation.length} -->\n${comment}`);
      }
      io.stderr(summaryLine(result, repository, actor, true));
    } else {
      io.stdout(summaryLine(result, repository, actor, dryRun));
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw explain(error, repository);
  }
}

export const weeklyCommand: Command = { spec, run: (args, io) => run(args, io) };

/** The command with an explicit environment (tests, embedding). */
export function weeklyCommandWithEnv(env: Env): Command {
  return { spec, run: (args, io) => run(args, io, env) };
}
