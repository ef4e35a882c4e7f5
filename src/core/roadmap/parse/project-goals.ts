/**
 * Project-goals pages (SPEC §2.4), the format of rust-lang/rust-project-goals:
 * one Markdown page per goal whose title is followed by a `| Metadata | |`
 * table, in a period folder (`2025h2/`, `2026/`), with task tables as work
 * items and roadmap themes (`roadmap-*.md`) grouping the goals that name them.
 *
 * Structure comes from mdast with GFM tables; only cell and heading *text* is
 * matched with small regular expressions. Pure and total: bad input gives
 * diagnostics, never an exception.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Diagnostic, FuzzyDate, IssueRef, Item, RoadmapNode, Section, SourceFile } from '../../model/model.js';
import { defaultStatusScale } from '../../model/statuses.js';
import { diagnostic } from '../../model/diagnostics.js';
import {
  buildItem,
  cachedFuzzyDate,
  emptyNode,
  extractIssueRefs,
  fileStem,
  guarded,
  isPlaceholderText,
  noteRequiresLine,
  placeholderDiagnostic,
  withoutByteOrderMark,
  type RequiresLines,
} from './common.js';
import { collapse, lineOf, plainText, sourceOf, walkInline, type MdNode } from './markdown.js';
import { markdownNestingDiagnostic } from './nesting.js';

export interface ProjectGoals {
  /** Goals and themes, in the order of the files given. */
  nodes: RoadmapNode[];
  diagnostics: Diagnostic[];
  /** Where each theme's requires (the goals' `Roadmap` rows) are written. */
  requiresLines: RequiresLines;
  /** Paths read as project-goals pages (skipped ones included): no other Markdown reader takes them. */
  claimed: Set<string>;
}

/** A cheap look for the metadata table's header before any Markdown is parsed: most goal pages have none. */
const METADATA_HEADER = /^ {0,3}\|?\s*Metadata\s*\|/im;

/** Reads the project-goals pages among `files`; the others are left for the goal-page reader. */
export function parseProjectGoals(files: SourceFile[], onFile: (path: string) => void = () => undefined): ProjectGoals {
  const diagnostics: Diagnostic[] = [];
  const claimed = new Set<string>();
  const pages: Page[] = [];
  for (const file of files) {
    if (!METADATA_HEADER.test(file.content)) continue;
    onFile(file.path);
    const tooComplex = markdownNestingDiagnostic(file.path, file.content);
    if (tooComplex !== null) {
      claimed.add(file.path);
      diagnostics.push(tooComplex);
      continue;
    }
    const page = guarded(file.path, 'project-goals page', diagnostics, () => readPage(file));
    if (page === null) continue;
    claimed.add(file.path);
    if (page.notAccepted) continue;
    diagnostics.push(...page.diagnostics);
    pages.push(page);
  }
  const current = latestPeriodPages(pages, diagnostics);
  const requiresLines: RequiresLines = new Map();
  linkThemes(current, diagnostics, requiresLines);
  return { nodes: current.map((page) => page.node), diagnostics, requiresLines, claimed };
}

interface RoadmapRef {
  name: string;
  /** The stem of a linked page (`./roadmap-just-add-async.md` → `roadmap-just-add-async`). */
  stem: string | null;
  line: number;
}

interface Page {
  node: RoadmapNode;
  shortTitle: string | null;
  /** No `Status` row: a roadmap theme when named or called `roadmap-*`. */
  hasStatus: boolean;
  notAccepted: boolean;
  period: Period | null;
  roadmaps: RoadmapRef[];
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------- one page

const EXTENSIONS = {
  extensions: [gfmTable(), gfmStrikethrough()],
  mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown()],
};

/** The page, or null when its title is not followed by a metadata table (then it is some other Markdown). */
function readPage(file: SourceFile): Page | null {
  const body = withoutByteOrderMark(file.content);
  const tree = fromMarkdown(body, EXTENSIONS) as MdNode;
  const blocks = tree.children ?? [];
  const titleIndex = blocks.findIndex((block) => block.type === 'heading');
  if (titleIndex < 0 || (blocks[titleIndex].depth ?? 7) > 2) return null;
  const metadata = blocks.slice(titleIndex + 1).find((block) => block.type !== 'html' && block.type !== 'blockquote');
  if (!metadata || !isMetadataTable(metadata)) return null;

  const diagnostics: Diagnostic[] = [];
  const id = fileStem(file.path);
  const title = collapse(plainText(blocks[titleIndex]));
  const node = emptyNode(id, title || id, 'group', file.path, lineOf(blocks[titleIndex]) ?? 1);
  const rows = metadataRows(metadata);
  const value = (key: string): MetadataRow | undefined => rows.find((row) => row.key === key);

  const status = value('status');
  const shortTitle = value('short title')?.text || null;
  const period = pagePeriod(file.path, value('timespan'), id, diagnostics);
  node.owners = mentions(value('point of contact')?.cell);
  const tracking = [value('tracking issue'), value('other tracking issues')].flatMap((row) => (row ? issueRefs(row.cell) : []));
  if (tracking.length > 0) node.issues = tracking;

  const roadmaps: RoadmapRef[] = [];
  for (const table of blocks.filter(isMetadataTable)) {
    for (const row of metadataRows(table)) if (row.key === 'roadmap' && row.text !== '') roadmaps.push(roadmapRef(row));
  }

  readSections(blocks, body, node, period, diagnostics);
  node.items = taskRows(blocks, node, diagnostics);
  for (const owner of node.items.length > 0 ? taskOwners(blocks) : []) if (!node.owners.includes(owner)) node.owners.push(owner);
  return {
    node,
    shortTitle,
    hasStatus: status !== undefined,
    notAccepted: status !== undefined && status.text.toLowerCase() === 'not accepted',
    period,
    roadmaps,
    diagnostics,
  };
}

interface MetadataRow {
  /** Lower case, collapsed. */
  key: string;
  text: string;
  cell: MdNode;
  line: number;
}

function isMetadataTable(block: MdNode): boolean {
  const header = block.type === 'table' ? block.children?.[0]?.children?.[0] : undefined;
  return header !== undefined && cellText(header).toLowerCase() === 'metadata';
}

function metadataRows(table: MdNode): MetadataRow[] {
  return (table.children ?? []).slice(1).flatMap((row) => {
    const [keyCell, valueCell] = row.children ?? [];
    if (!keyCell || !valueCell) return [];
    return [{ key: cellText(keyCell).toLowerCase(), text: cellText(valueCell), cell: valueCell, line: lineOf(row) ?? 1 }];
  });
}

/** A cell as a reader sees it: text, code, and the alt text of badges like `![Complete][]`. */
function cellText(cell: MdNode): string {
  let text = '';
  walkInline(cell, (node) => {
    if (node.type === 'text') text += node.value ?? '';
    else if (node.type === 'inlineCode') text += `\`${node.value ?? ''}\``;
    else if (node.type === 'image' || node.type === 'imageReference') text += ` ${node.alt ?? ''} `;
  });
  return collapse(text);
}

/** Text and link targets, where issue references can be; a link to an issue counts once, not again for its text. */
function issueRefs(cell: MdNode): IssueRef[] {
  let text = '';
  const pending: MdNode[] = [cell];
  while (pending.length > 0) {
    const node = pending.pop() as MdNode;
    if (node.type === 'text' || node.type === 'inlineCode') text += ` ${node.value ?? ''} `;
    if (node.type === 'link' && extractIssueRefs(node.url ?? '').length > 0) {
      text += ` ${node.url} `;
      continue;
    }
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
  return extractIssueRefs(text);
}

const LOGIN = /(?<![A-Za-z0-9_.-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/g;

/** GitHub logins written `@login`, without the `@`, in order, once each. */
function mentions(cell: MdNode | undefined): string[] {
  if (!cell) return [];
  let text = '';
  walkInline(cell, (node) => {
    if (node.type === 'text') text += ` ${node.value ?? ''} `;
  });
  const logins: string[] = [];
  for (const match of text.matchAll(LOGIN)) {
    const login = match[1].replace(/-+$/, '');
    if (!logins.includes(login)) logins.push(login);
  }
  return logins;
}

function roadmapRef(row: MetadataRow): RoadmapRef {
  let stem: string | null = null;
  walkInline(row.cell, (node) => {
    const path = node.type === 'link' ? (node.url ?? '').split(/[?#]/)[0] : '';
    if (stem === null && /\.md$/i.test(path)) stem = fileStem(path);
  });
  return { name: row.text, stem, line: row.line };
}

// ---------------------------------------------------------------- period

interface Period {
  /** The status quo is as of the period's first month. */
  start: FuzzyDate;
  /** The goal is due at the end of its period, or of its `Timespan`. */
  end: FuzzyDate;
  /** The `Timespan` row that set the end; null when the folder alone did. */
  line: number | null;
}

const MONTHS = ['January', 'July'];
const HALF_FOLDER = /^(\d{4})h([12])$/i;
const YEAR_FOLDER = /^(\d{4})$/;
const TIMESPAN = /^(\d{4})(?:\s*(?:-|–|—|to)\s*(\d{4}))?$/i;

function pagePeriod(path: string, timespan: MetadataRow | undefined, id: string, diagnostics: Diagnostic[]): Period | null {
  const segments = path.split('/');
  const folder = segments.length > 1 ? segments[segments.length - 2] : '';
  const half = HALF_FOLDER.exec(folder);
  const year = YEAR_FOLDER.exec(folder);
  let period: Period | null = null;
  if (half) {
    period = {
      start: cachedFuzzyDate(`${MONTHS[Number(half[2]) - 1]} ${half[1]}`),
      end: cachedFuzzyDate(folder.toLowerCase()),
      line: null,
    };
  } else if (year) {
    period = { start: cachedFuzzyDate(`January ${year[1]}`), end: cachedFuzzyDate(year[1]), line: null };
  }
  if (!timespan || timespan.text === '') return period;
  const span = TIMESPAN.exec(timespan.text);
  if (!span || (span[2] !== undefined && span[2] < span[1])) {
    diagnostics.push(
      diagnostic(
        'warning',
        'unparseable-date',
        path,
        timespan.line,
        `Timespan "${timespan.text.slice(0, 120)}" is not a year or a range of years; write it like \`2026-2028\`.`,
        id,
      ),
    );
    return period;
  }
  const end = cachedFuzzyDate(span[2] ?? span[1]);
  return { start: period?.start ?? cachedFuzzyDate(`January ${span[1]}`), end, line: timespan.line };
}

// ---------------------------------------------------------------- sections

const STATUS_QUO = /^the status quo$/i;
/** Goals say `The "shiny future" we are working towards`; themes `What we are shooting for`. */
const SHINY_FUTURE = /^(?:the ["“”']?shiny future["“”']? we are working towards?|what we are shooting for)$/i;
const SUMMARY = /^summary$/i;

function readSections(blocks: MdNode[], body: string, node: RoadmapNode, period: Period | null, diagnostics: Diagnostic[]): void {
  let summary: Section | null = null;
  for (let index = 0; index < blocks.length; index++) {
    const heading = blocks[index];
    if (heading.type !== 'heading') continue;
    const text = collapse(plainText(heading)).replace(/\s*:$/, '');
    const kind = STATUS_QUO.test(text) ? 'statusQuo' : SHINY_FUTURE.test(text) ? 'shinyFuture' : SUMMARY.test(text) ? 'summary' : null;
    if (kind === null) continue;
    const depth = heading.depth ?? 6;
    const content: MdNode[] = [];
    for (let next = index + 1; next < blocks.length; next++) {
      if (blocks[next].type === 'heading' && (blocks[next].depth ?? 6) <= depth) break;
      content.push(blocks[next]);
    }
    const section = sectionOf(content, body, node, lineOf(heading) ?? 1, `The section "${text}"`, diagnostics);
    if (kind === 'statusQuo') node.statusQuo ??= { ...section, asOf: period ? { ...period.start } : null };
    else if (kind === 'shinyFuture') node.shinyFuture ??= section;
    else summary ??= section;
  }
  // The period is the goal's one target; its summary says what it will have done by then.
  if (period === null) return;
  const line = period.line ?? node.line;
  node.targets.push({ ...(summary ?? { text: '', file: node.file, placeholder: false }), line, by: { ...period.end } });
}

function sectionOf(content: MdNode[], body: string, node: RoadmapNode, line: number, what: string, diagnostics: Diagnostic[]): Section {
  const textBlocks = content.filter((block) => block.type !== 'html');
  const placeholder = isPlaceholderText(textBlocks.map((block) => plainText(block)));
  if (placeholder) {
    diagnostics.push(placeholderDiagnostic(node.file, line, what, node.id));
    return { text: '', file: node.file, line, placeholder };
  }
  const text = textBlocks
    .map((block) => sourceOf(block, body).trim())
    .filter((source) => source !== '')
    .join('\n\n');
  return { text, file: node.file, line, placeholder };
}

// ---------------------------------------------------------------- task tables

/** `Done`, `Complete`, or the badge `![Complete][]` (literal text when the page lacks the badge's definition). */
const DONE_CELL = /^(?:!\[\s*)?(?:done|complete|completed)(?:\s*\]\[\])?$/i;
const DONE_MARK = '✅';

interface TaskTable {
  rows: MdNode[];
  ownerColumn: number;
}

/** Tables headed `| Task | Owner(s) … |`, wherever they stand (work items, ownership, "the next 6 months"). */
function taskTables(blocks: MdNode[]): TaskTable[] {
  return blocks.flatMap((block) => {
    if (block.type !== 'table') return [];
    const header = (block.children?.[0]?.children ?? []).map((cell) => cellText(cell).toLowerCase());
    const ownerColumn = header.findIndex((text) => text.startsWith('owner'));
    if (header[0] !== 'task' || ownerColumn < 0) return [];
    return [{ rows: (block.children ?? []).slice(1), ownerColumn }];
  });
}

function taskRows(blocks: MdNode[], node: RoadmapNode, diagnostics: Diagnostic[]): Item[] {
  const scale = defaultStatusScale();
  const items: Item[] = [];
  for (const table of taskTables(blocks)) {
    for (const row of table.rows) {
      const cells = row.children ?? [];
      const label = cells[0] ? cellText(cells[0]).replace(DONE_MARK, '').trim() : '';
      if (label === '') continue;
      const texts = cells.map(cellText);
      const done = texts.some((text, index) => text.includes(DONE_MARK) || (index > 0 && DONE_CELL.test(text)));
      const draft = { label, checked: done, issues: cells.flatMap(issueRefs), file: node.file, line: lineOf(row) ?? node.line };
      items.push(buildItem(draft, scale, node.id, diagnostics));
    }
  }
  return items;
}

function taskOwners(blocks: MdNode[]): string[] {
  return taskTables(blocks).flatMap((table) => table.rows.flatMap((row) => mentions(row.children?.[table.ownerColumn])));
}

// ---------------------------------------------------------------- periods and themes

const periodEnd = (page: Page): string => (page.period?.end.end ?? '') + page.node.file;

/**
 * A continuing goal keeps its file name from period to period: it is one
 * goal (one label), read from its latest period's page; the older pages are
 * its history, noted once each.
 */
function latestPeriodPages(pages: Page[], diagnostics: Diagnostic[]): Page[] {
  const latest = new Map<string, Page>();
  for (const page of pages) {
    if (page.period === null) continue;
    const other = latest.get(page.node.id);
    if (!other || periodEnd(page) > periodEnd(other)) latest.set(page.node.id, page);
  }
  return pages.filter((page) => {
    const current = latest.get(page.node.id);
    if (page.period === null || current === undefined || current === page) return true;
    diagnostics.push(
      diagnostic(
        'info',
        'duplicate-id',
        page.node.file,
        page.node.line,
        `"${page.node.id}" continues in ${current.node.file}: the latest period's page is the goal, this one is its history.`,
        page.node.id,
      ),
    );
    return false;
  });
}

/** Themes become top goals requiring every goal whose `Roadmap` rows name them (by link, short title or title). */
function linkThemes(pages: Page[], diagnostics: Diagnostic[], requiresLines: RequiresLines): void {
  const candidates = pages.filter((page) => !page.hasStatus);
  const byStem = new Map(candidates.map((page) => [page.node.id.toLowerCase(), page]));
  const byName = new Map<string, Page>();
  for (const page of candidates) {
    for (const name of [page.shortTitle, page.node.title]) {
      const key = name?.toLowerCase();
      if (key && !byName.has(key)) byName.set(key, page);
    }
  }
  const themes = new Set(candidates.filter((page) => page.node.id.toLowerCase().startsWith('roadmap-')));
  for (const goal of pages) {
    for (const ref of goal.roadmaps) {
      const theme = (ref.stem === null ? undefined : byStem.get(ref.stem.toLowerCase())) ?? byName.get(ref.name.toLowerCase());
      if (theme === undefined || theme === goal) {
        diagnostics.push(
          diagnostic(
            'warning',
            'unknown-requires',
            goal.node.file,
            ref.line,
            `Roadmap "${ref.name.slice(0, 120)}" names no roadmap theme among the roadmap files (a page without a Status row, like roadmap-*.md); add the theme's page to roadmap.paths or fix the name.`,
            goal.node.id,
          ),
        );
        continue;
      }
      themes.add(theme);
      if (theme.node.requires.includes(goal.node.id)) continue;
      theme.node.requires.push(goal.node.id);
      noteRequiresLine(requiresLines, theme.node, goal.node.id, { file: goal.node.file, line: ref.line });
    }
  }
  for (const theme of themes) theme.node.kind = 'goal';
}
