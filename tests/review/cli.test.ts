import { afterEach, describe, expect, test } from 'vitest';
import { scaledEnv } from '../setup/time.js';
import { parseCommandArgs } from '../../src/cli/args.js';
import { reviewCommandWithEnv } from '../../src/cli/commands/review.js';
import { UsageError } from '../../src/cli/errors.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { captureIo } from '../cli/helpers.js';
import { smallRoadmap, startHarness, TOKEN, type Harness } from '../weekly/harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function runReview(argv: string[], env: Record<string, string | undefined>) {
  const io = captureIo(process.cwd(), '2026-11-30');
  const command = reviewCommandWithEnv(scaledEnv(env));
  const code = await command.run(parseCommandArgs(command.spec, argv), io);
  return { code, io: { out: io.out(), err: io.err() } };
}

/** The small roadmap with its top goal's target moved from 2027-03 to `target`, on branch `slip`, in pull request #… */
function slipTarget(h: Harness, target: string): void {
  h.simulator.commit(h.fullName, 'slip', { 'roadmap/async.md': smallRoadmap({ target })['roadmap/async.md'] }, `slip to ${target}`);
}

function reviewComments(h: Harness, number: number) {
  const pull = h.simulator.snapshot().pulls[h.fullName].find((entry) => entry.number === number);
  return (pull?.comments ?? []).filter((comment) => comment.body.includes(REVIEW_MARKER));
}

const checkRuns = (h: Harness) => h.simulator.snapshot().checkRuns[h.fullName] ?? [];

describe('roadmap-bot review against a simulated GitHub', () => {
  test('posts one comment and one check run as github-actions[bot]; a second run after a push updates the comment in place', async () => {
    harness = await startHarness(smallRoadmap());
    slipTarget(harness, '2027-06');
    const pull = harness.simulator.openPullRequest(harness.fullName, { head: 'slip', title: 'Later async' });
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: harness.simulator.url };
    const args = ['--repo', 'acme/roadmap', '--pr', String(pull.number), '--now', '2026-11-30'];

    harness.simulator.resetRequests();
    const first = await runReview(args, env);
    expect(first.code).toBe(0);
    // The App's reads and writes (the organisation's config rides in the first query), plus who the token is (GraphQL viewer) and the pull request.
    expect(harness.simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /graphql',
      `GET /repos/acme/roadmap/pulls/${pull.number}`,
      'POST /graphql',
      'POST /graphql',
      `POST /repos/acme/roadmap/issues/${pull.number}/comments`,
      'POST /repos/acme/roadmap/check-runs',
    ]);
    expect(first.io.out).toBe(
      `acme/roadmap#${pull.number}: 1 finding(s); comment created as github-actions[bot]; check run created (success)\n`,
    );
    const [comment] = reviewComments(harness, pull.number);
    expect(reviewComments(harness, pull.number)).toHaveLength(1);
    expect(comment.user).toBe('github-actions[bot]');
    expect(comment.body).toContain('1 target slipped');
    expect(comment.body).toMatch(/2027-03.*2027-06/s);
    expect(checkRuns(harness)).toMatchObject([
      { name: 'roadmap-bot', headSha: pull.head.sha, conclusion: 'success', viaApp: 'github-actions' },
    ]);

    slipTarget(harness, '2027-09');
    const second = await runReview(args, env);
    expect(second.io.out).toContain('comment updated');
    const after = reviewComments(harness, pull.number);
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(comment.id);
    expect(after[0].body).toMatch(/2027-03.*2027-09/s);
    expect(checkRuns(harness)).toHaveLength(2);

    const replay = await runReview(args, env);
    expect(replay.io.out).toContain('comment unchanged');
    expect(replay.io.out).toContain('check run unchanged');
    expect(checkRuns(harness)).toHaveLength(2);
  });

  test('--dry-run prints the comment and writes nothing', async () => {
    harness = await startHarness(smallRoadmap());
    slipTarget(harness, '2027-06');
    const pull = harness.simulator.openPullRequest(harness.fullName, { head: 'slip', title: 'Later async' });
    const { code, io } = await runReview(['--repo', 'acme/roadmap', '--pr', String(pull.number), '--now', '2026-11-30', '--dry-run'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: harness.simulator.url,
    });
    expect(code).toBe(0);
    expect(io.out).toContain('1 target slipped');
    expect(io.err).toContain('comment would be created');
    expect(io.err).toContain('check run would be created (success)');
    expect(reviewComments(harness, pull.number)).toEqual([]);
    expect(checkRuns(harness)).toEqual([]);
  });

  test('--path replaces roadmap.paths: a pull request outside those globs is left alone', async () => {
    harness = await startHarness(smallRoadmap());
    slipTarget(harness, '2027-06');
    const pull = harness.simulator.openPullRequest(harness.fullName, { head: 'slip', title: 'Later async' });
    const { io } = await runReview(['--repo', 'acme/roadmap', '--pr', String(pull.number), '--path', 'goals/**/*.md'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: harness.simulator.url,
    });
    expect(io.out).toBe(`acme/roadmap#${pull.number}: nothing to do: the pull request changes no roadmap file\n`);
    expect(reviewComments(harness, pull.number)).toEqual([]);
  });

  test('an unknown pull request is a clear error; a malformed --pr a usage error', async () => {
    harness = await startHarness(smallRoadmap());
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: harness.simulator.url };
    await expect(runReview(['--repo', 'acme/roadmap', '--pr', '404'], env)).rejects.toThrow(/not found, or the credentials cannot see it/);
    await expect(runReview(['--repo', 'acme/roadmap', '--pr', 'x1'], env)).rejects.toThrow(UsageError);
    await expect(runReview(['--repo', 'acme/roadmap'], env)).rejects.toThrow(/--pr N is required/);
  });
});
