/**
 * The pull-request review comment (SPEC §5): one comment per PR, found again
 * by `REVIEW_MARKER`, readable at a glance — a one-line verdict, then target
 * dates, status quos, structure, new diagnostics — and never longer than
 * GitHub accepts.
 */
import { ageInDays, formatDuration, isParsedDate } from '../model/dates.js';
import type { Drift, Finding } from './drift.js';
import { isInSection, unhandledKind, type FindingKind, type FindingKindIn, type FindingSection } from './findings.js';
import { MAX_BODY_CHARACTERS } from '../model/github-limits.js';
import { goalLabelName } from '../model/labels.js';
import { nodeIndex, type Diagnostic, type DiagnosticCode, type RoadmapNode, type Severity } from '../model/model.js';
import { isUnreadFileNotice } from '../roadmap/roadmap.js';
import { itemProgress } from '../model/statuses.js';
import { escapeCell, escapeInline, escapeLinkText, MAX_MESSAGE_TEXT } from '../markdown/escape.js';
import { blobUrl, fileLineLink, link } from '../markdown/links.js';
import { barChange, dayCount, detailsFrame, inlineCode, plural, signedDays, tableHeader, tableRow } from '../markdown/format.js';

export const REVIEW_MARKER = '<!-- roadmap-bot:pr-review -->';

const DEFAULT_CONFIG_FILE = '.github/roadmap-bot.yml';

export interface ReviewContext {
  /** `https://github.com/owner/name` (or the GHE equivalent). */
  repoUrl: string;
  headSha: string;
  configProblems?: { key: string; message: string; line?: number }[];
  /** Default `.github/roadmap-bot.yml`. */
  configFile?: string;
  /** Default 65536, GitHub's limit. */
  maxLength?: number;
  /** The goal label prefix (`labels.prefix`). */
  labelPrefix: string;
}

export function renderNoRoadmapChanges(context: { headSha: string }): string {
  return [
    REVIEW_MARKER,
    `✅ As of ${shortSha(context.headSha)} this pull request no longer changes the roadmap, so there is no roadmap drift to review.`,
  ].join(SECTION_BREAK);
}

export function renderReview(drift: Drift, context: ReviewContext): string {
  const view = new ReviewView(drift, context);
  const diagnostics = view.diagnosticsToList();
  const configProblems = context.configProblems ?? [];
  const unread = diagnostics.filter(isUnreadFileNotice);
  const blocks = [
    paragraph(view.verdict(diagnostics, configProblems.length)),
    view.unreadFilesNotice(unread),
    view.targetTable(),
    view.statusQuoTable(),
    view.structureList(),
    paragraph(view.untouchedSummary()),
    view.configSection(configProblems),
    view.diagnosticsDetails(diagnostics.filter((diagnostic) => !isUnreadFileNotice(diagnostic))),
    paragraph(`<sub>roadmap-bot · head ${shortSha(context.headSha)} · as of ${escapeInline(drift.now)}</sub>`),
  ].filter((block): block is Block => block !== null);
  return assemble(blocks, context.maxLength ?? MAX_BODY_CHARACTERS);
}

// ---- layout and truncation -------------------------------------------------

/** A section: `head`, then one row per finding, then `tail`. Cut only between rows; a `pinned` one is never cut. */
interface Block {
  head: string;
  rows: string[];
  tail: string;
  pinned?: boolean;
}

/** A section with one row per finding; none when there is nothing to list. */
function section(head: string, rows: string[], tail = ''): Block | null {
  return rows.length > 0 ? { head, rows, tail } : null;
}

function paragraph(text: string): Block | null {
  return text === '' ? null : { head: text, rows: [], tail: '' };
}

function blockText(block: Block, rows = block.rows): string {
  return `${block.head}${rows.join('\n')}${block.tail}`;
}

const SECTION_BREAK = '\n\n';

function omittedNotice(count: number): string {
  return `…and ${plural(count, 'more finding')} not shown: the comment would pass GitHub's size limit. Run \`roadmap-bot diff\` for the full review.`;
}

/**
 * The marker, then every block while they fit; past `maxLength` the comment
 * stops at a row or section boundary and says how many rows it left out.
 * Room is kept for the pinned blocks (notices that must not be lost), which
 * are always shown whole unless they alone would not fit.
 */
function assemble(blocks: Block[], maxLength: number): string {
  const full = [REVIEW_MARKER, ...blocks.map((block) => blockText(block))].join(SECTION_BREAK);
  if (full.length <= maxLength) return full;

  const rowCount = (list: Block[]) => list.reduce((sum, block) => sum + block.rows.length, 0);
  const budget = maxLength - SECTION_BREAK.length - omittedNotice(rowCount(blocks)).length;
  const pinnedLength = (block: Block) => (block.pinned ? SECTION_BREAK.length + blockText(block).length : 0);
  let reserved = blocks.reduce((sum, block) => sum + pinnedLength(block), 0);
  const pinning = REVIEW_MARKER.length + reserved <= budget;
  if (!pinning) reserved = 0;
  let text = REVIEW_MARKER;
  let shownRows = 0;
  let cut = false;
  for (const block of blocks) {
    if (block.pinned && pinning) {
      text += SECTION_BREAK + blockText(block);
      reserved -= pinnedLength(block);
      continue;
    }
    if (cut) continue;
    const room = budget - reserved;
    const rows: string[] = [];
    for (const row of block.rows) {
      if (text.length + SECTION_BREAK.length + blockText(block, [...rows, row]).length > room) break;
      rows.push(row);
    }
    const complete = rows.length === block.rows.length;
    if ((rows.length === 0 && !complete) || text.length + SECTION_BREAK.length + blockText(block, rows).length > room) {
      cut = true;
      continue;
    }
    text += SECTION_BREAK + blockText(block, rows);
    shownRows += rows.length;
    if (!complete) cut = true;
  }
  const omitted = rowCount(pinning ? blocks.filter((block) => !block.pinned) : blocks) - shownRows;
  return omitted > 0 && text.length + SECTION_BREAK.length + omittedNotice(omitted).length <= maxLength
    ? text + SECTION_BREAK + omittedNotice(omitted)
    : text;
}

// ---- content ---------------------------------------------------------------

/** Diagnostics a finding already shows for the same node: listing them twice would be noise. */
const SHOWN_AS_FINDING: Partial<Record<DiagnosticCode, FindingKind>> = {
  'overdue-target': 'target-overdue',
  'schedule-conflict': 'schedule-conflict',
  'stale-status-quo': 'status-quo-stale',
  'status-quo-in-future': 'status-quo-in-future',
};

const SEVERITY_ICONS: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** Unread files named in the pinned notice; it must stay small enough never to be cut. */
const UNREAD_FILES_SHOWN = 5;

function shortSha(sha: string): string {
  return inlineCode(sha.slice(0, 7));
}

function days(finding: Finding): number {
  return finding.days ?? 0;
}

function orDash(text: string | null): string {
  return text === null || text === '' ? '—' : escapeCell(text);
}

class ReviewView {
  private readonly headNodes: Map<string, RoadmapNode>;
  private readonly baseNodes: Map<string, RoadmapNode>;

  constructor(
    private readonly drift: Drift,
    private readonly context: ReviewContext,
  ) {
    this.headNodes = nodeIndex(drift.head);
    this.baseNodes = nodeIndex(drift.base);
  }

  private count(kind: FindingKind, test: (finding: Finding) => boolean = () => true): number {
    return this.drift.findings.filter((finding) => finding.kind === kind && test(finding)).length;
  }

  private of<S extends FindingSection>(section: S): (Finding & { kind: FindingKindIn<S> })[] {
    return this.drift.findings.filter((finding): finding is Finding & { kind: FindingKindIn<S> } => isInSection(finding.kind, section));
  }

  private title(id: string): string {
    const node = this.headNodes.get(id) ?? this.baseNodes.get(id);
    return node && node.title.trim() !== '' ? node.title : id;
  }

  private url(file: string, line: number): string {
    return blobUrl(this.context.repoUrl, this.context.headSha, file, line);
  }

  /** The node's title linked to a place at the head: the finding's, or the node's own. */
  private nodeLink(id: string, at?: { file: string; line: number }): string {
    const node = this.headNodes.get(id);
    const place = at ?? node;
    return place ? link(escapeLinkText(this.title(id)), this.url(place.file, place.line)) : escapeCell(this.title(id));
  }

  /** Lines of a removed target belong to the base: link the node at the head instead. */
  private findingNodeLink(finding: Finding): string {
    return finding.kind === 'target-removed' ? this.nodeLink(finding.node) : this.nodeLink(finding.node, finding);
  }

  diagnosticsToList(): Diagnostic[] {
    const shown = new Set(this.drift.findings.map((finding) => `${finding.kind}\u0000${finding.node}`));
    return this.drift.newDiagnostics.filter((diagnostic) => {
      const kind = SHOWN_AS_FINDING[diagnostic.code];
      return !kind || !shown.has(`${kind}\u0000${diagnostic.node ?? ''}`);
    });
  }

  verdict(diagnostics: Diagnostic[], configProblems: number): string {
    const bySeverity = (severity: Severity): number => diagnostics.filter((d) => d.severity === severity).length;
    const errors = bySeverity('error');
    const counted = (count: number, phrase: (n: number) => string): string[] => (count > 0 ? [phrase(count)] : []);
    const attention = [
      ...counted(errors, (n) => plural(n, 'new error')),
      ...counted(this.count('target-slipped'), (n) => `${plural(n, 'target')} slipped`),
      ...counted(this.count('target-overdue'), (n) => plural(n, 'overdue target')),
      ...counted(this.count('schedule-conflict'), (n) => plural(n, 'schedule conflict')),
      ...counted(
        this.count('item-status-changed', (f) => f.backwards === true),
        (n) => `${plural(n, 'item')} moved backwards`,
      ),
      ...counted(this.count('status-quo-text-changed-date-unchanged'), (n) => `${plural(n, 'status quo')} edited without re-dating`),
      ...counted(this.count('status-quo-date-backwards'), (n) => `${plural(n, 'status quo date')} moved back`),
      ...counted(this.count('status-quo-in-future'), (n) => `${plural(n, 'status quo')} dated in the future`),
      ...counted(this.count('status-quo-stale'), (n) => plural(n, 'stale status quo')),
      ...counted(
        this.count('node-removed', (f) => (f.openIssues ?? 0) > 0),
        (n) => `${plural(n, 'removed node')} still labelling open issues`,
      ),
      ...counted(bySeverity('warning'), (n) => plural(n, 'new warning')),
      ...counted(configProblems, (n) => plural(n, 'configuration problem')),
    ];
    const information = [
      ...counted(this.count('target-pulled-in'), (n) => `${plural(n, 'target')} pulled in`),
      ...counted(this.count('target-added'), (n) => `${plural(n, 'target')} added`),
      ...counted(this.count('target-removed'), (n) => `${plural(n, 'target')} removed`),
      ...counted(this.count('status-quo-redated'), (n) => `${plural(n, 'status quo')} re-dated`),
      ...counted(this.count('node-added'), (n) => `${plural(n, 'node')} added`),
      ...counted(
        this.count('node-removed', (f) => (f.openIssues ?? 0) === 0),
        (n) => `${plural(n, 'node')} removed`,
      ),
      ...counted(this.count('requires-changed'), (n) => `requirements of ${plural(n, 'node')} changed`),
      ...counted(
        this.count('item-status-changed', (f) => f.backwards !== true),
        (n) => `${plural(n, 'item')} changed status`,
      ),
      ...counted(bySeverity('info'), (n) => plural(n, 'new note')),
    ];
    const also = information.length > 0 ? ` · ${information.join(', ')}` : '';
    if (attention.length === 0) return `✅ No drift${also}`;
    const [first, ...rest] = attention;
    return `${errors > 0 ? '❌' : '⚠️'} **${first}**${rest.map((part) => `, ${part}`).join('')}${also}`;
  }

  targetTable(): Block | null {
    const rows = this.of('targets').map((finding) =>
      tableRow([this.findingNodeLink(finding), orDash(finding.before), orDash(finding.after), this.targetDrift(finding)]),
    );
    return section(`### Target dates\n\n${tableHeader(['Node', 'Before', 'After', 'Drift'])}\n`, rows);
  }

  private targetDrift(finding: Finding & { kind: FindingKindIn<'targets'> }): string {
    switch (finding.kind) {
      case 'target-slipped':
        return `⚠️ slipped ${signedDays(days(finding))}`;
      case 'target-pulled-in':
        return `✅ pulled in ${dayCount(days(finding))}`;
      case 'target-added':
        return '➕ new target';
      case 'target-removed':
        return '➖ target removed';
      case 'target-overdue':
        return `⏰ overdue by ${formatDuration(days(finding))}`;
      case 'schedule-conflict':
        return `⚠️ due ${formatDuration(days(finding))} after ${this.nodeLink(finding.requiredBy ?? '')}, which requires it`;
      default:
        return unhandledKind(finding.kind);
    }
  }

  statusQuoTable(): Block | null {
    const rows = this.of('status-quo').map((finding) =>
      tableRow([this.nodeLink(finding.node, finding), this.asOf(finding), this.age(finding.node), this.statusQuoFinding(finding)]),
    );
    return section(`### Status quo\n\n${tableHeader(['Node', 'As of', 'Age', 'Finding'])}\n`, rows);
  }

  private asOf(finding: Finding): string {
    const moved = finding.kind === 'status-quo-redated' || finding.kind === 'status-quo-date-backwards';
    return moved ? `${orDash(finding.before)} → ${orDash(finding.after)}` : orDash(finding.after);
  }

  private age(id: string): string {
    const asOf = this.headNodes.get(id)?.statusQuo?.asOf;
    return isParsedDate(asOf) ? formatDuration(ageInDays(asOf, this.drift.now)) : '—';
  }

  private statusQuoFinding(finding: Finding & { kind: FindingKindIn<'status-quo'> }): string {
    switch (finding.kind) {
      case 'status-quo-stale':
        return '🕰️ stale: say where things stand today and re-date it';
      case 'status-quo-text-changed-date-unchanged':
        return '✏️ text edited but the date did not move: re-date it?';
      case 'status-quo-redated':
        return finding.days === undefined ? '✅ dated' : `✅ re-dated ${signedDays(finding.days)}`;
      case 'status-quo-date-backwards':
        return `⚠️ date moved back ${dayCount(days(finding))}`;
      case 'status-quo-in-future':
        return '⚠️ dated in the future';
      default:
        return unhandledKind(finding.kind);
    }
  }

  structureList(): Block | null {
    const rows: string[] = [];
    for (const finding of this.of('structure')) {
      rows.push(this.structureRow(finding));
    }
    return section('### Structure\n\n', rows);
  }

  private structureRow(finding: Finding & { kind: FindingKindIn<'structure'> }): string {
    switch (finding.kind) {
      case 'node-added':
        return `- ➕ Added ${this.nodeLink(finding.node, finding)} (${inlineCode(finding.node)})`;
      case 'node-removed':
        return `- ➖ Removed ${escapeInline(this.title(finding.node))} (${inlineCode(finding.node)}, was in ${inlineCode(finding.file)})${this.openIssues(finding)}`;
      case 'requires-changed':
        return `- 🔀 ${this.nodeLink(finding.node, finding)} ${this.requiresChange(finding.node)}`;
      case 'item-status-changed':
        return `- ${this.nodeLink(finding.node, finding)}: ${this.itemChange(finding)}`;
      default:
        return unhandledKind(finding.kind);
    }
  }

  private openIssues(finding: Finding): string {
    if (finding.openIssues === undefined) return '';
    const label = inlineCode(goalLabelName(finding.node, this.context.labelPrefix).name);
    if (finding.openIssues === 0) return ` — no open issues carry ${label}`;
    return ` — ⚠️ ${plural(finding.openIssues, 'open issue')} still labelled ${label}`;
  }

  private requiresChange(id: string): string {
    const before = this.baseNodes.get(id)?.requires ?? [];
    const after = this.headNodes.get(id)?.requires ?? [];
    const codes = (list: string[]): string => list.map((id) => inlineCode(id)).join(', ');
    const added = [...new Set(after.filter((required) => !before.includes(required)))];
    const removed = [...new Set(before.filter((required) => !after.includes(required)))];
    return [
      ...(added.length > 0 ? [`now requires ${codes(added)}`] : []),
      ...(removed.length > 0 ? [`no longer requires ${codes(removed)}`] : []),
    ].join('; ');
  }

  private itemChange(finding: Finding): string {
    const before = finding.before ?? '';
    const after = finding.after ?? '';
    const bars = barChange(itemProgress(before, this.drift.base.statuses), itemProgress(after, this.drift.head.statuses));
    const flag = finding.backwards ? ' ⬅️ moved backwards' : '';
    return `${escapeInline(finding.item ?? '')} ${bars} (${inlineCode(before)} → ${inlineCode(after)})${flag}`;
  }

  untouchedSummary(): string {
    const { stale, overdue, inFuture } = this.drift.untouched;
    const parts = [
      ...(stale > 0 ? [plural(stale, 'stale status quo')] : []),
      ...(overdue > 0 ? [plural(overdue, 'overdue target')] : []),
      ...(inFuture > 0 ? [`${plural(inFuture, 'status quo')} dated in the future`] : []),
    ];
    if (parts.length === 0) return '';
    const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
    return `🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: ${listed} (\`roadmap-bot check\` lists them).`;
  }

  configSection(problems: NonNullable<ReviewContext['configProblems']>): Block | null {
    const file = this.context.configFile ?? DEFAULT_CONFIG_FILE;
    const rows = problems.map((problem) => {
      const where = problem.line ? ` (${fileLineLink(this.context.repoUrl, this.context.headSha, file, problem.line)})` : '';
      return `- ${inlineCode(problem.key)}${where}: ${escapeInline(problem.message, MAX_MESSAGE_TEXT)}`;
    });
    return section(`### Configuration\n\n${inlineCode(file)} has problems; these keys fall back to their defaults:\n\n`, rows);
  }

  /** Pinned right under the verdict: a cut comment still says which roadmap files it did not read. */
  unreadFilesNotice(unread: Diagnostic[]): Block | null {
    if (unread.length === 0) return null;
    const rows = unread.slice(0, UNREAD_FILES_SHOWN).map((diagnostic) => this.diagnosticRow(diagnostic));
    if (unread.length > UNREAD_FILES_SHOWN) rows.push(`- …and ${plural(unread.length - UNREAD_FILES_SHOWN, 'more file')} not read`);
    const head = '### Roadmap files not read\n\nThe caps on roadmap input left these out, so this review does not cover them:\n\n';
    return { head, rows, tail: '', pinned: true };
  }

  private diagnosticRow(diagnostic: Diagnostic): string {
    const where = fileLineLink(this.context.repoUrl, this.context.headSha, diagnostic.file, diagnostic.line);
    return `- ${SEVERITY_ICONS[diagnostic.severity]} ${inlineCode(diagnostic.code)} ${where} — ${escapeInline(diagnostic.message, MAX_MESSAGE_TEXT)}`;
  }

  diagnosticsDetails(diagnostics: Diagnostic[]): Block | null {
    if (diagnostics.length === 0) return null;
    const severities = (['error', 'warning', 'info'] as const)
      .map((severity) => [severity, diagnostics.filter((d) => d.severity === severity).length] as const)
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => plural(count, severity));
    const { open, close } = detailsFrame(`${plural(diagnostics.length, 'new diagnostic')} (${severities.join(', ')})`);
    return section(
      open,
      diagnostics.map((diagnostic) => this.diagnosticRow(diagnostic)),
      close,
    );
  }
}
