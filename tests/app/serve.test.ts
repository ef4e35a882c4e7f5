import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveWith } from '../../src/cli/commands/serve.js';
import type { CliIo } from '../../src/cli/command.js';
import { keys } from './helpers.js';

let cwd = '';

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'roadmap-bot-serve-'));
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
  nock.enableNetConnect();
});

function io(): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: () => undefined,
    stderr: (text) => {
      err += text;
    },
    stderrIsTTY: false,
    cwd,
    today: '2025-06-01',
    err: () => err,
  };
}

const args = { values: {}, positionals: [], help: false };

describe('roadmap-bot serve', () => {
  it('serves the app over HTTP until shutdown, saying where its settings came from', async () => {
    await writeFile(path.join(cwd, '.env'), 'LOG_LEVEL=silent\nWEBHOOK_SECRET=from-file\n');
    const terminal = io();
    let pong = '';
    const env: Record<string, string | undefined> = {
      APP_ID: '42',
      PRIVATE_KEY: keys.privateKey,
      PORT: '0',
      HOST: '127.0.0.1',
      WEBHOOK_SECRET: 'from-env',
    };
    const run = serveWith({
      env,
      shutdown: async () => {
        const url = /serving on (\S+);/.exec(terminal.err())![1];
        pong = await (await fetch(`${url}/ping`)).text();
      },
      runSetup: vi.fn(),
    });

    await expect(run(args, terminal)).resolves.toBe(0);

    expect(pong).toBe('PONG');
    expect(env.WEBHOOK_SECRET).toBe('from-file');
    expect(terminal.err()).toContain(`roadmap-bot: loaded ${path.join(cwd, '.env')} (LOG_LEVEL, WEBHOOK_SECRET)`);
    expect(terminal.err()).toContain('overrides the environment for WEBHOOK_SECRET (as in Probot, the file wins)');
    expect(terminal.err()).toContain('roadmap-bot: App 42 on https://api.github.com, jobs in process, weekly scheduler on');
  });

  it('without APP_ID says so loudly and runs Probot’s setup mode', async () => {
    const terminal = io();
    const stop = vi.fn(async () => undefined);
    const runSetup = vi.fn(async () => ({ stop }));
    const run = serveWith({ env: { PORT: '3999' }, shutdown: async () => undefined, runSetup });

    await expect(run(args, terminal)).resolves.toBe(0);

    expect(runSetup).toHaveBeenCalledWith(expect.objectContaining({ PORT: '3999' }));
    expect(stop).toHaveBeenCalled();
    expect(terminal.err()).toContain("Probot's setup page is at http://localhost:3999");
    expect(terminal.err()).toContain('npm run demo');
  });

  it('refuses to start with a broken setting, naming it', async () => {
    const terminal = io();
    const runSetup = vi.fn();
    const run = serveWith({ env: { APP_ID: '42', PRIVATE_KEY: keys.privateKey, PORT: 'eighty' }, shutdown: vi.fn(), runSetup });

    await expect(run(args, terminal)).resolves.toBe(1);

    expect(runSetup).not.toHaveBeenCalled();
    expect(terminal.err()).toContain('roadmap-bot: error: PORT=eighty is not a port number');
  });
});
