import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { APP_SLUG, mockRoadmap } from '../app/helpers.js';
import { BASE, edit, page } from './fixtures.js';
import {
  BASE_SHA,
  HEAD_SHA,
  NEXT_HEAD_SHA,
  REPO_PATH,
  api,
  capture,
  createReviewApp,
  deliver,
  mockCommentPages,
  mockPullRequest,
  mockRoadmapFiles,
  mockToken,
  pullRequestPayload,
  type MockComment,
} from './helpers.js';

const NO_CHECK = 'review:\n  checkRun: false\n';
const FOLDERS = (sha: string) => [`${sha}:roadmap`, `${sha}:skill-trees`];
const SLIPPED = edit(BASE, { 'roadmap/async.md': BASE['roadmap/async.md'].replace('end of 2025', 'Q2 2026') });

/** Every request the scope answers, as `METHOD path` (GraphQL with its operation name). */
function recordRequests(scope: nock.Scope): string[] {
  const seen: string[] = [];
  scope.on('request', (request: { method: string; path: string }, _interceptor: unknown, body: string) => {
    const operation = request.path === '/graphql' ? ` ${/query (\w+)/.exec(JSON.parse(body).query)?.[1]}` : '';
    seen.push(`${request.method} ${request.path.split('?')[0]}${operation}`);
  });
  return seen;
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('the one review comment', () => {
  it('updates the app’s comment found on a later page, and leaves a user’s comment carrying the marker alone', async () => {
    const app = await createReviewApp();
    const pages: MockComment[][] = [
      [
        { id: 10, body: `${REVIEW_MARKER}\nI copied the bot's marker`, by: 'user' },
        ...Array.from({ length: 99 }, (_, index) => ({ id: 100 + index, body: 'LGTM', by: 'user' as const })),
      ],
      [{ id: 777, body: `${REVIEW_MARKER}\nan older review`, by: 'app' }],
    ];
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md'], comments: pages, config: NO_CHECK });
    mockCommentPages(scope, pages);
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const updates: { body: string }[] = [];
    capture(scope, 'patch', `${REPO_PATH}/issues/comments/777`, updates);

    await deliver(app, pullRequestPayload('synchronize'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(updates).toHaveLength(1);
    expect(updates[0].body).toContain('**1 target slipped**');
  });

  it('posts its own comment when only a user’s comment carries the marker', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, {
      files: ['roadmap/async.md'],
      comments: [{ id: 10, body: `${REVIEW_MARKER}\n✅ No drift, trust me`, by: 'user' }],
      config: NO_CHECK,
    });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const created: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, created);

    await deliver(app, pullRequestPayload('opened'));

    expect(scope.isDone()).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0].body.startsWith(REVIEW_MARKER)).toBe(true);
  });

  it('writes nothing when the review is unchanged (a replayed webhook)', async () => {
    const first = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: NO_CHECK });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const created: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, created);
    await deliver(first, pullRequestPayload('opened'));
    expect(scope.isDone()).toBe(true);

    // Another instance (empty cache) gets the same delivery: it reads, finds its comment as is, writes nothing.
    const second = await createReviewApp();
    const replay = mockToken(api());
    mockPullRequest(replay, { files: ['roadmap/async.md'], comments: [{ id: 900, body: created[0].body, by: 'app' }], config: NO_CHECK });
    mockRoadmapFiles(replay, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    await deliver(second, pullRequestPayload('opened'));

    expect(second.errors).not.toHaveBeenCalled();
    expect(replay.isDone()).toBe(true);
    expect(created).toHaveLength(1);
  });

  it('reads only the new head on the next push (the base is cached) and updates the comment in place', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: NO_CHECK });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const created: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, created, { id: 900 });
    await deliver(app, pullRequestPayload('opened'));
    expect(scope.isDone()).toBe(true);

    const next = edit(SLIPPED, { 'roadmap/async.md': SLIPPED['roadmap/async.md'].replace('Q2 2026', 'Q1 2026') });
    const push = api();
    mockPullRequest(push, {
      head: NEXT_HEAD_SHA,
      files: ['roadmap/async.md'],
      comments: [{ id: 900, body: created[0].body, by: 'app' }],
      config: NO_CHECK,
    });
    mockRoadmapFiles(push, { [NEXT_HEAD_SHA]: next }, FOLDERS(NEXT_HEAD_SHA));
    const updated: { body: string }[] = [];
    capture(push, 'patch', `${REPO_PATH}/issues/comments/900`, updated);
    await deliver(app, pullRequestPayload('synchronize', { head: NEXT_HEAD_SHA }));

    expect(app.errors).not.toHaveBeenCalled();
    expect(push.isDone()).toBe(true);
    expect(updated).toHaveLength(1);
    expect(updated[0].body).toContain('| end of 2025 | Q1 2026 | ⚠️ slipped +90 days');
  });

  it('reviews two quick pushes one after the other, so they never post two comments', async () => {
    const app = await createReviewApp();
    const posted: { body: string }[] = [];
    const scope = mockToken(api());
    mockPullRequest(scope, {
      files: ['roadmap/async.md'],
      comments: () => posted.map((comment) => ({ id: 900, body: comment.body, by: 'app' as const })),
      config: NO_CHECK,
      times: 2,
    });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, posted);

    const payload = pullRequestPayload('synchronize');
    await Promise.all([
      app.probot.receive({ id: 'push-1', name: 'pull_request', payload } as never),
      app.probot.receive({ id: 'push-2', name: 'pull_request', payload } as never),
    ]);
    await app.idle();

    expect(app.errors).not.toHaveBeenCalled();
    expect(posted).toHaveLength(1);
  });

  it('says so when a later push no longer touches the roadmap, in the same comment', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, {
      files: ['src/lib.rs'],
      comments: [{ id: 900, body: `${REVIEW_MARKER}\n⚠️ **1 target slipped**`, by: 'app' }],
      config: NO_CHECK,
    });
    const updated: { body: string }[] = [];
    capture(scope, 'patch', `${REPO_PATH}/issues/comments/900`, updated);

    await deliver(app, pullRequestPayload('synchronize'));

    expect(scope.isDone()).toBe(true);
    expect(updated.map((update) => update.body)).toMatchInlineSnapshot(`
      [
        "<!-- roadmap-bot:pr-review -->

      ✅ As of \`2222222\` this pull request no longer changes the roadmap, so there is no roadmap drift to review.",
      ]
    `);
  });
});

describe('a push that stops touching the roadmap, with review.checkRun on', () => {
  const CHECK = 'review:\n  checkRun: true\n';
  const reviewed = [{ id: 900, body: `${REVIEW_MARKER}\n⚠️ **1 target slipped**`, by: 'app' as const }];

  it('updates the comment and writes no check run: like any pull request off the roadmap, at most 2 calls', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    mockPullRequest(scope, { files: ['src/lib.rs'], comments: reviewed, config: CHECK, head: NEXT_HEAD_SHA });
    capture(scope, 'patch', `${REPO_PATH}/issues/comments/900`, []);

    await deliver(app, pullRequestPayload('synchronize', { head: NEXT_HEAD_SHA }));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual([
      'POST /graphql RoadmapReviewPullRequest',
      `PATCH ${REPO_PATH}/issues/comments/900`,
    ]);
  });
});

describe('API economy', () => {
  it('spends 1 call and writes nothing on a pull request that touches no roadmap file, even with no config of its own', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    // No config in the repository nor an organisation .github repository: the same query asked for both.
    mockPullRequest(scope, { files: ['src/lib.rs', 'README.md', 'docs/roadmap.md'], config: null, organizationConfig: 'missing' });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual(['POST /graphql RoadmapReviewPullRequest']);
  });

  it("uses the organisation's .github config, read in the same query, when the repository has none", async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: null, organizationConfig: 'review:\n  checkRun: false\n' });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, []);

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    // checkRun: false came from the organisation: no check run.
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual([
      'POST /graphql RoadmapReviewPullRequest',
      'POST /graphql RoadmapReviewBlobs',
      `POST ${REPO_PATH}/issues/2/comments`,
    ]);
  });

  it('spends 1 call when the repository has its config file', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    mockPullRequest(scope, { files: ['src/lib.rs'], config: NO_CHECK });

    await deliver(app, pullRequestPayload('opened'));

    expect(scope.isDone()).toBe(true);
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual(['POST /graphql RoadmapReviewPullRequest']);
  });

  it('spends 4 calls on a roadmap pull request of a repository without config: 2 GraphQL reads, the comment and the check run', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: null });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: SLIPPED }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, []);
    capture(scope, 'post', `${REPO_PATH}/check-runs`, [], { id: 5 });

    await deliver(app, pullRequestPayload('opened'));

    expect(scope.isDone()).toBe(true);
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual([
      'POST /graphql RoadmapReviewPullRequest',
      'POST /graphql RoadmapReviewBlobs',
      `POST ${REPO_PATH}/issues/2/comments`,
      `POST ${REPO_PATH}/check-runs`,
    ]);
  });

  it('falls back to the tree listing when a roadmap folder is deeper than one query reads', async () => {
    const app = await createReviewApp();
    const deep = 'roadmap/a/b/c/d/deep.md';
    const head = edit(BASE, { [deep]: page({ title: 'Deep down', targets: ['Q4 2025'] }) });
    const scope = mockToken(api());
    mockPullRequest(scope, { files: [deep], config: NO_CHECK });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [...FOLDERS(BASE_SHA), ...FOLDERS(HEAD_SHA)]);
    const roadmapFiles = Object.fromEntries(Object.entries(head).filter(([path]) => path.startsWith('roadmap/')));
    mockRoadmap(scope, roadmapFiles, HEAD_SHA);
    const created: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, created);

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(created[0].body).toContain('- ➕ Added [Deep down]');
  });
});

describe('which events are reviewed', () => {
  it('reviews an edit that changed the base, and ignores other edits', async () => {
    const app = await createReviewApp();
    const titleOnly = { ...pullRequestPayload('edited'), changes: { title: { from: 'Old title' } } };
    await deliver(app, titleOnly);

    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['src/lib.rs'], config: NO_CHECK });
    await deliver(app, { ...pullRequestPayload('edited'), changes: { base: { ref: { from: 'develop' }, sha: { from: 'f'.repeat(40) } } } });

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
  });

  it('reviews draft pull requests too', async () => {
    const app = await createReviewApp();
    const payload = pullRequestPayload('opened');
    payload.pull_request.draft = true;
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['src/lib.rs'], config: NO_CHECK });

    await deliver(app, payload);

    expect(scope.isDone()).toBe(true);
  });

  it('ignores pull requests the app opened itself', async () => {
    const app = await createReviewApp();
    const bot = { login: `${APP_SLUG}[bot]`, type: 'Bot', id: 1 };
    await deliver(app, pullRequestPayload('opened', { user: bot }));
    await deliver(app, { ...pullRequestPayload('synchronize'), sender: bot });
    expect(app.errors).not.toHaveBeenCalled();
  });

  it('skips an event whose head commit was force-pushed away, instead of reviewing an empty roadmap', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: NO_CHECK, headFound: false });

    await deliver(app, pullRequestPayload('synchronize'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
  });

  it('writes nothing for a late event about an older head: the event for the current head reviews that', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    const seen = recordRequests(scope);
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: NO_CHECK, currentHead: NEXT_HEAD_SHA });

    await deliver(app, pullRequestPayload('synchronize'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(seen.filter((request) => !request.includes('access_tokens'))).toEqual(['POST /graphql RoadmapReviewPullRequest']);
  });

  it('does nothing past the first read when review.enabled is off', async () => {
    const app = await createReviewApp();
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/async.md'], config: 'review:\n  enabled: false\n' });

    await deliver(app, pullRequestPayload('reopened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
  });
});
