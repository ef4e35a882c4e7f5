/**
 * The Octokit surface the GitHub adapters need. Both Probot's installation
 * client (`context.octokit`) and `@octokit/rest` (the `weekly` CLI command
 * with GITHUB_TOKEN) satisfy it, so one adapter serves both.
 */
import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';
import type { Api } from '@octokit/plugin-rest-endpoint-methods';

export type GitHubClient = Octokit & Api & { paginate: PaginateInterface };

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
