import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowsTriage, hasTriageAccess } from '../../src/github/permissions.js';
import { NULL_SHA, pushChangedFiles } from '../../src/github/push.js';
import { OWNER, REPO, api, client, withRequests } from './helpers.js';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('allowsTriage', () => {
  it.each([
    [{ permission: 'read', role_name: 'triage' }, true],
    [{ permission: 'write', role_name: 'write' }, true],
    [{ permission: 'write', role_name: 'maintain' }, true],
    [{ permission: 'admin', role_name: 'admin' }, true],
    [{ permission: 'write', role_name: 'custom-release-manager' }, true],
    [{ permission: 'read', role_name: 'read' }, false],
    [{ permission: 'read', role_name: 'custom-reader' }, false],
    [{ permission: 'none', role_name: null }, false],
    // A custom role based on triage folds into `read`; what it grants says triage.
    [
      {
        permission: 'read',
        role_name: 'issue-wrangler',
        user: { permissions: { pull: true, triage: true, push: false, maintain: false, admin: false } },
      },
      true,
    ],
    [
      {
        permission: 'read',
        role_name: 'custom-reader',
        user: { permissions: { pull: true, triage: false, push: false, maintain: false, admin: false } },
      },
      false,
    ],
  ])('%o → %s', (permission, allowed) => {
    expect(allowsTriage(permission)).toBe(allowed);
  });
});

describe('hasTriageAccess', () => {
  it('asks GitHub for the user’s permission; a non-collaborator (404) has none', async () => {
    const path = (user: string) => `/repos/${OWNER}/${REPO}/collaborators/${user}/permission`;
    const scope = api()
      .get(path('tri'))
      .reply(200, { permission: 'read', role_name: 'triage' })
      .get(path('stranger'))
      .reply(404, { message: 'Not Found' })
      .get(path('flaky'))
      .reply(500, { message: 'Server Error' });

    await expect(hasTriageAccess(client(), { owner: OWNER, repo: REPO, username: 'tri' })).resolves.toBe(true);
    await expect(hasTriageAccess(client(), { owner: OWNER, repo: REPO, username: 'stranger' })).resolves.toBe(false);
    await expect(hasTriageAccess(client(), { owner: OWNER, repo: REPO, username: 'flaky' })).rejects.toMatchObject({ status: 500 });
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('pushChangedFiles', () => {
  const push = { owner: OWNER, repo: REPO, before: 'b'.repeat(40), after: 'a'.repeat(40) };

  it('collects added, modified and removed files from the payload without a call', async () => {
    const commits = [
      { added: ['a.md'], modified: ['b.md'] },
      { removed: ['c.md'], modified: ['b.md'] },
    ];
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits }))).resolves.toEqual({
      result: ['a.md', 'b.md', 'c.md'],
      requests: 0,
    });
  });

  it('asks compare when the payload has 20 commits, counting both names of a rename', async () => {
    const scope = api()
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query({ per_page: 1 })
      .reply(200, { files: [{ filename: 'new.md', previous_filename: 'old.md' }, { filename: 'x.md' }] });

    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: Array(20).fill({}) }))).resolves.toEqual({
      result: ['new.md', 'old.md', 'x.md'],
      requests: 1,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('asks compare when a force push lists no commits, and needs no call when the branch did not move', async () => {
    const scope = api()
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query({ per_page: 1 })
      .reply(200, { status: 'ahead', files: [{ filename: 'roadmap/async.md' }] });

    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: [] }))).resolves.toEqual({
      result: ['roadmap/async.md'],
      requests: 1,
    });
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, before: push.after, commits: [] }))).resolves.toEqual({
      result: [],
      requests: 0,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('knows nothing after a reset to an older commit or a diverging force push: compare shows only what the new head adds', async () => {
    const scope = api()
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query({ per_page: 1 })
      .reply(200, { status: 'behind', files: [] })
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query({ per_page: 1 })
      .reply(200, { status: 'diverged', files: [{ filename: 'src/lib.rs' }] });

    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: [] }))).resolves.toEqual({
      result: null,
      requests: 1,
    });
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: [] }))).resolves.toEqual({
      result: null,
      requests: 1,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('knows nothing for a new branch, a compare at its 300-file cap, or an unreachable before', async () => {
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, before: NULL_SHA, commits: [] }))).resolves.toEqual({
      result: null,
      requests: 0,
    });
    api()
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query(true)
      .reply(200, { files: Array.from({ length: 300 }, (_, index) => ({ filename: `f${index}` })) })
      .get(`/repos/${OWNER}/${REPO}/compare/${push.before}...${push.after}`)
      .query(true)
      .reply(404, { message: 'Not Found' });
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: Array(25).fill({}) }))).resolves.toEqual({
      result: null,
      requests: 1,
    });
    await expect(withRequests((octokit) => pushChangedFiles(octokit, { ...push, commits: Array(25).fill({}) }))).resolves.toEqual({
      result: null,
      requests: 1,
    });
  });
});
