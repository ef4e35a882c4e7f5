/**
 * Label sync's wiring (the sync is src/flows/label-sync.ts): on installation,
 * on repositories added to it, and on pushes to the default branch that touch
 * the roadmap or the config, a job per repository.
 */
import type { Context, Probot } from 'probot';
import { syncRepository, touchesRoadmap } from '../flows/label-sync.js';
import { logConfigProblems } from '../flows/log.js';
import { pushChangedFiles } from '../github/push.js';
import { unlessOwnEvent } from './handler.js';
import { jobOf } from './jobs.js';
import { repositoryConfig, type AppServices } from './services.js';

/** Queues one label sync per repository; syncs of one repository never overlap (two could post the same link comment twice). */
async function syncInstalledRepositories(
  context: Context<'installation.created' | 'installation_repositories.added'>,
  services: AppServices,
  repositories: { full_name: string }[],
): Promise<void> {
  for (const { full_name } of repositories) {
    const [owner, repo] = full_name.split('/');
    await services.jobs.enqueue(jobOf(context, 'label-sync', { owner, repo }));
  }
}

async function syncOnPush(context: Context<'push'>, services: AppServices): Promise<void> {
  const push = context.payload;
  const branch = push.repository.default_branch;
  const { owner, repo } = context.repo();
  services.configs.forget({ owner, repo });
  const loaded = await repositoryConfig(context, services);
  logConfigProblems(context.log, `${owner}/${repo}`, loaded.problems);
  if (!loaded.config.labels.sync) return;
  const changed = await pushChangedFiles(context.octokit, {
    owner,
    repo,
    before: push.before,
    after: push.after,
    commits: push.commits,
  });
  if (changed && !touchesRoadmap(changed, loaded.config.roadmap.paths)) return;
  await syncRepository(context.octokit, services, context.log, {
    owner,
    repo,
    sha: push.after,
    branch,
    before: push.before,
    repositoryUrl: push.repository.html_url,
    loaded,
  });
}

export function registerLabelSync(app: Probot, services: AppServices): void {
  services.jobs.handle('label-sync', async (context, job) => {
    await syncRepository(context.octokit, services, context.log, { owner: job.owner, repo: job.repo });
  });
  services.jobs.handle('push', (context) => syncOnPush(context as Context<'push'>, services));

  app.on(
    'installation.created',
    unlessOwnEvent(services, (context) => syncInstalledRepositories(context, services, context.payload.repositories ?? [])),
  );

  app.on(
    'installation_repositories.added',
    unlessOwnEvent(services, (context) => syncInstalledRepositories(context, services, context.payload.repositories_added)),
  );

  app.on(
    'push',
    unlessOwnEvent(services, async (context) => {
      const push = context.payload;
      if (push.deleted || push.ref !== `refs/heads/${push.repository.default_branch}`) return;
      await services.jobs.enqueue(jobOf(context, 'push', context.repo()));
    }),
  );
}
