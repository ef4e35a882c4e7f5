import { describeTransientFault } from './transient-faults.js';

/**
 * Probot's own throttle options only log a secondary rate limit; the server's
 * Octokit (src/github/octokit.ts `productionOctokit`) must wait `retry-after` and
 * retry instead.
 */
describeTransientFault(403, 'GitHub answers a secondary rate limit (403, retry-after 1) once (production throttling and retries)');
