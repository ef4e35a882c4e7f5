/**
 * The app's one logger shape: webhook handlers, flows, background jobs and
 * the weekly scheduler all log through it (Probot's pino logger satisfies
 * it). Its own module so that nothing has to import a handler to log.
 */
import { CONFIG_FILE, type ConfigProblem } from '../core/config/config.js';

export interface AppLog {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Config problems go to the log too (the PR review and the weekly issue show them to users). */
export function logConfigProblems(log: AppLog, repository: string, problems: ConfigProblem[]): void {
  for (const problem of problems) {
    log.warn(
      { repository, key: problem.key, line: problem.line },
      `roadmap-bot: ${repository} ${CONFIG_FILE}: ${problem.key}: ${problem.message}`,
    );
  }
}
