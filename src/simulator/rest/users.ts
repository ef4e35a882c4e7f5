/**
 * `GET /user` as GitHub answers each kind of token: a personal token reads
 * its user; an installation token — an App's, or the Actions `GITHUB_TOKEN`,
 * which is the github-actions App's — gets 403, so such callers learn who
 * they are from GraphQL `viewer` instead.
 */
import { GitHubError } from '../errors.js';
import { route } from '../router.js';

export const userRoutes = [
  route('GET /user', { docs: 'users/users#get-the-authenticated-user' }, ({ caller, shapes, state }) => {
    if (caller.kind !== 'static' || caller.actor.viaApp !== null) throw new GitHubError(403, 'Resource not accessible by integration');
    const account = state.user(caller.actor.login);
    const stamp = state.now();
    return {
      ...shapes.user(caller.actor.login),
      name: null,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: stamp,
      updated_at: stamp,
      type: account.type,
    };
  }),
];
