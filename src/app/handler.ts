/**
 * What every webhook handler does first: skip events the app caused itself
 * (its own labels and comments would otherwise trigger it again, forever).
 */
import type { AppLog } from '../flows/log.js';
import { isOwnEvent, type AppServices, type EventOrigin } from './services.js';

interface HandlerContext {
  name: string;
  payload: unknown;
  log: AppLog;
}

export function unlessOwnEvent<C extends HandlerContext>(
  services: AppServices,
  handler: (context: C) => Promise<void>,
): (context: C) => Promise<void> {
  return async (context) => {
    const identity = await services.identity();
    if (isOwnEvent(context.payload as EventOrigin, identity)) {
      context.log.debug({ event: context.name }, 'roadmap-bot: ignoring an event the app caused itself');
      return;
    }
    await handler(context);
  };
}
