/**
 * The app's one logger shape: webhook handlers, flows, background jobs and
 * the weekly scheduler all log through it (Probot's pino logger satisfies
 * it). Its own module so that nothing has to import a handler to log.
 */
export interface AppLog {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}
