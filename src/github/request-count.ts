/**
 * The API calls a flow makes, counted where Octokit sends them: a `before`
 * hook on the client's requests (REST, GraphQL and every page Octokit's
 * paginator fetches), so no adapter has to report its calls. The hook is
 * added after Octokit's plugins, so it sits outside them: a request the retry
 * or throttling plugin sends again counts once. An App client's
 * installation-token exchange passes through the hooks too, but it is the
 * App's authentication, not the flow's work (the bench leaves it out as well).
 */
import type { GitHubClient } from './client.js';

const TOKEN_EXCHANGE = /^\/app\/installations\/[^/]+\/access_tokens$/;

export interface RequestCount {
  /** Requests sent since `countRequests`, failed ones included. */
  count(): number;
  /** Stops counting (the client may be used again, e.g. by the CLI). */
  stop(): void;
}

/**
 * Counts the requests `octokit` sends from now on. Every request of the
 * client counts, so count one flow per client at a time.
 */
export function countRequests(octokit: Pick<GitHubClient, 'hook'>): RequestCount {
  let sent = 0;
  const countOne = (options: { url: string }): void => {
    if (!TOKEN_EXCHANGE.test(options.url)) sent += 1;
  };
  octokit.hook.before('request', countOne);
  return {
    count: () => sent,
    stop: () => octokit.hook.remove('request', countOne),
  };
}
