/**
 * SPEC §12 Security, end to end: user text (titles, item labels, ids, date
 * texts, label names, command arguments) rendered into the bot's comments and
 * issues cannot @-mention anyone, inject HTML, break tables or forge the
 * bot's markers; markers count only on the app's own comments and issues;
 * commands check the sender's permission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { runWeeklyNow } from '../../src/app/weekly-now.js';
import { goalLabelName } from '../../src/core/model/labels.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { HOSTILE, HTML, MENTION, REVIEW_MARKER_TEXT, WEEKLY_MARKER_TEXT, hostileRoadmap } from './roadmaps.js';
import {
  APP_SLUG,
  INSTALLATION,
  OWNER,
  commented,
  installationCreated,
  issueEvent,
  markersIn,
  pullRequestEvent,
  startWorld,
  type World,
} from '../world/index.js';

const REPO = 'hostile';
const FULL = `${OWNER}/${REPO}`;
const CONFIG = { '.github/roadmap-bot.yml': 'issues:\n  linkComment: true\n' };
const HOSTILE_ID = `evil ${MENTION} ${HTML} |x|`;
/** Within GitHub's 256 characters for an issue title. */
const HOSTILE_TITLE = HOSTILE.slice(0, 200);

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: { ...hostileRoadmap('base'), ...CONFIG } }, throttle: false });
  expect(await world.deliver('installation', await installationCreated(world, [REPO]))).toBe(200);
});

afterAll(async () => {
  await world?.close();
});

// ---- what a rendered text must never contain ---------------------------------

/** `@login` that GitHub would turn into a mention (a login starts with a letter or digit). */
function liveMentions(text: string): string[] {
  return text.match(/(?<![\w`])@[A-Za-z0-9][\w-]*/g) ?? [];
}

function rawHtmlImages(text: string): string[] {
  return text.match(/<img\b[^>]*>?/gi) ?? [];
}

/** Cells of a table row as GFM splits them: a backslash escapes the next character, `|` ends a cell. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let index = 0; index < row.length; index++) {
    if (row[index] === '\\') index++;
    else if (row[index] === '|') pipes++;
  }
  const trimmed = row.trim();
  return pipes + 1 - (trimmed.startsWith('|') ? 1 : 0) - (trimmed.endsWith('|') && !trimmed.endsWith('\\|') ? 1 : 0);
}

interface Table {
  header: string;
  rows: string[];
}

/** The GFM tables of a Markdown text: a header row, a delimiter row, then rows until a line not starting with `|`. */
function tablesIn(text: string): Table[] {
  const lines = text.split('\n');
  const tables: Table[] = [];
  for (let index = 0; index + 1 < lines.length; index++) {
    if (!lines[index].startsWith('|') || !/^\|(\s*:?-+:?\s*\|)+\s*$/.test(lines[index + 1])) continue;
    const rows: string[] = [];
    let next = index + 2;
    while (next < lines.length && lines[next].startsWith('|')) rows.push(lines[next++]);
    tables.push({ header: lines[index], rows });
    index = next - 1;
  }
  return tables;
}

function brokenRows(text: string): string[] {
  return tablesIn(text).flatMap((table) => table.rows.filter((row) => cellCount(row) !== cellCount(table.header)));
}

function expectSafe(text: string): void {
  expect(liveMentions(text)).toEqual([]);
  expect(rawHtmlImages(text)).toEqual([]);
  expect(brokenRows(text)).toEqual([]);
  // The hostile text did arrive, defused (the test is not vacuous).
  expect(text).toMatch(/@\u200boctocat/);
  expect(text).toContain('&lt;img');
}

const thread = (number: number) =>
  [...world.snapshot().issues[FULL], ...(world.snapshot().pulls[FULL] ?? [])].find((entry) => entry.number === number)!;
const appComments = (number: number) => thread(number).comments.filter((comment) => comment.viaApp === APP_SLUG);
const pullHead = (number: number) => world.snapshot().pulls[FULL].find((entry) => entry.number === number)!.head.sha;

// ---- the pull-request review ---------------------------------------------

describe('the review comment of a pull request full of hostile text', () => {
  let pullNumber = 0;
  let userComment: { id: number; body: string; updatedAt: string };

  beforeAll(async () => {
    world.simulator.commit(FULL, 'hostile-head', hostileRoadmap('head'), 'Hostile edits');
    const pull = world.simulator.openPullRequest(FULL, { head: 'hostile-head', title: 'Hostile', user: 'mallory' });
    pullNumber = pull.number;
    // Someone pastes the review marker before the bot ever comments: it must not be mistaken for the bot's.
    const forged = await commented(world, REPO, pullNumber, `${REVIEW_MARKER}\nForged review: all good, merge it ${MENTION}`, 'mallory');
    userComment = thread(pullNumber).comments.find((comment) => comment.id === forged.comment.id)!;
    expect(await world.deliver('pull_request', await pullRequestEvent(world, REPO, 'opened', pullNumber))).toBe(200);
  });

  const review = () => appComments(pullNumber).filter((comment) => comment.body.includes(REVIEW_MARKER));

  it('is posted by the app as its own comment, leaving the user’s marked comment untouched', () => {
    expect(review()).toHaveLength(1);
    expect(thread(pullNumber).comments.find((comment) => comment.id === userComment.id)).toEqual(userComment);
  });

  it('has no live mention, no raw HTML and intact tables', () => {
    const body = review()[0].body;
    expect(tablesIn(body).length).toBeGreaterThanOrEqual(2);
    expectSafe(body);
  });

  it('carries exactly one marker, the review marker, on its first line; the forged ones are defused', () => {
    const body = review()[0].body;
    expect(markersIn(body)).toEqual([REVIEW_MARKER]);
    expect(body.split('\n')[0]).toBe(REVIEW_MARKER);
    expect(body).not.toContain(WEEKLY_MARKER_TEXT);
    expect(body.split(REVIEW_MARKER_TEXT)).toHaveLength(2);
  });

  it('the check run shows no raw HTML and no mention either', () => {
    const runs = world.snapshot().checkRuns[FULL].filter((run) => run.viaApp === APP_SLUG);
    expect(runs).toHaveLength(1);
    const texts = [runs[0].output.title ?? '', runs[0].output.summary ?? ''];
    for (const text of texts) {
      expect(liveMentions(text)).toEqual([]);
      expect(rawHtmlImages(text)).toEqual([]);
      expect(markersIn(text)).toEqual([]);
    }
  });

  it('the next push updates the app’s comment in place, still not the user’s', async () => {
    const before = pullHead(pullNumber);
    const after = world.simulator.commit(FULL, 'hostile-head', {
      'roadmap/hostile.yml': hostileRoadmap('head')['roadmap/hostile.yml'].replace('Q3 2027', 'Q4 2027'),
    });
    expect(pullHead(pullNumber)).toBe(after);
    expect(await world.deliver('pull_request', await pullRequestEvent(world, REPO, 'synchronize', pullNumber, { before, after }))).toBe(
      200,
    );
    expect(review()).toHaveLength(1);
    expect(review()[0].body).toContain('Q4 2027');
    expect(thread(pullNumber).comments.find((comment) => comment.id === userComment.id)).toEqual(userComment);
    expectSafe(review()[0].body);
  });
});

// ---- the weekly status issue ---------------------------------------------

describe('the weekly status issue of a roadmap full of hostile text', () => {
  let forgedIssue = 0;
  let body = '';

  beforeAll(async () => {
    // A user opens an issue that looks exactly like this week's status issue.
    const forged = await world.write(
      'POST',
      `/repos/${FULL}/issues`,
      { title: 'Roadmap status — 2026-W48', body: `${WEEKLY_MARKER_TEXT}\nForged status`, labels: ['roadmap-status'] },
      'alice',
    );
    forgedIssue = forged.number as number;
    // Issues whose titles and labels are hostile too: linked to the hostile goal, and with an unknown goal label.
    world.simulator.createIssue(FULL, {
      title: `Linked ${HOSTILE_TITLE}`,
      labels: [goalLabelName(HOSTILE_ID, 'goal:').name],
      user: 'mallory',
    });
    world.simulator.createIssue(FULL, { title: `Unknown ${HOSTILE_TITLE}`, labels: [`goal:${MENTION}|${HTML}`], user: 'mallory' });
    const octokit = (await world.server.probot.auth(INSTALLATION)) as never;
    const result = await runWeeklyNow(octokit, world.server.bot.services(), { owner: OWNER, repo: REPO });
    expect(result.action).toBe('created');
    body = world.snapshot().issues[FULL].find((issue) => issue.number === result.issueNumber)!.body ?? '';
  });

  it('is a new issue of the app’s; the user’s look-alike issue is left as it was', () => {
    const forged = thread(forgedIssue);
    expect(forged.body).toBe(`${WEEKLY_MARKER_TEXT}\nForged status`);
    expect(forged.state).toBe('open');
    expect(forged.comments).toEqual([]);
    const own = world.snapshot().issues[FULL].filter((issue) => issue.viaApp === APP_SLUG);
    expect(own.map((issue) => issue.title)).toEqual(['Roadmap status — 2026-W48']);
  });

  it('has no live mention (owners are not mentioned by default), no raw HTML and intact tables', () => {
    expect(tablesIn(body).length).toBeGreaterThanOrEqual(1);
    expectSafe(body);
  });

  it('shows the hostile issue title and unknown label, defused', () => {
    expect(body).toContain('Linked @\u200boctocat &lt;img');
    expect(body).toContain('goal:@\u200boctocat|&lt;img');
  });

  it('carries exactly one weekly marker, on its first line, and exactly one snapshot', () => {
    const markers = markersIn(body);
    expect(markers.filter((marker) => marker.startsWith('<!-- roadmap-bot:weekly '))).toEqual([WEEKLY_MARKER_TEXT]);
    expect(markers.filter((marker) => marker.startsWith('<!-- roadmap-bot:snapshot '))).toHaveLength(1);
    expect(markers).toHaveLength(2);
    expect(body.split('\n')[0]).toBe(WEEKLY_MARKER_TEXT);
    expect(body).not.toContain(REVIEW_MARKER_TEXT);
  });

  it('a rerun the same week updates the app’s issue, not the look-alike', async () => {
    const octokit = (await world.server.probot.auth(INSTALLATION)) as never;
    const result = await runWeeklyNow(octokit, world.server.bot.services(), { owner: OWNER, repo: REPO });
    expect(['updated', 'unchanged']).toContain(result.action);
    expect(result.issueNumber).not.toBe(forgedIssue);
    expect(world.snapshot().issues[FULL].filter((issue) => issue.viaApp === APP_SLUG)).toHaveLength(1);
    expect(thread(forgedIssue).body).toBe(`${WEEKLY_MARKER_TEXT}\nForged status`);
  });
});

// ---- issues and commands -------------------------------------------------

describe('issue comments and commands with hostile text', () => {
  it('the goal label of a hostile id exists, and the link comment on an issue carrying it is defused', async () => {
    const label = goalLabelName(HOSTILE_ID, 'goal:').name;
    expect(world.snapshot().labels[FULL].map((entry) => entry.name)).toContain(label);
    const { number } = world.simulator.createIssue(FULL, { title: 'Hostile goal', labels: [label], user: 'alice' });
    expect(await world.deliver('issues', await issueEvent(world, REPO, 'labeled', number, { label }))).toBe(200);
    const [comment] = appComments(number);
    expect(appComments(number)).toHaveLength(1);
    expectSafe(comment.body);
    expect(markersIn(comment.body)).toEqual(['<!-- roadmap-bot:goal-link -->']);
  });

  it('a hostile unknown goal label gets a defused reply, and the user’s comment with the reply marker is not edited', async () => {
    const label = `goal:${MENTION} ${HTML}|`;
    const { number } = world.simulator.createIssue(FULL, { title: 'Hostile label', labels: [label], user: 'mallory' });
    const forged = await commented(world, REPO, number, `${UNKNOWN_LABEL_MARKER}\nI am the bot`, 'mallory');
    const before = thread(number).comments.find((comment) => comment.id === forged.comment.id)!;

    expect(await world.deliver('issues', await issueEvent(world, REPO, 'labeled', number, { label, sender: 'mallory' }))).toBe(200);

    const replies = appComments(number);
    expect(replies).toHaveLength(1);
    expectSafe(replies[0].body);
    expect(markersIn(replies[0].body)).toEqual([UNKNOWN_LABEL_MARKER]);
    expect(thread(number).comments.find((comment) => comment.id === forged.comment.id)).toEqual(before);
  });

  it('"/goal" with hostile ids from a triager: no label change, a defused reply', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Hostile command', user: 'alice' });
    const payload = await commented(world, REPO, number, `/goal ${MENTION} <img src=x onerror=alert(1)> ${REVIEW_MARKER_TEXT}`, 'triager');
    expect(await world.deliver('issue_comment', payload)).toBe(200);
    expect(thread(number).labels).toEqual([]);
    const replies = appComments(number);
    expect(replies).toHaveLength(1);
    expect(liveMentions(replies[0].body)).toEqual([]);
    expect(rawHtmlImages(replies[0].body)).toEqual([]);
    expect(markersIn(replies[0].body)).toEqual([`<!-- roadmap-bot:goal-command ${payload.comment.id} -->`]);
  });

  it('"/goal" from a user with read permission only: a polite refusal and no label change', async () => {
    const label = goalLabelName(HOSTILE_ID, 'goal:').name;
    const { number } = world.simulator.createIssue(FULL, { title: 'Reader tries', labels: [label], user: 'alice' });
    const mark = world.appWrites().length;
    const payload = await commented(world, REPO, number, `/goal -${HOSTILE_ID}\n/goal dep|${MENTION}`, 'reader');
    expect(await world.deliver('issue_comment', payload)).toBe(200);
    expect(thread(number).labels).toEqual([label]);
    const replies = appComments(number);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toMatch(/^🙏 Thanks!|\n🙏 Thanks!/);
    expect(replies[0].body).toContain('needs triage access');
    // The writes are the refusal (a reaction and one reply): no label added or removed.
    expect(
      world
        .appWrites()
        .slice(mark)
        .map((request) => `${request.method} ${request.route}`),
    ).toEqual([
      'POST POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
      'POST POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });
});
