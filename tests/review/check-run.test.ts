import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Drift } from '../../src/core/review/drift.js';
import type { Diagnostic } from '../../src/core/model/model.js';
import { annotationsFor, checkConclusion, checkRunReport } from '../../src/core/review/check-run-report.js';
import { alreadyReported } from '../../src/github/check-run.js';
import { BASE, edit } from './fixtures.js';
import {
  BASE_SHA,
  HEAD_SHA,
  REPO_PATH,
  api,
  capture,
  createReviewApp,
  deliver,
  mockPullRequest,
  mockRoadmapFiles,
  mockToken,
  pullRequestPayload,
} from './helpers.js';

const FOLDERS = (sha: string) => [`${sha}:roadmap`, `${sha}:skill-trees`];

function manyBrokenGoals(count: number): string {
  const goals = Array.from({ length: count }, (_, index) => [
    `  - id: goal-${index}`,
    `    title: Goal ${index}`,
    `    requires: [missing-${index}]`,
  ]);
  return ['goals:', ...goals.flat(), ''].join('\n');
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the roadmap-bot check run', () => {
  it('creates the run with the first 50 annotations and adds the rest 50 per request', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, { 'roadmap/many.yml': manyBrokenGoals(120) });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/many.yml'], config: 'review:\n  checkRun: true\n' });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, []);
    const created: any[] = [];
    const patched: any[] = [];
    capture(scope, 'post', `${REPO_PATH}/check-runs`, created, { id: 4321 });
    capture(scope, 'patch', `${REPO_PATH}/check-runs/4321`, patched, { id: 4321 });
    capture(scope, 'patch', `${REPO_PATH}/check-runs/4321`, patched, { id: 4321 });

    await deliver(app, pullRequestPayload('synchronize'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      name: 'roadmap-bot',
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'failure',
      output: { title: '120 new errors' },
    });
    const batches = [created[0], ...patched].map((request) => request.output.annotations);
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(
      patched.every((request) => request.output.title === '120 new errors' && request.output.summary === created[0].output.summary),
    ).toBe(true);
    const all = batches.flat();
    expect(new Set(all.map((annotation: { message: string }) => annotation.message)).size).toBe(120);
    expect(all[0]).toEqual({
      path: 'roadmap/many.yml',
      start_line: 4,
      end_line: 4,
      annotation_level: 'failure',
      title: 'unknown-requires (goal-0)',
      message: expect.stringContaining('"goal-0" requires "missing-0"'),
    });
  });

  it('is not written again when the app already reported the same outcome on the head (a replay)', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, { 'roadmap/async.md': BASE['roadmap/async.md'].replace('end of 2025', 'Q2 2026') });
    const scope = mockToken(api());
    const summary = [
      'Roadmap drift as of 2025-06-01: no new errors or warnings.',
      '',
      'Findings: 1 × `target-slipped`.',
      '',
      'Elsewhere in the roadmap: 1 overdue target.',
      '',
      'The review comment has the details: https://github.com/Codertocat/Hello-World/pull/2#issuecomment-900',
    ].join('\n');
    mockPullRequest(scope, {
      files: ['roadmap/async.md'],
      config: 'review:\n  checkRun: true\n',
      checkRuns: [{ status: 'COMPLETED', conclusion: 'SUCCESS', title: 'No new problems in the roadmap', summary }],
    });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, [], { id: 900 });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
  });
});

describe('check-run parts', () => {
  const diagnostic = (severity: Diagnostic['severity'], file = 'roadmap/a.md'): Diagnostic => ({
    severity,
    code: 'placeholder',
    file,
    line: 0,
    message: 'Replace the FIXME.',
  });

  it('concludes failure on errors, neutral on warnings, success otherwise', () => {
    expect(checkConclusion([diagnostic('info'), diagnostic('warning'), diagnostic('error')])).toBe('failure');
    expect(checkConclusion([diagnostic('info'), diagnostic('warning')])).toBe('neutral');
    expect(checkConclusion([diagnostic('info')])).toBe('success');
    expect(checkConclusion([])).toBe('success');
  });

  it('annotates notes as notices on line 1 at least, and leaves out repository-wide diagnostics', () => {
    expect(annotationsFor([diagnostic('info'), diagnostic('warning', '.')])).toEqual([
      { path: 'roadmap/a.md', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'Replace the FIXME.', title: 'placeholder' },
    ]);
  });

  it('keeps annotation titles within GitHub’s 255 characters', () => {
    const [annotation] = annotationsFor([{ ...diagnostic('warning'), node: 'n'.repeat(300) }]);
    expect(annotation.title).toHaveLength(255);
    expect(annotation.title.startsWith('placeholder (nnn')).toBe(true);
    expect(annotation.title.endsWith('…')).toBe(true);
  });

  it('counts a run as already reported only when it completed with the same outcome', () => {
    const drift = { findings: [], untouched: { stale: 0, overdue: 0 }, now: '2025-06-01' } as unknown as Drift;
    const report = checkRunReport(drift, [], null);
    const same = { status: 'COMPLETED', conclusion: 'SUCCESS', title: report.title, summary: report.summary };
    expect(alreadyReported([same], report)).toBe(true);
    expect(alreadyReported([{ ...same, status: 'IN_PROGRESS', conclusion: null }], report)).toBe(false);
    expect(alreadyReported([{ ...same, conclusion: 'NEUTRAL' }], report)).toBe(false);
    expect(alreadyReported([{ ...same, summary: 'older' }], report)).toBe(false);
  });
});
