/**
 * SPEC §10.1: two and three real server processes sharing one real Redis,
 * against the simulator, with signed webhooks. Split deliveries, duplicated
 * deliveries, a SIGKILL in the middle of a review, a redelivery after the
 * recovery, and every instance's weekly scheduler on: each intent is written
 * exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { keys } from '../app/helpers.js';
import { smallRoadmap } from '../reliability/roadmaps.js';
import {
  APP_ID,
  APP_SLUG,
  INSTALLATION,
  OWNER,
  USERS,
  commented,
  duplicatesIn,
  issueEvent,
  pullRequestEvent,
  type World,
} from '../world/index.js';
import { TEST_LOCK_MS, eventually, startInstance, startRedis, type Instance, type RedisServer } from './cluster.js';

const SECRET = 'instances-secret';
// Real processes on a loaded 2-core CI machine: generous limits; the tests themselves take seconds.
const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;

let redis: RedisServer;
let simulator: Simulator;
/** The payload helpers of the reliability world read and write the simulator as its users; nothing else of a World is used. */
let github: World;
const instances: Instance[] = [];

async function launch(name: string, scheduler = false): Promise<Instance> {
  const instance = await startInstance(name, { simulator, redisUrl: redis.url, appId: APP_ID, secret: SECRET, scheduler });
  instances.push(instance);
  return instance;
}

const snapshot = () => simulator.snapshot();
const issue = (number: number) => snapshot().issues[FULL].find((entry) => entry.number === number)!;
const appComments = (number: number) => issue(number).comments.filter((comment) => comment.viaApp === APP_SLUG);
const pullComments = (number: number) =>
  snapshot()
    .pulls[FULL].find((entry) => entry.number === number)!
    .comments.filter((comment) => comment.viaApp === APP_SLUG);
const checkRunsOn = (sha: string) => (snapshot().checkRuns[FULL] ?? []).filter((run) => run.headSha === sha);
/** Log lines of every instance (JSON objects) whose message contains `text`. */
const logged = (text: string) => instances.flatMap((instance) => instance.logs.filter((line) => line.msg.includes(text)));

/** Every job is finished and the simulator has heard nothing new for a moment. */
async function settle(): Promise<void> {
  let count = -1;
  let quietSince = Date.now();
  await eventually(async () => {
    if (simulator.requests.length !== count) {
      count = simulator.requests.length;
      quietSince = Date.now();
    }
    return Date.now() - quietSince >= 300 && (await redis.queueEmpty());
  }, 'the queue to drain');
}

beforeAll(async () => {
  redis = await startRedis();
  const tokenOf = (login: string) => `ghp_${login}-token`;
  simulator = createSimulator({
    appId: APP_ID,
    appSlug: APP_SLUG,
    publicKey: keys.publicKey,
    staticTokens: Object.fromEntries(USERS.map((login) => [tokenOf(login), { login }])),
  });
  const files = smallRoadmap();
  // Due in any week from Monday 00:00 on: whatever day the test runs, the first check posts this week's issue.
  files['.github/roadmap-bot.yml'] += 'weekly:\n  time: "00:00"\n';
  simulator.createRepository(FULL, { files });
  simulator.setPermission(FULL, 'alice', 'write');
  simulator.setPermission(FULL, 'triager', 'triage');
  simulator.addInstallation(INSTALLATION, OWNER, [FULL]);
  await simulator.start();
  const api = async (method: string, path: string, body: unknown, as: string) => {
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers: { authorization: `token ${tokenOf(as)}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status}`);
    return response.json();
  };
  github = {
    read: (path: string, as = 'alice') => api('GET', path, undefined, as),
    write: (method: string, path: string, body: unknown, as = 'alice') => api(method, path, body, as),
  } as unknown as World;
  // Two instances, both with their weekly scheduler on (the default), started together: a first deploy.
  await Promise.all([launch('a', true), launch('b', true)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await simulator?.close();
  await redis?.stop();
}, 60_000);

describe('two instances sharing one Redis', () => {
  it("post this week's status issue once at their first start, with both schedulers on", async () => {
    const weekly = () => snapshot().issues[FULL].filter((entry) => entry.viaApp === APP_SLUG && entry.labels.includes('roadmap-status'));
    await eventually(() => weekly().length === 1, 'the weekly issue');
    await settle();
    expect(weekly()).toHaveLength(1);
  }, 90_000);

  it('split deliveries: opened on A and labeled on B at once leave one reply and one link comment', async () => {
    const { number } = simulator.createIssue(FULL, { title: 'Split', labels: ['goal:asyncdrop', 'goal:async'], user: 'alice' });
    const opened = await issueEvent(github, REPO, 'opened', number);
    const labeled = await issueEvent(github, REPO, 'labeled', number, { label: 'goal:async' });
    const [a, b] = instances;
    expect(await Promise.all([a.deliver('issues', opened, 'split-opened'), b.deliver('issues', labeled, 'split-labeled')])).toEqual([
      200, 200,
    ]);
    await eventually(() => appComments(number).length === 2, 'the two comments');
    await settle();
    expect(
      appComments(number)
        .map((comment) => comment.body.split('\n')[0])
        .sort(),
    ).toEqual([GOAL_LINK_MARKER, UNKNOWN_LABEL_MARKER].sort());
  }, 90_000);

  it('duplicated deliveries: one pull_request delivery sent to A and B runs once — one review comment, one check run', async () => {
    const head = simulator.commit(FULL, 'slip', { 'roadmap/async.md': smallRoadmap()['roadmap/async.md'].replace('Q2 2027', 'Q1 2028') });
    const pull = simulator.openPullRequest(FULL, { head: 'slip', title: 'Slip async', user: 'alice' });
    const payload = await pullRequestEvent(github, REPO, 'opened', pull.number);
    const [a, b] = instances;
    expect(await Promise.all([a.deliver('pull_request', payload, 'dup-pr'), b.deliver('pull_request', payload, 'dup-pr')])).toEqual([
      200, 200,
    ]);
    await eventually(() => checkRunsOn(head).length === 1, 'the check run');
    await settle();
    expect(pullComments(pull.number)).toHaveLength(1);
    expect(pullComments(pull.number)[0].body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(checkRunsOn(head)).toHaveLength(1);
    expect(logged(`review ${FULL}#${pull.number}@${head.slice(0, 7)} (delivery dup-pr): started`)).toHaveLength(1);
  }, 90_000);

  it('duplicated deliveries: one /goal command sent to A and B adds the label and its link comment once', async () => {
    const { number } = simulator.createIssue(FULL, { title: 'Needs a goal', user: 'alice' });
    const payload = await commented(github, REPO, number, '/goal async', 'triager');
    const [a, b] = instances;
    expect(await Promise.all([a.deliver('issue_comment', payload, 'dup-goal'), b.deliver('issue_comment', payload, 'dup-goal')])).toEqual([
      200, 200,
    ]);
    await eventually(() => appComments(number).length === 1, 'the link comment');
    await settle();
    expect(issue(number).labels).toEqual(['goal:async']);
    expect(logged(`goal-command ${FULL}#${number} (delivery dup-goal): started`)).toHaveLength(1);
  }, 90_000);
});

describe('three instances, one killed in the middle of a review', () => {
  it('another instance finishes the review; a redelivery after the recovery writes nothing', async () => {
    await launch('c', true);
    const head = simulator.commit(FULL, 'kill', {
      'roadmap/async-drop.md': smallRoadmap()['roadmap/async-drop.md'].replace('Q1 2027', 'Q4 2027'),
    });
    const pull = simulator.openPullRequest(FULL, { head: 'kill', title: 'Slip async drop', user: 'alice' });
    const payload = await pullRequestEvent(github, REPO, 'opened', pull.number);
    // The review's first query hangs, so the kill lands while the job runs.
    simulator.failNext({ method: 'POST', path: /^\/graphql$/, status: 'timeout', delayMs: 4_000 });
    const started = `review ${FULL}#${pull.number}@${head.slice(0, 7)} (delivery kill-pr): started`;
    expect(await instances[0].deliver('pull_request', payload, 'kill-pr')).toBe(200);
    await eventually(() => logged(started).length === 1, 'the review to start');
    const victim = instances.find((instance) => instance.logs.some((line) => line.msg.includes(started)))!;
    await eventually(() => simulator.requests.some((request) => request.path === '/graphql' && request.status === 0), 'the hanging query');
    const killedAt = Date.now();
    await victim.kill();

    await eventually(() => checkRunsOn(head).length === 1, 'the review on another instance', 30_000);
    const recoveredMs = Date.now() - killedAt;
    await settle();
    expect(pullComments(pull.number)).toHaveLength(1);
    expect(checkRunsOn(head)).toHaveLength(1);
    const rescuer = instances.find((instance) => instance !== victim && instance.logs.some((line) => line.msg.includes(started)))!;
    expect(rescuer).toBeDefined();
    // Stalled-job detection plus the lane lease: a few lock durations, far under a minute.
    expect(recoveredMs).toBeLessThan(10 * TEST_LOCK_MS + 10_000);

    const survivor = instances.find((instance) => instance !== victim)!;
    const before = simulator.requests.length;
    expect(await survivor.deliver('pull_request', payload, 'kill-pr')).toBe(200);
    await settle();
    expect(logged(started).length).toBe(2);
    expect(simulator.requests.slice(before).filter((request) => request.method !== 'GET' && request.path !== '/graphql')).toEqual([]);
    expect(pullComments(pull.number)).toHaveLength(1);
  }, 90_000);

  it('left no duplicate label, comment, issue or check run anywhere, and logged only JSON', () => {
    expect(duplicatesIn(snapshot())).toEqual([]);
    for (const instance of instances) expect(instance.notJson).toEqual([]);
    expect(instances.flatMap((instance) => instance.logs).filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe('SIGTERM', () => {
  it('stops an instance cleanly once its running jobs are done', async () => {
    const running = instances.filter((instance) => instance.child.exitCode === null && instance.child.signalCode === null);
    expect(await running[running.length - 1].stop()).toBe(0);
  }, 90_000);
});
