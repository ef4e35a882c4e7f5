import { describe, expect, it } from 'vitest';
import { describeEnvironment, readServeEnvironment, setupModeBanner, type EnvironmentFiles } from '../../src/app/env.js';
import { keys } from './helpers.js';

const CWD = '/srv/bot';

function files(contents: Record<string, string>): EnvironmentFiles {
  return {
    readFile(file) {
      if (Object.hasOwn(contents, file)) return contents[file];
      throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    },
  };
}

const none = files({});

describe('readServeEnvironment', () => {
  it("reads Probot's standard variables", () => {
    const { settings, errors, warnings } = readServeEnvironment(
      {
        APP_ID: '123',
        PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
        WEBHOOK_SECRET: 's3cret',
        PORT: '8080',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'DEBUG',
        LOG_FORMAT: 'JSON',
        GHE_HOST: 'github.example.com/',
        GHE_PROTOCOL: 'http',
        REDIS_URL: 'redis://cache:6379',
        ROADMAP_BOT_SCHEDULER: 'off',
      },
      { cwd: CWD, files: none },
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(settings).toEqual({
      appId: 123,
      privateKey: keys.privateKey,
      webhookSecret: 's3cret',
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'debug',
      logFormat: 'json',
      baseUrl: 'http://github.example.com/api/v3',
      redisUrl: 'redis://cache:6379',
      scheduler: false,
      jobConcurrency: 4,
      jobLockMs: 20_000,
      shutdownMs: 25_000,
      timeScale: 1,
    });
  });

  it('shortens Octokit’s pauses only when the tests ask, and says so; a scale outside (0, 1] is named', () => {
    const read = (env: Record<string, string>) => readServeEnvironment(env, { cwd: CWD, files: none });
    const scaled = read({ ROADMAP_BOT_TEST_TIME_SCALE: '0.02' });
    expect(scaled.settings.timeScale).toBe(0.02);
    expect(scaled.warnings).toEqual([expect.stringContaining('ROADMAP_BOT_TEST_TIME_SCALE=0.02: the pauses between writes')]);
    for (const bad of ['0', '2', 'fast']) {
      const refused = read({ ROADMAP_BOT_TEST_TIME_SCALE: bad });
      expect(refused.settings.timeScale).toBe(1);
      expect(refused.errors).toEqual([
        `ROADMAP_BOT_TEST_TIME_SCALE=${bad} must be a number above 0 and at most 1 (leave it unset outside tests)`,
      ]);
    }
  });

  it('takes GHE_HOST pasted as a URL apart: its scheme is the protocol, the trailing slash goes', () => {
    const read = (env: Record<string, string>) => readServeEnvironment(env, { cwd: CWD, files: none });
    expect(read({ GHE_HOST: 'https://ghe.example.com/' })).toMatchObject({
      errors: [],
      settings: { baseUrl: 'https://ghe.example.com/api/v3' },
    });
    expect(read({ GHE_HOST: 'http://ghe.example.com:8080' })).toMatchObject({
      errors: [],
      settings: { baseUrl: 'http://ghe.example.com:8080/api/v3' },
    });
    expect(read({ GHE_HOST: 'HTTP://ghe.example.com', GHE_PROTOCOL: 'http' })).toMatchObject({
      errors: [],
      settings: { baseUrl: 'http://ghe.example.com/api/v3' },
    });
  });

  it('rejects a GHE_HOST whose scheme contradicts GHE_PROTOCOL, or that is a URL with a path', () => {
    const read = (env: Record<string, string>) => readServeEnvironment(env, { cwd: CWD, files: none }).errors;
    expect(read({ GHE_HOST: 'https://ghe.example.com', GHE_PROTOCOL: 'http' })).toEqual([
      'GHE_HOST=https://ghe.example.com says https but GHE_PROTOCOL=http: set GHE_HOST to the host name alone (ghe.example.com) and the protocol in GHE_PROTOCOL',
    ]);
    expect(read({ GHE_HOST: 'https://ghe.example.com/api/v3' })).toEqual([
      'GHE_HOST=https://ghe.example.com/api/v3 is not a host name: use the host of your GitHub Enterprise Server alone, like ghe.example.com',
    ]);
    expect(read({ GHE_HOST: 'ftp://ghe.example.com' })).toEqual(['the scheme of GHE_HOST=ftp://ghe.example.com must be https or http']);
  });

  it('takes the key from base64 or from PRIVATE_KEY_PATH, relative to the working directory', () => {
    const base64 = readServeEnvironment(
      { APP_ID: '1', PRIVATE_KEY: Buffer.from(keys.privateKey).toString('base64'), WEBHOOK_SECRET: 'x' },
      { cwd: CWD, files: none },
    );
    expect(base64.settings.privateKey).toBe(keys.privateKey);
    const fromFile = readServeEnvironment(
      { APP_ID: '1', PRIVATE_KEY_PATH: 'keys/app.pem', WEBHOOK_SECRET: 'x' },
      { cwd: CWD, files: files({ '/srv/bot/keys/app.pem': keys.privateKey }) },
    );
    expect(fromFile.settings.privateKey).toBe(keys.privateKey);
    expect(fromFile.errors).toEqual([]);
  });

  it('loads .env over the environment and says which keys it overrode', () => {
    const environment = readServeEnvironment(
      { APP_ID: '1', PORT: '4000', PATH: '/bin' },
      {
        cwd: CWD,
        files: files({ '/srv/bot/.env': `APP_ID=2\nPRIVATE_KEY="${keys.privateKey.replace(/\n/g, '\\n')}"\nWEBHOOK_SECRET=w\n` }),
      },
    );
    expect(environment.settings.appId).toBe(2);
    expect(environment.settings.port).toBe(4000);
    expect(environment.dotEnv).toEqual({
      path: '/srv/bot/.env',
      keys: ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET'],
      overridden: ['APP_ID'],
    });
    expect(describeEnvironment(environment)).toEqual([
      'roadmap-bot: loaded /srv/bot/.env (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET)',
      'roadmap-bot: /srv/bot/.env overrides the environment for APP_ID (as in Probot, the file wins)',
      'roadmap-bot: App 2 on https://api.github.com, jobs in process, weekly scheduler on',
    ]);
  });

  it('reads PRIVATE_KEY given as the path of a .pem file, or refuses it naming the file', () => {
    const withKey = files({ '/srv/bot/keys/app.pem': keys.privateKey, '/srv/bot/notes.pem': 'hello' });
    const read = (value: string) =>
      readServeEnvironment({ APP_ID: '1', PRIVATE_KEY: value, WEBHOOK_SECRET: 'w' }, { cwd: CWD, files: withKey });
    expect(read('keys/app.pem')).toMatchObject({ errors: [], settings: { privateKey: keys.privateKey } });
    expect(read('/srv/bot/keys/app.pem')).toMatchObject({ errors: [], settings: { privateKey: keys.privateKey } });
    expect(read('missing.pem').errors).toEqual(['PRIVATE_KEY /srv/bot/missing.pem could not be read (ENOENT): fix the path']);
    expect(read('notes.pem').errors).toEqual([
      'PRIVATE_KEY /srv/bot/notes.pem holds no PEM private key: point it at the .pem file from your App settings page',
    ]);
  });

  it('names every bad variable and how to fix it', () => {
    const { errors } = readServeEnvironment(
      {
        APP_ID: 'my-app',
        PRIVATE_KEY: 'not a key',
        PORT: '99999',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'xml',
        GHE_HOST: 'h',
        GHE_PROTOCOL: 'ftp',
        ROADMAP_BOT_SCHEDULER: 'sometimes',
      },
      { cwd: CWD, files: none },
    );
    expect(errors).toEqual([
      'APP_ID=my-app is not an App id: use the number shown as "App ID" on your GitHub App\'s settings page',
      'PRIVATE_KEY is neither a PEM private key ("-----BEGIN … PRIVATE KEY-----"), base64 of one, nor the path of a .pem file: ' +
        'paste the key your App settings page generated, or set PRIVATE_KEY_PATH to its file',
      'LOG_LEVEL=loud is not a log level: use one of trace, debug, info, warn, error, fatal, silent',
      'LOG_FORMAT=xml must be json or pretty (default pretty)',
      'GHE_PROTOCOL=ftp must be https or http',
      'ROADMAP_BOT_SCHEDULER=sometimes must be on or off',
      'PORT=99999 is not a port number: use a whole number from 0 to 65535 (default 3000)',
    ]);
  });

  it('needs a private key with an APP_ID, and a webhook secret in production', () => {
    expect(readServeEnvironment({ APP_ID: '5' }, { cwd: CWD, files: none }).errors).toEqual([
      'APP_ID is set but no private key: set PRIVATE_KEY (the PEM text) or PRIVATE_KEY_PATH (the .pem file)',
    ]);
    const development = readServeEnvironment({ APP_ID: '5', PRIVATE_KEY: keys.privateKey }, { cwd: CWD, files: none });
    expect(development.settings.webhookSecret).toBe('development');
    expect(development.warnings).toEqual([expect.stringContaining('WEBHOOK_SECRET is not set')]);
    const production = readServeEnvironment(
      { APP_ID: '5', PRIVATE_KEY: keys.privateKey, NODE_ENV: 'production' },
      { cwd: CWD, files: none },
    );
    expect(production.errors).toEqual([expect.stringContaining('WEBHOOK_SECRET is not set')]);
    expect(readServeEnvironment({ APP_ID: '5', PRIVATE_KEY_PATH: 'missing.pem' }, { cwd: CWD, files: none }).errors).toEqual([
      'PRIVATE_KEY_PATH /srv/bot/missing.pem could not be read (ENOENT): fix the path',
    ]);
  });

  it('without APP_ID is setup mode: no App, no error, and it says there is no .env', () => {
    const environment = readServeEnvironment({}, { cwd: CWD, files: none });
    expect(environment.settings.appId).toBeNull();
    expect(environment.errors).toEqual([]);
    expect(describeEnvironment(environment)).toEqual(['roadmap-bot: no .env file here; using the environment only']);
  });
});

describe('setupModeBanner', () => {
  it('points at the setup page, the demo and the deployment docs', () => {
    const banner = setupModeBanner('http://localhost:3000');
    expect(banner).toContain("Probot's setup page is at http://localhost:3000");
    expect(banner).toContain('npm run demo');
    expect(banner).toContain('docs/deployment.md');
  });
});
