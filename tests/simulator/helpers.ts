import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { generateAppKeyPair } from '../../src/simulator/keys.js';

export const APP_ID = 4242;
export const INSTALLATION_ID = 77;
export const REPO = { owner: 'acme', repo: 'roadmap' } as const;

/** One RSA key pair for the whole test run (generation is the slow part). */
export const appKeys = generateAppKeyPair();

export const ROADMAP_FILES: Record<string, string> = {
  'README.md': '# Acme\n',
  'roadmap/goals/ship.md': '# Ship it\n\nstatus: doing\n',
  'roadmap/goals/scale.md': '# Scale\n\nstatus: idea\n',
  'roadmap/tree.toml': '[group]\nname = "core"\n',
};

export interface Harness {
  sim: Simulator;
  url: string;
  /** Authenticated as the App's installation, through @octokit/auth-app. */
  octokit: Octokit;
  /** Authenticated as the App itself (JWT). */
  appOctokit: Octokit;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const sim = createSimulator({ appId: APP_ID, publicKey: appKeys.publicKey, ...options });
  sim.createRepository(`${REPO.owner}/${REPO.repo}`, { files: ROADMAP_FILES });
  sim.createRepository('acme/elsewhere');
  sim.addInstallation(INSTALLATION_ID, REPO.owner, [`${REPO.owner}/${REPO.repo}`]);
  const { url } = await sim.start();
  const auth = { appId: APP_ID, privateKey: appKeys.privateKey };
  return {
    sim,
    url,
    octokit: new Octokit({ baseUrl: url, authStrategy: createAppAuth, auth: { ...auth, installationId: INSTALLATION_ID }, log: quietLog }),
    appOctokit: new Octokit({ baseUrl: url, authStrategy: createAppAuth, auth, log: quietLog }),
  };
}

/** Octokit warns on every 4xx; the tests provoke many on purpose. */
export const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The rejection of a call that must fail, for asserting GitHub's status and body. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; data: any; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    const failed = error as { status: number; response?: { data: unknown; headers: Record<string, string> } };
    return { status: failed.status, data: failed.response?.data, headers: failed.response?.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}
