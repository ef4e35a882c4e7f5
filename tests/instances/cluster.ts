/**
 * Several real `roadmap-bot serve` processes sharing one real `redis-server`,
 * against the GitHub simulator in the test process (SPEC §10.1). Each
 * instance is spawned asynchronously (the simulator lives in this process and
 * must keep answering), logs JSON (LOG_FORMAT=json) which the harness parses
 * line by line, and can be stopped with SIGTERM or killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import { waitForOutput } from '../../src/bench/redis-server.js';
import type { Simulator } from '../../src/simulator/index.js';
import { keys } from '../app/helpers.js';
import { TEST_TIME_SCALE } from '../world/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** tsx's loader in this very process (its CLI would put a second process between a signal and the server). */
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.join(ROOT, 'src/cli/main.ts');

/** Short leases so a killed worker's job moves on in seconds, not the production 20 s. */
export const TEST_LOCK_MS = 1500;

export { startRedis, type RedisServer } from '../../src/bench/redis-server.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  /** Every line the instance printed on stdout and stderr, parsed as JSON (a line that is not JSON fails the parse). */
  logs: LogLine[];
  /** Lines that were not JSON objects. */
  notJson: string[];
  deliver(event: string, payload: unknown, deliveryId: string): Promise<number>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

export interface InstanceOptions {
  simulator: Simulator;
  redisUrl: string;
  appId: number;
  secret: string;
  scheduler?: boolean;
  extraEnv?: Record<string, string>;
}

/** Starts `roadmap-bot serve` as its own process (through tsx, from the sources) and waits until it listens. */
export async function startInstance(name: string, options: InstanceOptions): Promise<Instance> {
  const cwd = await mkdtemp(path.join(tmpdir(), `roadmap-bot-${name}-`));
  const simulator = new URL(options.simulator.url);
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, 'serve'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      APP_ID: String(options.appId),
      PRIVATE_KEY: keys.privateKey,
      WEBHOOK_SECRET: options.secret,
      PORT: '0',
      HOST: '127.0.0.1',
      GHE_HOST: simulator.host,
      GHE_PROTOCOL: 'http',
      REDIS_URL: options.redisUrl,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      ROADMAP_BOT_SCHEDULER: options.scheduler ? 'on' : 'off',
      ROADMAP_BOT_JOB_LOCK_MS: String(TEST_LOCK_MS),
      ROADMAP_BOT_SHUTDOWN_MS: '5000',
      ROADMAP_BOT_TEST_TIME_SCALE: String(TEST_TIME_SCALE),
      ...options.extraEnv,
    },
  });
  const logs: LogLine[] = [];
  const notJson: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          notJson.push(line);
        }
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.finally(() => rm(cwd, { recursive: true, force: true })).catch(() => undefined);
  const [, url] = await waitForOutput(child, /serving on (http:\/\/[^;\s]+);/, `instance ${name}`);
  const webhookUrl = `${url}/api/github/webhooks`;
  return {
    name,
    url,
    child,
    logs,
    notJson,
    async deliver(event, payload, deliveryId) {
      const body = JSON.stringify(payload);
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/instances',
          'x-github-event': event,
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': await sign(options.secret, body),
        },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until `check` holds (or throws after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
