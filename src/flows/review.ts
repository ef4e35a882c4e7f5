/**
 * The pull-request review (SPEC §5): on every push to a pull request that
 * changes the roadmap (or the config), the roadmap at its base and at its
 * head are compared as of today, and ONE comment — found again by its
 * marker on a comment the app wrote — says what drifted, plus a
 * `roadmap-bot` check run when `review.checkRun` is on.
 *
 * API economy (SPEC §10/§12): one GraphQL query for the pull request (files,
 * comments, config files — the organisation's `.github` fallback among them —
 * the app's check runs on the head), one for both sides' roadmap files (the
 * base side is cached by commit, so the next push reads only the head), then
 * one comment write and one check-run write: 4 calls, plus one when a node
 * was removed (its open issues are counted), and one when the pull
 * request renames a file (the REST file list names the old paths). A pull
 * request that never touched the roadmap costs 1–2 calls and no write; one
 * whose latest push stops touching it also gets its comment updated and a
 * `success` check run on the new head (a required check must not hang): 3.
 */
import {
  CONFIG_FILE,
  TOP_LEVEL_KEY,
  configDiagnostics,
  parseConfig,
  parseConfigText,
  withRoadmapPaths,
  type ConfigProblem,
} from '../core/config/config.js';
import { diffRoadmaps, removedNodeIds, type Drift } from '../core/review/drift.js';
import { goalLabelName } from '../core/model/labels.js';
import type { Roadmap } from '../core/model/model.js';
import { selectRoadmapFiles } from '../core/roadmap/paths.js';
import { REVIEW_MARKER, renderNoRoadmapChanges, renderReview } from '../core/review/comment.js';
import { MAX_BODY_CHARACTERS } from '../core/model/github-limits.js';
import { withTimeBasedChecks } from '../core/roadmap/roadmap.js';
import { checkRunReport, type CheckConclusion } from '../core/review/check-run-report.js';
import { alreadyReported, CHECK_RUN_NAME, writeCheckRun, type CheckRunWrite } from '../github/check-run.js';
import type { AppOctokit, GitHubClient, RepositoryRef } from '../github/client.js';
import { upsertMarkedComment, type MarkedComment, type MarkedCommentTarget, type UpsertAction } from '../github/comments.js';
import { loadConfig, loadRepositoryConfig, type ConfigContext, type LoadedConfig } from '../github/config.js';
import { countIssuesByLabel } from '../github/labels.js';
import {
  fetchPullRequestSnapshot,
  fetchRoadmapSides,
  type ExistingCheckRun,
  type PullRequestSnapshot,
  type RepositoryFile,
} from '../github/pull-request.js';
import { roadmapCacheKey, type RoadmapRequest } from '../github/roadmap-cache.js';
import { logConfigProblems, type AppLog } from './log.js';
import type { FlowServices } from './services.js';

export interface ReviewTarget extends RepositoryRef {
  number: number;
  baseSha: string;
  headSha: string;
  /** `https://github.com/owner/name`: the comment links files at the head. */
  repositoryUrl: string;
}

export type ReviewOutcome =
  | { status: 'disabled' }
  /** The head commit is gone (force-pushed away): a newer event reviews the new head. */
  | { status: 'outdated' }
  /** The pull request changes no roadmap file and not the config, and never did: nothing is written. */
  | { status: 'untouched'; comment: 'absent' }
  /**
   * An earlier push touched the roadmap, this head does not: the review comment
   * says so. No check run, as on any pull request that does not touch the
   * roadmap (SPEC §10: at most 2 calls).
   */
  | { status: 'no-longer-touching'; comment: UpsertAction; body: string }
  | {
      status: 'reviewed';
      comment: UpsertAction;
      /** The comment's Markdown (without its marker). */
      body: string;
      commentId: number | null;
      checkRun: CheckRunAction;
      conclusion: CheckConclusion;
      drift: Drift;
    };

export type CheckRunAction = 'created' | 'unchanged' | 'off';

/** What a review needs of the app's services: the CLI and the Action provide these without a Probot app. */
export type ReviewServices = Pick<FlowServices, 'today' | 'roadmaps' | 'identity' | 'ownComments'>;

export interface ReviewOptions {
  log: AppLog;
  /**
   * Probot's `context` in a webhook handler, for configs with `_extends`;
   * without it (the CLI, the Action) the config plugin on the Octokit resolves them.
   */
  configContext?: ConfigContext;
  /** Roadmap globs that replace `roadmap.paths` on both sides (the CLI's `--path`, the Action's `path`). */
  roadmapPaths?: readonly string[];
  /** Say what would be written, and write nothing. */
  dryRun?: boolean;
}

/** Top-level `_extends:` in the config: only Probot's config plugin resolves it. */
const EXTENDS_KEY = /^_extends[ \t]*:/m;

/**
 * The repository's config as Probot's `context.config` would give it, reusing
 * the default branch's and the organisation's files the pull-request query
 * already fetched: no call for plain files, and Probot itself for `_extends`.
 */
async function configFromPullRequestSnapshot(
  octokit: AppOctokit,
  repository: RepositoryRef,
  files: { repository: RepositoryFile; organization: RepositoryFile },
  options: ReviewOptions,
): Promise<LoadedConfig> {
  const file = files.repository;
  if (file.kind === 'text' && !EXTENDS_KEY.test(file.text)) return parseConfigText(file.text, CONFIG_FILE);
  if (file.kind === 'absent') {
    const organization = files.organization;
    if (repository.repo.toLowerCase() === '.github' || organization.kind === 'absent') return parseConfig(null);
    if (organization.kind === 'text' && !EXTENDS_KEY.test(organization.text)) return parseConfigText(organization.text, CONFIG_FILE);
    return loadRepositoryConfig(octokit, { owner: repository.owner, repo: '.github' });
  }
  return options.configContext ? loadConfig(options.configContext) : loadRepositoryConfig(octokit, repository);
}

/** The config the pull request proposes: its head file, validated (it is what the review shows problems of). */
function headConfig(file: RepositoryFile): LoadedConfig {
  if (file.kind === 'text') return parseConfigText(file.text, CONFIG_FILE);
  const defaults = parseConfig(null);
  if (file.kind === 'absent') return defaults;
  const problem: ConfigProblem = {
    key: TOP_LEVEL_KEY,
    message: `${CONFIG_FILE} is not a readable text file at the head (binary, over 1 MB or a folder); all defaults apply`,
    line: 1,
  };
  return { config: defaults.config, problems: [problem] };
}

/**
 * The structural roadmaps at several commits. Cached ones cost nothing; the
 * others are read together in one GraphQL query, or through the shared
 * cache's tree listing when their folders are too deep for it.
 */
async function roadmapsAt(octokit: GitHubClient, services: ReviewServices, requests: RoadmapRequest[]): Promise<Roadmap[]> {
  const found = new Map<string, Roadmap>();
  const missing: RoadmapRequest[] = [];
  for (const request of requests) {
    const key = roadmapCacheKey(request);
    if (found.has(key) || missing.some((other) => roadmapCacheKey(other) === key)) continue;
    const cached = services.roadmaps.peek(request);
    if (cached) found.set(key, await cached);
    else missing.push(request);
  }
  if (missing.length > 0) {
    const repository = { owner: missing[0].owner, repo: missing[0].repo };
    const sides = await fetchRoadmapSides(octokit, repository, missing);
    for (const [index, request] of missing.entries()) {
      const key = roadmapCacheKey(request);
      const side = sides[index];
      if (side === null) {
        found.set(key, await services.roadmaps.get(octokit, request));
        continue;
      }
      const parsed = await services.roadmaps.parse(side.files, side.skipped, { labelPrefix: request.labelPrefix });
      services.roadmaps.remember(request, parsed);
      found.set(key, parsed.roadmap);
    }
  }
  return requests.map((request) => found.get(roadmapCacheKey(request)) as Roadmap);
}

function commentUrlOf(target: ReviewTarget, commentId: number | null): string | null {
  return commentId === null ? null : `${target.repositoryUrl}/pull/${target.number}#issuecomment-${commentId}`;
}

/**
 * Writes the check run when `review.checkRun` is on, unless the head already
 * has one with this outcome (a replay); a dry run says `created` and writes nothing.
 */
async function reportCheckRun(
  octokit: GitHubClient,
  enabled: boolean,
  existing: ExistingCheckRun[],
  write: CheckRunWrite,
  dryRun: boolean,
): Promise<CheckRunAction> {
  if (!enabled) return 'off';
  if (alreadyReported(existing, write.report)) return 'unchanged';
  if (!dryRun) await writeCheckRun(octokit, write);
  return 'created';
}

/** The pull request as the review reads it: one GraphQL query, more only past its pages (`fetchPullRequestSnapshot`). */
async function readPullRequest(octokit: AppOctokit, target: ReviewTarget, appId: number): Promise<PullRequestSnapshot> {
  return fetchPullRequestSnapshot(octokit, {
    owner: target.owner,
    repo: target.repo,
    number: target.number,
    headSha: target.headSha,
    marker: REVIEW_MARKER,
    configPath: CONFIG_FILE,
    appId,
    checkName: CHECK_RUN_NAME,
  });
}

/** The config as the repository has it (`loaded`) and with the caller's roadmap globs (`effective`); its problems logged. */
async function repositoryConfig(
  octokit: AppOctokit,
  target: ReviewTarget,
  snapshot: PullRequestSnapshot,
  options: ReviewOptions,
): Promise<{ loaded: LoadedConfig; effective: LoadedConfig }> {
  const repository = { owner: target.owner, repo: target.repo };
  const files = { repository: snapshot.defaultBranchConfig, organization: snapshot.organizationConfig };
  const loaded = await configFromPullRequestSnapshot(octokit, repository, files, options);
  const effective = { ...loaded, config: withRoadmapPaths(loaded.config, options.roadmapPaths ?? []) };
  logConfigProblems(options.log, `${target.owner}/${target.repo}`, effective.problems);
  return { loaded, effective };
}

/** Both sides of the pull request as of today, measured with the config it proposes. */
interface ReviewedSides {
  base: Roadmap;
  head: Roadmap;
  now: string;
  staleAfterDays: number;
  labelPrefix: string;
  /** The problems of the config the pull request changes; none when it leaves the config alone. */
  configProblems: ConfigProblem[];
}

async function reviewedSides(
  octokit: GitHubClient,
  services: ReviewServices,
  target: ReviewTarget,
  config: { loaded: LoadedConfig; effective: LoadedConfig; headFile: RepositoryFile | null },
  globs: readonly string[],
): Promise<ReviewedSides> {
  const repository = { owner: target.owner, repo: target.repo };
  // The pull request's own config decides which files are its roadmap and how drift is measured.
  const proposedFile = config.headFile ? headConfig(config.headFile) : config.loaded;
  const proposed = { ...proposedFile, config: withRoadmapPaths(proposedFile.config, globs) };
  const now = services.today();
  const staleAfterDays = proposed.config.drift.staleAfterDays;
  // Both sides measured with the proposed prefix, as `roadmap-bot diff` does: a `label-too-long` is new only if the change made it.
  const labelPrefix = proposed.config.labels.prefix;
  const [baseStructure, headStructure] = await roadmapsAt(octokit, services, [
    { ...repository, sha: target.baseSha, globs: config.effective.config.roadmap.paths, labelPrefix },
    { ...repository, sha: target.headSha, globs: proposed.config.roadmap.paths, labelPrefix },
  ]);
  return {
    base: withTimeBasedChecks(baseStructure, { now, staleAfterDays }),
    head: withTimeBasedChecks(headStructure, { now, staleAfterDays }),
    now,
    staleAfterDays,
    labelPrefix,
    configProblems: config.headFile ? proposed.problems : [],
  };
}

/**
 * A removed node's review line says how many open issues still carry its
 * label: counted before the one diff (one query), only when a node was removed.
 */
async function openIssuesOfRemovedNodes(
  octokit: GitHubClient,
  repository: RepositoryRef,
  sides: ReviewedSides,
  currentPrefix: string,
): Promise<Record<string, number> | undefined> {
  const removed = removedNodeIds(sides.base, sides.head);
  if (removed.length === 0) return undefined;
  // Issues carry the labels the repository has now: those of its current prefix.
  const labels = removed.map((id) => goalLabelName(id, currentPrefix).name);
  const counts = await countIssuesByLabel(octokit, repository, labels);
  return Object.fromEntries(removed.map((id, index) => [id, counts.get(labels[index])?.open ?? 0]));
}

/** Writes the review: its comment, then the check run that links to it. */
async function postReview(
  octokit: AppOctokit,
  target: ReviewTarget,
  review: {
    comment: MarkedCommentTarget & { existing: MarkedComment | null; dryRun?: boolean };
    drift: Drift;
    sides: ReviewedSides;
    checkRun: { enabled: boolean; existing: ExistingCheckRun[]; appId: number };
  },
): Promise<ReviewOutcome> {
  const { drift, sides } = review;
  const body = renderReview(drift, {
    repoUrl: target.repositoryUrl,
    headSha: target.headSha,
    configProblems: sides.configProblems,
    configFile: CONFIG_FILE,
    maxLength: MAX_BODY_CHARACTERS,
    labelPrefix: sides.labelPrefix,
  });
  const written = await upsertMarkedComment(octokit, { ...review.comment, body });

  const diagnostics = [...drift.newDiagnostics, ...configDiagnostics(sides.configProblems, CONFIG_FILE)];
  const commentUrl = commentUrlOf(target, written.id);
  const report = checkRunReport(drift, diagnostics, commentUrl);
  const checkRun = await reportCheckRun(
    octokit,
    review.checkRun.enabled,
    review.checkRun.existing,
    {
      owner: target.owner,
      repo: target.repo,
      headSha: target.headSha,
      report,
      appId: review.checkRun.appId,
      ...(commentUrl ? { detailsUrl: commentUrl } : {}),
    },
    review.comment.dryRun === true,
  );
  return { status: 'reviewed', comment: written.action, body, commentId: written.id, checkRun, conclusion: report.conclusion, drift };
}

/**
 * Reviews one pull request at `target.headSha` against `target.baseSha`:
 * creates or updates its review comment and writes the check run. Writes
 * nothing when nothing would change.
 */
export async function reviewPullRequest(
  octokit: AppOctokit,
  services: ReviewServices,
  target: ReviewTarget,
  options: ReviewOptions,
): Promise<ReviewOutcome> {
  const repository = { owner: target.owner, repo: target.repo };
  const identity = await services.identity();
  const snapshot = await readPullRequest(octokit, target, identity.appId);
  // A late delivery of an older push: the event for the current head reviews that.
  if (!snapshot.headFound || snapshot.currentHeadSha !== target.headSha) return { status: 'outdated' };
  const { loaded, effective } = await repositoryConfig(octokit, target, snapshot, options);
  if (!effective.config.review.enabled) return { status: 'disabled' };

  const changedFiles = snapshot.changedFiles;
  const configChanged = changedFiles.includes(CONFIG_FILE);
  const comment = {
    ...repository,
    issue_number: target.number,
    marker: REVIEW_MARKER,
    isOwn: await services.ownComments(),
    dryRun: options.dryRun,
  };
  if (!configChanged && selectRoadmapFiles(changedFiles, effective.config.roadmap.paths).length === 0) {
    if (!snapshot.markedComment) return { status: 'untouched', comment: 'absent' };
    const body = renderNoRoadmapChanges({ headSha: target.headSha });
    const result = await upsertMarkedComment(octokit, { ...comment, body, existing: snapshot.markedComment, createIfMissing: false });
    return { status: 'no-longer-touching', comment: result.action, body };
  }

  const headFile = configChanged ? snapshot.headConfig : null;
  const sides = await reviewedSides(octokit, services, target, { loaded, effective, headFile }, options.roadmapPaths ?? []);
  const { base, head, now, staleAfterDays } = sides;
  const openIssuesByNode = await openIssuesOfRemovedNodes(octokit, repository, sides, effective.config.labels.prefix);
  const drift = diffRoadmaps(base, head, { now, staleAfterDays, changedFiles, ...(openIssuesByNode ? { openIssuesByNode } : {}) });

  return postReview(octokit, target, {
    comment: { ...comment, existing: snapshot.markedComment },
    drift,
    sides,
    checkRun: { enabled: effective.config.review.checkRun, existing: snapshot.checkRuns, appId: identity.appId },
  });
}
