/**
 * A simulated GitHub with one repository, an Octokit acting as the Actions
 * `GITHUB_TOKEN`, and a runner for the weekly job at a fixed clock.
 */
import { Octokit } from '@octokit/rest';
import { parseConfig, type Config } from '../../src/core/config/config.js';
import type { GitHubClient } from '../../src/github/client.js';
import { isAppComment } from '../../src/github/comments.js';
import { ACTIONS_IDENTITY, runWeeklyJob, type WeeklyJobOptions, type WeeklyJobResult } from '../../src/flows/weekly.js';
import { createSimulator, type IssueRecord, type Simulator } from '../../src/simulator/index.js';
import { generateAppKeyPair } from '../../src/simulator/keys.js';

export const TOKEN = 'ghs_actions-token-for-tests';
export const ACTIONS_LOGIN = 'github-actions[bot]';
/** A personal access token of the user `alice`. */
export const PERSONAL_TOKEN = 'ghp_alices-personal-token-for-tests';

let keys: { publicKey: string; privateKey: string } | null = null;

export function appKeys(): { publicKey: string; privateKey: string } {
  keys ??= generateAppKeyPair();
  return keys;
}

export interface Harness {
  simulator: Simulator;
  octokit: GitHubClient;
  owner: string;
  repo: string;
  fullName: string;
  /** Runs the job as `GITHUB_TOKEN` at `now` (the simulator's clock follows). */
  run(now: string, options?: { config?: Config; dryRun?: boolean; onlyIfMissing?: boolean; login?: string }): Promise<WeeklyJobResult>;
  /** Issues of the repository (pull requests excluded), each with its comments. */
  issues(): IssueRecord[];
  statusIssues(): IssueRecord[];
  close(): Promise<void>;
}

export function configWith(raw: Record<string, unknown> = {}): Config {
  const { config, problems } = parseConfig(raw);
  if (problems.length > 0) throw new Error(`bad test config: ${JSON.stringify(problems)}`);
  return config;
}

export async function startHarness(files: Record<string, string>, fullName = 'acme/roadmap'): Promise<Harness> {
  const simulator = createSimulator({
    appId: 1,
    publicKey: appKeys().publicKey,
    staticTokens: { [TOKEN]: { login: ACTIONS_LOGIN }, [PERSONAL_TOKEN]: { login: 'alice' } },
  });
  simulator.setClock('2026-01-01T00:00:00Z');
  simulator.createRepository(fullName, { files });
  const { url } = await simulator.start();
  // Quiet: some tests make GitHub fail on purpose.
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const octokit = new Octokit({ baseUrl: url, auth: TOKEN, log: quiet }) as unknown as GitHubClient;
  const [owner, repo] = fullName.split('/');
  const issues = (): IssueRecord[] => simulator.snapshot().issues[fullName] ?? [];
  return {
    simulator,
    octokit,
    owner,
    repo,
    fullName,
    async run(now, options = {}) {
      simulator.setClock(now);
      const job: WeeklyJobOptions = {
        owner,
        repo,
        now: new Date(now),
        config: options.config ?? configWith(),
        configProblems: [],
        identity: { isOwn: isAppComment(ACTIONS_IDENTITY), login: 'login' in options ? options.login : ACTIONS_LOGIN },
        dryRun: options.dryRun,
        onlyIfMissing: options.onlyIfMissing,
      };
      return runWeeklyJob(octokit, job);
    },
    issues,
    statusIssues: () => issues().filter((issue) => issue.labels.includes('roadmap-status')),
    close: () => simulator.close(),
  };
}

/** A small roadmap: one top goal (owned by alice) requiring one group (owned by bob). */
export function smallRoadmap(options: { target?: string; title?: string } = {}): Record<string, string> {
  return {
    'README.md': '# A project\n',
    'roadmap/async.md': [
      '---',
      'id: async',
      'owners: [alice]',
      'requires: [async-traits]',
      '---',
      `# 🎯 ${options.title ?? 'Async Rust is delightful'}`,
      '',
      '## Status quo as of 2026-10',
      '',
      'Async works, with rough edges.',
      '',
      `## Where we want to be by ${options.target ?? '2027-03'}`,
      '',
      'Async closures everywhere.',
      '',
      '- [x] Async closures `done`',
      '- [ ] Async drop `design`',
      '',
    ].join('\n'),
    'roadmap/async-traits.md': [
      '---',
      'id: async-traits',
      'owners: [bob]',
      '---',
      '# Async functions in traits',
      '',
      '## Status quo as of 2026-11-01',
      '',
      'Stable for static dispatch.',
      '',
      '- [ ] dyn async traits `implementation`',
      '- [x] static async traits `done`',
      '',
    ].join('\n'),
  };
}
