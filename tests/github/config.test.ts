import { ProbotOctokit } from 'probot';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/core/config/config.js';
import { loadConfig, loadRepositoryConfig, mergeConfigs } from '../../src/github/config.js';
import { OWNER, REPO, api } from './helpers.js';

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const contents = (repo: string, path = '.github%2Froadmap-bot.yml') => `/repos/${OWNER}/${repo}/contents/${path}`;
const RAW = { 'content-type': 'application/vnd.github.raw; charset=utf-8' };

function octokit(): InstanceType<typeof ProbotOctokit> {
  const quiet = () => undefined;
  return new ProbotOctokit({
    auth: { token: 'test' },
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}

describe('loadConfig (context.config)', () => {
  it('validates what Probot read, keeping the valid keys and reporting the invalid ones', async () => {
    const context = { config: async () => ({ labels: { prefix: 'roadmap/', color: 'red' }, issues: { linkComment: true } }) };

    const { config, problems } = await loadConfig(context);

    expect(config.labels).toEqual({ prefix: 'roadmap/', color: DEFAULT_CONFIG.labels.color, sync: true });
    expect(config.issues.linkComment).toBe(true);
    expect(problems).toEqual([expect.objectContaining({ key: 'labels.color' })]);
  });

  it('gives the defaults when there is no file', async () => {
    await expect(loadConfig({ config: async () => null })).resolves.toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it('turns a file Probot cannot parse into a problem with the defaults', async () => {
    const cause = new Error('Nested mappings are not allowed in compact mappings at line 2, column 8:\n  …');
    const context = {
      config: async () => {
        throw new Error('[@probot/octokit-plugin-config] Configuration could not be parsed from https://x (invalid YAML)', { cause });
      },
    };

    const { config, problems } = await loadConfig(context);

    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([
      {
        key: '(top level)',
        message:
          'Configuration could not be parsed from https://x (invalid YAML): Nested mappings are not allowed in compact mappings at line 2, column 8:; fix .github/roadmap-bot.yml (all defaults apply until then)',
      },
    ]);
  });

  it('rethrows GitHub failures rather than acting on defaults', async () => {
    const outage = Object.assign(new Error('Server Error'), { status: 502 });
    await expect(loadConfig({ config: async () => Promise.reject(outage) })).rejects.toBe(outage);
  });
});

describe('loadRepositoryConfig (outside a webhook)', () => {
  it('follows _extends like context.config, merging mappings deeply', async () => {
    const scope = api()
      .get(contents(REPO))
      .reply(200, '_extends: shared\nlabels:\n  prefix: "g/"\n', RAW)
      .get(contents('shared'))
      .reply(200, 'labels:\n  color: "ff0000"\n  sync: false\n', RAW);

    const { config, problems } = await loadRepositoryConfig(octokit(), { owner: OWNER, repo: REPO });

    expect(problems).toEqual([]);
    expect(config.labels).toEqual({ prefix: 'g/', color: 'ff0000', sync: false });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it("falls back to the organisation's .github repository, and to the defaults without any file", async () => {
    const scope = api()
      .get(contents(REPO))
      .reply(404, { message: 'Not Found' })
      .get(contents('.github'))
      .reply(200, 'weekly:\n  day: friday\n', RAW)
      .get(contents(REPO))
      .reply(404, { message: 'Not Found' })
      .get(contents('.github'))
      .reply(404, { message: 'Not Found' });

    expect((await loadRepositoryConfig(octokit(), { owner: OWNER, repo: REPO })).config.weekly.day).toBe('friday');
    expect(await loadRepositoryConfig(octokit(), { owner: OWNER, repo: REPO })).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reports invalid YAML as a problem', async () => {
    api().get(contents(REPO)).reply(200, 'labels: [unclosed\n', RAW);

    const { config, problems } = await loadRepositoryConfig(octokit(), { owner: OWNER, repo: REPO });

    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([{ key: '(top level)', message: expect.stringContaining('(invalid YAML)') }]);
  });
});

describe('mergeConfigs', () => {
  it('merges mappings recursively, concatenates lists, and lets later files win', () => {
    expect(
      mergeConfigs([
        { roadmap: { paths: ['a/**'] }, labels: { prefix: 'x', sync: true } },
        { roadmap: { paths: ['b/**'] }, labels: { prefix: 'y' } },
      ]),
    ).toEqual({ roadmap: { paths: ['a/**', 'b/**'] }, labels: { prefix: 'y', sync: true } });
  });
});
