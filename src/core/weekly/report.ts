/**
 * `src/core/weekly/` owns the weekly status issue: this report, its snapshot,
 * the schedule, the Markdown (`render.ts`) and the Mermaid chart.
 *
 * The weekly status issue (SPEC §7), built from an analysed roadmap, the
 * clock, last week's snapshot and the linked issues' activity. Pure: the
 * app and the CLI fetch, this decides what to say.
 */
import type { ConfigProblem } from '../config/config.js';
import { ageInDays, daysBetween, daysUntilDue, isoWeek, isParsedDate } from '../model/dates.js';
import { pairTargets } from '../review/drift.js';
import { MAX_BODY_CHARACTERS } from '../model/github-limits.js';
import { goalLabelName } from '../model/labels.js';
import type { FuzzyDate, Roadmap, RoadmapNode, Target } from '../model/model.js';
import type { Health } from './mermaid.js';
import {
  continuationNote,
  LAYOUTS,
  renderContinuation,
  renderWeeklyBody,
  truncateBody,
  type AttentionView,
  type ChangeView,
  type GoalIssuesView,
  type GoalView,
  type IssueView,
  type NodeRef,
  type SlipView,
  type StatusQuoView,
  type TargetView,
  type WeeklyView,
} from './render.js';
import { isUnreadFileNotice } from '../roadmap/roadmap.js';
import { encodeSnapshot, weeklyMarker, type Snapshot, type SnapshotNode, type SnapshotTarget } from './snapshot.js';
import { statusBar, statusDisplay, UNKNOWN_STATUS } from '../model/statuses.js';

export interface IssueSummary {
  number: number;
  title: string;
  url: string;
  state: 'open' | 'closed';
}

/** Issues carrying one node's goal label. */
export interface GoalActivity {
  /** Opened in the seven days up to `now`. */
  opened: IssueSummary[];
  /** Closed in the seven days up to `now`. */
  closed: IssueSummary[];
  /** Open now. */
  open: number;
  /** Ever labelled, open or closed. */
  total: number;
}

export interface RepoActivity {
  /** By node id; a node missing here has no linked issues. */
  byNode: Record<string, GoalActivity>;
  /** Labels with the goal prefix that name no node, and how many open issues carry each. */
  unknownLabels: { name: string; open: number }[];
  /** Goal labels whose node is gone from the roadmap (the bot never deletes labels). */
  removedNodeLabels: string[];
}

export interface WeeklyOptions {
  /** ISO day. */
  now: string;
  staleAfterDays: number;
  dueSoonDays: number;
  previous?: Snapshot | null;
  /**
   * Last week's issue held a snapshot, but someone other than the bot edited
   * the text it sits in since: it is not used, and the issue says why.
   */
  previousUntrusted?: UntrustedSnapshot | null;
  activity?: RepoActivity | null;
  mentionOwners?: boolean;
  /** `https://github.com/owner/name`: with `headSha`, locations become links. */
  repoUrl?: string;
  headSha?: string;
  configProblems?: ConfigProblem[];
  /** Default 60. */
  maxChartNodes?: number;
  /** `labels.prefix`: names the label to add where a goal has no issues. */
  labelPrefix: string;
}

export interface UntrustedSnapshot {
  issue: number;
  /** Who edited it last. */
  editor: string;
}

export interface WeeklyReport {
  /** `2026-W48`. */
  week: string;
  /** `Roadmap status — 2026-W48`. */
  title: string;
  body: string;
  /**
   * Bodies of app-authored comments to post on the issue, in order, when the
   * snapshot did not fit in `body` (each under 65,536 characters).
   * `decodeSnapshot([body, ...continuation])` reads the snapshot back.
   */
  continuation: string[];
  snapshot: Snapshot;
}

/** Room kept for the visible line that heads each continuation comment. */
const CONTINUATION_CHUNK = MAX_BODY_CHARACTERS - 1_000;
const DEFAULT_MAX_CHART_NODES = 60;

export function weeklyTitle(week: string): string {
  return `Roadmap status — ${week}`;
}

interface NodeFacts {
  node: RoadmapNode;
  /** Most overdue first; empty when the node is done. */
  overdueTargets: TargetView[];
  upcoming: TargetView | null;
  /** Days since the status quo's "as of" interval ended; null without a parsed date. */
  statusQuoAge: number | null;
  stale: boolean;
  health: Health;
}

/** Progress in the snapshot: four decimals are plenty and keep it small. */
function roundProgress(progress: number): number {
  return Math.round(progress * 10_000) / 10_000;
}

function nodeRef(node: RoadmapNode): NodeRef {
  return { id: node.id, title: node.title, file: node.file, line: node.line };
}

/**
 * Ids of the nodes whose rolled-up progress measures anything: the node or
 * something it requires has items. Walks the requires edges backwards from
 * the nodes with items, without recursion, so a 10,000-deep chain is fine.
 */
function nodesWithWork(roadmap: Roadmap): Set<string> {
  const requiredBy = new Map<string, string[]>();
  for (const node of roadmap.nodes) {
    for (const id of node.requires) {
      const list = requiredBy.get(id);
      if (list) list.push(node.id);
      else requiredBy.set(id, [node.id]);
    }
  }
  const reached = roadmap.nodes.filter((node) => node.items.length > 0).map((node) => node.id);
  const withWork = new Set(reached);
  for (let head = 0; head < reached.length; head++) {
    for (const id of requiredBy.get(reached[head]) ?? []) {
      if (!withWork.has(id)) {
        withWork.add(id);
        reached.push(id);
      }
    }
  }
  return withWork;
}

/** The node and everything it requires, directly or transitively, each once. */
function closure(node: RoadmapNode, byId: Map<string, RoadmapNode>): RoadmapNode[] {
  const seen = new Set([node.id]);
  const order = [node];
  for (let head = 0; head < order.length; head++) {
    for (const id of order[head].requires) {
      const next = byId.get(id);
      if (next && !seen.has(id)) {
        seen.add(id);
        order.push(next);
      }
    }
  }
  return order;
}

function datedTargets(node: RoadmapNode, now: string): TargetView[] {
  const dated: TargetView[] = [];
  for (const target of node.targets) {
    if (isParsedDate(target.by)) {
      dated.push({
        text: target.by.text,
        end: target.by.end,
        daysLeft: daysUntilDue(target.by, now),
        file: target.file,
        line: target.line,
      });
    }
  }
  return dated.sort((a, b) => a.daysLeft - b.daysLeft);
}

/**
 * Health, worst first: a passed target of a node not done; a status quo
 * older than the threshold; at risk when the next target is due within
 * `dueSoonDays`, or progress trails the share of time gone between the
 * status quo and that target (only for nodes whose progress measures items);
 * no plan when a node not done has neither a status quo nor a target.
 */
function nodeFacts(node: RoadmapNode, options: WeeklyOptions, hasWork: boolean): NodeFacts {
  const byDue = datedTargets(node, options.now);
  const overdueTargets = node.done ? [] : byDue.filter((target) => target.daysLeft < 0);
  const upcoming = byDue.find((target) => target.daysLeft >= 0) ?? null;
  const asOf: FuzzyDate | null = node.statusQuo?.asOf ?? null;
  const age = isParsedDate(asOf) ? ageInDays(asOf, options.now) : null;
  const stale = age !== null && age > options.staleAfterDays;

  let health: Health = 'on-track';
  if (overdueTargets.length > 0) health = 'overdue';
  else if (stale) health = 'stale';
  else if (!node.done && node.statusQuo === null && node.targets.length === 0) health = 'no-plan';
  else if (!node.done && upcoming) {
    const dueSoon = upcoming.daysLeft <= options.dueSoonDays;
    const span = age === null ? 0 : age + upcoming.daysLeft;
    const behind = hasWork && age !== null && span > 0 && node.progress < age / span;
    if (dueSoon || behind) health = 'at-risk';
  }
  return { node, overdueTargets, upcoming, statusQuoAge: age, stale, health };
}

function snapshotNode(facts: NodeFacts): SnapshotNode {
  const { node } = facts;
  const asOf = node.statusQuo?.asOf ?? null;
  return {
    progress: roundProgress(node.progress),
    done: node.done,
    targets: node.targets.map((target): SnapshotTarget => ({ text: target.by.text, end: target.by.end })),
    statusQuoEnd: isParsedDate(asOf) ? asOf.end : null,
    overdue: facts.overdueTargets.length > 0,
    stale: facts.stale,
  };
}

/** Snapshot targets as model targets, so last week's pairing follows the PR review's rules. */
function asTargets(targets: SnapshotTarget[]): Target[] {
  return targets.map((target) => ({
    text: '',
    file: '',
    line: 0,
    placeholder: false,
    by:
      target.end === null
        ? { text: target.text, start: null, end: null, precision: null }
        : { text: target.text, start: target.end, end: target.end, precision: 'day' },
  }));
}

function slipsSince(node: RoadmapNode, before: SnapshotNode): SlipView[] {
  const { pairs } = pairTargets(asTargets(before.targets), node.targets);
  const slips: SlipView[] = [];
  for (const [was, is] of pairs) {
    if (!isParsedDate(was.by) || !isParsedDate(is.by)) continue;
    const days = daysBetween(was.by.end, is.by.end);
    if (days > 0) slips.push({ node: nodeRef(node), before: was.by.text, after: is.by.text, days });
  }
  return slips;
}

function topNodes(roadmap: Roadmap): RoadmapNode[] {
  const goals = roadmap.nodes.filter((node) => node.kind === 'goal');
  if (goals.length > 0) return goals;
  const required = new Set(roadmap.nodes.flatMap((node) => node.requires));
  return roadmap.nodes.filter((node) => !required.has(node.id));
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function goalIssues(nodes: RoadmapNode[], activity: RepoActivity): GoalIssuesView {
  const opened = new Map<number, IssueView>();
  const closed = new Map<number, IssueView>();
  let open = 0;
  let total = 0;
  for (const node of nodes) {
    const entry = Object.hasOwn(activity.byNode, node.id) ? activity.byNode[node.id] : undefined;
    if (!entry) continue;
    for (const issue of entry.opened) opened.set(issue.number, issue);
    for (const issue of entry.closed) closed.set(issue.number, issue);
    open += entry.open;
    total += entry.total;
  }
  const byNumber = (a: IssueView, b: IssueView): number => a.number - b.number;
  return { opened: [...opened.values()].sort(byNumber), closed: [...closed.values()].sort(byNumber), open, total };
}

function statusQuoView(node: RoadmapNode, fact: NodeFacts): StatusQuoView {
  const statusQuo = node.statusQuo;
  if (!statusQuo) return { kind: 'none' };
  if (!statusQuo.asOf) return { kind: 'undated' };
  if (fact.statusQuoAge === null) return { kind: 'unparsed', text: statusQuo.asOf.text };
  return { kind: 'dated', text: statusQuo.asOf.text, ageDays: fact.statusQuoAge, stale: fact.stale };
}

function placeholders(node: RoadmapNode): AttentionView['placeholders'] {
  const found: AttentionView['placeholders'] = [];
  const add = (section: string, where: { file: string; line: number; placeholder: boolean } | null | undefined): void => {
    if (where?.placeholder) found.push({ node: nodeRef(node), section, file: where.file, line: where.line });
  };
  add('shiny future', node.shinyFuture);
  add('status quo', node.statusQuo);
  for (const target of node.targets) add(`target by ${target.by.text}`, target);
  add('where we want to ultimately be', node.ultimately);
  return found;
}

/**
 * A status outside the roadmap's display scale (another document's
 * `[doc.emoji.status]`, or an unknown one) shows the bar of its items'
 * progress, so the column holds bars whatever scale each document uses.
 */
function itemsByStatus(roadmap: Roadmap): WeeklyView['summary']['itemsByStatus'] {
  const counts = new Map<string, number>();
  const progressOf = new Map<string, number>();
  for (const node of roadmap.nodes) {
    for (const item of node.items) {
      counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
      if (!progressOf.has(item.status)) progressOf.set(item.status, item.progress);
    }
  }
  const scale = roadmap.statuses;
  const display = (status: string): string =>
    Object.hasOwn(scale.display, status) ? statusDisplay(status, scale) : statusBar(progressOf.get(status) ?? 0);
  // The scale's stages in order, then `?` and unknown statuses that items use.
  const others = [...counts.keys()]
    .filter((status) => !scale.order.includes(status))
    .sort((a, b) => (a === UNKNOWN_STATUS ? 1 : b === UNKNOWN_STATUS ? -1 : a.localeCompare(b)));
  return [...scale.order, ...others].map((status) => ({ status, display: display(status), count: counts.get(status) ?? 0 }));
}

type Previous = (id: string) => SnapshotNode | undefined;

function changeSinceLastWeek(
  roadmap: Roadmap,
  previous: Snapshot,
  previousNode: Previous,
  facts: NodeFacts[],
  tops: RoadmapNode[],
  slipsOf: Map<string, SlipView[]>,
): ChangeView {
  const ids = new Set(roadmap.nodes.map((node) => node.id));
  const commonTops = tops.filter((node) => previousNode(node.id));
  return {
    since: previous.week,
    progressDelta:
      commonTops.length > 0
        ? mean(commonTops.map((node) => node.progress)) - mean(commonTops.map((node) => previousNode(node.id)!.progress))
        : null,
    slips: roadmap.nodes.flatMap((node) => slipsOf.get(node.id) ?? []),
    newlyOverdue: facts
      .filter((fact) => fact.overdueTargets.length > 0 && previousNode(fact.node.id)?.overdue === false)
      .map((fact) => nodeRef(fact.node)),
    newlyStale: facts.filter((fact) => fact.stale && previousNode(fact.node.id)?.stale === false).map((fact) => nodeRef(fact.node)),
    added: roadmap.nodes.filter((node) => !previousNode(node.id)).length,
    removed: Object.keys(previous.nodes).filter((id) => !ids.has(id)).length,
  };
}

function needsAttention(roadmap: Roadmap, options: WeeklyOptions, facts: NodeFacts[], goals: GoalView[]): AttentionView {
  const activity = options.activity ?? null;
  const prefix = options.labelPrefix;
  return {
    overdue: facts
      .flatMap((fact) => fact.overdueTargets.map((target) => ({ node: nodeRef(fact.node), target })))
      .sort((a, b) => a.target.daysLeft - b.target.daysLeft),
    stale: facts
      .filter((fact) => fact.stale)
      .map((fact) => ({
        node: nodeRef(fact.node),
        asOf: fact.node.statusQuo?.asOf?.text ?? '',
        ageDays: fact.statusQuoAge ?? 0,
        file: fact.node.statusQuo?.file ?? fact.node.file,
        line: fact.node.statusQuo?.line ?? fact.node.line,
      }))
      .sort((a, b) => b.ageDays - a.ageDays),
    placeholders: roadmap.nodes.flatMap(placeholders),
    withoutIssues: activity
      ? goals
          .filter((goal) => goal.issues?.total === 0)
          .map((goal) => ({ node: goal.node, label: goalLabelName(goal.node.id, prefix).name }))
      : null,
    unknownLabels: activity?.unknownLabels ?? [],
    removedNodeLabels: activity?.removedNodeLabels ?? [],
    errors: roadmap.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    unreadFiles: roadmap.diagnostics.filter(isUnreadFileNotice),
    configProblems: options.configProblems ?? [],
  };
}

function buildView(roadmap: Roadmap, options: WeeklyOptions, week: string): { view: WeeklyView; snapshot: Snapshot } {
  const withWork = nodesWithWork(roadmap);
  const facts = roadmap.nodes.map((node) => nodeFacts(node, options, withWork.has(node.id)));
  const previous = options.previous ?? null;
  const previousNode: Previous = (id) => (previous && Object.hasOwn(previous.nodes, id) ? previous.nodes[id] : undefined);
  const slipsOf = slipsSinceLastWeek(roadmap, previousNode);
  const tops = topNodes(roadmap);
  const goals = goalViews(roadmap, options.activity ?? null, tops, facts, previousNode, slipsOf);
  const summary = weekSummary(roadmap, options, facts, tops, previousNode, slipsOf);

  const view: WeeklyView = {
    week,
    now: options.now,
    marker: weeklyMarker(week),
    repoUrl: options.repoUrl,
    headSha: options.headSha,
    mentionOwners: options.mentionOwners ?? false,
    goalsAreRoots: summary.goalCount === 0,
    summary,
    chart: chartNodes(facts, tops),
    maxChartNodes: options.maxChartNodes ?? DEFAULT_MAX_CHART_NODES,
    goals,
    attention: needsAttention(roadmap, options, facts, goals),
  };
  return { view, snapshot: weeklySnapshot(facts, week, options.now) };
}

/** Each node's slips since last week's snapshot, for the nodes it had. */
function slipsSinceLastWeek(roadmap: Roadmap, previousNode: Previous): Map<string, SlipView[]> {
  const slipsOf = new Map<string, SlipView[]>();
  for (const node of roadmap.nodes) {
    const before = previousNode(node.id);
    if (before) slipsOf.set(node.id, slipsSince(node, before));
  }
  return slipsOf;
}

/** A view of each top node, with the slips and issues of everything it requires. */
function goalViews(
  roadmap: Roadmap,
  activity: RepoActivity | null,
  tops: RoadmapNode[],
  facts: NodeFacts[],
  previousNode: Previous,
  slipsOf: Map<string, SlipView[]>,
): GoalView[] {
  const byId = new Map(roadmap.nodes.map((node) => [node.id, node]));
  const factsOf = new Map(facts.map((fact) => [fact.node.id, fact]));
  return tops.map((node) => {
    const fact = factsOf.get(node.id)!;
    const reach = closure(node, byId);
    const before = previousNode(node.id);
    return {
      node: nodeRef(node),
      progress: node.progress,
      progressDelta: before ? node.progress - before.progress : null,
      done: node.done,
      health: fact.health,
      statusQuo: statusQuoView(node, fact),
      overdue: fact.overdueTargets[0] ?? null,
      upcoming: fact.upcoming,
      undatedTargets: node.targets.filter((target) => !isParsedDate(target.by)).map((target) => target.by.text),
      slips: reach.flatMap((reached) => slipsOf.get(reached.id) ?? []),
      issues: activity ? goalIssues(reach, activity) : null,
      requiredCount: reach.length - 1,
      owners: node.owners,
    };
  });
}

function weekSummary(
  roadmap: Roadmap,
  options: WeeklyOptions,
  facts: NodeFacts[],
  tops: RoadmapNode[],
  previousNode: Previous,
  slipsOf: Map<string, SlipView[]>,
): WeeklyView['summary'] {
  const previous = options.previous ?? null;
  const healthCounts: Record<Health, number> = { 'on-track': 0, 'at-risk': 0, overdue: 0, stale: 0, 'no-plan': 0 };
  for (const fact of facts) healthCounts[fact.health]++;
  return {
    goalCount: roadmap.nodes.filter((node) => node.kind === 'goal').length,
    nodeCount: roadmap.nodes.length,
    itemCount: roadmap.nodes.reduce((sum, node) => sum + node.items.length, 0),
    itemsByStatus: itemsByStatus(roadmap),
    overall: tops.length > 0 ? mean(tops.map((node) => node.progress)) : null,
    health: healthCounts,
    change: previous ? changeSinceLastWeek(roadmap, previous, previousNode, facts, tops, slipsOf) : null,
    untrustedPrevious: previous ? null : (options.previousUntrusted ?? null),
  };
}

function chartNodes(facts: NodeFacts[], tops: RoadmapNode[]): WeeklyView['chart'] {
  const topIds = new Set(tops.map((node) => node.id));
  return facts.map(({ node, health }) => ({
    id: node.id,
    title: node.title,
    progress: node.progress,
    health,
    requires: node.requires,
    top: topIds.has(node.id),
  }));
}

function weeklySnapshot(facts: NodeFacts[], week: string, now: string): Snapshot {
  const snapshotNodes: Record<string, SnapshotNode> = Object.create(null) as Record<string, SnapshotNode>;
  for (const fact of facts) snapshotNodes[fact.node.id] = snapshotNode(fact);
  return { version: 1, week, now, nodes: snapshotNodes };
}

/**
 * The week's status issue. Its body stays under GitHub's limit: when the
 * snapshot does not fit it moves to `continuation` comments, and the chart,
 * long lists and goal details shrink until the rest fits.
 */
export function buildWeeklyReport(roadmap: Roadmap, options: WeeklyOptions): WeeklyReport {
  const week = isoWeek(options.now).label;
  const title = weeklyTitle(week);
  const { view, snapshot } = buildView(roadmap, options, week);

  const inline = encodeSnapshot(snapshot, MAX_BODY_CHARACTERS);
  if (inline.length === 1) {
    const body = `${renderWeeklyBody(view, LAYOUTS[0])}\n\n${inline[0]}\n`;
    if (body.length <= MAX_BODY_CHARACTERS) return { week, title, body, continuation: [], snapshot };
  }

  const chunks = encodeSnapshot(snapshot, CONTINUATION_CHUNK);
  const continuation = chunks.map((chunk, index) => renderContinuation(week, index + 1, chunks.length, chunk));
  const note = `\n\n${continuationNote(chunks.length)}\n`;
  for (const layout of LAYOUTS) {
    const body = `${renderWeeklyBody(view, layout)}${note}`;
    if (body.length <= MAX_BODY_CHARACTERS) return { week, title, body, continuation, snapshot };
  }
  const smallest = renderWeeklyBody(view, LAYOUTS[LAYOUTS.length - 1]);
  const body = `${truncateBody(smallest, MAX_BODY_CHARACTERS - note.length)}${note}`;
  return { week, title, body, continuation, snapshot };
}
