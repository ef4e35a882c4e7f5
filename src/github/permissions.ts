/**
 * Who may run commands (SPEC §6): users with triage permission or more on the
 * repository. GitHub reports the role (`triage`, `maintain`, custom roles…)
 * in `role_name` and folds it into `permission` (`admin`/`write`/`read`/`none`):
 * a custom role based on triage reports `permission: read`. The response's
 * `user.permissions` says what the role grants (`triage: true`), so it is
 * asked first.
 */
import { httpStatus, type GitHubClient, type RepositoryRef } from './client.js';

const TRIAGE_OR_MORE_ROLES = new Set(['triage', 'write', 'maintain', 'admin']);
const WRITE_OR_MORE_PERMISSIONS = new Set(['write', 'admin']);

/** The fields of `GET /repos/{owner}/{repo}/collaborators/{username}/permission` that matter here. */
export interface CollaboratorPermission {
  permission?: string | null;
  role_name?: string | null;
  user?: { permissions?: { pull?: boolean; triage?: boolean; push?: boolean; maintain?: boolean; admin?: boolean } | null } | null;
}

export function allowsTriage(permission: CollaboratorPermission): boolean {
  const granted = permission.user?.permissions;
  if (granted && (granted.triage || granted.push || granted.maintain || granted.admin)) return true;
  const role = permission.role_name?.toLowerCase() ?? '';
  const level = permission.permission?.toLowerCase() ?? '';
  return TRIAGE_OR_MORE_ROLES.has(role) || WRITE_OR_MORE_PERMISSIONS.has(level);
}

/** True when `username` has triage access or more; a non-collaborator (404) has not. */
export async function hasTriageAccess(octokit: GitHubClient, options: RepositoryRef & { username: string }): Promise<boolean> {
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
