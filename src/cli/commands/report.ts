/**
 * `roadmap-bot report [DIR]`: the weekly status issue's body built from the
 * roadmap files alone (no issue activity). `--previous` takes last week's
 * body (or `report --json` output) so slips since then are reported.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile } from '../../core/model/model.js';
import { buildWeeklyReport, type WeeklyReport } from '../../core/weekly/report.js';
import { plural } from '../../core/markdown/format.js';
import { decodeSnapshot, type Snapshot } from '../../core/weekly/snapshot.js';
import { flagOption, formatUsage, listOption, resolveDirectory, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { jsonText } from '../format.js';
import { readWorkingTree } from '../../local/working-tree.js';
import {
  analyseFiles,
  noFilesWarning,
  readWorkingConfigText,
  settingsFrom,
  warnConfigProblems,
  warnNotices,
  type CliSettings,
} from '../settings.js';
import { REPORT_SPEC as spec } from '../specs.js';

/** The report as `report --json` prints it (and `--previous` reads it back). */
export function reportJson(report: WeeklyReport): Record<string, unknown> {
  return {
    week: report.week,
    title: report.title,
    body: report.body,
    continuation: report.continuation,
    snapshot: report.snapshot,
  };
}

/** The snapshot in a previous body (with any continuation comments after it) or in `report --json` output. */
export function snapshotFromText(text: string): Snapshot | null {
  const fromMarkdown = decodeSnapshot([text]);
  if (fromMarkdown) return fromMarkdown;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { body, continuation } = parsed as { body?: unknown; continuation?: unknown };
  if (typeof body !== 'string') return null;
  const comments = Array.isArray(continuation) ? continuation.filter((entry) => typeof entry === 'string') : [];
  return decodeSnapshot([body, ...comments]);
}

async function readPrevious(file: string, cwd: string): Promise<Snapshot> {
  const where = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(where, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`roadmap-bot report: cannot read --previous ${file}: ${reason}`, formatUsage(spec));
  }
  const snapshot = snapshotFromText(text);
  if (!snapshot) {
    throw new UsageError(
      `roadmap-bot report: --previous ${file} holds no roadmap-bot snapshot; pass the Markdown body of an earlier status issue (with its <!-- roadmap-bot:snapshot … --> line) or the output of "roadmap-bot report --json"`,
      formatUsage(spec),
    );
  }
  return snapshot;
}

/** The weekly report of analysed files, with the config's thresholds. */
export async function weeklyReportOf(
  files: SourceFile[],
  now: string,
  settings: CliSettings,
  previous: Snapshot | null,
): Promise<WeeklyReport> {
  const roadmap = await analyseFiles(files, now, settings);
  return buildWeeklyReport(roadmap, {
    now,
    staleAfterDays: settings.config.drift.staleAfterDays,
    dueSoonDays: settings.config.drift.dueSoonDays,
    previous,
    mentionOwners: settings.config.weekly.mentionOwners,
    configProblems: settings.problems,
    labelPrefix: settings.config.labels.prefix,
  });
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = flagOption(args, 'json');
  const now = resolveNow(spec, stringOption(args, 'now'), io.today);
  const dir = await resolveDirectory(spec, args.positionals[0], io.cwd);
  const previousFile = stringOption(args, 'previous');
  const previous = previousFile === undefined ? null : await readPrevious(previousFile, io.cwd);
  const progress = progressReporter(io, json);

  const settings = await settingsFrom(await readWorkingConfigText(dir, io), listOption(args, 'path'));
  warnConfigProblems(settings, io);
  progress(`reading roadmap files in ${dir}…`);
  const { files, notices } = await readWorkingTree(dir, settings.globs);
  warnNotices(notices, io);
  if (files.length === 0) io.stderr(noFilesWarning(dir, settings));
  progress(`building the report for ${plural(files.length, 'file')}…`);
  const report = await weeklyReportOf(files, now, settings, previous);

  if (json) {
    io.stdout(jsonText(reportJson(report)));
  } else {
    const comments = report.continuation.map((comment) => `\n\n---\n\n${comment}`).join('');
    io.stdout(`${report.body.replace(/\n*$/, '')}${comments}\n`);
  }
  return EXIT_OK;
}

export const reportCommand: Command = { spec, run };
