/**
 * The command line as bin/roadmap-bot.js runs it: the esbuild bundle of
 * scripts/build-cli.mjs, built here into a folder of its own laid out like
 * the package (build/, examples/, node_modules/), so nothing else that
 * rebuilds build/ interferes. Each command finds what it needs relative to
 * itself (the parse worker, the example roadmap), and `check` runs with the
 * server's packages made unloadable: it never loads them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRedis, waitForOutput, type RedisServer } from '../../src/bench/redis-server.js';
import { runCli } from '../../src/cli/run.js';
import { keys } from '../app/helpers.js';
import { captureIo, EXAMPLE_BASE, NOW, REPO_ROOT, runProcess } from '../cli/helpers.js';

const root = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-bundle-'));
const main = path.join(root, 'build/cli/main.js');
/** An `--import` module that makes the server's packages fail to resolve. */
const refuseServer = path.join(root, 'refuse-server.mjs');

beforeAll(async () => {
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  symlinkSync(path.join(REPO_ROOT, 'examples'), path.join(root, 'examples'));
  const hooks = `export async function resolve(specifier, context, next) {
  if (/^(probot|bullmq|ioredis|pino)(\\/|$)/.test(specifier)) throw new Error('loaded ' + specifier);
  return next(specifier, context);
}\n`;
  writeFileSync(path.join(root, 'refuse-hooks.mjs'), hooks);
  writeFileSync(refuseServer, "import { register } from 'node:module';\nregister(new URL('./refuse-hooks.mjs', import.meta.url));\n");
  const built = await runProcess(process.execPath, ['scripts/build-cli.mjs', path.join(root, 'build')], {
    cwd: REPO_ROOT,
    env: process.env,
  });
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function bundled(args: string[], nodeFlags: string[] = []) {
  return runProcess(process.execPath, [...nodeFlags, main, ...args], { cwd: root, env: { PATH: process.env.PATH } });
}

/** Runs `check` from the bundle, unable to load the server, and expects exactly what the sources print in-process. */
async function expectCheckAsFromSources(args: string[]): Promise<string> {
  const checked = await bundled(args, ['--import', refuseServer]);
  const io = captureIo(root);
  const code = await runCli(args, io);
  expect(checked.stderr).toBe('');
  expect(checked.code).toBe(code);
  expect(checked.stdout).toBe(io.out());
  return checked.stdout;
}

test('check on the example prints what the sources print, without loading the server', async () => {
  expect(await expectCheckAsFromSources(['check', EXAMPLE_BASE, '--now', NOW])).toContain('13 nodes (3 top goals) in 10 files');
});

test('the hook really refuses the server: serve, under it, fails to load', async () => {
  const served = await bundled(['serve'], ['--import', refuseServer]);
  expect(served.code).toBe(3);
  expect(served.stderr).toMatch(/loaded (probot|bullmq|ioredis|pino)/);
});

test('check on a roadmap too large to parse inline uses the bundled parse worker', async () => {
  const dir = path.join(root, 'large');
  mkdirSync(path.join(dir, 'roadmap'), { recursive: true });
  const goals = Array.from({ length: 400 }, (_, index) =>
    [
      `  - id: goal-${index}`,
      `    title: Goal number ${index} of the large roadmap`,
      '    statusQuo:',
      '      asOf: August 2026',
      `      text: Where goal ${index} stands today, in a sentence long enough to count.`,
      '    targets:',
      '      - by: Q4 2027',
      `        text: Where goal ${index} should be by the end of next year.`,
    ].join('\n'),
  );
  const text = `goals:\n${goals.join('\n')}\n`;
  expect(text.length).toBeGreaterThan(64 * 1024);
  writeFileSync(path.join(dir, 'roadmap/goals.yml'), text);
  expect(await expectCheckAsFromSources(['check', dir, '--now', NOW])).toContain('400 nodes');
}, 30_000);

test('demo finds the example roadmap next to the bundle', async () => {
  const demo = await bundled(['demo', '--json', '--now', NOW]);
  expect(demo.code).toBe(0);
  const transcript = JSON.parse(demo.stdout) as { requests: unknown[] };
  expect(transcript.requests.length).toBeGreaterThan(10);
}, 60_000);

describe('serve from the bundle', () => {
  let redis: RedisServer | null = null;
  afterAll(async () => {
    await redis?.stop();
  });

  async function serveUntilListening(env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, [main, 'serve'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        APP_ID: '1',
        PRIVATE_KEY: keys.privateKey,
        WEBHOOK_SECRET: 'secret',
        PORT: '0',
        HOST: '127.0.0.1',
        ROADMAP_BOT_SCHEDULER: 'off',
        ...env,
      },
    });
    try {
      const [, url] = await waitForOutput(child, /serving on (http:\/\/[^;\s]+);/, 'the bundled server');
      const refused = await fetch(`${url}/api/github/webhooks`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      return `${refused.status}`;
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }

  test('without REDIS_URL', async () => {
    expect(await serveUntilListening({})).toMatch(/^4\d\d$/);
  }, 60_000);

  test('with REDIS_URL', async () => {
    redis = await startRedis();
    expect(await serveUntilListening({ REDIS_URL: redis.url })).toMatch(/^4\d\d$/);
  }, 60_000);
});
