/**
 * Who may run commands (SPEC §6): users with triage permission or more on the
 * repository. GitHub reports the role (`triage`, `maintain`, custom roles…)
 * in `role_name` and folds it into `permission` (`admin`/`write`/`read`/`none`).
 */
import { httpStatus, type GitHubClient, type RepositoryRef } from './client.js';

const TRIAGE_OR_MORE_ROLES = new Set(['triage', 'write', 'maintain', 'admin']);
const WRITE_OR_MORE_PERMISSIONS = new Set(['write', 'admin']);

export function allowsTriage(permission: { permission?: string | null; role_name?: string | null }): boolean {
  const role = permission.role_name?.toLowerCase() ?? '';
  const level = permission.permission?.toLowerCase() ?? '';
  return TRIAGE_OR_MORE_ROLES.has(role) || WRITE_OR_MORE_PERMISSIONS.has(level);
}

/** True when `username` has triage access or more; a non-collaborator (404) has not. */
export async function hasTriageAccess(
  octokit: GitHubClient,
  options: RepositoryRef & { username: string },
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: options.owner,
      repo: options.repo,
      username: options.username,
    });
    return allowsTriage(data);
  } catch (error) {
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}
