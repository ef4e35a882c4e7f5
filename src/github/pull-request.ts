/**
 * What the pull-request review reads from GitHub, in as few calls as SPEC
 * §10/§12 allow (≤ 5 per event when the roadmap is touched, ≤ 2 when not):
 *
 * - ONE GraphQL query for the pull request: its changed files, its comments
 *   (the review comment is found in the same call), the config file on the
 *   default branch and at the head, the organisation's fallback config (its
 *   `.github` repository), and the app's check runs on the head;
 *   when it renames a file, the REST file list too (GraphQL gives no old path);
 * - ONE GraphQL query for the roadmap files of both sides: each glob's static
 *   folder (`roadmap/` for `roadmap/**\/*.md`) read as nested trees with the
 *   blob texts inline. A tree deeper than that nesting, or a glob without a
 *   static folder, falls back to `readRoadmapFiles` (tree listing + blobs);
 * - open issue counts of removed nodes' labels, only when a node was removed.
 */
import picomatch from 'picomatch';
import type { Diagnostic, SourceFile } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import type { GitHubClient, RepositoryRef } from './client.js';
import type { MarkedComment } from './comments.js';
import { capRoadmapPaths, readBlob, type BlobText } from './roadmap-source.js';

/** GitHub's page size for connections. */
const PAGE_SIZE = 100;
/** Folder levels read inline below each glob's static folder before falling back to the tree listing. */
export const INLINE_TREE_DEPTH = 4;

// ---- the pull request ------------------------------------------------------

/** A file in the repository as the review needs it: absent, text, or something that is not a readable text file. */
export type RepositoryFile = { kind: 'absent' } | { kind: 'text'; text: string } | { kind: 'unreadable' };

/** A completed check run this app already wrote on the head commit (ids are left out: GraphQL's Int cannot hold them). */
export interface ExistingCheckRun {
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
}

export interface PullRequestSnapshot {
  /** Paths the pull request changes (its "Files changed"), a renamed file's old path included. */
  changedFiles: string[];
  /** The oldest comment the app wrote that carries the marker. */
  markedComment: MarkedComment | null;
  /** The config file on the default branch (what Probot's `context.config` reads first). */
  defaultBranchConfig: RepositoryFile;
  /** The config file at the head commit. */
  headConfig: RepositoryFile;
  /**
   * The config file in the organisation's `.github` repository, the fallback
   * when the repository has none (as in Probot); absent when that repository
   * does not exist or is out of the installation's reach.
   */
  organizationConfig: RepositoryFile;
  /** False when the head commit is gone (a force push replaced it before this event was handled). */
  headFound: boolean;
  /** The commit the pull request's head branch points at now (webhooks may arrive out of order). */
  currentHeadSha: string;
  /** This app's check runs of that name on the head commit. */
  checkRuns: ExistingCheckRun[];
}

export interface PullRequestRequest extends RepositoryRef {
  number: number;
  headSha: string;
  /** The hidden marker of the comment to find. */
  marker: string;
  configPath: string;
  /** The app's id and check-run name: its existing check runs on the head come back too. */
  appId: number;
  checkName: string;
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface FilesConnection {
  pageInfo: PageInfo;
  /** `changeType` RENAMED: GraphQL gives only the new path. */
  nodes: ({ path: string; changeType: string } | null)[] | null;
}

interface CommentNode {
  fullDatabaseId: string | null;
  body: string;
  viewerDidAuthor: boolean;
}

interface CommentsConnection {
  pageInfo: PageInfo;
  nodes: (CommentNode | null)[] | null;
}

interface BlobObject {
  __typename: string;
  text?: string | null;
  isBinary?: boolean | null;
  isTruncated?: boolean;
}

interface PullRequestQueryResult {
  organization?: { defaultBranchRef: DefaultBranchFile } | null;
  repository: {
    defaultBranchRef: DefaultBranchFile;
    headConfig: BlobObject | null;
    headCommit: {
      checkSuites?: {
        nodes: ({ checkRuns: { nodes: (ExistingCheckRun | null)[] | null } | null } | null)[] | null;
      } | null;
    } | null;
    pullRequest: { headRefOid: string; files: FilesConnection | null; comments: CommentsConnection } | null;
  } | null;
}

type DefaultBranchFile = { target: { file?: { object: BlobObject | null } | null } | null } | null;

const BLOB_FIELDS = '__typename ... on Blob { text isBinary isTruncated }';
const ORGANIZATION_CONFIG_FIELD = `organization: repository(owner: $owner, name: ".github") {
    defaultBranchRef { target { ... on Commit { file(path: $configPath) { object { ${BLOB_FIELDS} } } } } }
  }`;
const COMMENT_FIELDS = 'pageInfo { hasNextPage endCursor } nodes { fullDatabaseId body viewerDidAuthor }';
const FILE_FIELDS = 'pageInfo { hasNextPage endCursor } nodes { path changeType }';

const pullRequestQuery = (
  withOrganization: boolean,
) => `query RoadmapReviewPullRequest($owner: String!, $name: String!, $number: Int!, $configPath: String!, $headConfig: String!, $headSha: GitObjectID!, $appId: Int!, $checkName: String!) {
  ${withOrganization ? ORGANIZATION_CONFIG_FIELD : ''}
  repository(owner: $owner, name: $name) {
    defaultBranchRef { target { ... on Commit { file(path: $configPath) { object { ${BLOB_FIELDS} } } } } }
    headConfig: object(expression: $headConfig) { ${BLOB_FIELDS} }
    headCommit: object(oid: $headSha) {
      ... on Commit {
        checkSuites(first: 10, filterBy: { appId: $appId }) {
          nodes { checkRuns(first: 10, filterBy: { checkName: $checkName }) { nodes { status conclusion title summary } } }
        }
      }
    }
    pullRequest(number: $number) {
      headRefOid
      files(first: ${PAGE_SIZE}) { ${FILE_FIELDS} }
      comments(first: ${PAGE_SIZE}) { ${COMMENT_FIELDS} }
    }
  }
}`;

const FILES_PAGE_QUERY = `query RoadmapReviewChangedFiles($owner: String!, $name: String!, $number: Int!, $after: String!) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { files(first: ${PAGE_SIZE}, after: $after) { ${FILE_FIELDS} } } }
}`;

const COMMENTS_PAGE_QUERY = `query RoadmapReviewComments($owner: String!, $name: String!, $number: Int!, $after: String!) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { comments(first: ${PAGE_SIZE}, after: $after) { ${COMMENT_FIELDS} } } }
}`;

function repositoryFile(object: BlobObject | null | undefined): RepositoryFile {
  if (!object) return { kind: 'absent' };
  if (object.__typename !== 'Blob' || object.isBinary || object.isTruncated || typeof object.text !== 'string') {
    return { kind: 'unreadable' };
  }
  return { kind: 'text', text: object.text };
}

function markedIn(connection: CommentsConnection, marker: string): MarkedComment | null {
  for (const comment of connection.nodes ?? []) {
    // Only the app's own comments count: a user pasting the marker changes nothing.
    if (!comment || !comment.viewerDidAuthor || !comment.body.includes(marker)) continue;
    const id = Number(comment.fullDatabaseId);
    if (Number.isSafeInteger(id) && id > 0) return { id, body: comment.body };
  }
  return null;
}

function pathsIn(connection: FilesConnection | null): string[] {
  return (connection?.nodes ?? []).flatMap((file) => (file ? [file.path] : []));
}

function hasRename(connection: FilesConnection | null): boolean {
  return (connection?.nodes ?? []).some((file) => file?.changeType === 'RENAMED');
}

/**
 * The changed files from the REST list, which names a renamed file's old path
 * too (a page from `roadmap/` to `archive/` removes a node: the review must see it).
 */
async function changedFilesWithRenames(octokit: GitHubClient, request: PullRequestRequest): Promise<string[]> {
  const files: string[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner: request.owner,
    repo: request.repo,
    pull_number: request.number,
    per_page: PAGE_SIZE,
  });
  for await (const page of pages) {
    for (const file of page.data) files.push(file.filename, ...(file.previous_filename ? [file.previous_filename] : []));
  }
  return files;
}

function missingPullRequest(request: PullRequestRequest): Error {
  return new Error(`GitHub returned no pull request #${request.number} in ${request.owner}/${request.repo}`);
}

/**
 * GitHub answers a query naming a repository that does not exist (or that the
 * installation cannot see) with NOT_FOUND for that field and the rest of the
 * data: a missing organisation `.github` repository is just no fallback config.
 */
async function withoutMissingOrganizationRepository(query: () => Promise<PullRequestQueryResult>): Promise<PullRequestQueryResult> {
  try {
    return await query();
  } catch (error) {
    const { data, errors } = error as { data?: PullRequestQueryResult; errors?: { type?: string; path?: (string | number)[] }[] };
    const onlyOrganization = errors?.length && errors.every((entry) => entry.type === 'NOT_FOUND' && entry.path?.[0] === 'organization');
    if (onlyOrganization && data?.repository) return { ...data, organization: null };
    throw error;
  }
}

interface PullRequestVariables {
  owner: string;
  name: string;
  number: number;
}

/**
 * The changed files: the first query's page, then further pages until a
 * rename shows up, after which the REST list (which names old paths) replaces them.
 */
async function changedFilesFrom(
  octokit: GitHubClient,
  request: PullRequestRequest,
  variables: PullRequestVariables,
  firstPage: FilesConnection | null,
): Promise<string[]> {
  const changedFiles = pathsIn(firstPage);
  let files = firstPage;
  let renamed = hasRename(files);
  while (!renamed && files?.pageInfo.hasNextPage && files.pageInfo.endCursor) {
    const page: { repository: { pullRequest: { files: FilesConnection | null } | null } | null } = await octokit.graphql(FILES_PAGE_QUERY, {
      ...variables,
      after: files.pageInfo.endCursor,
    });
    files = page.repository?.pullRequest?.files ?? null;
    changedFiles.push(...pathsIn(files));
    renamed = hasRename(files);
  }
  return renamed ? changedFilesWithRenames(octokit, request) : changedFiles;
}

/** The marked comment: in the first query's page, or in the pages after it until found. */
async function markedCommentFrom(
  octokit: GitHubClient,
  marker: string,
  variables: PullRequestVariables,
  firstPage: CommentsConnection,
): Promise<MarkedComment | null> {
  let comments = firstPage;
  let markedComment = markedIn(comments, marker);
  while (!markedComment && comments.pageInfo.hasNextPage && comments.pageInfo.endCursor) {
    const page: { repository: { pullRequest: { comments: CommentsConnection } | null } | null } = await octokit.graphql(
      COMMENTS_PAGE_QUERY,
      {
        ...variables,
        after: comments.pageInfo.endCursor,
      },
    );
    const next = page.repository?.pullRequest?.comments;
    if (!next) break;
    comments = next;
    markedComment = markedIn(comments, marker);
  }
  return markedComment;
}

/**
 * Everything the review needs to know about the pull request, in one GraphQL
 * call; more only past 100 changed files, past 100 comments before the
 * marked one, or for the REST file list when a file was renamed.
 */
export async function fetchPullRequestSnapshot(octokit: GitHubClient, request: PullRequestRequest): Promise<PullRequestSnapshot> {
  const variables = { owner: request.owner, name: request.repo, number: request.number };
  // The `.github` repository is its own organisation fallback.
  const withOrganization = request.repo.toLowerCase() !== '.github';
  const first = await withoutMissingOrganizationRepository(() =>
    octokit.graphql<PullRequestQueryResult>(pullRequestQuery(withOrganization), {
      ...variables,
      configPath: request.configPath,
      headConfig: `${request.headSha}:${request.configPath}`,
      headSha: request.headSha,
      appId: request.appId,
      checkName: request.checkName,
    }),
  );
  const pullRequest = first.repository?.pullRequest;
  if (!first.repository || !pullRequest) throw missingPullRequest(request);
  const changedFiles = await changedFilesFrom(octokit, request, variables, pullRequest.files);
  const markedComment = await markedCommentFrom(octokit, request.marker, variables, pullRequest.comments);
  const checkRuns = (first.repository.headCommit?.checkSuites?.nodes ?? []).flatMap((suite) =>
    (suite?.checkRuns?.nodes ?? []).flatMap((run) => (run ? [run] : [])),
  );
  return {
    changedFiles,
    markedComment,
    defaultBranchConfig: repositoryFile(first.repository.defaultBranchRef?.target?.file?.object),
    headConfig: repositoryFile(first.repository.headConfig),
    organizationConfig: repositoryFile(first.organization?.defaultBranchRef?.target?.file?.object),
    headFound: first.repository.headCommit !== null,
    currentHeadSha: pullRequest.headRefOid,
    checkRuns,
  };
}

// ---- the roadmap files of both sides ---------------------------------------

export interface RoadmapSideRequest {
  sha: string;
  globs: string[];
}

/** A side's files as read, or null when it needs `readRoadmapFiles` (a glob without a static folder, a tree too deep). */
export interface RoadmapSideRead {
  files: SourceFile[];
  /** Matched files that were not read, as diagnostics (the same ones `readRoadmapFiles` gives). */
  skipped: Diagnostic[];
}

interface Folder {
  /** Repo-relative path of the folder (or of a single file, for a glob without wildcards). */
  path: string;
  /** Folder levels the globs under it can reach below it (Infinity with `**`). */
  depth: number;
}

/**
 * The static folders the globs live in, with how deep they reach; null when
 * some glob has no static folder (`**\/*.md`, `{a,b}/*.md`, a negation): then
 * only a full tree listing finds its files.
 */
export function globFolders(globs: string[]): Folder[] | null {
  const byPath = new Map<string, number>();
  for (const glob of globs) {
    const scan = picomatch.scan(glob.replace(/^(\.\/)+/, ''));
    if (scan.negated || scan.base === '' || scan.base === '.') return null;
    const depth = !scan.isGlob ? 0 : scan.glob.includes('**') ? Number.POSITIVE_INFINITY : scan.glob.split('/').length;
    byPath.set(scan.base, Math.max(byPath.get(scan.base) ?? 0, depth));
  }
  // A folder inside another one is read with it.
  const paths = [...byPath.keys()].sort();
  const folders: Folder[] = [];
  for (const path of paths) {
    const outer = folders.find((folder) => path.startsWith(`${folder.path}/`));
    if (outer) {
      const extra = path.split('/').length - outer.path.split('/').length;
      outer.depth = Math.max(outer.depth, (byPath.get(path) ?? 0) + extra);
    } else {
      folders.push({ path, depth: byPath.get(path) ?? 0 });
    }
  }
  return folders;
}

const BLOB_TEXT = '... on Blob { text byteSize isBinary isTruncated }';

/**
 * A tree's entries with their objects `levels` deep; below that, names and
 * types only, which is enough to see that something was left unread.
 */
function treeSelection(levels: number): string {
  if (levels <= 0) return '... on Tree { entries { path type } }';
  return `... on Tree { entries { path type object { ${BLOB_TEXT} ${treeSelection(levels - 1)} } } }`;
}

interface TreeEntryNode {
  path: string | null;
  type: string;
  object?: TreeObject | null;
}

interface TreeObject {
  text?: string | null;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  entries?: TreeEntryNode[] | null;
}

interface BlobFound extends BlobText {
  path: string;
}

/**
 * Walks one folder's answer, collecting its blobs. `reach` is how many levels
 * below `object` the globs can match; false when a reachable entry lies below
 * the levels that were read.
 */
function collectBlobs(object: TreeObject, path: string, reach: number, found: BlobFound[]): boolean {
  if (!object.entries) {
    found.push({
      path,
      text: object.text ?? null,
      byteSize: object.byteSize ?? 0,
      isBinary: object.isBinary ?? false,
      isTruncated: object.isTruncated ?? false,
    });
    return true;
  }
  if (reach < 1) return true;
  for (const entry of object.entries) {
    if (entry.type !== 'blob' && entry.type !== 'tree') continue;
    if (!entry.object) return false;
    if (!collectBlobs(entry.object, entry.path ?? '', reach - 1, found)) return false;
  }
  return true;
}

/** The blobs matching the globs as source files, capped and checked exactly as `readRoadmapFiles` does. */
function sideFiles(blobs: BlobFound[], globs: string[]): RoadmapSideRead {
  const byPath = new Map(blobs.map((blob) => [blob.path, blob]));
  const capped = capRoadmapPaths(selectRoadmapFiles([...byPath.keys()], globs));
  const skipped = [...capped.skipped];
  const files: SourceFile[] = [];
  for (const path of capped.paths) {
    const read = readBlob(path, byPath.get(path) as BlobFound);
    if ('file' in read) files.push(read.file);
    else skipped.push(read.skipped);
  }
  return { files, skipped };
}

/**
 * The roadmap files of several commits in ONE GraphQL query. A side comes
 * back null when its globs have no static folder or its folders go deeper
 * than `INLINE_TREE_DEPTH`: read it with `readRoadmapFiles` instead.
 */
export async function fetchRoadmapSides(
  octokit: GitHubClient,
  repository: RepositoryRef,
  sides: RoadmapSideRequest[],
): Promise<(RoadmapSideRead | null)[]> {
  const plans = sides.map((side) => ({ side, folders: globFolders(side.globs) }));
  const variables: Record<string, string> = { owner: repository.owner, name: repository.repo };
  const declarations: string[] = [];
  const fields: string[] = [];
  plans.forEach(({ side, folders }, sideIndex) => {
    folders?.forEach((folder, folderIndex) => {
      const alias = `s${sideIndex}f${folderIndex}`;
      variables[alias] = `${side.sha}:${folder.path}`;
      declarations.push(`$${alias}: String!`);
      fields.push(`${alias}: object(expression: $${alias}) { ${BLOB_TEXT} ${treeSelection(Math.min(folder.depth, INLINE_TREE_DEPTH))} }`);
    });
  });
  if (fields.length === 0) return plans.map(() => null);

  const query = `query RoadmapReviewBlobs($owner: String!, $name: String!, ${declarations.join(', ')}) {
  repository(owner: $owner, name: $name) {
    ${fields.join('\n    ')}
  }
}`;
  const result = await octokit.graphql<{ repository: Record<string, TreeObject | null> | null }>(query, variables);
  return plans.map(({ side, folders }, sideIndex) => {
    if (!folders) return null;
    const blobs: BlobFound[] = [];
    for (const [folderIndex, folder] of folders.entries()) {
      const object = result.repository?.[`s${sideIndex}f${folderIndex}`];
      if (!object) continue;
      if (!collectBlobs(object, folder.path, folder.depth, blobs)) return null;
    }
    return sideFiles(blobs, side.globs);
  });
}
