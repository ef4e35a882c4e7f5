/**
 * Applies a `/goal` command (SPEC §6; its reading and words are
 * src/core/issues/goal-command.ts): checks the sender's access, adds and
 * removes goal labels on the issue as it is now, replies about unknown ids,
 * and refreshes the issue's goal comments.
 */
import {
  commandReplyMarker,
  findNode,
  parseGoalCommand,
  REFUSAL_REACTION,
  refusalMarker,
  renderRefusal,
  renderUnknownIds,
  renderUsage,
  type GoalCommand,
} from '../core/issues/goal-command.js';
import type { Config } from '../core/config/config.js';
import { closestMatches, goalLabelName } from '../core/model/labels.js';
import type { Roadmap } from '../core/model/model.js';
import { httpStatus, type AppOctokit } from '../github/client.js';
import { upsertMarkedComment, type OwnCommentTest } from '../github/comments.js';
import type { LoadedConfig } from '../github/config.js';
import { labelNames } from '../github/labels.js';
import { hasTriageAccess } from '../github/permissions.js';
import { roadmapAtBranch } from '../github/roadmap-cache.js';
import { logConfigProblems, type AppLog } from './log.js';
import { refreshGoalComments } from './refresh-goal-comments.js';
import type { FlowServices } from './services.js';

export interface GoalCommandRequest {
  owner: string;
  repo: string;
  /** The issue or pull request. */
  number: number;
  comment: { id: number; body: string; author: { id: number; login: string } };
  defaultBranch: string;
  repositoryUrl: string;
}

/** An id the roadmap does not know, with the goal labels closest to it. */
interface UnknownGoal {
  id: string;
  suggestions: string[];
}

/** Who and where a reply goes: the issue, and the test that finds the app's own comments on it. */
interface CommandIssue {
  owner: string;
  repo: string;
  issue_number: number;
  isOwn: OwnCommentTest;
}

/** A sender without triage access: a 😕 reaction on the command and one reply per sender, nothing else. */
async function refuseCommand(octokit: AppOctokit, issue: CommandIssue, comment: GoalCommandRequest['comment']): Promise<void> {
  const { owner, repo } = issue;
  try {
    await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: REFUSAL_REACTION });
  } catch (error) {
    // The command was deleted meanwhile: nothing to react to, but the one reply still explains.
    if (httpStatus(error) !== 404) throw error;
  }
  await upsertMarkedComment(octokit, { ...issue, marker: refusalMarker(comment.author.id), body: renderRefusal() });
}

/** The labels of the goals the command adds, and the ids the roadmap does not know (with the closest it does). */
function goalLabelsToAdd(roadmap: Roadmap, ids: string[], prefix: string): { wanted: string[]; unknown: UnknownGoal[] } {
  const known = roadmap.nodes.map((node) => node.id);
  const wanted: string[] = [];
  const unknown: UnknownGoal[] = [];
  for (const id of ids) {
    const node = findNode(roadmap, id);
    if (node) wanted.push(goalLabelName(node.id, prefix).name);
    else unknown.push({ id, suggestions: closestMatches(id, known).map((match) => goalLabelName(match, prefix).name) });
  }
  return { wanted, unknown };
}

/** The labels to add (those the issue lacks) and to remove (those it has) for the command. */
function labelChanges(
  labels: string[],
  wanted: string[],
  removedIds: string[],
  roadmap: Roadmap,
  prefix: string,
): { toAdd: string[]; toRemove: string[] } {
  const has = (name: string) => labels.some((label) => label.toLowerCase() === name.toLowerCase());
  const toAdd = [...new Set(wanted)].filter((name) => !has(name));
  // A stale label (its goal removed from the roadmap) can still be removed: match it on the issue, not the roadmap.
  const toRemove = removedIds.flatMap((id) => {
    const node = findNode(roadmap, id);
    const name = goalLabelName(node?.id ?? id, prefix).name.toLowerCase();
    return labels.filter((label) => label.toLowerCase() === name);
  });
  return { toAdd, toRemove };
}

/** Adds and removes the labels on the issue; the labels it carries afterwards. */
async function writeLabelChanges(
  octokit: AppOctokit,
  issue: CommandIssue,
  labels: string[],
  changes: { toAdd: string[]; toRemove: string[] },
): Promise<string[]> {
  const { owner, repo, issue_number } = issue;
  let after = labels;
  if (changes.toAdd.length > 0) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number, labels: changes.toAdd });
    after = [...after, ...changes.toAdd];
  }
  for (const name of changes.toRemove) {
    try {
      await octokit.rest.issues.removeLabel({ owner, repo, issue_number, name });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
    after = after.filter((label) => label !== name);
  }
  return after;
}

/** A command from a sender with triage access that names goals to add or remove. */
interface AcceptedCommand {
  request: GoalCommandRequest;
  config: Config;
  command: GoalCommand;
  issue: CommandIssue;
  reply: (body: string) => Promise<unknown>;
}

/** Adds and removes the named goals' labels, replies about unknown ids, and refreshes the issue's goal comments. */
async function changeGoalLabels(octokit: AppOctokit, services: FlowServices, log: AppLog, accepted: AcceptedCommand): Promise<void> {
  const { request, config, command, issue } = accepted;
  const { owner, repo, issue_number } = issue;
  const prefix = config.labels.prefix;
  const at = await roadmapAtBranch(octokit, services.roadmaps, {
    owner,
    repo,
    branch: request.defaultBranch,
    globs: config.roadmap.paths,
    labelPrefix: prefix,
  });
  const { wanted, unknown } = goalLabelsToAdd(at.roadmap, command.add, prefix);
  // The payload's labels may be stale (a replayed delivery): read the issue as it is now.
  const { data: current } = await octokit.rest.issues.get({ owner, repo, issue_number });
  const before = labelNames(current.labels);
  const { toAdd, toRemove } = labelChanges(before, wanted, command.remove, at.roadmap, prefix);
  const labels = await writeLabelChanges(octokit, issue, before, { toAdd, toRemove });
  if (unknown.length > 0) await accepted.reply(renderUnknownIds(unknown, prefix, at.branch));

  // The `labeled` events these changes cause come from the app and are ignored: refresh the issue's comments here.
  // A redelivered command whose labels had landed still refreshes the link comment, which may not have.
  const changed = toAdd.length > 0 || toRemove.length > 0;
  const namedGoals = wanted.length > 0 || command.remove.length > 0;
  if (changed || (config.issues.linkComment && namedGoals)) {
    await refreshGoalComments(octokit, {
      issue: { owner, repo, issue_number, labels, repositoryUrl: request.repositoryUrl },
      config,
      at,
      now: services.today(),
      isOwn: issue.isOwn,
      settle: command.remove.length > 0,
    });
  }
  log.info(
    { repository: `${owner}/${repo}`, issue: issue_number, added: toAdd, removed: toRemove, unknown: unknown.map((entry) => entry.id) },
    'roadmap-bot: /goal command applied',
  );
}

export async function applyGoalCommand(
  octokit: AppOctokit,
  services: FlowServices,
  log: AppLog,
  loaded: LoadedConfig,
  request: GoalCommandRequest,
): Promise<void> {
  const { owner, repo, comment } = request;
  const { config } = loaded;
  logConfigProblems(log, `${owner}/${repo}`, loaded.problems);
  if (!config.issues.command) return;
  const command = parseGoalCommand(comment.body, config.labels.prefix);
  if (!command) return;

  const issue: CommandIssue = { owner, repo, issue_number: request.number, isOwn: await services.ownComments() };
  const reply = (body: string) => upsertMarkedComment(octokit, { ...issue, marker: commandReplyMarker(comment.id), body });
  if (!(await hasTriageAccess(octokit, { owner, repo, username: comment.author.login }))) {
    await refuseCommand(octokit, issue, comment);
    return;
  }
  if (command.add.length === 0 && command.remove.length === 0) {
    await reply(renderUsage(config.labels.prefix));
    return;
  }
  await changeGoalLabels(octokit, services, log, { request, config, command, issue, reply });
}
