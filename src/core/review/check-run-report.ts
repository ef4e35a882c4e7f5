/**
 * What the `roadmap-bot` check run of a roadmap pull request says (SPEC §5):
 * failure on new errors, neutral on new warnings, success otherwise, a
 * summary of the findings, and a line annotation per new diagnostic at the
 * head. Pure; `src/github/check-run.ts` writes it.
 */
import { escapeAnnotation, MAX_MESSAGE_TEXT } from '../markdown/escape.js';
import { plural } from '../markdown/format.js';
import { MAX_ANNOTATION_TITLE, MAX_CHECK_SUMMARY } from '../model/github-limits.js';
import type { Diagnostic, Severity } from '../model/model.js';
import type { Drift } from './drift.js';
import { FINDING_KINDS, type FindingKind } from './findings.js';

export type CheckConclusion = 'success' | 'neutral' | 'failure';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
}

export interface CheckRunReport {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

const ANNOTATION_LEVELS: Record<Severity, CheckAnnotation['annotation_level']> = {
  error: 'failure',
  warning: 'warning',
  info: 'notice',
};

export function checkConclusion(diagnostics: Diagnostic[]): CheckConclusion {
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return 'failure';
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'warning')) return 'neutral';
  return 'success';
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** One annotation per diagnostic that names a file (a repository-wide note, file `.`, has no line to sit on). */
export function annotationsFor(diagnostics: Diagnostic[]): CheckAnnotation[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.file !== '' && diagnostic.file !== '.')
    .map((diagnostic) => {
      const line = Math.max(1, diagnostic.line);
      return {
        path: diagnostic.file,
        start_line: line,
        end_line: line,
        annotation_level: ANNOTATION_LEVELS[diagnostic.severity],
        message: escapeAnnotation(diagnostic.message, MAX_MESSAGE_TEXT),
        title: escapeAnnotation(diagnostic.node ? `${diagnostic.code} (${diagnostic.node})` : diagnostic.code, MAX_ANNOTATION_TITLE),
      };
    });
}

function severityCounts(diagnostics: Diagnostic[]): string[] {
  return (['error', 'warning', 'info'] as const).flatMap((severity) => {
    const count = diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
    const noun = severity === 'info' ? 'note' : severity;
    return count > 0 ? [plural(count, `new ${noun}`)] : [];
  });
}

function findingCounts(drift: Drift): string[] {
  const counts = new Map<FindingKind, number>();
  for (const finding of drift.findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  return FINDING_KINDS.flatMap((kind) => (counts.has(kind) ? [`${counts.get(kind)} × \`${kind}\``] : []));
}

/**
 * The check run for a reviewed pull request. `diagnostics` are the new ones
 * (the drift's, plus the head config's problems when the pull request
 * changes it); `commentUrl` points at the review comment with the details.
 */
export function checkRunReport(drift: Drift, diagnostics: Diagnostic[], commentUrl: string | null): CheckRunReport {
  const conclusion = checkConclusion(diagnostics);
  const counts = severityCounts(diagnostics);
  const title = counts.length > 0 ? counts.join(', ') : 'No new problems in the roadmap';
  const findings = findingCounts(drift);
  const lines = [
    `Roadmap drift as of ${drift.now}: ${counts.length > 0 ? counts.join(', ') : 'no new errors or warnings'}.`,
    '',
    findings.length > 0 ? `Findings: ${findings.join(', ')}.` : 'No target, status-quo or structure changes.',
  ];
  const elsewhere = [
    ...(drift.untouched.stale > 0 ? [plural(drift.untouched.stale, 'stale status quo')] : []),
    ...(drift.untouched.overdue > 0 ? [plural(drift.untouched.overdue, 'overdue target')] : []),
  ];
  if (elsewhere.length > 0) lines.push('', `Elsewhere in the roadmap: ${elsewhere.join(' and ')}.`);
  if (commentUrl) lines.push('', `The review comment has the details: ${commentUrl}`);
  return { conclusion, title, summary: clip(lines.join('\n'), MAX_CHECK_SUMMARY), annotations: annotationsFor(diagnostics) };
}
