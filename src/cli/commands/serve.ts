/**
 * `roadmap-bot serve` (`npm start`): the GitHub App server with Probot's
 * standard environment. Without APP_ID it says so loudly and runs Probot's
 * setup mode, which registers the App from app.yml.
 */
import { run as runProbot } from 'probot';
import { describeEnvironment, readServeEnvironment, setupModeBanner, type Environment, type ServeEnvironment } from '../../app/env.js';
import { roadmapBot } from '../../app/index.js';
import { weeklySchedulerService } from '../../app/scheduler.js';
import { startServer, type LogFormat, type ServerOptions } from '../../app/server.js';
import type { ParsedArgs } from '../args.js';
import { EXIT_ERRORS, EXIT_OK, type CliIo, type Command } from '../command.js';
import { SERVE_SPEC as spec } from '../specs.js';

export interface ServeDependencies {
  env: Environment;
  /** Resolves when the server should stop (SIGINT / SIGTERM). */
  shutdown(): Promise<void>;
  /** Probot's setup mode; resolves with a way to stop it. */
  runSetup(env: Environment): Promise<{ stop(): Promise<void> }>;
  /** The weekly scheduler, when this instance runs it. */
  scheduler?: ServerOptions['scheduler'];
  /** Called once the server has stopped. */
  stopped?(): void;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const defaults: ServeDependencies = {
  env: process.env,
  shutdown: untilSignal,
  runSetup: async (env) => {
    const server = await runProbot(roadmapBot().app, { env: env as NodeJS.ProcessEnv });
    return { stop: () => server.stop() };
  },
  scheduler: weeklySchedulerService(),
  // Probot's Redis connection for shared rate limits has no way to close it: once our own
  // work is done and the logs are written, nothing else is worth waiting for.
  stopped: () => setTimeout(() => process.exit(), 500).unref(),
};

type Say = (level: 'info' | 'warn' | 'error', text: string) => void;

/**
 * The server's own lines on stderr: plain text, or with LOG_FORMAT=json one
 * JSON object a line in pino's shape (level numbers, `time`, `msg`), like
 * Probot's logs, so a log collector never sees a line it cannot parse.
 */
function sayer(io: CliIo, format: LogFormat): Say {
  if (format === 'pretty') {
    return (level, text) => io.stderr(level === 'info' ? `${text}\n` : `roadmap-bot: ${level === 'warn' ? 'warning' : 'error'}: ${text}\n`);
  }
  const levels = { info: 30, warn: 40, error: 50 };
  return (level, text) => {
    io.stderr(
      `${JSON.stringify({ level: levels[level], time: Date.now(), name: 'roadmap-bot', msg: text.replace(/^roadmap-bot: /, '') })}\n`,
    );
  };
}

function printEnvironment(environment: ServeEnvironment, say: Say): void {
  for (const line of describeEnvironment(environment)) say('info', line);
  for (const warning of environment.warnings) say('warn', warning);
  for (const error of environment.errors) say('error', error);
}

export function serveWith(dependencies: ServeDependencies): Command['run'] {
  return async (_args: ParsedArgs, io: CliIo): Promise<number> => {
    const environment = readServeEnvironment(dependencies.env, { cwd: io.cwd });
    const say = sayer(io, environment.settings.logFormat);
    printEnvironment(environment, say);
    if (environment.errors.length > 0) return EXIT_ERRORS;
    // As in Probot: from here on, .env's values are the environment (for everything that reads it later).
    Object.assign(dependencies.env, environment.env);
    const { settings } = environment;

    if (settings.appId === null || settings.privateKey === null) {
      const host = settings.host && settings.host !== '0.0.0.0' ? settings.host : 'localhost';
      const banner = setupModeBanner(`http://${host}:${settings.port}`);
      if (settings.logFormat === 'json') say('warn', banner);
      else io.stderr(`${banner}\n`);
      let setup: { stop(): Promise<void> };
      try {
        setup = await dependencies.runSetup(environment.env);
      } catch (error) {
        say('error', `Probot's setup mode could not start: ${(error as Error).message}`);
        return EXIT_ERRORS;
      }
      await dependencies.shutdown();
      await setup.stop();
      return EXIT_OK;
    }

    const server = await startServer({
      appId: settings.appId,
      privateKey: settings.privateKey,
      webhookSecret: settings.webhookSecret,
      port: settings.port,
      host: settings.host,
      baseUrl: settings.baseUrl,
      logLevel: settings.logLevel,
      logFormat: settings.logFormat,
      redisUrl: settings.redisUrl,
      timeScale: settings.timeScale,
      scheduler: settings.scheduler ? dependencies.scheduler : undefined,
      app: {
        jobConcurrency: settings.jobConcurrency,
        redisJobs: { lockMs: settings.jobLockMs, drainMs: settings.shutdownMs },
      },
    });
    say('info', `roadmap-bot: serving on ${server.url}; webhooks at ${server.webhookUrl}`);
    await dependencies.shutdown();
    say('info', 'roadmap-bot: stopping (waiting for running jobs)…');
    await server.close();
    dependencies.stopped?.();
    return EXIT_OK;
  };
}

export const serveCommand: Command = { spec, run: serveWith(defaults) };
