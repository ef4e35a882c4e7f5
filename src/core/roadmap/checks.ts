/**
 * The time-based checks (SPEC §4): stale status quos, overdue targets and
 * status quos dated in the future. `now` is an ISO day passed in, never read
 * from a clock.
 */
import { ageInDays, daysBetween, daysUntilDue, formatDuration, isParsedDate } from '../model/dates.js';
import type { Diagnostic, Roadmap } from '../model/model.js';
import { clip, diagnostic } from '../model/diagnostics.js';

export interface CheckOptions {
  /** ISO day (`YYYY-MM-DD`). */
  now: string;
  /** A status quo older than this many days is stale (`drift.staleAfterDays`, default 180). */
  staleAfterDays: number;
}

export function checkRoadmap(roadmap: Roadmap, options: CheckOptions): Diagnostic[] {
  const { now, staleAfterDays } = options;
  const diagnostics: Diagnostic[] = [];
  for (const node of roadmap.nodes) {
    const statusQuo = node.statusQuo;
    if (statusQuo && isParsedDate(statusQuo.asOf)) {
      const asOf = statusQuo.asOf;
      if (asOf.start > now) {
        diagnostics.push(
          diagnostic(
            'warning',
            'status-quo-in-future',
            statusQuo.file,
            statusQuo.line,
            `The status quo of "${clip(node.id)}" is dated ${asOf.text} (from ${asOf.start}), after today (${now}); date it by when it was written.`,
            node.id,
          ),
        );
      } else {
        const age = ageInDays(asOf, now);
        if (age > staleAfterDays) {
          diagnostics.push(
            diagnostic(
              'warning',
              'stale-status-quo',
              statusQuo.file,
              statusQuo.line,
              `The status quo of "${clip(node.id)}" is as of ${asOf.text}, ${formatDuration(age)} ago (more than ${staleAfterDays} days); check it still holds, update it and its date.`,
              node.id,
            ),
          );
        }
      }
    }
    if (node.done) continue;
    for (const target of node.targets) {
      if (!isParsedDate(target.by) || daysUntilDue(target.by, now) >= 0) continue;
      const late = daysBetween(target.by.end, now);
      diagnostics.push(
        diagnostic(
          'warning',
          'overdue-target',
          target.file,
          target.line,
          `The target "${target.by.text}" of "${clip(node.id)}" was due ${target.by.end}, ${formatDuration(late)} ago, and "${clip(node.id)}" is not done; mark the work done, or move the target to a new date.`,
          node.id,
        ),
      );
    }
  }
  return diagnostics;
}
