/**
 * Goal pages (SPEC §2.1): Markdown with optional YAML front matter, a title,
 * recognised level-2 sections and task-list work items anywhere.
 *
 * The structure comes from a real CommonMark parser (mdast) with GFM task
 * lists; only heading *text* is matched with small regular expressions.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { isParsedDate, parseFuzzyDate } from '../../model/dates.js';
import type { Diagnostic, FuzzyDate, Item, RoadmapNode, Section, SourceFile, StatusQuo, StatusScale } from '../../model/model.js';
import { closestMatches } from '../../model/labels.js';
import { isKnownStatus } from '../../model/statuses.js';
import { clip, diagnostic } from '../../model/diagnostics.js';
import {
  applyNodeStatus,
  buildItem,
  cachedFuzzyDate,
  emptyNode,
  extractIssueRefs,
  fileStem,
  isGoalTitle,
  isPlaceholderText,
  placeholderDiagnostic,
  withoutByteOrderMark,
  type RequiresLines,
} from './common.js';
import { knownKeys, readItems, readRequires, readText, readTextList, warnUnknownKeys, type FieldContext } from './fields.js';
import { markdownNestingDiagnostic } from './nesting.js';
import { parseYamlTree, type YamlMap } from './yaml-tree.js';

export interface GoalPage {
  /** The page as a node of its own: id from front matter or the file stem. */
  node: RoadmapNode;
  /** Front matter `group:`: the skill-tree group this page documents. */
  group: { id: string; line: number } | null;
  /** The page gives a title (front matter or `#` heading), which a merged node takes. */
  hasTitle: boolean;
}

export interface GoalPageOptions {
  /** Stems of the skill-tree TOML files: a page with one of them is a goal page. */
  treeStems: ReadonlySet<string>;
  /** The status scale for the page's items, given the group it documents by front matter (or null) and its stem. */
  statusScaleFor(group: string | null, stem: string): StatusScale;
}

export interface ParsedGoalPage {
  /** Null for a Markdown file that is not a goal page (skipped silently). */
  page: GoalPage | null;
  diagnostics: Diagnostic[];
  /** Where the page's front-matter requires are written. */
  requiresLines: RequiresLines;
}

/** The slice of the mdast shape the Markdown parsers read. */
export interface MdNode {
  type: string;
  children?: MdNode[];
  value?: string;
  alt?: string | null;
  url?: string;
  depth?: number;
  checked?: boolean | null;
  position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } };
}

const FRONT_MATTER_FIELDS = ['id', 'title', 'requires', 'owners', 'items', 'status', 'group'] as const;
const FRONT_MATTER_KEYS = knownKeys(FRONT_MATTER_FIELDS);

export function parseGoalPage(file: SourceFile, options: GoalPageOptions): ParsedGoalPage {
  const diagnostics: Diagnostic[] = [];
  const requiresLines: RequiresLines = new Map();
  const stem = fileStem(file.path);
  const frontMatter = splitFrontMatter(withoutByteOrderMark(file.content));
  let fields: YamlMap | null = null;
  if (frontMatter.kind === 'unclosed') {
    diagnostics.push(
      diagnostic(
        'error',
        'parse-error',
        file.path,
        1,
        'The front matter opened by `---` on line 1 is never closed; add a line with `---` after the front matter.',
      ),
    );
  } else if (frontMatter.kind === 'present') {
    fields = readFrontMatter(frontMatter.yaml, file.path, diagnostics);
  }

  const context: FieldContext = { file: file.path, nodeId: stem, diagnostics };
  const idEntry = fields?.entries.find((entry) => entry.key === 'id');
  const frontMatterId = idEntry ? readText(idEntry.value, 'id', context)?.trim() : undefined;
  const id = frontMatterId || stem;
  context.nodeId = id;
  const groupEntry = fields?.entries.find((entry) => entry.key === 'group');
  const groupId = groupEntry ? readText(groupEntry.value, 'group', context)?.trim() : undefined;
  const group = groupEntry && groupId ? { id: groupId, line: groupEntry.line } : null;
  const scale = options.statusScaleFor(group?.id ?? null, stem);

  const tooComplex = markdownNestingDiagnostic(file.path, frontMatter.body);
  if (tooComplex !== null) return { page: null, diagnostics: [tooComplex], requiresLines: new Map() };
  const tree = fromMarkdown(frontMatter.body, {
    extensions: [gfmTaskListItem()],
    mdastExtensions: [gfmTaskListItemFromMarkdown()],
  }) as MdNode;
  const topLevel = tree.children ?? [];
  const titleHeading = topLevel.find((block) => block.type === 'heading' && block.depth === 1);
  const headingTitle = titleHeading ? collapse(plainText(titleHeading)) : '';

  const node = emptyNode(id, id, 'group', file.path, idEntry?.line ?? lineOf(titleHeading) ?? 1);
  const sections = readSections(topLevel, frontMatter.body, node, diagnostics);
  const pageItems = taskItems(tree, scale, file.path, id, diagnostics);

  let title = headingTitle;
  if (fields) title = applyFrontMatter(fields, node, scale, context, requiresLines) ?? title;
  const isGoalPage =
    frontMatter.kind !== 'absent' || isGoalTitle(title) || sections.recognised || sections.unrecognised || options.treeStems.has(stem);
  if (!isGoalPage) return { page: null, diagnostics: [], requiresLines: new Map() };

  node.title = title || id;
  node.kind = isGoalTitle(node.title) ? 'goal' : 'group';
  node.items = [...node.items, ...pageItems];
  return { page: { node, group, hasTitle: title !== '' }, diagnostics, requiresLines };
}

// ---------------------------------------------------------------- front matter

type FrontMatter = { kind: 'absent'; body: string } | { kind: 'unclosed'; body: string } | { kind: 'present'; yaml: string; body: string };

/**
 * A `---` first line opens front matter, a `---` (or `...`) line closes it.
 * The body keeps the front matter's lines as blank lines so Markdown
 * positions stay the file's line numbers.
 */
function splitFrontMatter(content: string): FrontMatter {
  const firstBreak = content.indexOf('\n');
  const firstLine = (firstBreak < 0 ? content : content.slice(0, firstBreak)).replace(/\r$/, '').trimEnd();
  if (firstLine !== '---' || firstBreak < 0) return { kind: firstLine === '---' ? 'unclosed' : 'absent', body: content };
  let lineStart = firstBreak + 1;
  let lineCount = 1;
  while (lineStart <= content.length) {
    const lineEnd = content.indexOf('\n', lineStart);
    const end = lineEnd < 0 ? content.length : lineEnd;
    const line = content.slice(lineStart, end).replace(/\r$/, '').trimEnd();
    lineCount++;
    if (line === '---' || line === '...') {
      const yaml = content.slice(firstBreak + 1, lineStart);
      const rest = lineEnd < 0 ? '' : content.slice(lineEnd + 1);
      return { kind: 'present', yaml, body: '\n'.repeat(lineCount) + rest };
    }
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  return { kind: 'unclosed', body: content };
}

function readFrontMatter(yaml: string, file: string, diagnostics: Diagnostic[]): YamlMap | null {
  // The YAML starts on the file's second line, below the opening `---`.
  const tree = parseYamlTree(yaml, 2);
  if (!tree.ok) {
    diagnostics.push(
      diagnostic('error', 'parse-error', file, tree.line, `Front matter YAML syntax error: ${tree.message}. Fix the YAML at this line.`),
    );
    return null;
  }
  if (tree.root === null) return null;
  if (tree.root.kind !== 'map') {
    diagnostics.push(
      diagnostic('error', 'parse-error', file, tree.root.line, 'Front matter must be a mapping of keys (`id: …`, `requires: […]`, …).'),
    );
    return null;
  }
  return tree.root;
}

/** Applies the front matter to the node; returns the front-matter title, if any. */
function applyFrontMatter(
  fields: YamlMap,
  node: RoadmapNode,
  scale: StatusScale,
  context: FieldContext,
  requiresLines: RequiresLines,
): string | null {
  warnUnknownKeys(fields, FRONT_MATTER_KEYS, 'the front matter', context);
  let title: string | null = null;
  for (const entry of fields.entries) {
    switch (entry.key as (typeof FRONT_MATTER_FIELDS)[number]) {
      case 'title':
        title = readText(entry.value, 'title', context)?.trim() || null;
        break;
      case 'requires':
        node.requires = readRequires(entry.value, node, context, requiresLines);
        break;
      case 'owners':
        node.owners = readTextList(entry.value, 'owners', context).map((owner) => owner.replace(/^@/, ''));
        break;
      case 'items':
        node.items = readItems(entry.value, scale, context);
        break;
      case 'status': {
        const status = readText(entry.value, 'status', context)?.trim();
        if (status) applyNodeStatus(node, status, scale, context.file, entry.line, context.diagnostics);
        break;
      }
    }
  }
  return title;
}

// ---------------------------------------------------------------- sections

const SHINY_FUTURE = /^shiny future$/i;
const ULTIMATELY = /^where we want to ultimately be$/i;
const STATUS_QUO = /^(?:the\s+)?status quo\b/i;
const WHERE_WE_WANT_TO_BE = /^where we want to be\b/i;
const TARGET = /^target\b/i;
const BY = /^by\b/i;
const AS_OF_WORD = /^as\s+of\b\s*:?/i;
const BY_WORD = /^by\b\s*:?/i;
/** What separates a section name from its date: a dash of any length, a comma, a colon. */
const SEPARATOR = /^(?:[—–-]+|[,:])\s*/;

/** The forms `unrecognised-heading` lists, so the fix is one look away. */
const UNDERSTOOD_FORMS =
  '`## Status quo as of <date>`, `## Status quo (as of <date>)`, `## Status quo — as of <date>`, `## Where we want to be by <date>`, `## Where we want to be (by <date>)`, `## Target: <date>`, `## By <date>`, `## Shiny future`, `## Where we want to ultimately be` (level 2 or 3)';

/** Words that make a heading look like a status quo or a target wherever it stands. */
const NAMES_SECTION = /status\s+quo|where\s+we\s+want\s+to\s+be|\btargets?\b|\bas\s+of\b/i;
/** A year (or `Q4 '25`): a dated heading, unless it is a sub-heading inside a recognised section ("### Done in 2024"). */
const CARRIES_DATE = /\b(?:19|20)\d{2}\b|\b[qh][1-4]\s*['’]\d{2}\b/i;

type SectionKind =
  { kind: 'shinyFuture' } | { kind: 'statusQuo'; date: string | null } | { kind: 'target'; date: string } | { kind: 'ultimately' };

/**
 * The date written after a section name: `as of X`, `(as of X)`, `— as of X`,
 * `, as of X`, `as of: X` (with `by` for targets); a bare `(X)` or `— X` when
 * X parses as a date. '' when only the keyword is there (the missing date is
 * reported, not the section lost); null when the rest is not a date form.
 */
function dateAfterName(rest: string, keyword: RegExp): string | null {
  let text = rest.trim().replace(SEPARATOR, '');
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  const keywordMatch = keyword.exec(text);
  if (keywordMatch) return text.slice(keywordMatch[0].length).trim().replace(/\.$/, '');
  return text !== '' && parseFuzzyDate(text) !== null ? text : null;
}

function classifyHeading(text: string): SectionKind | null {
  const heading = text.replace(/\s*:\s*$/, '');
  if (SHINY_FUTURE.test(heading)) return { kind: 'shinyFuture' };
  if (ULTIMATELY.test(heading)) return { kind: 'ultimately' };
  const statusQuo = STATUS_QUO.exec(heading);
  if (statusQuo) {
    const rest = heading.slice(statusQuo[0].length);
    if (rest.trim() === '') return { kind: 'statusQuo', date: null };
    const date = dateAfterName(rest, AS_OF_WORD);
    return date === null ? null : { kind: 'statusQuo', date: date === '' ? null : date };
  }
  const whereBy = WHERE_WE_WANT_TO_BE.exec(heading);
  if (whereBy) {
    const date = dateAfterName(heading.slice(whereBy[0].length), BY_WORD);
    return date === null ? null : { kind: 'target', date };
  }
  const target = TARGET.exec(heading);
  if (target) {
    const rest = heading.slice(target[0].length);
    // `Target: <text>` names a target whatever the text: a date not understood is reported as one.
    const date = /^\s*:/.test(rest) ? rest.replace(/^\s*:\s*/, '') : dateAfterName(rest, BY_WORD);
    return date ? { kind: 'target', date } : null;
  }
  const by = BY.exec(heading);
  if (by) {
    const date = heading
      .slice(by[0].length)
      .replace(/^\s*:?\s*/, '')
      .replace(/\.$/, '');
    if (parseFuzzyDate(date) !== null) return { kind: 'target', date };
  }
  return null;
}

interface ReadSections {
  /** A heading of a known section was found: the page is a goal page. */
  recognised: boolean;
  /** A heading looks like a status quo or a target but was not understood: the page is read to say so. */
  unrecognised: boolean;
}

interface SectionHeading {
  index: number;
  depth: number;
  text: string;
  kind: SectionKind | null;
}

/**
 * Fills the node's sections from its level-2 and level-3 headings. A
 * section runs until the next heading as high as its own or the next
 * recognised one. Headings that look dated but are not understood get an
 * `unrecognised-heading` warning: a roadmap never loses a date silently.
 */
function readSections(topLevel: MdNode[], body: string, node: RoadmapNode, diagnostics: Diagnostic[]): ReadSections {
  const headings: SectionHeading[] = [];
  topLevel.forEach((block, index) => {
    if (block.type !== 'heading' || (block.depth ?? 1) < 2) return;
    const text = collapse(plainText(block));
    const depth = block.depth ?? 2;
    headings.push({ index, depth, text, kind: depth <= 3 ? classifyHeading(text) : null });
  });
  const statusQuos: { section: Section; asOf: FuzzyDate | null }[] = [];
  let unrecognised = false;
  let openSectionDepth = 0;
  for (const [position, heading] of headings.entries()) {
    const line = lineOf(topLevel[heading.index]) ?? 1;
    if (heading.depth <= openSectionDepth) openSectionDepth = 0;
    if (heading.kind === null) {
      const insideSection = openSectionDepth > 0;
      if (!NAMES_SECTION.test(heading.text) && (insideSection || !CARRIES_DATE.test(heading.text))) continue;
      unrecognised = true;
      diagnostics.push(unrecognisedHeading(heading, node, line));
      continue;
    }
    openSectionDepth = heading.depth;
    const end = headings.slice(position + 1).find((next) => next.depth <= heading.depth || next.kind !== null);
    const blocks = topLevel.slice(heading.index + 1, end?.index ?? topLevel.length);
    const section = sectionOf(blocks, body, node.file, line, `The section "${clip(heading.text)}"`, node.id, diagnostics);
    const kind = heading.kind;
    switch (kind.kind) {
      case 'shinyFuture':
        node.shinyFuture ??= section;
        break;
      case 'ultimately':
        node.ultimately ??= section;
        break;
      case 'statusQuo':
        statusQuos.push({ section, asOf: kind.date === null ? null : cachedFuzzyDate(kind.date) });
        break;
      case 'target':
        node.targets.push({ ...section, by: cachedFuzzyDate(kind.date) });
        break;
    }
  }
  node.statusQuo = newestStatusQuo(statusQuos, node, diagnostics);
  return { recognised: headings.some((heading) => heading.kind !== null), unrecognised };
}

function unrecognisedHeading(heading: SectionHeading, node: RoadmapNode, line: number): Diagnostic {
  const level = heading.depth > 3 ? ` It is a level-${heading.depth} heading; sections are level 2 or 3.` : '';
  return diagnostic(
    'warning',
    'unrecognised-heading',
    node.file,
    line,
    `The heading "${clip(heading.text)}" looks like a status quo or a target, but roadmap-bot does not understand it, so its date is not read.${level} Write it as one of: ${UNDERSTOOD_FORMS}; if it is neither, leave the date and those words out of the heading.`,
    node.id,
  );
}

/**
 * Two "Status quo" sections on one page: the newest (by the end of its
 * date) is the status quo, the first one when no date tells them apart; the
 * others are reported, since a stale one left behind misleads readers.
 */
function newestStatusQuo(
  statusQuos: { section: Section; asOf: FuzzyDate | null }[],
  node: RoadmapNode,
  diagnostics: Diagnostic[],
): StatusQuo | null {
  if (statusQuos.length === 0) return null;
  let chosen = statusQuos[0];
  for (const candidate of statusQuos.slice(1)) {
    if (isParsedDate(candidate.asOf) && (!isParsedDate(chosen.asOf) || candidate.asOf.end > chosen.asOf.end)) chosen = candidate;
  }
  const describe = (entry: { asOf: FuzzyDate | null; section: Section }): string =>
    `line ${entry.section.line}${entry.asOf ? ` (as of ${clip(entry.asOf.text)})` : ''}`;
  for (const other of statusQuos) {
    if (other === chosen) continue;
    diagnostics.push(
      diagnostic(
        'warning',
        'duplicate-section',
        node.file,
        other.section.line,
        `"${clip(node.id)}" has more than one "Status quo" section; roadmap-bot reads the newest, ${describe(chosen)}, and ignores ${describe(other)}. Merge them into one section, or rename the older one (e.g. "History").`,
        node.id,
      ),
    );
  }
  return { ...chosen.section, asOf: chosen.asOf };
}

/** A section's text is its blocks' Markdown, without HTML (an `<img>` is not text). */
function sectionOf(
  blocks: MdNode[],
  body: string,
  file: string,
  line: number,
  what: string,
  nodeId: string,
  diagnostics: Diagnostic[],
): Section {
  const textBlocks = blocks.filter((block) => block.type !== 'html');
  const placeholder = isPlaceholderText(textBlocks.map((block) => plainText(block)));
  if (placeholder) {
    diagnostics.push(placeholderDiagnostic(file, line, what, nodeId));
    return { text: '', file, line, placeholder };
  }
  const text = textBlocks
    .map((block) => sourceOf(block, body).trim())
    .filter((source) => source !== '')
    .join('\n\n');
  return { text, file, line, placeholder };
}

// ---------------------------------------------------------------- work items

function taskItems(tree: MdNode, scale: StatusScale, file: string, nodeId: string, diagnostics: Diagnostic[]): Item[] {
  const items: Item[] = [];
  const pending: MdNode[] = [tree];
  // Depth-first, in document order, without recursion (lists can nest deeply).
  while (pending.length > 0) {
    const current = pending.pop() as MdNode;
    if (current.type === 'listItem' && typeof current.checked === 'boolean') {
      const item = taskItem(current, current.checked, scale, file, nodeId, diagnostics);
      if (item) items.push(item);
    }
    const children = current.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
  return items;
}

function taskItem(
  listItem: MdNode,
  checked: boolean,
  scale: StatusScale,
  file: string,
  nodeId: string,
  diagnostics: Diagnostic[],
): Item | null {
  const paragraph = listItem.children?.find((child) => child.type === 'paragraph');
  if (!paragraph) return null;
  const codeSpans: MdNode[] = [];
  // Text and link targets in document order: where issue references can be.
  let referenceText = '';
  walkInline(paragraph, (node) => {
    if (node.type === 'inlineCode') codeSpans.push(node);
    else if (node.type === 'text') referenceText += node.value ?? '';
    else if (node.type === 'link' && node.url) referenceText += ` ${node.url} `;
  });
  // The last code span naming a known status sets it, wherever it stands;
  // failing that, a last span shaped like a misspelt status is taken as one, so it is reported.
  const statusSpan =
    [...codeSpans].reverse().find((span) => isKnownStatus((span.value ?? '').trim(), scale)) ?? misspeltStatusSpan(paragraph, scale);
  const label = collapse(plainText(paragraph, statusSpan));
  if (label === '') return null;
  return buildItem(
    {
      label,
      status: statusSpan ? (statusSpan.value ?? '').trim() : undefined,
      checked,
      issues: extractIssueRefs(referenceText),
      file,
      line: lineOf(listItem) ?? 1,
    },
    scale,
    nodeId,
    diagnostics,
  );
}

const STATUS_SHAPED = /^[a-z][a-z-]*$/i;
const ISSUE_REFERENCE_TEXT = /[\w.-]+\/[\w.-]+#\d+|#\d+/g;
const TRAILING_PUNCTUATION = /^[\s()[\],.;:!?—–-]*$/;

/**
 * ``- [ ] Parser `desing` ``: a code span closing the item (only issue
 * references or punctuation after it) that is one word resembling a known
 * status is a misspelt status, not code such as `async fn` or `none`.
 */
function misspeltStatusSpan(paragraph: MdNode, scale: StatusScale): MdNode | undefined {
  const inline = paragraph.children ?? [];
  let last = inline.length - 1;
  while (last >= 0 && inline[last].type !== 'inlineCode') last--;
  if (last < 0) return undefined;
  const closesItem = inline
    .slice(last + 1)
    .every(
      (child) =>
        child.type === 'link' ||
        (child.type === 'text' && TRAILING_PUNCTUATION.test((child.value ?? '').replace(ISSUE_REFERENCE_TEXT, ''))),
    );
  const text = (inline[last].value ?? '').trim();
  return closesItem && STATUS_SHAPED.test(text) && closestMatches(text, scale.order, 1).length > 0 ? inline[last] : undefined;
}

// ---------------------------------------------------------------- mdast text

export function walkInline(node: MdNode, visit: (node: MdNode) => void): void {
  const pending: MdNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop() as MdNode;
    visit(current);
    const children = current.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
}

/** The text a reader sees: HTML dropped, inline code kept in backticks, `skip` left out. */
export function plainText(node: MdNode, skip?: MdNode): string {
  let text = '';
  walkInline(node, (current) => {
    if (current === skip) return;
    if (current.type === 'text') text += current.value ?? '';
    else if (current.type === 'inlineCode') text += `\`${current.value ?? ''}\``;
    else if (current.type === 'code') text += `\n${current.value ?? ''}`;
    else if (current.type === 'break') text += ' ';
    else if (current.type === 'image') text += current.alt ?? '';
    else if (current.type === 'paragraph' || current.type === 'heading' || current.type === 'listItem') text += '\n';
  });
  return text;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function lineOf(node: MdNode | undefined): number | undefined {
  return node?.position?.start.line;
}

export function sourceOf(node: MdNode, body: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? plainText(node) : body.slice(start, end);
}
