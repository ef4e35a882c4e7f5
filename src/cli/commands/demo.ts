/**
 * `roadmap-bot demo` (`npm run demo`): the real app server against the
 * in-process GitHub simulator, on the bundled example roadmap or any two
 * directories — no GitHub account, no network. Prints what the bot did and
 * writes it under `demo-output/` (see src/demo/run.ts for the steps).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_OUTPUT_DIR, demoJson, renderTranscript, writeDemoOutput } from '../../demo/output.js';
import { runDemo } from '../../demo/run.js';
import { flagOption, resolveDirectory, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_ERRORS, EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { jsonText } from '../format.js';
import { DEMO_SPEC as spec } from '../specs.js';

/** src/cli/commands and build/cli/commands are both three levels below the package root. */
const EXAMPLES = fileURLToPath(new URL('../../../examples/roadmap/', import.meta.url));

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = flagOption(args, 'json');
  const now = resolveNow(spec, stringOption(args, 'now'), io.today);
  const baseDir = await resolveDirectory(spec, stringOption(args, 'base') ?? path.join(EXAMPLES, 'base'), io.cwd, '--base');
  const headDir = await resolveDirectory(spec, stringOption(args, 'head') ?? path.join(EXAMPLES, 'head'), io.cwd, '--head');

  const transcript = await runDemo({ baseDir, headDir, now, progress: progressReporter(io, json) });
  const outputDir = path.join(io.cwd, DEMO_OUTPUT_DIR);
  const written = await writeDemoOutput(transcript, outputDir);

  if (json) {
    io.stdout(jsonText(demoJson(transcript)));
  } else {
    io.stdout(renderTranscript(transcript));
    io.stderr(`\nwrote ${written.map((file) => path.relative(io.cwd, file)).join(', ')}\n`);
  }
  for (const error of json ? transcript.errors : []) io.stderr(`roadmap-bot demo: ${error}\n`);
  return transcript.errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
}

export const demoCommand: Command = { spec, run };
