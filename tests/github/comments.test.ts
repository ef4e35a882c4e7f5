import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMarkedComments, isAppComment, upsertMarkedComment, withMarker } from '../../src/github/comments.js';
import { API, OWNER, REPO, api, client } from './helpers.js';

const MARKER = '<!-- roadmap-bot:test -->';
const OTHER = '<!-- roadmap-bot:other -->';
const COMMENTS = `/repos/${OWNER}/${REPO}/issues/3/comments`;
const identity = { appId: 10, slug: 'roadmap-bot' };
const isOwn = isAppComment(identity);
const target = { owner: OWNER, repo: REPO, issue_number: 3, marker: MARKER, isOwn };

const mine = (id: number, body: string) => ({
  id,
  body,
  user: { login: 'roadmap-bot[bot]', type: 'Bot' },
  performed_via_github_app: { id: 10 },
});
const users = (id: number, body: string) => ({ id, body, user: { login: 'mallory', type: 'User' }, performed_via_github_app: null });

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('isAppComment', () => {
  it('recognises the app by its id or by its bot user, and nobody else', () => {
    expect(isOwn({ id: 1, performed_via_github_app: { id: 10 }, user: null })).toBe(true);
    expect(isOwn({ id: 1, user: { login: 'Roadmap-Bot[bot]', type: 'Bot' } })).toBe(true);
    expect(isOwn({ id: 1, user: { login: 'roadmap-bot[bot]', type: 'User' } })).toBe(false);
    expect(isOwn({ id: 1, user: { login: 'other[bot]', type: 'Bot' }, performed_via_github_app: { id: 11 } })).toBe(false);
    expect(isOwn({ id: 1, user: { login: 'roadmap-bot', type: 'User' } })).toBe(false);
  });
});

describe('upsertMarkedComment', () => {
  it('creates the comment, marker first, when the app has none', async () => {
    const scope = api()
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [users(1, `${MARKER} copied by a user`)])
      .post(COMMENTS, { body: `${MARKER}\nHello` })
      .reply(201, { id: 2 });

    await expect(upsertMarkedComment(client(), { ...target, body: 'Hello' })).resolves.toEqual({ action: 'created', id: 2 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('updates the app comment found on a later page only when its body differs', async () => {
    const page2 = `${API}${COMMENTS}?per_page=100&page=2`;
    const scope = api()
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [users(1, 'hi')], { link: `<${page2}>; rel="next", <${page2}>; rel="last"` })
      .get(COMMENTS)
      .query({ per_page: 100, page: 2 })
      .reply(200, [mine(5, `${MARKER}\nold`)])
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/5`, { body: `${MARKER}\nnew` })
      .reply(200, { id: 5 });

    await expect(upsertMarkedComment(client(), { ...target, body: `${MARKER}\nnew` })).resolves.toEqual({
      action: 'updated',
      id: 5,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('writes nothing when the body is unchanged', async () => {
    const scope = api()
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [mine(5, withMarker('same', MARKER))]);

    await expect(upsertMarkedComment(client(), { ...target, body: 'same' })).resolves.toEqual({ action: 'unchanged', id: 5 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('stays absent without createIfMissing, and skips the search when the caller already has the comment', async () => {
    const scope = api().get(COMMENTS).query({ per_page: 100 }).reply(200, []);
    await expect(upsertMarkedComment(client(), { ...target, body: 'x', createIfMissing: false })).resolves.toEqual({
      action: 'absent',
      id: null,
    });
    await expect(
      upsertMarkedComment(client(), { ...target, body: 'kept', existing: { id: 8, body: withMarker('kept', MARKER) } }),
    ).resolves.toEqual({ action: 'unchanged', id: 8 });
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('findMarkedComments', () => {
  it('finds several markers in one scan and stops reading pages once all are found', async () => {
    const page2 = `${API}${COMMENTS}?per_page=100&page=2`;
    const scope = api()
      .get(COMMENTS)
      .query({ per_page: 100 })
      .reply(200, [mine(1, `${OTHER}\na`), mine(2, `${MARKER}\nb`), mine(3, `${MARKER}\nduplicate`)], {
        link: `<${page2}>; rel="next"`,
      });

    const found = await findMarkedComments(client(), target, [MARKER, OTHER]);

    expect(found.get(MARKER)).toEqual({ id: 2, body: `${MARKER}\nb` });
    expect(found.get(OTHER)).toEqual({ id: 1, body: `${OTHER}\na` });
    expect(scope.pendingMocks()).toEqual([]);
  });
});
