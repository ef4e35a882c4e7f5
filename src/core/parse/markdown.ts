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
import { parseFuzzyDate } from '../dates.js';
import type { Diagnostic, Item, RoadmapNode, Section, SourceFile, StatusScale } from '../model.js';
import { isKnownStatus } from '../statuses.js';
import {
  applyNodeStatus,
  buildItem,
  cachedFuzzyDate,
  diagnostic,
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
import { markdownNestingProblem } from './nesting.js';
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

/** The slice of the mdast shape this module reads. */
interface MdNode {
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

  const nesting = markdownNestingProblem(frontMatter.body);
  if (nesting !== null) {
    const message = `This page is too complex to read: ${nesting.message}. It is skipped; flatten the nesting.`;
    return { page: null, diagnostics: [diagnostic('warning', 'too-complex', file.path, nesting.line, message)], requiresLines: new Map() };
  }
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
    frontMatter.kind !== 'absent' || isGoalTitle(title) || sections.recognised || options.treeStems.has(stem);
  if (!isGoalPage) return { page: null, diagnostics: [], requiresLines: new Map() };

  node.title = title || id;
  node.kind = isGoalTitle(node.title) ? 'goal' : 'group';
  node.items = [...node.items, ...pageItems];
  return { page: { node, group, hasTitle: title !== '' }, diagnostics, requiresLines };
}

// ---------------------------------------------------------------- front matter

type FrontMatter =
  | { kind: 'absent'; body: string }
  | { kind: 'unclosed'; body: string }
  | { kind: 'present'; yaml: string; body: string };

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
// "as of" / "by" with nothing after them still name the section: the missing date is reported, not the section lost.
const STATUS_QUO = /^status quo(?:\s+as\s+of(?:\s+(.*))?)?$/i;
const WHERE_BY = /^where we want to be by(?:\s+(.*))?$/i;
const TARGET = /^target:\s*(.+)$/i;
const BY = /^by\s+(.+)$/i;
const ULTIMATELY = /^where we want to ultimately be$/i;

type SectionKind =
  | { kind: 'shinyFuture' }
  | { kind: 'statusQuo'; date: string | null }
  | { kind: 'target'; date: string }
  | { kind: 'ultimately' };

function classifyHeading(text: string): SectionKind | null {
  const heading = text.replace(/\s*:\s*$/, '');
  if (SHINY_FUTURE.test(heading)) return { kind: 'shinyFuture' };
  if (ULTIMATELY.test(heading)) return { kind: 'ultimately' };
  const statusQuo = STATUS_QUO.exec(heading);
  if (statusQuo) return { kind: 'statusQuo', date: statusQuo[1]?.trim() || null };
  const target = WHERE_BY.exec(heading) ?? TARGET.exec(heading);
  if (target) return { kind: 'target', date: target[1]?.trim() ?? '' };
  const by = BY.exec(heading);
  if (by && parseFuzzyDate(by[1]) !== null) return { kind: 'target', date: by[1].trim() };
  return null;
}

/** Fills the node's sections from the level-2 headings; tells whether any was recognised. */
function readSections(topLevel: MdNode[], body: string, node: RoadmapNode, diagnostics: Diagnostic[]): { recognised: boolean } {
  let recognised = false;
  for (let index = 0; index < topLevel.length; index++) {
    const heading = topLevel[index];
    if (heading.type !== 'heading' || heading.depth !== 2) continue;
    const headingText = collapse(plainText(heading));
    const kind = classifyHeading(headingText);
    if (!kind) continue;
    recognised = true;
    const blocks: MdNode[] = [];
    for (let next = index + 1; next < topLevel.length; next++) {
      const block = topLevel[next];
      if (block.type === 'heading' && (block.depth ?? 7) <= 2) break;
      blocks.push(block);
    }
    const section = sectionOf(blocks, body, node.file, lineOf(heading) ?? 1, `The section "${headingText}"`, node.id, diagnostics);
    switch (kind.kind) {
      case 'shinyFuture':
        node.shinyFuture ??= section;
        break;
      case 'ultimately':
        node.ultimately ??= section;
        break;
      case 'statusQuo':
        node.statusQuo ??= { ...section, asOf: kind.date === null ? null : cachedFuzzyDate(kind.date) };
        break;
      case 'target':
        node.targets.push({ ...section, by: cachedFuzzyDate(kind.date) });
        break;
    }
  }
  return { recognised };
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
  // The last code span naming a known status sets it, wherever it stands.
  const statusSpan = [...codeSpans].reverse().find((span) => isKnownStatus((span.value ?? '').trim(), scale));
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

// ---------------------------------------------------------------- mdast text

function walkInline(node: MdNode, visit: (node: MdNode) => void): void {
  const pending: MdNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop() as MdNode;
    visit(current);
    const children = current.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
}

/** The text a reader sees: HTML dropped, inline code kept in backticks, `skip` left out. */
function plainText(node: MdNode, skip?: MdNode): string {
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

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function lineOf(node: MdNode | undefined): number | undefined {
  return node?.position?.start.line;
}

function sourceOf(node: MdNode, body: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? plainText(node) : body.slice(start, end);
}
