/**
 * Entry point of the `roadmap-bot` binary (bin/roadmap-bot.js imports the
 * compiled file). Output is written without process.exit(), so a large
 * report piped to another program is never cut short.
 */
import { todayUtc } from './args.js';
import { runCli, type CliIo } from './run.js';

// A reader that stops early (`roadmap-bot check | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const io: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stderrIsTTY: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  today: todayUtc(),
  debug: Boolean(process.env.DEBUG),
};

process.exitCode = await runCli(process.argv.slice(2), io);
