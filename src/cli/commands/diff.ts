/**
 * `roadmap-bot diff [DIR]`: the pull-request review, locally. Reads the
 * roadmap at the base (default: the merge base of HEAD with the default
 * branch) and at the head (default: the working tree) from git, and prints
 * exactly the comment the app would post, or the findings as JSON.
 * Exits 1 when the head brings new errors.
 */
import { CONFIG_FILE } from '../../core/config/config.js';
import { diffRoadmaps, type Drift } from '../../core/review/drift.js';
import type { SourceFile } from '../../core/model/model.js';
import { selectRoadmapFiles } from '../../core/roadmap/paths.js';
import { plural } from '../../core/markdown/format.js';
import { renderNoRoadmapChanges, renderReview } from '../../core/review/comment.js';
import { flagOption, listOption, resolveDirectory, resolveNow, stringOption, type ParsedArgs } from '../args.js';
import { EXIT_ERRORS, EXIT_OK, progressReporter, type CliIo, type Command } from '../command.js';
import { CliError } from '../errors.js';
import { findingJson, jsonText } from '../format.js';
import { assertGitRepo, changedFiles, defaultBranch, listFilesAt, mergeBase, originWebUrl, readFilesAt, resolveCommit } from '../git.js';
import { analyseFiles, readWorkingConfigText, settingsFrom, warnConfigProblems, warnNotices, type CliSettings } from '../settings.js';
import { readWorkingTree } from '../../local/working-tree.js';
import { DIFF_SPEC as spec } from '../specs.js';

export interface ReviewInput {
  baseFiles: SourceFile[];
  headFiles: SourceFile[];
  /** Paths (relative to the roadmap's root) the change touches. */
  changed: string[];
  now: string;
  settings: CliSettings;
  repoUrl: string;
  headSha: string;
}

export interface ReviewOutcome {
  /** Null when the change touches no roadmap file and not the config. */
  drift: Drift | null;
  markdown: string;
}

/** Compares two sides of a roadmap the way the app reviews a pull request. */
export async function reviewRoadmapChange(input: ReviewInput): Promise<ReviewOutcome> {
  const { settings, now } = input;
  const touchesRoadmap = selectRoadmapFiles(input.changed, settings.globs).length > 0 || input.changed.includes(CONFIG_FILE);
  if (!touchesRoadmap) {
    return { drift: null, markdown: `${renderNoRoadmapChanges({ headSha: input.headSha })}\n` };
  }
  const base = await analyseFiles(input.baseFiles, now, settings);
  const head = await analyseFiles(input.headFiles, now, settings);
  const drift = diffRoadmaps(base, head, {
    now,
    staleAfterDays: settings.config.drift.staleAfterDays,
    changedFiles: input.changed,
  });
  const markdown = renderReview(drift, {
    repoUrl: input.repoUrl,
    headSha: input.headSha,
    configProblems: settings.problems,
    configFile: CONFIG_FILE,
    labelPrefix: settings.config.labels.prefix,
  });
  return { drift, markdown: markdown.endsWith('\n') ? markdown : `${markdown}\n` };
}

export function hasNewErrors(drift: Drift | null): boolean {
  return drift !== null && drift.newDiagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

async function configTextAt(dir: string, commit: string, listing: string[]): Promise<string | null> {
  if (!listing.includes(CONFIG_FILE)) return null;
  const [config] = await readFilesAt(dir, commit, [CONFIG_FILE]);
  return config.content;
}

async function baseCommitOf(dir: string, baseRef: string | undefined): Promise<string> {
  if (baseRef !== undefined) return resolveCommit(dir, baseRef);
  const branch = await defaultBranch(dir);
  if (branch === null) {
    throw new CliError(`cannot tell the default branch of the repository in ${dir} (no origin/HEAD, main or master): pass --base REF`);
  }
  return mergeBase(dir, 'HEAD', branch);
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = flagOption(args, 'json');
  const now = resolveNow(spec, stringOption(args, 'now'), io.today);
  const dir = await resolveDirectory(spec, args.positionals[0], io.cwd);
  await assertGitRepo(dir);
  const progress = progressReporter(io, json);

  const headRef = stringOption(args, 'head');
  const headCommit = headRef === undefined ? null : await resolveCommit(dir, headRef);
  const baseCommit = await baseCommitOf(dir, stringOption(args, 'base'));
  const headListing = headCommit === null ? null : await listFilesAt(dir, headCommit);

  // The head's config decides which files are the roadmap, as in the app.
  const configText =
    headCommit === null || headListing === null ? await readWorkingConfigText(dir, io) : await configTextAt(dir, headCommit, headListing);
  const settings = await settingsFrom(configText, listOption(args, 'path'));
  warnConfigProblems(settings, io);

  progress(`reading the base roadmap at ${baseCommit.slice(0, 7)}…`);
  const baseListing = await listFilesAt(dir, baseCommit);
  const baseFiles = await readFilesAt(dir, baseCommit, selectRoadmapFiles(baseListing, settings.globs));
  let headFiles: SourceFile[];
  if (headCommit === null || headListing === null) {
    progress('reading the head roadmap from the working tree…');
    const read = await readWorkingTree(dir, settings.globs);
    warnNotices(read.notices, io);
    headFiles = read.files;
  } else {
    progress(`reading the head roadmap at ${headCommit.slice(0, 7)}…`);
    headFiles = await readFilesAt(dir, headCommit, selectRoadmapFiles(headListing, settings.globs));
  }
  const changed = await changedFiles(dir, baseCommit, headCommit);
  progress(`comparing ${plural(baseFiles.length, 'file')} with ${plural(headFiles.length, 'file')}…`);

  const { drift, markdown } = await reviewRoadmapChange({
    baseFiles,
    headFiles,
    changed,
    now,
    settings,
    repoUrl: (await originWebUrl(dir)) ?? '.',
    headSha: headCommit ?? (await resolveCommit(dir, 'HEAD')),
  });
  io.stdout(json ? jsonText({ findings: (drift?.findings ?? []).map(findingJson) }) : markdown);
  return hasNewErrors(drift) ? EXIT_ERRORS : EXIT_OK;
}

export const diffCommand: Command = { spec, run };
