/**
 * The simulated GitHub's data: users, the App, installations, repositories
 * (git objects, labels, issues and pull requests, comments, check runs,
 * permissions) and the operations that change them. REST handlers, GraphQL
 * resolvers and the seeding API all go through these operations, so the
 * rules (422s, label auto-creation, timestamps) hold whichever way data arrives.
 */
import { GitStore, type GitCommit } from './git.js';
import { checkBodyLength, invalidRequest, notFound, validationFailed, GitHubError } from './errors.js';
import type {
  AnnotationRecord,
  CheckRunConclusion,
  CheckRunRecord,
  CheckRunStatus,
  CommentRecord,
  IssueRecord,
  IssueStateReason,
  LabelRecord,
  OpenPullRequestOptions,
  PullRequestRecord,
  Role,
  SimulatorSnapshot,
} from './types.js';

const ACTIONS_APP_SLUG = 'github-actions';
const ACTIONS_BOT_LOGIN = 'github-actions[bot]';
const ACTIONS_BOT_USER_ID = 41898282;
const ACTIONS_APP_ID = 15368;

export interface UserAccount {
  id: number;
  login: string;
  type: 'User' | 'Bot';
}

export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  ownerLogin: string;
  createdAt: string;
  permissions: Record<string, string>;
  events: string[];
}

/** Who a write is attributed to: a user (maybe a bot) and the App it acted through. */
export interface Actor {
  login: string;
  viaApp: string | null;
}

export interface InstallationState {
  id: number;
  account: string;
  /** Lower-case `owner/name` of the repositories the installation may use. */
  repos: string[];
  createdAt: string;
}

export interface LabelState {
  id: number;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

export interface CommentState {
  id: number;
  body: string;
  author: string;
  viaApp: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who last changed the body (GraphQL `editor`), null while nobody has. */
  editor: string | null;
  lastEditedAt: string | null;
  reactions: ReactionState[];
}

export interface ReactionState {
  id: number;
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

export interface PullState {
  headRef: string;
  baseRef: string;
  /** Last known tips, kept for when a branch is gone. */
  headSha: string;
  baseSha: string;
  draft: boolean;
}

export interface IssueState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: IssueStateReason | null;
  labelIds: number[];
  author: string;
  viaApp: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Who last changed the body (GraphQL `editor`), null while nobody has. */
  editor: string | null;
  lastEditedAt: string | null;
  comments: CommentState[];
  pull?: PullState;
}

export interface CheckRunState {
  id: number;
  checkSuiteId: number;
  name: string;
  headSha: string;
  status: CheckRunStatus;
  conclusion: CheckRunConclusion | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  viaApp: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: AnnotationRecord[];
}

export interface RepoState {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  isPrivate: boolean;
  createdAt: string;
  pushedAt: string;
  git: GitStore;
  labels: Map<number, LabelState>;
  labelIdsByName: Map<string, number>;
  issues: Map<number, IssueState>;
  nextNumber: number;
  permissions: Map<string, Role>;
  checkRuns: Map<number, CheckRunState>;
  /** One check suite per commit and App, as on GitHub: `<sha>:<app slug>` → suite id. */
  checkSuites: Map<string, number>;
}

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  state?: 'open' | 'closed';
  stateReason?: IssueStateReason | null;
  createdAt?: string;
  closedAt?: string;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: 'open' | 'closed';
  stateReason?: IssueStateReason | null;
  labels?: string[];
}

export interface CheckRunInput {
  name?: string;
  headSha?: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  detailsUrl?: string;
  externalId?: string;
  startedAt?: string;
  completedAt?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: AnnotationRecord[] };
}

const MAX_ANNOTATIONS_PER_REQUEST = 50;
const DEFAULT_LABEL_COLOR = 'ededed';
const MAX_LABEL_NAME = 50;
const MAX_LABEL_DESCRIPTION = 100;
const MAX_TITLE = 256;

/** GitHub's timestamps: ISO 8601 UTC, whole seconds. */
export function githubTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseTimestamp(text: string, what: string): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`${what}: "${text}" is not an ISO date-time (e.g. 2026-01-15T09:00:00Z)`);
  return githubTimestamp(date);
}

export function repoKey(fullName: string): string {
  return fullName.toLowerCase();
}

function splitFullName(fullName: string): { owner: string; name: string } {
  const match = /^([A-Za-z0-9-_.]+)\/([A-Za-z0-9-_.]+)$/.exec(fullName);
  if (!match) throw new Error(`invalid repository name "${fullName}": expected "owner/name"`);
  return { owner: match[1], name: match[2] };
}

export class SimulatorState {
  readonly app: AppIdentity;
  readonly apps = new Map<string, AppIdentity>();
  readonly users = new Map<string, UserAccount>();
  readonly installations = new Map<number, InstallationState>();
  readonly repos = new Map<string, RepoState>();
  private readonly commentIndex = new Map<number, { repo: RepoState; issue: IssueState; comment: CommentState }>();
  private clock: string | null = null;
  private nextUserId = 100_001;
  private nextRepoId = 700_000_001;
  private nextLabelId = 5_000_000_001;
  private nextIssueId = 2_000_000_001;
  private nextCommentId = 1_500_000_001;
  private nextReactionId = 200_000_001;
  // Check runs and suites surface as GraphQL `databaseId: Int`, so their ids stay within 32 bits.
  private nextCheckRunId = 1_200_000_001;
  private nextCheckSuiteId = 1_100_000_001;

  constructor(options: { appId: number; appSlug: string }) {
    const createdAt = '2024-01-01T00:00:00Z';
    this.app = {
      id: options.appId,
      slug: options.appSlug,
      name: options.appSlug,
      ownerLogin: options.appSlug,
      createdAt,
      permissions: { issues: 'write', pull_requests: 'write', checks: 'write', contents: 'read', metadata: 'read' },
      events: ['push', 'pull_request', 'issues', 'issue_comment', 'installation', 'installation_repositories'],
    };
    this.apps.set(this.app.slug, this.app);
    this.apps.set(ACTIONS_APP_SLUG, {
      id: ACTIONS_APP_ID,
      slug: ACTIONS_APP_SLUG,
      name: 'GitHub Actions',
      ownerLogin: 'github',
      createdAt: '2018-07-30T09:30:17Z',
      permissions: { issues: 'write', pull_requests: 'write', checks: 'write', contents: 'write', metadata: 'read' },
      events: [],
    });
    this.users.set(ACTIONS_BOT_LOGIN, { id: ACTIONS_BOT_USER_ID, login: ACTIONS_BOT_LOGIN, type: 'Bot' });
  }

  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  /** The actor for writes made with an installation token (the App's bot). */
  appActor(): Actor {
    return { login: this.botLogin, viaApp: this.app.slug };
  }

  /** The actor for a plain token: GITHUB_TOKEN acts as github-actions[bot] through the Actions App. */
  tokenActor(login: string): Actor {
    return { login, viaApp: login.toLowerCase() === ACTIONS_BOT_LOGIN ? ACTIONS_APP_SLUG : null };
  }

  now(): string {
    return this.clock ?? githubTimestamp(new Date());
  }

  setClock(isoDateTime: string): void {
    this.clock = parseTimestamp(isoDateTime, 'setClock');
  }

  user(login: string): UserAccount {
    const key = login.toLowerCase();
    let account = this.users.get(key);
    if (!account) {
      account = { id: this.nextUserId++, login, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      this.users.set(key, account);
    }
    return account;
  }

  // ── installations ────────────────────────────────────────────────────────

  addInstallation(id: number, account: string, repos: string[]): void {
    this.user(account);
    this.installations.set(id, {
      id,
      account,
      repos: repos.map((fullName) => {
        const { owner, name } = splitFullName(fullName);
        return repoKey(`${owner}/${name}`);
      }),
      createdAt: this.now(),
    });
  }

  installationForRepo(repo: RepoState): InstallationState | undefined {
    const key = repoKey(repo.fullName);
    return [...this.installations.values()].find((installation) => installation.repos.includes(key));
  }

  // ── repositories and git ─────────────────────────────────────────────────

  createRepository(
    fullName: string,
    options: { defaultBranch?: string; files?: Record<string, string>; private?: boolean } = {},
  ): RepoState {
    const { owner, name } = splitFullName(fullName);
    const key = repoKey(fullName);
    if (this.repos.has(key)) throw new Error(`repository ${fullName} already exists`);
    this.user(owner);
    const now = this.now();
    const repo: RepoState = {
      id: this.nextRepoId++,
      owner,
      name,
      fullName: `${owner}/${name}`,
      isPrivate: options.private ?? false,
      createdAt: now,
      pushedAt: now,
      git: new GitStore(options.defaultBranch ?? 'main'),
      labels: new Map(),
      labelIdsByName: new Map(),
      issues: new Map(),
      nextNumber: 1,
      permissions: new Map([[owner.toLowerCase(), 'admin']]),
      checkRuns: new Map(),
      checkSuites: new Map(),
    };
    repo.git.commit(repo.git.defaultBranch, options.files ?? {}, { message: 'Initial commit', date: now, author: owner });
    this.repos.set(key, repo);
    return repo;
  }

  repo(fullName: string): RepoState | undefined {
    return this.repos.get(repoKey(fullName));
  }

  requireRepo(fullName: string): RepoState {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`unknown repository ${fullName}: create it with createRepository first`);
    return repo;
  }

  commit(repo: RepoState, branch: string, files: Record<string, string | null>, message: string): GitCommit {
    const now = this.now();
    const commit = repo.git.commit(branch, files, { message, date: now, author: repo.owner });
    repo.pushedAt = now;
    for (const issue of repo.issues.values()) {
      if (issue.pull?.headRef === branch) issue.pull.headSha = commit.sha;
      if (issue.pull?.baseRef === branch) issue.pull.baseSha = commit.sha;
    }
    return commit;
  }

  // ── permissions ──────────────────────────────────────────────────────────

  setPermission(repo: RepoState, login: string, role: Role): void {
    this.user(login);
    repo.permissions.set(login.toLowerCase(), role);
  }

  /** Explicit role, else what anyone has: read on a public repository, nothing on a private one. */
  roleOf(repo: RepoState, login: string): Role {
    return repo.permissions.get(login.toLowerCase()) ?? (repo.isPrivate ? 'none' : 'read');
  }

  // ── labels ───────────────────────────────────────────────────────────────

  findLabel(repo: RepoState, name: string): LabelState | undefined {
    const id = repo.labelIdsByName.get(name.toLowerCase());
    return id === undefined ? undefined : repo.labels.get(id);
  }

  createLabel(repo: RepoState, input: { name: string; color?: string; description?: string | null }): LabelState {
    const name = input.name.trim();
    this.validateLabel({ name, color: input.color, description: input.description });
    if (this.findLabel(repo, name)) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
    const label: LabelState = {
      id: this.nextLabelId++,
      name,
      color: (input.color ?? DEFAULT_LABEL_COLOR).toLowerCase(),
      description: input.description ?? null,
      isDefault: false,
    };
    repo.labels.set(label.id, label);
    repo.labelIdsByName.set(name.toLowerCase(), label.id);
    return label;
  }

  updateLabel(repo: RepoState, label: LabelState, patch: { newName?: string; color?: string; description?: string | null }): LabelState {
    const newName = patch.newName?.trim();
    this.validateLabel({ name: newName, color: patch.color, description: patch.description });
    if (newName !== undefined && newName.toLowerCase() !== label.name.toLowerCase()) {
      if (this.findLabel(repo, newName)) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      repo.labelIdsByName.delete(label.name.toLowerCase());
      repo.labelIdsByName.set(newName.toLowerCase(), label.id);
    }
    if (newName !== undefined) label.name = newName;
    if (patch.color !== undefined) label.color = patch.color.toLowerCase();
    if (patch.description !== undefined) label.description = patch.description;
    return label;
  }

  private validateLabel(input: { name?: string; color?: string; description?: string | null }): void {
    if (input.name !== undefined) {
      if (input.name === '') throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
      if (input.name.length > MAX_LABEL_NAME) {
        throw validationFailed({
          resource: 'Label',
          code: 'custom',
          field: 'name',
          message: `name is too long (maximum is ${MAX_LABEL_NAME} characters)`,
        });
      }
    }
    if (input.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(input.color)) {
      throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
    }
    if (input.description && input.description.length > MAX_LABEL_DESCRIPTION) {
      throw validationFailed({
        resource: 'Label',
        code: 'custom',
        field: 'description',
        message: `description is too long (maximum is ${MAX_LABEL_DESCRIPTION} characters)`,
      });
    }
  }

  /** Label ids for names, creating the missing labels as GitHub does when labelling an issue. */
  private labelIdsFor(repo: RepoState, names: string[]): number[] {
    const ids: number[] = [];
    for (const name of names) {
      const label = this.findLabel(repo, name.trim()) ?? this.createLabel(repo, { name });
      if (!ids.includes(label.id)) ids.push(label.id);
    }
    return ids;
  }

  labelsOf(repo: RepoState, issue: IssueState): LabelState[] {
    return issue.labelIds.map((id) => repo.labels.get(id)!);
  }

  // ── issues, pull requests, comments ──────────────────────────────────────

  createIssue(repo: RepoState, input: IssueInput, actor: Actor): IssueState {
    this.validateIssueText(input.title, input.body);
    const createdAt = input.createdAt ? parseTimestamp(input.createdAt, 'createdAt') : this.now();
    const closed = input.state === 'closed';
    const closedAt = closed ? (input.closedAt ? parseTimestamp(input.closedAt, 'closedAt') : createdAt) : null;
    this.user(actor.login);
    const issue: IssueState = {
      id: this.nextIssueId++,
      number: repo.nextNumber++,
      title: input.title,
      body: input.body ?? null,
      state: closed ? 'closed' : 'open',
      stateReason: closed ? (input.stateReason ?? 'completed') : null,
      labelIds: this.labelIdsFor(repo, input.labels ?? []),
      author: actor.login,
      viaApp: actor.viaApp,
      createdAt,
      updatedAt: closedAt ?? createdAt,
      closedAt,
      closedBy: closed ? actor.login : null,
      editor: null,
      lastEditedAt: null,
      comments: [],
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  issue(repo: RepoState, number: number): IssueState {
    const issue = repo.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  updateIssue(repo: RepoState, issue: IssueState, patch: IssuePatch, actor: Actor): IssueState {
    this.validateIssueText(patch.title ?? issue.title, patch.body);
    if (patch.title !== undefined) issue.title = patch.title;
    if (patch.body !== undefined && patch.body !== issue.body) {
      issue.body = patch.body;
      issue.editor = actor.login;
      issue.lastEditedAt = this.now();
    }
    if (patch.labels !== undefined) issue.labelIds = this.labelIdsFor(repo, patch.labels);
    const now = this.now();
    if (patch.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = now;
      issue.closedBy = actor.login;
      issue.stateReason = patch.stateReason ?? 'completed';
    } else if (patch.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    } else if (patch.stateReason !== undefined && issue.state === 'closed') {
      issue.stateReason = patch.stateReason;
    }
    issue.updatedAt = now;
    return issue;
  }

  addLabels(repo: RepoState, issue: IssueState, names: string[]): LabelState[] {
    for (const id of this.labelIdsFor(repo, names)) {
      if (!issue.labelIds.includes(id)) issue.labelIds.push(id);
    }
    issue.updatedAt = this.now();
    return this.labelsOf(repo, issue);
  }

  removeLabel(repo: RepoState, issue: IssueState, name: string): LabelState[] {
    const label = this.findLabel(repo, name);
    if (!label || !issue.labelIds.includes(label.id)) throw notFound('Label does not exist');
    issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
    issue.updatedAt = this.now();
    return this.labelsOf(repo, issue);
  }

  addComment(repo: RepoState, issue: IssueState, body: string, actor: Actor): CommentState {
    if (body.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
    checkBodyLength('IssueComment', 'body', body);
    this.user(actor.login);
    const now = this.now();
    const comment: CommentState = {
      id: this.nextCommentId++,
      body,
      author: actor.login,
      viaApp: actor.viaApp,
      createdAt: now,
      updatedAt: now,
      editor: null,
      lastEditedAt: null,
      reactions: [],
    };
    issue.comments.push(comment);
    issue.updatedAt = now;
    this.commentIndex.set(comment.id, { repo, issue, comment });
    return comment;
  }

  findComment(repo: RepoState, commentId: number): { issue: IssueState; comment: CommentState } {
    const found = this.commentIndex.get(commentId);
    if (!found || found.repo !== repo) throw notFound();
    return found;
  }

  updateComment(repo: RepoState, commentId: number, body: string, actor: Actor): { issue: IssueState; comment: CommentState } {
    const found = this.findComment(repo, commentId);
    if (body.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
    checkBodyLength('IssueComment', 'body', body);
    const now = this.now();
    if (body !== found.comment.body) {
      found.comment.editor = actor.login;
      found.comment.lastEditedAt = now;
    }
    found.comment.body = body;
    found.comment.updatedAt = now;
    return found;
  }

  /** GitHub keeps one reaction per user and content: a repeat returns the existing one (`created: false`, HTTP 200). */
  addReaction(comment: CommentState, content: ReactionContent, actor: Actor): { reaction: ReactionState; created: boolean } {
    const existing = comment.reactions.find((reaction) => reaction.user === actor.login && reaction.content === content);
    if (existing) return { reaction: existing, created: false };
    const reaction: ReactionState = { id: this.nextReactionId++, content, user: actor.login, createdAt: this.now() };
    comment.reactions.push(reaction);
    return { reaction, created: true };
  }

  openPullRequest(repo: RepoState, options: OpenPullRequestOptions): IssueState {
    const baseRef = options.base ?? repo.git.defaultBranch;
    const head = repo.git.head(options.head);
    const base = repo.git.head(baseRef);
    if (!head) throw new Error(`openPullRequest: branch "${options.head}" does not exist in ${repo.fullName}; create it with commit()`);
    if (!base) throw new Error(`openPullRequest: base branch "${baseRef}" does not exist in ${repo.fullName}`);
    if (options.number !== undefined && repo.issues.has(options.number)) {
      throw new Error(`openPullRequest: #${options.number} is already used in ${repo.fullName}`);
    }
    const number = options.number ?? repo.nextNumber;
    const author = options.user ?? repo.owner;
    this.user(author);
    const now = this.now();
    const issue: IssueState = {
      id: this.nextIssueId++,
      number,
      title: options.title,
      body: options.body ?? null,
      state: 'open',
      stateReason: null,
      labelIds: [],
      author,
      viaApp: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      editor: null,
      lastEditedAt: null,
      comments: [],
      pull: { headRef: options.head, baseRef, headSha: head.sha, baseSha: base.sha, draft: false },
    };
    repo.issues.set(number, issue);
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    return issue;
  }

  pull(repo: RepoState, number: number): IssueState & { pull: PullState } {
    const issue = repo.issues.get(number);
    if (!issue?.pull) throw notFound();
    return issue as IssueState & { pull: PullState };
  }

  /** Head and base commits of a pull request and their merge base (what GitHub diffs). */
  pullCommits(repo: RepoState, pull: PullState): { head: GitCommit; base: GitCommit; mergeBase: GitCommit | null } {
    const head = repo.git.commits.get(pull.headSha)!;
    const base = repo.git.commits.get(pull.baseSha)!;
    return { head, base, mergeBase: repo.git.mergeBase(base.sha, head.sha) ?? null };
  }

  private validateIssueText(title: string | undefined, body: string | null | undefined): void {
    if (title === undefined || title === null) throw invalidRequest('"title" wasn\'t supplied.');
    if (title.trim() === '') throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
    if (title.length > MAX_TITLE) {
      throw validationFailed({
        resource: 'Issue',
        code: 'custom',
        field: 'title',
        message: `title is too long (maximum is ${MAX_TITLE} characters)`,
      });
    }
    checkBodyLength('Issue', 'body', body);
  }

  // ── check runs ───────────────────────────────────────────────────────────

  createCheckRun(repo: RepoState, input: CheckRunInput, actor: Actor): CheckRunState {
    if (!input.headSha || !repo.git.commits.has(input.headSha.toLowerCase())) {
      throw new GitHubError(422, `No commit found for SHA: ${input.headSha ?? ''}`);
    }
    validateCheckRunInput(input, { status: 'queued', conclusion: null });
    const run: CheckRunState = {
      id: this.nextCheckRunId++,
      checkSuiteId: this.checkSuiteFor(repo, input.headSha.toLowerCase(), actor.viaApp),
      name: input.name ?? '',
      headSha: input.headSha.toLowerCase(),
      status: 'queued',
      conclusion: null,
      detailsUrl: null,
      externalId: null,
      startedAt: this.now(),
      completedAt: null,
      viaApp: actor.viaApp,
      title: null,
      summary: null,
      text: null,
      annotations: [],
    };
    repo.checkRuns.set(run.id, run);
    return this.applyCheckRun(run, input);
  }

  private checkSuiteFor(repo: RepoState, headSha: string, viaApp: string | null): number {
    const key = `${headSha}:${viaApp ?? ''}`;
    let suiteId = repo.checkSuites.get(key);
    if (suiteId === undefined) {
      suiteId = this.nextCheckSuiteId++;
      repo.checkSuites.set(key, suiteId);
    }
    return suiteId;
  }

  checkRun(repo: RepoState, id: number): CheckRunState {
    const run = repo.checkRuns.get(id);
    if (!run) throw notFound();
    return run;
  }

  updateCheckRun(run: CheckRunState, input: CheckRunInput): CheckRunState {
    validateCheckRunInput(input, run);
    return this.applyCheckRun(run, input);
  }

  /** Annotations are appended, as GitHub does across updates; a conclusion completes the run. */
  private applyCheckRun(run: CheckRunState, input: CheckRunInput): CheckRunState {
    if (input.name !== undefined) run.name = input.name;
    if (input.detailsUrl !== undefined) run.detailsUrl = input.detailsUrl;
    if (input.externalId !== undefined) run.externalId = input.externalId;
    if (input.startedAt !== undefined) run.startedAt = parseTimestamp(input.startedAt, 'started_at');
    if (input.status !== undefined) run.status = input.status;
    if (input.conclusion !== undefined) {
      run.conclusion = input.conclusion;
      run.status = 'completed';
    }
    if (run.status === 'completed') {
      run.completedAt = input.completedAt ? parseTimestamp(input.completedAt, 'completed_at') : (run.completedAt ?? this.now());
    }
    if (input.output) {
      if (input.output.title !== undefined) run.title = input.output.title;
      if (input.output.summary !== undefined) run.summary = input.output.summary;
      if (input.output.text !== undefined) run.text = input.output.text;
      run.annotations.push(...(input.output.annotations ?? []));
    }
    return run;
  }

  // ── snapshots ────────────────────────────────────────────────────────────

  issueRecord(repo: RepoState, issue: IssueState): IssueRecord {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      stateReason: issue.stateReason,
      labels: this.labelsOf(repo, issue).map((label) => label.name),
      user: issue.author,
      viaApp: issue.viaApp,
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      closedAt: issue.closedAt,
      comments: issue.comments.map(commentRecord),
    };
  }

  pullRecord(repo: RepoState, issue: IssueState & { pull: PullState }): PullRequestRecord {
    const { head, mergeBase } = this.pullCommits(repo, issue.pull);
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      user: issue.author,
      state: issue.state,
      head: { ref: issue.pull.headRef, sha: issue.pull.headSha },
      base: { ref: issue.pull.baseRef, sha: issue.pull.baseSha },
      labels: this.labelsOf(repo, issue).map((label) => label.name),
      files: repo.git.diff(mergeBase, head).map((entry) => ({
        path: entry.path,
        status: entry.status,
        ...(entry.previousPath ? { previousPath: entry.previousPath } : {}),
      })),
      createdAt: issue.createdAt,
      updatedAt: issue.updatedAt,
      comments: issue.comments.map(commentRecord),
    };
  }

  snapshot(): SimulatorSnapshot {
    const snapshot: SimulatorSnapshot = { labels: {}, issues: {}, pulls: {}, checkRuns: {} };
    for (const repo of this.repos.values()) {
      const all = [...repo.issues.values()].sort((a, b) => a.number - b.number);
      snapshot.labels[repo.fullName] = [...repo.labels.values()].map(labelRecord);
      snapshot.issues[repo.fullName] = all.filter((issue) => !issue.pull).map((issue) => this.issueRecord(repo, issue));
      snapshot.pulls[repo.fullName] = all
        .filter((issue): issue is IssueState & { pull: PullState } => issue.pull !== undefined)
        .map((issue) => this.pullRecord(repo, issue));
      snapshot.checkRuns[repo.fullName] = [...repo.checkRuns.values()].map(checkRunRecord);
    }
    return snapshot;
  }
}

const ANNOTATION_FIELDS = ['path', 'start_line', 'end_line', 'annotation_level', 'message'] as const;

/** GitHub's checks validation: ≤ 50 annotations a request, each complete, a summary with any output. */
function validateCheckRunInput(input: CheckRunInput, current: { status: CheckRunStatus; conclusion: CheckRunConclusion | null }): void {
  const annotations = input.output?.annotations ?? [];
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    throw invalidRequest(`No more than ${MAX_ANNOTATIONS_PER_REQUEST} items are allowed; ${annotations.length} were supplied.`);
  }
  const incomplete = annotations
    .map((annotation) => ANNOTATION_FIELDS.filter((field) => annotation[field] === undefined || annotation[field] === null))
    .filter((missing) => missing.length > 0)
    .map((missing) => `${missing.map((field) => `"${field}"`).join(', ')} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`);
  if (incomplete.length > 0) throw invalidRequest(incomplete.join('\n'));
  if (input.output && input.output.summary === undefined) throw invalidRequest('"summary" wasn\'t supplied.');
  const status = input.conclusion !== undefined ? 'completed' : (input.status ?? current.status);
  if (status === 'completed' && (input.conclusion ?? current.conclusion) === null) throw invalidRequest('"conclusion" wasn\'t supplied.');
}

function labelRecord(label: LabelState): LabelRecord {
  return { id: label.id, name: label.name, color: label.color, description: label.description, default: label.isDefault };
}

function commentRecord(comment: CommentState): CommentRecord {
  return {
    id: comment.id,
    body: comment.body,
    user: comment.author,
    viaApp: comment.viaApp,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    editor: comment.editor,
    reactions: comment.reactions.map((reaction) => ({ content: reaction.content, user: reaction.user })),
  };
}

function checkRunRecord(run: CheckRunState): CheckRunRecord {
  return {
    id: run.id,
    name: run.name,
    headSha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    detailsUrl: run.detailsUrl,
    externalId: run.externalId,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    viaApp: run.viaApp,
    output: {
      title: run.title,
      summary: run.summary,
      text: run.text,
      annotations: run.annotations.map((annotation) => ({ ...annotation })),
    },
  };
}
