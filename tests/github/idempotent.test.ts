import { Octokit } from '@octokit/rest';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckRunReport } from '../../src/core/review/check-run-report.js';
import { CHECK_RUN_NAME, writeCheckRun } from '../../src/github/check-run.js';
import type { GitHubClient } from '../../src/github/client.js';
import { isAppComment, upsertMarkedComment } from '../../src/github/comments.js';
import {
  createOnce,
  DEFAULT_RETRY_POLICY,
  isUnclearFailure,
  retryPolicyOf,
  retryPolicyPlugin,
  type RetryPolicy,
} from '../../src/github/idempotent.js';
import { OWNER, REPO, SHA, api } from './helpers.js';

const quiet = () => undefined;
const log = { debug: quiet, info: quiet, warn: quiet, error: quiet };
/** A REST client whose retry settings say: 3 attempts, 1 ms per back-off second. */
function retryingClient(): GitHubClient {
  const WithPolicy = Octokit.plugin(retryPolicyPlugin);
  return new WithPolicy({ auth: 'test-token', retry: { retries: 2, retryAfterBaseValue: 1 }, log }) as unknown as GitHubClient;
}

const FAST: { createRetryPolicy: RetryPolicy } = { createRetryPolicy: { attempts: 3, backoffBaseMs: 1 } };
const failure = (status?: number) =>
  Object.assign(new Error(`failed with ${status ?? 'no answer'}`), status === undefined ? {} : { status });

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('createOnce', () => {
  it('creates once and never looks when GitHub answers', async () => {
    const find = vi.fn(async () => 'found');
    const create = vi.fn(async () => 'created');
    await expect(createOnce(FAST, { find, create })).resolves.toBe('created');
    expect(create).toHaveBeenCalledTimes(1);
    expect(find).not.toHaveBeenCalled();
  });

  it('after a lost answer, finds what the create made instead of creating it again', async () => {
    const find = vi.fn(async () => 'found');
    const create = vi.fn(async () => {
      throw failure(502);
    });
    await expect(createOnce(FAST, { find, create })).resolves.toBe('found');
    expect(create).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it('creates again when the failed create left nothing, up to the policy’s attempts', async () => {
    const find = vi.fn(async () => null);
    let calls = 0;
    const create = vi.fn(async () => {
      calls += 1;
      if (calls < 3) throw failure();
      return 'third';
    });
    await expect(createOnce(FAST, { find, create })).resolves.toBe('third');
    expect(find).toHaveBeenCalledTimes(2);

    const never = vi.fn(async () => {
      throw failure(500);
    });
    await expect(createOnce(FAST, { find: async () => null, create: never })).rejects.toMatchObject({ status: 500 });
    expect(never).toHaveBeenCalledTimes(3);
  });

  it('gives up at once when GitHub refuses the write (4xx): it did not happen', async () => {
    const find = vi.fn(async () => 'found');
    const create = vi.fn(async () => {
      throw failure(422);
    });
    await expect(createOnce(FAST, { find, create })).rejects.toMatchObject({ status: 422 });
    expect(create).toHaveBeenCalledTimes(1);
    expect(find).not.toHaveBeenCalled();
  });

  it('backs off n² back-off seconds before retry n', async () => {
    const slow = { createRetryPolicy: { attempts: 3, backoffBaseMs: 20 } };
    const started = performance.now();
    await expect(createOnce(slow, { find: async () => null, create: async () => Promise.reject(failure(503)) })).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 + 80 - 5);
  });

  it('counts 5xx and missing answers as unclear, 4xx as refusals', () => {
    expect([undefined, 500, 502, 504].map((status) => isUnclearFailure(failure(status)))).toEqual([true, true, true, true]);
    expect([400, 403, 404, 422].map((status) => isUnclearFailure(failure(status)))).toEqual([false, false, false, false]);
  });
});

describe('retryPolicyPlugin', () => {
  it('takes the client’s retry settings: off means one attempt', () => {
    expect(retryPolicyPlugin(null, { retry: { enabled: false } }).createRetryPolicy).toEqual({ attempts: 1, backoffBaseMs: 1000 });
    expect(retryPolicyPlugin(null, { retry: { retries: 5, retryAfterBaseValue: 50 } }).createRetryPolicy).toEqual({
      attempts: 6,
      backoffBaseMs: 50,
    });
    expect(retryPolicyPlugin(null, {}).createRetryPolicy).toEqual(DEFAULT_RETRY_POLICY);
    expect(retryPolicyOf(retryingClient())).toEqual({ attempts: 3, backoffBaseMs: 1 });
    expect(retryPolicyOf({})).toEqual({ attempts: 4, backoffBaseMs: 1000 });
  });
});

describe('creating writes whose answer is lost', () => {
  const COMMENTS = `/repos/${OWNER}/${REPO}/issues/3/comments`;
  const MARKER = '<!-- roadmap-bot:test -->';
  const mine = (id: number, body: string) => ({
    id,
    body,
    user: { login: 'roadmap-bot[bot]', type: 'Bot' },
    performed_via_github_app: { id: 10 },
  });

  it('a marked comment: the search after the failure finds it, and it is not posted again', async () => {
    const scope = api()
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(COMMENTS, { body: `${MARKER}\nHello` })
      .reply(502, { message: 'Bad Gateway' })
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [mine(77, `${MARKER}\nHello`)]);

    const result = await upsertMarkedComment(retryingClient(), {
      owner: OWNER,
      repo: REPO,
      issue_number: 3,
      marker: MARKER,
      isOwn: isAppComment({ appId: 10, slug: 'roadmap-bot' }),
      body: 'Hello',
    });
    expect(result).toEqual({ action: 'created', id: 77 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  describe('a check run', () => {
    const report: CheckRunReport = { conclusion: 'neutral', title: '1 new warning', summary: 'Roadmap drift.', annotations: [] };
    const RUNS = `/repos/${OWNER}/${REPO}/commits/${SHA}/check-runs`;
    const listed = { check_name: CHECK_RUN_NAME, app_id: '10', filter: 'all', per_page: '100' };
    const run = (id: number, appId: number, conclusion: string) => ({
      id,
      status: 'completed',
      conclusion,
      app: { id: appId },
      output: { title: report.title, summary: report.summary },
    });
    const write = { owner: OWNER, repo: REPO, headSha: SHA, report, appId: 10 };

    it('is not created again when the app’s run with this outcome is on the head', async () => {
      const scope = api()
        .post(`/repos/${OWNER}/${REPO}/check-runs`)
        .reply(500, { message: 'Server Error' })
        .get(RUNS)
        .query(listed)
        .reply(200, { total_count: 1, check_runs: [run(9001, 10, 'neutral')] });

      await expect(writeCheckRun(retryingClient(), write)).resolves.toEqual({ id: 9001 });
      expect(scope.pendingMocks()).toEqual([]);
    });

    describe('past 50 annotations', () => {
      const annotations = Array.from({ length: 70 }, (_, index) => ({
        path: 'roadmap/a.md',
        start_line: index + 1,
        end_line: index + 1,
        annotation_level: 'warning' as const,
        message: `Problem ${index}`,
        title: 'placeholder',
      }));
      const many = { ...write, report: { ...report, annotations } };
      const RUN = `/repos/${OWNER}/${REPO}/check-runs/9001`;
      const added = (body: { output: { annotations?: unknown[] } }) => body.output.annotations?.length === 20;

      it('does not add a batch again when the run shows it landed despite the lost answer', async () => {
        const scope = api()
          .post(`/repos/${OWNER}/${REPO}/check-runs`)
          .reply(201, { id: 9001 })
          .patch(RUN, added)
          .reply(502, { message: 'Bad Gateway' })
          .get(RUN)
          .reply(200, { id: 9001, output: { annotations_count: 70 } });

        await expect(writeCheckRun(retryingClient(), many)).resolves.toEqual({ id: 9001 });
        expect(scope.pendingMocks()).toEqual([]);
      });

      it('adds the batch again when the run shows it missing', async () => {
        const scope = api()
          .post(`/repos/${OWNER}/${REPO}/check-runs`)
          .reply(201, { id: 9001 })
          .patch(RUN, added)
          .reply(500, { message: 'Server Error' })
          .get(RUN)
          .reply(200, { id: 9001, output: { annotations_count: 50 } })
          .patch(RUN, added)
          .reply(200, { id: 9001 });

        await expect(writeCheckRun(retryingClient(), many)).resolves.toEqual({ id: 9001 });
        expect(scope.pendingMocks()).toEqual([]);
      });
    });

    it('is created again when the head has only other outcomes or other apps’ runs', async () => {
      const scope = api()
        .post(`/repos/${OWNER}/${REPO}/check-runs`)
        .reply(500, { message: 'Server Error' })
        .get(RUNS)
        .query(listed)
        .reply(200, { total_count: 2, check_runs: [run(9001, 10, 'success'), run(9002, 11, 'neutral')] })
        .post(
          `/repos/${OWNER}/${REPO}/check-runs`,
          (body: { name: string; head_sha: string }) => body.name === CHECK_RUN_NAME && body.head_sha === SHA,
        )
        .reply(201, { id: 9003 });

      await expect(writeCheckRun(retryingClient(), write)).resolves.toEqual({ id: 9003 });
      expect(scope.pendingMocks()).toEqual([]);
    });
  });
});
