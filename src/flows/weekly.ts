/**
 * The weekly status issue job (SPEC §7), shared by the in-process scheduler
 * and `roadmap-bot weekly` (GitHub Actions). GitHub is the only store: this
 * week's issue is found again by its hidden marker on an issue the bot
 * itself wrote, last week's snapshot is read back from last week's issue,
 * and every write is skipped when it would change nothing — so a rerun, a
 * restart or a second instance updates the one issue of the week instead of
 * opening another.
 */
import type { Config, ConfigProblem } from '../core/config/config.js';
import { isoWeek } from '../core/model/dates.js';
import type { Roadmap } from '../core/model/model.js';
import { buildWeeklyReport, type UntrustedSnapshot, type WeeklyReport } from '../core/weekly/report.js';
import { withTimeBasedChecks } from '../core/roadmap/roadmap.js';
import { localDateTime } from '../core/weekly/schedule.js';
import { decodeSnapshot, SNAPSHOT_PREFIX, weeklyMarkerWeek, type Snapshot } from '../core/weekly/snapshot.js';
import { fetchActivity, type RepositoryLabel } from '../github/activity.js';
import { httpStatus, type GitHubClient, type RepositoryRef } from '../github/client.js';
import { botLogin, isAppComment, withMarker, type AppIdentity, type CommentLike } from '../github/comments.js';
import { createOnce, NO_RETRIES } from '../github/idempotent.js';
import { countRequests } from '../github/request-count.js';
import { RoadmapCache } from '../github/roadmap-cache.js';
import { resolveBranchSha } from '../github/roadmap-source.js';

/** The GitHub Actions app: what the Actions `GITHUB_TOKEN` writes as (`github-actions[bot]`). */
export const ACTIONS_IDENTITY: AppIdentity = Object.freeze({ appId: 15368, slug: 'github-actions' });

/** Who the bot is here: markers count only on issues and comments it wrote. */
export interface WeeklyIdentity {
  isOwn(item: CommentLike): boolean;
  /**
   * The login the bot writes as (`roadmap-bot[bot]`): its status issues are
   * found by author, whatever labels they carry now. Without it they are
   * found by the first of `weekly.labels` only.
   */
  login?: string;
}

/** The weekly job's identity of a GitHub App. */
export function weeklyIdentity(app: AppIdentity): WeeklyIdentity {
  return { isOwn: isAppComment(app), login: botLogin(app.slug) };
}

export interface WeeklyJobOptions extends RepositoryRef {
  now: Date;
  config: Config;
  /** Problems with `.github/roadmap-bot.yml`, shown in the issue. */
  configProblems: ConfigProblem[];
  identity: WeeklyIdentity;
  /** Build the body but write nothing. */
  dryRun?: boolean;
  /**
   * Leave this week's issue as it is when it exists (the scheduler's mode: it
   * posts once a week) — only finish what a failed run left undone: close the
   * previous issue, complete the comments that continue the snapshot.
   */
  onlyIfMissing?: boolean;
  /** Parsed roadmaps by commit, shared with the webhook handlers in server mode. */
  roadmaps?: RoadmapCache;
}

export type WeeklyAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface WeeklyJobResult {
  /** What happened — or, with `dryRun`, what would have happened. */
  action: WeeklyAction;
  /** `2026-W48`: the ISO week of the local date in `weekly.timezone`. */
  week: string;
  issueNumber?: number;
  /** The issue body ('' when skipped before building it). */
  body: string;
  /** Bodies of the comments that continue the snapshot. */
  continuation: string[];
  /** Why the job was skipped. */
  reason?: string;
  /** The previous status issue, when this run closed it (with `dryRun`: would close it). */
  closedPrevious?: number;
  /** API calls the job made (`countRequests`: a retried request counts once, the installation token not at all). */
  calls: number;
}

/** Seven days up to the run: what "this week" means for opened and closed issues. */
const ACTIVITY_WINDOW_MS = 7 * 86_400_000;
/** Status issues read by label to find this week's and last week's (newest first). */
const STATUS_ISSUES_PAGE = 30;
/** The bot's own issues read to find them (newest first): status issues, and those it opened for roadmap items. */
const OWN_ISSUES_PAGE = 100;

export function continuationMarker(week: string, part: number): string {
  return `<!-- roadmap-bot:weekly-part ${week} ${part} -->`;
}

const CONTINUATION_MARKER = /<!-- roadmap-bot:weekly-part (\d{4}-W\d{2}) (\d+) -->/;

/** What a continuation comment says once a later, smaller snapshot no longer needs it (the bot never deletes). */
export function unusedContinuation(week: string, part: number): string {
  return withMarker(
    `_Roadmap status ${week}: this comment held part ${part} of an earlier version of the data for next week's comparison; it is no longer used._\n`,
    continuationMarker(week, part),
  );
}

export function supersededMarker(week: string): string {
  return `<!-- roadmap-bot:superseded-by ${week} -->`;
}

interface StatusIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  week: string;
  /** How many comments the issue has (anyone's): none means none to read. */
  comments: number;
}

interface IssueComment {
  id: number;
  body: string;
  own: boolean;
}

interface ListedIssue extends CommentLike {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  comments: number;
  pull_request?: unknown;
}

function statusIssuesIn(issues: ListedIssue[], identity: WeeklyIdentity): StatusIssue[] {
  const found: StatusIssue[] = [];
  for (const issue of issues) {
    if (issue.pull_request || !identity.isOwn(issue)) continue;
    const body = issue.body ?? '';
    const week = weeklyMarkerWeek(body);
    if (!week) continue;
    found.push({
      number: issue.number,
      title: issue.title,
      body,
      state: issue.state === 'closed' ? 'closed' : 'open',
      week,
      comments: issue.comments,
    });
  }
  return found;
}

/**
 * The bot's status issues, newest first: by author (a label removed by
 * someone, or a changed `weekly.labels`, must not open a second issue for the
 * week), and by label when the author's page may not hold this week's and the
 * previous week's — a bot that opened many other issues since, or a login
 * GitHub does not filter on.
 */
async function listStatusIssues(octokit: GitHubClient, options: WeeklyJobOptions, week: string): Promise<StatusIssue[]> {
  const repository = { owner: options.owner, repo: options.repo };
  const list = { ...repository, state: 'all', sort: 'created', direction: 'desc' } as const;
  const found = new Map<number, StatusIssue>();
  const { login } = options.identity;
  let complete = false;
  if (login) {
    const { data } = await octokit.rest.issues.listForRepo({ ...list, creator: login, per_page: OWN_ISSUES_PAGE });
    const own = statusIssuesIn(data, options.identity);
    for (const issue of own) found.set(issue.number, issue);
    const hasCurrent = own.some((issue) => issue.week === week);
    const hasPrevious = own.some((issue) => issue.week < week);
    complete = hasCurrent && (hasPrevious || data.length < OWN_ISSUES_PAGE);
  }
  if (!complete) {
    const { data } = await octokit.rest.issues.listForRepo({
      ...list,
      labels: options.config.weekly.labels[0],
      per_page: STATUS_ISSUES_PAGE,
    });
    for (const issue of statusIssuesIn(data, options.identity)) if (!found.has(issue.number)) found.set(issue.number, issue);
  }
  return [...found.values()];
}

async function listComments(
  octokit: GitHubClient,
  repository: RepositoryRef,
  issueNumber: number,
  identity: WeeklyIdentity,
): Promise<IssueComment[]> {
  const comments: IssueComment[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repository,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    for (const comment of page.data) comments.push({ id: comment.id, body: comment.body ?? '', own: identity.isOwn(comment) });
  }
  return comments;
}

/** The roadmap at the head of the default branch, with the time-based checks as of `today`; null for an empty repository. */
async function roadmapAtDefaultBranch(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  branch: string,
  today: string,
): Promise<{ roadmap: Roadmap; sha: string } | null> {
  let sha: string;
  try {
    sha = await resolveBranchSha(octokit, { owner: options.owner, repo: options.repo, branch });
  } catch (error) {
    // 409: the repository is empty; 404: the default branch has no commit yet.
    if (httpStatus(error) === 409 || httpStatus(error) === 404) return null;
    throw error;
  }
  const cache = options.roadmaps ?? new RoadmapCache(1);
  const roadmap = await cache.get(octokit, {
    owner: options.owner,
    repo: options.repo,
    sha,
    globs: options.config.roadmap.paths,
    labelPrefix: options.config.labels.prefix,
  });
  return { roadmap: withTimeBasedChecks(roadmap, { now: today, staleAfterDays: options.config.drift.staleAfterDays }), sha };
}

const EDITORS_QUERY = `query ($owner: String!, $repo: String!, $number: Int!, $withComments: Boolean!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      editor { login }
      comments(first: 100, after: $after) @include(if: $withComments) {
        nodes { databaseId editor { login } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface EditorsPage {
  repository: {
    issue: {
      editor: { login: string } | null;
      comments?: {
        nodes: ({ databaseId: number | null; editor: { login: string } | null } | null)[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

/** GraphQL names a bot `roadmap-bot` where REST says `roadmap-bot[bot]`. */
function isBotLogin(login: string, identity: WeeklyIdentity): boolean {
  const bare = (name: string) => name.toLowerCase().replace(/\[bot\]$/, '');
  return identity.login !== undefined && bare(login) === bare(identity.login);
}

/**
 * Who, other than the bot, last edited the issue body or one of the comments
 * holding its snapshot — GraphQL's `editor` (null while nobody has) — or null
 * when only the bot ever wrote them. One query, a page per 100 comments.
 */
async function foreignEditor(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  issueNumber: number,
  commentIds: number[],
): Promise<string | null> {
  const wanted = new Set(commentIds);
  let after: string | null = null;
  for (;;) {
    const variables = { owner: options.owner, repo: options.repo, number: issueNumber, withComments: wanted.size > 0, after };
    const page: EditorsPage = await octokit.graphql<EditorsPage>(EDITORS_QUERY, variables);
    const issue = page.repository?.issue;
    if (!issue) return null;
    if (after === null && issue.editor && !isBotLogin(issue.editor.login, options.identity)) return issue.editor.login;
    for (const comment of issue.comments?.nodes ?? []) {
      if (!comment?.databaseId || !wanted.delete(comment.databaseId)) continue;
      if (comment.editor && !isBotLogin(comment.editor.login, options.identity)) return comment.editor.login;
    }
    if (wanted.size === 0 || !issue.comments?.pageInfo.hasNextPage) return null;
    after = issue.comments.pageInfo.endCursor;
  }
}

interface PreviousSnapshot {
  snapshot: Snapshot | null;
  /** Set when a snapshot was found but someone else edited its text since the bot wrote it. */
  untrusted: UntrustedSnapshot | null;
  comments: IssueComment[] | null;
}

/**
 * Last week's snapshot: in the issue body, or continued in the bot's comments
 * on it — trusted only while nobody but the bot has edited that text (a
 * forged snapshot would invent slips and removed nodes).
 */
async function previousSnapshot(octokit: GitHubClient, options: WeeklyJobOptions, previous: StatusIssue): Promise<PreviousSnapshot> {
  const trusted = async (
    snapshot: Snapshot | null,
    holders: IssueComment[],
    comments: IssueComment[] | null,
  ): Promise<PreviousSnapshot> => {
    if (!snapshot) return { snapshot: null, untrusted: null, comments };
    const editor = await foreignEditor(
      octokit,
      options,
      previous.number,
      holders.map((comment) => comment.id),
    );
    return editor ? { snapshot: null, untrusted: { issue: previous.number, editor }, comments } : { snapshot, untrusted: null, comments };
  };
  const inBody = decodeSnapshot([previous.body]);
  if (inBody) return trusted(inBody, [], null);
  if (previous.comments === 0) return { snapshot: null, untrusted: null, comments: [] };
  const comments = await listComments(octokit, options, previous.number, options.identity);
  const own = comments.filter((comment) => comment.own);
  const holders = own.filter((comment) => comment.body.includes(SNAPSHOT_PREFIX));
  return trusted(decodeSnapshot([previous.body, ...own.map((comment) => comment.body)]), holders, comments);
}

/** Creates the labels the new issue needs when the repository lacks them. */
async function ensureLabels(octokit: GitHubClient, repository: RepositoryRef, wanted: string[], existing: Set<string>): Promise<void> {
  for (const name of wanted) {
    if (existing.has(name.toLowerCase())) continue;
    try {
      await octokit.rest.issues.createLabel({
        ...repository,
        name,
        color: 'c5def5',
        description: 'Weekly roadmap status, opened by roadmap-bot',
      });
    } catch (error) {
      // 422: created meanwhile (`already_exists`); any other refusal resurfaces when the issue is created with it.
      if (httpStatus(error) !== 422) throw error;
    }
    existing.add(name.toLowerCase());
  }
}

/**
 * Posts or updates the comments that continue the snapshot, one per part,
 * found again by a per-part marker. The app's other part comments of the
 * week — surplus parts of an earlier, longer snapshot, or a duplicate — are
 * emptied to a "no longer used" note, so no stale data stays on the issue.
 */
async function writeContinuation(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  issueNumber: number,
  report: WeeklyReport,
  existing: IssueComment[],
): Promise<void> {
  const repository = { owner: options.owner, repo: options.repo };
  const parts = new Map<number, IssueComment[]>();
  for (const comment of existing) {
    const match = comment.own ? CONTINUATION_MARKER.exec(comment.body) : null;
    if (!match || match[1] !== report.week) continue;
    const part = Number(match[2]);
    parts.set(part, [...(parts.get(part) ?? []), comment]);
  }
  for (const [index, text] of report.continuation.entries()) {
    const body = withMarker(text, continuationMarker(report.week, index + 1));
    const current = parts.get(index + 1)?.shift();
    if (!current) {
      const part = index + 1;
      const isThisPart = (comment: IssueComment) => {
        const match = comment.own ? CONTINUATION_MARKER.exec(comment.body) : null;
        return match !== null && match[1] === report.week && Number(match[2]) === part;
      };
      await createOnce(octokit, {
        find: async () => (await listComments(octokit, repository, issueNumber, options.identity)).find(isThisPart) ?? null,
        create: async () => {
          const { data } = await octokit.rest.issues.createComment({ ...repository, issue_number: issueNumber, body, ...NO_RETRIES });
          return { id: data.id, body, own: true };
        },
      });
    } else if (current.body !== body) {
      await octokit.rest.issues.updateComment({ ...repository, comment_id: current.id, body });
    }
  }
  for (const [part, comments] of parts) {
    const body = unusedContinuation(report.week, part);
    for (const comment of comments) {
      if (comment.body === body) continue;
      await octokit.rest.issues.updateComment({ ...repository, comment_id: comment.id, body });
    }
  }
}

/** Closes last week's issue with a link to this week's; the link comment is marked, so a retry never repeats it. */
async function closePrevious(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  previous: StatusIssue,
  current: { number: number; week: string },
  knownComments: IssueComment[] | null,
): Promise<void> {
  const repository = { owner: options.owner, repo: options.repo };
  const marker = supersededMarker(current.week);
  const comments =
    knownComments ?? (previous.comments === 0 ? [] : await listComments(octokit, repository, previous.number, options.identity));
  const isLink = (comment: IssueComment) => comment.own && comment.body.includes(marker);
  if (!comments.some(isLink)) {
    const body = `${marker}\nSuperseded by #${current.number}, the roadmap status for ${current.week}.`;
    await createOnce(octokit, {
      find: async () => (await listComments(octokit, repository, previous.number, options.identity)).find(isLink) ?? null,
      create: async () => {
        const { data } = await octokit.rest.issues.createComment({ ...repository, issue_number: previous.number, body, ...NO_RETRIES });
        return { id: data.id, body, own: true };
      },
    });
  }
  await octokit.rest.issues.update({ ...repository, issue_number: previous.number, state: 'closed', state_reason: 'completed' });
}

/** What the job did, before its API calls are counted in. */
type WeeklyOutcome = Omit<WeeklyJobResult, 'calls'>;

function skipped(week: string, reason: string): WeeklyOutcome {
  return { action: 'skipped', week, body: '', continuation: [], reason };
}

/** True when the body holds the whole snapshot (it continues in comments otherwise). */
function holdsSnapshot(body: string): boolean {
  return decodeSnapshot([body]) !== null;
}

/** The previous status issue this run closes, if any. */
function toClose(options: WeeklyJobOptions, previous: StatusIssue | undefined, issueNumber: number | undefined): StatusIssue | undefined {
  if (!options.config.weekly.closePrevious || !previous || previous.state !== 'open' || previous.number === issueNumber) return undefined;
  return previous;
}

/**
 * Posts (or updates) this week's status issue for one repository. The ISO
 * week and every date come from `now` read as a local date in
 * `weekly.timezone`. Skips, opening nothing, when the repository has no
 * roadmap or its issues are turned off.
 */
export async function runWeeklyJob(octokit: GitHubClient, options: WeeklyJobOptions): Promise<WeeklyJobResult> {
  // Counted from here: the same client may have read the config before (the CLI).
  const requests = countRequests(octokit);
  try {
    return { ...(await postWeeklyStatus(octokit, options)), calls: requests.count() };
  } finally {
    requests.stop();
  }
}

/** This week's status issue and the latest of an earlier week, among the bot's. */
interface WeekIssues {
  current?: StatusIssue;
  previous?: StatusIssue;
}

async function findWeekIssues(octokit: GitHubClient, options: WeeklyJobOptions, week: string): Promise<WeekIssues> {
  const statusIssues = await listStatusIssues(octokit, options, week);
  // The oldest of the week, should a race between two runs ever have opened two.
  const current = statusIssues.filter((issue) => issue.week === week).sort((a, b) => a.number - b.number)[0];
  const previous = statusIssues
    .filter((issue) => issue.week < week)
    .sort((a, b) => (a.week === b.week ? b.number - a.number : a.week < b.week ? 1 : -1))[0];
  return { current, previous };
}

type CommentsOfCurrent = (issue: StatusIssue) => Promise<IssueComment[]>;

/** This week's comments, read at most once (and never when the issue has none). */
function commentsReadOnce(octokit: GitHubClient, options: WeeklyJobOptions): CommentsOfCurrent {
  const repository = { owner: options.owner, repo: options.repo };
  let comments: IssueComment[] | null = null;
  return async (issue) => {
    comments ??= issue.comments === 0 ? [] : await listComments(octokit, repository, issue.number, options.identity);
    return comments;
  };
}

/**
 * The scheduler's run once this week's issue exists: nothing to post, only
 * last week's issue to close; null when a run that failed half-way left the
 * snapshot's comments incomplete (a full run completes them).
 */
async function finishPostedWeek(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  week: string,
  issues: WeekIssues & { current: StatusIssue },
  commentsOfCurrent: CommentsOfCurrent,
): Promise<WeeklyOutcome | null> {
  const { current, previous } = issues;
  const snapshotWhole =
    holdsSnapshot(current.body) ||
    decodeSnapshot([
      current.body,
      ...(await commentsOfCurrent(current)).filter((comment) => comment.own).map((comment) => comment.body),
    ]) !== null;
  if (!snapshotWhole) return null;
  const result = { ...skipped(week, `#${current.number} is already this week's status issue`), issueNumber: current.number };
  const closing = toClose(options, previous, current.number);
  if (!closing) return result;
  await closePrevious(octokit, options, closing, current, null);
  return { ...result, closedPrevious: closing.number };
}

interface RepositoryHead {
  roadmap: Roadmap;
  sha: string;
  /** `https://github.com/owner/name`, for the report's links. */
  repositoryUrl: string;
}

/** The roadmap at the head of the default branch, or why the week gets no issue. */
async function repositoryHead(octokit: GitHubClient, options: WeeklyJobOptions, today: string): Promise<RepositoryHead | { skip: string }> {
  const { data: repoInfo } = await octokit.rest.repos.get({ owner: options.owner, repo: options.repo });
  if (repoInfo.has_issues === false) return { skip: 'issues are turned off in this repository' };
  const branch = repoInfo.default_branch ?? 'main';
  const head = await roadmapAtDefaultBranch(octokit, options, branch, today);
  if (!head || (head.roadmap.nodes.length === 0 && head.roadmap.diagnostics.length === 0)) {
    return { skip: `no roadmap files on ${branch} match ${options.config.roadmap.paths.join(', ')}` };
  }
  return { ...head, repositoryUrl: repoInfo.html_url };
}

/** This week's report, from the roadmap, last week's snapshot and the linked issues' activity; with the labels read on the way. */
async function weeklyReport(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  today: string,
  head: RepositoryHead,
  previous: StatusIssue | undefined,
): Promise<{ report: WeeklyReport; labels: RepositoryLabel[]; last: PreviousSnapshot }> {
  const { config } = options;
  const last = previous ? await previousSnapshot(octokit, options, previous) : { snapshot: null, untrusted: null, comments: null };
  const { activity, labels } = await fetchActivity(octokit, {
    owner: options.owner,
    repo: options.repo,
    prefix: config.labels.prefix,
    nodeIds: head.roadmap.nodes.map((node) => node.id),
    weekStart: new Date(options.now.getTime() - ACTIVITY_WINDOW_MS),
    now: options.now,
  });
  const report = buildWeeklyReport(head.roadmap, {
    now: today,
    staleAfterDays: config.drift.staleAfterDays,
    dueSoonDays: config.drift.dueSoonDays,
    previous: last.snapshot,
    previousUntrusted: last.untrusted,
    activity,
    mentionOwners: config.weekly.mentionOwners,
    repoUrl: head.repositoryUrl,
    labelPrefix: config.labels.prefix,
    headSha: head.sha,
    configProblems: options.configProblems,
  });
  return { report, labels, last };
}

/** What a dry run would do with the report. */
function dryRunOutcome(options: WeeklyJobOptions, week: string, report: WeeklyReport, issues: WeekIssues): WeeklyOutcome {
  const { current, previous } = issues;
  const action: WeeklyAction = !current
    ? 'created'
    : current.body === report.body && current.title === report.title
      ? 'unchanged'
      : 'updated';
  const closing = toClose(options, previous, current?.number);
  return {
    week,
    body: report.body,
    continuation: report.continuation,
    ...(closing ? { closedPrevious: closing.number } : {}),
    action,
    issueNumber: current?.number,
  };
}

interface StatusIssueWrite {
  action: WeeklyAction;
  issueNumber: number;
  /** The issue's comments that may hold parts of a snapshot. */
  existingComments: IssueComment[];
}

/** Updates this week's issue when the report changed it. */
async function updateStatusIssue(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  current: StatusIssue,
  report: WeeklyReport,
  commentsOfCurrent: CommentsOfCurrent,
): Promise<StatusIssueWrite> {
  const unchanged = current.body === report.body && current.title === report.title;
  if (!unchanged) {
    await octokit.rest.issues.update({
      owner: options.owner,
      repo: options.repo,
      issue_number: current.number,
      title: report.title,
      body: report.body,
    });
  }
  // Part comments exist when this run needs them or an earlier one did (then they become "no longer used").
  const partsPossible = report.continuation.length > 0 || !holdsSnapshot(current.body);
  return {
    action: unchanged ? 'unchanged' : 'updated',
    issueNumber: current.number,
    existingComments: partsPossible ? await commentsOfCurrent(current) : [],
  };
}

/** Opens this week's issue, with the labels it needs created first. */
async function openStatusIssue(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  week: string,
  report: WeeklyReport,
  labels: RepositoryLabel[],
): Promise<StatusIssueWrite> {
  const repository = { owner: options.owner, repo: options.repo };
  const wanted = options.config.weekly.labels;
  await ensureLabels(octokit, repository, wanted, new Set(labels.map((label) => label.name.toLowerCase())));
  // Found again by its marker should the answer to the create be lost.
  const created = await createOnce(octokit, {
    find: async () => (await listStatusIssues(octokit, options, week)).find((issue) => issue.week === week) ?? null,
    create: async () => {
      const { data } = await octokit.rest.issues.create({
        ...repository,
        title: report.title,
        body: report.body,
        labels: wanted,
        ...NO_RETRIES,
      });
      return { number: data.number };
    },
  });
  return { action: 'created', issueNumber: created.number, existingComments: [] };
}

async function postWeeklyStatus(octokit: GitHubClient, options: WeeklyJobOptions): Promise<WeeklyOutcome> {
  const today = localDateTime(options.now, options.config.weekly.timezone).day;
  const week = isoWeek(today).label;
  const issues = await findWeekIssues(octokit, options, week);
  const { current, previous } = issues;
  const commentsOfCurrent = commentsReadOnce(octokit, options);
  if (current && options.onlyIfMissing) {
    const finished = await finishPostedWeek(octokit, options, week, { current, previous }, commentsOfCurrent);
    if (finished) return finished;
  }

  const head = await repositoryHead(octokit, options, today);
  if ('skip' in head) return skipped(week, head.skip);
  const { report, labels, last } = await weeklyReport(octokit, options, today, head, previous);
  if (options.dryRun) return dryRunOutcome(options, week, report, issues);

  const { action, issueNumber, existingComments } = current
    ? await updateStatusIssue(octokit, options, current, report, commentsOfCurrent)
    : await openStatusIssue(octokit, options, week, report, labels);
  await writeContinuation(octokit, options, issueNumber, report, existingComments);

  const result = { week, body: report.body, continuation: report.continuation, action, issueNumber };
  const closing = toClose(options, previous, issueNumber);
  if (!closing) return result;
  await closePrevious(octokit, options, closing, { number: issueNumber, week }, last.comments);
  return { ...result, closedPrevious: closing.number };
}
