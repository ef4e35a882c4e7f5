import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER } from '../../src/core/issues/goal-comments.js';
import { touchesRoadmap } from '../../src/flows/label-sync.js';
import {
  APP_ID,
  BEFORE_SHA,
  BRANCH,
  HEAD_SHA,
  OWNER,
  REPO,
  ROADMAP,
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

const REPO_PATH = `/repos/${OWNER}/${REPO}`;
const COLOR = '0e8a16';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function mockRepository(scope: nock.Scope, repo = REPO): nock.Scope {
  return scope
    .get(`/repos/${OWNER}/${repo}`)
    .reply(200, { name: repo, full_name: `${OWNER}/${repo}`, default_branch: BRANCH, html_url: `https://github.com/${OWNER}/${repo}` });
}

describe('installation.created', () => {
  it('creates the missing goal labels and labels the issues roadmap items reference', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockRepository(scope);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [label('bug')]);
    scope
      .post(`${REPO_PATH}/labels`, { name: 'goal:async-drop', color: COLOR, description: 'Async drop' })
      .reply(201, label('goal:async-drop'));
    scope
      .post(`${REPO_PATH}/labels`, { name: 'goal:async', color: COLOR, description: 'Async Rust is delightful' })
      .reply(201, label('goal:async'));
    // Item "Design async drop (#12)" is in this repository; octo/other#3 is not and is left alone.
    scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [label('bug')] });
    scope.post(`${REPO_PATH}/issues/12/labels`, { labels: ['goal:async-drop'] }).reply(200, []);

    await probot.receive({ id: '1', name: 'installation', payload: example('installation', 'created') });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('makes no write when replayed: labels and issue labels are already there', async () => {
    const { probot, bot, errors } = await createTestApp();
    const payload = example('installation', 'created');
    const first = mockToken(api());
    mockConfig(first, null);
    mockRepository(first);
    mockBranchSha(first);
    mockRoadmap(first);
    first.get(`${REPO_PATH}/labels`).query({ per_page: 100 }).reply(200, []);
    first.post(`${REPO_PATH}/labels`).twice().reply(201, {});
    first.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [] });
    first.post(`${REPO_PATH}/issues/12/labels`).reply(200, []);
    await probot.receive({ id: '1', name: 'installation', payload });
    await bot.idle();
    expect(first.pendingMocks()).toEqual([]);

    // The replay sees the first run's state; the roadmap of that commit comes from the cache.
    const replay = api();
    mockConfig(replay, null);
    mockRepository(replay);
    mockBranchSha(replay);
    replay
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [
        { ...label('goal:async-drop', COLOR), description: 'Async drop' },
        { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
      ]);
    replay.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [label('goal:async-drop')] });
    await probot.receive({ id: '1', name: 'installation', payload });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(replay.pendingMocks()).toEqual([]);
  });

  it('updates a label whose description or colour changed, treats a concurrent create as done, never deletes', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'labels:\n  color: "#1D76DB"\n');
    mockRepository(scope);
    mockBranchSha(scope);
    mockRoadmap(scope);
    scope
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [
        { ...label('Goal:Async', '1d76db'), description: 'Old title' },
        { ...label('goal:removed-node', '1d76db'), description: 'A node no longer in the roadmap' },
      ]);
    scope
      .post(`${REPO_PATH}/labels`, { name: 'goal:async-drop', color: '1d76db', description: 'Async drop' })
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
    scope.patch(`${REPO_PATH}/labels/Goal%3AAsync`, { color: '1d76db', description: 'Async Rust is delightful' }).reply(200, {});
    scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [label('goal:async-drop')] });

    await probot.receive({ id: '1', name: 'installation', payload: example('installation', 'created') });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  describe('with issues.linkComment on, an issue that already carries its goal label', () => {
    async function syncAgain(comments: object[], write?: (scope: nock.Scope) => void): Promise<nock.Scope> {
      const { probot, bot, errors } = await createTestApp();
      const scope = mockToken(api());
      mockConfig(scope, 'issues:\n  linkComment: true\n');
      mockRepository(scope);
      mockBranchSha(scope);
      mockRoadmap(scope);
      scope
        .get(`${REPO_PATH}/labels`)
        .query({ per_page: 100 })
        .reply(200, [
          { ...label('goal:async-drop', COLOR), description: 'Async drop' },
          { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
        ]);
      scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [label('goal:async-drop')] });
      scope.get(`${REPO_PATH}/issues/12/comments`).query({ per_page: 100 }).reply(200, comments);
      write?.(scope);
      await probot.receive({ id: '1', name: 'installation', payload: example('installation', 'created') });
      await bot.idle();
      expect(errors).not.toHaveBeenCalled();
      return scope;
    }

    it('gets the link comment it lacks (a sync cut off after the label is completed)', async () => {
      let posted = '';
      const scope = await syncAgain([comment(5, 'a user’s comment', 'user')], (mock) =>
        mock
          .post(`${REPO_PATH}/issues/12/comments`, (body: { body: string }) => {
            posted = body.body;
            return true;
          })
          .reply(201, { id: 6 }),
      );
      expect(scope.pendingMocks()).toEqual([]);
      expect(posted.startsWith(GOAL_LINK_MARKER)).toBe(true);
    });

    it('keeps the link comment it has as it is: one listing, no write', async () => {
      const scope = await syncAgain([comment(5, `${GOAL_LINK_MARKER}\nan older text of the link`)]);
      expect(scope.pendingMocks()).toEqual([]);
    });
  });

  it('runs two overlapping syncs of one repository one after another: one link comment, not two', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    for (let sync = 0; sync < 2; sync++) {
      mockConfig(scope, 'issues:\n  linkComment: true\n');
      mockRepository(scope);
      mockBranchSha(scope);
      mockRoadmap(scope);
      scope
        .get(`${REPO_PATH}/labels`)
        .query({ per_page: 100 })
        .reply(200, [
          { ...label('goal:async-drop', COLOR), description: 'Async drop' },
          { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
        ]);
      scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [label('goal:async-drop')] });
    }
    const posted: string[] = [];
    scope
      .get(`${REPO_PATH}/issues/12/comments`)
      .query({ per_page: 100 })
      .times(2)
      .reply(200, () => posted.map((body, index) => comment(100 + index, body)));
    scope
      .post(`${REPO_PATH}/issues/12/comments`, (body: { body: string }) => {
        posted.push(body.body);
        return true;
      })
      .times(2)
      .reply(201, () => ({ id: 100 + posted.length - 1 }));

    const payload = example('installation', 'created');
    await Promise.all([
      probot.receive({ id: '1', name: 'installation', payload }),
      probot.receive({ id: '2', name: 'installation', payload }),
    ]);
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(posted).toHaveLength(1);
  });

  it('does nothing past the config when labels.sync is off', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'labels:\n  sync: false\n');

    await probot.receive({ id: '1', name: 'installation', payload: example('installation', 'created') });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('syncs every added repository in its own job; one failing does not stop the other', async () => {
    const { probot, bot, errors } = await createTestApp();
    const payload = example('installation_repositories', 'added');
    payload.repositories_added = [
      { id: 1, name: 'Broken', full_name: `${OWNER}/Broken`, private: false },
      { id: 2, name: REPO, full_name: `${OWNER}/${REPO}`, private: false },
    ];
    const scope = mockToken(api());
    scope.get(/\/repos\/Codertocat\/Broken\/contents\//).reply(500, { message: 'Server Error' });
    mockConfig(scope, 'labels:\n  sync: true\n');
    mockRepository(scope);
    mockBranchSha(scope);
    mockRoadmap(scope, { 'roadmap/async.md': ROADMAP['roadmap/async.md'] });
    scope.get(`${REPO_PATH}/labels`).query({ per_page: 100 }).reply(200, []);
    scope.post(`${REPO_PATH}/labels`, { name: 'goal:async', color: COLOR, description: 'Async Rust is delightful' }).reply(201, {});

    await probot.receive({ id: '1', name: 'installation_repositories', payload });
    await bot.idle();

    expect(scope.pendingMocks()).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][1]).toContain('label-sync Codertocat/Broken');
  });

  it('reads the app identity once with GET /app when it is not configured', async () => {
    const { probot, bot, errors } = await createTestApp({ knownIdentity: false });
    const scope = api().get('/app').reply(200, { id: APP_ID, slug: 'roadmap-bot', name: 'roadmap-bot' });
    mockToken(scope);
    mockConfig(scope, 'labels:\n  sync: false\n');
    mockConfig(scope, 'labels:\n  sync: false\n');

    await probot.receive({ id: '1', name: 'installation', payload: example('installation', 'created') });
    await probot.receive({ id: '2', name: 'installation', payload: example('installation', 'created') });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });
});

function pushPayload(files: { added?: string[]; modified?: string[]; removed?: string[] }, commits = 1): any {
  const payload = example('push');
  const template = payload.commits.length > 0 ? payload.commits[0] : {};
  payload.ref = `refs/heads/${BRANCH}`;
  payload.deleted = false;
  payload.before = BEFORE_SHA;
  payload.after = HEAD_SHA;
  payload.commits = Array.from({ length: commits }, (_, index) => ({
    ...template,
    id: String(index).padStart(40, 'c'),
    added: files.added ?? [],
    modified: files.modified ?? [],
    removed: files.removed ?? [],
  }));
  return payload;
}

describe('push to the default branch', () => {
  const BEFORE_ROADMAP = {
    ...ROADMAP,
    'roadmap/async-drop.md': ROADMAP['roadmap/async-drop.md'].replace(' (#12)', ''),
  };

  it('syncs labels and labels only the issues the push newly references', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    mockRoadmap(scope, ROADMAP, HEAD_SHA);
    scope
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [
        { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
        { ...label('goal:async-drop', COLOR), description: 'Async drop' },
      ]);
    mockRoadmap(scope, BEFORE_ROADMAP, BEFORE_SHA);
    scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [] });
    scope.post(`${REPO_PATH}/issues/12/labels`, { labels: ['goal:async-drop'] }).reply(200, []);

    await probot.receive({ id: '1', name: 'push', payload: pushPayload({ modified: ['roadmap/async-drop.md'] }) });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('posts the goal link on newly labelled issues when issues.linkComment is on', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, 'issues:\n  linkComment: true\n');
    mockRoadmap(scope, ROADMAP, HEAD_SHA);
    scope
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [
        { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
        { ...label('goal:async-drop', COLOR), description: 'Async drop' },
      ]);
    mockRoadmap(scope, BEFORE_ROADMAP, BEFORE_SHA);
    scope.get(`${REPO_PATH}/issues/12`).reply(200, { number: 12, labels: [] });
    scope.post(`${REPO_PATH}/issues/12/labels`, { labels: ['goal:async-drop'] }).reply(200, []);
    scope.get(`${REPO_PATH}/issues/12/comments`).query({ per_page: 100 }).reply(200, []);
    let posted = '';
    scope
      .post(`${REPO_PATH}/issues/12/comments`, (body: { body: string }) => {
        posted = body.body;
        return true;
      })
      .reply(201, { id: 1 });

    await probot.receive({ id: '1', name: 'push', payload: pushPayload({ modified: ['roadmap/async-drop.md'] }) });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted).toContain(`[Async drop](https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/roadmap/async-drop.md#L1)`);
  });

  it('stops after the config when the push touches neither the roadmap nor the config', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);

    await probot.receive({ id: '1', name: 'push', payload: pushPayload({ modified: ['README.md', 'src/lib.rs'] }) });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('makes no request at all for a push to another branch or a deleted branch', async () => {
    const { probot, bot, errors } = await createTestApp();
    const other = pushPayload({ modified: ['roadmap/async.md'] });
    other.ref = 'refs/heads/feature';
    const deleted = pushPayload({ modified: [] });
    deleted.deleted = true;

    await probot.receive({ id: '1', name: 'push', payload: other });
    await probot.receive({ id: '2', name: 'push', payload: deleted });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
  });

  it('asks the compare API which files changed when the payload holds 20 commits (it may be truncated)', async () => {
    const { probot, bot, errors } = await createTestApp();
    const scope = mockToken(api());
    mockConfig(scope, null);
    scope
      .get(`${REPO_PATH}/compare/${BEFORE_SHA}...${HEAD_SHA}`)
      .query({ per_page: 1 })
      .reply(200, { files: [{ filename: '.github/roadmap-bot.yml', status: 'modified' }] });
    mockRoadmap(scope, ROADMAP, HEAD_SHA);
    scope
      .get(`${REPO_PATH}/labels`)
      .query({ per_page: 100 })
      .reply(200, [
        { ...label('goal:async', COLOR), description: 'Async Rust is delightful' },
        { ...label('goal:async-drop', COLOR), description: 'Async drop' },
      ]);
    mockRoadmap(scope, ROADMAP, BEFORE_SHA);

    await probot.receive({ id: '1', name: 'push', payload: pushPayload({ modified: ['README.md'] }, 20) });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('ignores pushes made by the app itself', async () => {
    const { probot, bot, errors } = await createTestApp();
    const payload = pushPayload({ modified: ['roadmap/async.md'] });
    payload.sender = { ...payload.sender, login: 'roadmap-bot[bot]', type: 'Bot' };

    await probot.receive({ id: '1', name: 'push', payload });
    await bot.idle();

    expect(errors).not.toHaveBeenCalled();
  });
});

describe('touchesRoadmap', () => {
  it('is true for roadmap files and the config file only', () => {
    const globs = ['roadmap/**/*.md'];
    expect(touchesRoadmap(['roadmap/a/b.md'], globs)).toBe(true);
    expect(touchesRoadmap(['.github/roadmap-bot.yml'], globs)).toBe(true);
    expect(touchesRoadmap(['roadmap/a.txt', 'docs/x.md'], globs)).toBe(false);
  });
});
