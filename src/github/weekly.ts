/**
 * The weekly status issue job (SPEC §7), shared by the in-process scheduler
 * and `roadmap-bot weekly` (GitHub Actions). GitHub is the only store: this
 * week's issue is found again by its hidden marker on an issue the bot
 * itself wrote, last week's snapshot is read back from last week's issue,
 * and every write is skipped when it would change nothing — so a rerun, a
 * restart or a second instance updates the one issue of the week instead of
 * opening another.
 */
import type { Config, ConfigProblem } from '../core/config.js';
import { isoWeek } from '../core/dates.js';
import type { Roadmap } from '../core/model.js';
import { buildWeeklyReport, type WeeklyReport } from '../core/report.js';
import { checkRoadmap } from '../core/roadmap.js';
import { localDateTime } from '../core/schedule.js';
import { decodeSnapshot, weeklyMarkerWeek, type Snapshot } from '../core/snapshot.js';
import { fetchActivity } from './activity.js';
import { httpStatus, type GitHubClient, type RepositoryRef } from './client.js';
import { withMarker, type AppIdentity, type CommentLike } from './comments.js';
import { RoadmapCache } from './roadmap-cache.js';
import { resolveBranchSha } from './roadmap-source.js';

/** The GitHub Actions app: what the Actions `GITHUB_TOKEN` writes as (`github-actions[bot]`). */
export const ACTIONS_IDENTITY: AppIdentity = Object.freeze({ appId: 15368, slug: 'github-actions' });

/** Who the bot is here: markers count only on issues and comments it wrote. */
export interface WeeklyIdentity {
  isOwn(item: CommentLike): boolean;
}

export interface WeeklyJobOptions extends RepositoryRef {
  now: Date;
  config: Config;
  /** Problems with `.github/roadmap-bot.yml`, shown in the issue. */
  configProblems: ConfigProblem[];
  identity: WeeklyIdentity;
  /** Build the body but write nothing. */
  dryRun?: boolean;
  /** Do nothing when this week's issue already exists (the scheduler's mode: it posts once a week). */
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
  /** API calls made. */
  calls: number;
}

/** Seven days up to the run: what "this week" means for opened and closed issues. */
const ACTIVITY_WINDOW_MS = 7 * 86_400_000;
/** Status issues read to find this week's and last week's (newest first). */
const STATUS_ISSUES_PAGE = 30;

export function continuationMarker(week: string, part: number): string {
  return `<!-- roadmap-bot:weekly-part ${week} ${part} -->`;
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
}

interface IssueComment {
  id: number;
  body: string;
  own: boolean;
}

/** Counts the API calls of one run. */
class CallCounter {
  count = 0;

  async call<T>(request: () => Promise<T>): Promise<T> {
    this.count += 1;
    return request();
  }
}

async function listStatusIssues(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  counter: CallCounter,
): Promise<StatusIssue[]> {
  const { data } = await counter.call(() =>
    octokit.rest.issues.listForRepo({
      owner: options.owner,
      repo: options.repo,
      labels: options.config.weekly.labels[0],
      state: 'all',
      sort: 'created',
      direction: 'desc',
      per_page: STATUS_ISSUES_PAGE,
    }),
  );
  const found: StatusIssue[] = [];
  for (const issue of data) {
    if (issue.pull_request || !options.identity.isOwn(issue)) continue;
    const body = issue.body ?? '';
    const week = weeklyMarkerWeek(body);
    if (!week) continue;
    found.push({ number: issue.number, title: issue.title, body, state: issue.state === 'closed' ? 'closed' : 'open', week });
  }
  return found;
}

async function listComments(
  octokit: GitHubClient,
  repository: RepositoryRef,
  issueNumber: number,
  identity: WeeklyIdentity,
  counter: CallCounter,
): Promise<IssueComment[]> {
  const comments: IssueComment[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    ...repository,
    issue_number: issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    counter.count += 1;
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
  counter: CallCounter,
): Promise<{ roadmap: Roadmap; sha: string } | null> {
  let sha: string;
  try {
    sha = await counter.call(() => resolveBranchSha(octokit, { owner: options.owner, repo: options.repo, branch }));
  } catch (error) {
    // 409: the repository is empty; 404: the default branch has no commit yet.
    if (httpStatus(error) === 409 || httpStatus(error) === 404) return null;
    throw error;
  }
  const cache = options.roadmaps ?? new RoadmapCache(1);
  const { roadmap, calls } = await cache.get(octokit, {
    owner: options.owner,
    repo: options.repo,
    sha,
    globs: options.config.roadmap.paths,
  });
  counter.count += calls;
  const timeBased = checkRoadmap(roadmap, { now: today, staleAfterDays: options.config.drift.staleAfterDays });
  return { roadmap: { ...roadmap, diagnostics: [...roadmap.diagnostics, ...timeBased] }, sha };
}

/** Last week's snapshot: in the issue body, or continued in the bot's comments on it. */
async function previousSnapshot(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  previous: StatusIssue,
  counter: CallCounter,
): Promise<{ snapshot: Snapshot | null; comments: IssueComment[] | null }> {
  const inBody = decodeSnapshot([previous.body]);
  if (inBody) return { snapshot: inBody, comments: null };
  const comments = await listComments(octokit, options, previous.number, options.identity, counter);
  const own = comments.filter((comment) => comment.own).map((comment) => comment.body);
  return { snapshot: decodeSnapshot([previous.body, ...own]), comments };
}

/** Creates the labels the new issue needs when the repository lacks them. */
async function ensureLabels(
  octokit: GitHubClient,
  repository: RepositoryRef,
  wanted: string[],
  existing: Set<string>,
  counter: CallCounter,
): Promise<void> {
  for (const name of wanted) {
    if (existing.has(name.toLowerCase())) continue;
    try {
      await counter.call(() =>
        octokit.rest.issues.createLabel({
          ...repository,
          name,
          color: 'c5def5',
          description: 'Weekly roadmap status, opened by roadmap-bot',
        }),
      );
    } catch (error) {
      // 422: created meanwhile (`already_exists`); any other refusal resurfaces when the issue is created with it.
      if (httpStatus(error) !== 422) throw error;
    }
    existing.add(name.toLowerCase());
  }
}

/** Posts or updates the comments that continue the snapshot, one per part, found again by a per-part marker. */
async function writeContinuation(
  octokit: GitHubClient,
  options: WeeklyJobOptions,
  issueNumber: number,
  report: WeeklyReport,
  existing: IssueComment[],
  counter: CallCounter,
): Promise<void> {
  const repository = { owner: options.owner, repo: options.repo };
  for (const [index, text] of report.continuation.entries()) {
    const marker = continuationMarker(report.week, index + 1);
    const body = withMarker(text, marker);
    const current = existing.find((comment) => comment.own && comment.body.includes(marker));
    if (!current) {
      await counter.call(() => octokit.rest.issues.createComment({ ...repository, issue_number: issueNumber, body }));
    } else if (current.body !== body) {
      await counter.call(() => octokit.rest.issues.updateComment({ ...repository, comment_id: current.id, body }));
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
  counter: CallCounter,
): Promise<void> {
  const repository = { owner: options.owner, repo: options.repo };
  const marker = supersededMarker(current.week);
  const comments = knownComments ?? (await listComments(octokit, repository, previous.number, options.identity, counter));
  if (!comments.some((comment) => comment.own && comment.body.includes(marker))) {
    const body = `${marker}\nSuperseded by #${current.number}, the roadmap status for ${current.week}.`;
    await counter.call(() => octokit.rest.issues.createComment({ ...repository, issue_number: previous.number, body }));
  }
  await counter.call(() =>
    octokit.rest.issues.update({ ...repository, issue_number: previous.number, state: 'closed', state_reason: 'completed' }),
  );
}

function skipped(week: string, reason: string, calls: number): WeeklyJobResult {
  return { action: 'skipped', week, body: '', continuation: [], reason, calls };
}

/**
 * Posts (or updates) this week's status issue for one repository. The ISO
 * week and every date come from `now` read as a local date in
 * `weekly.timezone`. Skips, opening nothing, when the repository has no
 * roadmap or its issues are turned off.
 */
export async function runWeeklyJob(octokit: GitHubClient, options: WeeklyJobOptions): Promise<WeeklyJobResult> {
  const counter = new CallCounter();
  const { config } = options;
  const repository = { owner: options.owner, repo: options.repo };
  const today = localDateTime(options.now, config.weekly.timezone).day;
  const week = isoWeek(today).label;

  const statusIssues = await listStatusIssues(octokit, options, counter);
  // The oldest of the week, should a race between two runs ever have opened two.
  const current = statusIssues.filter((issue) => issue.week === week).sort((a, b) => a.number - b.number)[0];
  if (current && options.onlyIfMissing) {
    return { ...skipped(week, `#${current.number} is already this week's status issue`, counter.count), issueNumber: current.number };
  }
  const previous = statusIssues
    .filter((issue) => issue.week < week)
    .sort((a, b) => (a.week === b.week ? b.number - a.number : a.week < b.week ? 1 : -1))[0];

  const { data: repoInfo } = await counter.call(() => octokit.rest.repos.get(repository));
  if (repoInfo.has_issues === false) return skipped(week, 'issues are turned off in this repository', counter.count);
  const branch = repoInfo.default_branch ?? 'main';
  const head = await roadmapAtDefaultBranch(octokit, options, branch, today, counter);
  if (!head || (head.roadmap.nodes.length === 0 && head.roadmap.diagnostics.length === 0)) {
    return skipped(week, `no roadmap files on ${branch} match ${config.roadmap.paths.join(', ')}`, counter.count);
  }

  const last = previous ? await previousSnapshot(octokit, options, previous, counter) : { snapshot: null, comments: null };
  const { activity, labels, calls: activityCalls } = await fetchActivity(octokit, {
    ...repository,
    prefix: config.labels.prefix,
    nodeIds: head.roadmap.nodes.map((node) => node.id),
    weekStart: new Date(options.now.getTime() - ACTIVITY_WINDOW_MS),
    now: options.now,
  });
  counter.count += activityCalls;

  const report = buildWeeklyReport(head.roadmap, {
    now: today,
    staleAfterDays: config.drift.staleAfterDays,
    dueSoonDays: config.drift.dueSoonDays,
    previous: last.snapshot,
    activity,
    mentionOwners: config.weekly.mentionOwners,
    repoUrl: repoInfo.html_url,
    headSha: head.sha,
    configProblems: options.configProblems,
  });
  const result = { week, body: report.body, continuation: report.continuation };
  const willClose = config.weekly.closePrevious && previous !== undefined && previous.state === 'open';

  if (options.dryRun) {
    const action: WeeklyAction = !current ? 'created' : current.body === report.body && current.title === report.title ? 'unchanged' : 'updated';
    const closing = willClose && previous ? { closedPrevious: previous.number } : {};
    return { ...result, ...closing, action, issueNumber: current?.number, calls: counter.count };
  }

  let issueNumber: number;
  let action: WeeklyAction;
  let existingComments: IssueComment[] = [];
  if (current) {
    issueNumber = current.number;
    if (current.body === report.body && current.title === report.title) {
      action = 'unchanged';
    } else {
      await counter.call(() =>
        octokit.rest.issues.update({ ...repository, issue_number: current.number, title: report.title, body: report.body }),
      );
      action = 'updated';
    }
    if (report.continuation.length > 0) {
      existingComments = await listComments(octokit, repository, current.number, options.identity, counter);
    }
  } else {
    await ensureLabels(octokit, repository, config.weekly.labels, new Set(labels.map((label) => label.name.toLowerCase())), counter);
    const { data } = await counter.call(() =>
      octokit.rest.issues.create({ ...repository, title: report.title, body: report.body, labels: config.weekly.labels }),
    );
    issueNumber = data.number;
    action = 'created';
  }
  await writeContinuation(octokit, options, issueNumber, report, existingComments, counter);

  if (willClose && previous && previous.number !== issueNumber) {
    await closePrevious(octokit, options, previous, { number: issueNumber, week }, last.comments, counter);
    return { ...result, action, issueNumber, closedPrevious: previous.number, calls: counter.count };
  }
  return { ...result, action, issueNumber, calls: counter.count };
}
