/**
 * An in-process GitHub for the demo, the end-to-end tests and the bench:
 * the REST and GraphQL API roadmap-bot uses, installation-token auth, and
 * seeding helpers that write through the same rules as the API.
 *
 *   const sim = createSimulator({ appId: 1, publicKey });
 *   sim.createRepository('acme/roadmap', { files: { 'roadmap.md': '…' } });
 *   sim.addInstallation(7, 'acme', ['acme/roadmap']);
 *   const { url } = await sim.start();   // Octokit baseUrl (or `${url}/api/v3`)
 */
import { Authenticator } from './auth.js';
import { restRoutes } from './rest/index.js';
import { Router } from './router.js';
import { SimulatorServer } from './server.js';
import { SimulatorState, type Actor } from './state.js';
import type { SimulatorOptions, Simulator } from './types.js';

export type * from './types.js';
export { githubSchema } from './graphql.js';
export { generateAppKeyPair, type AppKeyPair } from './keys.js';

export function createSimulator(options: SimulatorOptions): Simulator {
  const state = new SimulatorState({ appId: options.appId, appSlug: options.appSlug ?? 'roadmap-bot' });
  const auth = new Authenticator(state, options.publicKey, options.staticTokens ?? {});
  const server = new SimulatorServer(state, auth, new Router(restRoutes));

  /** Seeded writes by the App's bot count as the App's, like its API writes. */
  const actorFor = (login: string): Actor => (login.toLowerCase() === state.botLogin ? state.appActor() : state.tokenActor(login));

  return {
    start: (port) => server.start(port),
    close: () => server.close(),
    get url() {
      return server.url;
    },
    addInstallation: (id, account, repos) => state.addInstallation(id, account, repos),
    createRepository: (fullName, repoOptions) => {
      const repo = state.createRepository(fullName, repoOptions);
      return { headSha: repo.git.head()!.sha };
    },
    commit: (fullName, branch, files, message = 'Update files') => state.commit(state.requireRepo(fullName), branch, files, message).sha,
    openPullRequest: (fullName, pullOptions) => {
      const repo = state.requireRepo(fullName);
      const pull = state.openPullRequest(repo, pullOptions);
      return state.pullRecord(repo, state.pull(repo, pull.number));
    },
    createIssue: (fullName, issueOptions) => {
      const repo = state.requireRepo(fullName);
      const { user = repo.owner, ...input } = issueOptions;
      return state.issueRecord(repo, state.createIssue(repo, input, actorFor(user)));
    },
    editIssueBody: (fullName, number, body, user) => {
      const repo = state.requireRepo(fullName);
      const issue = state.issue(repo, number);
      return state.issueRecord(repo, state.updateIssue(repo, issue, { body }, actorFor(user)));
    },
    editComment: (fullName, commentId, body, user) => {
      const repo = state.requireRepo(fullName);
      state.updateComment(repo, commentId, body, actorFor(user));
    },
    setPermission: (fullName, login, role) => state.setPermission(state.requireRepo(fullName), login, role),
    snapshot: () => state.snapshot(),
    setClock: (isoDateTime) => state.setClock(isoDateTime),
    get requests() {
      return server.requests;
    },
    resetRequests: () => server.resetRequests(),
    countRequests: (filter) => server.countRequests(filter),
    failNext: (fault) => server.failNext(fault),
  };
}
