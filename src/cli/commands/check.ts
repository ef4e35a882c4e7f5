/**
 * `roadmap-bot check [DIR]`: reads the roadmap files in the working tree,
 * prints the goal tree and every diagnostic, and exits 1 when there are errors.
 */
import type { Roadmap } from '../../core/model/model.js';
import { sortDiagnostics } from '../../core/roadmap/roadmap.js';
import { plural } from '../../core/markdown/format.js';
import { flagOption, listOption, resolveDirectory, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_ERRORS, EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { checkJson, countBySeverity, formatDiagnostic, jsonText } from '../format.js';
import { readWorkingTree } from '../../local/working-tree.js';
import { analyseFiles, noFilesWarning, readWorkingConfigText, settingsFrom, warnConfigProblems } from '../settings.js';
import { renderTree } from '../tree.js';
import { CHECK_SPEC as spec } from '../specs.js';

export function renderCheckText(roadmap: Roadmap, now: string): string {
  const diagnostics = sortDiagnostics(roadmap.diagnostics);
  const { errors, warnings, infos } = countBySeverity(diagnostics);
  const goals = roadmap.nodes.filter((node) => node.kind === 'goal').length;
  const parts = [renderTree(roadmap)];
  if (diagnostics.length > 0) {
    parts.push(`${diagnostics.map(formatDiagnostic).join('\n')}\n`);
  }
  const tally = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos > 0 ? [plural(infos, 'note')] : [])];
  parts.push(
    `${plural(roadmap.nodes.length, 'node')} (${plural(goals, 'top goal')}) in ${plural(roadmap.files.length, 'file')}, ` +
      `as of ${now}: ${tally.join(', ')}\n`,
  );
  return parts.filter((part) => part.length > 0).join('\n');
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = flagOption(args, 'json');
  const now = resolveNow(spec, stringOption(args, 'now'), io.today);
  const dir = await resolveDirectory(spec, args.positionals[0], io.cwd);
  const progress = progressReporter(io, json);

  const settings = await settingsFrom(await readWorkingConfigText(dir, io), listOption(args, 'path'));
  warnConfigProblems(settings, io);
  progress(`reading roadmap files in ${dir}…`);
  const { files, notices } = await readWorkingTree(dir, settings.globs);
  if (files.length === 0) io.stderr(noFilesWarning(dir, settings));
  progress(`analysing ${plural(files.length, 'file')}…`);
  const analysed = await analyseFiles(files, now, settings);
  const roadmap = { ...analysed, diagnostics: [...notices, ...analysed.diagnostics] };

  io.stdout(json ? jsonText(checkJson(roadmap)) : renderCheckText(roadmap, now));
  return countBySeverity(roadmap.diagnostics).errors > 0 ? EXIT_ERRORS : EXIT_OK;
}

export const checkCommand: Command = { spec, run };
