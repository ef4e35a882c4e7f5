/**
 * The `roadmap-bot` command line as a function: `runCli(argv, io)` returns
 * the exit code and writes only through `io`, so tests run it in-process.
 * Commands live in one table; adding one is one line here.
 */
import { closestMatches } from '../core/labels.js';
import { EXIT_OK, EXIT_USAGE, runCommand, type CliIo, type Command } from './command.js';
import { checkCommand } from './commands/check.js';
import { demoCommand } from './commands/demo.js';
import { diffCommand } from './commands/diff.js';
import { reportCommand } from './commands/report.js';
import { reviewCommand } from './commands/review.js';
import { serveCommand } from './commands/serve.js';
import { weeklyCommand } from './commands/weekly.js';

export type { CliIo } from './command.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  check: checkCommand,
  diff: diffCommand,
  report: reportCommand,
  demo: demoCommand,
  serve: serveCommand,
  weekly: weeklyCommand,
  review: reviewCommand,
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

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(generalUsage());
    return EXIT_OK;
  }
  if (name === undefined) {
    io.stderr(`roadmap-bot: missing command\n\n${generalUsage()}`);
    return EXIT_USAGE;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const guesses = closestMatches(name, Object.keys(COMMANDS), 1);
    const hint = guesses.length > 0 ? ` (did you mean "${guesses[0]}"?)` : '';
    io.stderr(`roadmap-bot: unknown command "${name}"${hint}\n\n${generalUsage()}`);
    return EXIT_USAGE;
  }
  return runCommand(command, rest, io);
}
