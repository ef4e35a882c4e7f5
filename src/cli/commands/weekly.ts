/**
 * `roadmap-bot weekly --repo OWNER/NAME`: the real weekly job against GitHub
 * (SPEC §7, §9), for a cron workflow in GitHub Actions or any cron job.
 * Connects as `src/cli/github-connection.ts` says (GITHUB_TOKEN or the App).
 */
import { withRoadmapPaths } from '../../core/config/config.js';
import { zonedInstant } from '../../core/weekly/schedule.js';
import type { RepositoryRef } from '../../github/client.js';
import { loadRepositoryConfig } from '../../github/config.js';
import { runWeeklyJob, type WeeklyJobResult } from '../../flows/weekly.js';
import { flagOption, formatUsage, listOption, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { apiBaseUrl, connect, describeConfigProblems, explainGitHubError, parseRepository, type Env } from '../github-connection.js';
import { WEEKLY_SPEC as spec } from '../specs.js';

/** Noon, local time: any hour of the day gives the same local date and week. */
const NOON_MINUTES = 12 * 60;

function usage(message: string): UsageError {
  return new UsageError(`roadmap-bot weekly: ${message}`, formatUsage(spec));
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
  const repository = parseRepository(stringOption(args, 'repo'), usage);
  const globs = listOption(args, 'path');
  const nowArg = stringOption(args, 'now');
  const nowDay = nowArg === undefined ? undefined : resolveNow(spec, nowArg, io.today);
  const dryRun = flagOption(args, 'dry-run');
  const progress = progressReporter(io, false);

  try {
    progress(`connecting to ${apiBaseUrl(env)}…`);
    const { octokit, isOwn, actor, login } = await connect(repository, env, io, 'weekly');
    const loaded = await loadRepositoryConfig(octokit, repository);
    const { problems } = loaded;
    const config = withRoadmapPaths(loaded.config, globs);
    if (problems.length > 0) io.stderr(describeConfigProblems(problems));
    const now = nowDay === undefined ? new Date() : zonedInstant({ day: nowDay, minutes: NOON_MINUTES }, config.weekly.timezone);
    progress(`building the status issue of ${repository.owner}/${repository.repo}…`);
    const result = await runWeeklyJob(octokit, {
      ...repository,
      now,
      config,
      configProblems: problems,
      identity: { isOwn, login },
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
    throw explainGitHubError(error, repository, 'issues: write, contents: read');
  }
}

export const weeklyCommand: Command = { spec, run: (args, io) => run(args, io) };

/** The command with an explicit environment (tests, embedding). */
export function weeklyCommandWithEnv(env: Env): Command {
  return { spec, run: (args, io) => run(args, io, env) };
}
