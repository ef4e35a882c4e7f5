/**
 * Probot's standard environment for `roadmap-bot serve` (SPEC §10): APP_ID,
 * PRIVATE_KEY / PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL,
 * GHE_HOST / GHE_PROTOCOL, REDIS_URL, plus ROADMAP_BOT_SCHEDULER. Like
 * Probot, a `.env` file in the working directory is loaded over the
 * environment — and unlike Probot, the bot says so, naming the keys.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { parseTimeScale } from '../github/octokit.js';
import type { LogFormat, LogLevel } from './server.js';

export const DEFAULT_PORT = 3000;
export const DEPLOYMENT_DOCS = 'docs/deployment.md';
/** Probot's default secret: fine for local tries, never for a real App. */
export const DEVELOPMENT_SECRET = 'development';

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
const ON = new Set(['', 'on', 'true', '1', 'yes']);
const OFF = new Set(['off', 'false', '0', 'no']);

export interface DotEnv {
  path: string;
  /** Keys the file sets. */
  keys: string[];
  /** Keys the file set although the environment already had them (the file wins, as in Probot). */
  overridden: string[];
}

export interface ServeSettings {
  /** Null: no App yet, run Probot's setup mode. */
  appId: number | null;
  privateKey: string | null;
  webhookSecret: string;
  port: number;
  host: string | undefined;
  logLevel: LogLevel;
  /** `json`: one JSON object a line (LOG_FORMAT=json, for log collectors); `pretty` by default. */
  logFormat: LogFormat;
  /** Undefined: api.github.com. */
  baseUrl: string | undefined;
  redisUrl: string | undefined;
  /** False when ROADMAP_BOT_SCHEDULER=off: the weekly job runs elsewhere. */
  scheduler: boolean;
  /** ROADMAP_BOT_JOB_CONCURRENCY: background jobs this instance runs at once (default 4). */
  jobConcurrency: number;
  /** ROADMAP_BOT_JOB_LOCK_MS: with Redis, how long a dead worker's job waits before another takes it (default 20000). */
  jobLockMs: number;
  /** ROADMAP_BOT_SHUTDOWN_MS: how long SIGTERM waits for running jobs (default 25000). */
  shutdownMs: number;
  /**
   * ROADMAP_BOT_TEST_TIME_SCALE: Octokit's pauses and back-off as a fraction
   * of a second (default 1). Only the tests' spawned servers set it.
   */
  timeScale: number;
}

export const DEFAULT_JOB_CONCURRENCY = 4;
export const DEFAULT_JOB_LOCK_MS = 20_000;
export const DEFAULT_SHUTDOWN_MS = 25_000;

/** Environment variables by name (typed loosely: Probot narrows some in `NodeJS.ProcessEnv`). */
export type Environment = Record<string, string | undefined>;

export interface ServeEnvironment {
  settings: ServeSettings;
  /** The environment with `.env` applied. */
  env: Environment;
  dotEnv: DotEnv | null;
  /** Things the operator should know (printed, not fatal). */
  warnings: string[];
  /** Settings that cannot work; the server must not start. */
  errors: string[];
}

export interface EnvironmentFiles {
  readFile(file: string): string;
}

const nodeFiles: EnvironmentFiles = { readFile: (file) => readFileSync(file, 'utf8') };

function readDotEnv(cwd: string, env: Environment, files: EnvironmentFiles): { values: Record<string, string>; dotEnv: DotEnv } | null {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = files.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} could not be read: ${(error as Error).message}`);
  }
  const values = parseEnv(text) as Record<string, string>;
  const keys = Object.keys(values);
  const overridden = keys.filter((key) => env[key] !== undefined && env[key] !== values[key]);
  return { values, dotEnv: { path: file, keys, overridden } };
}

const PEM_FILE = /\.(pem|key)$/i;

/**
 * A PEM key from PRIVATE_KEY (PEM, PEM with `\n` escapes, base64 of a PEM, or
 * the path of a `.pem` file) or PRIVATE_KEY_PATH. Problems are pushed to
 * `errors`, each naming the variable and how to fix it.
 */
export function readPrivateKey(env: Environment, cwd: string, errors: string[], files: EnvironmentFiles = nodeFiles): string | null {
  const inline = env.PRIVATE_KEY?.trim();
  if (inline) {
    if (inline.includes('-----BEGIN')) return inline.replace(/\\n/g, '\n');
    const decoded = Buffer.from(inline, 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) return decoded;
    if (PEM_FILE.test(inline) || inline.includes('/') || inline.includes(path.sep)) {
      return readKeyFile('PRIVATE_KEY', path.resolve(cwd, inline), files, errors);
    }
    errors.push(
      'PRIVATE_KEY is neither a PEM private key ("-----BEGIN … PRIVATE KEY-----"), base64 of one, nor the path of a .pem file: ' +
        'paste the key your App settings page generated, or set PRIVATE_KEY_PATH to its file',
    );
    return null;
  }
  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  if (keyPath) return readKeyFile('PRIVATE_KEY_PATH', path.resolve(cwd, keyPath), files, errors);
  return null;
}

function readKeyFile(variable: string, file: string, files: EnvironmentFiles, errors: string[]): string | null {
  try {
    const key = files.readFile(file);
    if (key.includes('-----BEGIN')) return key;
    errors.push(`${variable} ${file} holds no PEM private key: point it at the .pem file from your App settings page`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    errors.push(`${variable} ${file} could not be read (${reason}): fix the path`);
  }
  return null;
}

function readPort(value: string | undefined, errors: string[]): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  errors.push(`PORT=${value} is not a port number: use a whole number from 0 to 65535 (default ${DEFAULT_PORT})`);
  return DEFAULT_PORT;
}

function readWhole(name: string, value: string | undefined, fallback: number, minimum: number, errors: string[]): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (Number.isInteger(number) && number >= minimum) return number;
  errors.push(`${name}=${value} must be a whole number of at least ${minimum} (default ${fallback})`);
  return fallback;
}

const HOST_WITH_SCHEME = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i;

/**
 * GitHub Enterprise's REST root from GHE_HOST (a host name, with a port if
 * need be) and GHE_PROTOCOL. A GHE_HOST pasted as a URL (`https://ghe.example.com/`)
 * is taken apart: its scheme is the protocol unless GHE_PROTOCOL says otherwise.
 */
function readEnterpriseUrl(env: Environment, errors: string[]): string | undefined {
  let host = env.GHE_HOST?.trim();
  if (!host) return undefined;
  let protocol = env.GHE_PROTOCOL?.trim().toLowerCase() || undefined;
  const withScheme = HOST_WITH_SCHEME.exec(host);
  if (withScheme) {
    const scheme = withScheme[1].toLowerCase();
    if (protocol !== undefined && protocol !== scheme) {
      errors.push(
        `GHE_HOST=${env.GHE_HOST} says ${scheme} but GHE_PROTOCOL=${env.GHE_PROTOCOL}: ` +
          'set GHE_HOST to the host name alone (ghe.example.com) and the protocol in GHE_PROTOCOL',
      );
    }
    protocol ??= scheme;
    host = withScheme[2];
  }
  host = host.replace(/\/+$/, '');
  protocol ??= 'https';
  if (protocol !== 'https' && protocol !== 'http') {
    const source = env.GHE_PROTOCOL?.trim() ? `GHE_PROTOCOL=${env.GHE_PROTOCOL}` : `the scheme of GHE_HOST=${env.GHE_HOST}`;
    errors.push(`${source} must be https or http`);
  }
  if (host === '' || /[/?#@\s]/.test(host)) {
    errors.push(`GHE_HOST=${env.GHE_HOST} is not a host name: use the host of your GitHub Enterprise Server alone, like ghe.example.com`);
  }
  return `${protocol}://${host}/api/v3`;
}

function readTimeScale(raw: string | undefined, errors: string[], warnings: string[]): number {
  const scale = parseTimeScale(raw);
  if (scale === null) {
    errors.push(`ROADMAP_BOT_TEST_TIME_SCALE=${raw} must be a number above 0 and at most 1 (leave it unset outside tests)`);
    return 1;
  }
  if (scale !== 1) {
    warnings.push(
      `ROADMAP_BOT_TEST_TIME_SCALE=${scale}: the pauses between writes and the retry back-off are shortened, for tests — ` +
        'GitHub limits a real App that writes this fast: unset it',
    );
  }
  return scale;
}

/** `env` with `.env` (in `cwd`) applied over it, and what the file set. */
function applyDotEnv(
  env: Environment,
  cwd: string,
  files: EnvironmentFiles,
  errors: string[],
): { merged: Environment; dotEnv: DotEnv | null } {
  try {
    const read = readDotEnv(cwd, env, files);
    if (read) return { merged: { ...env, ...read.values }, dotEnv: read.dotEnv };
  } catch (error) {
    errors.push((error as Error).message);
  }
  return { merged: { ...env }, dotEnv: null };
}

function readAppId(env: Environment, errors: string[]): number | null {
  const raw = env.APP_ID?.trim();
  if (!raw) return null;
  const parsed = Number(raw);
  if (Number.isInteger(parsed) && parsed > 0) return parsed;
  errors.push(`APP_ID=${raw} is not an App id: use the number shown as "App ID" on your GitHub App's settings page`);
  return null;
}

/** The App's private key; an App id without one is an error. */
function readAppKey(env: Environment, appId: number | null, cwd: string, errors: string[], files: EnvironmentFiles): string | null {
  const privateKey = readPrivateKey(env, cwd, errors, files);
  if (appId !== null && privateKey === null && !errors.some((error) => error.startsWith('PRIVATE_KEY'))) {
    errors.push('APP_ID is set but no private key: set PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (the .pem file)');
  }
  return privateKey;
}

/** WEBHOOK_SECRET, or Probot's development default: a warning for a real App, an error in production. */
function readWebhookSecret(env: Environment, appId: number | null, errors: string[], warnings: string[]): string {
  const secret = env.WEBHOOK_SECRET ?? '';
  if (secret !== '') return secret;
  if (appId !== null) {
    const message =
      `WEBHOOK_SECRET is not set: using Probot's default "${DEVELOPMENT_SECRET}", which anyone can sign webhooks with — ` +
      "set it to your App's webhook secret";
    if (env.NODE_ENV === 'production') errors.push(message);
    else warnings.push(message);
  }
  return DEVELOPMENT_SECRET;
}

function readLogLevel(env: Environment, errors: string[]): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  errors.push(`LOG_LEVEL=${env.LOG_LEVEL} is not a log level: use one of ${LOG_LEVELS.join(', ')}`);
  return 'info';
}

function readLogFormat(env: Environment, errors: string[]): LogFormat {
  const raw = env.LOG_FORMAT?.trim().toLowerCase();
  if (raw === 'json') return 'json';
  if (raw && raw !== 'pretty') errors.push(`LOG_FORMAT=${env.LOG_FORMAT} must be json or pretty (default pretty)`);
  return 'pretty';
}

function readSchedulerSwitch(env: Environment, errors: string[]): boolean {
  const raw = (env.ROADMAP_BOT_SCHEDULER ?? '').trim().toLowerCase();
  if (OFF.has(raw)) return false;
  if (!ON.has(raw)) errors.push(`ROADMAP_BOT_SCHEDULER=${env.ROADMAP_BOT_SCHEDULER} must be on or off`);
  return true;
}

/**
 * Reads the server settings from `env` with `.env` (in `cwd`) applied over it.
 * Never throws for bad values: each becomes an error naming the variable.
 */
export function readServeEnvironment(env: Environment, options: { cwd: string; files?: EnvironmentFiles }): ServeEnvironment {
  const files = options.files ?? nodeFiles;
  const errors: string[] = [];
  const warnings: string[] = [];
  const { merged, dotEnv } = applyDotEnv(env, options.cwd, files, errors);
  // Read in this order so the errors come out in it.
  const appId = readAppId(merged, errors);
  const privateKey = readAppKey(merged, appId, options.cwd, errors, files);
  const webhookSecret = readWebhookSecret(merged, appId, errors, warnings);
  const logLevel = readLogLevel(merged, errors);
  const logFormat = readLogFormat(merged, errors);
  const baseUrl = readEnterpriseUrl(merged, errors);
  const scheduler = readSchedulerSwitch(merged, errors);
  const timeScale = readTimeScale(merged.ROADMAP_BOT_TEST_TIME_SCALE, errors, warnings);
  return {
    settings: {
      appId,
      privateKey,
      webhookSecret,
      port: readPort(merged.PORT, errors),
      host: merged.HOST?.trim() || undefined,
      logLevel,
      logFormat,
      baseUrl,
      redisUrl: merged.REDIS_URL?.trim() || undefined,
      scheduler,
      jobConcurrency: readWhole('ROADMAP_BOT_JOB_CONCURRENCY', merged.ROADMAP_BOT_JOB_CONCURRENCY, DEFAULT_JOB_CONCURRENCY, 1, errors),
      jobLockMs: readWhole('ROADMAP_BOT_JOB_LOCK_MS', merged.ROADMAP_BOT_JOB_LOCK_MS, DEFAULT_JOB_LOCK_MS, 200, errors),
      shutdownMs: readWhole('ROADMAP_BOT_SHUTDOWN_MS', merged.ROADMAP_BOT_SHUTDOWN_MS, DEFAULT_SHUTDOWN_MS, 0, errors),
      timeScale,
    },
    env: merged,
    dotEnv,
    warnings,
    errors,
  };
}

/** The lines `serve` prints about where its settings came from. */
export function describeEnvironment(environment: ServeEnvironment): string[] {
  const lines: string[] = [];
  const { dotEnv, settings } = environment;
  if (dotEnv) {
    lines.push(`roadmap-bot: loaded ${dotEnv.path} (${dotEnv.keys.length > 0 ? dotEnv.keys.join(', ') : 'no keys'})`);
    if (dotEnv.overridden.length > 0) {
      const keys = dotEnv.overridden.join(', ');
      lines.push(`roadmap-bot: ${dotEnv.path} overrides the environment for ${keys} (as in Probot, the file wins)`);
    }
  } else {
    lines.push('roadmap-bot: no .env file here; using the environment only');
  }
  if (settings.appId !== null) {
    lines.push(
      `roadmap-bot: App ${settings.appId} on ${settings.baseUrl ?? 'https://api.github.com'}` +
        `${settings.redisUrl ? ', jobs and rate limits shared through REDIS_URL (BullMQ)' : ', jobs in process'}` +
        `, weekly scheduler ${settings.scheduler ? 'on' : 'off (ROADMAP_BOT_SCHEDULER=off)'}`,
    );
  }
  return lines;
}

/** Printed loudly when APP_ID is missing: Probot's setup mode starts instead of the bot. */
export function setupModeBanner(url: string): string {
  const rule = '='.repeat(72);
  return [
    rule,
    'roadmap-bot: APP_ID is not set, so there is no GitHub App to run as yet.',
    '',
    `  * Probot's setup page is at ${url} — open it to register the App`,
    '    from app.yml; Probot then writes APP_ID, PRIVATE_KEY and',
    '    WEBHOOK_SECRET to .env. Restart `npm start` afterwards.',
    '  * To try the bot without GitHub at all: npm run demo',
    `  * Deploying for real (environment, GitHub Enterprise, several`,
    `    instances): ${DEPLOYMENT_DOCS}`,
    rule,
  ].join('\n');
}
