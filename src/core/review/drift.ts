/**
 * `src/core/review/` owns the pull-request review: the findings table
 * (`findings.ts`), this diff, the comment (`comment.ts`). The check run's
 * summary is built from them by `src/github/check-run.ts`.
 *
 * Drift between the roadmap at a pull request's base and at its head, as of
 * `now` (SPEC §5): what moved (targets, status-quo dates, structure, item
 * stages), what the head now gets wrong (stale, overdue, in the future,
 * schedule conflicts), and which diagnostics are new. Pure: the clock is
 * `options.now`.
 */
import { ageInDays, daysBetween, daysUntilDue, isParsedDate } from '../model/dates.js';
import { scheduleConflicts } from '../roadmap/date-checks.js';
import {
  nodeIndex,
  type Diagnostic,
  type DiagnosticCode,
  type FuzzyDate,
  type Item,
  type ParsedDate,
  type Roadmap,
  type RoadmapNode,
  type Target,
} from '../model/model.js';
import { compareText } from '../model/diagnostics.js';
import { FINDING_KINDS, isAmbient, type FindingKind } from './findings.js';

export interface Finding {
  kind: FindingKind;
  node: string;
  /** `item-status-changed`: the item's label. */
  item?: string;
  /** `schedule-conflict`: the id of the node that requires this one and is due before it. */
  requiredBy?: string;
  /** At the head for anything that exists there, else at the base. */
  file: string;
  line: number;
  /**
   * Display strings: date text for targets and status quos, statuses for
   * items, comma-separated ids for `requires-changed` (for reading only: the
   * ids themselves are the nodes' `requires` in the two roadmaps), the title for
   * added/removed nodes. Null where that side has nothing (and for findings
   * about the head alone: stale, overdue, in the future, schedule conflicts).
   */
  before: string | null;
  after: string | null;
  /**
   * Target and status-quo moves: head end − base end. Overdue: days past due.
   * Stale: the status quo's age. Schedule conflict: how many days this node's
   * last target is due after the last target of the node that requires it.
   */
  days?: number;
  /** `node-removed`: open issues still carrying the node's goal label, when known. */
  openIssues?: number;
  /** `item-status-changed`: true when the item's progress went down. */
  backwards?: boolean;
}

export interface DriftOptions {
  /** ISO day. */
  now: string;
  staleAfterDays: number;
  /** Repo-relative paths the pull request changes; their nodes count as touched. */
  changedFiles?: string[];
  openIssuesByNode?: Record<string, number>;
}

export interface Drift {
  findings: Finding[];
  /** Head diagnostics the base did not have (same code, node and message). */
  newDiagnostics: Diagnostic[];
  /** Head order, then nodes the head removed in base order. */
  touchedNodes: string[];
  /** Stale status quos, overdue targets and status quos dated in the future, of nodes the pull request does not touch. */
  untouched: { stale: number; overdue: number; inFuture: number };
  head: Roadmap;
  base: Roadmap;
  now: string;
}

/** Ids of the base's nodes the head no longer has, in base order: the `node-removed` findings `diffRoadmaps` will make. */
export function removedNodeIds(base: Roadmap, head: Roadmap): string[] {
  const headNodes = nodeIndex(head);
  return base.nodes.filter((node) => !headNodes.has(node.id)).map((node) => node.id);
}

export function diffRoadmaps(base: Roadmap, head: Roadmap, options: DriftOptions): Drift {
  const baseNodes = nodeIndex(base);
  const headNodes = nodeIndex(head);
  const found: Finding[] = [];

  for (const node of head.nodes) {
    const before = baseNodes.get(node.id);
    if (before) {
      found.push(
        ...targetMoves(before, node),
        ...statusQuoMoves(before, node),
        ...requiresChange(before, node),
        ...itemStatusChanges(before, node),
      );
    } else {
      found.push({ kind: 'node-added', node: node.id, file: node.file, line: node.line, before: null, after: node.title });
    }
    found.push(...headStateFindings(node, options));
  }
  for (const node of base.nodes) {
    if (!headNodes.has(node.id)) {
      found.push({
        kind: 'node-removed',
        node: node.id,
        file: node.file,
        line: node.line,
        before: node.title,
        after: null,
        ...(options.openIssuesByNode ? { openIssues: openIssuesOf(options.openIssuesByNode, node.id) } : {}),
      });
    }
  }
  found.push(...introducedScheduleConflicts(base, head));

  const touched = touchedNodeIds(found, head, options.changedFiles ?? []);
  const untouched = { stale: 0, overdue: 0, inFuture: 0 };
  const findings = found.filter((finding) => {
    if (!isAmbient(finding.kind) || touched.has(finding.node)) return true;
    if (finding.kind === 'status-quo-stale') untouched.stale += 1;
    else if (finding.kind === 'status-quo-in-future') untouched.inFuture += 1;
    else untouched.overdue += 1;
    return false;
  });

  return {
    findings: sortFindings(findings, baseNodes, headNodes),
    newDiagnostics: newDiagnostics(base.diagnostics, head.diagnostics),
    touchedNodes: [...head.nodes, ...base.nodes.filter((node) => !headNodes.has(node.id))]
      .map((node) => node.id)
      .filter((id) => touched.has(id)),
    untouched,
    head,
    base,
    now: options.now,
  };
}

/** Own keys only: an id such as `constructor` must not read `Object.prototype`. */
function openIssuesOf(counts: Record<string, number>, id: string): number {
  return Object.hasOwn(counts, id) ? counts[id] : 0;
}

// ---- targets ---------------------------------------------------------------

/** Text as a reader compares it: case and spacing alone do not make a new date, label or status quo. */
function normalised(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Pairs base and head targets of one node: identical date text first (in
 * order, so repeated dates pair one to one), then the rest in order of
 * appearance. Unpaired ones were removed (base) or added (head).
 */
export function pairTargets(base: Target[], head: Target[]): { pairs: [Target, Target][]; removed: Target[]; added: Target[] } {
  const pairedHead = new Set<number>();
  const pairOf = new Map<number, number>();
  base.forEach((target, baseIndex) => {
    const headIndex = head.findIndex(
      (candidate, index) => !pairedHead.has(index) && normalised(candidate.by.text) === normalised(target.by.text),
    );
    if (headIndex >= 0) {
      pairedHead.add(headIndex);
      pairOf.set(baseIndex, headIndex);
    }
  });
  const restOfBase = base.map((_, index) => index).filter((index) => !pairOf.has(index));
  const restOfHead = head.map((_, index) => index).filter((index) => !pairedHead.has(index));
  restOfBase.slice(0, restOfHead.length).forEach((baseIndex, position) => pairOf.set(baseIndex, restOfHead[position]));

  const pairs: [Target, Target][] = [...pairOf].map(([baseIndex, headIndex]) => [base[baseIndex], head[headIndex]]);
  return {
    pairs: pairs.sort(([, a], [, b]) => head.indexOf(a) - head.indexOf(b)),
    removed: restOfBase.slice(restOfHead.length).map((index) => base[index]),
    added: restOfHead.slice(restOfBase.length).map((index) => head[index]),
  };
}

function targetMoves(baseNode: RoadmapNode, headNode: RoadmapNode): Finding[] {
  const { pairs, removed, added } = pairTargets(baseNode.targets, headNode.targets);
  const findings: Finding[] = [];
  const targetAdded = (target: Target): Finding => ({
    kind: 'target-added',
    node: headNode.id,
    file: target.file,
    line: target.line,
    before: null,
    after: target.by.text,
  });
  const targetRemoved = (target: Target): Finding => ({
    kind: 'target-removed',
    node: headNode.id,
    file: target.file,
    line: target.line,
    before: target.by.text,
    after: null,
  });

  for (const [before, after] of pairs) {
    if (isParsedDate(before.by) && isParsedDate(after.by)) {
      const days = daysBetween(before.by.end, after.by.end);
      if (days !== 0) {
        findings.push({
          kind: days > 0 ? 'target-slipped' : 'target-pulled-in',
          node: headNode.id,
          file: after.file,
          line: after.line,
          before: before.by.text,
          after: after.by.text,
          days,
        });
      }
    } else if (normalised(before.by.text) !== normalised(after.by.text)) {
      // Without a date on both sides there is no shift to measure: the old
      // date is gone and a new one came.
      findings.push(targetRemoved(before), targetAdded(after));
    }
  }
  return [...findings, ...removed.map(targetRemoved), ...added.map(targetAdded)];
}

// ---- status quo ------------------------------------------------------------

function compareIntervals(a: ParsedDate, b: ParsedDate): number {
  return daysBetween(a.end, b.end) || daysBetween(a.start, b.start);
}

function dateText(date: FuzzyDate | null): string | null {
  return date ? date.text : null;
}

/** The same date, however written: the same text, or the same interval ("March 2024" and "2024-03"). */
function sameDate(a: FuzzyDate | null, b: FuzzyDate | null): boolean {
  if (isParsedDate(a) && isParsedDate(b)) return compareIntervals(a, b) === 0;
  return normalised(dateText(a) ?? '') === normalised(dateText(b) ?? '');
}

function statusQuoMoves(baseNode: RoadmapNode, headNode: RoadmapNode): Finding[] {
  const before = baseNode.statusQuo;
  const after = headNode.statusQuo;
  if (!after) return [];
  const at = { node: headNode.id, file: after.file, line: after.line };
  const beforeDate = before?.asOf ?? null;
  const afterDate = after.asOf;

  if (before && sameDate(beforeDate, afterDate)) {
    if (normalised(before.text) === normalised(after.text)) return [];
    return [
      {
        kind: 'status-quo-text-changed-date-unchanged',
        ...at,
        before: dateText(beforeDate),
        after: dateText(afterDate),
      },
    ];
  }
  if (!isParsedDate(afterDate)) return [];
  if (!isParsedDate(beforeDate)) {
    // Newly dated (or a status quo that did not exist): a re-dating from nothing.
    return [{ kind: 'status-quo-redated', ...at, before: dateText(beforeDate), after: afterDate.text }];
  }
  const direction = compareIntervals(beforeDate, afterDate);
  if (direction === 0) return [];
  return [
    {
      kind: direction > 0 ? 'status-quo-redated' : 'status-quo-date-backwards',
      ...at,
      before: beforeDate.text,
      after: afterDate.text,
      days: daysBetween(beforeDate.end, afterDate.end),
    },
  ];
}

// ---- the head's own state --------------------------------------------------

function headStateFindings(node: RoadmapNode, options: DriftOptions): Finding[] {
  const findings: Finding[] = [];
  const statusQuo = node.statusQuo;
  if (statusQuo && isParsedDate(statusQuo.asOf)) {
    const at = { node: node.id, file: statusQuo.file, line: statusQuo.line, before: null, after: statusQuo.asOf.text };
    const age = ageInDays(statusQuo.asOf, options.now);
    if (age > options.staleAfterDays) findings.push({ kind: 'status-quo-stale', ...at, days: age });
    if (statusQuo.asOf.start > options.now) findings.push({ kind: 'status-quo-in-future', ...at });
  }
  if (!node.done) {
    for (const target of node.targets) {
      if (!isParsedDate(target.by)) continue;
      const daysLeft = daysUntilDue(target.by, options.now);
      if (daysLeft < 0) {
        findings.push({
          kind: 'target-overdue',
          node: node.id,
          file: target.file,
          line: target.line,
          before: null,
          after: target.by.text,
          days: -daysLeft,
        });
      }
    }
  }
  return findings;
}

/** The `schedule-conflict` check's conflicts, as findings on the required node at its last target. */
function scheduleConflictFindings(roadmap: Roadmap): Finding[] {
  return scheduleConflicts(roadmap.nodes).map(({ required, requiredDue, requiredBy, days }) => ({
    kind: 'schedule-conflict',
    node: required.id,
    requiredBy: requiredBy.id,
    file: requiredDue.file,
    line: requiredDue.line,
    before: null,
    after: requiredDue.by.text,
    days,
  }));
}

function introducedScheduleConflicts(base: Roadmap, head: Roadmap): Finding[] {
  const key = (conflict: Finding): string => `${conflict.node}\u0000${conflict.requiredBy ?? ''}`;
  const existing = new Set(scheduleConflictFindings(base).map(key));
  return scheduleConflictFindings(head).filter((conflict) => !existing.has(key(conflict)));
}

// ---- structure -------------------------------------------------------------

function requiresChange(baseNode: RoadmapNode, headNode: RoadmapNode): Finding[] {
  const before = [...new Set(baseNode.requires)];
  const after = [...new Set(headNode.requires)];
  const same = before.length === after.length && before.every((id) => after.includes(id));
  if (same) return [];
  return [
    {
      kind: 'requires-changed',
      node: headNode.id,
      file: headNode.file,
      line: headNode.line,
      before: before.join(', '),
      after: after.join(', '),
    },
  ];
}

/** Items pair by label (spacing and case aside); repeated labels pair in order. */
function itemStatusChanges(baseNode: RoadmapNode, headNode: RoadmapNode): Finding[] {
  const unpaired = new Map<string, Item[]>();
  for (const item of baseNode.items) {
    const key = normalised(item.label);
    unpaired.set(key, [...(unpaired.get(key) ?? []), item]);
  }
  const findings: Finding[] = [];
  for (const after of headNode.items) {
    const before = unpaired.get(normalised(after.label))?.shift();
    if (!before || before.status === after.status) continue;
    findings.push({
      kind: 'item-status-changed',
      node: headNode.id,
      item: after.label,
      file: after.file,
      line: after.line,
      before: before.status,
      after: after.status,
      backwards: after.progress < before.progress,
    });
  }
  return findings;
}

// ---- touched nodes, order, diagnostics -------------------------------------

function nodeFiles(node: RoadmapNode): string[] {
  return [
    node.file,
    ...(node.statusQuo ? [node.statusQuo.file] : []),
    ...node.targets.map((target) => target.file),
    ...node.items.map((item) => item.file),
    ...(node.shinyFuture ? [node.shinyFuture.file] : []),
    ...(node.ultimately ? [node.ultimately.file] : []),
  ];
}

function touchedNodeIds(findings: Finding[], head: Roadmap, changedFiles: string[]): Set<string> {
  const touched = new Set(findings.filter((finding) => !isAmbient(finding.kind)).map((finding) => finding.node));
  const changed = new Set(changedFiles);
  for (const node of head.nodes) {
    if (nodeFiles(node).some((file) => changed.has(file))) touched.add(node.id);
  }
  return touched;
}

function sortFindings(findings: Finding[], baseNodes: Map<string, RoadmapNode>, headNodes: Map<string, RoadmapNode>): Finding[] {
  const nodeAt = (id: string): RoadmapNode => (headNodes.get(id) ?? baseNodes.get(id)) as RoadmapNode;
  return [...findings].sort((a, b) => {
    const nodeA = nodeAt(a.node);
    const nodeB = nodeAt(b.node);
    return (
      compareText(nodeA.file, nodeB.file) ||
      nodeA.line - nodeB.line ||
      compareText(a.node, b.node) ||
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      compareText(a.file, b.file) ||
      a.line - b.line ||
      compareText(a.item ?? '', b.item ?? '') ||
      compareText(a.requiredBy ?? '', b.requiredBy ?? '') ||
      compareText(a.before ?? '', b.before ?? '') ||
      compareText(a.after ?? '', b.after ?? '')
    );
  });
}

/**
 * Codes whose quoted text and numbers only say where or when (a section's
 * heading with its date, a due date, an age): re-dating a target whose text
 * is still a placeholder moves the same warning, it does not add one.
 */
const WHERE_NOT_WHAT: ReadonlySet<DiagnosticCode> = new Set(['placeholder', 'overdue-target', 'stale-status-quo']);

/**
 * A diagnostic's identity across commits: code, node and the kind of
 * message. Lines move when text is added above, so line numbers quoted
 * inside the message (`a.md:12`, `line 12`) are left out too.
 */
function diagnosticKey(diagnostic: Diagnostic): string {
  const message = WHERE_NOT_WHAT.has(diagnostic.code)
    ? diagnostic.message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, '#')
    : diagnostic.message.replace(/(:|\bline )\d+/g, '$1#');
  return `${diagnostic.code}\u0000${diagnostic.node ?? ''}\u0000${message}`;
}

function newDiagnostics(base: Diagnostic[], head: Diagnostic[]): Diagnostic[] {
  const remaining = new Map<string, number>();
  for (const diagnostic of base) {
    const key = diagnosticKey(diagnostic);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return head.filter((diagnostic) => {
    const key = diagnosticKey(diagnostic);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}
