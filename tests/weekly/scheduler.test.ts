import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Probot } from 'probot';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { weeklySchedulerService, WeeklyScheduler, type SchedulerServices } from '../../src/app/scheduler.js';
import { runWeeklyNow } from '../../src/app/weekly-now.js';
import { UnthrottledOctokit } from '../../src/github/octokit.js';
import { serveWith } from '../../src/cli/commands/serve.js';
import type { GitHubClient } from '../../src/github/client.js';
import { RoadmapCache } from '../../src/github/roadmap-cache.js';
import { runWeeklyJob, type WeeklyJobOptions } from '../../src/flows/weekly.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { appKeys, smallRoadmap } from './harness.js';

const APP_ID = 1;
const INSTALLATION = 7;

interface World {
  simulator: Simulator;
  probot: Probot;
  services: SchedulerServices & { setNow(iso: string): void };
  errors: ReturnType<typeof vi.fn>;
  warnings: ReturnType<typeof vi.fn>;
  statusIssues(repo: string): { number: number; title: string; state: string }[];
}

let world: World | null = null;
let scheduler: WeeklyScheduler | null = null;

afterEach(async () => {
  scheduler?.stop();
  scheduler = null;
  await world?.simulator.close();
  world = null;
});

function config(lines: string[]): Record<string, string> {
  return { '.github/roadmap-bot.yml': `${lines.join('\n')}\n` };
}

async function startWorld(): Promise<World> {
  const simulator = createSimulator({ appId: APP_ID, publicKey: appKeys().publicKey });
  simulator.setClock('2026-11-20T00:00:00Z');
  simulator.createRepository('acme/roadmap', { files: { ...smallRoadmap(), ...config(['weekly:', '  day: monday', '  time: "09:00"']) } });
  simulator.createRepository('acme/broken', { files: smallRoadmap() });
  simulator.createRepository('acme/far-west', { files: { ...smallRoadmap(), ...config(['weekly:', '  timezone: Pacific/Pago_Pago']) } });
  simulator.createRepository('acme/off', { files: { ...smallRoadmap(), ...config(['weekly:', '  enabled: false']) } });
  simulator.createRepository('acme/no-roadmap', { files: { 'README.md': '# hi\n' } });
  simulator.createRepository('acme/typo', { files: { ...smallRoadmap(), ...config(['weekly:', '  day: mondy']) } });
  simulator.addInstallation(INSTALLATION, 'acme', [
    'acme/roadmap',
    'acme/broken',
    'acme/far-west',
    'acme/off',
    'acme/no-roadmap',
    'acme/typo',
  ]);
  const { url } = await simulator.start();
  const probot = new Probot({
    appId: APP_ID,
    privateKey: appKeys().privateKey,
    baseUrl: url,
    Octokit: UnthrottledOctokit,
    logLevel: 'silent' as 'info',
  });
  const errors = vi.fn();
  const warnings = vi.fn();
  await probot.auth();
  vi.spyOn(probot.log, 'error').mockImplementation(errors as never);
  vi.spyOn(probot.log, 'warn').mockImplementation(warnings as never);
  let now = new Date('2026-11-30T11:05:00Z');
  const services = {
    clock: () => now,
    roadmaps: new RoadmapCache(),
    identity: async () => ({ appId: APP_ID, slug: 'roadmap-bot' }),
    setNow: (iso: string) => {
      now = new Date(iso);
      simulator.setClock(iso);
    },
  };
  // Monday 11:05 UTC: past 09:00 in UTC, still Monday 00:05 in Pago Pago (UTC−11).
  services.setNow('2026-11-30T11:05:00Z');
  world = {
    simulator,
    probot,
    services,
    errors,
    warnings,
    statusIssues: (repo) => (simulator.snapshot().issues[repo] ?? []).filter((issue) => issue.labels.includes('roadmap-status')),
  };
  return world;
}

/** The real job, except that acme/broken always fails. */
async function jobFailingForBroken(octokit: GitHubClient, options: WeeklyJobOptions) {
  if (options.repo === 'broken') throw new Error('GitHub answered 502');
  return runWeeklyJob(octokit, options);
}

function outcomeOf(report: { outcomes: { repository: string; outcome: string }[] }): Record<string, string> {
  return Object.fromEntries(report.outcomes.map((entry) => [entry.repository, entry.outcome]));
}

describe('the weekly scheduler', () => {
  test('posts where due, waits where not, and one failing repository does not stop the others', async () => {
    const w = await startWorld();
    scheduler = new WeeklyScheduler(w.probot, w.services, { runJob: jobFailingForBroken });
    const first = await scheduler.tick();
    expect(outcomeOf(first)).toEqual({
      'acme/roadmap': 'created',
      'acme/broken': 'failed',
      'acme/far-west': 'waiting',
      'acme/off': 'disabled',
      'acme/no-roadmap': 'skipped',
      'acme/typo': 'created',
    });
    expect(w.statusIssues('acme/roadmap').map((issue) => issue.title)).toEqual(['Roadmap status — 2026-W49']);
    expect(w.statusIssues('acme/far-west')).toEqual([]);
    expect(w.statusIssues('acme/off')).toEqual([]);
    expect(w.errors).toHaveBeenCalledTimes(1);
    expect(String(w.errors.mock.calls[0][1])).toContain('acme/broken');

    // Minutes later: nothing is due again, and the failing repository waits before retrying.
    w.services.setNow('2026-11-30T11:10:00Z');
    w.simulator.resetRequests();
    const second = await scheduler.tick();
    expect(outcomeOf(second)).toMatchObject({ 'acme/roadmap': 'waiting', 'acme/broken': 'waiting', 'acme/far-west': 'waiting' });
    const repositoryRequests = w.simulator.requests.filter((request) => request.path.startsWith('/repos/'));
    expect(repositoryRequests).toEqual([]);

    // 09:00 in Pago Pago (UTC−11) is 20:00 UTC.
    w.services.setNow('2026-11-30T20:00:00Z');
    const evening = await scheduler.tick();
    expect(outcomeOf(evening)['acme/far-west']).toBe('created');
    expect(outcomeOf(evening)['acme/broken']).toBe('failed');
    expect(w.statusIssues('acme/far-west').map((issue) => issue.title)).toEqual(['Roadmap status — 2026-W49']);
    expect(w.statusIssues('acme/roadmap')).toHaveLength(1);
  });

  test('a week whose time passed while the server was down is posted at the first check', async () => {
    const w = await startWorld();
    w.services.setNow('2026-12-02T15:00:00Z');
    const report = await new WeeklyScheduler(w.probot, w.services).tick();
    expect(outcomeOf(report)['acme/roadmap']).toBe('created');
    expect(w.statusIssues('acme/roadmap').map((issue) => issue.title)).toEqual(['Roadmap status — 2026-W49']);
  });

  test('a restarted scheduler never posts the week twice', async () => {
    const w = await startWorld();
    await new WeeklyScheduler(w.probot, w.services).tick();
    const restarted = new WeeklyScheduler(w.probot, w.services);
    const report = await restarted.tick();
    expect(outcomeOf(report)['acme/roadmap']).toBe('skipped');
    expect(w.statusIssues('acme/roadmap')).toHaveLength(1);

    // Next Monday: a new issue, last week's closed.
    w.services.setNow('2026-12-07T09:00:00Z');
    const nextWeek = await restarted.tick();
    expect(outcomeOf(nextWeek)['acme/roadmap']).toBe('created');
    const issues = w.statusIssues('acme/roadmap');
    expect(issues.map((issue) => [issue.title, issue.state])).toEqual([
      ['Roadmap status — 2026-W49', 'closed'],
      ['Roadmap status — 2026-W50', 'open'],
    ]);
  });

  test('as the server’s background service it checks once soon after starting, outside the caller’s turn; stop() ends it', async () => {
    const w = await startWorld();
    w.simulator.resetRequests();
    scheduler = weeklySchedulerService()({ probot: w.probot, bot: { services: () => w.services } });
    expect(w.simulator.requests).toHaveLength(0);
    expect(scheduler.nextCheck()).toBeInstanceOf(Date);
    await vi.waitFor(() => expect(w.statusIssues('acme/roadmap')).toHaveLength(1), { timeout: 10_000 });
    scheduler.stop();
    expect(scheduler.nextCheck()).toBeNull();
  });

  test('stopped before its first check, it never makes that check', async () => {
    const w = await startWorld();
    w.simulator.resetRequests();
    scheduler = new WeeklyScheduler(w.probot, w.services).start();
    await scheduler.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(w.simulator.requests).toHaveLength(0);
  });

  test('stop() resolves only once the pass under way is done', async () => {
    const w = await startWorld();
    let release = (): void => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = vi.fn();
    scheduler = new WeeklyScheduler(w.probot, w.services, {
      concurrency: 1,
      runJob: async (octokit, options) => {
        started();
        await blocked;
        return runWeeklyJob(octokit, options);
      },
    });
    const pass = scheduler.tick();
    await vi.waitFor(() => expect(started).toHaveBeenCalled(), { timeout: 10_000 });
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(outcomeOf(await pass)['acme/roadmap']).toBe('created');
  });

  test('reads the installed repositories once an hour, and again after an installation webhook', async () => {
    const w = await startWorld();
    scheduler = new WeeklyScheduler(w.probot, w.services).followInstallations(w.probot.webhooks);
    const listings = () =>
      w.simulator.requests.filter((request) => request.path === '/app/installations' || request.path === '/installation/repositories');
    await scheduler.tick();
    expect(listings().length).toBeGreaterThan(0);

    w.services.setNow('2026-11-30T11:10:00Z');
    w.simulator.resetRequests();
    await scheduler.tick();
    expect(listings()).toEqual([]);

    // A new installation is heard of by webhook and worked on at the next check.
    w.simulator.createRepository('zeta/plans', { files: smallRoadmap() });
    w.simulator.addInstallation(8, 'zeta', ['zeta/plans']);
    await w.probot.receive({ id: 'delivery-1', name: 'installation', payload: { action: 'created', installation: { id: 8 } } } as never);
    w.services.setNow('2026-11-30T11:15:00Z');
    const afterWebhook = await scheduler.tick();
    expect(listings().length).toBeGreaterThan(0);
    expect(outcomeOf(afterWebhook)['zeta/plans']).toBe('created');

    w.simulator.resetRequests();
    w.services.setNow('2026-11-30T12:00:00Z');
    await scheduler.tick();
    expect(listings()).toEqual([]);
    w.services.setNow('2026-11-30T12:16:00Z');
    await scheduler.tick();
    expect(listings().length).toBeGreaterThan(0);
  });

  test('logs a repository’s config problems the way the webhook handlers do', async () => {
    const w = await startWorld();
    await new WeeklyScheduler(w.probot, w.services).tick();
    const typo = w.warnings.mock.calls.find(([, text]) => String(text).includes('acme/typo'));
    expect(typo?.[0]).toMatchObject({ repository: 'acme/typo', key: 'weekly.day' });
    expect(String(typo?.[1])).toContain('acme/typo .github/roadmap-bot.yml: weekly.day:');
  });

  test('`serve` starts it unless ROADMAP_BOT_SCHEDULER=off, and refuses a value it does not know', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'roadmap-bot-scheduler-'));
    try {
      const serve = async (value: string) => {
        const started = vi.fn(() => ({ stop: () => undefined }));
        let err = '';
        const io = { stdout: () => undefined, stderr: (text: string) => void (err += text), stderrIsTTY: false, cwd, today: '2026-11-30' };
        const env = {
          APP_ID: '42',
          PRIVATE_KEY: appKeys().privateKey,
          WEBHOOK_SECRET: 'x',
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          ROADMAP_BOT_SCHEDULER: value,
        };
        const run = serveWith({ env, shutdown: async () => undefined, runSetup: vi.fn(), scheduler: started });
        const code = await run({ values: {}, positionals: [], help: false }, io);
        return { code, started: started.mock.calls.length, err };
      };
      expect(await serve('on')).toMatchObject({ code: 0, started: 1 });
      expect(await serve('off')).toMatchObject({ code: 0, started: 0 });
      const unknown = await serve('disabled');
      expect(unknown).toMatchObject({ code: 1, started: 0 });
      expect(unknown.err).toContain('ROADMAP_BOT_SCHEDULER=disabled must be on or off');
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  test('runWeeklyNow posts for one repository with its config, even where the scheduler is switched off', async () => {
    const w = await startWorld();
    const octokit = (await w.probot.auth(INSTALLATION)) as never;
    const result = await runWeeklyNow(octokit, w.services, { owner: 'acme', repo: 'off' });
    expect(result.action).toBe('created');
    expect(result.configProblems).toEqual([]);
    expect(w.statusIssues('acme/off')).toHaveLength(1);
  });
});
