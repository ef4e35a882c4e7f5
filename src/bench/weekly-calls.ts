/**
 * API calls of the weekly job for a busy repository (SPEC §12: at most 25
 * for 2,000 linked issues), counted on the GitHub simulator: a roadmap of
 * top goals and their groups, 2,000 issues carrying goal labels (some opened
 * and some closed in the week), pull requests and unrelated issues next to
 * them, and last week's status issue to read the snapshot from and close.
 */
import { Octokit } from '@octokit/rest';
import { parseConfig, type Config } from '../core/config/config.js';
import type { GitHubClient } from '../github/client.js';
import { ACTIONS_IDENTITY, runWeeklyJob, weeklyIdentity, type WeeklyJobResult } from '../flows/weekly.js';
import { createSimulator, type Simulator } from '../simulator/index.js';
import { generateAppKeyPair } from '../simulator/keys.js';

export interface WeeklyCallsOptions {
  /** Issues carrying a goal label (default 2,000). */
  linkedIssues?: number;
  /** Top goals (default 10), each requiring `groupsPerGoal` groups (default 4). */
  goals?: number;
  groupsPerGoal?: number;
}

/** What one goal's issues should show in the body (rolled up over its groups). */
export interface ExpectedGoalIssues {
  goal: string;
  opened: number;
  closed: number;
  open: number;
}

export interface WeeklyCallsMeasurement {
  linkedIssues: number;
  nodes: number;
  /** Calls the job counted itself. */
  calls: number;
  /** Requests the simulator received during the measured run. */
  requests: number;
  /** Requests per route, e.g. `POST /graphql`. */
  byRoute: Record<string, number>;
  result: WeeklyJobResult;
  expected: ExpectedGoalIssues[];
}

export const ACTIONS_TOKEN = 'ghs_weekly-bench-actions-token';
export const ACTIONS_LOGIN = 'github-actions[bot]';

const REPOSITORY = 'bench-org/roadmap';
const LAST_WEEK = new Date('2026-11-23T09:00:00Z');
const THIS_WEEK = new Date('2026-11-30T09:00:00Z');
const DAY_MS = 86_400_000;

const STATUSES = ['not-started', 'exploration', 'design', 'implementation', 'stabilization', 'done'];

/** A roadmap of goal pages: `goals` top goals, each requiring `groupsPerGoal` groups with a few items. */
export function benchRoadmapFiles(goals: number, groupsPerGoal: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let goal = 1; goal <= goals; goal++) {
    const groups = Array.from({ length: groupsPerGoal }, (_, index) => `goal-${goal}-part-${index + 1}`);
    files[`roadmap/goal-${goal}.md`] = [
      '---',
      `id: goal-${goal}`,
      `owners: [owner-${goal}]`,
      `requires: [${groups.join(', ')}]`,
      '---',
      `# 🎯 Goal number ${goal}`,
      '',
      '## Status quo as of 2026-10',
      '',
      `Where goal ${goal} stands.`,
      '',
      `## Where we want to be by ${goal % 3 === 0 ? '2026-11-15' : 'Q2 2027'}`,
      '',
      `What goal ${goal} should reach.`,
      '',
    ].join('\n');
    groups.forEach((group, index) => {
      const items = Array.from(
        { length: 3 },
        (_, item) =>
          `- [${(item + index) % 4 === 0 ? 'x' : ' '}] Item ${item + 1} of ${group} \`${STATUSES[(goal + index + item) % STATUSES.length]}\``,
      );
      files[`roadmap/${group}.md`] = [
        '---',
        `id: ${group}`,
        '---',
        `# Part ${index + 1} of goal ${goal}`,
        '',
        `## Status quo as of ${index % 2 === 0 ? '2026-11-01' : '2025-01'}`,
        '',
        'Progress so far.',
        '',
        ...items,
        '',
      ].join('\n');
    });
  }
  return files;
}

function isoAt(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Seeds `count` labelled issues spread over the nodes: every 23rd opened
 * this week, every 41st closed this week, a third closed long ago, the rest
 * open. Returns what each top goal should report.
 */
function seedLinkedIssues(simulator: Simulator, count: number, goals: number, groupsPerGoal: number): ExpectedGoalIssues[] {
  const expected = Array.from({ length: goals }, (_, index) => ({ goal: `goal-${index + 1}`, opened: 0, closed: 0, open: 0 }));
  const nodesPerGoal = groupsPerGoal + 1;
  const windowStart = THIS_WEEK.getTime() - 7 * DAY_MS;
  for (let index = 0; index < count; index++) {
    const goal = index % goals;
    const member = Math.floor(index / goals) % nodesPerGoal;
    const node = member === 0 ? `goal-${goal + 1}` : `goal-${goal + 1}-part-${member}`;
    const openedThisWeek = index % 23 === 0;
    const closedThisWeek = !openedThisWeek && index % 41 === 1;
    const closedLongAgo = !openedThisWeek && !closedThisWeek && index % 3 === 2;
    const createdAt = openedThisWeek ? windowStart + ((index * 7_919) % (6 * DAY_MS)) : Date.parse('2025-06-01T00:00:00Z') + index * 60_000;
    const closedAt = closedThisWeek ? windowStart + DAY_MS + ((index * 104_729) % (5 * DAY_MS)) : Date.parse('2026-02-01T00:00:00Z');
    const closed = closedThisWeek || closedLongAgo;
    simulator.createIssue(REPOSITORY, {
      title: `Work on ${node} #${index + 1}`,
      labels: [`goal:${node}`, ...(index % 7 === 0 ? ['bug'] : [])],
      user: `contributor-${index % 37}`,
      createdAt: isoAt(createdAt),
      ...(closed ? { state: 'closed' as const, closedAt: isoAt(closedAt) } : {}),
    });
    const tally = expected[goal];
    if (openedThisWeek) tally.opened += 1;
    if (closedThisWeek) tally.closed += 1;
    if (!closed) tally.open += 1;
  }
  return expected;
}

/** Issues and pull requests that carry no goal label, some changed this week: they must cost little and count nothing. */
function seedUnrelated(simulator: Simulator): void {
  for (let index = 0; index < 150; index++) {
    simulator.createIssue(REPOSITORY, {
      title: `Unrelated issue ${index}`,
      labels: index % 2 === 0 ? ['bug'] : [],
      createdAt: isoAt(THIS_WEEK.getTime() - (index % 10) * DAY_MS - 3_600_000),
    });
  }
  simulator.createIssue(REPOSITORY, { title: 'Misspelt goal', labels: ['goal:goal-one'], createdAt: isoAt(THIS_WEEK.getTime() - DAY_MS) });
}

export function weeklyBenchConfig(): Config {
  return parseConfig({ weekly: { timezone: 'UTC' } }).config;
}

/** A started simulator with the bench repository and an Octokit acting as `GITHUB_TOKEN` does. */
export async function startWeeklyBench(options: WeeklyCallsOptions = {}): Promise<{
  simulator: Simulator;
  octokit: GitHubClient;
  expected: ExpectedGoalIssues[];
  nodes: number;
}> {
  const goals = options.goals ?? 10;
  const groupsPerGoal = options.groupsPerGoal ?? 4;
  const { publicKey } = generateAppKeyPair();
  const simulator = createSimulator({
    appId: 1,
    publicKey,
    staticTokens: { [ACTIONS_TOKEN]: { login: ACTIONS_LOGIN } },
  });
  simulator.setClock(isoAt(LAST_WEEK.getTime() - DAY_MS));
  simulator.createRepository(REPOSITORY, { files: benchRoadmapFiles(goals, groupsPerGoal) });
  const expected = seedLinkedIssues(simulator, options.linkedIssues ?? 2_000, goals, groupsPerGoal);
  seedUnrelated(simulator);
  const { url } = await simulator.start();
  const octokit = new Octokit({ baseUrl: url, auth: ACTIONS_TOKEN }) as unknown as GitHubClient;
  return { simulator, octokit, expected, nodes: goals * (groupsPerGoal + 1) };
}

/**
 * Runs last week's job (not counted), then this week's, and counts the calls
 * of this week's run: reading the roadmap, last week's snapshot, the linked
 * issues' activity, opening the issue and closing last week's.
 */
export async function measureWeeklyCalls(options: WeeklyCallsOptions = {}): Promise<WeeklyCallsMeasurement> {
  const { simulator, octokit, expected, nodes } = await startWeeklyBench(options);
  try {
    const [owner, repo] = REPOSITORY.split('/');
    const job = { owner, repo, config: weeklyBenchConfig(), configProblems: [], identity: weeklyIdentity(ACTIONS_IDENTITY) };
    simulator.setClock(isoAt(LAST_WEEK.getTime()));
    await runWeeklyJob(octokit, { ...job, now: LAST_WEEK });

    simulator.setClock(isoAt(THIS_WEEK.getTime()));
    simulator.resetRequests();
    const result = await runWeeklyJob(octokit, { ...job, now: THIS_WEEK });
    const byRoute: Record<string, number> = {};
    for (const request of simulator.requests) {
      const route = request.route ?? `${request.method} ${request.path}`;
      byRoute[route] = (byRoute[route] ?? 0) + 1;
    }
    return {
      linkedIssues: options.linkedIssues ?? 2_000,
      nodes,
      calls: result.calls,
      requests: simulator.requests.length,
      byRoute,
      result,
      expected,
    };
  } finally {
    await simulator.close();
  }
}
