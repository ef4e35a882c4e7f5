import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/command.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE_BASE = path.join(REPO_ROOT, 'examples/roadmap/base');
export const EXAMPLE_HEAD = path.join(REPO_ROOT, 'examples/roadmap/head');
export const NOW = '2026-11-26';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function captureIo(cwd: string = REPO_ROOT, today = NOW): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stderrIsTTY: false,
    cwd,
    today,
    out: () => out,
    err: () => err,
  };
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `roadmap-bot-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs git in a scratch repository with a fixed identity and no user or system config. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Roadmap Tester',
      GIT_AUTHOR_EMAIL: 'tester@example.invalid',
      GIT_COMMITTER_NAME: 'Roadmap Tester',
      GIT_COMMITTER_EMAIL: 'tester@example.invalid',
    },
  });
}

/** Replaces the roadmap files in `dir` (everything but .git) with a copy of `source`. */
export function copyRoadmap(source: string, dir: string): void {
  for (const entry of ['roadmap', 'skill-trees', '.github']) {
    rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  cpSync(source, dir, { recursive: true });
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end without blocking this process (a simulator
 * served from here keeps answering; under spawnSync it would starve).
 */
export function runProcess(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
