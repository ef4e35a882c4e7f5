/** Check runs, with GitHub's limit of 50 annotations per request (more are appended by updates). */
import { invalidRequest, requireFields } from '../errors.js';
import { route } from '../router.js';
import type { CheckRunInput } from '../state.js';
import type { AnnotationRecord, CheckRunConclusion, CheckRunStatus } from '../types.js';

const STATUSES: readonly CheckRunStatus[] = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];
const CONCLUSIONS: readonly CheckRunConclusion[] = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];

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

  route('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { docs: 'checks/runs#update-a-check-run' }, (context) => {
    const repo = context.repo();
    const run = context.state.checkRun(repo, Number(context.params.check_run_id));
    context.state.updateCheckRun(run, checkRunInput(context.params));
    return context.shapes.checkRun(repo, run);
  }),
];
