/**
 * The real app server over HTTP: Probot's webhook middleware (signature
 * checked with the webhook secret) on a plain node:http server, with
 * `GET /ping` for health checks. Used by `roadmap-bot serve` (`npm start`),
 * the end-to-end tests, the demo and the bench.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Probot } from 'probot';
import { productionOctokit, UnthrottledOctokit } from '../github/octokit.js';
import { readLimitedBody } from './body-limit.js';
import { roadmapBot, type AppOptions, type RoadmapBot } from './index.js';

export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export type LogFormat = 'pretty' | 'json';

/** Something that runs alongside the server (the weekly scheduler) and stops with it. */
export interface BackgroundService {
  stop(): void | Promise<void>;
}

export interface ServerOptions {
  appId: number | string;
  privateKey: string;
  webhookSecret: string;
  /** Default 3000; 0 picks a free port (tests). */
  port?: number;
  /** Default `localhost`; `0.0.0.0` to accept connections from elsewhere (containers). */
  host?: string;
  /** GitHub's REST API root: `https://api.github.com`, `https://<ghe>/api/v3`, or a simulator. */
  baseUrl?: string;
  logLevel?: LogLevel;
  /** `json`: one JSON object a line (default `pretty`). */
  logFormat?: LogFormat;
  /**
   * Octokit's throttling and retries (default on: `productionOctokit`). Tests
   * turn them off: with them every write waits about a second and a failing
   * call is retried.
   */
  throttle?: boolean;
  /**
   * With `throttle`: the length of one of Octokit's seconds — the pause
   * between writes (1 s, 3 s before a comment, 2 s between searches), retry
   * back-off and GitHub's `retry-after` — as a fraction of a real second
   * (default 1). Tests shorten it; the requests, their order and their
   * attempts stay production's.
   */
  timeScale?: number;
  /** Redis for the background jobs (BullMQ) and Probot's rate limiting, shared by several instances. */
  redisUrl?: string;
  webhookPath?: string;
  /** Started once the server listens (the weekly scheduler), stopped by `close()`. */
  scheduler?: (server: { probot: Probot; bot: RoadmapBot }) => BackgroundService | Promise<BackgroundService>;
  /** The app's clock, known identity, cache and job settings. */
  app?: AppOptions;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  /** Where GitHub (or the simulator) delivers webhooks. */
  webhookUrl: string;
  probot: Probot;
  bot: RoadmapBot;
  /** Resolves once the background jobs started so far are done. */
  idle(): Promise<void>;
  /** Stops the scheduler and the HTTP server, then waits for the jobs already running. */
  close(): Promise<void>;
}

function printableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const webhookPath = options.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  const probot = createProbot(options, webhookPath);
  const bot = createBot(options);
  await probot.load((app) => bot.app(app));
  const handle = routeRequests(await probot.getNodeMiddleware({ path: webhookPath }), webhookPath);
  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      probot.log.error({ err: error }, 'roadmap-bot: request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  const host = options.host ?? 'localhost';
  await listen(http, options.port ?? 3000, host);
  const { port } = http.address() as AddressInfo;
  const url = `http://${printableHost(host)}:${port}`;
  probot.log.info(`roadmap-bot listening on ${url} (webhooks: ${url}${webhookPath})`);

  let background: BackgroundService | null = null;
  try {
    background = options.scheduler ? await options.scheduler({ probot, bot }) : null;
  } catch (error) {
    http.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    webhookUrl: `${url}${webhookPath}`,
    probot,
    bot,
    idle: () => bot.idle(),
    close() {
      closing ??= shutDown(background, http, bot);
      return closing;
    },
  };
}

function createProbot(options: ServerOptions, webhookPath: string): Probot {
  return new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    baseUrl: options.baseUrl,
    // pino knows `silent`; Probot's option type lists only the levels that log.
    logLevel: (options.logLevel ?? 'info') as 'info',
    logFormat: options.logFormat ?? 'pretty',
    redisConfig: options.redisUrl,
    webhookPath,
    Octokit: options.throttle === false ? UnthrottledOctokit : productionOctokit({ timeScale: options.timeScale }),
  });
}

function createBot(options: ServerOptions): RoadmapBot {
  const appId = Number(options.appId);
  return roadmapBot({
    ...(Number.isFinite(appId) ? { appId } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...options.app,
  });
}

type WebhookMiddleware = (request: IncomingMessage, response: ServerResponse) => Promise<unknown>;

/** Webhooks (their body read within the limit), `GET /ping`, `GET /`; anything else is a 404. */
function routeRequests(
  webhooks: WebhookMiddleware,
  webhookPath: string,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === webhookPath) {
      if (request.method === 'POST') {
        const read = await readLimitedBody(request, response);
        if (!read.ok) return;
        // Probot's middleware takes a string `body` as the payload instead of reading the stream again.
        Object.assign(request, { body: read.body });
      }
      await webhooks(request, response);
      return;
    }
    if (request.method === 'GET' && path === '/ping') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('PONG');
      return;
    }
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`roadmap-bot is running; webhooks go to ${webhookPath}\n`);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
  };
}

function listen(http: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        error.message = `port ${port} is already in use: set PORT to another port`;
      }
      reject(error);
    });
    http.listen({ port, host }, resolve);
  });
}

/** The scheduler first, then the HTTP server, then the jobs already running and the parse workers. */
async function shutDown(background: BackgroundService | null, http: Server, bot: RoadmapBot): Promise<void> {
  await background?.stop();
  await new Promise<void>((resolve, reject) => {
    http.close((error) => (error ? reject(error) : resolve()));
    http.closeIdleConnections();
  });
  await bot.close();
  await bot.services().parsePool?.close();
}
