/**
 * The `roadmap-bot` command line as a function: `runCli(argv, io)` returns
 * the exit code and writes only through `io`, so tests run it in-process.
 * Commands live in one table; adding one is one line here.
 */
import { closestMatches } from '../core/model/labels.js';
import type { CommandSpec } from './args.js';
import { EXIT_OK, EXIT_USAGE, runCommand, type CliIo, type Command } from './command.js';
import { CHECK_SPEC, DEMO_SPEC, DIFF_SPEC, REPORT_SPEC, REVIEW_SPEC, SERVE_SPEC, WEEKLY_SPEC } from './specs.js';

export type { CliIo } from './command.js';

interface CommandEntry {
  spec: CommandSpec;
  /** The command's code, loaded only when it runs: `--help` and a small `check` start about as fast as Node. */
  load(): Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  check: { spec: CHECK_SPEC, load: async () => (await import('./commands/check.js')).checkCommand },
  diff: { spec: DIFF_SPEC, load: async () => (await import('./commands/diff.js')).diffCommand },
  report: { spec: REPORT_SPEC, load: async () => (await import('./commands/report.js')).reportCommand },
  demo: { spec: DEMO_SPEC, load: async () => (await import('./commands/demo.js')).demoCommand },
  serve: { spec: SERVE_SPEC, load: async () => (await import('./commands/serve.js')).serveCommand },
  weekly: { spec: WEEKLY_SPEC, load: async () => (await import('./commands/weekly.js')).weeklyCommand },
  review: { spec: REVIEW_SPEC, load: async () => (await import('./commands/review.js')).reviewCommand },
};

export function generalUsage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.spec.summary.split('. ')[0].replace(/\.$/, '')}`,
  );
  return [
    'Usage: roadmap-bot <command> [options]',
    '',
    'Keeps a roadmap of goals tied to the work.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "roadmap-bot <command> --help" for the options of a command.',
    '',
  ].join('\n');
}

/** `--debug` anywhere, or `DEBUG` in the environment (see `CliIo.debug`): an internal error prints its stack. */
const DEBUG_FLAG = '--debug';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = io.debug === true || argv.includes(DEBUG_FLAG);
  const [name, ...rest] = argv.filter((arg) => arg !== DEBUG_FLAG);
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalUsage());
    return EXIT_OK;
  }
  if (name === undefined) {
    io.stderr(`roadmap-bot: missing command\n\n${generalUsage()}`);
    return EXIT_USAGE;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const guesses = closestMatches(name, Object.keys(COMMANDS), 1);
    const hint = guesses.length > 0 ? ` (did you mean "${guesses[0]}"?)` : '';
    io.stderr(`roadmap-bot: unknown command "${name}"${hint}\n\n${generalUsage()}`);
    return EXIT_USAGE;
  }
  return runCommand(entry.spec, entry.load, rest, { ...io, debug });
}
