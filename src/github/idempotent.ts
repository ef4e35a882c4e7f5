/**
 * Creating writes (a marked comment, a check run, the weekly issue) are not
 * idempotent: when GitHub's answer is lost — a 5xx or a dropped connection —
 * the write may still have landed, and Octokit's retry plugin would send it
 * again blindly, leaving a duplicate (SPEC §12). Such a write goes out with
 * Octokit's retries off (`NO_RETRIES`) through `createOnce`, which after an
 * unclear failure waits as Octokit would, looks for what it meant to create,
 * and creates it again only when it is still missing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { httpStatus } from './client.js';

/** Per-request options that turn `@octokit/plugin-retry` off for one request (it reads `request.retries`). */
export const NO_RETRIES = { request: { retries: 0 } } as const;

export interface RetryPolicy {
  /** Create attempts in all, the first included. */
  attempts: number;
  /** Back-off before retry n is n² × this (Octokit's `retryAfterBaseValue`). */
  backoffBaseMs: number;
}

/** `@octokit/plugin-retry`'s defaults: 3 retries after 1, 4 and 9 seconds. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 4, backoffBaseMs: 1000 });

interface RetryOptions {
  retry?: { enabled?: boolean; retries?: number; retryAfterBaseValue?: number };
}

/**
 * Octokit plugin: the client's own retry settings (`retry: { enabled,
 * retries, retryAfterBaseValue }`) become `createOnce`'s policy, so a client
 * built not to retry does not retry its creates either.
 */
export function retryPolicyPlugin(_octokit: unknown, options: RetryOptions): { createRetryPolicy: RetryPolicy } {
  const retry = options.retry ?? {};
  return {
    createRetryPolicy: {
      attempts: retry.enabled === false ? 1 : (retry.retries ?? DEFAULT_RETRY_POLICY.attempts - 1) + 1,
      backoffBaseMs: retry.retryAfterBaseValue ?? DEFAULT_RETRY_POLICY.backoffBaseMs,
    },
  };
}

/** The client's policy (`retryPolicyPlugin`), or Octokit's defaults for a client without the plugin. */
export function retryPolicyOf(octokit: object): RetryPolicy {
  return (octokit as { createRetryPolicy?: RetryPolicy }).createRetryPolicy ?? DEFAULT_RETRY_POLICY;
}

/**
 * A failure after which the write may or may not have happened: a 5xx, or no
 * answer at all (Octokit reports a dropped connection as a 500 without a
 * response). A 4xx is GitHub refusing the write: it did not happen.
 */
export function isUnclearFailure(error: unknown): boolean {
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

export interface CreateOnceSteps<T> {
  /** Looks for what `create` makes; null when it does not exist. */
  find: () => Promise<T | null>;
  /** Creates it; must be sent with `NO_RETRIES`. */
  create: () => Promise<T>;
}

/**
 * Creates something exactly once across lost answers: after an unclear
 * failure it backs off, finds what an earlier attempt may have created, and
 * creates it again only when missing — as often as the client's retry policy
 * allows. Costs the one `create` when GitHub answers.
 */
export async function createOnce<T>(octokit: object, steps: CreateOnceSteps<T>): Promise<T> {
  const policy = retryPolicyOf(octokit);
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps.create();
    } catch (error) {
      if (attempt >= policy.attempts || !isUnclearFailure(error)) throw error;
    }
    await sleep(attempt * attempt * policy.backoffBaseMs);
    const found = await steps.find();
    if (found !== null) return found;
  }
}
