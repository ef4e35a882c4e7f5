/**
 * The job engines (SPEC §10.1) measured in one run: acknowledgement latency
 * (p50/p99) and throughput of signed `issues.opened` deliveries that each
 * queue a job, for the in-process engine and the BullMQ engine on a real
 * `redis-server`, next to a no-op Probot app; then how long a job accepted by
 * a worker that is killed (SIGKILL) takes to finish on another instance, with
 * the production lock settings.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_JOB_LOCK_MS } from '../app/env.js';
import { startServer, type RunningServer } from '../app/server.js';
import { examplePayload, WebhookSender } from '../demo/webhooks.js';
import { createSimulator, type Simulator } from '../simulator/index.js';
import { generateAppKeyPair, type AppKeyPair } from '../simulator/keys.js';
import { startRedis, waitForOutput, type RedisServer } from './redis-server.js';
import { startNoopServer } from './throughput.js';

const APP_ID = 9101;
const APP_SLUG = 'roadmap-bot';
const INSTALLATION_ID = 77101;
const OWNER = 'bench-org';
const REPOSITORY = `${OWNER}/engines`;
const WARM_UP = 200;

export interface EngineRow {
  server: string;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  failures: number;
  /** From the first delivery until every job it queued had run (null for the no-op app, which queues none). */
  drainedMs: number | null;
}

export interface EnginesResult {
  concurrency: number;
  rows: EngineRow[];
  /** SIGKILL of the worker running a review until its check run appears, written by another instance. */
  takeover: { lockMs: number; ms: number; reviewsPosted: number } | string;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** One `issues.opened` per issue number, each labelled `bug`: the app queues one job each (in its own lane). */
async function senders(
  webhookUrl: string,
  secret: string,
  count: number,
  firstNumber: number,
): Promise<(() => Promise<{ status: number }>)[]> {
  const sender = new WebhookSender(webhookUrl, secret);
  const base = examplePayload('issues', 'opened') as Record<string, any>;
  const [owner, name] = REPOSITORY.split('/');
  const repository = { ...base.repository, name, full_name: REPOSITORY, owner: { ...base.repository.owner, login: owner } };
  const label = { id: 1, name: 'bug', color: 'd73a4a', default: true, description: null };
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      sender.prepare('issues', {
        ...base,
        installation: { id: INSTALLATION_ID },
        repository,
        issue: { ...base.issue, number: firstNumber + index, labels: [label] },
      }),
    ),
  );
}

async function deliverTimed(
  sends: (() => Promise<{ status: number }>)[],
  concurrency: number,
): Promise<{ latencies: number[]; ms: number; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sends.length) {
      const send = sends[next++];
      const start = process.hrtime.bigint();
      const { status } = await send();
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (status < 200 || status >= 300) failures += 1;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, ms: Number(process.hrtime.bigint() - start) / 1e6, failures };
}

interface Target {
  name: string;
  webhookUrl: string;
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function startNoop(keys: AppKeyPair, secret: string, baseUrl: string): Promise<Target> {
  return { ...(await startNoopServer(keys.privateKey, secret, baseUrl)), idle: async () => undefined };
}

function realServer(keys: AppKeyPair, secret: string, baseUrl: string, redisUrl?: string): Promise<RunningServer> {
  return startServer({
    appId: APP_ID,
    privateKey: keys.privateKey,
    webhookSecret: secret,
    port: 0,
    host: '127.0.0.1',
    baseUrl,
    logLevel: 'silent',
    throttle: false,
    ...(redisUrl ? { redisUrl } : {}),
    app: { appId: APP_ID, appSlug: APP_SLUG },
  });
}

function asTarget(name: string, server: RunningServer): Target {
  return { name, webhookUrl: server.webhookUrl, idle: () => server.idle(), close: () => server.close() };
}

/**
 * A real `roadmap-bot serve` process (from build/) takes a review whose first
 * query hangs; it is killed; an instance in this process finishes the review.
 */
async function measureTakeover(
  simulator: Simulator,
  keys: AppKeyPair,
  secret: string,
  redis: RedisServer,
): Promise<EnginesResult['takeover']> {
  const main = fileURLToPath(new URL('../../bin/roadmap-bot.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      APP_ID: String(APP_ID),
      PRIVATE_KEY: keys.privateKey,
      WEBHOOK_SECRET: secret,
      PORT: '0',
      HOST: '127.0.0.1',
      GHE_HOST: new URL(simulator.url).host,
      GHE_PROTOCOL: 'http',
      REDIS_URL: redis.url,
      ROADMAP_BOT_SCHEDULER: 'off',
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let rescuer: RunningServer | null = null;
  try {
    const [, url] = await waitForOutput(child, /serving on (http:\/\/[^;\s]+);/, 'the worker to kill');
    const head = simulator.commit(REPOSITORY, 'slip', {
      'roadmap/goal.md': '# A goal\n\n## Status quo as of 2026-01\n\nSome.\n\n## Where we want to be by Q4 2027\n\nMore.\n',
    });
    const pull = simulator.openPullRequest(REPOSITORY, { head: 'slip', title: 'Slip', user: OWNER });
    const payload = examplePayload('pull_request', 'opened') as Record<string, any>;
    const [owner, name] = REPOSITORY.split('/');
    const sendPull = await new WebhookSender(`${url}/api/github/webhooks`, secret).prepare('pull_request', {
      ...payload,
      number: pull.number,
      installation: { id: INSTALLATION_ID },
      repository: {
        ...payload.repository,
        name,
        full_name: REPOSITORY,
        owner: { ...payload.repository.owner, login: owner },
        html_url: `https://github.com/${REPOSITORY}`,
      },
      pull_request: {
        ...payload.pull_request,
        number: pull.number,
        state: 'open',
        user: { ...payload.pull_request.user, login: OWNER, type: 'User' },
        head: { ...payload.pull_request.head, sha: head },
        base: { ...payload.pull_request.base, sha: pull.base.sha },
      },
      sender: { ...payload.sender, login: OWNER, type: 'User' },
    });
    const requestsBefore = simulator.requests.length;
    simulator.failNext({ method: 'POST', path: /^\/graphql$/, status: 'timeout', delayMs: 5_000 });
    if ((await sendPull()).status !== 200) return 'the worker did not accept the pull request';
    const deadline = Date.now() + 30_000;
    while (!simulator.requests.slice(requestsBefore).some((request) => request.path === '/graphql')) {
      if (Date.now() > deadline) return 'the review never started';
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await exited;
    rescuer = await realServer(keys, secret, simulator.url, redis.url);
    const runs = () => (simulator.snapshot().checkRuns[REPOSITORY] ?? []).filter((run) => run.headSha === head);
    while (runs().length === 0) {
      if (Date.now() - killedAt > 120_000) return 'no other worker finished the review within 2 minutes';
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ms = Date.now() - killedAt;
    const reviews = simulator
      .snapshot()
      .pulls[REPOSITORY].find((entry) => entry.number === pull.number)!
      .comments.filter((comment) => comment.viaApp === APP_SLUG);
    return { lockMs: DEFAULT_JOB_LOCK_MS, ms, reviewsPosted: reviews.length };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rescuer?.close();
  }
}

export async function measureEngines(options: { deliveries?: number; concurrency?: number } = {}): Promise<EnginesResult> {
  const deliveries = options.deliveries ?? 1_000;
  const concurrency = options.concurrency ?? 16;
  const keys = generateAppKeyPair();
  const secret = randomBytes(20).toString('hex');
  const simulator = createSimulator({ appId: APP_ID, appSlug: APP_SLUG, publicKey: keys.publicKey });
  simulator.createRepository(REPOSITORY, {
    files: { 'roadmap/goal.md': '# A goal\n\n## Status quo as of 2026-01\n\nSome.\n\n## Where we want to be by Q2 2027\n\nMore.\n' },
  });
  simulator.addInstallation(INSTALLATION_ID, OWNER, [REPOSITORY]);
  await simulator.start();
  const redis = await startRedis();
  const rows: EngineRow[] = [];
  let firstNumber = 1;
  try {
    const targets: (() => Promise<Target>)[] = [
      () => startNoop(keys, secret, simulator.url),
      async () => asTarget('roadmap-bot, jobs in process', await realServer(keys, secret, simulator.url)),
      async () => asTarget('roadmap-bot, jobs on Redis (BullMQ)', await realServer(keys, secret, simulator.url, redis.url)),
    ];
    for (const start of targets) {
      const target = await start();
      try {
        await deliverTimed(await senders(target.webhookUrl, secret, WARM_UP, firstNumber), concurrency);
        firstNumber += WARM_UP;
        await target.idle();
        const sends = await senders(target.webhookUrl, secret, deliveries, firstNumber);
        firstNumber += deliveries;
        const started = process.hrtime.bigint();
        const { latencies, ms, failures } = await deliverTimed(sends, concurrency);
        await target.idle();
        const drained = Number(process.hrtime.bigint() - started) / 1e6;
        const sorted = latencies.sort((a, b) => a - b);
        rows.push({
          server: target.name,
          deliveries,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          requestsPerSecond: (deliveries * 1000) / ms,
          failures,
          drainedMs: target.name.startsWith('no-op') ? null : drained,
        });
      } finally {
        await target.close();
      }
    }
    let takeover: EnginesResult['takeover'];
    try {
      takeover = await measureTakeover(simulator, keys, secret, redis);
    } catch (error) {
      takeover = `not measured: ${(error as Error).message}`;
    }
    return { concurrency, rows, takeover };
  } finally {
    await redis.stop();
    await simulator.close();
  }
}

export function renderEngines(
  result: EnginesResult,
  table: (headers: string[], rows: string[][], align: ('left' | 'right')[]) => string,
): string[] {
  const takeover =
    typeof result.takeover === 'string'
      ? `  killed worker's job: ${result.takeover}`
      : `  killed worker's job finished on another instance after ${(result.takeover.ms / 1000).toFixed(1)} s ` +
        `(lock ${result.takeover.lockMs / 1000} s; review comments posted: ${result.takeover.reviewsPosted})`;
  return [
    `Job engines: signed issues.opened deliveries that each queue a job, ${result.concurrency} in flight`,
    [
      table(
        ['server', 'deliveries', 'ack p50', 'ack p99', 'req/s', 'all jobs done', 'failures'],
        result.rows.map((row) => [
          row.server,
          row.deliveries.toLocaleString('en-US'),
          `${row.p50Ms.toFixed(1)} ms`,
          `${row.p99Ms.toFixed(1)} ms`,
          row.requestsPerSecond.toFixed(0),
          row.drainedMs === null ? '—' : `${(row.drainedMs / 1000).toFixed(2)} s`,
          String(row.failures),
        ]),
        ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
      takeover,
    ].join('\n'),
  ];
}
