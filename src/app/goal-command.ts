/**
 * The `/goal` command (SPEC §6): `/goal <id> [<id>…]` adds goal labels to the
 * issue or PR, `/goal -<id>` removes one. Only for users with triage access or
 * more; others get a 😕 reaction on each command and one polite reply per
 * user and issue (never a comment per command: a refused user cannot make
 * the bot spam the issue). Unknown ids get suggestions. Replies are
 * marked with the command comment's id, so a replayed webhook finds its reply
 * instead of posting another. The command runs as a background job: the
 * webhook is answered at once.
 */
import type { Context, Probot } from 'probot';
import { closestMatches, goalLabelName } from '../core/model/labels.js';
import type { Roadmap, RoadmapNode } from '../core/model/model.js';
import { httpStatus } from '../github/client.js';
import { upsertMarkedComment } from '../github/comments.js';
import { labelNames } from '../github/labels.js';
import { hasTriageAccess } from '../github/permissions.js';
import { literal } from '../core/issues/goal-comments.js';
import { logConfigProblems } from '../flows/log.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { refreshGoalComments } from '../flows/refresh-goal-comments.js';
import { roadmapAtBranch } from '../github/roadmap-cache.js';
import { repositoryConfig, type AppServices } from './services.js';

export interface GoalCommand {
  add: string[];
  remove: string[];
}

const COMMAND_LINE = /^ {0,3}\/goal(?:[ \t]+(.*))?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
/** `/goal help` asks for the usage; it is not a goal id (`/goal goal:help` still names a goal `help`). */
const HELP_WORDS = new Set(['help', '--help', '?']);

/**
 * The `/goal` lines of a comment, merged (null when there is none). Lines in
 * fenced code and quotes (`> /goal x`, someone quoting) are not commands.
 * Ids may carry the label prefix (`/goal goal:async`) and be comma-separated.
 */
export function parseGoalCommand(body: string, prefix: string): GoalCommand | null {
  let command: GoalCommand | null = null;
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const opening = FENCE.exec(line);
    if (opening) {
      if (fence === null) fence = opening[1];
      else if (opening[1] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const match = COMMAND_LINE.exec(line);
    if (!match) continue;
    command ??= { add: [], remove: [] };
    for (const token of (match[1] ?? '').split(/[\s,]+/).filter((part) => part.length > 0)) {
      if (HELP_WORDS.has(token.toLowerCase())) continue;
      const removal = token.startsWith('-');
      let id = removal ? token.slice(1) : token;
      if (id.toLowerCase().startsWith(prefix.toLowerCase())) id = id.slice(prefix.length);
      if (id.length === 0) continue;
      const list = removal ? command.remove : command.add;
      if (!list.includes(id)) list.push(id);
    }
  }
  return command;
}

export function commandReplyMarker(commentId: number): string {
  return `<!-- roadmap-bot:goal-command ${commentId} -->`;
}

function findNode(roadmap: Roadmap, id: string): RoadmapNode | undefined {
  return roadmap.nodes.find((node) => node.id === id) ?? roadmap.nodes.find((node) => node.id.toLowerCase() === id.toLowerCase());
}

/** The one refusal a user gets on an issue, found again by this marker on the app's own comments. */
export function refusalMarker(userId: number): string {
  return `<!-- roadmap-bot:goal-refusal ${userId} -->`;
}

/** The reaction every refused command gets. */
export const REFUSAL_REACTION = 'confused';

export function renderRefusal(): string {
  return [
    '🙏 Thanks! Changing goal labels with `/goal` needs triage access to this repository (or more).',
    'A maintainer or triager can apply the goal for you.',
    '',
    'Further `/goal` commands of yours on this issue get a 😕 reaction rather than another reply.',
  ].join('\n');
}

export function renderUsage(prefix: string): string {
  return [
    'ℹ️ `/goal` needs at least one goal id:',
    '',
    '- `/goal <id> [<id>…]` adds goal labels',
    '- `/goal -<id>` removes one',
    '- `/goal help` shows this',
    '',
    `The labels are ${literal(prefix)} followed by the goal's id in the roadmap.`,
  ].join('\n');
}

export function renderUnknownIds(unknown: { id: string; suggestions: string[] }[], prefix: string, branch: string): string {
  const lines = ['🤔 No goal in the roadmap has ' + (unknown.length === 1 ? 'this id:' : 'these ids:'), ''];
  for (const { id, suggestions } of unknown) {
    const hint =
      suggestions.length > 0
        ? `did you mean ${suggestions.map((name) => `**${literal(name)}**`).join(' or ')}?`
        : 'no goal has a similar id.';
    lines.push(`- **${literal(id)}** — ${hint}`);
  }
  lines.push('', `Goals are the nodes of the roadmap on ${literal(branch)}; their labels are ${literal(prefix)}&lt;id&gt;.`);
  return lines.join('\n');
}

/**
 * Queues the command as a background job in the issue's lane (after any
 * issue event of the same issue still being handled). Most comments are not
 * commands and cost no API call and no job.
 */
export async function handleGoalCommand(context: Context<'issue_comment.created'>, services: AppServices): Promise<void> {
  const { payload } = context;
  if (!/^ {0,3}\/goal\b/m.test(payload.comment.body)) return;
  if (payload.comment.user?.type === 'Bot' || payload.sender.type === 'Bot') return;
  await services.jobs.enqueue(jobOf(context, 'goal-command', { ...context.repo(), number: payload.issue.number }));
}

async function applyGoalCommand(context: Context<'issue_comment.created'>, services: AppServices): Promise<void> {
  const { payload } = context;
  const loaded = await repositoryConfig(context, services);
  const { config } = loaded;
  const { owner, repo } = context.repo();
  logConfigProblems(context.log, `${owner}/${repo}`, loaded.problems);
  if (!config.issues.command) return;
  const prefix = config.labels.prefix;
  const command = parseGoalCommand(payload.comment.body, prefix);
  if (!command) return;

  const issue_number = payload.issue.number;
  const isOwn = await services.ownComments();
  const reply = (body: string) =>
    upsertMarkedComment(context.octokit, {
      owner,
      repo,
      issue_number,
      marker: commandReplyMarker(payload.comment.id),
      body,
      isOwn,
    });

  const sender = payload.comment.user ?? payload.sender;
  if (!(await hasTriageAccess(context.octokit, { owner, repo, username: sender.login }))) {
    try {
      await context.octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: payload.comment.id, content: REFUSAL_REACTION });
    } catch (error) {
      // The command was deleted meanwhile: nothing to react to, but the one reply still explains.
      if (httpStatus(error) !== 404) throw error;
    }
    await upsertMarkedComment(context.octokit, { owner, repo, issue_number, marker: refusalMarker(sender.id), body: renderRefusal(), isOwn });
    return;
  }
  if (command.add.length === 0 && command.remove.length === 0) {
    await reply(renderUsage(prefix));
    return;
  }

  const at = await roadmapAtBranch(context.octokit, services.roadmaps, {
    owner,
    repo,
    branch: payload.repository.default_branch,
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
  const { data: current } = await context.octokit.rest.issues.get({ owner, repo, issue_number });
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
    await context.octokit.rest.issues.addLabels({ owner, repo, issue_number, labels: toAdd });
    labels = [...labels, ...toAdd];
  }
  for (const name of toRemove) {
    try {
      await context.octokit.rest.issues.removeLabel({ owner, repo, issue_number, name });
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
    await refreshGoalComments(context.octokit, {
      issue: { owner, repo, issue_number, labels, repositoryUrl: payload.repository.html_url },
      config,
      at,
      now: services.today(),
      isOwn,
      settle: command.remove.length > 0,
    });
  }
  context.log.info(
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

export function registerGoalCommand(app: Probot, services: AppServices): void {
  services.jobs.handle('goal-command', (context) => applyGoalCommand(context as Context<'issue_comment.created'>, services));
  app.on(
    'issue_comment.created',
    unlessOwnEvent(services, (context) => handleGoalCommand(context, services)),
  );
}
