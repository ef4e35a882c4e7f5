/**
 * The GitHub Action (action.yml, bundled into dist/index.js): reads the
 * step's inputs (`INPUT_*`) and the run's `GITHUB_*` variables, and runs the
 * `review` or `weekly` command — the CLI's code path, so exactly the App's
 * comment, check run and status issue. Only those two commands are imported,
 * which keeps the bundle small.
 */
import { todayUtc } from '../cli/args.js';
import { runCommand, type CliIo, type Command } from '../cli/command.js';
import { reviewCommandWithEnv } from '../cli/commands/review.js';
import { weeklyCommandWithEnv } from '../cli/commands/weekly.js';
import type { Env } from '../cli/github-connection.js';
import { ActionError, actionArguments, input, type ActionCommand } from './inputs.js';

const COMMANDS: Record<ActionCommand, (env: Env) => Command> = { review: reviewCommandWithEnv, weekly: weeklyCommandWithEnv };

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
  let hint: string | undefined;
  try {
    const { command, argv, failureHint } = actionArguments(env);
    hint = failureHint;
    // The `token` input (default: the run's GITHUB_TOKEN) is what the commands authenticate with.
    const token = input(env, 'token') || env.GITHUB_TOKEN;
    const run = COMMANDS[command]({ ...env, GITHUB_TOKEN: token });
    code = await runCommand(run.spec, () => run, argv, io);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    failure = error.message;
    code = 1;
  }
  if (code !== 0) {
    const message = [failure || `failed with exit code ${code}`, hint].filter(Boolean).join('; ');
    process.stdout.write(`::error title=roadmap-bot::${escapeData(message)}\n`);
  }
  return code;
}

process.exitCode = await runAction(process.env);
