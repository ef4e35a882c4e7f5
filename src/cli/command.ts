/**
 * What every `roadmap-bot` subcommand is: its argument spec and a run
 * function that writes through `CliIo` (so tests run the CLI in-process)
 * and returns the exit code.
 */
import type { CommandSpec, OptionSpec, ParsedArgs } from './args.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress messages go to stderr only when it is an interactive terminal. */
  stderrIsTTY: boolean;
  /** Relative DIR and --path arguments resolve against this. */
  cwd: string;
  /** ISO day: the default for `--now`. */
  today: string;
  /** Print an internal error's stack trace (`DEBUG` set in the environment). */
  debug?: boolean;
}

export interface Command {
  spec: CommandSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/**
 * Exit codes (SPEC §9): 0 clean, 1 the roadmap has errors, 2 the command
 * could not run as asked (flags, paths, git refs, not a git repository,
 * credentials), 3 an internal error (a bug).
 */
export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** A progress reporter that writes only on a terminal and never in JSON mode. */
export function progressReporter(io: CliIo, json: boolean): (message: string) => void {
  if (!io.stderrIsTTY || json) return () => undefined;
  return (message) => io.stderr(`${message}\n`);
}

/** Options several commands share, spelled the same everywhere. */
export const PATH_OPTION: OptionSpec = {
  type: 'string',
  multiple: true,
  valueName: 'GLOB',
  help: 'a glob of roadmap files relative to DIR, instead of roadmap.paths of DIR/.github/roadmap-bot.yml or the defaults',
};
export const NOW_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'DATE',
  help: 'the day to check dates against, YYYY-MM-DD (default: today, UTC)',
};
export const JSON_OPTION: OptionSpec = { type: 'boolean', help: 'print JSON instead of text' };
export const MARKDOWN_OPTION: OptionSpec = { type: 'boolean', help: 'print Markdown (the default)' };
