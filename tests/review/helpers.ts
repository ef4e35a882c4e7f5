/**
 * Set-up for the pull-request review's nock tests: a Probot with only the
 * review registered, pull_request payloads from `@octokit/webhooks-examples`,
 * and mocks for the review's GraphQL queries. Every GraphQL request is
 * validated against GitHub's published schema, and the roadmap query is
 * answered by executing it over the given files, so a query GitHub would
 * reject fails here too.
 */
import { schema as githubSchemaSource } from '@octokit/graphql-schema';
import { buildSchema, execute, parse, validate, type GraphQLSchema } from 'graphql';
import nock from 'nock';
import { Probot } from 'probot';
import { vi } from 'vitest';
import { InProcessJobs, probotContextFactory } from '../../src/app/jobs.js';
import { registerReview } from '../../src/app/review.js';
import { UnthrottledOctokit } from '../../src/github/octokit.js';
import { parseInProcess } from '../../src/github/parse-pool.js';
import { createServices, type AppServices } from '../../src/app/services.js';
import type { ExistingCheckRun } from '../../src/github/pull-request.js';
import { APP_ID, APP_SLUG, INSTALLATION_ID, OWNER, REPO, example, keys } from '../app/helpers.js';

export { API, APP_ID, OWNER, REPO, api, mockToken } from '../app/helpers.js';

export const NUMBER = 2;
export const BASE_SHA = '1'.repeat(40);
export const HEAD_SHA = '2'.repeat(40);
export const NEXT_HEAD_SHA = '3'.repeat(40);
export const NOW = new Date('2025-06-01T12:00:00Z');
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
export const REPO_URL = `https://github.com/${OWNER}/${REPO}`;

let schema: GraphQLSchema | null = null;

function githubSchema(): GraphQLSchema {
  schema ??= buildSchema(githubSchemaSource.idl, { assumeValidSDL: true });
  return schema;
}

/** Throws with GitHub's complaint when the query does not fit GitHub's schema. */
export function assertValidQuery(query: string): void {
  const errors = validate(githubSchema(), parse(query));
  if (errors.length > 0) throw new Error(`invalid GraphQL query: ${errors.map((error) => error.message).join('; ')}\n${query}`);
}

export interface ReviewApp {
  probot: Probot;
  services: AppServices;
  /** Resolves once the background reviews are done. */
  idle(): Promise<void>;
  errors: ReturnType<typeof vi.fn>;
}

export async function createReviewApp(): Promise<ReviewApp> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey: keys.privateKey,
    secret: 'test-secret',
    Octokit: UnthrottledOctokit,
    logLevel: 'silent' as 'info',
  });
  let services: AppServices | null = null;
  let jobs: InProcessJobs | null = null;
  await probot.load((app) => {
    jobs = new InProcessJobs(app.log, probotContextFactory(app));
    services = createServices(app, { clock: () => NOW, appId: APP_ID, appSlug: APP_SLUG, parser: parseInProcess }, jobs);
    registerReview(app, services);
  });
  const errors = vi.fn();
  vi.spyOn(probot.log, 'error').mockImplementation(errors as never);
  return { probot, services: services!, idle: () => jobs!.idle(), errors };
}

export type ReviewAction = 'opened' | 'synchronize' | 'reopened' | 'edited';

/** A pull_request payload for PR #2, its base and head at the given commits. */
export function pullRequestPayload(action: ReviewAction, options: { base?: string; head?: string; user?: object } = {}): any {
  const payload = example('pull_request', action === 'edited' ? 'opened' : action);
  payload.action = action;
  payload.number = NUMBER;
  payload.pull_request.number = NUMBER;
  payload.pull_request.base.sha = options.base ?? BASE_SHA;
  payload.pull_request.head.sha = options.head ?? HEAD_SHA;
  if (options.user) payload.pull_request.user = options.user;
  payload.installation = { id: INSTALLATION_ID };
  return payload;
}

export async function deliver(app: ReviewApp, payload: object): Promise<void> {
  await app.probot.receive({ id: `delivery-${Math.random()}`, name: 'pull_request', payload } as never);
  await app.idle();
}

interface GraphqlBody {
  query: string;
  variables: Record<string, unknown>;
}

/** A POST /graphql of the named operation whose variables include `variables`. */
function graphqlOperation(operation: string, variables: Record<string, unknown> = {}) {
  return (body: GraphqlBody): boolean => {
    if (!body.query.includes(`query ${operation}(`)) return false;
    assertValidQuery(body.query);
    return Object.entries(variables).every(([name, value]) => body.variables[name] === value);
  };
}

export interface MockComment {
  id: number;
  body: string;
  by: 'app' | 'user';
}

export interface PullRequestMock {
  /** Changed files, one array per page of 100. */
  files: string[] | string[][];
  /** Renamed files among them: new path → old path (GraphQL says RENAMED; the REST list gives the old path). */
  renamed?: Record<string, string>;
  /** Comments, one array per page of 100; a function is asked at each reply (comments the test saw posted). */
  comments?: MockComment[] | MockComment[][] | (() => MockComment[]);
  /** How many times the query is answered. */
  times?: number;
  /** `.github/roadmap-bot.yml` on the default branch (null: none). */
  config?: string | null;
  /** The same file at the head (null: none). */
  headConfig?: string | null;
  /** The file in the organisation's `.github` repository (null: none; `missing`: no such repository). */
  organizationConfig?: string | null | 'missing';
  checkRuns?: ExistingCheckRun[];
  head?: string;
  /** The pull request's head now (default: `head`); another commit means a newer push overtook the event. */
  currentHead?: string;
  /** False: the head commit is gone (force-pushed away). */
  headFound?: boolean;
}

function pages<T>(list: T[] | T[][] | undefined): T[][] {
  if (!list || list.length === 0) return [[]];
  return Array.isArray(list[0]) ? (list as T[][]) : [list as T[]];
}

const cursor = (page: number) => `page-${page}`;

function connectionPage<T>(all: T[][], index: number, toNode: (item: T) => object) {
  return {
    pageInfo: { hasNextPage: index < all.length - 1, endCursor: cursor(index) },
    nodes: all[index].map(toNode),
  };
}

function blob(text: string | null) {
  return text === null ? null : { __typename: 'Blob', text, isBinary: false, isTruncated: false };
}

const fileNode = (renamed: Record<string, string>) => (path: string) => ({ path, changeType: path in renamed ? 'RENAMED' : 'MODIFIED' });
const commentNode = (comment: MockComment) => ({
  fullDatabaseId: String(comment.id),
  body: comment.body,
  viewerDidAuthor: comment.by === 'app',
});

/** The review's pull-request query (and its follow-up pages of files and comments). */
export function mockPullRequest(scope: nock.Scope, mock: PullRequestMock): nock.Scope {
  const head = mock.head ?? HEAD_SHA;
  const filePages = pages(mock.files);
  const renamed = mock.renamed ?? {};
  const commentPages = () => pages(typeof mock.comments === 'function' ? mock.comments() : mock.comments);
  scope
    .post(
      '/graphql',
      graphqlOperation('RoadmapReviewPullRequest', {
        owner: OWNER,
        name: REPO,
        number: NUMBER,
        headSha: head,
        headConfig: `${head}:.github/roadmap-bot.yml`,
        configPath: '.github/roadmap-bot.yml',
        appId: APP_ID,
        checkName: 'roadmap-bot',
      }),
    )
    .times(mock.times ?? 1)
    .reply(200, () => ({
      ...(mock.organizationConfig === 'missing'
        ? {
            errors: [
              { type: 'NOT_FOUND', path: ['organization'], message: `Could not resolve to a Repository with the name '${OWNER}/.github'.` },
            ],
          }
        : {}),
      data: {
        organization:
          mock.organizationConfig === 'missing'
            ? null
            : {
                defaultBranchRef: { target: { file: mock.organizationConfig == null ? null : { object: blob(mock.organizationConfig) } } },
              },
        repository: {
          defaultBranchRef: { target: { file: mock.config == null ? null : { object: blob(mock.config) } } },
          headConfig: blob(mock.headConfig ?? null),
          headCommit: mock.headFound === false ? null : { checkSuites: { nodes: [{ checkRuns: { nodes: mock.checkRuns ?? [] } }] } },
          pullRequest: {
            headRefOid: mock.currentHead ?? head,
            files: connectionPage(filePages, 0, fileNode(renamed)),
            comments: connectionPage(commentPages(), 0, commentNode),
          },
        },
      },
    }));
  // The review stops paging through GraphQL at the first rename: the REST list has every file.
  const renamePage = filePages.findIndex((page) => page.some((path) => path in renamed));
  const lastPage = renamePage === -1 ? filePages.length - 1 : renamePage;
  for (let index = 1; index <= lastPage; index++) {
    scope
      .post('/graphql', graphqlOperation('RoadmapReviewChangedFiles', { number: NUMBER, after: cursor(index - 1) }))
      .reply(200, { data: { repository: { pullRequest: { files: connectionPage(filePages, index, fileNode(renamed)) } } } });
  }
  if (Object.keys(renamed).length > 0) {
    scope
      .get(`/repos/${OWNER}/${REPO}/pulls/${NUMBER}/files`)
      .query({ per_page: 100 })
      .reply(
        200,
        filePages
          .flat()
          .map((path) =>
            path in renamed
              ? { filename: path, previous_filename: renamed[path], status: 'renamed' }
              : { filename: path, status: 'modified' },
          ),
      );
  }
  return scope;
}

/** Follow-up pages of comments, read until the marked one turns up. */
export function mockCommentPages(scope: nock.Scope, comments: MockComment[][], upTo = comments.length - 1): nock.Scope {
  for (let index = 1; index <= upTo; index++) {
    scope
      .post('/graphql', graphqlOperation('RoadmapReviewComments', { number: NUMBER, after: cursor(index - 1) }))
      .reply(200, { data: { repository: { pullRequest: { comments: connectionPage(comments, index, commentNode) } } } });
  }
  return scope;
}

type Files = Record<string, string>;

interface TreeNode {
  blobs: Map<string, string>;
  trees: Map<string, TreeNode>;
}

function treeOf(files: Files): TreeNode {
  const root: TreeNode = { blobs: new Map(), trees: new Map() };
  for (const [path, text] of Object.entries(files)) {
    const segments = path.split('/');
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      if (!node.trees.has(segment)) node.trees.set(segment, { blobs: new Map(), trees: new Map() });
      node = node.trees.get(segment)!;
    }
    node.blobs.set(segments[segments.length - 1], text);
  }
  return root;
}

/** A commit's files as GitHub's GraphQL objects, for `object(expression: "<sha>:<path>")`. */
function gitObject(root: TreeNode, path: string): object | null {
  const blobObject = (text: string) => ({
    __typename: 'Blob',
    text,
    byteSize: Buffer.byteLength(text),
    isBinary: false,
    isTruncated: false,
  });
  const treeObject = (node: TreeNode, at: string): object => ({
    __typename: 'Tree',
    entries: [
      ...[...node.trees].map(([name, child]) => ({
        path: at ? `${at}/${name}` : name,
        type: 'tree',
        object: () => treeObject(child, at ? `${at}/${name}` : name),
      })),
      ...[...node.blobs].map(([name, text]) => ({ path: at ? `${at}/${name}` : name, type: 'blob', object: () => blobObject(text) })),
    ],
  });
  let node = root;
  const segments = path === '' ? [] : path.split('/');
  for (const [index, segment] of segments.entries()) {
    if (index === segments.length - 1 && node.blobs.has(segment)) return blobObject(node.blobs.get(segment)!);
    const next = node.trees.get(segment);
    if (!next) return null;
    node = next;
  }
  return treeObject(node, path);
}

/**
 * The roadmap query for the given commits (by sha), answered by executing it
 * over their files. `expected` lists the `<sha>:<folder>` expressions it must
 * ask for, in order.
 */
export function mockRoadmapFiles(scope: nock.Scope, commits: Record<string, Files>, expected: string[]): nock.Scope {
  const roots = new Map(Object.entries(commits).map(([sha, files]) => [sha, treeOf(files)]));
  return scope
    .post('/graphql', (body: GraphqlBody) => {
      if (!graphqlOperation('RoadmapReviewBlobs')(body)) return false;
      const asked = Object.entries(body.variables)
        .filter(([name]) => /^s\d+f\d+$/.test(name))
        .map(([, value]) => value);
      return JSON.stringify(asked) === JSON.stringify(expected);
    })
    .reply(200, (_uri, body) => {
      const { query, variables } = body as GraphqlBody;
      const result = execute({
        schema: githubSchema(),
        document: parse(query),
        variableValues: variables,
        rootValue: {
          repository: () => ({
            object: ({ expression }: { expression: string }) => {
              const [sha, path] = expression.split(':');
              const root = roots.get(sha);
              return root ? gitObject(root, path) : null;
            },
          }),
        },
      }) as { data?: unknown; errors?: unknown[] };
      if (result.errors) throw new Error(`roadmap query failed: ${JSON.stringify(result.errors)}`);
      return { data: result.data };
    });
}

/** Open issue counts per label (null: no such label) for the removed-node query. */
export function mockOpenIssues(scope: nock.Scope, counts: Record<string, number | null>): nock.Scope {
  const labels = Object.keys(counts);
  return scope
    .post('/graphql', (body: GraphqlBody) => {
      if (!graphqlOperation('RoadmapLabelIssueCounts')(body)) return false;
      return labels.every((label, index) => body.variables[`l${index}`] === label) && body.variables[`l${labels.length}`] === undefined;
    })
    .reply(200, {
      data: {
        repository: Object.fromEntries(
          labels.map((label, index) => [
            `l${index}`,
            counts[label] === null ? null : { open: { totalCount: counts[label] }, total: { totalCount: (counts[label] ?? 0) + 1 } },
          ]),
        ),
      },
    });
}

/** Records each body sent by POST/PATCH to `path` and answers with `reply`. */
export function capture(
  scope: nock.Scope,
  method: 'post' | 'patch',
  path: string,
  sent: unknown[],
  reply: object = { id: 900 },
): nock.Scope {
  return scope[method](path, (body: unknown) => {
    sent.push(body);
    return true;
  }).reply(method === 'post' ? 201 : 200, reply);
}
