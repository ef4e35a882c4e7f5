/** The App's own routes (JWT) and the installation's repository list (installation token). */
import { notFound } from '../errors.js';
import { canAccessRepo, route } from '../router.js';

export const appRoutes = [
  route(
    'POST /app/installations/{installation_id}/access_tokens',
    { auth: 'app', status: 201, docs: 'apps/apps#create-an-installation-access-token-for-an-app' },
    ({ params, state, auth, shapes }) => {
      const issued = auth.issueInstallationToken(params.installation_id, params.repositories);
      const narrowed = params.repositories !== undefined;
      return {
        token: issued.token,
        expires_at: issued.expiresAt,
        permissions: state.app.permissions,
        repository_selection: 'selected' as const,
        ...(narrowed ? { repositories: issued.repos.flatMap((key) => state.repo(key) ?? []).map((repo) => shapes.repository(repo)) } : {}),
      };
    },
  ),

  route('GET /app', { auth: 'app', docs: 'apps/apps#get-the-authenticated-app' }, ({ state, shapes }) => shapes.app(state.app)),

  route('GET /app/installations', { auth: 'app', docs: 'apps/apps#list-installations-for-the-authenticated-app' }, (context) =>
    context
      .paginate([...context.state.installations.values()].sort((a, b) => a.id - b.id))
      .map((installation) => context.shapes.installationListItem(installation)),
  ),

  route(
    'GET /repos/{owner}/{repo}/installation',
    { auth: 'app', docs: 'apps/apps#get-a-repository-installation-for-the-authenticated-app' },
    ({ params, state, shapes }) => {
      const repo = state.repo(`${params.owner}/${params.repo}`);
      const installation = repo ? state.installationForRepo(repo) : undefined;
      if (!installation) throw notFound();
      return shapes.installation(installation);
    },
  ),

  route(
    'GET /installation/repositories',
    { docs: 'apps/installations#list-repositories-accessible-to-the-app-installation' },
    (context) => {
      const visible = [...context.state.repos.values()].filter((repo) => canAccessRepo(context.caller, repo)).sort((a, b) => a.id - b.id);
      return {
        total_count: visible.length,
        repository_selection: 'selected',
        repositories: context.paginate(visible).map((repo) => context.shapes.repository(repo)),
      };
    },
  ),
];
