import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import {
  BRANCH,
  HEAD_SHA,
  OWNER,
  REPO,
  api,
  comment,
  createTestApp,
  example,
  label,
  mockBranchSha,
  mockConfig,
  mockRoadmap,
  mockToken,
} from './helpers.js';

const ISSUE = 1;
const COMMENTS = `/repos/${OWNER}/${REPO}/issues/${ISSUE}/comments`;
const LINK_ON = 'issues:\n  linkComment: true\n';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function issuePayload(action: string, labels: string[], changed?: string): any {
  const payload = example('issues', 'opened');
  payload.action = action;
  payload.issue.number = ISSUE;
  payload.issue.labels = labels.map((name) => label(name));
  if (action === 'closed') payload.issue.state = 'closed';
  if (changed !== undefined) payload.label = label(changed);
  return payload;
}

/** Records the body of each comment written. */
function captureWrites(scope: nock.Scope, method: 'post' | 'patch', path: string, written: string[]): nock.Scope {
  return scope[method](path, (body: { body: string }) => {
    written.push(body.body);
    return true;
  }).reply(method === 'post' ? 201 : 200, { id: 900 });
}

describe('an unknown goal label', () => {
  it('gets one reply naming the closest goal labels', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['bug', 'goal:asyn-drop', 'goal:zzz']) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:unknown-goal-label -->
      👋 These goal labels match no goal in the roadmap:

      - **goal:asyn-drop** — did you mean **goal:async-drop**?
      - **goal:zzz** — no goal has a similar id.

      A goal label is **goal:** followed by the id of a goal in the roadmap files (roadmap/\\*\\*/\\*.md, roadmap/\\*\\*/\\*.yml, roadmap/\\*\\*/\\*.yaml, skill-trees/\\*\\*/\\*.toml) on **master**. Swap the label for a suggested one, or add the goal to the roadmap."
    `);
    expect(errors).not.toHaveBeenCalled();
  });

  it('is not replied to twice when the webhook is replayed', async () => {
    const { receive, errors } = await createTestApp();
    const payload = issuePayload('labeled', ['goal:asyn-drop'], 'goal:asyn-drop');
    const first = mockToken(api());
    mockConfig(first, null);
    mockBranchSha(first);
    mockRoadmap(first);
    first.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(first, 'post', COMMENTS, written);
    await receive({ id: '1', name: 'issues', payload });
    expect(first.pendingMocks()).toEqual([]);

    // The config is cached for a minute: the replay reads only what can have changed.
    const replay = api();
    mockBranchSha(replay);
    replay
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(5, 'Thanks!', 'user'), comment(900, written[0])]);
    await receive({ id: '1', name: 'issues', payload });

    expect(replay.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('updates its reply in place when the unknown labels change, finding it on a later page', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    const page2 = `https://api.github.com${COMMENTS}?per_page=100&page=2`;
    scope
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(5, 'first page', 'user')], { link: `<${page2}>; rel="next", <${page2}>; rel="last"` });
    scope
      .get(COMMENTS)
      .query({ per_page: 100, page: 2 })
      .reply(200, [comment(77, `${UNKNOWN_LABEL_MARKER}\nold reply about goal:zzz`)]);
    const written: string[] = [];
    captureWrites(scope, 'patch', `/repos/${OWNER}/${REPO}/issues/comments/77`, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('labeled', ['goal:asyn-drop'], 'goal:asyn-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toContain('- **goal:asyn-drop** — did you mean **goal:async-drop**?');
    expect(written[0]).not.toContain('goal:zzz');
    expect(errors).not.toHaveBeenCalled();
  });

  it('cannot be hijacked: a marker pasted into a user or another app comment is ignored', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(5, `${UNKNOWN_LABEL_MARKER} pasted`, 'user'), comment(6, `${UNKNOWN_LABEL_MARKER}`, 'other-app')]);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:asyn-drop']) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('turns the reply into an all-clear once the unknown label is removed', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(77, `${UNKNOWN_LABEL_MARKER}\nold reply`)]);
    const written: string[] = [];
    captureWrites(scope, 'patch', `/repos/${OWNER}/${REPO}/issues/comments/77`, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('unlabeled', ['goal:async-drop'], 'goal:asyn-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toEqual([`${UNKNOWN_LABEL_MARKER}\n✅ Every goal label on this issue now matches a goal in the roadmap.`]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('writes no all-clear when there was no reply to begin with', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(5, 'hello', 'user')]);

    await receive({ id: '1', name: 'issues', payload: issuePayload('unlabeled', [], 'goal:asyn-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('gets no reply when issues.unknownLabelReply is off', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  unknownLabelReply: false\n');

    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:asyn-drop']) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('uses the configured prefix', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'labels:\n  prefix: "roadmap/"\n');
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);

    // `goal:…` is not a goal label under this prefix; `roadmap/asyncc` is.
    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:nope', 'roadmap/asyncc']) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toContain('- **roadmap/asyncc** — did you mean **roadmap/async**?');
    expect(written[0]).not.toContain('goal:nope');
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('a known goal label with issues.linkComment on', () => {
  it('gets a comment with the path from the top goal, the next target and the status-quo date', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, LINK_ON);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('labeled', ['goal:async-drop'], 'goal:async-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:goal-link -->
      🗺️ This issue works toward a roadmap goal:

      **🎯 Async Rust is delightful › [Async drop](https://github.com/Codertocat/Hello-World/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/roadmap/async-drop.md#L1)** · goal:async-drop
      - Next target: Q3 2025 — due in 4 months (2025-09-30)
      - Status quo: as of 2024-01 (1.3 years old)

      <sub>From the roadmap on master at aaaaaaa, as of 2025-06-01.</sub>"
    `);
    expect(errors).not.toHaveBeenCalled();
  });

  it('leaves an up-to-date comment alone when the issue is closed (payload derived from issues.opened)', async () => {
    const { receive, errors } = await createTestApp();
    const first = mockToken(api());
    mockConfig(first, LINK_ON);
    mockBranchSha(first);
    mockRoadmap(first);
    first.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(first, 'post', COMMENTS, written);
    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:async']) });
    expect(written[0]).toContain('**[🎯 Async Rust is delightful](');
    expect(written[0]).toContain('- Next target: end of 2025 — due in 7 months (2025-12-31)');
    expect(written[0]).toContain('- Status quo: as of March 2025 (2 months old)');

    const closed = api();
    mockBranchSha(closed);
    closed
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(900, written[0])]);
    await receive({ id: '2', name: 'issues', payload: issuePayload('closed', ['goal:async']) });

    expect(closed.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('finds both of its comments with a single scan when the issue has known and unknown goal labels', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, LINK_ON);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).once().reply(200, []);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);
    captureWrites(scope, 'post', COMMENTS, written);

    await receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:async', 'goal:typo']) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written.map((body) => body.split('\n')[0])).toEqual([UNKNOWN_LABEL_MARKER, GOAL_LINK_MARKER]);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('issue events that concern no goal', () => {
  it('make no request at all for an issue without labels', async () => {
    const { receive, errors } = await createTestApp();
    // Net connect is off: any request would fail its job, and the job would log an error.
    for (const action of ['opened', 'edited', 'reopened']) {
      await receive({ id: action, name: 'issues', payload: issuePayload(action, []) });
    }
    expect(errors).not.toHaveBeenCalled();
  });

  it('stop after the config when the label added is not a goal label', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);

    await receive({ id: '1', name: 'issues', payload: issuePayload('labeled', ['goal:typo', 'bug'], 'bug') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('are ignored when the app itself caused them', async () => {
    const { receive, errors } = await createTestApp();
    const payload = issuePayload('labeled', ['goal:typo'], 'goal:typo');
    payload.sender = { ...payload.sender, login: 'roadmap-bot[bot]', type: 'Bot' };

    await receive({ id: '1', name: 'issues', payload });
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the webhook', () => {
  it('is answered before the work is done: the reply is written by a background job', async () => {
    const { probot, bot, errors } = await createTestApp();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scope = mockToken(api());
    mockConfig(scope, null);
    // GitHub is slow to give the branch's head: the webhook must not wait for it.
    scope
      .get(`/repos/${OWNER}/${REPO}/commits/${BRANCH}`)
      .reply(() =>
        gate.then(() => [200, HEAD_SHA, { 'content-type': 'application/vnd.github.sha' }] as [number, string, Record<string, string>]),
      );
    mockRoadmap(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureWrites(scope, 'post', COMMENTS, written);

    const delivery = probot.receive({ id: '1', name: 'issues', payload: issuePayload('opened', ['goal:asyn-drop']) } as never);
    const first = await Promise.race([
      delivery.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000)),
    ]);
    expect(first).toBe('answered');
    expect(written).toEqual([]);

    release();
    await delivery;
    await bot.idle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });
});
