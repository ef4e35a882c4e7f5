/**
 * GitHub's GraphQL API: every query is validated against GitHub's published
 * schema (`@octokit/graphql-schema`) and executed by graphql-js with resolvers
 * for what roadmap-bot reads — blobs and trees at a commit (`object(expression:
 * "<rev>:<path>")`), pull-request files, issue search, issues and labels.
 * Errors keep GitHub's wording and shape (HTTP 200 with `errors`).
 */
import { buildSchema, execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Caller } from './auth.js';
import { lineStats, type GitBlob, type GitCommit, type GitTree, type GitTreeEntry } from './git.js';
import { canAccessRepo } from './router.js';
import { SEARCH_MAX_RESULTS, searchIssues } from './search-query.js';
import { nodeId, WEB_URL } from './shapes.js';
import type { CheckRunState, CommentState, IssueState, LabelState, PullState, RepoState, SimulatorState } from './state.js';

const MAX_PAGE_SIZE = 100;
const DOCUMENT_CACHE_SIZE = 200;

let schemaPromise: Promise<GraphQLSchema> | undefined;

/** GitHub's schema, built once per process on first use (≈ 0.5 s). */
export function githubSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= import('@octokit/graphql-schema').then(({ schema }) => buildSchema(schema.idl, { assumeValidSDL: true }));
  return schemaPromise;
}

export interface GraphqlErrorBody {
  message: string;
  type?: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

export interface GraphqlResponseBody {
  data?: unknown;
  errors?: GraphqlErrorBody[];
}

/** A resolver failure GitHub reports with a `type` (NOT_FOUND, EXCESSIVE_PAGINATION, …). */
class GitHubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const documentCache = new Map<string, { document: DocumentNode } | { errors: GraphqlErrorBody[] }>();

/** graphql-js words some validation errors differently from GitHub; these are rewritten to GitHub's. */
function githubValidationError(error: GraphQLError): GraphqlErrorBody {
  const locations = error.locations?.map(({ line, column }) => ({ line, column }));
  const undefinedField = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (undefinedField) {
    const [, fieldName, typeName] = undefinedField;
    return {
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      locations,
      extensions: { code: 'undefinedField', typeName, fieldName },
    };
  }
  const missingArgument = /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided\./.exec(error.message);
  if (missingArgument) {
    const [, fieldName, argumentName] = missingArgument;
    return {
      message: `Field '${fieldName}' is missing required arguments: ${argumentName}`,
      locations,
      extensions: { code: 'missingRequiredArguments', className: 'Field', name: fieldName, arguments: argumentName },
    };
  }
  const unknownArgument = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(error.message);
  if (unknownArgument) {
    const [, argumentName, fieldName] = unknownArgument;
    return {
      message: `Field '${fieldName}' doesn't accept argument '${argumentName}'`,
      locations,
      extensions: { code: 'argumentNotAccepted', name: fieldName, typeName: 'Field', argumentName },
    };
  }
  return { message: error.message, locations };
}

function prepare(schema: GraphQLSchema, query: string): { document: DocumentNode } | { errors: GraphqlErrorBody[] } {
  const cached = documentCache.get(query);
  if (cached) return cached;
  let prepared: { document: DocumentNode } | { errors: GraphqlErrorBody[] };
  try {
    const document = parse(query);
    const errors = validate(schema, document);
    prepared = errors.length > 0 ? { errors: errors.map(githubValidationError) } : { document };
  } catch (error) {
    const syntax = error as GraphQLError;
    prepared = { errors: [{ message: syntax.message, locations: syntax.locations?.map(({ line, column }) => ({ line, column })) }] };
  }
  if (documentCache.size >= DOCUMENT_CACHE_SIZE) documentCache.delete(documentCache.keys().next().value!);
  documentCache.set(query, prepared);
  return prepared;
}

export async function executeGraphql(body: unknown, environment: { state: SimulatorState; caller: Caller }): Promise<GraphqlResponseBody> {
  const request = body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  if (!request || typeof request.query !== 'string') {
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  }
  const schema = await githubSchema();
  const prepared = prepare(schema, request.query);
  if ('errors' in prepared) return { errors: prepared.errors };
  const result = await execute({
    schema,
    document: prepared.document,
    rootValue: new GraphqlResolvers(environment.state, environment.caller).query(),
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
  });
  const errors = result.errors?.map((error): GraphqlErrorBody => {
    const original = error.originalError;
    return {
      ...(original instanceof GitHubGraphqlError ? { type: original.type } : {}),
      ...(error.path ? { path: error.path } : {}),
      ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
      message: error.message,
    };
  });
  return { ...(result.data !== undefined ? { data: result.data } : {}), ...(errors ? { errors } : {}) };
}

interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new GitHubGraphqlError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

/** A Relay connection over `items`, with GitHub's pagination rules (first or last, at most 100). */
function connection<T>(items: readonly T[], args: ConnectionArgs, field: string, toNode: (item: T) => unknown) {
  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GitHubGraphqlError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (typeof value === 'number' && value > MAX_PAGE_SIZE) {
      throw new GitHubGraphqlError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`,
      );
    }
  }
  let start = after ? decodeCursor(after) + 1 : 0;
  let end = before ? Math.min(decodeCursor(before), items.length) : items.length;
  if (typeof first === 'number') end = Math.min(end, start + Math.max(first, 0));
  if (typeof last === 'number') start = Math.max(start, end - Math.max(last, 0));
  const indexes = Array.from({ length: Math.max(end - start, 0) }, (_, offset) => start + offset);
  const nodes = indexes.map((index) => toNode(items[index]));
  return {
    totalCount: items.length,
    nodes,
    edges: indexes.map((index, position) => ({ cursor: encodeCursor(index), node: nodes[position] })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: indexes.length > 0 ? encodeCursor(indexes[0]) : null,
      endCursor: indexes.length > 0 ? encodeCursor(indexes[indexes.length - 1]) : null,
    },
  };
}

const PATCH_STATUS = { added: 'ADDED', removed: 'DELETED', modified: 'MODIFIED', renamed: 'RENAMED' } as const;
const ORDER_FIELDS: Record<string, (issue: IssueState) => number> = {
  CREATED_AT: (issue) => Date.parse(issue.createdAt),
  UPDATED_AT: (issue) => Date.parse(issue.updatedAt),
  COMMENTS: (issue) => issue.comments.length,
};

/** Most severe first: a suite concludes with the most severe of its runs' conclusions. */
const CONCLUSION_SEVERITY = ['action_required', 'cancelled', 'timed_out', 'failure', 'neutral', 'skipped', 'success'] as const;

function suiteConclusion(runs: CheckRunState[]): string {
  const conclusion = CONCLUSION_SEVERITY.find((candidate) => runs.some((run) => run.conclusion === candidate)) ?? 'success';
  return conclusion.toUpperCase();
}

/**
 * Plain objects for GitHub's types; fields with arguments (or costly ones) are
 * methods, which graphql-js's default resolver calls with the field arguments.
 * Unions and interfaces resolve through `__typename`.
 */
class GraphqlResolvers {
  /** The login `viewer*` fields compare with: the App's bot, or a static token's user. */
  private readonly viewerLogin: string | null;

  constructor(
    private readonly state: SimulatorState,
    private readonly caller: Caller,
  ) {
    this.viewerLogin = caller.kind === 'jwt' ? null : caller.actor.login.toLowerCase();
  }

  private isViewer(login: string): boolean {
    return login.toLowerCase() === this.viewerLogin;
  }

  query() {
    return {
      // The login a token writes as, for every kind of token: an App's installation token (and the
      // Actions GITHUB_TOKEN) answers with its bot, `name[bot]`, which `GET /user` refuses.
      viewer: () => this.viewer(),
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = this.state.repo(`${owner}/${name}`);
        if (!repo || !canAccessRepo(this.caller, repo)) {
          throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
        }
        return this.repository(repo);
      },
      search: (args: ConnectionArgs & { query: string; type: string }) => {
        const repos = [...this.state.repos.values()].filter((repo) => canAccessRepo(this.caller, repo));
        const hits = args.type === 'ISSUE' ? searchIssues(repos, args.query, (repo, issue) => this.labelNames(repo, issue)) : [];
        const page = connection(hits.slice(0, SEARCH_MAX_RESULTS), args, 'search', (hit) => this.issue(hit.repo, hit.issue));
        return { ...page, issueCount: hits.length, codeCount: 0, discussionCount: 0, repositoryCount: 0, userCount: 0, wikiCount: 0 };
      },
      rateLimit: () => ({
        cost: 1,
        limit: 5000,
        nodeCount: 0,
        remaining: 4999,
        used: 1,
        resetAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    };
  }

  private labelNames(repo: RepoState, issue: IssueState): string[] {
    return this.state.labelsOf(repo, issue).map((label) => label.name);
  }

  private viewer() {
    if (this.caller.kind === 'jwt') throw new GitHubGraphqlError('FORBIDDEN', 'Resource not accessible by integration');
    const { login } = this.caller.actor;
    const account = this.state.user(login);
    const url = account.type === 'Bot' ? `${WEB_URL}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB_URL}/${login}`;
    return {
      id: nodeId(account.type === 'Bot' ? 'Bot' : 'User', account.id),
      databaseId: account.id,
      login: account.login,
      url,
      resourcePath: new URL(url).pathname,
      avatarUrl: () => `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    };
  }

  private actor(login: string) {
    const account = this.state.user(login);
    const isBot = account.type === 'Bot';
    const url = isBot ? `${WEB_URL}/apps/${login.replace(/\[bot\]$/, '')}` : `${WEB_URL}/${login}`;
    return {
      __typename: isBot ? 'Bot' : 'User',
      id: nodeId(isBot ? 'Bot' : 'User', account.id),
      databaseId: account.id,
      login: isBot ? login.replace(/\[bot\]$/, '') : login,
      url,
      resourcePath: new URL(url).pathname,
      avatarUrl: () => `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    };
  }

  private repository(repo: RepoState) {
    const url = `${WEB_URL}/${repo.fullName}`;
    return {
      __typename: 'Repository',
      id: nodeId('Repository', repo.id),
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: repo.fullName,
      owner: () => ({ ...this.actor(repo.owner), __typename: 'User' }),
      url,
      resourcePath: `/${repo.fullName}`,
      isPrivate: repo.isPrivate,
      visibility: repo.isPrivate ? 'PRIVATE' : 'PUBLIC',
      createdAt: repo.createdAt,
      pushedAt: repo.pushedAt,
      updatedAt: repo.pushedAt,
      defaultBranchRef: () => this.ref(repo, repo.git.defaultBranch),
      ref: ({ qualifiedName }: { qualifiedName: string }) => this.ref(repo, qualifiedName.replace(/^refs\/heads\//, '')),
      object: ({ expression, oid }: { expression?: string; oid?: string }) => this.gitObject(repo, expression, oid),
      label: ({ name }: { name: string }) => {
        const label = this.state.findLabel(repo, name);
        return label ? this.label(repo, label) : null;
      },
      labels: (args: ConnectionArgs) => connection([...repo.labels.values()], args, 'labels', (label) => this.label(repo, label)),
      issue: ({ number }: { number: number }) => {
        const issue = repo.issues.get(number);
        if (!issue || issue.pull) throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to an Issue with the number of ${number}.`);
        return this.issue(repo, issue);
      },
      pullRequest: ({ number }: { number: number }) => {
        const issue = repo.issues.get(number);
        if (!issue?.pull) throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`);
        return this.issue(repo, issue);
      },
      issueOrPullRequest: ({ number }: { number: number }) => {
        const issue = repo.issues.get(number);
        if (!issue)
          throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to an issue or pull request with the number of ${number}.`);
        return this.issue(repo, issue);
      },
      issues: (
        args: ConnectionArgs & {
          states?: string[] | null;
          labels?: string[] | null;
          orderBy?: { field: string; direction: string } | null;
        },
      ) => {
        const states = args.states?.map((state) => state.toLowerCase());
        // Any of the labels matches, as on GitHub; unknown names match nothing.
        const labelIds = args.labels?.flatMap((name) => this.state.findLabel(repo, name)?.id ?? []);
        const key = ORDER_FIELDS[args.orderBy?.field ?? 'CREATED_AT'] ?? ORDER_FIELDS.CREATED_AT;
        const sign = args.orderBy?.direction === 'DESC' ? -1 : 1;
        const issues = [...repo.issues.values()]
          .filter((issue) => !issue.pull)
          .filter((issue) => !states || states.includes(issue.state))
          .filter((issue) => !labelIds || issue.labelIds.some((id) => labelIds.includes(id)))
          .sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
        return connection(issues, args, 'issues', (issue) => this.issue(repo, issue));
      },
    };
  }

  private ref(repo: RepoState, branch: string) {
    const commit = repo.git.head(branch);
    if (!commit) return null;
    return {
      __typename: 'Ref',
      id: nodeId('Ref', `${repo.id}:refs/heads/${branch}`),
      name: branch,
      prefix: 'refs/heads/',
      target: () => this.commit(repo, commit),
      repository: () => this.repository(repo),
    };
  }

  /** `object(expression: "<rev>:<path>")` (a blob or tree), `"<rev>"` (a commit), or `object(oid:)`. */
  private gitObject(repo: RepoState, expression: string | undefined, oid: string | undefined) {
    if (oid) {
      const sha = oid.toLowerCase();
      const commit = repo.git.commits.get(sha);
      if (commit) return this.commit(repo, commit);
      const tree = repo.git.trees.get(sha);
      if (tree) return this.tree(repo, tree, '');
      const blob = repo.git.blobs.get(sha);
      return blob ? this.blob(repo, blob) : null;
    }
    if (expression === undefined) return null;
    const colon = expression.indexOf(':');
    const revision = colon === -1 ? expression : expression.slice(0, colon);
    const commit = repo.git.resolve(revision);
    if (!commit) return null;
    if (colon === -1) return this.commit(repo, commit);
    const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
    const found = repo.git.lookup(commit, path);
    if (!found) return null;
    return found.type === 'blob' ? this.blob(repo, found.blob) : this.tree(repo, found.tree, path);
  }

  private gitObjectFields(repo: RepoState, type: string, sha: string) {
    const commitResourcePath = `/${repo.fullName}/commit/${sha}`;
    return {
      __typename: type,
      id: nodeId(type, `${repo.id}:${sha}`),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      commitResourcePath,
      commitUrl: `${WEB_URL}${commitResourcePath}`,
      repository: () => this.repository(repo),
    };
  }

  private blob(repo: RepoState, blob: GitBlob) {
    return {
      ...this.gitObjectFields(repo, 'Blob', blob.sha),
      byteSize: blob.size,
      text: blob.isBinary ? null : blob.text,
      isBinary: blob.isBinary,
      isTruncated: false,
    };
  }

  private tree(repo: RepoState, tree: GitTree, path: string) {
    return {
      ...this.gitObjectFields(repo, 'Tree', tree.sha),
      entries: () => tree.entries.map((entry) => this.treeEntry(repo, entry, path ? `${path}/${entry.name}` : entry.name)),
    };
  }

  private treeEntry(repo: RepoState, entry: GitTreeEntry, path: string) {
    const blob = entry.type === 'blob' ? repo.git.blobs.get(entry.sha)! : null;
    const dot = entry.name.lastIndexOf('.');
    return {
      name: entry.name,
      nameRaw: Buffer.from(entry.name).toString('base64'),
      path,
      pathRaw: Buffer.from(path).toString('base64'),
      type: entry.type,
      mode: entry.type === 'tree' ? 0o40000 : 0o100644,
      oid: entry.sha,
      size: blob?.size ?? 0,
      extension: blob && dot > 0 ? entry.name.slice(dot) : null,
      isGenerated: false,
      lineCount: blob && !blob.isBinary ? blob.text.split('\n').length - (blob.text.endsWith('\n') ? 1 : 0) : null,
      language: null,
      submodule: null,
      object: () => (blob ? this.blob(repo, blob) : this.tree(repo, repo.git.trees.get(entry.sha)!, path)),
      repository: () => this.repository(repo),
    };
  }

  private commit(repo: RepoState, commit: GitCommit) {
    const url = `${WEB_URL}/${repo.fullName}/commit/${commit.sha}`;
    return {
      ...this.gitObjectFields(repo, 'Commit', commit.sha),
      message: commit.message,
      messageHeadline: commit.message.split('\n')[0],
      messageBody: commit.message.split('\n').slice(1).join('\n').trim(),
      committedDate: commit.date,
      authoredDate: commit.date,
      url,
      resourcePath: new URL(url).pathname,
      tree: () => this.tree(repo, repo.git.trees.get(commit.treeSha)!, ''),
      file: ({ path }: { path: string }) => {
        const trimmed = path.replace(/^\/+|\/+$/g, '');
        const segments = trimmed.split('/');
        const parent = repo.git.lookup(commit, segments.slice(0, -1).join('/'));
        const entry =
          parent?.type === 'tree' ? parent.tree.entries.find((candidate) => candidate.name === segments[segments.length - 1]) : undefined;
        return entry ? this.treeEntry(repo, entry, trimmed) : null;
      },
      parents: (args: ConnectionArgs) => {
        const parent = commit.parent ? repo.git.commits.get(commit.parent) : undefined;
        return connection(parent ? [parent] : [], args, 'parents', (item) => this.commit(repo, item));
      },
      checkSuites: (args: ConnectionArgs & { filterBy?: { appId?: number | null; checkName?: string | null } | null }) => {
        const suites = new Map<number, CheckRunState[]>();
        for (const run of repo.checkRuns.values()) {
          if (run.headSha !== commit.sha) continue;
          const suiteRuns = suites.get(run.checkSuiteId) ?? [];
          suiteRuns.push(run);
          suites.set(run.checkSuiteId, suiteRuns);
        }
        const { appId, checkName } = args.filterBy ?? {};
        const matching = [...suites.entries()].filter(
          ([, runs]) =>
            (typeof appId !== 'number' || this.appOf(runs[0])?.id === appId) && (!checkName || runs.some((run) => run.name === checkName)),
        );
        return connection(matching, args, 'checkSuites', ([suiteId, runs]) => this.checkSuite(repo, commit, suiteId, runs));
      },
    };
  }

  private appOf(run: CheckRunState) {
    return run.viaApp ? this.state.apps.get(run.viaApp) : undefined;
  }

  private checkSuite(repo: RepoState, commit: GitCommit, suiteId: number, runs: CheckRunState[]) {
    const app = this.appOf(runs[0]);
    const completed = runs.every((run) => run.status === 'completed');
    const url = `${WEB_URL}/${repo.fullName}/commit/${commit.sha}/checks?check_suite_id=${suiteId}`;
    return {
      __typename: 'CheckSuite',
      id: nodeId('CheckSuite', suiteId),
      databaseId: suiteId,
      status: completed ? 'COMPLETED' : 'IN_PROGRESS',
      conclusion: completed ? suiteConclusion(runs) : null,
      app: app
        ? {
            __typename: 'App',
            id: nodeId('App', app.id),
            databaseId: app.id,
            slug: app.slug,
            name: app.name,
            url: `${WEB_URL}/apps/${app.slug}`,
          }
        : null,
      commit: () => this.commit(repo, commit),
      repository: () => this.repository(repo),
      createdAt: runs[0].startedAt,
      updatedAt: runs.reduce(
        (latest, run) => (run.completedAt && run.completedAt > latest ? run.completedAt : latest),
        runs[0].startedAt ?? '',
      ),
      url,
      resourcePath: new URL(url).pathname + new URL(url).search,
      checkRuns: (
        args: ConnectionArgs & { filterBy?: { checkName?: string | null; status?: string | null; conclusions?: string[] | null } | null },
      ) => {
        const { checkName, status, conclusions: wanted } = args.filterBy ?? {};
        const selected = runs.filter(
          (run) =>
            (!checkName || run.name === checkName) &&
            (!status || run.status.toUpperCase() === status) &&
            (!wanted || (run.conclusion !== null && wanted.includes(run.conclusion.toUpperCase()))),
        );
        return connection(selected, args, 'checkRuns', (run) => this.checkRun(repo, run));
      },
    };
  }

  private checkRun(repo: RepoState, run: CheckRunState) {
    const url = `${WEB_URL}/${repo.fullName}/runs/${run.id}`;
    return {
      __typename: 'CheckRun',
      id: nodeId('CheckRun', run.id),
      databaseId: run.id,
      name: run.name,
      status: run.status.toUpperCase(),
      conclusion: run.conclusion?.toUpperCase() ?? null,
      title: run.title,
      summary: run.summary,
      text: run.text,
      detailsUrl: run.detailsUrl,
      externalId: run.externalId,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
      url,
      permalink: url,
      resourcePath: new URL(url).pathname,
    };
  }

  private label(repo: RepoState, label: LabelState) {
    return {
      __typename: 'Label',
      id: nodeId('Label', label.id),
      name: label.name,
      color: label.color,
      description: label.description,
      isDefault: label.isDefault,
      url: `${WEB_URL}/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      resourcePath: `/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      /** The issues (never pull requests) carrying the label; GitHub answers `totalCount` alone without `first`/`last`. */
      issues: (args: ConnectionArgs & { states?: string[] | null }) => {
        const states = args.states?.map((state) => state.toLowerCase());
        const issues = [...repo.issues.values()]
          .filter((issue) => !issue.pull && issue.labelIds.includes(label.id))
          .filter((issue) => !states || states.includes(issue.state))
          .sort((a, b) => a.number - b.number);
        if (args.first == null && args.last == null) return { totalCount: issues.length };
        return connection(issues, args, 'issues', (issue) => this.issue(repo, issue));
      },
    };
  }

  private comment(repo: RepoState, issue: IssueState, comment: CommentState) {
    const url = `${WEB_URL}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${comment.id}`;
    return {
      __typename: 'IssueComment',
      id: nodeId('IssueComment', comment.id),
      databaseId: comment.id,
      fullDatabaseId: String(comment.id),
      viewerDidAuthor: this.isViewer(comment.author),
      viewerCanUpdate: this.isViewer(comment.author),
      viewerCanDelete: this.isViewer(comment.author),
      isMinimized: false,
      minimizedReason: null,
      body: comment.body,
      bodyText: comment.body,
      author: () => this.actor(comment.author),
      createdAt: comment.createdAt,
      updatedAt: comment.updatedAt,
      lastEditedAt: comment.lastEditedAt,
      editor: () => (comment.editor ? this.actor(comment.editor) : null),
      url,
      resourcePath: new URL(url).pathname + new URL(url).hash,
    };
  }

  private issue(repo: RepoState, issue: IssueState) {
    const url = `${WEB_URL}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
    const fields = {
      __typename: issue.pull ? 'PullRequest' : 'Issue',
      id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
      databaseId: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body ?? '',
      bodyText: issue.body ?? '',
      url,
      resourcePath: new URL(url).pathname,
      state: issue.state.toUpperCase(),
      stateReason: issue.stateReason?.toUpperCase() ?? null,
      closed: issue.state === 'closed',
      closedAt: issue.closedAt,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      lastEditedAt: issue.lastEditedAt,
      editor: () => (issue.editor ? this.actor(issue.editor) : null),
      locked: false,
      viewerDidAuthor: this.isViewer(issue.author),
      author: () => this.actor(issue.author),
      repository: () => this.repository(repo),
      labels: (args: ConnectionArgs) => connection(this.state.labelsOf(repo, issue), args, 'labels', (label) => this.label(repo, label)),
      comments: (args: ConnectionArgs) => connection(issue.comments, args, 'comments', (comment) => this.comment(repo, issue, comment)),
    };
    return issue.pull ? { ...fields, ...this.pullFields(repo, issue.pull) } : fields;
  }

  private pullFields(repo: RepoState, pull: PullState) {
    const diff = () => {
      const { head, mergeBase } = this.state.pullCommits(repo, pull);
      return repo.git.diff(mergeBase, head);
    };
    return {
      headRefName: pull.headRef,
      baseRefName: pull.baseRef,
      headRefOid: pull.headSha,
      baseRefOid: pull.baseSha,
      isDraft: pull.draft,
      merged: false,
      mergedAt: null,
      changedFiles: () => diff().length,
      files: (args: ConnectionArgs) =>
        connection(diff(), args, 'files', (file) => {
          const stats = lineStats(repo.git.blobText(file.oldSha), repo.git.blobText(file.newSha));
          return {
            path: file.path,
            additions: stats.additions,
            deletions: stats.deletions,
            changeType: PATCH_STATUS[file.status],
            viewerViewedState: 'UNVIEWED',
          };
        }),
    };
  }
}
