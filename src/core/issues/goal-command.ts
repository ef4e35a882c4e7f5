/**
 * The `/goal` command (SPEC §6): `/goal <id> [<id>…]` adds goal labels to the
 * issue or PR, `/goal -<id>` removes one. Only for users with triage access or
 * more; others get a 😕 reaction on each command and one polite reply per
 * user and issue (never a comment per command: a refused user cannot make
 * the bot spam the issue). Unknown ids get suggestions. Replies are
 * marked with the command comment's id, so a replayed webhook finds its reply
 * instead of posting another. This module reads the command and words the
 * replies; src/flows/goal-command.ts applies it, src/app/goal-command.ts
 * queues it.
 */
import type { Roadmap, RoadmapNode } from '../model/model.js';
import { literal } from './goal-comments.js';

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

export function findNode(roadmap: Roadmap, id: string): RoadmapNode | undefined {
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
