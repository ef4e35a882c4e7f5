/**
 * Webhook throughput of the real app server (SPEC §12) next to a no-op Probot
 * app served the same way, in the same run: N signed `issues.opened`
 * deliveries over HTTP on loopback, a bounded number in flight, for each
 * server in alternating rounds (the median round counts). The issue carries
 * no goal label, so the bot writes nothing: the figure is the price of
 * Probot's signature check and routing plus the app's own dispatch. A second
 * payload with an ordinary label (`bug`) also makes the bot read its config
 * from the GitHub simulator on every delivery.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { startServer } from '../app/server.js';
import { UnthrottledOctokit } from '../github/octokit.js';
import { examplePayload, WebhookSender } from '../demo/webhooks.js';
import { createSimulator } from '../simulator/index.js';
import { generateAppKeyPair } from '../simulator/keys.js';

const APP_ID = 9001;
const APP_SLUG = 'roadmap-bot';
const INSTALLATION_ID = 77001;
const REPOSITORY = 'bench-org/throughput';
/** Deliveries to each server before the measured rounds (connections opened, JIT warm). */
const WARM_UP_DELIVERIES = 300;

export interface ThroughputOptions {
  /** Deliveries per round and server (default 1,000). */
  deliveries?: number;
  /** Deliveries in flight at once (default 16). */
  concurrency?: number;
  /** Alternating rounds per server; the median counts (default 5). */
  rounds?: number;
}

export interface ThroughputRow {
  server: string;
  payload: string;
  deliveries: number;
  /** Median over the rounds. */
  requestsPerSecond: number;
  /** Deliveries not answered with 2xx (must be 0). */
  failures: number;
  /** API calls the server made to the simulator per delivery. */
  apiCallsPerDelivery: number;
}

export interface ThroughputResult {
  concurrency: number;
  rounds: number;
  rows: ThroughputRow[];
  /** Real app ÷ no-op app, per payload. */
  ratios: { payload: string; ratio: number }[];
}

interface Target {
  name: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/** A Probot that handles `issues.opened` by doing nothing, served like the real one (same middleware, same Octokit). */
export async function startNoopServer(privateKey: string, secret: string, baseUrl: string): Promise<Target> {
  const probot = new Probot({ appId: APP_ID, privateKey, secret, baseUrl, logLevel: 'silent' as 'info', Octokit: UnthrottledOctokit });
  await probot.load((app) => {
    app.on('issues.opened', async () => undefined);
  });
  const path = '/api/github/webhooks';
  const middleware = await probot.getNodeMiddleware({ path });
  const http = createServer((request, response) => {
    middleware(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = http.address() as AddressInfo;
  return {
    name: 'no-op Probot app',
    webhookUrl: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeIdleConnections();
      }),
  };
}

/** Delivers `count` copies of the payload, `concurrency` at a time; returns the wall time and failures. */
async function deliverAll(
  sender: WebhookSender,
  payload: Record<string, unknown>,
  count: number,
  concurrency: number,
): Promise<{ ms: number; failures: number }> {
  const send = await sender.prepare('issues', payload);
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const delivery = await send();
      if (delivery.status < 200 || delivery.status >= 300) failures += 1;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, failures };
}

/** A real `issues.opened` example moved to the bench repository, with these labels on the issue. */
function issuePayload(labels: object[]): Record<string, unknown> {
  const payload = examplePayload('issues', 'opened') as Record<string, any>;
  const [owner, name] = REPOSITORY.split('/');
  payload.installation = { id: INSTALLATION_ID };
  payload.repository = { ...payload.repository, name, full_name: REPOSITORY, owner: { ...payload.repository.owner, login: owner } };
  payload.issue = { ...payload.issue, labels };
  return payload;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function measureThroughput(options: ThroughputOptions = {}): Promise<ThroughputResult> {
  const deliveries = options.deliveries ?? 1_000;
  const concurrency = options.concurrency ?? 16;
  const rounds = options.rounds ?? 5;
  const keys = generateAppKeyPair();
  const secret = randomBytes(20).toString('hex');
  const simulator = createSimulator({ appId: APP_ID, appSlug: APP_SLUG, publicKey: keys.publicKey });
  simulator.createRepository(REPOSITORY, { files: { 'README.md': '# Throughput bench\n' } });
  simulator.addInstallation(INSTALLATION_ID, REPOSITORY.split('/')[0], [REPOSITORY]);
  await simulator.start();

  const targets: Target[] = [];
  try {
    targets.push(await startNoopServer(keys.privateKey, secret, simulator.url));
    const real = await startServer({
      appId: APP_ID,
      privateKey: keys.privateKey,
      webhookSecret: secret,
      port: 0,
      host: '127.0.0.1',
      baseUrl: simulator.url,
      logLevel: 'silent',
      throttle: false,
      app: { appId: APP_ID, appSlug: APP_SLUG },
    });
    targets.push({ name: 'roadmap-bot (real server)', webhookUrl: real.webhookUrl, close: () => real.close() });

    const payloads: { name: string; payload: Record<string, unknown> }[] = [
      { name: 'issues.opened, no labels', payload: issuePayload([]) },
      {
        name: 'issues.opened, label "bug"',
        payload: issuePayload([{ id: 1, name: 'bug', color: 'd73a4a', default: true, description: null }]),
      },
    ];

    const rows: ThroughputRow[] = [];
    for (const { name: payloadName, payload } of payloads) {
      const rates = new Map<Target, number[]>(targets.map((target) => [target, []]));
      const failures = new Map<Target, number>(targets.map((target) => [target, 0]));
      const calls = new Map<Target, number>(targets.map((target) => [target, 0]));
      for (const target of targets)
        await deliverAll(new WebhookSender(target.webhookUrl, secret), payload, Math.min(WARM_UP_DELIVERIES, deliveries), concurrency);
      for (let round = 0; round < rounds; round++) {
        for (const target of targets) {
          const before = simulator.requests.length;
          const { ms, failures: failed } = await deliverAll(new WebhookSender(target.webhookUrl, secret), payload, deliveries, concurrency);
          rates.get(target)!.push((deliveries * 1000) / ms);
          failures.set(target, failures.get(target)! + failed);
          calls.set(target, calls.get(target)! + simulator.requests.length - before);
        }
        // The simulator keeps every request: forget them between rounds.
        simulator.resetRequests();
      }
      for (const target of targets) {
        rows.push({
          server: target.name,
          payload: payloadName,
          deliveries: deliveries * rounds,
          requestsPerSecond: median(rates.get(target)!),
          failures: failures.get(target)!,
          apiCallsPerDelivery: calls.get(target)! / (deliveries * rounds),
        });
      }
    }
    const ratios = payloads.map(({ name }) => {
      const [noop, real] = rows.filter((row) => row.payload === name);
      return { payload: name, ratio: real.requestsPerSecond / noop.requestsPerSecond };
    });
    return { concurrency, rounds, rows, ratios };
  } finally {
    for (const target of targets) await target.close();
    await simulator.close();
  }
}
