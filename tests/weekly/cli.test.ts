import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { scaledEnv } from '../setup/time.js';
import { parseCommandArgs } from '../../src/cli/args.js';
import type { CliIo } from '../../src/cli/command.js';
import { weeklyCommand, weeklyCommandWithEnv } from '../../src/cli/commands/weekly.js';
import { apiBaseUrl, parseRepository } from '../../src/cli/github-connection.js';
import { CliError, UsageError } from '../../src/cli/errors.js';
import { appKeys, smallRoadmap, startHarness, TOKEN, type Harness } from './harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    stderrIsTTY: false,
    cwd: process.cwd(),
    today: '2026-11-30',
  };
  return io;
}

async function runWeekly(argv: string[], env: Record<string, string | undefined>) {
  const io = capture();
  const command = weeklyCommandWithEnv(scaledEnv(env));
  const code = await command.run(parseCommandArgs(command.spec, argv), io);
  return { code, io };
}

describe('roadmap-bot weekly against a simulated GitHub', () => {
  test('with GITHUB_TOKEN it posts the issue as github-actions[bot] and says so', async () => {
    harness = await startHarness(smallRoadmap());
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: harness.simulator.url };
    const { code, io } = await runWeekly(['--repo', 'acme/roadmap', '--now', '2026-11-30'], env);
    expect(code).toBe(0);
    expect(io.out).toMatch(/^acme\/roadmap: roadmap status 2026-W49 created #\d+ as github-actions\[bot\] \(\d+ API calls\)\n$/);
    const [issue] = harness.statusIssues();
    expect(issue.user).toBe('github-actions[bot]');
    expect(issue.body).toContain('as of 2026-11-30');

    const again = await runWeekly(['--repo', 'acme/roadmap', '--now', '2026-11-30'], env);
    expect(again.io.out).toContain(`already up to date: #${issue.number}`);
    expect(harness.statusIssues()).toHaveLength(1);
  });

  test('--dry-run prints the body on stdout and writes nothing', async () => {
    harness = await startHarness(smallRoadmap());
    const { code, io } = await runWeekly(['--repo', 'acme/roadmap', '--now', '2026-12-31', '--dry-run'], {
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: `${harness.simulator.url}/`,
    });
    expect(code).toBe(0);
    expect(io.out).toContain('<!-- roadmap-bot:weekly 2026-W53 -->');
    expect(io.out).toContain('## Goals');
    expect(io.err).toContain('would be created');
    expect(harness.issues()).toEqual([]);
  });

  test('a repository without a roadmap gets nothing, and the command says why', async () => {
    harness = await startHarness({ 'README.md': '# hi\n' });
    const { code, io } = await runWeekly(['--repo', 'acme/roadmap'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: harness.simulator.url });
    expect(code).toBe(0);
    expect(io.out).toContain('nothing posted: no roadmap files');
  });

  test('an unknown repository is a clear error', async () => {
    harness = await startHarness(smallRoadmap());
    const failure = runWeekly(['--repo', 'acme/missing'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: harness.simulator.url });
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(/acme\/missing was not found, or the credentials cannot see it/);
  });

  test('with App credentials, a repository the App is not installed on is named', async () => {
    harness = await startHarness(smallRoadmap());
    const failure = runWeekly(['--repo', 'acme/roadmap'], {
      APP_ID: '1',
      PRIVATE_KEY: appKeys().privateKey,
      GITHUB_API_URL: harness.simulator.url,
    });
    await expect(failure).rejects.toThrow(/"roadmap-bot" is not installed on acme\/roadmap/);
  });

  test('with App credentials it finds the installation and posts as the App', async () => {
    harness = await startHarness(smallRoadmap());
    harness.simulator.addInstallation(42, 'acme', ['acme/roadmap']);
    const { code, io } = await runWeekly(['--repo', 'acme/roadmap', '--now', '2026-11-30'], {
      APP_ID: '1',
      PRIVATE_KEY: appKeys().privateKey,
      GITHUB_API_URL: harness.simulator.url,
    });
    expect(code).toBe(0);
    expect(io.out).toMatch(/roadmap status 2026-W49 created #\d+ as roadmap-bot\[bot\]/);
    const [issue] = harness.statusIssues();
    expect(issue.user).toBe('roadmap-bot[bot]');
  });

  test('PRIVATE_KEY may be the path of the .pem file; a path that cannot be read is named', async () => {
    harness = await startHarness(smallRoadmap());
    harness.simulator.addInstallation(42, 'acme', ['acme/roadmap']);
    const folder = await mkdtemp(path.join(tmpdir(), 'roadmap-bot-key-'));
    try {
      const keyFile = path.join(folder, 'app.private-key.pem');
      await writeFile(keyFile, appKeys().privateKey);
      const env = { APP_ID: '1', PRIVATE_KEY: keyFile, GITHUB_API_URL: harness.simulator.url };
      const { code, io } = await runWeekly(['--repo', 'acme/roadmap', '--now', '2026-11-30'], env);
      expect(code).toBe(0);
      expect(io.out).toMatch(/created #\d+ as roadmap-bot\[bot\]/);
      const missing = path.join(folder, 'missing.pem');
      await expect(runWeekly(['--repo', 'acme/roadmap'], { ...env, PRIVATE_KEY: missing })).rejects.toThrow(
        `PRIVATE_KEY ${missing} could not be read (ENOENT): fix the path`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('arguments and environment', () => {
  test('--repo is required and must be OWNER/NAME', () => {
    const usage = (message: string) => new UsageError(message, 'usage');
    expect(() => parseRepository(undefined, usage)).toThrow(UsageError);
    expect(() => parseRepository('just-a-name', usage)).toThrow(/expects OWNER\/NAME/);
    expect(() => parseRepository('a/b/c', usage)).toThrow(UsageError);
    expect(parseRepository('octo-org/road.map', usage)).toEqual({ owner: 'octo-org', repo: 'road.map' });
  });

  test('a malformed --now is a usage error before any request', async () => {
    await expect(
      runWeekly(['--repo', 'a/b', '--now', '2026-13-01'], { GITHUB_TOKEN: 'x', GITHUB_API_URL: 'http://127.0.0.1:9' }),
    ).rejects.toThrow(/--now expects an ISO day/);
  });

  test('a ROADMAP_BOT_TEST_TIME_SCALE outside (0, 1] is named before any request', async () => {
    await expect(
      runWeekly(['--repo', 'a/b'], { GITHUB_TOKEN: 'x', GITHUB_API_URL: 'http://127.0.0.1:9', ROADMAP_BOT_TEST_TIME_SCALE: '5' }),
    ).rejects.toThrow('ROADMAP_BOT_TEST_TIME_SCALE=5 must be a number above 0 and at most 1');
  });

  test('no credentials: says which variables to set', async () => {
    await expect(runWeekly(['--repo', 'a/b'], {})).rejects.toThrow(/GITHUB_TOKEN.*APP_ID with PRIVATE_KEY or PRIVATE_KEY_PATH/);
    await expect(runWeekly(['--repo', 'a/b'], { APP_ID: '5' })).rejects.toThrow(/PRIVATE_KEY or PRIVATE_KEY_PATH is not set/);
  });

  test('the API root: GITHUB_API_URL, else GHE_HOST with GHE_PROTOCOL, else github.com', () => {
    expect(apiBaseUrl({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl({ GHE_HOST: 'ghe.example.com' })).toBe('https://ghe.example.com/api/v3');
    expect(apiBaseUrl({ GHE_HOST: 'ghe.local', GHE_PROTOCOL: 'http' })).toBe('http://ghe.local/api/v3');
    expect(apiBaseUrl({})).toBe('https://api.github.com');
  });

  test('the command is exported with its usage', () => {
    expect(weeklyCommand.spec.name).toBe('weekly');
    expect(weeklyCommand.spec.synopsis).toBe('weekly --repo OWNER/NAME [--path GLOB]... [--now DATE] [--dry-run]');
  });
});
