/**
 * Writes the `roadmap-bot` check run of a roadmap pull request (what it says
 * is `src/core/review/check-run-report.ts`). GitHub takes at most 50
 * annotations per request, so the run is created with the first 50 and the
 * rest are added 50 at a time.
 */
import { ANNOTATIONS_PER_REQUEST } from '../core/model/github-limits.js';
import type { CheckAnnotation, CheckRunReport } from '../core/review/check-run-report.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import { createOnce, NO_RETRIES } from './idempotent.js';
import type { ExistingCheckRun } from './pull-request.js';

export const CHECK_RUN_NAME = 'roadmap-bot';
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
      alreadyReported(
        [{ status: run.status, conclusion: run.conclusion, title: run.output.title, summary: run.output.summary }],
        write.report,
      ),
  );
  return reported ? { id: reported.id } : null;
}

/**
 * Creates the completed check run with the first 50 annotations, then adds
 * the rest 50 per request. The run is created, and each batch added, once
 * even when GitHub's answer is lost (`createOnce`).
 */
export async function writeCheckRun(octokit: GitHubClient, write: CheckRunWrite): Promise<{ id: number }> {
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
  return { id: run.id };
}
