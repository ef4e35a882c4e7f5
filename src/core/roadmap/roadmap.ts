/**
 * `src/core/roadmap/` owns reading a roadmap: the parsers (`parse/`), this
 * merge, the requires graph, the structural and time-based checks, the globs.
 *
 * All roadmap files into one model: each format parsed, goal pages merged
 * with the skill-tree groups they document, duplicates resolved, then the
 * requires graph analysed. Pure and clock-free; `analyseRoadmap` adds the
 * time-based checks.
 */
import { checkRoadmap, type CheckOptions } from './checks.js';
import { analyseGraph } from './graph.js';
import type { Diagnostic, Roadmap, RoadmapNode, Severity, SourceFile, StatusScale } from '../model/model.js';
import { clip, compareText, diagnostic } from '../model/diagnostics.js';
import {
  addRequiresLines,
  copyRequiresLines,
  fileExtension,
  fileStem,
  guarded,
  suggestionFor,
  utf8Length,
  type RequiresLines,
} from './parse/common.js';
import { parseGoalPage, type GoalPage } from './parse/markdown.js';
import { parseProjectGoals } from './parse/project-goals.js';
import { parseSkillTrees, type SkillTreeFile, type SkillTrees } from './parse/toml.js';
import { parseYamlRoadmap } from './parse/yaml.js';
import { plural } from '../markdown/format.js';
import { defaultStatusScale } from '../model/statuses.js';

export { checkRoadmap, type CheckOptions } from './checks.js';

/** SPEC §12: bigger files are skipped with a `file-too-large` warning. */
export const MAX_FILE_BYTES = 1_000_000;
/** SPEC §12: files past this many (in path order) are skipped with one `too-many-files` warning. */
export const MAX_FILES = 2_000;

/** The notices of roadmap files the caps above left unread: a review or report must say what it does not cover. */
export function isUnreadFileNotice(diagnostic: Diagnostic): boolean {
  return diagnostic.code === 'file-too-large' || diagnostic.code === 'too-many-files';
}

type Format = 'markdown' | 'toml' | 'yaml';

const FORMAT_BY_EXTENSION: Record<string, Format> = {
  md: 'markdown',
  markdown: 'markdown',
  toml: 'toml',
  yml: 'yaml',
  yaml: 'yaml',
};

export interface ParseOptions {
  /** The goal label prefix (`labels.prefix`) the `label-too-long` check measures with: required, so no caller measures with another prefix than its repository's. */
  labelPrefix: string;
  /** Told before each file is parsed, so a caller can hold every file to a time budget. */
  onFile?: (path: string) => void;
}

export type AnalyseOptions = CheckOptions & ParseOptions;

/** Structural parse of all roadmap files (any order; files of other types are ignored). Never throws. */
export function parseRoadmap(files: SourceFile[], options: ParseOptions): Roadmap {
  const diagnostics: Diagnostic[] = [];
  const requiresLines: RequiresLines = new Map();
  const readable = selectReadable(files, diagnostics);
  const onFile = options.onFile ?? ((): void => undefined);
  const { trees, definitions, documenting } = readDefinitions(readable, diagnostics, requiresLines, onFile);

  const orderOf = pathOrder(readable);
  definitions.sort((a, b) => orderOf(a.file) - orderOf(b.file));
  const survivors = new Map<string, Definition>();
  for (const definition of definitions) admit(definition, survivors, diagnostics);
  mergeDocumentingPages(documenting, survivors, orderOf, diagnostics, requiresLines);

  const nodes = [...survivors.values()].sort((a, b) => orderOf(a.file) - orderOf(b.file)).map((definition) => definition.node);
  diagnostics.push(...analyseGraph(nodes, { labelPrefix: options.labelPrefix, requiresLines }));
  return {
    nodes,
    diagnostics: sortDiagnostics(diagnostics),
    statuses: trees.declaredScale ?? defaultStatusScale(),
    files: readable.map((file) => file.path),
  };
}

/** `parseRoadmap` plus the time-based checks of `checkRoadmap`, diagnostics merged in file order. */
export function analyseRoadmap(files: SourceFile[], options: AnalyseOptions): Roadmap {
  return withTimeBasedChecks(parseRoadmap(files, { labelPrefix: options.labelPrefix }), options);
}

/**
 * A parsed (often cached, clock-free) roadmap as of `options.now`: its
 * structural diagnostics and those of `checkRoadmap`, merged in file order.
 */
export function withTimeBasedChecks(roadmap: Roadmap, options: CheckOptions): Roadmap {
  return { ...roadmap, diagnostics: sortDiagnostics([...roadmap.diagnostics, ...checkRoadmap(roadmap, options)]) };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** By file, then line, then severity (errors first); the sort is stable, so other findings on one line keep their order. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
}

// ---------------------------------------------------------------- files

function formatOf(path: string): Format | undefined {
  return FORMAT_BY_EXTENSION[fileExtension(path)];
}

/** Roadmap files in path order, one per path, within the caps on count and size. */
function selectReadable(files: SourceFile[], diagnostics: Diagnostic[]): SourceFile[] {
  const byPath = new Map<string, SourceFile>();
  for (const file of files) {
    if (formatOf(file.path) !== undefined && !byPath.has(file.path)) byPath.set(file.path, file);
  }
  const sorted = [...byPath.values()].sort((a, b) => compareText(a.path, b.path));
  const tooMany = tooManyFilesNotice(sorted.map((file) => file.path));
  if (tooMany) diagnostics.push(tooMany);
  const readable = sorted.slice(0, MAX_FILES).filter((file) => {
    // Anything over a third of the cap in UTF-16 units may be over it in bytes; only those are counted.
    if (file.content.length * 3 <= MAX_FILE_BYTES) return true;
    const bytes = utf8Length(file.content);
    if (bytes <= MAX_FILE_BYTES) return true;
    diagnostics.push(fileTooLargeNotice(file.path, bytes));
    return false;
  });
  for (const file of readable) {
    const warning = undecodedBytesWarning(file);
    if (warning) diagnostics.push(warning);
  }
  return readable;
}

/**
 * Every reader decodes with replacement, so invalid UTF-8 arrives as U+FFFD:
 * the file is still read, and the warning says which line to fix.
 */
function undecodedBytesWarning(file: SourceFile): Diagnostic | null {
  const first = file.content.indexOf('\uFFFD');
  if (first < 0) return null;
  let count = 0;
  for (let at = first; at >= 0; at = file.content.indexOf('\uFFFD', at + 1)) count++;
  let line = 1;
  for (let at = file.content.indexOf('\n'); at >= 0 && at < first; at = file.content.indexOf('\n', at + 1)) line++;
  return diagnostic(
    'warning',
    'unreadable-file',
    file.path,
    line,
    `This file is not valid UTF-8: ${plural(count, 'character')} could not be decoded and ${count === 1 ? 'was' : 'were'} replaced with � (U+FFFD), first on this line; goal labels leave them out. Save the file as UTF-8.`,
  );
}

/** The `too-many-files` warning for roadmap files in path order, when there are more than `MAX_FILES`. */
export function tooManyFilesNotice(sortedPaths: string[]): Diagnostic | null {
  if (sortedPaths.length <= MAX_FILES) return null;
  const skipped = sortedPaths.length - MAX_FILES;
  return diagnostic(
    'warning',
    'too-many-files',
    sortedPaths[MAX_FILES],
    1,
    `${sortedPaths.length} roadmap files match, more than the ${MAX_FILES} read; this file and the ${skipped - 1} after it (in path order) are skipped. Narrow \`roadmap.paths\` in .github/roadmap-bot.yml.`,
  );
}

export function fileTooLargeNotice(path: string, bytes: number): Diagnostic {
  return diagnostic(
    'warning',
    'file-too-large',
    path,
    1,
    `This file is ${bytes} bytes, over the ${MAX_FILE_BYTES}-byte limit, so it is skipped; split it into smaller roadmap files.`,
  );
}

// ---------------------------------------------------------------- pages and the tree

interface Definition {
  node: RoadmapNode;
  file: string;
}

interface DocumentingPage {
  page: GoalPage;
  /** The id of the group the page documents. */
  groupId: string;
  /** For a page documenting its own file's root group: that TOML file (which may hold a discarded duplicate). */
  treeFile: string | null;
  diagnostics: Diagnostic[];
}

/** A path's place among the readable files, which are in path order. */
function pathOrder(readable: SourceFile[]): (path: string) => number {
  const fileOrder = new Map(readable.map((file, index) => [file.path, index]));
  return (path) => fileOrder.get(path) ?? 0;
}

/**
 * Every format read, in the order skill trees, YAML, project goals, goal
 * pages: the nodes each defines, and the goal pages that document a
 * skill-tree group, which can merge only once the groups' duplicates are
 * resolved.
 */
function readDefinitions(
  readable: SourceFile[],
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
  onFile: (path: string) => void,
): { trees: SkillTrees; definitions: Definition[]; documenting: DocumentingPage[] } {
  const byFormat = (format: Format): SourceFile[] => readable.filter((file) => formatOf(file.path) === format);
  const trees = parseSkillTrees(byFormat('toml'), onFile);
  diagnostics.push(...trees.diagnostics);
  addRequiresLines(requiresLines, trees.requiresLines);

  const definitions: Definition[] = [];
  for (const tree of trees.files) {
    for (const group of tree.groups) definitions.push({ node: group, file: group.file });
  }
  definitions.push(...readYamlRoadmaps(byFormat('yaml'), diagnostics, requiresLines, onFile));

  const markdown = byFormat('markdown');
  const projectGoals = parseProjectGoals(markdown, onFile);
  diagnostics.push(...projectGoals.diagnostics);
  addRequiresLines(requiresLines, projectGoals.requiresLines);
  for (const node of projectGoals.nodes) definitions.push({ node, file: node.file });
  const otherPages = markdown.filter((file) => !projectGoals.claimed.has(file.path));
  const pages = readGoalPages(otherPages, trees.files, diagnostics, requiresLines, onFile);
  const documenting = placeGoalPages(pages, trees.files, definitions, diagnostics);
  return { trees, definitions, documenting };
}

function readYamlRoadmaps(
  files: SourceFile[],
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
  onFile: (path: string) => void,
): Definition[] {
  const definitions: Definition[] = [];
  for (const file of files) {
    onFile(file.path);
    const parsed = guarded(file.path, 'YAML roadmap', diagnostics, () => parseYamlRoadmap(file, defaultStatusScale()));
    if (!parsed) continue;
    diagnostics.push(...parsed.diagnostics);
    addRequiresLines(requiresLines, parsed.requiresLines);
    for (const node of parsed.nodes) definitions.push({ node, file: file.path });
  }
  return definitions;
}

/**
 * A page that documents a group (by `group:`, or as the page of its TOML
 * file's root group) waits for the merge; any other page defines a node of
 * its own, added to `definitions`.
 */
function placeGoalPages(
  pages: { page: GoalPage; diagnostics: Diagnostic[] }[],
  trees: SkillTreeFile[],
  definitions: Definition[],
  diagnostics: Diagnostic[],
): DocumentingPage[] {
  const documenting: DocumentingPage[] = [];
  const treeByStem = firstTreeByStem(trees);
  for (const { page, diagnostics: pageDiagnostics } of pages) {
    const tree = page.group ? null : treeByStem.get(fileStem(page.node.file));
    const groupId = page.group?.id ?? tree?.rootGroup ?? null;
    if (groupId === null) {
      definitions.push({ node: page.node, file: page.node.file });
      diagnostics.push(...pageDiagnostics);
    } else {
      documenting.push({ page, groupId, treeFile: tree?.path ?? null, diagnostics: pageDiagnostics });
    }
  }
  return documenting;
}

function firstTreeByStem(trees: SkillTreeFile[]): Map<string, SkillTreeFile> {
  const byStem = new Map<string, SkillTreeFile>();
  for (const tree of trees) if (!byStem.has(tree.stem)) byStem.set(tree.stem, tree);
  return byStem;
}

function readGoalPages(
  files: SourceFile[],
  trees: SkillTreeFile[],
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
  onFile: (path: string) => void,
): { page: GoalPage; diagnostics: Diagnostic[] }[] {
  const treeByStem = firstTreeByStem(trees);
  const scaleByGroup = new Map<string, StatusScale>();
  for (const tree of trees) {
    for (const group of tree.groups) if (!scaleByGroup.has(group.id)) scaleByGroup.set(group.id, tree.scale);
  }
  const options = {
    treeStems: new Set(treeByStem.keys()),
    statusScaleFor: (group: string | null, stem: string): StatusScale =>
      (group === null ? treeByStem.get(stem)?.scale : scaleByGroup.get(group)) ?? defaultStatusScale(),
  };
  const pages: { page: GoalPage; diagnostics: Diagnostic[] }[] = [];
  for (const file of files) {
    onFile(file.path);
    const parsed = guarded(file.path, 'goal page', diagnostics, () => parseGoalPage(file, options));
    if (!parsed) continue;
    addRequiresLines(requiresLines, parsed.requiresLines);
    if (parsed.page) pages.push({ page: parsed.page, diagnostics: parsed.diagnostics });
    else diagnostics.push(...parsed.diagnostics);
  }
  return pages;
}

/** First definition of an id wins; a later one is a `duplicate-id` error naming both places. */
function admit(definition: Definition, survivors: Map<string, Definition>, diagnostics: Diagnostic[]): void {
  const { node } = definition;
  const first = survivors.get(node.id);
  if (!first) {
    survivors.set(node.id, definition);
    return;
  }
  diagnostics.push(
    diagnostic(
      'error',
      'duplicate-id',
      node.file,
      node.line,
      `The id "${clip(node.id)}" is defined twice: at ${node.file}:${node.line} and first at ${first.node.file}:${first.node.line}. Ids are shared by all roadmap files; rename one of them. (The first definition is used.)`,
      node.id,
    ),
  );
}

/**
 * Each documenting page into the group it documents; a page naming a group
 * nobody defines is admitted as a node of its own.
 */
function mergeDocumentingPages(
  documenting: DocumentingPage[],
  survivors: Map<string, Definition>,
  orderOf: (path: string) => number,
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
): void {
  const documentedFile = (entry: DocumentingPage): string | null => entry.treeFile ?? survivors.get(entry.groupId)?.file ?? null;
  const documented = new Set<RoadmapNode>();
  const primaryPages = new Map<RoadmapNode, GoalPage>();
  for (const entry of inMergeOrder(documenting, documentedFile, orderOf)) {
    const { page, groupId, diagnostics: pageDiagnostics } = entry;
    const target = survivors.get(groupId);
    if (target) {
      const documentsSurvivor = documentedFile(entry) === target.file;
      const primary = documentsSurvivor && !documented.has(target.node);
      documented.add(target.node);
      if (primary) primaryPages.set(target.node, page);
      const firstPage = primaryPages.get(target.node);
      if (documentsSurvivor && !primary && firstPage) diagnostics.push(secondPage(page, firstPage, groupId));
      mergePage(target.node, page, primary);
      copyRequiresLines(requiresLines, page.node, target.node);
      // The page's findings concern the node it merged into.
      diagnostics.push(...pageDiagnostics.map((found) => (found.node === page.node.id ? { ...found, node: groupId } : found)));
      continue;
    }
    diagnostics.push(unknownGroup(page, groupId, [...survivors.keys()]));
    diagnostics.push(...pageDiagnostics);
    admit({ node: page.node, file: page.node.file }, survivors, diagnostics);
  }
}

/**
 * A page documents the survivor (by `group:`, or as its file's page) or a
 * discarded duplicate (a later file defining the same id): pages merge in
 * the path order of the definition they document, so the survivor's own
 * page comes first and a duplicate's page only fills gaps. A page naming a
 * group nobody defines keeps its own place.
 */
function inMergeOrder(
  documenting: DocumentingPage[],
  documentedFile: (entry: DocumentingPage) => string | null,
  orderOf: (path: string) => number,
): DocumentingPage[] {
  return documenting
    .map((entry, pageOrder) => ({ entry, pageOrder, definitionOrder: orderOf(documentedFile(entry) ?? entry.page.node.file) }))
    .sort((a, b) => a.definitionOrder - b.definitionOrder || a.pageOrder - b.pageOrder)
    .map(({ entry }) => entry);
}

/** Only a front-matter `group:` can name a group that does not exist: the page stands alone. */
function unknownGroup(page: GoalPage, groupId: string, knownIds: string[]): Diagnostic {
  return diagnostic(
    'error',
    'unknown-requires',
    page.node.file,
    page.group?.line ?? 1,
    `The front matter says this page documents group "${clip(groupId)}", but no skill-tree group has that name.${suggestionFor(groupId, knownIds)} Fix \`group:\` or remove it.`,
    page.node.id,
  );
}

/** Two pages documenting one group: the first gives title and sections, which the second cannot change. */
function secondPage(page: GoalPage, first: GoalPage, groupId: string): Diagnostic {
  const where = (goalPage: GoalPage): string => `${goalPage.node.file}:${goalPage.group?.line ?? goalPage.node.line}`;
  return diagnostic(
    'error',
    'duplicate-id',
    page.node.file,
    page.group?.line ?? page.node.line,
    `Group "${clip(groupId)}" is documented by two pages: ${where(page)} and first ${where(first)}. The first page's title and sections are used; this one only fills sections the first lacks. Merge the two pages into one, or point \`group:\` at another group.`,
    groupId,
  );
}

/**
 * The page and the group become one node: the group's id, place, requires
 * and items (plus the page's). The primary page — the first page of the
 * definition that survived — gives its title, explicit status and sections;
 * any other page (a second page, or one documenting a discarded duplicate)
 * only fills what is still missing.
 */
function mergePage(node: RoadmapNode, page: GoalPage, primary: boolean): void {
  const from = page.node;
  if (primary && page.hasTitle) node.title = from.title;
  if (from.kind === 'goal') node.kind = 'goal';
  for (const id of from.requires) if (!node.requires.includes(id)) node.requires.push(id);
  for (const owner of from.owners) if (!node.owners.includes(owner)) node.owners.push(owner);
  node.items.push(...from.items);
  node.statusQuo ??= from.statusQuo;
  if (node.targets.length === 0) node.targets = from.targets;
  node.shinyFuture ??= from.shinyFuture;
  node.ultimately ??= from.ultimately;
  // A page's status is explicit, so `done` follows it (items finishing can still make the node done later).
  if (from.status !== undefined && (primary || node.status === undefined)) {
    node.status = from.status;
    node.done = from.done;
  }
}
