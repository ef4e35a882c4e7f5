import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, REPO, ROADMAP_FILES, quietLog, startHarness, type Harness } from './helpers.js';

interface GraphqlFailure {
  status: number;
  errors: Array<{ message: string; type?: string; locations?: unknown; path?: unknown }>;
  data?: unknown;
}

async function graphqlFailure(call: Promise<unknown>): Promise<GraphqlFailure> {
  try {
    await call;
  } catch (error) {
    const failed = error as { errors: GraphqlFailure['errors']; data?: unknown; response?: { status: number } };
    return { status: failed.response?.status ?? 200, errors: failed.errors, data: failed.data };
  }
  throw new Error('expected the query to fail');
}

describe('simulator GraphQL API', () => {
  let harness: Harness;
  let headSha: string;
  beforeAll(async () => {
    harness = await startHarness({ staticTokens: { 'alice-token': { login: 'alice' } } });
    headSha = harness.sim.commit('acme/roadmap', 'main', { 'roadmap/goals/ship.md': '# Ship it\n\nstatus: done\n' });
  });
  afterAll(() => harness.sim.close());

  it('returns the texts of many aliased blobs in one query, at a branch or a sha', async () => {
    const result = await harness.octokit.graphql<
      Record<string, Record<string, { text: string; byteSize: number; isBinary: boolean; oid: string } | null>>
    >(
      `query($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          f0: object(expression: "main:roadmap/goals/ship.md") { ... on Blob { text byteSize isBinary isTruncated oid } }
          f1: object(expression: "${headSha}:roadmap/tree.toml") { ... on Blob { text byteSize isBinary isTruncated oid } }
          f2: object(expression: "main:roadmap/missing.md") { ... on Blob { text } }
        }
      }`,
      { owner: REPO.owner, name: REPO.repo },
    );
    expect(result.repository.f0).toMatchObject({ text: '# Ship it\n\nstatus: done\n', byteSize: 24, isBinary: false });
    expect(result.repository.f1?.text).toBe(ROADMAP_FILES['roadmap/tree.toml']);
    expect(result.repository.f1?.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(result.repository.f2).toBeNull();
    expect(harness.sim.countRequests({ route: 'POST /graphql' })).toBe(1);
  });

  it('lists a folder with its blobs through Tree entries', async () => {
    const result = await harness.octokit.graphql<{
      repository: {
        object: { entries: Array<{ name: string; path: string; type: string; object: { text?: string; entries?: unknown[] } }> };
      };
    }>(`query {
      repository(owner: "acme", name: "roadmap") {
        object(expression: "main:roadmap") {
          ... on Tree { entries { name path type object { ... on Blob { text } ... on Tree { entries { path } } } } }
        }
      }
    }`);
    const entries = result.repository.object.entries;
    expect(entries.map((entry) => [entry.path, entry.type])).toEqual([
      ['roadmap/goals', 'tree'],
      ['roadmap/tree.toml', 'blob'],
    ]);
    expect(entries[0].object.entries).toEqual([{ path: 'roadmap/goals/scale.md' }, { path: 'roadmap/goals/ship.md' }]);
    expect(entries[1].object.text).toBe(ROADMAP_FILES['roadmap/tree.toml']);
  });

  it('answers an invalid field with GitHub-style errors and HTTP 200', async () => {
    const failed = await graphqlFailure(
      harness.octokit.graphql('query { repository(owner: "acme", name: "roadmap") { nameWithOwner colour } }'),
    );
    expect(failed.status).toBe(200);
    expect(failed.errors).toEqual([
      expect.objectContaining({ message: "Field 'colour' doesn't exist on type 'Repository'", locations: [{ line: 1, column: 68 }] }),
    ]);
    const syntax = await graphqlFailure(harness.octokit.graphql('query { repository(owner: "acme" '));
    expect(syntax.errors[0].message).toMatch(/Syntax Error/);
  });

  it('reports an inaccessible repository as NOT_FOUND with null data', async () => {
    const failed = await graphqlFailure(harness.octokit.graphql('query { repository(owner: "acme", name: "elsewhere") { id } }'));
    expect(failed.errors).toEqual([
      {
        type: 'NOT_FOUND',
        path: ['repository'],
        locations: [{ line: 1, column: 9 }],
        message: "Could not resolve to a Repository with the name 'acme/elsewhere'.",
      },
    ]);
    expect(failed.data).toEqual({ repository: null });
  });

  it('pages the files of a pull request', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 5; index++) files[`roadmap/goals/pr-${index}.md`] = `# PR ${index}\n`;
    harness.sim.commit('acme/roadmap', 'graphql-pr', files);
    const pull = harness.sim.openPullRequest('acme/roadmap', { head: 'graphql-pr', title: 'Five goals' });
    const query = `query($number: Int!, $after: String) {
      repository(owner: "acme", name: "roadmap") {
        pullRequest(number: $number) { headRefOid files(first: 2, after: $after) { totalCount nodes { path changeType additions } pageInfo { hasNextPage endCursor } } }
      }
    }`;
    type Page = {
      repository: {
        pullRequest: {
          headRefOid: string;
          files: {
            totalCount: number;
            nodes: Array<{ path: string; changeType: string; additions: number }>;
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      };
    };
    const paths: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await harness.octokit.graphql<Page>(query, { number: pull.number, after });
      expect(page.repository.pullRequest.files.totalCount).toBe(5);
      expect(page.repository.pullRequest.headRefOid).toBe(pull.head.sha);
      paths.push(...page.repository.pullRequest.files.nodes.map((node) => node.path));
      expect(page.repository.pullRequest.files.nodes.every((node) => node.changeType === 'ADDED' && node.additions === 1)).toBe(true);
      if (!page.repository.pullRequest.files.pageInfo.hasNextPage) break;
      after = page.repository.pullRequest.files.pageInfo.endCursor;
    }
    expect(paths).toEqual(Object.keys(files));
  });

  it("enforces GitHub's connection limits", async () => {
    const tooMany = await graphqlFailure(
      harness.octokit.graphql('query { search(query: "repo:acme/roadmap", type: ISSUE, first: 101) { issueCount } }'),
    );
    expect(tooMany.errors[0]).toMatchObject({
      type: 'EXCESSIVE_PAGINATION',
      message: 'Requesting 101 records on the `search` connection exceeds the `first` limit of 100 records.',
    });
  });

  it('searches issues with qualifiers, labels and pagination', async () => {
    const { sim, octokit } = harness;
    for (let index = 1; index <= 7; index++) {
      sim.createIssue('acme/roadmap', {
        title: `Search ${index}`,
        labels: ['goal:search', ...(index % 2 === 0 ? ['even'] : [])],
        createdAt: `2025-03-0${index}T12:00:00Z`,
        ...(index <= 2 ? { state: 'closed' as const, closedAt: '2025-04-01T00:00:00Z' } : {}),
      });
    }
    type SearchPage = {
      search: {
        issueCount: number;
        nodes: Array<{
          number: number;
          title: string;
          url: string;
          state: string;
          createdAt: string;
          closedAt: string | null;
          labels: { nodes: Array<{ name: string }> };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const query = `query($q: String!, $after: String) {
      search(query: $q, type: ISSUE, first: 3, after: $after) {
        issueCount
        nodes { ... on Issue { number title url state createdAt closedAt labels(first: 10) { nodes { name } } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const found: SearchPage['search']['nodes'] = [];
    let after: string | null = null;
    for (;;) {
      const page: SearchPage = await octokit.graphql<SearchPage>(query, {
        q: 'repo:acme/roadmap is:issue label:goal:search created:>=2025-03-02',
        after,
      });
      expect(page.search.issueCount).toBe(6);
      found.push(...page.search.nodes);
      if (!page.search.pageInfo.hasNextPage) break;
      after = page.search.pageInfo.endCursor;
    }
    expect(found.map((node) => node.title)).toEqual(['Search 7', 'Search 6', 'Search 5', 'Search 4', 'Search 3', 'Search 2']);
    expect(found[1]).toMatchObject({ state: 'OPEN', closedAt: null, labels: { nodes: [{ name: 'goal:search' }, { name: 'even' }] } });
    expect(found[1].url).toMatch(/^https:\/\/github\.com\/acme\/roadmap\/issues\/\d+$/);
    expect(found[5]).toMatchObject({ state: 'CLOSED', closedAt: '2025-04-01T00:00:00Z' });

    const closedRecently = await octokit.graphql<SearchPage>(query, {
      q: 'repo:acme/roadmap is:issue is:closed closed:>=2025-04-01 label:"goal:search"',
      after: null,
    });
    expect(closedRecently.search.nodes.map((node) => node.title)).toEqual(['Search 2', 'Search 1']);
  });

  it("reads a commit's file, its check suites by App and runs by name, and who authored PR comments", async () => {
    const { sim, octokit } = harness;
    const headSha = sim.commit('acme/roadmap', 'checked-pr', { 'roadmap/goals/checked.md': '# Checked\n' });
    const pull = sim.openPullRequest('acme/roadmap', { head: 'checked-pr', title: 'Checked' });
    await octokit.rest.checks.create({
      ...REPO,
      name: 'roadmap',
      head_sha: headSha,
      conclusion: 'neutral',
      output: { title: 'Drift', summary: 'two goals moved' },
    });
    await octokit.rest.checks.create({ ...REPO, name: 'other', head_sha: headSha, status: 'in_progress' });
    await octokit.rest.issues.createComment({ ...REPO, issue_number: pull.number, body: 'by the app' });
    await new Octokit({ baseUrl: harness.url, auth: 'alice-token', log: quietLog }).rest.issues.createComment({
      ...REPO,
      issue_number: pull.number,
      body: 'by alice',
    });

    type Result = {
      repository: {
        defaultBranchRef: { target: { file: { object: { text: string } } | null } };
        headCommit: {
          checkSuites: {
            nodes: Array<{
              app: { databaseId: number };
              conclusion: string | null;
              checkRuns: { nodes: Array<{ name: string; status: string; conclusion: string; title: string; summary: string }> };
            }>;
          };
        };
        pullRequest: { comments: { nodes: Array<{ body: string; viewerDidAuthor: boolean; fullDatabaseId: string }> } };
      };
    };
    const result = await octokit.graphql<Result>(
      `query($sha: GitObjectID!, $number: Int!, $appId: Int!) {
        repository(owner: "acme", name: "roadmap") {
          defaultBranchRef { target { ... on Commit { file(path: "roadmap/tree.toml") { object { ... on Blob { text } } } } } }
          headCommit: object(oid: $sha) {
            ... on Commit {
              checkSuites(first: 5, filterBy: { appId: $appId }) {
                nodes { app { databaseId } conclusion checkRuns(first: 5, filterBy: { checkName: "roadmap" }) { nodes { name status conclusion title summary } } }
              }
            }
          }
          pullRequest(number: $number) { comments(first: 10) { nodes { body viewerDidAuthor fullDatabaseId } } }
        }
      }`,
      { sha: headSha, number: pull.number, appId: APP_ID },
    );
    expect(result.repository.defaultBranchRef.target.file?.object.text).toBe(ROADMAP_FILES['roadmap/tree.toml']);
    const suites = result.repository.headCommit.checkSuites.nodes;
    expect(suites).toHaveLength(1);
    expect(suites[0]).toMatchObject({ app: { databaseId: APP_ID }, conclusion: null });
    expect(suites[0].checkRuns.nodes).toEqual([
      { name: 'roadmap', status: 'COMPLETED', conclusion: 'NEUTRAL', title: 'Drift', summary: 'two goals moved' },
    ]);
    const comments = result.repository.pullRequest.comments.nodes;
    expect(comments.map((comment) => [comment.body, comment.viewerDidAuthor])).toEqual([
      ['by the app', true],
      ['by alice', false],
    ]);
    expect(Number(comments[0].fullDatabaseId)).toBeGreaterThan(0);
  });

  it('counts issues per label with aliased repository.issues connections', async () => {
    const { sim, octokit } = harness;
    sim.createIssue('acme/roadmap', { title: 'count a1', labels: ['goal:count-a'] });
    sim.createIssue('acme/roadmap', { title: 'count a2', labels: ['goal:count-a'], state: 'closed' });
    sim.createIssue('acme/roadmap', { title: 'count b', labels: ['goal:count-b'] });
    const result = await octokit.graphql<{ repository: Record<string, { totalCount: number }> }>(
      `query($a: String!, $b: String!) {
        repository(owner: "acme", name: "roadmap") {
          openA: issues(labels: [$a], states: [OPEN], first: 1) { totalCount }
          allA: issues(labels: [$a], first: 1) { totalCount }
          allB: issues(labels: [$b], first: 1) { totalCount }
          none: issues(labels: ["goal:no-such-label"], first: 1) { totalCount }
        }
      }`,
      { a: 'goal:count-a', b: 'GOAL:COUNT-B' },
    );
    expect(result.repository).toEqual({
      openA: { totalCount: 1 },
      allA: { totalCount: 2 },
      allB: { totalCount: 1 },
      none: { totalCount: 0 },
    });
  });
});
