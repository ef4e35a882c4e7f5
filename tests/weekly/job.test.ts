import { RequestError } from '@octokit/request-error';
import { afterEach, describe, expect, test } from 'vitest';
import { isoWeek } from '../../src/core/model/dates.js';
import { decodeSnapshot, weeklyMarker } from '../../src/core/weekly/snapshot.js';
import { isAppComment } from '../../src/github/comments.js';
import { ACTIONS_IDENTITY, continuationMarker, runWeeklyJob, supersededMarker, unusedContinuation } from '../../src/flows/weekly.js';
import { ACTIONS_LOGIN, configWith, smallRoadmap, startHarness, type Harness } from './harness.js';

let harness: Harness | null = null;

async function start(files: Record<string, string>): Promise<Harness> {
  harness = await startHarness(files);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** A roadmap whose snapshot does not fit in one issue body (about 1,400 goals). */
function largeRoadmap(): Record<string, string> {
  const goals = Array.from({ length: 1_400 }, (_, index) =>
    [
      `  - id: goal-${String(index).padStart(4, '0')}-with-a-longish-identifier`,
      `    title: "🎯 Goal ${index}"`,
      `    statusQuo: { asOf: "2026-10", text: "Where it stands." }`,
      `    targets:`,
      `      - { by: "Q${(index % 4) + 1} 2027", text: "Where it should be." }`,
      `      - { by: "2028", text: "Later." }`,
    ].join('\n'),
  );
  return { 'roadmap/goals.yml': `goals:\n${goals.join('\n')}\n` };
}

/** The bodies of the bot's comments on an issue. */
function ownCommentBodies(h: Harness, issueNumber: number): string[] {
  const issue = h.issues().find((entry) => entry.number === issueNumber)!;
  return issue.comments.filter((comment) => comment.user === ACTIONS_LOGIN).map((comment) => comment.body);
}

function writes(h: Harness): string[] {
  return h.simulator.requests
    .filter((request) => request.method !== 'GET' && request.path !== '/graphql')
    .map((request) => `${request.method} ${request.route}`);
}

describe('one issue per ISO week', () => {
  test('a second run in the same week updates the issue; a third with nothing new writes nothing', async () => {
    const h = await start(smallRoadmap());
    const first = await h.run('2026-11-30T09:00:00Z');
    expect(first).toMatchObject({ action: 'created', week: '2026-W49' });
    const [issue] = h.statusIssues();
    expect(issue.number).toBe(first.issueNumber);
    expect(issue.title).toBe('Roadmap status — 2026-W49');
    expect(issue.body).toContain(weeklyMarker('2026-W49'));
    expect(issue.user).toBe('github-actions[bot]');
    // The label did not exist: created once, with the issue.
    expect(h.simulator.snapshot().labels['acme/roadmap'].map((label) => label.name)).toContain('roadmap-status');

    h.simulator.commit('acme/roadmap', 'main', smallRoadmap({ target: '2027-06' }), 'Move the target');
    const second = await h.run('2026-12-02T15:00:00Z');
    expect(second).toMatchObject({ action: 'updated', week: '2026-W49', issueNumber: first.issueNumber });
    expect(h.statusIssues()).toHaveLength(1);
    expect(h.statusIssues()[0].body).toContain('2027-06');

    h.simulator.resetRequests();
    const third = await h.run('2026-12-02T16:00:00Z');
    expect(third).toMatchObject({ action: 'unchanged', issueNumber: first.issueNumber });
    expect(writes(h)).toEqual([]);
    expect(h.statusIssues()).toHaveLength(1);
  });

  test('a dry run builds the body and writes nothing', async () => {
    const h = await start(smallRoadmap());
    const result = await h.run('2026-11-30T09:00:00Z', { dryRun: true });
    expect(result.action).toBe('created');
    expect(result.body).toContain(weeklyMarker('2026-W49'));
    expect(writes(h)).toEqual([]);
    expect(h.issues()).toEqual([]);
  });

  test('with onlyIfMissing (the scheduler) an existing issue of the week is left alone after one call', async () => {
    const h = await start(smallRoadmap());
    await h.run('2026-11-30T09:00:00Z');
    h.simulator.resetRequests();
    const again = await h.run('2026-11-30T09:05:00Z', { onlyIfMissing: true });
    expect(again.action).toBe('skipped');
    expect(h.simulator.requests).toHaveLength(1);
    expect(again.calls).toBe(1);
  });

  test('a marker in an issue someone else wrote is not the bot’s issue', async () => {
    const h = await start(smallRoadmap());
    const forged = h.simulator.createIssue('acme/roadmap', {
      title: 'Roadmap status — 2026-W49',
      body: `${weeklyMarker('2026-W49')}\nnot the bot`,
      labels: ['roadmap-status'],
      user: 'mallory',
    });
    const result = await h.run('2026-11-30T09:00:00Z');
    expect(result.action).toBe('created');
    expect(result.issueNumber).not.toBe(forged.number);
    const mine = h.issues().find((issue) => issue.number === forged.number)!;
    expect(mine.body).toContain('not the bot');
    expect(mine.state).toBe('open');
  });
});

describe('week after week', () => {
  test('across 2026-W53 → 2027-W01 the new issue closes last week’s with one link, and reports the slip', async () => {
    const h = await start(smallRoadmap({ target: '2027-03' }));
    const w53 = await h.run('2026-12-31T10:00:00Z');
    expect(w53).toMatchObject({ action: 'created', week: '2026-W53' });

    h.simulator.commit('acme/roadmap', 'main', smallRoadmap({ target: '2027-05' }), 'Slip the target');
    const w01 = await h.run('2027-01-04T09:00:00Z');
    expect(w01).toMatchObject({ action: 'created', week: '2027-W01', closedPrevious: w53.issueNumber });
    expect(w01.body).toContain('Roadmap status for **2027-W01**');
    expect(w01.body).toMatch(/Since 2026-W53:\*\*[^\n]*1 target slipped/);

    const old = h.issues().find((issue) => issue.number === w53.issueNumber)!;
    expect(old.state).toBe('closed');
    expect(old.comments).toHaveLength(1);
    expect(old.comments[0].body).toContain(supersededMarker('2027-W01'));
    expect(old.comments[0].body).toContain(`#${w01.issueNumber}`);

    // Running again that week neither comments again nor opens another issue.
    const again = await h.run('2027-01-05T09:00:00Z');
    expect(again.issueNumber).toBe(w01.issueNumber);
    expect(h.issues().find((issue) => issue.number === w53.issueNumber)!.comments).toHaveLength(1);
    expect(h.statusIssues()).toHaveLength(2);
  });

  test('the previous issue stays open when weekly.closePrevious is off', async () => {
    const h = await start(smallRoadmap());
    const config = configWith({ weekly: { closePrevious: false } });
    const first = await h.run('2026-11-23T09:00:00Z', { config });
    const second = await h.run('2026-11-30T09:00:00Z', { config });
    expect(second.closedPrevious).toBeUndefined();
    expect(h.issues().find((issue) => issue.number === first.issueNumber)!.state).toBe('open');
  });

  test('the week is the local week of weekly.timezone, across a DST change (Europe/Berlin, spring 2026)', async () => {
    const h = await start(smallRoadmap());
    const config = configWith({ weekly: { timezone: 'Europe/Berlin' } });
    // Monday 2026-03-23 09:00 CET.
    const before = await h.run('2026-03-23T08:00:00Z', { config });
    expect(before.week).toBe(isoWeek('2026-03-23').label);
    // Sunday 23:30 UTC is already Monday 01:30 CEST after the clocks went forward on 2026-03-29.
    const after = await h.run('2026-03-29T23:30:00Z', { config });
    expect(isoWeek('2026-03-29').label).toBe(before.week);
    expect(after).toMatchObject({ action: 'created', week: isoWeek('2026-03-30').label, closedPrevious: before.issueNumber });
    expect(after.body).toContain('as of 2026-03-30');
  });

  test('in a zone far east of UTC the local Monday names the week (Pacific/Kiritimati)', async () => {
    const h = await start(smallRoadmap());
    const result = await h.run('2026-11-29T19:00:00Z', { config: configWith({ weekly: { timezone: 'Pacific/Kiritimati' } }) });
    expect(result.week).toBe('2026-W49');
    expect(h.statusIssues()[0].title).toBe('Roadmap status — 2026-W49');
  });
});

describe('what the issue says', () => {
  test('no @-mentions unless weekly.mentionOwners is on', async () => {
    const h = await start(smallRoadmap({ title: 'Async for @mallory' }));
    const quiet = await h.run('2026-11-30T09:00:00Z', { dryRun: true });
    expect(quiet.body).not.toMatch(/@(alice|bob|mallory)\b/);
    expect(quiet.body).toContain('alice');
    const loud = await h.run('2026-11-30T09:00:00Z', { dryRun: true, config: configWith({ weekly: { mentionOwners: true } }) });
    expect(loud.body).toMatch(/@alice\b/);
    // Text from the roadmap never mentions anyone, even then.
    expect(loud.body).not.toMatch(/@mallory\b/);
  });

  test('needs attention names the labels of the repository’s labels.prefix', async () => {
    const h = await start(smallRoadmap());
    const report = await h.run('2026-11-30T09:00:00Z', { dryRun: true, config: configWith({ labels: { prefix: 'roadmap:' } }) });
    expect(report.body).toContain('roadmap:async');
    expect(report.body).not.toContain('goal:async');
  });

  test('config problems are shown in the issue', async () => {
    const h = await start(smallRoadmap());
    h.simulator.setClock('2026-11-30T09:00:00Z');
    const result = await runWeeklyJob(h.octokit, {
      owner: h.owner,
      repo: h.repo,
      now: new Date('2026-11-30T09:00:00Z'),
      config: configWith(),
      configProblems: [
        { key: 'weekly.day', message: 'must be a weekday name, monday to sunday (got "mondy"); the default applies', line: 3 },
      ],
      identity: { isOwn: isAppComment(ACTIONS_IDENTITY) },
      dryRun: true,
    });
    expect(result.body).toContain('weekly.day');
  });

  test('no issue when the repository has no roadmap files', async () => {
    const h = await start({ 'README.md': '# Nothing planned\n', 'docs/roadmap.txt': 'not a roadmap file\n' });
    const result = await h.run('2026-11-30T09:00:00Z');
    expect(result.action).toBe('skipped');
    expect(result.reason).toContain('no roadmap files');
    expect(h.issues()).toEqual([]);
    expect(writes(h)).toEqual([]);
  });

  test('a roadmap too large for one body continues its snapshot in comments, found again next week', async () => {
    const files = largeRoadmap();
    const h = await start(files);
    const first = await h.run('2026-11-23T09:00:00Z');
    expect(first.continuation.length).toBeGreaterThan(0);
    expect(first.body.length).toBeLessThan(65_536);
    const issue = () => h.issues().find((entry) => entry.number === first.issueNumber)!;
    const parts = issue().comments.filter((comment) => comment.body.includes(continuationMarker('2026-W48', 1)));
    expect(parts).toHaveLength(1);
    expect(issue().comments).toHaveLength(first.continuation.length);

    // The same week again: the parts are found by their markers, not posted twice.
    await h.run('2026-11-24T09:00:00Z');
    expect(issue().comments).toHaveLength(first.continuation.length);

    // Next week reads the snapshot back from the comments: a slip is reported.
    const moved = files['roadmap/goals.yml'].replace(
      '{ by: "Q1 2027", text: "Where it should be." }',
      '{ by: "Q3 2027", text: "Where it should be." }',
    );
    h.simulator.commit('acme/roadmap', 'main', { 'roadmap/goals.yml': moved }, 'Slip goal 0');
    const next = await h.run('2026-11-30T09:00:00Z');
    expect(next.body).toMatch(/Since 2026-W48:\*\*[^\n]*1 target slipped/);
    expect(issue().state).toBe('closed');
  });

  test('when the snapshot shrinks back into the body, the old part comments are emptied to a "no longer used" note', async () => {
    const h = await start(largeRoadmap());
    const large = await h.run('2026-11-23T09:00:00Z');
    const parts = large.continuation.length;
    expect(parts).toBeGreaterThan(0);

    h.simulator.commit('acme/roadmap', 'main', { ...smallRoadmap(), 'roadmap/goals.yml': null }, 'Shrink the roadmap');
    const small = await h.run('2026-11-24T09:00:00Z');
    expect(small).toMatchObject({ action: 'updated', issueNumber: large.issueNumber, continuation: [] });
    const comments = ownCommentBodies(h, large.issueNumber!);
    expect(comments).toEqual(Array.from({ length: parts }, (_, index) => unusedContinuation('2026-W48', index + 1)));
    expect(comments.join('\n')).not.toContain('roadmap-bot:snapshot');
    const body = h.issues().find((entry) => entry.number === large.issueNumber)!.body!;
    expect(decodeSnapshot([body, ...comments])).toEqual(decodeSnapshot([body]));

    // Grown again: the emptied comments are reused, none is added.
    h.simulator.commit('acme/roadmap', 'main', largeRoadmap(), 'Grow the roadmap');
    const again = await h.run('2026-11-25T09:00:00Z');
    expect(again.continuation).toHaveLength(parts);
    expect(ownCommentBodies(h, large.issueNumber!)).toHaveLength(parts);
    expect(decodeSnapshot([again.body, ...ownCommentBodies(h, large.issueNumber!)])?.now).toBe('2026-11-25');
  });
});

describe('a run that failed half-way is finished by the next one', () => {
  test('closing last week’s issue failed: the scheduler’s retry closes it, with the link posted once', async () => {
    const h = await start(smallRoadmap());
    const w48 = await h.run('2026-11-23T09:00:00Z');
    h.simulator.failNext({ method: 'PATCH', path: new RegExp(`/issues/${w48.issueNumber}$`), status: 500 });
    await expect(h.run('2026-11-30T09:00:00Z', { onlyIfMissing: true })).rejects.toMatchObject({ status: 500 });
    const w49 = h.statusIssues().find((issue) => issue.title.endsWith('2026-W49'))!;
    const old = () => h.issues().find((issue) => issue.number === w48.issueNumber)!;
    expect(old().state).toBe('open');

    const retry = await h.run('2026-11-30T09:15:00Z', { onlyIfMissing: true });
    expect(retry).toMatchObject({ action: 'skipped', issueNumber: w49.number, closedPrevious: w48.issueNumber });
    expect(old().state).toBe('closed');
    expect(old().comments.map((comment) => comment.body)).toEqual([expect.stringContaining(supersededMarker('2026-W49'))]);
    expect(h.statusIssues()).toHaveLength(2);

    // All done: knowing it costs the one listing.
    h.simulator.resetRequests();
    const done = await h.run('2026-11-30T09:30:00Z', { onlyIfMissing: true });
    expect(done).toMatchObject({ action: 'skipped', issueNumber: w49.number, calls: 1 });
    expect(done.closedPrevious).toBeUndefined();
    expect(h.simulator.requests).toHaveLength(1);
  });

  test('posting the snapshot’s continuation failed: the scheduler’s retry posts it', async () => {
    const h = await start(largeRoadmap());
    // A refusal (here a rate limit), not a lost answer: the job stops and leaves it to the retry.
    h.simulator.failNext({ method: 'POST', path: /\/comments$/, status: 403 });
    await expect(h.run('2026-11-23T09:00:00Z', { onlyIfMissing: true })).rejects.toMatchObject({ status: 403 });
    const [issue] = h.statusIssues();
    expect(decodeSnapshot([issue.body!, ...ownCommentBodies(h, issue.number)])).toBeNull();

    const retry = await h.run('2026-11-23T09:15:00Z', { onlyIfMissing: true });
    expect(retry).toMatchObject({ action: 'unchanged', issueNumber: issue.number });
    const comments = ownCommentBodies(h, issue.number);
    expect(comments).toHaveLength(retry.continuation.length);
    expect(decodeSnapshot([issue.body!, ...comments])?.week).toBe('2026-W48');
    expect(h.statusIssues()).toHaveLength(1);

    // All done: the listing and the comments that prove the snapshot whole, no write.
    h.simulator.resetRequests();
    const done = await h.run('2026-11-23T09:30:00Z', { onlyIfMissing: true });
    expect(done).toMatchObject({ action: 'skipped', calls: 2 });
    expect(writes(h)).toEqual([]);
  });

  test('a continuation comment whose answer was lost is found by its part marker, not posted twice', async () => {
    const h = await start(largeRoadmap());
    Object.assign(h.octokit, { createRetryPolicy: { attempts: 4, backoffBaseMs: 1 } });
    let lost = 0;
    h.octokit.hook.wrap('request', async (request, options) => {
      const response = await request(options);
      if (lost === 0 && options.method === 'POST' && String(options.url).endsWith('/comments')) {
        lost += 1;
        throw new RequestError('Bad Gateway', 502, { request: { method: 'POST', url: String(options.url), headers: {} } });
      }
      return response;
    });

    const run = await h.run('2026-11-23T09:00:00Z');

    expect(lost).toBe(1);
    const [issue] = h.statusIssues();
    const comments = ownCommentBodies(h, issue.number);
    expect(comments).toHaveLength(run.continuation.length);
    expect(comments.filter((body) => body.includes(continuationMarker('2026-W48', 1)))).toHaveLength(1);
    expect(decodeSnapshot([issue.body!, ...comments])?.week).toBe('2026-W48');
  });
});

describe('finding this week’s issue', () => {
  test('by its author and marker: a removed label or a changed weekly.labels does not open a second issue', async () => {
    const h = await start(smallRoadmap());
    const first = await h.run('2026-11-30T09:00:00Z');
    await h.octokit.rest.issues.removeLabel({ owner: h.owner, repo: h.repo, issue_number: first.issueNumber!, name: 'roadmap-status' });

    h.simulator.commit('acme/roadmap', 'main', smallRoadmap({ target: '2027-06' }), 'Move the target');
    const second = await h.run('2026-12-01T09:00:00Z');
    expect(second).toMatchObject({ action: 'updated', issueNumber: first.issueNumber });

    const relabelled = await h.run('2026-12-02T09:00:00Z', { config: configWith({ weekly: { labels: ['status-report'] } }) });
    expect(relabelled.issueNumber).toBe(first.issueNumber);
    expect(h.issues()).toHaveLength(1);
  });

  test('without the bot’s login, the label still finds it', async () => {
    const h = await start(smallRoadmap());
    const first = await h.run('2026-11-30T09:00:00Z', { login: undefined });
    const again = await h.run('2026-12-01T09:00:00Z', { login: undefined });
    expect(again.issueNumber).toBe(first.issueNumber);
    expect(h.simulator.requests.filter((request) => request.query.creator !== undefined)).toEqual([]);
  });
});
