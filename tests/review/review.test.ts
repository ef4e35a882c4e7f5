import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE, edit, page } from './fixtures.js';
import {
  BASE_SHA,
  HEAD_SHA,
  REPO_PATH,
  api,
  capture,
  createReviewApp,
  deliver,
  mockOpenIssues,
  mockPullRequest,
  mockRoadmapFiles,
  mockToken,
  pullRequestPayload,
} from './helpers.js';

const CONFIG = 'review:\n  checkRun: true\n';
const FOLDERS = (sha: string) => [`${sha}:roadmap`, `${sha}:skill-trees`];

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('target-date drift', () => {
  it('shows slips, pull-ins, overdue targets and new schedule conflicts', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, {
      'roadmap/async.md': BASE['roadmap/async.md'].replace('end of 2025', 'Q2 2026'),
      'roadmap/async-drop.md': BASE['roadmap/async-drop.md'].replace(/Q3 2025/g, 'July 2025'),
      'roadmap/executor.md': BASE['roadmap/executor.md'].replace(/2025-08-15/g, 'Q4 2025'),
    });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md', 'roadmap/async-drop.md', 'roadmap/executor.md'], config: CONFIG });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);
    const checks: any[] = [];
    capture(scope, 'post', `${REPO_PATH}/check-runs`, checks, { id: 5 });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **2 targets slipped**, 1 overdue target, 1 schedule conflict · 1 target pulled in

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L14) | Q3 2025 | July 2025 | ✅ pulled in 61 days (2 months) |
      | [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L10) | — | March 2025 | ⏰ overdue by 2 months |
      | [🎯 Async Rust is delightful](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async.md#L11) | end of 2025 | Q2 2026 | ⚠️ slipped +181 days (6 months) |
      | [Executor traits](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/executor.md#L7) | 2025-08-15 | Q4 2025 | ⚠️ slipped +138 days (5 months) |
      | [Executor traits](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/executor.md#L7) | — | Q4 2025 | ⚠️ due 5 months after [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L4), which requires it |

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
    expect(checks[0]).toMatchInlineSnapshot(`
      {
        "conclusion": "neutral",
        "details_url": "https://github.com/Codertocat/Hello-World/pull/2#issuecomment-900",
        "head_sha": "2222222222222222222222222222222222222222",
        "name": "roadmap-bot",
        "output": {
          "annotations": [
            {
              "annotation_level": "warning",
              "end_line": 7,
              "message": ""executor" is due Q4 2025 (2025-12-31), after "async-drop", which requires it, is due July 2025 (2025-07-31). Move "executor"'s target earlier or "async-drop"'s later.",
              "path": "roadmap/executor.md",
              "start_line": 7,
              "title": "schedule-conflict (executor)",
            },
          ],
          "summary": "Roadmap drift as of 2025-06-01: 1 new warning.

      Findings: 2 × \`target-slipped\`, 1 × \`target-pulled-in\`, 1 × \`target-overdue\`, 1 × \`schedule-conflict\`.

      The review comment has the details: https://github.com/Codertocat/Hello-World/pull/2#issuecomment-900",
          "title": "1 new warning",
        },
        "status": "completed",
      }
    `);
  });
});

describe('status-quo drift', () => {
  it('flags a stale status quo edited without re-dating, notes a re-dating, and sums up untouched stale nodes', async () => {
    const app = await createReviewApp();
    const base = edit(BASE, {
      'roadmap/io.md': page({ title: 'Async I/O', statusQuo: ['June 2024', 'Blocking reads everywhere.'] }),
      'roadmap/book.md': page({ title: 'Async book', statusQuo: ['2024-01', 'Three chapters of twelve.'] }),
    });
    const head = edit(base, {
      'roadmap/io.md': page({ title: 'Async I/O', statusQuo: ['June 2024', 'Reads are async on Linux; Windows still blocks.'] }),
      'roadmap/executor.md': BASE['roadmap/executor.md'].replace('April 2025', 'May 2025'),
    });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/io.md', 'roadmap/executor.md'], config: 'review:\n  checkRun: false\n' });
    mockRoadmapFiles(scope, { [BASE_SHA]: base, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 status quo edited without re-dating**, 1 stale status quo · 1 status quo re-dated

      ### Status quo

      | Node | As of | Age | Finding |
      |---|---|---|---|
      | [Executor traits](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/executor.md#L3) | April 2025 → May 2025 | 1 day | ✅ re-dated +31 days (4 weeks) |
      | [Async I/O](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/io.md#L3) | June 2024 | 11 months | 🕰️ stale: say where things stand today and re-date it |
      | [Async I/O](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/io.md#L3) | June 2024 | 11 months | ✏️ text edited but the date did not move: re-date it? |

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 stale status quo and 1 overdue target (\`roadmap-bot check\` lists them).

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
  });
});

describe('structure', () => {
  it('flags an item that moved backwards and notes one that was done', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, {
      'roadmap/async-drop.md': BASE['roadmap/async-drop.md']
        .replace('Design async drop `implementation`', 'Design async drop `design`')
        .replace('- [ ] Write the RFC `design`', '- [x] Write the RFC'),
    });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async-drop.md'], config: 'review:\n  checkRun: false\n' });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);

    await deliver(app, pullRequestPayload('opened'));

    expect(scope.isDone()).toBe(true);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 overdue target**, 1 item moved backwards · 1 item changed status

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L10) | — | March 2025 | ⏰ overdue by 2 months |

      ### Structure

      - [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L20): Design async drop (#12) ▮▮▮▯▯ → ▮▮▯▯▯ (\`implementation\` → \`design\`) ⬅️ moved backwards
      - [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L21): Write the RFC ▮▮▯▯▯ → ▮▮▮▮▮ (\`design\` → \`done\`)

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
  });

  it('counts the open issues still labelled with a removed node, and fails the check on the new error', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, { 'roadmap/executor.md': null });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/executor.md'], config: CONFIG });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    mockOpenIssues(scope, { 'goal:executor': 3 });
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);
    const checks: any[] = [];
    capture(scope, 'post', `${REPO_PATH}/check-runs`, checks, { id: 5 });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ❌ **1 new error**, 1 removed node still labelling open issues

      ### Structure

      - ➖ Removed Executor traits (\`executor\`, was in \`roadmap/executor.md\`) — ⚠️ 3 open issues still labelled \`goal:executor\`

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 overdue target (\`roadmap-bot check\` lists them).

      <details><summary>1 new diagnostic (1 error)</summary>

      - ❌ \`unknown-requires\` [roadmap/async-drop.md:2](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/roadmap/async-drop.md#L2) — "async-drop" requires "executor", which no roadmap file defines. Fix the id, or add a node with id "executor".

      </details>

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
    expect(checks[0].conclusion).toBe('failure');
    expect(checks[0].output.title).toBe('1 new error');
    expect(checks[0].output.annotations).toEqual([
      expect.objectContaining({
        path: 'roadmap/async-drop.md',
        start_line: 2,
        annotation_level: 'failure',
        title: 'unknown-requires (async-drop)',
      }),
    ]);
  });
  it('reviews a page moved out of the roadmap folder as a removed node (a rename names its old path only in the REST list)', async () => {
    const app = await createReviewApp();
    const head = edit(BASE, { 'roadmap/executor.md': null, 'archive/executor.md': BASE['roadmap/executor.md'] });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['archive/executor.md'], renamed: { 'archive/executor.md': 'roadmap/executor.md' }, config: CONFIG });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    mockOpenIssues(scope, { 'goal:executor': 0 });
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);
    capture(scope, 'post', `${REPO_PATH}/check-runs`, [], { id: 5 });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('➖ Removed Executor traits (`executor`, was in `roadmap/executor.md`)');
  });
});
