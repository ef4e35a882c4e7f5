import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, MAX_FILES } from '../../src/core/roadmap/roadmap.js';
import { BLOBS_PER_QUERY, readRoadmapFiles, resolveBranchSha } from '../../src/github/roadmap-source.js';
import { OWNER, REPO, SHA, api, client, withRequests } from './helpers.js';

const TREE = `/repos/${OWNER}/${REPO}/git/trees/${SHA}`;
const GLOBS = ['roadmap/**/*.md'];

interface GraphqlBody {
  query: string;
  variables: Record<string, string>;
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

function blob(path: string, size = 20) {
  return { path, type: 'blob', size, sha: '1'.repeat(40), mode: '100644' };
}

/** Answers each GraphQL query with the text "content of <path>" for every expression asked for. */
function answerBlobs(scope: nock.Scope, queries: GraphqlBody[], times = 1, override: Record<string, object | null> = {}): nock.Scope {
  return scope
    .post('/graphql')
    .times(times)
    .reply(200, (_uri: string, body: GraphqlBody) => {
      queries.push(body);
      const repository: Record<string, object | null> = {};
      for (const [name, expression] of Object.entries(body.variables)) {
        if (!name.startsWith('e')) continue;
        const path = expression.slice(SHA.length + 1);
        repository[`f${name.slice(1)}`] = Object.hasOwn(override, path)
          ? override[path]
          : {
              text: `content of ${path}`,
              byteSize: 20,
              isBinary: false,
              isTruncated: false,
            };
      }
      return { data: { repository } };
    });
}

describe('readRoadmapFiles', () => {
  it('reads the matching files with one tree call and one GraphQL query of sha:path expressions', async () => {
    const queries: GraphqlBody[] = [];
    const scope = api()
      .get(TREE)
      .query({ recursive: 'true' })
      .reply(200, {
        sha: SHA,
        truncated: false,
        tree: [blob('README.md'), { path: 'roadmap', type: 'tree', sha: '2'.repeat(40) }, blob('roadmap/b.md'), blob('roadmap/a.md')],
      });
    answerBlobs(scope, queries);

    const read = await withRequests((octokit) => readRoadmapFiles(octokit, { owner: OWNER, repo: REPO, ref: SHA, globs: GLOBS }));

    expect(read).toEqual({
      result: {
        files: [
          { path: 'roadmap/a.md', content: 'content of roadmap/a.md' },
          { path: 'roadmap/b.md', content: 'content of roadmap/b.md' },
        ],
        skipped: [],
      },
      requests: 2,
    });
    expect(queries[0].variables).toEqual({ owner: OWNER, name: REPO, e0: `${SHA}:roadmap/a.md`, e1: `${SHA}:roadmap/b.md` });
    expect(queries[0].query).toContain('f1: object(expression: $e1) { ... on Blob { text byteSize isBinary isTruncated } }');
    expect(scope.pendingMocks()).toEqual([]);
  });

  it(`batches ${BLOBS_PER_QUERY} blobs per query`, async () => {
    const queries: GraphqlBody[] = [];
    const paths = Array.from({ length: 150 }, (_, index) => `roadmap/${String(index).padStart(3, '0')}.md`);
    const scope = api()
      .get(TREE)
      .query({ recursive: 'true' })
      .reply(200, { sha: SHA, truncated: false, tree: paths.map((path) => blob(path)) });
    answerBlobs(scope, queries, 2);

    const read = await withRequests((octokit) => readRoadmapFiles(octokit, { owner: OWNER, repo: REPO, ref: SHA, globs: GLOBS }));

    expect(read.requests).toBe(3);
    expect(read.result.files).toHaveLength(150);
    expect(queries.map((query) => Object.keys(query.variables).length - 2)).toEqual([100, 50]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('skips files over 1 MB without fetching them, and binary or unreadable ones, each with a diagnostic', async () => {
    const queries: GraphqlBody[] = [];
    const scope = api()
      .get(TREE)
      .query({ recursive: 'true' })
      .reply(200, {
        sha: SHA,
        truncated: false,
        tree: [blob('roadmap/huge.md', MAX_FILE_BYTES + 1), blob('roadmap/ok.md'), blob('roadmap/image.md'), blob('roadmap/gone.md')],
      });
    answerBlobs(scope, queries, 1, {
      'roadmap/image.md': { text: null, byteSize: 10, isBinary: true, isTruncated: false },
      // GraphQL answers null for an expression that names nothing.
      'roadmap/gone.md': null,
    });

    const read = await withRequests((octokit) => readRoadmapFiles(octokit, { owner: OWNER, repo: REPO, ref: SHA, globs: GLOBS }));

    expect(Object.keys(queries[0].variables)).toEqual(['owner', 'name', 'e0', 'e1', 'e2']);
    expect(Object.values(queries[0].variables)).not.toContain(`${SHA}:roadmap/huge.md`);
    expect(read.result.files.map((file) => file.path)).toEqual(['roadmap/ok.md']);
    expect(scope.pendingMocks()).toEqual([]);
    expect(read.result.skipped).toEqual([
      {
        severity: 'warning',
        code: 'file-too-large',
        file: 'roadmap/huge.md',
        line: 1,
        message: `This file is ${MAX_FILE_BYTES + 1} bytes, over the ${MAX_FILE_BYTES}-byte limit, so it is skipped; split it into smaller roadmap files.`,
      },
      {
        severity: 'warning',
        code: 'parse-error',
        file: 'roadmap/gone.md',
        line: 1,
        message: `roadmap/gone.md could not be read at ${SHA}; it was skipped`,
      },
      {
        severity: 'warning',
        code: 'parse-error',
        file: 'roadmap/image.md',
        line: 1,
        message: 'roadmap/image.md is not UTF-8 text; it was skipped — roadmap files must be text',
      },
    ]);
  });

  it(`reads at most ${MAX_FILES} files and says which were left out`, async () => {
    const queries: GraphqlBody[] = [];
    const paths = Array.from({ length: MAX_FILES + 5 }, (_, index) => `roadmap/${String(index).padStart(4, '0')}.md`);
    const scope = api()
      .get(TREE)
      .query({ recursive: 'true' })
      .reply(200, { sha: SHA, truncated: false, tree: paths.map((path) => blob(path)) });
    answerBlobs(scope, queries, MAX_FILES / BLOBS_PER_QUERY);

    const read = await withRequests((octokit) => readRoadmapFiles(octokit, { owner: OWNER, repo: REPO, ref: SHA, globs: GLOBS }));

    expect(read.result.files).toHaveLength(MAX_FILES);
    expect(read.requests).toBe(1 + MAX_FILES / BLOBS_PER_QUERY);
    expect(read.result.skipped).toEqual([
      expect.objectContaining({ code: 'too-many-files', file: paths[MAX_FILES], message: expect.stringContaining('and the 4 after it') }),
    ]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('warns when GitHub truncated the tree listing', async () => {
    const scope = api().get(TREE).query({ recursive: 'true' }).reply(200, { sha: SHA, truncated: true, tree: [] });

    const read = await withRequests((octokit) => readRoadmapFiles(octokit, { owner: OWNER, repo: REPO, ref: SHA, globs: GLOBS }));

    expect(read).toMatchObject({ result: { files: [], skipped: [{ code: 'too-many-files', file: '.' }] }, requests: 1 });
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('resolveBranchSha', () => {
  it('asks for the sha media type and accepts a text, byte or JSON answer', async () => {
    const scope = api()
      .get(`/repos/${OWNER}/${REPO}/commits/main`)
      .matchHeader('accept', 'application/vnd.github.v3.sha')
      .reply(200, `${SHA}\n`, { 'content-type': 'text/plain; charset=utf-8' })
      .get(`/repos/${OWNER}/${REPO}/commits/main`)
      .reply(200, SHA, { 'content-type': 'application/vnd.github.sha' })
      .get(`/repos/${OWNER}/${REPO}/commits/main`)
      .reply(200, { sha: SHA });

    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(resolveBranchSha(client(), { owner: OWNER, repo: REPO, branch: 'main' })).resolves.toBe(SHA);
    }
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('fails clearly when the answer is no sha', async () => {
    api().get(`/repos/${OWNER}/${REPO}/commits/main`).reply(200, { message: 'odd' });
    await expect(resolveBranchSha(client(), { owner: OWNER, repo: REPO, branch: 'main' })).rejects.toThrow(
      'GitHub gave no commit sha for acme/widgets@main',
    );
  });
});
