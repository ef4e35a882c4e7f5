import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseGoalCommand, refusalMarker } from '../../src/core/issues/goal-command.js';
import { GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import {
  APP_ID,
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

const ISSUE = 7;
const COMMAND_ID = 4444;
const REPO_PATH = `/repos/${OWNER}/${REPO}`;
const COMMENTS = `${REPO_PATH}/issues/${ISSUE}/comments`;

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function commandPayload(body: string): any {
  const payload = example('issue_comment', 'created');
  payload.issue.number = ISSUE;
  payload.issue.labels = [];
  payload.comment.id = COMMAND_ID;
  payload.comment.body = body;
  payload.comment.user = { ...payload.comment.user, login: 'triager', type: 'User' };
  payload.sender = { ...payload.sender, login: 'triager', type: 'User' };
  return payload;
}

function mockPermission(scope: nock.Scope, permission: string, role: string): nock.Scope {
  return scope.get(`${REPO_PATH}/collaborators/triager/permission`).reply(200, { permission, role_name: role, user: { login: 'triager' } });
}

/** The 😕 reaction every refused command gets, on the command's comment. */
function mockRefusalReaction(scope: nock.Scope): nock.Scope {
  return scope
    .post(`${REPO_PATH}/issues/comments/${COMMAND_ID}/reactions`, { content: 'confused' })
    .reply(201, { id: 1, content: 'confused' });
}

function captureComments(scope: nock.Scope, written: string[]): nock.Scope {
  return scope
    .post(COMMENTS, (body: { body: string }) => {
      written.push(body.body);
      return true;
    })
    .reply(201, { id: 901 });
}

describe('parseGoalCommand', () => {
  it('collects ids to add and to remove from every /goal line', () => {
    expect(parseGoalCommand('/goal async, async-drop\nthanks!\n/goal -old goal:typed', 'goal:')).toEqual({
      add: ['async', 'async-drop', 'typed'],
      remove: ['old'],
    });
  });

  it('ignores quoted lines, fenced code and words that only start with /goal', () => {
    expect(parseGoalCommand('> /goal async\n```\n/goal async\n```\n/goals async\n/goal-async', 'goal:')).toBeNull();
  });

  it('returns an empty command for a bare /goal (the usage is then explained)', () => {
    expect(parseGoalCommand('/goal   ', 'goal:')).toEqual({ add: [], remove: [] });
  });

  it('does not take /goal help as a goal id, but still reads a prefixed goal named help', () => {
    expect(parseGoalCommand('/goal help', 'goal:')).toEqual({ add: [], remove: [] });
    expect(parseGoalCommand('/goal HELP\n/goal --help', 'goal:')).toEqual({ add: [], remove: [] });
    expect(parseGoalCommand('/goal goal:help', 'goal:')).toEqual({ add: ['help'], remove: [] });
  });
});

describe('/goal from a user with triage access', () => {
  it('adds the known goals as labels and suggests ids for the unknown ones', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockPermission(scope, 'read', 'triage');
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [label('bug')] });
    scope.post(`${REPO_PATH}/issues/${ISSUE}/labels`, { labels: ['goal:async'] }).reply(200, []);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async asyncdrop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:goal-command 4444 -->
      🤔 No goal in the roadmap has this id:

      - **asyncdrop** — did you mean **goal:async-drop** or **goal:async**?

      Goals are the nodes of the roadmap on master; their labels are goal:&lt;id&gt;."
    `);
    expect(errors).not.toHaveBeenCalled();
  });

  it('makes no write when the delivery is replayed', async () => {
    const { receive, errors } = await createTestApp();
    const payload = commandPayload('/goal async asyncdrop');
    const first = mockToken(api());
    mockConfig(first, null);
    mockPermission(first, 'write', 'write');
    mockBranchSha(first);
    mockRoadmap(first);
    first.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [] });
    first.post(`${REPO_PATH}/issues/${ISSUE}/labels`, { labels: ['goal:async'] }).reply(200, []);
    first.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(first, written);
    await receive({ id: '1', name: 'issue_comment', payload });
    expect(first.pendingMocks()).toEqual([]);

    // The config is cached for a minute: the replay reads only what can have changed.
    const replay = api();
    mockPermission(replay, 'write', 'write');
    mockBranchSha(replay);
    replay.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [label('goal:async')] });
    replay
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(901, written[0])]);
    await receive({ id: '1', name: 'issue_comment', payload });

    expect(replay.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('removes goal labels, stale ones included, and settles the unknown-label reply', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockPermission(scope, 'admin', 'admin');
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(`${REPO_PATH}/issues/${ISSUE}`)
      .reply(200, { number: ISSUE, labels: [label('goal:async'), label('goal:gone'), label('bug')] });
    scope.delete(`${REPO_PATH}/issues/${ISSUE}/labels/goal%3Aasync`).reply(200, []);
    scope.delete(`${REPO_PATH}/issues/${ISSUE}/labels/goal%3Agone`).reply(200, []);
    scope
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [comment(50, `${UNKNOWN_LABEL_MARKER}\nabout goal:gone`)]);
    scope
      .patch(`${REPO_PATH}/issues/comments/50`, {
        body: `${UNKNOWN_LABEL_MARKER}\n✅ Every goal label on this issue now matches a goal in the roadmap.`,
      })
      .reply(200, {});

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal -async -gone -absent') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('posts the goal link itself when issues.linkComment is on (the labeled event it causes is its own)', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  linkComment: true\n');
    mockPermission(scope, 'write', 'write');
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [] });
    scope.post(`${REPO_PATH}/issues/${ISSUE}/labels`, { labels: ['goal:async-drop'] }).reply(200, []);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal goal:async-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('**🎯 Async Rust is delightful › [Async drop](');
    expect(errors).not.toHaveBeenCalled();
  });

  it('posts the goal link an earlier run of the command left out, though the label is already there (linkComment on)', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  linkComment: true\n');
    mockPermission(scope, 'write', 'write');
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [label('goal:async-drop')] });
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async-drop') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0].startsWith(GOAL_LINK_MARKER)).toBe(true);
    expect(errors).not.toHaveBeenCalled();
  });

  it('accepts a custom role based on triage (GitHub folds it into read; user.permissions says triage)', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    scope.get(`${REPO_PATH}/collaborators/triager/permission`).reply(200, {
      permission: 'read',
      role_name: 'issue-wrangler',
      user: { login: 'triager', permissions: { admin: false, maintain: false, push: false, triage: true, pull: true } },
    });
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope.get(`${REPO_PATH}/issues/${ISSUE}`).reply(200, { number: ISSUE, labels: [] });
    scope.post(`${REPO_PATH}/issues/${ISSUE}/labels`, { labels: ['goal:async'] }).reply(200, []);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it.each(['/goal', '/goal help'])('explains the usage for %j, without reading the roadmap or touching labels', async (body) => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockPermission(scope, 'write', 'maintain');
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload(body) });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('`/goal <id> [<id>…]` adds goal labels');
    expect(written[0]).toContain('`/goal help` shows this');
    expect(written[0]).not.toContain('No goal in the roadmap');
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('/goal from others', () => {
  it('gets a polite refusal and changes no label', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockPermission(scope, 'read', 'read');
    mockRefusalReaction(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:goal-refusal 21031067 -->
      🙏 Thanks! Changing goal labels with \`/goal\` needs triage access to this repository (or more).
      A maintainer or triager can apply the goal for you.

      Further \`/goal\` commands of yours on this issue get a 😕 reaction rather than another reply."
    `);
    expect(errors).not.toHaveBeenCalled();
  });

  it('refuses a non-collaborator (GitHub answers 404)', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    scope.get(`${REPO_PATH}/collaborators/triager/permission`).reply(404, { message: 'Not Found' });
    mockRefusalReaction(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toContain(refusalMarker(commandPayload('').comment.user.id));
    expect(written[0]).toContain('needs triage access');
    expect(errors).not.toHaveBeenCalled();
  });

  it('ignores comments of the app itself and of other bots', async () => {
    const { receive, errors } = await createTestApp();
    const own = commandPayload('/goal async');
    own.comment.performed_via_github_app = { id: APP_ID };
    own.sender = { ...own.sender, login: 'roadmap-bot[bot]', type: 'Bot' };
    const other = commandPayload('/goal async');
    other.comment.user = { ...other.comment.user, login: 'helper[bot]', type: 'Bot' };
    other.sender = { ...other.sender, login: 'helper[bot]', type: 'Bot' };

    await receive({ id: '1', name: 'issue_comment', payload: own });
    await receive({ id: '2', name: 'issue_comment', payload: other });
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('comments that are not commands', () => {
  it('cost no request at all', async () => {
    const { receive, errors } = await createTestApp();
    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('I think /goal async fits.') });
    expect(errors).not.toHaveBeenCalled();
  });

  it('stops after the config when the command is off', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  command: false\n');

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('stops after the config when the command is only quoted in code', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);

    await receive({ id: '2', name: 'issue_comment', payload: commandPayload('```\n/goal async\n```') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('reads the config once for a burst of commands', async () => {
    const { receive, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  command: false\n');

    await receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') });
    await receive({ id: '2', name: 'issue_comment', payload: commandPayload('/goal async') });

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the webhook', () => {
  it('is answered before the command is carried out: it runs as a background job', async () => {
    const { probot, bot, errors } = await createTestApp();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const scope = mockToken(api());
    mockConfig(scope, null);
    scope
      .get(`${REPO_PATH}/collaborators/triager/permission`)
      .reply(() => gate.then(() => [200, { permission: 'read', role_name: 'read', user: { login: 'triager' } }] as [number, object]));
    mockRefusalReaction(scope);
    scope.get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    const written: string[] = [];
    captureComments(scope, written);

    const delivery = probot.receive({ id: '1', name: 'issue_comment', payload: commandPayload('/goal async') } as never);
    const first = await Promise.race([
      delivery.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1000)),
    ]);
    expect(first).toBe('answered');

    release();
    await delivery;
    await bot.idle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(written[0]).toContain('needs triage access');
    expect(errors).not.toHaveBeenCalled();
  });
});
