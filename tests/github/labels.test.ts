import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Roadmap, RoadmapNode } from '../../src/core/model/model.js';
import { addMissingLabels, goalLabelsFor, labelNames, normalizeColor, syncLabels } from '../../src/github/labels.js';
import { API, OWNER, REPO, api, client } from './helpers.js';

const LABELS = `/repos/${OWNER}/${REPO}/labels`;

function node(id: string, title: string): RoadmapNode {
  return {
    id,
    title,
    kind: 'group',
    file: 'roadmap/x.md',
    line: 1,
    requires: [],
    items: [],
    statusQuo: null,
    targets: [],
    owners: [],
    description: [],
    ownProgress: 0,
    progress: 0,
    done: false,
  };
}

function roadmap(...nodes: RoadmapNode[]): Roadmap {
  return { nodes, diagnostics: [], statuses: { order: [], display: {} }, files: [] };
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('goalLabelsFor', () => {
  it('names each node prefix + id, describes it by its title without emoji, and keeps the first of a case clash', () => {
    const long = 'x'.repeat(60);
    const labels = goalLabelsFor(roadmap(node('async', '🎯 Async Rust'), node('Async', 'Clash'), node(long, 'Long')), {
      prefix: 'goal:',
      color: '#0E8A16',
    });
    expect(labels.map(({ name, description, color, node: id }) => ({ name, description, color, id }))).toEqual([
      { name: 'goal:async', description: 'Async Rust', color: '0e8a16', id: 'async' },
      { name: expect.stringMatching(/^goal:x{38}-[0-9a-f]{6}$/), description: 'Long', color: '0e8a16', id: long },
    ]);
  });
});

describe('syncLabels', () => {
  const wanted = [
    { name: 'goal:a', description: 'A', color: '0e8a16', node: 'a' },
    { name: 'goal:b', description: 'B', color: '0e8a16', node: 'b' },
    { name: 'goal:c', description: 'C', color: '0e8a16', node: 'c' },
    { name: 'goal:d', description: 'D', color: '0e8a16', node: 'd' },
  ];

  it('lists all pages once, creates the missing, updates the changed and leaves the rest alone', async () => {
    const page2 = `${API}${LABELS}?per_page=100&page=2`;
    const scope = api()
      .get(LABELS)
      .query({ per_page: 100 })
      .reply(
        200,
        [
          { name: 'goal:A', color: '0E8A16', description: 'A' },
          { name: 'bug', color: 'd73a4a', description: null },
        ],
        {
          link: `<${page2}>; rel="next", <${page2}>; rel="last"`,
        },
      )
      .get(LABELS)
      .query({ per_page: 100, page: 2 })
      .reply(200, [
        { name: 'goal:b', color: 'ffffff', description: 'B' },
        { name: 'goal:c', color: '0e8a16', description: null },
      ])
      .patch(`${LABELS}/goal%3Ab`, { color: '0e8a16', description: 'B' })
      .reply(200, {})
      .patch(`${LABELS}/goal%3Ac`, { color: '0e8a16', description: 'C' })
      .reply(200, {})
      .post(LABELS, { name: 'goal:d', color: '0e8a16', description: 'D' })
      .reply(201, {});

    await expect(syncLabels(client(), { owner: OWNER, repo: REPO, labels: wanted })).resolves.toEqual({
      created: ['goal:d'],
      updated: ['goal:b', 'goal:c'],
      unchanged: 1,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('counts a 422 already_exists on create as done, and rethrows other failures', async () => {
    const scope = api()
      .get(LABELS)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(LABELS, { name: 'goal:a', color: '0e8a16', description: 'A' })
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] })
      .post(LABELS, { name: 'goal:b', color: '0e8a16', description: 'B' })
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });

    await expect(syncLabels(client(), { owner: OWNER, repo: REPO, labels: wanted.slice(0, 2) })).rejects.toMatchObject({
      status: 422,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('makes no request without labels to sync', async () => {
    await expect(syncLabels(client(), { owner: OWNER, repo: REPO, labels: [] })).resolves.toEqual({
      created: [],
      updated: [],
      unchanged: 0,
    });
  });
});

describe('addMissingLabels', () => {
  const ISSUE = `/repos/${OWNER}/${REPO}/issues/12`;

  it('adds only the labels the issue lacks (compared case-insensitively)', async () => {
    const scope = api()
      .get(ISSUE)
      .reply(200, { labels: [{ name: 'Goal:A' }, 'bug'] })
      .post(`${ISSUE}/labels`, { labels: ['goal:b'] })
      .reply(200, []);

    await expect(addMissingLabels(client(), { owner: OWNER, repo: REPO, issue_number: 12, labels: ['goal:a', 'goal:b'] })).resolves.toEqual(
      {
        added: ['goal:b'],
        labels: ['Goal:A', 'bug', 'goal:b'],
      },
    );
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('writes nothing when all are there, and gives null for an issue that is gone', async () => {
    const scope = api()
      .get(ISSUE)
      .reply(200, { labels: [{ name: 'goal:a' }] })
      .get(ISSUE)
      .reply(410, { message: 'Gone' });

    await expect(addMissingLabels(client(), { owner: OWNER, repo: REPO, issue_number: 12, labels: ['goal:a'] })).resolves.toEqual({
      added: [],
      labels: ['goal:a'],
    });
    await expect(addMissingLabels(client(), { owner: OWNER, repo: REPO, issue_number: 12, labels: ['goal:a'] })).resolves.toBeNull();
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('labelNames and normalizeColor', () => {
  it('read label names from strings and objects, and colours without # in lower case', () => {
    expect(labelNames(['a', { name: 'b' }, { name: null }, null])).toEqual(['a', 'b']);
    expect(normalizeColor(' #ABCDEF ')).toBe('abcdef');
  });
});
