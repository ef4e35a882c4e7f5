/** Every REST route the simulator serves. */
import type { RouteDefinition } from '../router.js';
import { appRoutes } from './apps.js';
import { checkRoutes } from './checks.js';
import { collaboratorRoutes } from './collaborators.js';
import { issueRoutes } from './issues.js';
import { labelRoutes } from './labels.js';
import { pullRoutes } from './pulls.js';
import { repoRoutes } from './repos.js';
import { searchRoutes } from './search.js';
import { userRoutes } from './users.js';

export const restRoutes: RouteDefinition[] = [
  ...appRoutes,
  ...repoRoutes,
  ...labelRoutes,
  ...issueRoutes,
  ...pullRoutes,
  ...checkRoutes,
  ...collaboratorRoutes,
  ...searchRoutes,
  ...userRoutes,
];
