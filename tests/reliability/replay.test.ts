/**
 * SPEC §12 Reliability: replaying any webhook twice — with the same delivery
 * id (a redelivery) and with a new one (a second instance, a retried hook) —
 * leaves no duplicate label, comment, issue or check run, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { smallRoadmap, toolingPage } from './roadmaps.js';
import {
  APP_SLUG,
  OWNER,
  commented,
  duplicatesIn,
  installationCreated,
  issueEvent,
  pullRequestEvent,
  pushed,
  repositoriesAdded,
  startWorld,
  type World,
} from '../world/index.js';

const REPO = 'widgets';
const LATE = 'gadgets';
const FULL = `${OWNER}/${REPO}`;

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap(), [LATE]: smallRoadmap() }, throttle: false });
  world.simulator.createIssue(FULL, { title: 'Design async drop', user: 'alice' });
  world.simulator.createIssue(`${OWNER}/${LATE}`, { title: 'Design async drop', user: 'alice' });
});

afterAll(async () => {
  await world?.close();
});

let replays = 0;

/**
 * Delivers the payload, then again with the same delivery id, then with a
 * new one. The replays must change nothing and write nothing.
 */
async function deliverThrice(event: string, payload: Record<string, unknown>): Promise<void> {
  const id = `replayed-${event}-${++replays}`;
  expect(await world.deliver(event, payload, { id })).toBe(200);
  const afterFirst = world.snapshot();
  const mark = world.simulator.requests.length;
  expect(await world.deliver(event, payload, { id })).toBe(200);
  expect(await world.deliver(event, payload)).toBe(200);
  // Reacting again is idempotent on GitHub (200, the existing reaction): the refused `/goal` repeats it rather than read first.
  const repeatedReaction = (request: { route: string | null; status: number }) =>
    request.route === 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions' && request.status === 200;
  const replayWrites = world
    .appWrites()
    .filter((request) => world.simulator.requests.indexOf(request) >= mark && !repeatedReaction(request));
  expect(replayWrites.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  expect(world.snapshot()).toEqual(afterFirst);
  expect(duplicatesIn(world.snapshot())).toEqual([]);
  expect(world.errors).toEqual([]);
}

const issue = (number: number, repo = FULL) => world.snapshot().issues[repo].find((entry) => entry.number === number)!;
const appComments = (number: number) => issue(number).comments.filter((comment) => comment.viaApp === APP_SLUG);
const goalLabels = (repo = FULL) =>
  world
    .snapshot()
    .labels[repo].filter((label) => label.name.startsWith('goal:'))
    .map((label) => label.name);

describe('replaying each webhook the app handles', () => {
  it('installation.created: labels synced once, the referenced issue labelled once', async () => {
    await deliverThrice('installation', await installationCreated(world, [REPO]));
    expect(goalLabels().sort()).toEqual(['goal:async', 'goal:async-drop']);
    expect(issue(1).labels).toEqual(['goal:async-drop']);
    expect(appComments(1).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('installation_repositories.added: the added repository synced once', async () => {
    await deliverThrice('installation_repositories', await repositoriesAdded(world, [LATE]));
    expect(goalLabels(`${OWNER}/${LATE}`).sort()).toEqual(['goal:async', 'goal:async-drop']);
    expect(issue(1, `${OWNER}/${LATE}`).labels).toEqual(['goal:async-drop']);
  });

  it('push to the default branch touching the roadmap: the new goal label and the issue it references, once', async () => {
    world.simulator.createIssue(FULL, { title: 'Rust-analyzer support', user: 'alice' });
    const before = (await world.read(`/repos/${FULL}/commits/main`)).sha as string;
    const after = world.simulator.commit(FULL, 'main', toolingPage(2), 'Add a tooling goal');
    await deliverThrice('push', await pushed(world, REPO, { before, after, added: ['roadmap/tooling.md'] }));
    expect(goalLabels()).toContain('goal:tooling');
    expect(issue(2).labels).toEqual(['goal:tooling']);
    expect(appComments(2)).toHaveLength(1);
  });

  it('issues.opened with a known goal label: one link comment', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Async closures', labels: ['goal:async'], user: 'alice' });
    await deliverThrice('issues', await issueEvent(world, REPO, 'opened', number));
    expect(appComments(number).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('issues.labeled with an unknown goal label: one reply', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Drop it', labels: ['goal:asyncdrop'], user: 'alice' });
    await deliverThrice('issues', await issueEvent(world, REPO, 'labeled', number, { label: 'goal:asyncdrop' }));
    const replies = appComments(number);
    expect(replies).toHaveLength(1);
    expect(replies[0].body.startsWith(UNKNOWN_LABEL_MARKER)).toBe(true);
    expect(replies[0].body).toContain('goal:async-drop');
  });

  it('issues.labeled with a known goal label on an issue that also has an unknown one: one comment of each kind', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Both', labels: ['goal:asyncdrop', 'goal:async'], user: 'alice' });
    await deliverThrice('issues', await issueEvent(world, REPO, 'labeled', number, { label: 'goal:async' }));
    expect(
      appComments(number)
        .map((comment) => comment.body.split('\n')[0])
        .sort(),
    ).toEqual([GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER].sort());
  });

  it('issue_comment.created "/goal async" by a triager: the label added once, one link comment', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Needs a goal', user: 'alice' });
    await deliverThrice('issue_comment', await commented(world, REPO, number, '/goal async', 'triager'));
    expect(issue(number).labels).toEqual(['goal:async']);
    expect(appComments(number).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('issue_comment.created "/goal x" with an unknown id: one suggestion reply', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Typo', user: 'alice' });
    await deliverThrice('issue_comment', await commented(world, REPO, number, '/goal asyncc', 'triager'));
    expect(issue(number).labels).toEqual([]);
    expect(appComments(number)).toHaveLength(1);
    expect(appComments(number)[0].body).toContain('did you mean');
  });

  it('issue_comment.created "/goal x" by a reader: one refusal', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Not mine to label', user: 'alice' });
    await deliverThrice('issue_comment', await commented(world, REPO, number, '/goal async', 'reader'));
    expect(issue(number).labels).toEqual([]);
    expect(appComments(number)).toHaveLength(1);
    expect(appComments(number)[0].body).toContain('needs triage access');
  });

  it('pull_request.opened and .synchronize: one review comment, one check run per head', async () => {
    const first = world.simulator.commit(FULL, 'retarget', {
      'roadmap/async-drop.md': smallRoadmap()['roadmap/async-drop.md'].replace('Q1 2027', 'Q3 2027'),
    });
    const pull = world.simulator.openPullRequest(FULL, { head: 'retarget', title: 'Slip async drop', user: 'alice' });
    await deliverThrice('pull_request', await pullRequestEvent(world, REPO, 'opened', pull.number));

    const second = world.simulator.commit(FULL, 'retarget', {
      'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q4 2027'),
    });
    await deliverThrice('pull_request', await pullRequestEvent(world, REPO, 'synchronize', pull.number, { before: first, after: second }));

    const reviews = world
      .snapshot()
      .pulls[FULL].find((entry) => entry.number === pull.number)!
      .comments.filter((comment) => comment.viaApp === APP_SLUG);
    expect(reviews).toHaveLength(1);
    expect(reviews[0].body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(reviews[0].body).toContain('Q4 2027');
    const runs = world.snapshot().checkRuns[FULL].filter((run) => run.name === 'roadmap-bot');
    expect(runs.map((run) => run.headSha)).toEqual([first, second]);
  });
});

/**
 * Overlapping deliveries for one issue or pull request: both could find no
 * marked comment and both post one. GitHub sends `issues.opened` and
 * `issues.labeled` together for every issue created with a label, so this
 * happens without any replay.
 */
describe('a redelivery that arrives while the first delivery is still being handled', () => {
  it('issues.labeled with an unknown goal label, delivered twice at once: still one reply', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Race', labels: ['goal:asyncdorp'], user: 'alice' });
    const payload = await issueEvent(world, REPO, 'labeled', number, { label: 'goal:asyncdorp' });
    const statuses = await Promise.all([
      world.deliver('issues', payload, { id: 'race-1' }),
      world.deliver('issues', payload, { id: 'race-1' }),
    ]);
    await world.server.idle();
    expect(statuses).toEqual([200, 200]);
    expect(appComments(number).filter((comment) => comment.body.startsWith(UNKNOWN_LABEL_MARKER))).toHaveLength(1);
  });

  it('issues.opened and issues.labeled of an issue created with a goal label, at once: one link comment', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Created labelled', labels: ['goal:async'], user: 'alice' });
    const opened = await issueEvent(world, REPO, 'opened', number);
    const labeled = await issueEvent(world, REPO, 'labeled', number, { label: 'goal:async' });
    await Promise.all([world.deliver('issues', opened), world.deliver('issues', labeled)]);
    await world.server.idle();
    expect(appComments(number).filter((comment) => comment.body.startsWith(GOAL_LINK_MARKER))).toHaveLength(1);
  });

  it('pull_request.opened delivered twice at once: one review comment and one check run', async () => {
    world.simulator.commit(FULL, 'race', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q1 2028') });
    const pull = world.simulator.openPullRequest(FULL, { head: 'race', title: 'Race', user: 'alice' });
    const payload = await pullRequestEvent(world, REPO, 'opened', pull.number);
    await Promise.all([
      world.deliver('pull_request', payload, { id: 'race-pr' }),
      world.deliver('pull_request', payload, { id: 'race-pr' }),
    ]);
    await world.server.idle();
    const comments = world
      .snapshot()
      .pulls[FULL].find((entry) => entry.number === pull.number)!
      .comments.filter((comment) => comment.viaApp === APP_SLUG);
    expect(comments).toHaveLength(1);
    expect(world.snapshot().checkRuns[FULL].filter((run) => run.headSha === pull.head.sha)).toHaveLength(1);
  });
});
