/**
 * What every handler shares: the clock, the roadmap cache, the background
 * job queue and the app's own identity (to ignore the events it causes).
 */
import type { Probot } from 'probot';
import { botLogin, isAppComment, type AppIdentity, type CommentLike } from '../github/comments.js';
import { ConfigCache, loadConfig, type ConfigContext, type LoadedConfig } from '../github/config.js';
import { ParsePool, type RoadmapParser } from '../github/parse-pool.js';
import { RoadmapCache, DEFAULT_CACHE_ENTRIES } from '../github/roadmap-cache.js';
import type { FlowServices } from '../flows/services.js';
import type { JobEngine } from './jobs.js';
import type { RedisJobTimings } from './redis-jobs.js';

export interface AppOptions {
  /** The clock for everything date-based (days left, ages); real time by default. */
  clock?: () => Date;
  /** The App's id and slug when known up front; otherwise read once with `GET /app`. */
  appId?: number;
  appSlug?: string;
  /** Parsed roadmaps kept in memory (one per commit and globs). */
  cacheEntries?: number;
  /** The bound on the parsed roadmaps' approximate memory. */
  cacheBytes?: number;
  /** Threads parsing roadmaps, and the time each file may take before it is skipped as `too-complex`. */
  parseThreads?: number;
  parseFileBudgetMs?: number;
  /**
   * Parses roadmaps instead of the thread pool: the nock tests, which check
   * requests and never face hostile input, parse on their own thread.
   */
  parser?: RoadmapParser;
  /** Background jobs run at once (per instance). */
  jobConcurrency?: number;
  /** BullMQ on this Redis for the background jobs; in process without it. */
  redisUrl?: string;
  /** The Redis engine's timings (tests shorten them). */
  redisJobs?: RedisJobTimings;
}

export interface AppServices extends FlowServices {
  /** The threads that parse roadmaps off the event loop, closed with the server; null with `AppOptions.parser`. */
  parsePool: ParsePool | null;
  /** Repository configs for a minute (refreshed by pushes to the default branch). */
  configs: ConfigCache;
  /** Where handlers put their background work (in process, or BullMQ on Redis). */
  jobs: JobEngine;
}

export function createServices(app: Probot, options: AppOptions, jobs: JobEngine): AppServices {
  const clock = options.clock ?? (() => new Date());
  let identity: Promise<AppIdentity> | null =
    options.appId !== undefined && options.appSlug ? Promise.resolve({ appId: options.appId, slug: options.appSlug }) : null;
  const resolveIdentity = (): Promise<AppIdentity> => {
    identity ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error('GET /app returned no app: check APP_ID and the private key');
      return { appId: options.appId ?? data.id, slug: options.appSlug ?? data.slug ?? '' };
    })().catch((error: unknown) => {
      identity = null;
      throw error;
    });
    return identity;
  };
  const parsePool = options.parser ? null : new ParsePool({ threads: options.parseThreads, fileBudgetMs: options.parseFileBudgetMs });
  return {
    clock,
    today: () => clock().toISOString().slice(0, 10),
    roadmaps: new RoadmapCache({
      maxEntries: options.cacheEntries ?? DEFAULT_CACHE_ENTRIES,
      maxBytes: options.cacheBytes,
      parse: options.parser ?? parsePool!.parse,
    }),
    parsePool,
    configs: new ConfigCache(),
    jobs,
    identity: resolveIdentity,
    ownComments: async () => isAppComment(await resolveIdentity()),
  };
}

/** The repository's config in a webhook handler, through the short-lived cache. */
export function repositoryConfig(
  context: ConfigContext & { repo(): { owner: string; repo: string } },
  services: AppServices,
): Promise<LoadedConfig> {
  return services.configs.get(context.repo(), () => loadConfig(context));
}

/** The parts of a webhook payload that tell who caused the event. */
export interface EventOrigin {
  sender?: { login: string; type?: string } | null;
  comment?: CommentLike | null;
}

/** Events the app caused itself (its labels, its comments) are ignored: no loops. */
export function isOwnEvent(payload: EventOrigin, identity: AppIdentity): boolean {
  const sender = payload.sender;
  if (sender?.type === 'Bot' && sender.login.toLowerCase() === botLogin(identity.slug).toLowerCase()) return true;
  return payload.comment?.performed_via_github_app?.id === identity.appId;
}
