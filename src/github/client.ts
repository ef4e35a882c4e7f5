/**
 * `src/github/` holds adapters only: each reads or writes one thing through
 * the GitHub API and imports nothing but src/core.
 *
 * The Octokit surface the GitHub adapters need. Both Probot's installation
 * client (`context.octokit`) and `@octokit/rest` (the `weekly` CLI command
 * with GITHUB_TOKEN) satisfy it, so one adapter serves both.
 */
import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';
import type { Api } from '@octokit/plugin-rest-endpoint-methods';

export type GitHubClient = Octokit & Api & { paginate: PaginateInterface };

type ConfigObject = Record<string, unknown>;

/** The part of Probot's Octokit (its config plugin) this needs, for work outside a webhook (the scheduler). */
export interface ConfigOctokit {
  config: {
    get(options: {
      owner: string;
      repo: string;
      path: string;
      defaults?: (configs: ConfigObject[]) => ConfigObject;
    }): Promise<{ config: unknown; files: { config: unknown }[] }>;
  };
}

/**
 * An installation's client as the app and the CLI hold it: the adapters'
 * surface plus the config plugin (`_extends` and the organisation's
 * `.github` repository) for work outside a webhook.
 */
export type AppOctokit = GitHubClient & ConfigOctokit;

export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit `RequestError`, if that is what was thrown. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** True for GitHub's 422 "already_exists" validation error (a label or comment created concurrently). */
export function isAlreadyExists(error: unknown): boolean {
  if (httpStatus(error) !== 422) return false;
  const data = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data;
  return data?.errors?.some((entry) => entry.code === 'already_exists') ?? false;
}
