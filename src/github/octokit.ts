/**
 * The Octokit classes every part of the product talks to GitHub with:
 * Probot's, with throttling and retries as production needs them (the
 * server, the CLI, the Action), or with neither (the nock tests, the bench's
 * no-op baseline).
 */
import Bottleneck from 'bottleneck/light.js';
import { ProbotOctokit } from 'probot';
import { retryPolicyPlugin } from './idempotent.js';

/** Times a request that hit a rate limit is sent again, each after the wait GitHub asks for. */
export const RATE_LIMIT_RETRIES = 2;

/**
 * The longest `retry-after` (seconds) worth waiting for: a primary limit can
 * ask for up to an hour, which would hold a job, and shutdown, that long.
 * The job fails instead and its next trigger (or the scheduler's retry) redoes it.
 */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

type RateLimitHandler = (
  retryAfter: number,
  request: { method: string; url: string },
  octokit: { log: { warn(message: string): void } },
  retryCount: number,
) => boolean;

export function retryRateLimit(kind: string): RateLimitHandler {
  return (retryAfter, request, octokit, retryCount) => {
    const retry = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
    octokit.log.warn(
      `roadmap-bot: ${kind} rate limit hit by ${request.method} ${request.url}; ` +
        (retry
          ? `retrying in ${retryAfter} s (retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES})`
          : `giving up${retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS ? ` (GitHub asks to wait ${retryAfter} s)` : ''}`),
    );
    return retry;
  };
}

/**
 * Probot's Octokit with throttling and retries, for production. Probot's own
 * throttle options (`probot/lib/octokit/get-octokit-throttle-options.js`)
 * replace `onSecondaryRateLimit` with one that only logs, so a secondary rate
 * limit would fail the job at once: these handlers wait GitHub's
 * `retry-after` and retry, a couple of times, for both kinds of limit. The
 * rest of Probot's options (Redis for clustered limits) are kept.
 * `timeScale` shortens every wait by the same factor: the pauses between
 * writes (1 s, 3 s before a comment, 2 s between searches), the retry
 * back-off and GitHub's `retry-after`; only tests set it.
 */
export function productionOctokit(timing: { timeScale?: number } = {}): typeof ProbotOctokit {
  const scale = timing.timeScale ?? 1;
  // Octokit's own default, scaled: one second of back-off or `retry-after`.
  const retryAfterBaseValue = 1000 * scale;
  const groups = scale === 1 ? {} : scaledGroups(scale);
  return ProbotOctokit.plugin(retryPolicyPlugin).defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { ...(options.retry as object | undefined), retryAfterBaseValue },
    throttle: {
      ...(options.throttle as object | undefined),
      ...groups,
      retryAfterBaseValue,
      onSecondaryRateLimit: retryRateLimit('secondary'),
      onRateLimit: retryRateLimit('primary'),
    },
  }));
}

/**
 * `@octokit/plugin-throttling`'s limiter groups with their pauses multiplied
 * by `scale` (same concurrency, same order), made once per client class so
 * that, as in production, every installation's client shares them.
 */
function scaledGroups(scale: number): Record<string, unknown> {
  const group = (id: string, maxConcurrent: number, minTime: number) =>
    new Bottleneck.Group({ id: `${id}-scaled`, maxConcurrent, minTime: Math.round(minTime * scale), timeout: 120_000 });
  return {
    global: group('octokit-global', 10, 0),
    auth: group('octokit-auth', 1, 0),
    search: group('octokit-search', 1, 2000),
    write: group('octokit-write', 1, 1000),
    notifications: group('octokit-notifications', 1, 3000),
  };
}

/** Probot's Octokit without throttling and retries: each request goes out at once and fails at once. */
export const UnthrottledOctokit = ProbotOctokit.plugin(retryPolicyPlugin).defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), enabled: false },
  retry: { enabled: false },
}));

/**
 * `ROADMAP_BOT_TEST_TIME_SCALE` read: 1 when unset, the factor when in
 * (0, 1], null when it is anything else.
 */
export function parseTimeScale(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return 1;
  const scale = Number(raw);
  return scale > 0 && scale <= 1 ? scale : null;
}
