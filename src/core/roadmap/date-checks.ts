/**
 * The clock-free date checks: targets due after those of the goals that
 * require them (schedule conflicts), targets before the status quo, and
 * missing or unparseable dates. The time-based ones are checks.ts.
 */
import { daysBetween, isParsedDate } from '../model/dates.js';
import type { Diagnostic, ParsedDate, RoadmapNode, Target } from '../model/model.js';
import { clip, diagnostic } from '../model/diagnostics.js';

/** The parsed target due last, if any. */
export function lastTarget(node: RoadmapNode): (Target & { by: ParsedDate }) | null {
  let last: (Target & { by: ParsedDate }) | null = null;
  for (const target of node.targets) {
    if (!isParsedDate(target.by)) continue;
    if (last === null || target.by.end >= last.by.end) last = target as Target & { by: ParsedDate };
  }
  return last;
}

/** A node whose last target is due after the last target of a node that requires it. */
export interface ScheduleConflict {
  /** The node required, due too late. */
  required: RoadmapNode;
  requiredDue: Target & { by: ParsedDate };
  /** The node that requires it, due earlier. */
  requiredBy: RoadmapNode;
  due: Target & { by: ParsedDate };
  /** How many days `required` is due after `requiredBy`. */
  days: number;
}

/** Every schedule conflict of the requires graph, in node order, then requires order. */
export function scheduleConflicts(nodes: RoadmapNode[]): ScheduleConflict[] {
  const byId = new Map<string, RoadmapNode>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const lastTargets = new Map(nodes.map((node) => [node, lastTarget(node)]));
  const conflicts: ScheduleConflict[] = [];
  for (const node of nodes) {
    const due = lastTargets.get(node);
    if (!due) continue;
    for (const requiredId of new Set(node.requires)) {
      const required = byId.get(requiredId);
      const requiredDue = required ? lastTargets.get(required) : null;
      if (!required || required === node || !requiredDue || requiredDue.by.end <= due.by.end) continue;
      conflicts.push({ required, requiredDue, requiredBy: node, due, days: daysBetween(due.by.end, requiredDue.by.end) });
    }
  }
  return conflicts;
}

export function checkSchedules(nodes: RoadmapNode[], diagnostics: Diagnostic[]): void {
  for (const { required, requiredDue, requiredBy, due } of scheduleConflicts(nodes)) {
    diagnostics.push(
      diagnostic(
        'warning',
        'schedule-conflict',
        requiredDue.file,
        requiredDue.line,
        `"${clip(required.id)}" is due ${requiredDue.by.text} (${requiredDue.by.end}), after "${clip(requiredBy.id)}", which requires it, is due ${due.by.text} (${due.by.end}). Move "${clip(required.id)}"'s target earlier or "${clip(requiredBy.id)}"'s later.`,
        required.id,
      ),
    );
  }
}

const DATE_EXAMPLES = '`2025-06-30`, `June 2025`, `Q2 2025`, `H1 2025`, `summer 2025`, `mid-2025`, `end of 2025` or `2025`';

export function checkDates(nodes: RoadmapNode[], diagnostics: Diagnostic[]): void {
  for (const node of nodes) {
    const statusQuo = node.statusQuo;
    if (statusQuo) {
      if (statusQuo.asOf === null) {
        const fix = /\.ya?ml$/i.test(statusQuo.file)
          ? 'add `asOf: <date>` to `statusQuo`'
          : 'write the heading as "Status quo as of <date>"';
        diagnostics.push(
          diagnostic(
            'warning',
            'missing-status-quo-date',
            statusQuo.file,
            statusQuo.line,
            `The status quo of "${clip(node.id)}" has no date, so nobody can tell how old it is; ${fix}.`,
            node.id,
          ),
        );
      } else if (!isParsedDate(statusQuo.asOf)) {
        diagnostics.push(unparseableDate(statusQuo.asOf.text, 'status quo date', statusQuo.file, statusQuo.line, node.id));
      }
    }
    for (const target of node.targets) {
      if (!isParsedDate(target.by)) {
        diagnostics.push(unparseableDate(target.by.text, 'target date', target.file, target.line, node.id));
      } else if (statusQuo && isParsedDate(statusQuo.asOf) && target.by.end < statusQuo.asOf.start) {
        diagnostics.push(
          diagnostic(
            'warning',
            'target-before-status-quo',
            target.file,
            target.line,
            `The target "${target.by.text}" of "${clip(node.id)}" was due ${target.by.end}, before the status quo (as of ${statusQuo.asOf.text}) was written; update the target's date or remove the target if it is done.`,
            node.id,
          ),
        );
      }
    }
  }
}

function unparseableDate(text: string, what: string, file: string, line: number, nodeId: string): Diagnostic {
  const shown = text === '' ? `The ${what} is missing` : `The ${what} "${clip(text)}" is not a date roadmap-bot understands`;
  return diagnostic('warning', 'unparseable-date', file, line, `${shown}; write it like ${DATE_EXAMPLES}.`, nodeId);
}
