/** Check runs, with GitHub's limit of 50 annotations per request (more are appended by updates). */
import { GitHubError, invalidRequest, requireFields } from '../errors.js';
import { route } from '../router.js';
import type { CheckRunInput } from '../state.js';
import type { AnnotationRecord, CheckRunConclusion, CheckRunStatus } from '../types.js';

const STATUSES: readonly CheckRunStatus[] = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];
const CONCLUSIONS: readonly CheckRunConclusion[] = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'timed_out',
];

function member<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (allowed.includes(value as T)) return value as T;
  throw invalidRequest(`For 'properties/${field}', ${JSON.stringify(value)} is not a member of ${JSON.stringify(allowed)}.`);
}

interface CheckRunParams {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
}

function checkRunInput(params: CheckRunParams): CheckRunInput {
  return {
    name: params.name,
    headSha: params.head_sha,
    detailsUrl: params.details_url,
    externalId: params.external_id,
    status: member('status', params.status, STATUSES),
    conclusion: member('conclusion', params.conclusion, CONCLUSIONS),
    startedAt: params.started_at,
    completedAt: params.completed_at,
    output: params.output && {
      title: params.output.title,
      summary: params.output.summary,
      text: params.output.text,
      annotations: params.output.annotations as AnnotationRecord[] | undefined,
    },
  };
}

export const checkRoutes = [
  route('POST /repos/{owner}/{repo}/check-runs', { status: 201, docs: 'checks/runs#create-a-check-run' }, (context) => {
    const repo = context.repo();
    requireFields(context.params, ['name', 'head_sha']);
    const run = context.state.createCheckRun(repo, checkRunInput(context.params), context.actor());
    return context.shapes.checkRun(repo, run);
  }),

  route('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { docs: 'checks/runs#list-check-runs-for-a-git-reference' }, (context) => {
    const repo = context.repo();
    const commit = repo.git.resolve(context.params.ref);
    if (!commit) throw new GitHubError(422, `No commit found for SHA: ${context.params.ref}`);
    const { check_name: name, status, app_id: appId, filter = 'latest' } = context.params;
    const appSlug =
      appId === undefined ? undefined : ([...context.state.apps.values()].find((app) => app.id === Number(appId))?.slug ?? null);
    const matching = [...repo.checkRuns.values()]
      .filter(
        (run) =>
          run.headSha === commit.sha &&
          (name === undefined || run.name === name) &&
          (status === undefined || run.status === status) &&
          (appSlug === undefined || run.viaApp === appSlug),
      )
      .sort((a, b) => b.id - a.id);
    // `latest` (GitHub's default): only the most recent run of each name and app.
    const seen = new Set<string>();
    const isLatest = (run: { name: string; viaApp: string | null }) => {
      const key = `${run.name}\n${run.viaApp}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const runs = filter === 'all' ? matching : matching.filter(isLatest);
    return { total_count: runs.length, check_runs: context.paginate(runs).map((run) => context.shapes.checkRun(repo, run)) };
  }),

  route('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { docs: 'checks/runs#update-a-check-run' }, (context) => {
    const repo = context.repo();
    const run = context.state.checkRun(repo, Number(context.params.check_run_id));
    context.state.updateCheckRun(run, checkRunInput(context.params));
    return context.shapes.checkRun(repo, run);
  }),
];
