/**
 * `roadmap-bot serve` (`npm start`): the GitHub App server with Probot's
 * standard environment. Without APP_ID it says so loudly and runs Probot's
 * setup mode, which registers the App from app.yml.
 */
import { run as runProbot } from 'probot';
import {
  describeEnvironment,
  readServeEnvironment,
  setupModeBanner,
  type Environment,
  type ServeEnvironment,
} from '../../app/env.js';
import { roadmapBot } from '../../app/index.js';
import { weeklySchedulerService } from '../../app/scheduler.js';
import { startServer, type ServerOptions } from '../../app/server.js';
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
};

function printEnvironment(environment: ServeEnvironment, io: CliIo): void {
  for (const line of describeEnvironment(environment)) io.stderr(`${line}\n`);
  for (const warning of environment.warnings) io.stderr(`roadmap-bot: warning: ${warning}\n`);
  for (const error of environment.errors) io.stderr(`roadmap-bot: error: ${error}\n`);
}

export function serveWith(dependencies: ServeDependencies): Command['run'] {
  return async (_args: ParsedArgs, io: CliIo): Promise<number> => {
    const environment = readServeEnvironment(dependencies.env, { cwd: io.cwd });
    printEnvironment(environment, io);
    if (environment.errors.length > 0) return EXIT_ERRORS;
    // As in Probot: from here on, .env's values are the environment (for everything that reads it later).
    Object.assign(dependencies.env, environment.env);
    const { settings } = environment;

    if (settings.appId === null || settings.privateKey === null) {
      const host = settings.host && settings.host !== '0.0.0.0' ? settings.host : 'localhost';
      io.stderr(`${setupModeBanner(`http://${host}:${settings.port}`)}\n`);
      let setup: { stop(): Promise<void> };
      try {
        setup = await dependencies.runSetup(environment.env);
      } catch (error) {
        io.stderr(`roadmap-bot: error: Probot's setup mode could not start: ${(error as Error).message}\n`);
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
      redisUrl: settings.redisUrl,
      scheduler: settings.scheduler ? dependencies.scheduler : undefined,
    });
    io.stderr(`roadmap-bot: serving on ${server.url}; webhooks at ${server.webhookUrl}\n`);
    await dependencies.shutdown();
    io.stderr('roadmap-bot: stopping (waiting for running jobs)…\n');
    await server.close();
    return EXIT_OK;
  };
}

export const serveCommand: Command = { spec, run: serveWith(defaults) };
