/**
 * The npm package as a user gets it: `npm pack` (its prepack rebuilds
 * build/ from scratch), the tarball installed into an empty folder with
 * production dependencies only, then `npx roadmap-bot check` on the example
 * roadmap. Slow (a build and an install): one test.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureIo, EXAMPLE_BASE as EXAMPLE, NOW, REPO_ROOT as ROOT, runProcess, type ProcessResult } from '../cli/helpers.js';

const folder = mkdtempSync(path.join(tmpdir(), 'roadmap-bot-package-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The environment without npm's own `npm_*` variables (set when the tests run under `npm test` or `npx`). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string): Promise<ProcessResult> {
  return runProcess(command, args, { cwd, env: cleanEnv() });
}

async function inProcessCheck(): Promise<{ code: number; out: string }> {
  const io = captureIo();
  const code = await runCli(['check', EXAMPLE, '--now', NOW], io);
  return { code, out: io.out() };
}

test('the packed tarball, installed with --omit=dev, runs `npx roadmap-bot check` on the example', async () => {
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', folder], ROOT);
  expect(packed.stderr).not.toMatch(/ERR!/);
  expect(packed.code).toBe(0);
  const tarball = path.join(folder, packed.stdout.trim().split('\n').at(-1) ?? '');
  expect(existsSync(tarball)).toBe(true);

  const project = path.join(folder, 'project');
  await run('mkdir', ['-p', project], folder);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'uses-roadmap-bot', private: true }));
  const installed = await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  expect(installed.stderr).not.toMatch(/ERR!/);
  expect(installed.code).toBe(0);

  const shipped = path.join(project, 'node_modules/roadmap-bot');
  expect(readdirSync(shipped).sort()).toEqual(['README.md', 'bin', 'build', 'examples', 'package.json']);
  expect(readdirSync(path.join(shipped, 'build')).sort()).toEqual(['app', 'cli', 'core', 'demo', 'flows', 'github', 'local', 'simulator']);
  expect(readdirSync(path.join(project, 'node_modules'))).not.toContain('vitest');

  const checked = await run('npx', ['--no-install', 'roadmap-bot', 'check', EXAMPLE, '--now', NOW], project);
  const expected = await inProcessCheck();
  expect(checked.stderr).toBe('');
  expect(checked.code).toBe(expected.code);
  expect(checked.stdout).toBe(expected.out);
  expect(checked.stdout).toContain('13 nodes (3 top goals) in 10 files, as of 2026-11-26');
}, 300_000);
