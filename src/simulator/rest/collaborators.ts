/** A user's permission on a repository (commands check it before acting). */
import { route } from '../router.js';

export const collaboratorRoutes = [
  route(
    'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
    { docs: 'collaborators/collaborators#get-repository-permissions-for-a-user' },
    (context) => {
      const repo = context.repo();
      const { username } = context.params;
      return context.shapes.collaboratorPermission(username, context.state.roleOf(repo, username));
    },
  ),
];
