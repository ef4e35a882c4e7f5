/**
 * `npm run docs:gallery` writes docs/comments.md: a real example of every
 * comment, issue, check run and label roadmap-bot writes, for the example
 * roadmap (examples/roadmap/base and head) as of 2026-11-26. Nothing in it is
 * written by hand; each text comes from the code that produces it for real:
 *
 * - the demo (`runDemo`: the real app server, signed webhooks, the simulated
 *   GitHub) gives what the app posted: the reply to a misspelled goal label,
 *   the review comment after each of two pushes, both check runs, the labels;
 * - the weekly job (`runWeeklyJob`) runs twice against the simulator, a week
 *   apart, with the demo's pull request merged in between: this week's status
 *   issue, with changes since last week, and the comment closing last week's;
 * - the comment-text functions, which are pure, give what the demo does not
 *   show (the goal link, `/goal` replies, the "settled" rewrites).
 *
 * tests/docs/gallery.test.ts regenerates the page and fails when the file on
 * disk differs, so the page cannot drift from the code.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Octokit } from '@octokit/rest';
import { commandReplyMarker, renderRefusal, renderUnknownIds, renderUsage } from '../core/issues/goal-command.js';
import {
  UNKNOWN_LABEL_MARKER,
  classifyGoalLabels,
  renderGoalLink,
  renderNoGoalLink,
  renderUnknownLabelsResolved,
  type RoadmapLocation,
} from '../core/issues/goal-comments.js';
import { roadmapLocation } from '../flows/refresh-goal-comments.js';
import { labelReferencedIssues, newIssueLabels, referencedIssueLabels } from '../flows/items-to-issues.js';
import type { Config } from '../core/config/config.js';
import { addDays } from '../core/model/dates.js';
import { closestMatches, goalLabelName } from '../core/model/labels.js';
import type { Roadmap } from '../core/model/model.js';
import { escapeCell } from '../core/markdown/escape.js';
import { renderNoRoadmapChanges } from '../core/review/comment.js';
import type { GitHubClient } from '../github/client.js';
import { withMarker } from '../github/comments.js';
import { goalLabelsFor, syncLabels } from '../github/labels.js';
import { ACTIONS_IDENTITY, runWeeklyJob, supersededMarker, weeklyIdentity, type WeeklyJobResult } from '../flows/weekly.js';
import { createSimulator, type IssueRecord, type Simulator } from '../simulator/index.js';
import { changesBetween, readDirectory, type FileTree } from './files.js';
import type { ApiCall } from './requests.js';
import { DEMO_OWNER, DEMO_REPO, DEMO_REPOSITORY, runDemo, type DemoTranscript } from './run.js';
import { chooseIssueLabels, issueSeeds, plainTitle, readSide, secondPushEdit, type IssueSeed } from './scenario.js';
import { generateAppKeyPair } from '../simulator/keys.js';

/** The example's "today": the demo's clock and this week's status issue. */
export const GALLERY_NOW = '2026-11-26';
export const GALLERY_FILE = fileURLToPath(new URL('../../docs/comments.md', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/roadmap/', import.meta.url));
const REPOSITORY_URL = `https://github.com/${DEMO_REPOSITORY}`;
/** Inputs the pure examples need that no GitHub object supplies: a command comment's id, a later push. */
const COMMAND_COMMENT_ID = 1500000042;
const LATER_PUSH_SHA = '9f31c07d2e8b4a6c1f05e3d7b9a2c4e6f8d0b1a3';

// ---- Markdown of the page ---------------------------------------------------

/** A backtick fence longer than any backtick run in `text`, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(text: string, language: string): string {
  const fence = fenceFor(text);
  return `${fence}${language}\n${text}\n${fence}`;
}

function collapsed(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** The bot's Markdown pasted as is (GitHub renders it here as it does on the issue), then its source. */
export function markdownExample(body: string): string {
  return [body, collapsed('Markdown source', fenced(body, 'markdown'))].join('\n\n');
}

function jsonExample(rendered: string, json: unknown): string {
  return [rendered, collapsed('What the bot sends (JSON)', fenced(JSON.stringify(json, null, 2), 'json'))].join('\n\n');
}

/** Inline code that survives backticks in `text`. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

interface Kind {
  title: string;
  anchor: string;
  /** Markdown paragraphs. */
  content: string[];
}

function page(kinds: Kind[]): string {
  const header = [
    '# Every comment and issue roadmap-bot writes',
    '',
    '<!-- Generated by src/demo/gallery.ts: do not edit. Run `npm run docs:gallery` to regenerate. -->',
    '',
    'What users see from roadmap-bot on GitHub, one real example of each kind, for the bundled example',
    'roadmap (`examples/roadmap/base`, and `examples/roadmap/head` for the pull request) with the clock at',
    `${GALLERY_NOW}. Nothing here is written by hand: \`npm run docs:gallery\` runs the code that writes`,
    'these texts (the demo, the weekly job against the GitHub simulator, and the comment-text functions)',
    'and `tests/docs/gallery.test.ts` fails when this page is out of date.',
    '',
    'Each example is shown as GitHub renders it, then as the Markdown the bot sends, in a collapsed',
    'block. The hidden `<!-- roadmap-bot:… -->` markers are how the bot finds its own comment or issue again',
    'to update it instead of posting another; they are invisible in the rendered examples.',
    '',
    ...kinds.map((kind, index) => `${index + 1}. [${kind.title}](#${kind.anchor})`),
  ];
  const sections = kinds.map((kind, index) =>
    [`<a id="${kind.anchor}"></a>`, `## ${index + 1}. ${kind.title}`, ...kind.content].join('\n\n'),
  );
  return `${[header.join('\n'), ...sections].join('\n\n---\n\n')}\n`;
}

// ---- What the demo posted -----------------------------------------------------

function writes(transcript: DemoTranscript, route: RegExp, method = 'POST'): ApiCall[] {
  return transcript.calls.filter((call) => call.kind === 'write' && call.method === method && route.test(call.path));
}

function bodyOf(call: ApiCall | undefined, what: string): Record<string, any> {
  if (!call || typeof call.body !== 'object' || call.body === null) throw new Error(`the demo made no ${what}`);
  return call.body as Record<string, any>;
}

function commentBody(call: ApiCall | undefined, what: string): string {
  const body = bodyOf(call, what).body;
  if (typeof body !== 'string') throw new Error(`the demo's ${what} has no body`);
  return body;
}

// ---- The weekly job, two weeks running --------------------------------------

const ACTIONS_TOKEN = 'ghs_galleryActionsToken0000000000000000';
const CONTRIBUTOR_TOKEN = 'ghp_galleryContributorToken00000000000';
const CONTRIBUTOR = 'mona-contributor';
const GALLERY_REPOSITORY = { owner: DEMO_OWNER, repo: DEMO_REPO };
/** Octokit logs failed requests; the 404s the label sync expects (items citing issues not yet filed) are not news. */
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface WeeklyExample {
  title: string;
  body: string;
  number: number;
  previousNumber: number;
  /** The comment that closed last week's issue. */
  closing: string;
}

function noon(day: string): string {
  return `${day}T12:00:00Z`;
}

/**
 * The repository as the demo seeds it, labelled by the label sync; last
 * week's status issue; then this week: the done items' issues closed, two
 * issues opened, the pull request (both pushes) merged and synced; then this
 * week's status issue, which closes last week's.
 */
async function weeklyExample(base: FileTree, head: FileTree): Promise<WeeklyExample> {
  const lastWeek = addDays(GALLERY_NOW, -7);
  const baseSide = readSide(base);
  const seeds = issueSeeds(baseSide.roadmap, DEMO_REPOSITORY);
  const simulator = seededSimulator(base, seeds, lastWeek);
  const { url } = await simulator.start();
  try {
    const bot = new Octokit({ baseUrl: url, auth: ACTIONS_TOKEN, log: QUIET }) as unknown as GitHubClient;
    const contributor = new Octokit({ baseUrl: url, auth: CONTRIBUTOR_TOKEN, log: QUIET }) as unknown as GitHubClient;

    await syncGoalLabels(bot, baseSide.roadmap, baseSide.config, null);
    simulator.setClock(noon(lastWeek));
    const previous = await weeklyJob(bot, lastWeek, baseSide.config);

    await closeDoneIssues(simulator, contributor, seeds);
    openLabelledIssues(simulator, baseSide.roadmap, baseSide.config.labels.prefix);
    simulator.setClock(`${addDays(GALLERY_NOW, -1)}T15:00:00Z`);
    const merged: FileTree = { ...head, ...(secondPushEdit(base, head, GALLERY_NOW)?.changes ?? {}) };
    simulator.commit(DEMO_REPOSITORY, 'main', changesBetween(base, merged), 'Merge pull request: update the roadmap');
    const mergedSide = readSide(merged);
    await syncGoalLabels(bot, mergedSide.roadmap, mergedSide.config, baseSide.roadmap);

    simulator.setClock(noon(GALLERY_NOW));
    const current = await weeklyJob(bot, GALLERY_NOW, mergedSide.config);
    return statusIssues(simulator.snapshot().issues[DEMO_REPOSITORY], previous, current);
  } finally {
    await simulator.close();
  }
}

/** The repository with the base files and the issues its items reference, the day before last week's run. */
function seededSimulator(base: FileTree, seeds: IssueSeed[], lastWeek: string): Simulator {
  const { publicKey } = generateAppKeyPair();
  const simulator = createSimulator({
    appId: 1,
    publicKey,
    staticTokens: { [ACTIONS_TOKEN]: { login: 'github-actions[bot]' }, [CONTRIBUTOR_TOKEN]: { login: CONTRIBUTOR } },
  });
  simulator.setClock(`${addDays(lastWeek, -1)}T09:00:00Z`);
  simulator.createRepository(DEMO_REPOSITORY, { files: base });
  for (const seed of seeds) {
    simulator.createIssue(DEMO_REPOSITORY, {
      title: seed.title,
      user: CONTRIBUTOR,
      createdAt: `${addDays(GALLERY_NOW, seed.filler ? -400 : -90)}T09:00:00Z`,
      ...(seed.filler ? { state: 'closed' as const, closedAt: `${addDays(GALLERY_NOW, -380)}T09:00:00Z` } : {}),
    });
  }
  return simulator;
}

/** What the app does on a push to the default branch: the goal labels, and the labels of newly referenced issues. */
async function syncGoalLabels(bot: GitHubClient, roadmap: Roadmap, config: Config, before: Roadmap | null): Promise<void> {
  const prefix = config.labels.prefix;
  await syncLabels(bot, { ...GALLERY_REPOSITORY, labels: goalLabelsFor(roadmap, config.labels) });
  const plan = newIssueLabels(
    referencedIssueLabels(roadmap, { ...GALLERY_REPOSITORY, prefix }),
    before ? referencedIssueLabels(before, { ...GALLERY_REPOSITORY, prefix }) : null,
  );
  await labelReferencedIssues(bot, { ...GALLERY_REPOSITORY, plan });
}

function weeklyJob(bot: GitHubClient, day: string, config: Config): Promise<WeeklyJobResult> {
  return runWeeklyJob(bot, {
    ...GALLERY_REPOSITORY,
    now: new Date(noon(day)),
    config,
    configProblems: [],
    identity: weeklyIdentity(ACTIONS_IDENTITY),
  });
}

/** The contributor closes the done items' issues two days before this week's run. */
async function closeDoneIssues(simulator: Simulator, contributor: GitHubClient, seeds: IssueSeed[]): Promise<void> {
  simulator.setClock(`${addDays(GALLERY_NOW, -2)}T10:00:00Z`);
  for (const seed of seeds.filter((candidate) => candidate.closed && !candidate.filler)) {
    await contributor.rest.issues.update({ ...GALLERY_REPOSITORY, issue_number: seed.number, state: 'closed', state_reason: 'completed' });
  }
}

/** The demo's two issues, one with a known goal label and one with a misspelled one, the day before. */
function openLabelledIssues(simulator: Simulator, roadmap: Roadmap, prefix: string): void {
  simulator.setClock(`${addDays(GALLERY_NOW, -1)}T09:00:00Z`);
  const labels = chooseIssueLabels(roadmap, prefix);
  if (!labels) return;
  simulator.createIssue(DEMO_REPOSITORY, {
    title: `Track progress on “${plainTitle(labels.known.node)}”`,
    labels: [labels.known.label],
    user: CONTRIBUTOR,
  });
  simulator.createIssue(DEMO_REPOSITORY, {
    title: `Question about “${plainTitle(labels.misspelled.node)}”`,
    labels: [labels.misspelled.label],
    user: CONTRIBUTOR,
  });
}

/** This week's status issue, and the comment that closed last week's (both must exist). */
function statusIssues(issues: IssueRecord[], previous: WeeklyJobResult, current: WeeklyJobResult): WeeklyExample {
  const issue = (number: number | undefined): IssueRecord => {
    const found = issues.find((candidate) => candidate.number === number);
    if (!found) throw new Error(`the weekly job wrote no status issue (${current.action}${current.reason ? `: ${current.reason}` : ''})`);
    return found;
  };
  const now = issue(current.issueNumber);
  const before = issue(previous.issueNumber);
  const closing = before.comments.find((comment) => comment.body.includes(supersededMarker(current.week)));
  if (!closing || before.state !== 'closed') throw new Error(`the weekly job did not close last week's status issue #${before.number}`);
  return { title: now.title, body: now.body ?? '', number: now.number, previousNumber: before.number, closing: closing.body };
}

// ---- The page -----------------------------------------------------------------

/** docs/comments.md as the code writes it today. */
export async function buildGallery(): Promise<string> {
  const baseDir = `${EXAMPLES}base`;
  const headDir = `${EXAMPLES}head`;
  const [base, head] = await Promise.all([readDirectory(baseDir), readDirectory(headDir)]);
  const [transcript, weekly] = await Promise.all([runDemo({ baseDir, headDir, now: GALLERY_NOW }), weeklyExample(base.files, head.files)]);
  if (transcript.errors.length > 0) throw new Error(`the demo reported problems:\n${transcript.errors.join('\n')}`);

  const { config, roadmap } = readSide(base.files);
  const prefix = config.labels.prefix;
  const pull = transcript.pulls[0];
  if (!pull) throw new Error('the demo opened no pull request');
  const where = roadmapLocation({ roadmap, sha: pull.base.sha, branch: pull.base.ref }, REPOSITORY_URL, config.roadmap.paths);

  return page([
    unknownGoalLabelKind(transcript, roadmap, prefix),
    goalLinkKind(roadmap, prefix, transcript.now, where),
    goalCommandKind(roadmap, prefix, where.branch),
    reviewCommentKind(transcript, pull.number),
    checkRunKind(transcript),
    weeklyStatusKind(weekly),
    labelsKind(transcript, prefix),
  ]);
}

function unknownGoalLabelKind(transcript: DemoTranscript, roadmap: Roadmap, prefix: string): Kind {
  const unknownReply = commentBody(
    writes(transcript, /\/issues\/\d+\/comments$/).find((call) => String(bodyOf(call, 'comment').body).includes(UNKNOWN_LABEL_MARKER)),
    'reply to an unknown goal label',
  );
  const misspelled = chooseIssueLabels(roadmap, prefix)?.misspelled.label ?? '';
  return {
    title: 'Reply to an unknown goal label',
    anchor: 'unknown-goal-label',
    content: [
      `**When:** an issue is opened, edited, labelled, unlabelled, closed or reopened and carries a label that starts with the goal prefix (${code(prefix)}) but names no node of the roadmap on the default branch. One reply per issue, updated in place when the labels change. Setting: \`issues.unknownLabelReply\` (on by default).`,
      `**Example:** the demo labels an issue ${code(misspelled)}; the app replied:`,
      markdownExample(unknownReply),
      'When the last unknown goal label is removed, the bot rewrites the same comment:',
      markdownExample(renderUnknownLabelsResolved()),
    ],
  };
}

function goalLinkKind(roadmap: Roadmap, prefix: string, now: string, where: RoadmapLocation): Kind {
  const linkLabels = ['language-server', 'incremental-builds'].map((id) => goalLabelName(id, prefix).name);
  const goalLink = renderGoalLink(classifyGoalLabels(linkLabels, roadmap, prefix).known, roadmap, now, where);
  return {
    title: 'Goal link comment',
    anchor: 'goal-link',
    content: [
      "**When:** `issues.linkComment` is on (it is off by default) and an issue gets a goal label that names a node: by an issue event, by the label sync (roadmap items that reference the issue) or by `/goal`. The comment gives each goal's path from its top goal, its next target and its status-quo date. One comment per issue, updated in place.",
      `**Example:** an issue labelled ${linkLabels.map(code).join(' and ')}, on ${GALLERY_NOW}:`,
      markdownExample(goalLink),
      'When the issue loses its last goal label, the bot rewrites the same comment:',
      markdownExample(renderNoGoalLink()),
    ],
  };
}

function goalCommandKind(roadmap: Roadmap, prefix: string, branch: string): Kind {
  const commandIds = ['ofline-search', 'themes'];
  const ids = roadmap.nodes.map((node) => node.id);
  const unknownIds = renderUnknownIds(
    commandIds.map((id) => ({ id, suggestions: closestMatches(id, ids).map((match) => goalLabelName(match, prefix).name) })),
    prefix,
    branch,
  );
  const commandReply = (body: string) => withMarker(body, commandReplyMarker(COMMAND_COMMENT_ID));
  return {
    title: '`/goal` command replies',
    anchor: 'goal-command',
    content: [
      "**When:** someone comments `/goal <id> [<id>…]` (add goal labels) or `/goal -<id>` (remove one) on an issue or pull request, and `issues.command` is on (the default). For a user with triage access or more, the labels change silently; the bot replies only when something needs saying. Each reply carries the id of the command's comment in its marker, so a redelivered webhook updates the reply instead of posting a second one.",
      '### A user without triage access',
      markdownExample(commandReply(renderRefusal())),
      `### Unknown ids: ${code(`/goal ${commandIds.join(' ')}`)}`,
      'Known ids are applied; the unknown ones get suggestions:',
      markdownExample(commandReply(unknownIds)),
      '### `/goal` with no id',
      markdownExample(commandReply(renderUsage(prefix))),
    ],
  };
}

function reviewCommentKind(transcript: DemoTranscript, pullNumber: number): Kind {
  const reviewPosts = writes(transcript, new RegExp(`/issues/${pullNumber}/comments$`));
  const reviewUpdates = writes(transcript, /\/issues\/comments\/\d+$/, 'PATCH');
  const firstReview = commentBody(reviewPosts[0], 'review comment');
  const updatedReview = commentBody(reviewUpdates.at(-1), 'review comment update');
  return {
    title: 'Pull-request review comment',
    anchor: 'review-comment',
    content: [
      '**When:** a pull request is opened, pushed to or reopened and changes a roadmap file or `.github/roadmap-bot.yml` (`review.enabled`, on by default). One comment per pull request, updated in place on every push. See [review.md](review.md) for what each finding means.',
      `**Example:** the demo opens pull request #${pullNumber} from \`examples/roadmap/head\`. After the first push:`,
      markdownExample(firstReview),
      'The second push re-dates the status quo the review asked about; the bot updated the same comment to:',
      markdownExample(updatedReview),
      'If a later push leaves the pull request with no roadmap change, the comment becomes (head sha made up for the example):',
      markdownExample(renderNoRoadmapChanges({ headSha: LATER_PUSH_SHA })),
    ],
  };
}

function checkRunKind(transcript: DemoTranscript): Kind {
  const checkRuns = writes(transcript, /\/check-runs$/).map((call) => bodyOf(call, 'check run'));
  return {
    title: 'Check run',
    anchor: 'check-run',
    content: [
      '**When:** with every review, when `review.checkRun` is on (the default): a check run named `roadmap-bot` on the head commit. Its conclusion is `failure` for new errors, `neutral` for new warnings and `success` otherwise; each new diagnostic is a line annotation. GitHub shows the title and summary on the Checks tab and the annotations on the changed files.',
      `**Example:** the demo's two pushes (see the review comments above).`,
      ...checkRuns.flatMap((run, index) => [`### ${index === 0 ? 'First' : 'Second'} push: \`${run.conclusion}\``, checkRunExample(run)]),
    ],
  };
}

function weeklyStatusKind(weekly: WeeklyExample): Kind {
  return {
    title: 'Weekly status issue',
    anchor: 'weekly-status',
    content: [
      "**When:** once a week (`weekly.day`, `weekly.time`, `weekly.timezone`) by the scheduler of the app, or by `roadmap-bot weekly` in a GitHub Actions workflow. One issue per ISO week, labelled `roadmap-status`: a second run in the same week finds it by its marker instead of opening another. The hidden snapshot at the end is what next week's issue compares against. GitHub renders the Mermaid chart.",
      `**Example:** the weekly job ran on ${addDays(GALLERY_NOW, -7)} on the base roadmap, then on ${GALLERY_NOW} after the demo's pull request was merged. Title: ${code(weekly.title)}, issue #${weekly.number}:`,
      markdownExample(weekly.body),
      `### Closing last week's issue`,
      `With \`weekly.closePrevious\` (on by default) the bot closes last week's status issue (#${weekly.previousNumber}) with this comment:`,
      markdownExample(weekly.closing),
    ],
  };
}

function labelsKind(transcript: DemoTranscript, prefix: string): Kind {
  const labelPosts = writes(transcript, /^\/repos\/[^/]+\/[^/]+\/labels$/).map((call) => bodyOf(call, 'label'));
  return {
    title: 'Labels',
    anchor: 'labels',
    content: [
      `**When:** on installation, and on each push to the default branch that changes the roadmap or the config, every node gets the label ${code(`${prefix}<id>`)}: its description is the node's title without emoji (at most 100 characters), its colour \`labels.color\`. Missing labels are created and changed ones updated; labels are never deleted. Issues that roadmap items reference get their node's label. A name over GitHub's 50 characters is shortened to its first 43 characters, \`-\` and 6 hex digits of a hash. The weekly job creates \`roadmap-status\` for its issues.`,
      `**Example:** the labels the demo's installation created, then the weekly job's:`,
      jsonExample(labelTable(labelPosts), labelPosts),
    ],
  };
}

function checkRunExample(run: Record<string, any>): string {
  const output = run.output as { title: string; summary: string; annotations?: Record<string, any>[] };
  const rendered = [`**${run.name}** · conclusion \`${run.conclusion}\` · **${escapeCell(output.title)}**`, output.summary];
  const annotations = output.annotations ?? [];
  if (annotations.length > 0) {
    rendered.push(
      [
        '| File | Line | Level | Title | Message |',
        '|---|---|---|---|---|',
        ...annotations.map(
          (annotation) =>
            `| \`${annotation.path}\` | ${annotation.start_line} | ${annotation.annotation_level} | ${escapeCell(annotation.title ?? '')} | ${escapeCell(annotation.message)} |`,
        ),
      ].join('\n'),
    );
  } else {
    rendered.push('No annotations.');
  }
  return jsonExample(rendered.join('\n\n'), run);
}

function labelTable(labels: Record<string, any>[]): string {
  return [
    '| Label | Description | Colour |',
    '|---|---|---|',
    ...labels.map((label) => `| ${code(label.name)} | ${escapeCell(label.description ?? '')} | \`#${label.color}\` |`),
  ].join('\n');
}

export async function writeGallery(file = GALLERY_FILE): Promise<void> {
  await writeFile(file, await buildGallery());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeGallery().then(
    () => console.log(`wrote ${GALLERY_FILE}`),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
