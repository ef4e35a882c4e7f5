import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/config/config.js';
import { LABELS_PER_QUERY, countIssuesByLabel } from '../../src/github/labels.js';
import { globFolders } from '../../src/github/pull-request.js';
import { OWNER, REPO, api, withRequests } from '../github/helpers.js';
import { assertValidQuery } from './helpers.js';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('globFolders', () => {
  it('reads each default glob from its static folder, as deep as ** reaches', () => {
    expect(globFolders(DEFAULT_CONFIG.roadmap.paths)).toEqual([
      { path: 'roadmap', depth: Number.POSITIVE_INFINITY },
      { path: 'skill-trees', depth: Number.POSITIVE_INFINITY },
    ]);
  });

  it('reads a folder inside another with the outer one, deep enough for both', () => {
    expect(globFolders(['docs/*.md', 'docs/roadmap/goals/*.yml', './plans/main.md'])).toEqual([
      { path: 'docs', depth: 3 },
      { path: 'plans/main.md', depth: 0 },
    ]);
  });

  it('gives up (null: list the whole tree) when a glob has no static folder', () => {
    expect(globFolders(['roadmap/**/*.md', '**/ROADMAP.md'])).toBeNull();
    expect(globFolders(['{roadmap,plans}/*.md'])).toBeNull();
    expect(globFolders(['!roadmap/drafts/**'])).toBeNull();
  });
});

describe('countIssuesByLabel', () => {
  it('counts open and all issues per label, 100 labels per query; a missing label counts 0', async () => {
    const labels = Array.from({ length: LABELS_PER_QUERY + 1 }, (_, index) => `goal:n${index}`);
    const asked: string[][] = [];
    api()
      .post('/graphql', (body: { query: string; variables: Record<string, string> }) => {
        assertValidQuery(body.query);
        asked.push(
          Object.keys(body.variables)
            .filter((name) => /^l\d+$/.test(name))
            .map((name) => body.variables[name]),
        );
        return true;
      })
      .times(2)
      .reply(200, (_uri, body) => {
        const { variables } = body as { variables: Record<string, string> };
        const repository = Object.fromEntries(
          Object.entries(variables)
            .filter(([name]) => /^l\d+$/.test(name))
            .map(([name, label]) => [name, label === 'goal:n1' ? null : { open: { totalCount: 2 }, total: { totalCount: 5 } }]),
        );
        return { data: { repository } };
      });

    const { result: counts, requests } = await withRequests((octokit) => countIssuesByLabel(octokit, { owner: OWNER, repo: REPO }, labels));

    expect(requests).toBe(2);
    expect(asked.map((batch) => batch.length)).toEqual([LABELS_PER_QUERY, 1]);
    expect(counts.get('goal:n0')).toEqual({ open: 2, total: 5 });
    expect(counts.get('goal:n1')).toEqual({ open: 0, total: 0 });
    expect(counts.get(`goal:n${LABELS_PER_QUERY}`)).toEqual({ open: 2, total: 5 });
  });

  it('makes no call for no labels', async () => {
    await expect(withRequests((octokit) => countIssuesByLabel(octokit, { owner: OWNER, repo: REPO }, []))).resolves.toEqual({
      result: new Map(),
      requests: 0,
    });
  });
});
