/**
 * Skill-tree TOML (SPEC §2.2, the format of nikomatsakis/skill-tree):
 * `[[group]]` tables, `[doc] include` between files, documents and their
 * document-wide settings (`[doc.defaults]`, `[doc.emoji.status]`, …).
 *
 * smol-toml gives values but no positions, so lines come from a light scan of
 * the source: the n-th `[[group]]` header is the n-th group, its `name =` line
 * is the node's line, an item's line is the first line from the group's
 * `items =` on that writes `label = "<its label>"` (else the first that holds
 * the label at all), a `[doc]` key's line is the `key =` line below the
 * `[doc]` header. The scan only locates; values always come
 * from the real parser.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Diagnostic, Item, RoadmapNode, SourceFile, StatusScale } from '../../model/model.js';
import { defaultStatusScale, statusScaleFrom } from '../../model/statuses.js';
import { clip, compareText, diagnostic, errorMessage } from '../../model/diagnostics.js';
import {
  applyNodeStatus,
  buildItem,
  decodeEntities,
  emptyNode,
  extractIssueRefs,
  fileStem,
  guarded,
  isGoalTitle,
  issueRefFromUrl,
  mergeRefs,
  noteRequiresLine,
  suggestionFor,
  withoutByteOrderMark,
  type RequiresLines,
} from './common.js';

export interface SkillTreeFile {
  path: string;
  stem: string;
  /** In file order. */
  groups: RoadmapNode[];
  /** The first group no other group of this file requires: what a page with this file's stem documents. */
  rootGroup: string | null;
  /** The status scale of the document this file belongs to. */
  scale: StatusScale;
}

export interface SkillTrees {
  /** In path order. */
  files: SkillTreeFile[];
  diagnostics: Diagnostic[];
  /** `[doc.emoji.status]` of the first document (in path order) that declares one. */
  declaredScale: StatusScale | null;
  /** Where each group's requires are written. */
  requiresLines: RequiresLines;
}

const TOP_LEVEL_KEYS = ['group', 'doc', 'graphviz', 'cluster'];
const DOC_KEYS = ['include', 'defaults', 'emoji', 'columns'];
/**
 * The `[[group]]` keys of the skill-tree format (SPEC §2.2), plus two the
 * skill-tree tool itself reads (`application`, `header_color`), so real
 * trees draw no warnings; any other key is most likely a typo.
 */
const GROUP_KEYS = [
  'name',
  'label',
  'requires',
  'description',
  'description_color',
  'items',
  'href',
  'cluster',
  'width',
  'status',
  'application',
  'header_color',
];
const ITEM_COLUMNS_READ = new Set(['label', 'status', 'href']);

interface IncludeRef {
  /** As written. */
  text: string;
  /** Resolved repo-relative path, or null when it leaves the repository. */
  path: string | null;
  line: number;
}

interface StatusTable {
  order: string[];
  display: Record<string, string>;
}

interface ReadTomlFile {
  path: string;
  lines: string[];
  groups: Record<string, unknown>[];
  includes: IncludeRef[];
  defaults: Record<string, unknown>;
  statusTable: StatusTable | null;
}

interface DocumentSettings {
  defaults: Record<string, unknown>;
  scale: StatusScale;
  declaresStatuses: boolean;
}

/** Reads every TOML file, resolves includes into documents and builds the group nodes. Never throws. */
export function parseSkillTrees(sources: SourceFile[], onFile: (path: string) => void = () => undefined): SkillTrees {
  const diagnostics: Diagnostic[] = [];
  const requiresLines: RequiresLines = new Map();
  const sorted = [...sources].sort((a, b) => compareText(a.path, b.path));
  const present = new Set(sorted.map((source) => source.path));
  const read = new Map<string, ReadTomlFile>();
  for (const source of sorted) {
    onFile(source.path);
    const file = guarded(source.path, 'skill-tree file', diagnostics, () => readTomlFile(source, diagnostics));
    if (file) read.set(source.path, file);
  }

  for (const file of read.values()) {
    for (const include of file.includes) {
      if (include.path !== null && present.has(include.path)) continue;
      const where = include.path === null ? 'a path outside the repository' : `\`${include.path}\``;
      diagnostics.push(
        diagnostic(
          'error',
          'missing-include',
          file.path,
          include.line,
          `\`include\` names "${clip(include.text)}", which resolves to ${where}, and no roadmap file is there; fix the path (it is relative to this file) or add the file to the roadmap paths.`,
        ),
      );
    }
  }

  const settingsByFile = documentSettings(
    sorted.map((source) => source.path),
    read,
  );
  let declaredScale: StatusScale | null = null;
  const files: SkillTreeFile[] = [];
  for (const source of sorted) {
    const settings = settingsByFile.get(source.path) ?? { defaults: {}, scale: defaultStatusScale(), declaresStatuses: false };
    if (settings.declaresStatuses && declaredScale === null) declaredScale = settings.scale;
    const file = read.get(source.path);
    const groups = file
      ? (guarded(source.path, 'skill-tree file', diagnostics, () => buildGroups(file, settings, diagnostics, requiresLines)) ?? [])
      : [];
    files.push({ path: source.path, stem: fileStem(source.path), groups, rootGroup: rootGroupOf(groups), scale: settings.scale });
  }
  return { files, diagnostics, declaredScale, requiresLines };
}

// ---------------------------------------------------------------- one file

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function readTomlFile(source: SourceFile, diagnostics: Diagnostic[]): ReadTomlFile | null {
  const content = withoutByteOrderMark(source.content);
  const lines = content.split('\n');
  let data: Record<string, unknown>;
  try {
    data = parseToml(content) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : 1;
    const message = errorMessage(error).replace(/^Invalid TOML document:\s*/, '');
    diagnostics.push(diagnostic('error', 'parse-error', source.path, line, `TOML syntax error: ${message}. Fix the TOML at this line.`));
    return null;
  }
  const file: ReadTomlFile = { path: source.path, lines, groups: [], includes: [], defaults: {}, statusTable: null };
  const problem = (line: number, message: string): void => {
    diagnostics.push(diagnostic('error', 'parse-error', source.path, line, message));
  };

  for (const key of Object.keys(data)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    diagnostics.push(
      diagnostic(
        'warning',
        'unknown-key',
        source.path,
        keyLine(lines, null, key),
        `Unknown top-level key \`${key}\` in a skill-tree file; it is ignored.${suggestionFor(key, TOP_LEVEL_KEYS)} Known: ${TOP_LEVEL_KEYS.join(', ')}.`,
      ),
    );
  }

  const groups = data.group;
  if (Array.isArray(groups)) file.groups = groups.filter(isTable);
  else if (groups !== undefined)
    problem(keyLine(lines, null, 'group'), '`group` must be an array of tables: write each group as a `[[group]]` table.');

  const doc = data.doc;
  if (doc !== undefined && !isTable(doc)) {
    problem(keyLine(lines, null, 'doc'), '`doc` must be a table: write it as a `[doc]` section.');
  } else if (doc) {
    readDoc(doc, file, diagnostics, problem);
  }
  return file;
}

function readDoc(
  doc: Record<string, unknown>,
  file: ReadTomlFile,
  diagnostics: Diagnostic[],
  problem: (line: number, message: string) => void,
): void {
  const { lines, path } = file;
  for (const key of Object.keys(doc)) {
    if (DOC_KEYS.includes(key)) continue;
    diagnostics.push(
      diagnostic(
        'warning',
        'unknown-key',
        path,
        keyLine(lines, 'doc', key),
        `Unknown key \`${clip(key)}\` in \`[doc]\`; it is ignored.${suggestionFor(key, DOC_KEYS)} Known keys: ${DOC_KEYS.join(', ')}.`,
      ),
    );
  }
  const include = doc.include;
  if (include !== undefined) {
    if (!Array.isArray(include) || include.some((entry) => typeof entry !== 'string')) {
      problem(keyLine(lines, 'doc', 'include'), '`[doc] include` must be a list of file paths, like `include = ["other.toml"]`.');
    } else {
      const includeLine = keyLine(lines, 'doc', 'include');
      file.includes = (include as string[]).map((text) => ({
        text,
        path: resolveRelative(path, text),
        line: literalLine(lines, text) ?? includeLine,
      }));
    }
  }
  if (doc.defaults !== undefined) {
    if (isTable(doc.defaults)) file.defaults = doc.defaults;
    else problem(keyLine(lines, 'doc', 'defaults'), '`[doc.defaults]` must be a table of column = value.');
  }
  const emoji = doc.emoji;
  if (emoji !== undefined && !isTable(emoji)) {
    problem(keyLine(lines, 'doc', 'emoji'), '`[doc.emoji]` must hold tables like `[doc.emoji.status]`.');
  } else if (emoji && emoji.status !== undefined) {
    if (isTable(emoji.status)) file.statusTable = statusTable(emoji.status, lines);
    else problem(keyLine(lines, 'doc.emoji', 'status'), '`[doc.emoji.status]` must be a table of status = display.');
  }
}

/**
 * The statuses in the order written. JavaScript objects list integer-like
 * keys first, so the order is read from the table's lines when they name
 * the same keys, else taken from the object.
 */
function statusTable(table: Record<string, unknown>, lines: string[]): StatusTable {
  const display: Record<string, string> = {};
  for (const [status, shown] of Object.entries(table)) display[status] = columnText(shown);
  const written = keysBelowHeader(lines, 'doc.emoji.status');
  const keys = Object.keys(table);
  const sameKeys = written.length === keys.length && written.every((key) => Object.hasOwn(table, key));
  return { order: sameKeys ? written : keys, display };
}

function rootGroupOf(groups: RoadmapNode[]): string | null {
  const required = new Set(groups.flatMap((group) => group.requires));
  return groups.find((group) => !required.has(group.id))?.id ?? null;
}

// ---------------------------------------------------------------- includes and documents

/** `target` relative to the directory of `from`; a leading `/` means the repository root. */
export function resolveRelative(from: string, target: string): string | null {
  const base = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  const parts = [...base];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? null : parts.join('/');
}

/**
 * Roots are files no other file includes; a root and all it includes form a
 * document whose settings apply to all its items. A file shared by several
 * documents belongs to the first root in path order. Files only reachable
 * through an include cycle start documents of their own, in path order.
 */
function documentSettings(paths: string[], read: Map<string, ReadTomlFile>): Map<string, DocumentSettings> {
  const includes = new Map<string, string[]>();
  const included = new Set<string>();
  for (const path of paths) {
    const targets = (read.get(path)?.includes ?? [])
      .map((include) => include.path)
      .filter((target): target is string => target !== null && target !== path && read.has(target));
    includes.set(path, targets);
    for (const target of targets) included.add(target);
  }
  const owner = new Map<string, DocumentSettings>();
  const startDocument = (root: string): void => {
    const members = reachable(root, includes);
    const settings = mergeSettings(members.map((member) => read.get(member)).filter((file) => file !== undefined));
    for (const member of members) if (!owner.has(member)) owner.set(member, settings);
  };
  for (const path of paths) if (!included.has(path)) startDocument(path);
  for (const path of paths) if (!owner.has(path)) startDocument(path);
  return owner;
}

function reachable(root: string, includes: Map<string, string[]>): string[] {
  const seen = new Set([root]);
  const order = [root];
  for (let index = 0; index < order.length; index++) {
    for (const target of includes.get(order[index]) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      order.push(target);
    }
  }
  return order;
}

/** Nearest to the root wins: the root's own settings, then its includes breadth-first. */
function mergeSettings(files: ReadTomlFile[]): DocumentSettings {
  const defaults: Record<string, unknown> = {};
  let table: StatusTable | null = null;
  for (const file of files) {
    for (const [column, value] of Object.entries(file.defaults)) if (!Object.hasOwn(defaults, column)) defaults[column] = value;
    table ??= file.statusTable;
  }
  return {
    defaults,
    scale: table ? statusScaleFrom(table.order, table.display) : defaultStatusScale(),
    declaresStatuses: table !== null,
  };
}

// ---------------------------------------------------------------- groups

function columnText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function textList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((entry) => entry !== null && entry !== undefined).map(columnText);
}

interface GroupBlock {
  /** 0-based line indexes, end exclusive. */
  start: number;
  end: number;
  line: number;
}

function buildGroups(
  file: ReadTomlFile,
  settings: DocumentSettings,
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
): RoadmapNode[] {
  const blocks = groupBlocks(file);
  const nodes: RoadmapNode[] = [];
  file.groups.forEach((group, index) => {
    const block = blocks[index] ?? blockByName(file.lines, group.name) ?? { start: 0, end: file.lines.length, line: 1 };
    const node = buildGroup(group, file, block, settings, diagnostics, requiresLines);
    if (node) nodes.push(node);
  });
  return nodes;
}

/** One `[[group]]` as a node; null, with an error, when it has no name. */
function buildGroup(
  group: Record<string, unknown>,
  file: ReadTomlFile,
  block: GroupBlock,
  settings: DocumentSettings,
  diagnostics: Diagnostic[],
  requiresLines: RequiresLines,
): RoadmapNode | null {
  const name = typeof group.name === 'string' ? group.name.trim() : '';
  if (name === '') {
    diagnostics.push(
      diagnostic(
        'error',
        'parse-error',
        file.path,
        block.line,
        'This `[[group]]` has no `name`; add `name = "<id>"` (the id other groups require).',
      ),
    );
    return null;
  }
  const title = typeof group.label === 'string' && group.label.trim() !== '' ? decodeEntities(group.label.trim()) : name;
  const node = emptyNode(name, title, 'group', file.path, block.line);
  node.kind = isGoalTitle(title) || name.startsWith('goal-') ? 'goal' : 'group';
  const problem = (key: string, message: string): void => {
    diagnostics.push(diagnostic('error', 'parse-error', file.path, keyLineIn(file.lines, block, key) ?? block.line, message, name));
  };
  warnUnknownGroupKeys(group, file, block, name, diagnostics);
  if (group.requires !== undefined) {
    if (Array.isArray(group.requires)) readGroupRequires(group.requires, node, file, block, requiresLines);
    else problem('requires', '`requires` must be a list of group names, like `requires = ["other-group"]`.');
  }
  node.description = textList(group.description);
  if (typeof group.href === 'string') {
    node.href = group.href;
    const linked = issueRefFromUrl(group.href);
    if (linked) node.issues = [linked];
  }
  if (typeof group.status === 'string' && group.status.trim() !== '') {
    applyNodeStatus(
      node,
      group.status.trim(),
      settings.scale,
      file.path,
      keyLineIn(file.lines, block, 'status') ?? block.line,
      diagnostics,
    );
  }
  if (group.items !== undefined) {
    if (Array.isArray(group.items)) node.items = groupItems(group.items, file, block, settings, name, diagnostics);
    else problem('items', '`items` must be a list of `{ label = "…", status = "…" }` tables.');
  }
  return node;
}

/** The group's requires, each id once, and where each is written (its own line, else the `requires =` line). */
function readGroupRequires(
  requires: unknown[],
  node: RoadmapNode,
  file: ReadTomlFile,
  block: GroupBlock,
  requiresLines: RequiresLines,
): void {
  node.requires = [
    ...new Set(
      textList(requires)
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  const requiresAt = keyLineIn(file.lines, block, 'requires');
  for (const id of node.requires) {
    const written = lineContaining(file.lines, JSON.stringify(id), block.start, block.end);
    const line = written !== null ? written + 1 : requiresAt;
    if (line !== null) noteRequiresLine(requiresLines, node, id, { file: file.path, line });
  }
}

function warnUnknownGroupKeys(
  group: Record<string, unknown>,
  file: ReadTomlFile,
  block: GroupBlock,
  groupId: string,
  diagnostics: Diagnostic[],
): void {
  for (const key of Object.keys(group)) {
    if (GROUP_KEYS.includes(key)) continue;
    diagnostics.push(
      diagnostic(
        'warning',
        'unknown-key',
        file.path,
        keyLineIn(file.lines, block, key) ?? block.line,
        `Unknown key \`${clip(key)}\` in \`[[group]]\` "${clip(groupId)}"; it is ignored.${suggestionFor(key, GROUP_KEYS)} Known keys: ${GROUP_KEYS.join(', ')}.`,
        groupId,
      ),
    );
  }
}

function groupItems(
  entries: unknown[],
  file: ReadTomlFile,
  block: GroupBlock,
  settings: DocumentSettings,
  groupId: string,
  diagnostics: Diagnostic[],
): Item[] {
  const items: Item[] = [];
  const itemsLine = keyLineIn(file.lines, block, 'items');
  const fallbackLine = itemsLine ?? block.line;
  // Items are written below `items =`: a label repeated in the group's own `label` or `description` is not one.
  let cursor = itemsLine === null ? block.start : itemsLine - 1;
  for (const entry of entries) {
    const columns: Record<string, unknown> = isTable(entry) ? { ...settings.defaults, ...entry } : { ...settings.defaults, label: entry };
    const label = typeof columns.label === 'string' ? columns.label.trim() : columns.label === undefined ? '' : columnText(columns.label);
    const written = isTable(entry) && typeof entry.label === 'string' ? entry.label : typeof entry === 'string' ? entry : label;
    const found = label === '' ? null : itemLine(file.lines, written, label, cursor, block.end);
    if (found !== null) cursor = found;
    const line = found === null ? fallbackLine : found + 1;
    if (label === '') {
      diagnostics.push(
        diagnostic('error', 'parse-error', file.path, line, 'This item has no `label`; add `label = "<what the work is>"`.', groupId),
      );
      continue;
    }
    const extra: Record<string, string> = {};
    for (const [column, value] of Object.entries(columns)) if (!ITEM_COLUMNS_READ.has(column)) extra[column] = columnText(value);
    const status = columns.status === undefined ? undefined : columnText(columns.status).trim() || undefined;
    const href = typeof columns.href === 'string' ? columns.href : undefined;
    const linked = href === undefined ? null : issueRefFromUrl(href);
    const shown = decodeEntities(label);
    const issues = mergeRefs(extractIssueRefs(shown), linked ? [linked] : []);
    items.push(buildItem({ label: shown, status, href, issues, extra, file: file.path, line }, settings.scale, groupId, diagnostics));
  }
  return items;
}

// ---------------------------------------------------------------- line scanning

const TABLE_HEADER = /^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(?:#.*)?$/;
const GROUP_HEADER = /^\s*\[\[\s*group\s*\]\]\s*(?:#.*)?$/;

function headerName(line: string): string | null {
  const match = TABLE_HEADER.exec(line);
  return match ? match[1].replace(/\s*\.\s*/g, '.').replace(/["']/g, '') : null;
}

/** The block of each `[[group]]` header, in order; empty when groups are not written as headers. */
function groupBlocks(file: ReadTomlFile): GroupBlock[] {
  const { lines } = file;
  const starts: number[] = [];
  lines.forEach((line, index) => {
    if (GROUP_HEADER.test(line)) starts.push(index);
  });
  if (starts.length !== file.groups.length) return [];
  return starts.map((start) => {
    let end = start + 1;
    while (end < lines.length && headerName(lines[end]) === null) end++;
    const block = { start, end, line: start + 1 };
    return { ...block, line: keyLineIn(lines, block, 'name') ?? start + 1 };
  });
}

/** Fallback for groups written inline (`group = [{ name = … }]`): the line naming the group. */
function blockByName(lines: string[], name: unknown): GroupBlock | null {
  if (typeof name !== 'string') return null;
  const index = lines.findIndex((line) => line.includes(JSON.stringify(name)) || line.includes(`'${name}'`));
  return index < 0 ? null : { start: index, end: lines.length, line: index + 1 };
}

function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:${escaped}|"${escaped}"|'${escaped}')\\s*=`);
}

/** 1-based line of `key = …` inside the block, if written there. */
function keyLineIn(lines: string[], block: GroupBlock, key: string): number | null {
  const pattern = keyPattern(key);
  for (let index = block.start; index < block.end; index++) if (pattern.test(lines[index])) return index + 1;
  return null;
}

/**
 * 1-based line of `key` in table `table` (null: the top level): a `key =`
 * line under the table's header, else a `[table.key]` header, else the
 * table's header, else line 1.
 */
function keyLine(lines: string[], table: string | null, key: string): number {
  const pattern = keyPattern(key);
  const full = table === null ? key : `${table}.${key}`;
  let current: string | null = null;
  let tableHeader: number | null = null;
  for (let index = 0; index < lines.length; index++) {
    const header = headerName(lines[index]);
    if (header !== null) {
      current = header;
      if (header === full || header.startsWith(`${full}.`)) return index + 1;
      if (table !== null && header === table && tableHeader === null) tableHeader = index + 1;
      continue;
    }
    if (current === table && pattern.test(lines[index])) return index + 1;
  }
  return tableHeader ?? 1;
}

/** The keys written under `[table]`, in order. */
function keysBelowHeader(lines: string[], table: string): string[] {
  const keys: string[] = [];
  let inside = false;
  for (const line of lines) {
    const header = headerName(line);
    if (header !== null) {
      if (inside) break;
      inside = header === table;
      continue;
    }
    if (!inside) continue;
    const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=/.exec(line);
    if (!match) continue;
    if (match[1] !== undefined) {
      try {
        keys.push(JSON.parse(`"${match[1]}"`) as string);
      } catch {
        keys.push(match[1]);
      }
    } else keys.push(match[2] ?? match[3]);
  }
  return keys;
}

/** 1-based line where the string literal `text` is written, if found. */
function literalLine(lines: string[], text: string): number | null {
  const forms = [JSON.stringify(text), `'${text}'`];
  const index = lines.findIndex((line) => forms.some((form) => line.includes(form)));
  return index < 0 ? null : index + 1;
}

const ENDS_WITH_LABEL_KEY = /(?:^|[\s{,])(?:label|"label"|'label')\s*=\s*$/;

/**
 * 0-based index of the line in [from, to) that writes the item: the first
 * `label = "<written>"`, else the first quoted `"<written>"`, else the first
 * line holding the (trimmed) label at all. An exact form first, so an item
 * `IO` is not placed on the line of an item `Async IO`.
 */
function itemLine(lines: string[], written: string, label: string, from: number, to: number): number | null {
  const quoted = [JSON.stringify(written), `'${written}'`];
  const exact = (line: string, form: string): boolean => {
    for (let at = line.indexOf(form); at >= 0; at = line.indexOf(form, at + 1)) {
      if (ENDS_WITH_LABEL_KEY.test(line.slice(0, at))) return true;
    }
    return false;
  };
  for (let index = from; index < to; index++) if (quoted.some((form) => exact(lines[index], form))) return index;
  for (let index = from; index < to; index++) if (quoted.some((form) => lines[index].includes(form))) return index;
  return lineContaining(lines, label, from, to);
}

/** 0-based index of the first line in [from, to) holding `label` as written in TOML. */
function lineContaining(lines: string[], label: string, from: number, to: number): number | null {
  const forms = [label, JSON.stringify(label).slice(1, -1)];
  for (let index = from; index < to; index++) if (forms.some((form) => lines[index].includes(form))) return index;
  return null;
}
