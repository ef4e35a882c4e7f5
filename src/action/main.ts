/**
 * The GitHub Action (action.yml, bundled into dist/index.js): reads the
 * step's inputs (`INPUT_*`) and the run's `GITHUB_*` variables, and runs the
 * `review` or `weekly` command — the CLI's code path, so exactly the App's
 * comment, check run and status issue. Only those two commands are imported,
 * which keeps the bundle small.
 */
import { readFileSync } from 'node:fs';
import { todayUtc } from '../cli/args.js';
import { runCommand, type CliIo, type Command } from '../cli/command.js';
import { reviewCommandWithEnv } from '../cli/commands/review.js';
import { weeklyCommandWithEnv } from '../cli/commands/weekly.js';
import type { Env } from '../cli/github-connection.js';

const COMMANDS: Record<string, (env: Env) => Command> = { review: reviewCommandWithEnv, weekly: weeklyCommandWithEnv };

/** A step input as the runner passes it: `INPUT_<NAME>`, trimmed; empty when not given. */
function input(env: Env, name: string): string {
  return env[`INPUT_${name.toUpperCase()}`]?.trim() ?? '';
}

/** The `path` input: globs one per line or separated by commas. */
function roadmapGlobs(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

class ActionError extends Error {}

/** The pull request of the event that started the run (`pull_request` or `pull_request_target`). */
function pullRequestOfEvent(env: Env): { repository: string; number: number } {
  const eventPath = env.GITHUB_EVENT_PATH;
  const eventName = env.GITHUB_EVENT_NAME ?? 'unknown';
  if (!eventPath) throw new ActionError('GITHUB_EVENT_PATH is not set: command "review" runs in a workflow started by a pull_request event');
  let event: { pull_request?: { number?: number }; repository?: { full_name?: string } };
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    throw new ActionError(`cannot read the event file ${eventPath}: ${(error as Error).message}`);
  }
  const number = event.pull_request?.number;
  if (typeof number !== 'number') {
    throw new ActionError(
      `command "review" needs a pull request, but this run was started by "${eventName}": run it "on: pull_request" (or pull_request_target)`,
    );
  }
  const repository = event.repository?.full_name ?? env.GITHUB_REPOSITORY;
  if (!repository) throw new ActionError('the event names no repository and GITHUB_REPOSITORY is not set');
  return { repository, number };
}

/** The command line the inputs stand for. */
function actionArguments(env: Env): { command: string; argv: string[] } {
  const command = input(env, 'command');
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new ActionError(`input "command" must be "review" or "weekly", got "${command}"`);
  }
  const options = roadmapGlobs(input(env, 'path')).flatMap((glob) => ['--path', glob]);
  const now = input(env, 'now');
  if (now) options.push('--now', now);
  if (command === 'review') {
    const { repository, number } = pullRequestOfEvent(env);
    return { command, argv: ['--repo', repository, '--pr', String(number), ...options] };
  }
  if (!env.GITHUB_REPOSITORY) throw new ActionError('GITHUB_REPOSITORY is not set: run this inside a GitHub Actions workflow');
  return { command, argv: ['--repo', env.GITHUB_REPOSITORY, ...options] };
}

/** A workflow command value: `%`, CR and LF escaped, so a message stays one annotation. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

async function runAction(env: Env): Promise<number> {
  let failure = '';
  const io: CliIo = {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      // The last message is the failure (warnings come before it); a usage error's first line names it.
      failure = text.trim().split('\n')[0];
      process.stderr.write(text);
    },
    stderrIsTTY: false,
    cwd: process.cwd(),
    today: todayUtc(),
  };
  let code: number;
  try {
    const { command, argv } = actionArguments(env);
    // The `token` input (default: the run's GITHUB_TOKEN) is what the commands authenticate with.
    const token = input(env, 'token') || env.GITHUB_TOKEN;
    code = await runCommand(COMMANDS[command]({ ...env, GITHUB_TOKEN: token }), argv, io);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    failure = error.message;
    code = 1;
  }
  if (code !== 0) process.stdout.write(`::error title=roadmap-bot::${escapeData(failure || `failed with exit code ${code}`)}\n`);
  return code;
}

process.exitCode = await runAction(process.env);
