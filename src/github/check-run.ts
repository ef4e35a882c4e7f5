/**
 * The `roadmap-bot` check run of a roadmap pull request (SPEC §5): failure on
 * new errors, neutral on new warnings, success otherwise, with a line
 * annotation per new diagnostic at the head. GitHub takes at most 50
 * annotations per request, so the run is created with the first 50 and the
 * rest are added 50 at a time.
 */
import type { Drift } from '../core/review/drift.js';
import { FINDING_KINDS, type FindingKind } from '../core/review/findings.js';
import type { Diagnostic, Severity } from '../core/model/model.js';
import { escapeAnnotation, MAX_MESSAGE_TEXT } from '../core/markdown/escape.js';
import { plural } from '../core/markdown/format.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import { createOnce, NO_RETRIES } from './idempotent.js';
import type { ExistingCheckRun } from './pull-request.js';

export const CHECK_RUN_NAME = 'roadmap-bot';
/** GitHub's limit per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limit for `output.summary`. */
const OUTPUT_TEXT_LIMIT = 65535;
/** GitHub's limit for an annotation's title. */
const ANNOTATION_TITLE_LIMIT = 255;

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
        title: escapeAnnotation(diagnostic.node ? `${diagnostic.code} (${diagnostic.node})` : diagnostic.code, ANNOTATION_TITLE_LIMIT),
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
  return { conclusion, title, summary: clip(lines.join('\n'), OUTPUT_TEXT_LIMIT), annotations: annotationsFor(diagnostics) };
}

/** True when the app already completed a run with this outcome on the commit (a replayed webhook): nothing to write. */
export function alreadyReported(existing: ExistingCheckRun[], report: CheckRunReport): boolean {
  return existing.some(
    (run) =>
      run.status.toLowerCase() === 'completed' &&
      run.conclusion?.toLowerCase() === report.conclusion &&
      run.title === report.title &&
      run.summary === report.summary,
  );
}

export interface CheckRunWrite extends RepositoryRef {
  headSha: string;
  report: CheckRunReport;
  detailsUrl?: string;
  /** The app writing the run: only its own runs count when looking for one whose creation went unanswered. */
  appId: number;
}

/** The app's completed run of this name on the head with the report's outcome, if there is one. */
async function findReportedRun(octokit: GitHubClient, write: CheckRunWrite): Promise<{ id: number } | null> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: write.owner,
    repo: write.repo,
    ref: write.headSha,
    check_name: CHECK_RUN_NAME,
    app_id: write.appId,
    filter: 'all',
    per_page: 100,
  });
  const reported = data.check_runs.find(
    (run) =>
      run.app?.id === write.appId &&
      alreadyReported([{ status: run.status, conclusion: run.conclusion, title: run.output.title, summary: run.output.summary }], write.report),
  );
  return reported ? { id: reported.id } : null;
}

/**
 * Creates the completed check run with the first 50 annotations, then adds
 * the rest 50 per request. The run is created, and each batch added, once
 * even when GitHub's answer is lost (`createOnce`).
 */
export async function writeCheckRun(octokit: GitHubClient, write: CheckRunWrite): Promise<{ id: number; calls: number }> {
  const { owner, repo, report } = write;
  const batches: CheckAnnotation[][] = [];
  for (let start = 0; start < report.annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    batches.push(report.annotations.slice(start, start + ANNOTATIONS_PER_REQUEST));
  }
  const output = (annotations: CheckAnnotation[] | undefined) => ({
    title: report.title,
    summary: report.summary,
    ...(annotations && annotations.length > 0 ? { annotations } : {}),
  });
  const run = await createOnce(octokit, {
    find: () => findReportedRun(octokit, write),
    create: async () => {
      const { data } = await octokit.rest.checks.create({
        owner,
        repo,
        name: CHECK_RUN_NAME,
        head_sha: write.headSha,
        status: 'completed',
        conclusion: report.conclusion,
        ...(write.detailsUrl ? { details_url: write.detailsUrl } : {}),
        output: output(batches[0]),
        ...NO_RETRIES,
      });
      return { id: data.id };
    },
  });
  let annotated = batches[0]?.length ?? 0;
  for (const batch of batches.slice(1)) {
    annotated += batch.length;
    const expected = annotated;
    // Annotations add up: a blind resend after a lost answer would show the batch twice.
    await createOnce(octokit, {
      find: async () => {
        const { data } = await octokit.rest.checks.get({ owner, repo, check_run_id: run.id });
        return data.output.annotations_count >= expected ? data.id : null;
      },
      create: async () => {
        await octokit.rest.checks.update({ owner, repo, check_run_id: run.id, output: output(batch), ...NO_RETRIES });
        return run.id;
      },
    });
  }
  return { id: run.id, calls: Math.max(1, batches.length) };
}
