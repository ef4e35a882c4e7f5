/**
 * Which files are the roadmap and how it is checked, for one command run:
 * `--path` globs (relative to DIR) win, else `roadmap.paths` from
 * `DIR/.github/roadmap-bot.yml`, else the defaults. A broken config never
 * stops the command: its problems are printed as warnings and defaults apply.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../core/config/defaults.js';
import type { Config, ConfigProblem } from '../core/config/config.js';
import type { Diagnostic, Roadmap, SourceFile } from '../core/model/model.js';
import { analyseRoadmap, withTimeBasedChecks } from '../core/roadmap/roadmap.js';
import type { CliIo } from './command.js';
import { formatDiagnostic } from './format.js';
import { readFileInside } from '../local/working-tree.js';

export interface CliSettings {
  globs: string[];
  config: Config;
  /** What is wrong with the config file (empty when it is fine or absent). */
  problems: ConfigProblem[];
  /** The same problems as `invalid-config` warnings, for printing. */
  configProblems: Diagnostic[];
}

/** `./roadmap/*.md` and `roadmap\*.md` mean `roadmap/*.md`: globs match repo-relative POSIX paths. */
function normaliseGlob(glob: string): string {
  return glob.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

export async function settingsFrom(configText: string | null, pathArgs: string[]): Promise<CliSettings> {
  const globs = (config: Config): string[] => (pathArgs.length > 0 ? pathArgs.map(normaliseGlob) : [...config.roadmap.paths]);
  if (configText === null) return { globs: globs(DEFAULT_CONFIG), config: DEFAULT_CONFIG, problems: [], configProblems: [] };
  // The schema (zod) and the YAML reader load only when there is a config to read.
  const { configDiagnostics, parseConfigText } = await import('../core/config/config.js');
  const { config, problems } = parseConfigText(configText, CONFIG_FILE);
  return { globs: globs(config), config, problems, configProblems: configDiagnostics(problems, CONFIG_FILE) };
}

/**
 * The config file's text in the working tree under `dir`, or null when there
 * is none or it cannot be read (a symlink out of `dir`, too large, no
 * permission: a warning says so and the defaults apply).
 */
export async function readWorkingConfigText(dir: string, io: CliIo): Promise<string | null> {
  const read = await readFileInside(await realpath(dir), CONFIG_FILE);
  if ('file' in read) return read.file.content;
  if ('notice' in read) warnNotices([read.notice], io);
  return null;
}

/** What the working tree left unread, printed where the command's output has no place for it. */
export function warnNotices(notices: Diagnostic[], io: CliIo): void {
  for (const notice of notices) io.stderr(`${formatDiagnostic(notice)}\n`);
}

export function warnConfigProblems(settings: CliSettings, io: CliIo, where?: string): void {
  for (const problem of settings.configProblems) {
    io.stderr(`${formatDiagnostic(problem)}${where ? ` (at ${where})` : ''}\n`);
  }
}

/**
 * Roadmap text past this size is parsed in a worker thread with the app's
 * per-file time budget (a file over it is skipped as `too-complex`); less is
 * parsed here at once, with no thread to start.
 */
const POOLED_PARSE_CHARS = 64 * 1024;

/** Parses and checks the roadmap files as of `now` with the config's thresholds and label prefix. */
export async function analyseFiles(files: SourceFile[], now: string, settings: CliSettings): Promise<Roadmap> {
  const options = { now, staleAfterDays: settings.config.drift.staleAfterDays, labelPrefix: settings.config.labels.prefix };
  const size = files.reduce((sum, file) => sum + file.content.length, 0);
  if (size < POOLED_PARSE_CHARS) return analyseRoadmap(files, options);
  const { ParsePool } = await import('../github/parse-pool.js');
  const pool = new ParsePool({ threads: 1 });
  try {
    const { roadmap } = await pool.parse(files, [], { labelPrefix: options.labelPrefix });
    return withTimeBasedChecks(roadmap, options);
  } finally {
    await pool.close();
  }
}

export function noFilesWarning(dir: string, settings: CliSettings, where = dir): string {
  return (
    `warning: no roadmap files matched in ${where} (globs: ${settings.globs.join(', ')}); ` +
    `pass --path GLOB or set roadmap.paths in ${path.join(dir, CONFIG_FILE)}\n`
  );
}
