/**
 * `src/core/issues/` owns what the bot says on issues (rendering only; the
 * writes are `src/flows/refresh-goal-comments.ts`).
 *
 * The texts of the comments the bot keeps on issues (SPEC §6): the reply to
 * unknown goal labels and the link from an issue to its goals. Pure: the
 * roadmap, the day and the links come in, Markdown goes out. All user text
 * (titles, ids, label names, date text) goes through `escapeInline`.
 */
import { ageInDays, daysUntilDue, formatDuration, isParsedDate } from '../model/dates.js';
import { closestMatches, goalLabelName } from '../model/labels.js';
import type { ParsedDate, Roadmap, RoadmapNode } from '../model/model.js';
import { escapeInline } from '../markdown/escape.js';

export const UNKNOWN_LABEL_MARKER = '<!-- roadmap-bot:unknown-goal-label -->';
export const GOAL_LINK_MARKER = '<!-- roadmap-bot:goal-link -->';

export function isGoalLabel(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase());
}

/** Goal label name (lower case) → node, for the labels the roadmap defines. */
export function nodesByLabel(roadmap: Roadmap, prefix: string): Map<string, RoadmapNode> {
  const byLabel = new Map<string, RoadmapNode>();
  for (const node of roadmap.nodes) {
    const key = goalLabelName(node.id, prefix).name.toLowerCase();
    if (!byLabel.has(key)) byLabel.set(key, node);
  }
  return byLabel;
}

export interface GoalLabelSplit {
  known: { label: string; node: RoadmapNode }[];
  unknown: { label: string; suggestions: string[] }[];
}

/** Splits an issue's goal labels into those naming a node and those that do not (with suggestions). */
export function classifyGoalLabels(labels: string[], roadmap: Roadmap, prefix: string): GoalLabelSplit {
  const byLabel = nodesByLabel(roadmap, prefix);
  const ids = roadmap.nodes.map((node) => node.id);
  const split: GoalLabelSplit = { known: [], unknown: [] };
  for (const label of labels) {
    if (!isGoalLabel(label, prefix)) continue;
    const node = byLabel.get(label.toLowerCase());
    if (node) {
      split.known.push({ label, node });
    } else {
      const suggestions = closestMatches(label.slice(prefix.length), ids).map((id) => goalLabelName(id, prefix).name);
      split.unknown.push({ label, suggestions });
    }
  }
  return split;
}

export interface RoadmapLocation {
  /** e.g. `main` */
  branch: string;
  /** The commit the roadmap was read at. */
  sha: string;
  /** Link to a file and line at that commit. */
  lineUrl(file: string, line: number): string;
  /** The roadmap globs, to say where goals live. */
  globs: string[];
}

/** Identifiers (label names, ids, globs) read literally: `*`, `_` and `~` must not turn into emphasis. */
export function literal(text: string): string {
  // Not inside the code spans that hold addresses: a backslash there would show.
  return escapeInline(text).replace(/(`[^`]*`)|[*_~]/g, (match, span: string | undefined) => span ?? `\\${match}`);
}

function bold(text: string): string {
  return `**${literal(text)}**`;
}

export function renderUnknownLabelReply(unknown: GoalLabelSplit['unknown'], prefix: string, where: RoadmapLocation): string {
  const lines = [
    UNKNOWN_LABEL_MARKER,
    unknown.length === 1 ? '👋 This goal label matches no goal in the roadmap:' : '👋 These goal labels match no goal in the roadmap:',
    '',
  ];
  for (const { label, suggestions } of unknown) {
    const hint = suggestions.length > 0 ? `did you mean ${suggestions.map(bold).join(' or ')}?` : 'no goal has a similar id.';
    lines.push(`- ${bold(label)} — ${hint}`);
  }
  lines.push(
    '',
    `A goal label is ${bold(prefix)} followed by the id of a goal in the roadmap files (${where.globs
      .map(literal)
      .join(', ')}) on ${bold(where.branch)}. Swap the label for a suggested one, or add the goal to the roadmap.`,
  );
  return lines.join('\n');
}

export function renderUnknownLabelsResolved(): string {
  return [UNKNOWN_LABEL_MARKER, '✅ Every goal label on this issue now matches a goal in the roadmap.'].join('\n');
}

/** A path from a top goal down the `requires` edges to the node (shortest; the node alone if it is a goal). */
export function goalPath(roadmap: Roadmap, id: string): RoadmapNode[] {
  const byId = new Map(roadmap.nodes.map((node) => [node.id, node]));
  const start = byId.get(id);
  if (!start) return [];
  const requiredBy = new Map<string, string[]>();
  for (const node of roadmap.nodes) {
    for (const required of node.requires) {
      const parents = requiredBy.get(required) ?? [];
      parents.push(node.id);
      requiredBy.set(required, parents);
    }
  }
  // Breadth-first up the reverse edges: the nearest top goal wins; without one, the farthest ancestor.
  const cameFrom = new Map<string, string | null>([[start.id, null]]);
  let frontier = [start.id];
  let farthest = start.id;
  let found: string | null = start.kind === 'goal' ? start.id : null;
  while (!found && frontier.length > 0) {
    const next: string[] = [];
    for (const current of frontier) {
      for (const parent of requiredBy.get(current) ?? []) {
        if (cameFrom.has(parent) || !byId.has(parent)) continue;
        cameFrom.set(parent, current);
        next.push(parent);
        if (!found && byId.get(parent)!.kind === 'goal') found = parent;
      }
    }
    if (next.length > 0) farthest = next[0];
    frontier = next;
  }
  const path: RoadmapNode[] = [];
  for (let at: string | null = found ?? farthest; at !== null; at = cameFrom.get(at) ?? null) path.push(byId.get(at)!);
  return path;
}

function nodeTitle(node: RoadmapNode): string {
  const title = escapeInline(node.title);
  return node.kind === 'goal' && !node.title.startsWith('🎯') ? `🎯 ${title}` : title;
}

function dueText(date: ParsedDate, now: string): string {
  const days = daysUntilDue(date, now);
  if (days === 0) return `due today (${date.end})`;
  return days > 0 ? `due in ${formatDuration(days)} (${date.end})` : `overdue by ${formatDuration(days)} (${date.end})`;
}

/** The earliest target not yet due; else, for a node not done, its latest (overdue) one. */
export function nextTargetLine(node: RoadmapNode, now: string): string {
  const dated = node.targets.flatMap((target) => (isParsedDate(target.by) ? [{ target, by: target.by }] : []));
  const upcoming = dated
    .filter(({ by }) => daysUntilDue(by, now) >= 0)
    .sort((a, b) => (a.by.end < b.by.end ? -1 : a.by.end > b.by.end ? 1 : 0))[0];
  if (upcoming) return `${escapeInline(upcoming.by.text)} — ${dueText(upcoming.by, now)}`;
  if (node.done) return 'none — the goal is done';
  const latest = [...dated].sort((a, b) => (a.by.end < b.by.end ? 1 : a.by.end > b.by.end ? -1 : 0))[0];
  if (latest) return `${escapeInline(latest.by.text)} — ${dueText(latest.by, now)}`;
  const undated = node.targets[0];
  if (undated) return `${escapeInline(undated.by.text)} (not a date the bot understands)`;
  return 'none set';
}

export function statusQuoLine(node: RoadmapNode, now: string): string {
  const statusQuo = node.statusQuo;
  if (!statusQuo) return 'not written yet';
  const asOf = statusQuo.asOf;
  if (!asOf) return 'undated — give the heading a date ("Status quo as of March 2025")';
  if (!isParsedDate(asOf)) return `as of ${escapeInline(asOf.text)} (not a date the bot understands)`;
  const age = ageInDays(asOf, now);
  return `as of ${escapeInline(asOf.text)} (${age === 0 ? 'current' : `${formatDuration(age)} old`})`;
}

export function renderGoalLink(known: GoalLabelSplit['known'], roadmap: Roadmap, now: string, where: RoadmapLocation): string {
  const lines = [GOAL_LINK_MARKER, `🗺️ This issue works toward ${known.length === 1 ? 'a roadmap goal' : 'these roadmap goals'}:`];
  for (const { label, node } of known) {
    const path = goalPath(roadmap, node.id);
    const ancestors = path.slice(0, -1).map(nodeTitle);
    const self = `[${nodeTitle(node)}](${where.lineUrl(node.file, node.line)})`;
    lines.push(
      '',
      `**${[...ancestors, self].join(' › ')}** · ${literal(label)}`,
      `- Next target: ${nextTargetLine(node, now)}`,
      `- Status quo: ${statusQuoLine(node, now)}`,
    );
  }
  lines.push('', `<sub>From the roadmap on ${escapeInline(where.branch)} at ${where.sha.slice(0, 7)}, as of ${now}.</sub>`);
  return lines.join('\n');
}

export function renderNoGoalLink(): string {
  return [GOAL_LINK_MARKER, '🗺️ This issue no longer carries a goal label of the roadmap.'].join('\n');
}
