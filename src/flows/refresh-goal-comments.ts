/**
 * Brings an issue's two bot comments in line with its goal labels: the reply
 * to unknown goal labels and (when `issues.linkComment` is on) the link to its
 * goals. Each is one marked comment per issue, updated in place; nothing is
 * written when the text is already right.
 */
import type { Config } from '../core/config/config.js';
import { blobUrl } from '../core/markdown/links.js';
import type { GitHubClient, RepositoryRef } from '../github/client.js';
import { findMarkedComments, upsertMarkedComment, type OwnCommentTest, type UpsertAction } from '../github/comments.js';
import {
  GOAL_LINK_MARKER,
  UNKNOWN_LABEL_MARKER,
  classifyGoalLabels,
  renderGoalLink,
  renderNoGoalLink,
  renderUnknownLabelReply,
  renderUnknownLabelsResolved,
  type RoadmapLocation,
} from '../core/issues/goal-comments.js';
import type { RoadmapAtBranch } from '../github/roadmap-cache.js';

export interface IssueGoalState extends RepositoryRef {
  issue_number: number;
  /** The issue's labels as they are now. */
  labels: string[];
  /** `https://github.com/<owner>/<repo>` (or the GHE equivalent), for links to roadmap files. */
  repositoryUrl: string;
}

export interface GoalCommentsResult {
  unknownLabels: UpsertAction | 'skipped';
  goalLink: UpsertAction | 'skipped';
}

export function roadmapLocation(at: RoadmapAtBranch, repositoryUrl: string, globs: string[]): RoadmapLocation {
  return {
    branch: at.branch,
    sha: at.sha,
    globs,
    lineUrl: (file, line) => blobUrl(repositoryUrl, at.sha, file, line),
  };
}

interface GoalCommentsOptions {
  issue: IssueGoalState;
  config: Config;
  at: RoadmapAtBranch;
  now: string;
  isOwn: OwnCommentTest;
  settle: boolean;
  onlyMissing?: boolean;
}

interface WantedComment {
  key: keyof GoalCommentsResult;
  marker: string;
  body: string;
  createIfMissing: boolean;
}

/** The comments the issue's goal labels call for, as the config turns them on. */
function wantedGoalComments(options: GoalCommentsOptions): WantedComment[] {
  const { issue, config, at, now, settle } = options;
  const prefix = config.labels.prefix;
  const split = classifyGoalLabels(issue.labels, at.roadmap, prefix);
  const where = roadmapLocation(at, issue.repositoryUrl, config.roadmap.paths);
  const wanted: WantedComment[] = [];
  if (config.issues.unknownLabelReply) {
    const key = 'unknownLabels';
    const marker = UNKNOWN_LABEL_MARKER;
    if (split.unknown.length > 0) {
      wanted.push({ key, marker, body: renderUnknownLabelReply(split.unknown, prefix, where), createIfMissing: true });
    } else if (settle) {
      wanted.push({ key, marker, body: renderUnknownLabelsResolved(), createIfMissing: false });
    }
  }
  if (config.issues.linkComment) {
    const key = 'goalLink';
    const marker = GOAL_LINK_MARKER;
    if (split.known.length > 0) {
      wanted.push({ key, marker, body: renderGoalLink(split.known, at.roadmap, now, where), createIfMissing: true });
    } else if (settle) {
      wanted.push({ key, marker, body: renderNoGoalLink(), createIfMissing: false });
    }
  }
  return wanted;
}

/**
 * `settle` is for events that may have removed the last unknown or known goal
 * label: an existing comment is then rewritten to say so (none is created).
 * `onlyMissing` posts the comments the issue lacks and leaves the app's
 * existing ones as they are: for issues whose labels did not change.
 */
export async function refreshGoalComments(octokit: GitHubClient, options: GoalCommentsOptions): Promise<GoalCommentsResult> {
  const { issue, isOwn } = options;
  const target = { owner: issue.owner, repo: issue.repo, issue_number: issue.issue_number, isOwn };
  const result: GoalCommentsResult = { unknownLabels: 'skipped', goalLink: 'skipped' };
  const wanted = wantedGoalComments(options);
  if (wanted.length === 0) return result;

  const existing = await findMarkedComments(
    octokit,
    target,
    wanted.map((comment) => comment.marker),
  );
  for (const comment of wanted) {
    const found = existing.get(comment.marker) ?? null;
    if (found && options.onlyMissing) {
      result[comment.key] = 'unchanged';
      continue;
    }
    const upserted = await upsertMarkedComment(octokit, {
      ...target,
      marker: comment.marker,
      body: comment.body,
      createIfMissing: comment.createIfMissing,
      existing: found,
    });
    result[comment.key] = upserted.action;
  }
  return result;
}
