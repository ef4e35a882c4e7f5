/**
 * `src/flows/` holds one pipeline per use case (review, weekly, label sync,
 * issue labels, `/goal`): each reads through `src/github/`, calls the core,
 * writes through `src/github/`. No Probot here: the app and the CLI call them.
 *
 * What a flow needs from the running app, and nothing Probot-specific: the
 * clock, the roadmap cache and who the app is (its own comments carry the
 * markers). `AppServices` (src/app/services.ts) is one; the CLI builds one too.
 */
import type { AppIdentity, OwnCommentTest } from '../github/comments.js';
import type { RoadmapCache } from '../github/roadmap-cache.js';

export interface FlowServices {
  clock: () => Date;
  /** Today as an ISO day (UTC), from the clock. */
  today(): string;
  roadmaps: RoadmapCache;
  identity(): Promise<AppIdentity>;
  /** Tests whether a comment is the app's own (markers count only there). */
  ownComments(): Promise<OwnCommentTest>;
}
