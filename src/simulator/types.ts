/** The simulator's public, JSON-serialisable types (seeding API, snapshots, recorded requests). */

export interface SimulatorOptions {
  appId: number;
  /** The App's slug; its bot user is `<slug>[bot]`. Default `roadmap-bot`. */
  appSlug?: string;
  /** PEM public key matching the App's private key; verifies the App's JWTs. */
  publicKey: string;
  /** Plain tokens accepted on every repository (GITHUB_TOKEN mode), acting as `login`. */
  staticTokens?: Record<string, { login: string }>;
}

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** How a request authenticated: App JWT, installation token, static token, none, or a rejected credential. */
export type TokenKind = 'jwt' | 'installation' | 'static' | 'none' | 'invalid';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface CommentRecord {
  id: number;
  body: string;
  user: string;
  /** Slug of the GitHub App that wrote it (`roadmap-bot`, `github-actions`), or null for a person. */
  viaApp: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who last changed the body, null while nobody has. */
  editor: string | null;
  reactions: { content: string; user: string }[];
}

export type IssueStateReason = 'completed' | 'reopened' | 'not_planned' | 'duplicate';

export interface IssueRecord {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: IssueStateReason | null;
  labels: string[];
  user: string;
  viaApp: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  comments: CommentRecord[];
}

export type FileChangeStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface FileChange {
  path: string;
  status: FileChangeStatus;
  previousPath?: string;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: 'open' | 'closed';
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  labels: string[];
  /** Files changed between the merge base of base and head, and head (what GitHub lists). */
  files: FileChange[];
  createdAt: string;
  updatedAt: string;
  comments: CommentRecord[];
}

export interface AnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export type CheckRunStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckRunConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  viaApp: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: AnnotationRecord[] };
}

export interface SimulatorSnapshot {
  labels: Record<string, LabelRecord[]>;
  /** Issues only (pull requests are under `pulls`), each with its comments. */
  issues: Record<string, IssueRecord[]>;
  pulls: Record<string, PullRequestRecord[]>;
  checkRuns: Record<string, CheckRunRecord[]>;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and the query string; GraphQL is `/graphql`. */
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when an injected timeout dropped the connection. */
  status: number;
  body: unknown;
  tokenKind: TokenKind;
  /** The matched route (`GET /repos/{owner}/{repo}/labels`, `POST /graphql`), or null for unknown routes. */
  route: string | null;
}

export type RequestFilter =
  | ((request: RecordedRequest) => boolean)
  | { method?: string; path?: string | RegExp; route?: string; tokenKind?: TokenKind; status?: number };

export interface FaultSpec {
  method?: string;
  /** Tested against the recorded path (no `/api/v3`, no query). */
  path?: RegExp;
  /** 403 is a secondary rate limit with `retry-after`; 'timeout' holds the request then drops the connection. */
  status: 500 | 502 | 403 | 'timeout';
  /** How many matching requests fail; default 1. */
  times?: number;
  /** `retry-after` seconds sent with a 403; default 1. */
  retryAfterSeconds?: number;
  /** How long a 'timeout' holds the request before dropping it; default 1000 ms. */
  delayMs?: number;
}

export interface CreateRepositoryOptions {
  defaultBranch?: string;
  files?: Record<string, string>;
  private?: boolean;
}

export interface OpenPullRequestOptions {
  head: string;
  base?: string;
  title: string;
  body?: string;
  number?: number;
  user?: string;
}

export interface CreateIssueOptions {
  title: string;
  body?: string;
  labels?: string[];
  user?: string;
  state?: 'open' | 'closed';
  stateReason?: IssueStateReason;
  createdAt?: string;
  closedAt?: string;
}

export interface Simulator {
  start(port?: number): Promise<{ url: string }>;
  close(): Promise<void>;
  /** Base URL once started (`http://127.0.0.1:PORT`); use it as Octokit's `baseUrl`. */
  readonly url: string;
  addInstallation(id: number, account: string, repos: string[]): void;
  createRepository(fullName: string, options?: CreateRepositoryOptions): { headSha: string };
  commit(fullName: string, branch: string, files: Record<string, string | null>, message?: string): string;
  openPullRequest(fullName: string, options: OpenPullRequestOptions): PullRequestRecord;
  createIssue(fullName: string, options: CreateIssueOptions): IssueRecord;
  /** Edits an issue's body as `user` (GitHub then reports them as its `editor`). */
  editIssueBody(fullName: string, number: number, body: string, user: string): IssueRecord;
  /** Edits a comment's body as `user`. */
  editComment(fullName: string, commentId: number, body: string, user: string): void;
  setPermission(fullName: string, login: string, role: Role): void;
  snapshot(): SimulatorSnapshot;
  setClock(isoDateTime: string): void;
  readonly requests: readonly RecordedRequest[];
  resetRequests(): void;
  countRequests(filter?: RequestFilter): number;
  failNext(fault: FaultSpec): void;
}
