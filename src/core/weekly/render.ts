/**
 * Markdown of the weekly status issue (SPEC §7). `report.ts` decides what to
 * say; this lays it out at a chosen level of detail, so a large roadmap can
 * be shown smaller until it fits GitHub's body limit.
 */
import type { ConfigProblem } from '../config/config.js';
import { formatDuration } from '../model/dates.js';
import type { Diagnostic } from '../model/model.js';
import { statusBar } from '../model/statuses.js';
import { escapeCell, escapeInline, escapeLinkText } from '../markdown/escape.js';
import { fileLineLink, link } from '../markdown/links.js';
import { inlineCode, plural, table } from '../markdown/format.js';
import { HEALTH_LABELS, renderMermaidChart, type ChartNode, type Health } from './mermaid.js';

export interface NodeRef {
  id: string;
  title: string;
  file: string;
  line: number;
}

/** A target whose date parsed. */
export interface TargetView {
  text: string;
  /** Due day: the end of the date's interval. */
  end: string;
  /** Negative once overdue. */
  daysLeft: number;
  file: string;
  line: number;
}

export type StatusQuoView =
  | { kind: 'none' }
  | { kind: 'undated' }
  | { kind: 'unparsed'; text: string }
  | { kind: 'dated'; text: string; ageDays: number; stale: boolean };

export interface SlipView {
  node: NodeRef;
  before: string;
  after: string;
  days: number;
}

export interface IssueView {
  number: number;
  title: string;
  url: string;
}

export interface GoalIssuesView {
  opened: IssueView[];
  closed: IssueView[];
  open: number;
  total: number;
}

export interface GoalView {
  node: NodeRef;
  progress: number;
  /** Since last week's snapshot, 0..1 scale; null without one. */
  progressDelta: number | null;
  done: boolean;
  health: Health;
  statusQuo: StatusQuoView;
  /** The most overdue target, when the goal is not done. */
  overdue: TargetView | null;
  /** The next target still ahead. */
  upcoming: TargetView | null;
  undatedTargets: string[];
  /** Of the goal and everything it requires. */
  slips: SlipView[];
  /** Null when no issue data was given. */
  issues: GoalIssuesView | null;
  requiredCount: number;
  owners: string[];
}

export interface AttentionView {
  overdue: { node: NodeRef; target: TargetView }[];
  stale: { node: NodeRef; asOf: string; ageDays: number; file: string; line: number }[];
  placeholders: { node: NodeRef; section: string; file: string; line: number }[];
  /** Null when no issue data was given: nothing can be said. */
  withoutIssues: { node: NodeRef; label: string }[] | null;
  unknownLabels: { name: string; open: number }[];
  removedNodeLabels: string[];
  errors: Diagnostic[];
  /** Roadmap files the caps left unread (`file-too-large`, `too-many-files`): the report does not cover them. */
  unreadFiles: Diagnostic[];
  configProblems: ConfigProblem[];
}

export interface ChangeView {
  since: string;
  /** Overall progress change over the top goals both weeks have, 0..1 scale. */
  progressDelta: number | null;
  slips: SlipView[];
  newlyOverdue: NodeRef[];
  newlyStale: NodeRef[];
  added: number;
  removed: number;
}

export interface WeeklyView {
  week: string;
  now: string;
  marker: string;
  repoUrl?: string;
  headSha?: string;
  mentionOwners: boolean;
  /** No 🎯 goals: the sections are for the nodes nothing requires. */
  goalsAreRoots: boolean;
  summary: {
    goalCount: number;
    nodeCount: number;
    itemCount: number;
    itemsByStatus: { status: string; display: string; count: number }[];
    overall: number | null;
    health: Record<Health, number>;
    change: ChangeView | null;
    /** Set when last week's snapshot was edited by someone else, so `change` could not be computed. */
    untrustedPrevious: { issue: number; editor: string } | null;
  };
  chart: ChartNode[];
  maxChartNodes: number;
  goals: GoalView[];
  attention: AttentionView;
}

/** How much detail to show; `LAYOUTS` goes from most to least. */
export interface Layout {
  /** Further cap on the chart (0 leaves it out). */
  chartNodes: number;
  /** Entries per Needs-attention list before "…and N more". */
  listCap: number;
  /** Issue links per goal and direction (opened / closed). */
  issueLinks: number;
  /** Goals as rows of one table instead of a section each. */
  compactGoals: boolean;
}

export const LAYOUTS: readonly Layout[] = [
  { chartNodes: Number.POSITIVE_INFINITY, listCap: 25, issueLinks: 10, compactGoals: false },
  { chartNodes: 30, listCap: 25, issueLinks: 10, compactGoals: false },
  { chartNodes: 15, listCap: 10, issueLinks: 5, compactGoals: false },
  { chartNodes: 15, listCap: 10, issueLinks: 0, compactGoals: false },
  { chartNodes: 15, listCap: 10, issueLinks: 0, compactGoals: true },
  { chartNodes: 0, listCap: 5, issueLinks: 0, compactGoals: true },
];

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const SAFE_URL = /^https?:\/\/[^\s()<>[\]"'`]+$/;

function percent(progress: number): string {
  return `${Math.round(progress * 100)}%`;
}

/** A progress change in percentage points: `+3.5 points`, `-1 point`, `±0 points`. */
function points(delta: number): string {
  const rounded = Math.round(delta * 1000) / 10;
  const sign = rounded > 0 ? '+' : rounded < 0 ? '-' : '±';
  return `${sign}${plural(Math.abs(rounded), 'point')}`;
}

/** `45 days (6 weeks)`, `3 days`. */
function dayCount(days: number): string {
  const exact = plural(Math.abs(days), 'day');
  const rounded = formatDuration(days);
  return rounded === exact ? exact : `${exact} (${rounded})`;
}

function nodeName(node: NodeRef): string {
  const title = node.title.trim();
  return title && title !== node.id ? `**${escapeInline(title)}** (${inlineCode(node.id)})` : `**${inlineCode(node.id)}**`;
}

function location(view: WeeklyView, file: string, line: number): string {
  return view.repoUrl && view.headSha ? fileLineLink(view.repoUrl, view.headSha, file, line) : escapeLinkText(`${file}:${line}`);
}

function owner(login: string, mention: boolean): string {
  const bare = login.replace(/^@/, '');
  return mention && GITHUB_LOGIN.test(bare) ? `@${bare}` : escapeInline(bare);
}

function issueLink(issue: IssueView): string {
  const text = escapeLinkText(`#${issue.number} ${issue.title}`);
  return SAFE_URL.test(issue.url) ? link(text, issue.url) : text;
}

function targetPhrase(target: TargetView): string {
  const due = `${escapeInline(target.text)} (due ${target.end})`;
  if (target.daysLeft < 0) return `${due} — overdue by ${dayCount(target.daysLeft)}`;
  if (target.daysLeft === 0) return `${due} — due today`;
  return `${due} — ${dayCount(target.daysLeft)} left`;
}

function statusQuoPhrase(statusQuo: StatusQuoView): string {
  switch (statusQuo.kind) {
    case 'none':
      return 'none written';
    case 'undated':
      return 'no "as of" date';
    case 'unparsed':
      return `as of ${escapeInline(statusQuo.text)} (date not understood)`;
    case 'dated': {
      const age = statusQuo.ageDays === 0 ? 'current' : `${formatDuration(statusQuo.ageDays)} old`;
      return `as of ${escapeInline(statusQuo.text)} — ${age}${statusQuo.stale ? ' ⚠️ stale' : ''}`;
    }
  }
}

function slipPhrase(slip: SlipView): string {
  return `${nodeName(slip.node)}: ${escapeInline(slip.before)} → ${escapeInline(slip.after)} (+${dayCount(slip.days)})`;
}

/** A bullet list of at most `cap` entries, then how many were left out. */
function cappedList(entries: string[], cap: number): string {
  const shown = entries.slice(0, cap).map((entry) => `- ${entry}`);
  if (entries.length > cap) shown.push(`- …and ${entries.length - cap} more`);
  return shown.join('\n');
}

function renderIntro(view: WeeklyView): string {
  const sha = view.headSha && /^[0-9a-f]{7,64}$/i.test(view.headSha) ? view.headSha : null;
  const commit =
    sha && view.repoUrl
      ? `, roadmap at ${link(`\`${sha.slice(0, 7)}\``, `${view.repoUrl.replace(/\/+$/, '')}/tree/${sha}`)}`
      : sha
        ? `, roadmap at \`${sha.slice(0, 7)}\``
        : '';
  return `${view.marker}\nRoadmap status for **${view.week}** (as of ${view.now}${commit}).`;
}

function renderChange(change: ChangeView | null, untrusted: WeeklyView['summary']['untrustedPrevious']): string {
  if (!change && untrusted) {
    return (
      `**Since last week:** not computed: the previous status issue #${untrusted.issue} was edited by ${escapeInline(`@${untrusted.editor}`)} ` +
      "after the bot wrote it, so its snapshot is not trusted. Week-over-week changes start again with next week's issue."
    );
  }
  if (!change) return "**Since last week:** no earlier snapshot, so week-over-week changes start with next week's issue.";
  const parts = [
    change.progressDelta === null ? 'progress not comparable' : `progress ${points(change.progressDelta)}`,
    `${plural(change.slips.length, 'target')} slipped`,
    `${change.newlyOverdue.length} newly overdue`,
    `${change.newlyStale.length} newly stale`,
  ];
  if (change.added > 0) parts.push(`${plural(change.added, 'node')} added`);
  if (change.removed > 0) parts.push(`${plural(change.removed, 'node')} removed`);
  return `**Since ${escapeInline(change.since)}:** ${parts.join(' · ')}.`;
}

function renderChangeDetails(change: ChangeView | null, listCap: number): string {
  if (!change) return '';
  const lines: string[] = [];
  if (change.slips.length > 0) lines.push(`Slipped:\n${cappedList(change.slips.map(slipPhrase), listCap)}`);
  if (change.newlyOverdue.length > 0) lines.push(`Newly overdue:\n${cappedList(change.newlyOverdue.map(nodeName), listCap)}`);
  if (change.newlyStale.length > 0) lines.push(`Newly stale:\n${cappedList(change.newlyStale.map(nodeName), listCap)}`);
  return lines.join('\n\n');
}

function renderSummary(view: WeeklyView, layout: Layout): string {
  const { summary } = view;
  const overall =
    summary.overall === null
      ? 'Overall progress: no goals yet.'
      : `Overall progress: ${statusBar(summary.overall)} **${percent(summary.overall)}** (mean of ${plural(view.goals.length, view.goalsAreRoots ? 'top node' : 'top goal')}).`;
  const health = (Object.keys(HEALTH_LABELS) as Health[])
    .filter((key) => key !== 'no-plan' || summary.health[key] > 0)
    .map((key) => `${summary.health[key]} ${HEALTH_LABELS[key]}`)
    .join(' · ');
  const statusRows = summary.itemsByStatus.map((row) => [escapeCell(row.status), escapeCell(row.display), String(row.count)]);
  return [
    '## Summary',
    `**${plural(summary.goalCount, 'goal')}**, ${plural(summary.nodeCount, 'node')}, ${plural(summary.itemCount, 'item')}. ${overall}`,
    `Nodes: ${health}.`,
    renderChange(summary.change, summary.untrustedPrevious),
    renderChangeDetails(summary.change, layout.listCap),
    summary.itemCount > 0 ? table(['Status', 'Stage', 'Items'], statusRows) : '',
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

function renderChart(view: WeeklyView, layout: Layout): string {
  if (view.chart.length === 0) return '';
  const cap = Math.min(view.maxChartNodes, layout.chartNodes);
  if (cap <= 0)
    return `## Tree\n\n_The chart of ${plural(view.chart.length, 'node')} is left out to keep this issue within GitHub's size limit._`;
  const chart = renderMermaidChart(view.chart, cap);
  const parts = ['## Tree', `\`\`\`mermaid\n${chart.text}\n\`\`\``];
  if (chart.hidden > 0) parts.push(`_${plural(chart.hidden, 'more node')} not shown: the chart keeps the top levels under the goals._`);
  return parts.join('\n\n');
}

function issueLines(issues: GoalIssuesView, requiredCount: number, linkCap: number): string[] {
  const scope = requiredCount > 0 ? ` (this goal and the ${plural(requiredCount, 'node')} it requires)` : '';
  if (issues.total === 0 && issues.opened.length === 0 && issues.closed.length === 0) {
    return [`- **Linked issues:** none yet${scope}`];
  }
  const lines = [
    `- **Linked issues:** ${issues.opened.length} opened, ${issues.closed.length} closed this week; ${issues.open} still open${scope}`,
  ];
  const listed = (label: string, list: IssueView[]): void => {
    if (linkCap <= 0 || list.length === 0) return;
    const links = list.slice(0, linkCap).map(issueLink);
    if (list.length > linkCap) links.push(`…and ${list.length - linkCap} more`);
    lines.push(`  - ${label}: ${links.join(', ')}`);
  };
  listed('Opened', issues.opened);
  listed('Closed', issues.closed);
  return lines;
}

function goalHeading(goal: GoalView): string {
  const title = goal.node.title.trim() || goal.node.id;
  return `### ${escapeInline(title)}`;
}

function renderGoal(view: WeeklyView, goal: GoalView, layout: Layout): string {
  const headline = [
    `${statusBar(goal.progress)} **${percent(goal.progress)}**`,
    goal.progressDelta === null ? null : `${points(goal.progressDelta)} since ${escapeInline(view.summary.change?.since ?? '')}`,
    goal.done ? 'done' : HEALTH_LABELS[goal.health],
  ].filter((part) => part !== null);
  const lines = [`- **Status quo:** ${statusQuoPhrase(goal.statusQuo)}`];
  if (goal.overdue) lines.push(`- **Overdue target:** ${targetPhrase(goal.overdue)}`);
  if (goal.upcoming) lines.push(`- **Next target:** ${targetPhrase(goal.upcoming)}`);
  if (!goal.overdue && !goal.upcoming) {
    lines.push(
      goal.undatedTargets.length > 0
        ? `- **Next target:** ${goal.undatedTargets.map((text) => escapeInline(text)).join(', ')} (date not understood)`
        : '- **Next target:** none set',
    );
  }
  if (view.summary.change) {
    lines.push(
      goal.slips.length === 0
        ? '- **Slipped since last week:** nothing'
        : `- **Slipped since last week:** ${goal.slips.slice(0, layout.listCap).map(slipPhrase).join('; ')}${goal.slips.length > layout.listCap ? `; …and ${goal.slips.length - layout.listCap} more` : ''}`,
    );
  }
  if (goal.issues) lines.push(...issueLines(goal.issues, goal.requiredCount, layout.issueLinks));
  if (goal.owners.length > 0) lines.push(`- **Owners:** ${goal.owners.map((login) => owner(login, view.mentionOwners)).join(', ')}`);
  lines.push(`- **Defined in** ${location(view, goal.node.file, goal.node.line)} (${inlineCode(goal.node.id)})`);
  return `${goalHeading(goal)}\n\n${headline.join(' · ')}\n\n${lines.join('\n')}`;
}

function compactTarget(goal: GoalView): string {
  if (goal.overdue) return `overdue by ${dayCount(goal.overdue.daysLeft)}`;
  if (goal.upcoming) return goal.upcoming.daysLeft === 0 ? 'due today' : `in ${dayCount(goal.upcoming.daysLeft)}`;
  return 'none';
}

function renderGoalTable(view: WeeklyView): string {
  const rows = view.goals.map((goal) => [
    `${escapeCell(goal.node.title.trim() || goal.node.id)} (${inlineCode(goal.node.id).replace(/\|/g, '\\|')})`,
    `${statusBar(goal.progress)} ${percent(goal.progress)}${goal.progressDelta === null ? '' : ` (${points(goal.progressDelta)})`}`,
    goal.done ? 'done' : HEALTH_LABELS[goal.health],
    goal.statusQuo.kind === 'dated'
      ? `${formatDuration(goal.statusQuo.ageDays)} old`
      : statusQuoPhrase(goal.statusQuo).replace(/\|/g, '\\|'),
    compactTarget(goal),
    goal.issues ? `${goal.issues.opened.length} opened, ${goal.issues.closed.length} closed, ${goal.issues.open} open` : '—',
  ]);
  return table(['Goal', 'Progress', 'Health', 'Status quo', 'Next target', 'Issues this week'], rows);
}

function renderGoals(view: WeeklyView, layout: Layout): string {
  const heading = view.goalsAreRoots ? '## Top nodes' : '## Goals';
  if (view.goals.length === 0) return `${heading}\n\nThe roadmap has no nodes yet.`;
  if (layout.compactGoals) return `${heading}\n\n${renderGoalTable(view)}`;
  return [heading, ...view.goals.map((goal) => renderGoal(view, goal, layout))].join('\n\n');
}

function renderAttention(view: WeeklyView, layout: Layout): string {
  const { attention } = view;
  const at = (file: string, line: number): string => location(view, file, line);
  const groups: [string, string[]][] = [
    [
      'Overdue targets',
      attention.overdue.map(({ node, target }) => `${nodeName(node)}: ${targetPhrase(target)} — ${at(target.file, target.line)}`),
    ],
    [
      'Stale status quos',
      attention.stale.map(
        (entry) =>
          `${nodeName(entry.node)}: as of ${escapeInline(entry.asOf)}, ${formatDuration(entry.ageDays)} old — ${at(entry.file, entry.line)}`,
      ),
    ],
    [
      'Placeholders',
      attention.placeholders.map((entry) => `${nodeName(entry.node)}: ${escapeInline(entry.section)} — ${at(entry.file, entry.line)}`),
    ],
    [
      'Goals with no linked issues',
      (attention.withoutIssues ?? []).map(
        (entry) => `${nodeName(entry.node)}: no issue carries ${inlineCode(entry.label)} or a label of what it requires`,
      ),
    ],
    [
      'Unknown goal labels in use',
      attention.unknownLabels.map((label) => `${inlineCode(label.name)}: ${plural(label.open, 'open issue')}`),
    ],
    ['Labels of removed nodes', attention.removedNodeLabels.map((name) => `${inlineCode(name)} (the node is gone; the label was kept)`)],
    [
      'Roadmap errors',
      attention.errors.map(
        (diagnostic) => `${inlineCode(diagnostic.code)} ${at(diagnostic.file, diagnostic.line)}: ${escapeInline(diagnostic.message)}`,
      ),
    ],
    [
      'Roadmap files not read',
      attention.unreadFiles.map(
        (diagnostic) => `${inlineCode(diagnostic.code)} ${at(diagnostic.file, diagnostic.line)}: ${escapeInline(diagnostic.message)}`,
      ),
    ],
    ['Configuration problems', attention.configProblems.map((problem) => `${inlineCode(problem.key)}: ${escapeInline(problem.message)}`)],
  ];
  const present = groups.filter(([, entries]) => entries.length > 0);
  if (present.length === 0) return '## Needs attention\n\nNothing needs attention this week. 🎉';
  return [
    '## Needs attention',
    ...present.map(([title, entries]) => `### ${title} (${entries.length})\n\n${cappedList(entries, layout.listCap)}`),
  ].join('\n\n');
}

/** The issue body without the snapshot. */
export function renderWeeklyBody(view: WeeklyView, layout: Layout): string {
  return [
    renderIntro(view),
    renderSummary(view, layout),
    renderChart(view, layout),
    renderGoals(view, layout),
    renderAttention(view, layout),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** The closing line of a body whose snapshot moved to `comments` comments. */
export function continuationNote(comments: number): string {
  return `_This roadmap is too large for one issue body: the data next week's issue compares against continues in the next ${plural(comments, 'comment')}._`;
}

/** A comment holding one part of the snapshot, with a line saying what it is. */
export function renderContinuation(week: string, part: number, parts: number, chunk: string): string {
  return `_Roadmap status ${week}: data for next week's comparison, part ${part} of ${parts}. Please leave this comment in place._\n\n${chunk}\n`;
}

/** The last resort: cut at a line boundary to at most `limit` characters, and say so. */
export function truncateBody(body: string, limit: number): string {
  const note = "\n\n_…the rest of this report was cut to stay within GitHub's 65,536-character limit._";
  const cut = body.lastIndexOf('\n', limit - note.length);
  return `${body.slice(0, Math.max(0, cut))}${note}`;
}
