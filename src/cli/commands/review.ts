/**
 * `roadmap-bot review --repo OWNER/NAME --pr N`: the App's pull-request
 * review (SPEC §5, §9) from any CI with a token — the same code path
 * (`reviewPullRequest`), so the same comment, found again and updated in
 * place, and the same `roadmap-bot` check run. Connects as
 * `src/cli/github-connection.ts` says (GITHUB_TOKEN or the App).
 */
import { RoadmapCache } from '../../github/roadmap-cache.js';
import { reviewPullRequest, type ReviewOutcome, type ReviewServices } from '../../flows/review.js';
import type { AppLog } from '../../flows/log.js';
import { flagOption, formatUsage, listOption, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { apiBaseUrl, connect, explainGitHubError, parseRepository, type Env } from '../github-connection.js';
import { REVIEW_SPEC as spec } from '../specs.js';

const PERMISSIONS = 'pull-requests: write, checks: write, contents: read';

function usage(message: string): UsageError {
  return new UsageError(`roadmap-bot review: ${message}`, formatUsage(spec));
}

function parsePullNumber(value: string | undefined): number {
  if (value === undefined) throw usage('--pr N is required (in Actions: --pr ${{ github.event.pull_request.number }})');
  if (!/^[1-9][0-9]{0,9}$/.test(value.trim())) throw usage(`--pr expects a pull request number, e.g. 42, got "${value}"`);
  return Number(value.trim());
}

/** The review's warnings (config problems) on stderr, as the App would log them. */
function reviewLog(io: CliIo): AppLog {
  const quiet = () => undefined;
  return {
    debug: quiet,
    info: quiet,
    warn: (_fields, message) => io.stderr(`warning: ${message.replace(/^roadmap-bot: /, '')}\n`),
    error: (_fields, message) => io.stderr(`error: ${message.replace(/^roadmap-bot: /, '')}\n`),
  };
}

function summaryLine(outcome: ReviewOutcome, name: string, actor: string, dryRun: boolean): string {
  const would = (verb: string) => (dryRun && verb !== 'unchanged' ? `would be ${verb}` : verb);
  switch (outcome.status) {
    case 'disabled':
      return `${name}: nothing to do: review.enabled is false in .github/roadmap-bot.yml\n`;
    case 'outdated':
      return `${name}: nothing to do: the head moved while reading it; the run for the new head reviews it\n`;
    case 'untouched':
      return `${name}: nothing to do: the pull request changes no roadmap file\n`;
    case 'no-longer-touching':
      return `${name}: the pull request no longer changes the roadmap; comment ${would(outcome.comment)} as ${actor}\n`;
    case 'reviewed': {
      const checkRun =
        outcome.checkRun === 'off'
          ? 'no check run (review.checkRun is false)'
          : `check run ${would(outcome.checkRun)} (${outcome.conclusion})`;
      return `${name}: ${outcome.drift.findings.length} finding(s); comment ${would(outcome.comment)} as ${actor}; ${checkRun}\n`;
    }
  }
}

async function run(args: ParsedArgs, io: CliIo, env: Env): Promise<number> {
  const repository = parseRepository(stringOption(args, 'repo'), usage);
  const number = parsePullNumber(stringOption(args, 'pr'));
  const today = resolveNow(spec, stringOption(args, 'now'), io.today);
  const dryRun = flagOption(args, 'dry-run');
  const progress = progressReporter(io, false);
  const name = `${repository.owner}/${repository.repo}#${number}`;

  try {
    progress(`connecting to ${apiBaseUrl(env)}…`);
    const { octokit, identity, isOwn, actor } = await connect(repository, env, io, 'review');
    const { data: pull } = await octokit.rest.pulls.get({ ...repository, pull_number: number });
    if (pull.state === 'closed') {
      io.stdout(`${name}: nothing to do: the pull request is closed\n`);
      return EXIT_OK;
    }
    const services: ReviewServices = {
      today: () => today,
      roadmaps: new RoadmapCache(2),
      identity: async () => identity,
      ownComments: async () => isOwn,
    };
    progress(`reviewing ${name}…`);
    const outcome = await reviewPullRequest(
      octokit,
      services,
      { ...repository, number, baseSha: pull.base.sha, headSha: pull.head.sha, repositoryUrl: pull.base.repo.html_url },
      { log: reviewLog(io), roadmapPaths: listOption(args, 'path'), dryRun },
    );
    if (dryRun && 'body' in outcome) io.stdout(outcome.body.endsWith('\n') ? outcome.body : `${outcome.body}\n`);
    (dryRun ? io.stderr : io.stdout)(summaryLine(outcome, name, actor, dryRun));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw explainGitHubError(error, repository, PERMISSIONS);
  }
}

export const reviewCommand: Command = { spec, run: (args, io) => run(args, io, process.env) };

/** The command with an explicit environment (tests, embedding). */
export function reviewCommandWithEnv(env: Env): Command {
  return { spec, run: (args, io) => run(args, io, env) };
}
