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
} from '../core/issues/goal-command.js';
import { closestMatches, goalLabelName } from '../core/model/labels.js';
import { httpStatus, type AppOctokit } from '../github/client.js';
import { upsertMarkedComment } from '../github/comments.js';
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
  const prefix = config.labels.prefix;
  const command = parseGoalCommand(comment.body, prefix);
  if (!command) return;

  const issue_number = request.number;
  const isOwn = await services.ownComments();
  const reply = (body: string) =>
    upsertMarkedComment(octokit, {
      owner,
      repo,
      issue_number,
      marker: commandReplyMarker(comment.id),
      body,
      isOwn,
    });

  const sender = comment.author;
  if (!(await hasTriageAccess(octokit, { owner, repo, username: sender.login }))) {
    try {
      await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: comment.id, content: REFUSAL_REACTION });
    } catch (error) {
      // The command was deleted meanwhile: nothing to react to, but the one reply still explains.
      if (httpStatus(error) !== 404) throw error;
    }
    await upsertMarkedComment(octokit, { owner, repo, issue_number, marker: refusalMarker(sender.id), body: renderRefusal(), isOwn });
    return;
  }
  if (command.add.length === 0 && command.remove.length === 0) {
    await reply(renderUsage(prefix));
    return;
  }

  const at = await roadmapAtBranch(octokit, services.roadmaps, {
    owner,
    repo,
    branch: request.defaultBranch,
    globs: config.roadmap.paths,
    labelPrefix: config.labels.prefix,
  });
  const ids = at.roadmap.nodes.map((node) => node.id);
  const wanted: string[] = [];
  const unknown: { id: string; suggestions: string[] }[] = [];
  for (const id of command.add) {
    const node = findNode(at.roadmap, id);
    if (node) wanted.push(goalLabelName(node.id, prefix).name);
    else unknown.push({ id, suggestions: closestMatches(id, ids).map((match) => goalLabelName(match, prefix).name) });
  }

  // The payload's labels may be stale (a replayed delivery): read the issue as it is now.
  const { data: current } = await octokit.rest.issues.get({ owner, repo, issue_number });
  let labels = labelNames(current.labels);
  const has = (name: string) => labels.some((label) => label.toLowerCase() === name.toLowerCase());
  const toAdd = [...new Set(wanted)].filter((name) => !has(name));
  // A stale label (its goal removed from the roadmap) can still be removed: match it on the issue, not the roadmap.
  const toRemove = command.remove.flatMap((id) => {
    const node = findNode(at.roadmap, id);
    const name = goalLabelName(node?.id ?? id, prefix).name.toLowerCase();
    return labels.filter((label) => label.toLowerCase() === name);
  });

  if (toAdd.length > 0) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number, labels: toAdd });
    labels = [...labels, ...toAdd];
  }
  for (const name of toRemove) {
    try {
      await octokit.rest.issues.removeLabel({ owner, repo, issue_number, name });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
    labels = labels.filter((label) => label !== name);
  }
  if (unknown.length > 0) await reply(renderUnknownIds(unknown, prefix, at.branch));

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
      isOwn,
      settle: command.remove.length > 0,
    });
  }
  log.info(
    {
      repository: `${owner}/${repo}`,
      issue: issue_number,
      added: toAdd,
      removed: toRemove,
      unknown: unknown.map((entry) => entry.id),
    },
    'roadmap-bot: /goal command applied',
  );
}
