/**
 * What the Action's inputs (`INPUT_*`) and the run (`GITHUB_*`, the event
 * file) ask for, as a `roadmap-bot` command line. No I/O but reading the
 * event file, so tests call it directly.
 */
import { readFileSync } from 'node:fs';
import type { Env } from '../cli/github-connection.js';

export const ACTION_COMMANDS = ['review', 'weekly'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The Action's own mistakes of use (wrong event, missing variable): one annotation, exit 1. */
export class ActionError extends Error {}

/** A step input as the runner passes it: `INPUT_<NAME>`, trimmed; empty when not given. */
export function input(env: Env, name: string): string {
  return env[`INPUT_${name.toUpperCase()}`]?.trim() ?? '';
}

/** The `path` input: globs one per line or separated by commas. */
export function roadmapGlobs(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { repo?: { full_name?: string } | null } };
  repository?: { full_name?: string };
}

export interface ActionRun {
  command: ActionCommand;
  argv: string[];
  /**
   * Said with a failure: a `pull_request` run for a fork's pull request gets
   * a read-only GITHUB_TOKEN, so the review cannot write.
   */
  failureHint?: string;
}

export const FORK_HINT =
  'this pull request comes from a fork, and GitHub gives "pull_request" runs from forks a read-only GITHUB_TOKEN: ' +
  'run the review "on: pull_request_target" instead (safe with roadmap-bot: it reads the pull request\'s files through the API and never checks out or runs them)';

/** The pull request of the event that started the run (`pull_request` or `pull_request_target`). */
function pullRequestOfEvent(env: Env): { repository: string; number: number; fromFork: boolean } {
  const eventPath = env.GITHUB_EVENT_PATH;
  const eventName = env.GITHUB_EVENT_NAME ?? 'unknown';
  if (!eventPath)
    throw new ActionError('GITHUB_EVENT_PATH is not set: command "review" runs in a workflow started by a pull_request event');
  let event: PullRequestEvent;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as PullRequestEvent;
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
  const headRepository = event.pull_request?.head?.repo;
  // A fork deleted since has no head repository (null): it was a fork all the same.
  const fromFork =
    headRepository === null ||
    (headRepository?.full_name !== undefined && headRepository.full_name.toLowerCase() !== repository.toLowerCase());
  return { repository, number, fromFork };
}

/** The command line the inputs stand for. */
export function actionArguments(env: Env): ActionRun {
  const command = input(env, 'command');
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw new ActionError(`input "command" must be "review" or "weekly", got "${command}"`);
  }
  const options = roadmapGlobs(input(env, 'path')).flatMap((glob) => ['--path', glob]);
  const now = input(env, 'now');
  if (now) options.push('--now', now);
  if (command === 'review') {
    const { repository, number, fromFork } = pullRequestOfEvent(env);
    const argv = ['--repo', repository, '--pr', String(number), ...options];
    return fromFork && env.GITHUB_EVENT_NAME === 'pull_request' ? { command, argv, failureHint: FORK_HINT } : { command, argv };
  }
  if (!env.GITHUB_REPOSITORY) throw new ActionError('GITHUB_REPOSITORY is not set: run this inside a GitHub Actions workflow');
  return { command: 'weekly', argv: ['--repo', env.GITHUB_REPOSITORY, ...options] };
}
