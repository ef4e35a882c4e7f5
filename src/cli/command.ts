/**
 * What every `roadmap-bot` subcommand is: its argument spec and a run
 * function that writes through `CliIo` (so tests run the CLI in-process)
 * and returns the exit code.
 */
import { formatUsage, parseCommandArgs, type CommandSpec, type OptionSpec, type ParsedArgs } from './args.js';
import { CliError, UsageError } from './errors.js';

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

/**
 * Runs one command on its arguments (after the command name), loading its
 * code only once the arguments are known good: usage errors print the usage
 * (exit 2), known failures one line (their exit code), and anything else is a
 * bug in roadmap-bot — one line, exit 3, the stack only with `io.debug`.
 */
export async function runCommand(spec: CommandSpec, load: () => Command | Promise<Command>, argv: string[], io: CliIo): Promise<number> {
  const name = spec.name;
  try {
    const args = parseCommandArgs(spec, argv);
    if (args.help) {
      io.stdout(formatUsage(spec));
      return EXIT_OK;
    }
    const command = await load();
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${error.usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr(`roadmap-bot ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const detail =
      io.debug && error instanceof Error && error.stack ? `${error.stack}\n` : '(run with --debug or DEBUG=1 for the stack trace)\n';
    io.stderr(`roadmap-bot ${name}: internal error: ${message}\n${detail}`);
    return EXIT_INTERNAL;
  }
}
