import { Octokit } from '@octokit/rest';
import nock from 'nock';
import type { GitHubClient } from '../../src/github/client.js';
import { countRequests } from '../../src/github/request-count.js';

export const API = 'https://api.github.com';
export const OWNER = 'acme';
export const REPO = 'widgets';
export const SHA = 'c'.repeat(40);

/** A plain REST client: the adapters work with it as with Probot's. */
export function client(): GitHubClient {
  const quiet = () => undefined;
  return new Octokit({ auth: 'test-token', request: { retries: 0 }, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

export function api(): nock.Scope {
  return nock(API);
}

/** What `work` returns on a fresh client, with the number of requests it sent (`countRequests`). */
export async function withRequests<T>(work: (octokit: GitHubClient) => Promise<T>): Promise<{ result: T; requests: number }> {
  const octokit = client();
  const requests = countRequests(octokit);
  try {
    return { result: await work(octokit), requests: requests.count() };
  } finally {
    requests.stop();
  }
}
