import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE, type Files } from './fixtures.js';
import {
  BASE_SHA,
  HEAD_SHA,
  REPO_PATH,
  api,
  capture,
  createReviewApp,
  deliver,
  mockPullRequest,
  mockRoadmapFiles,
  mockToken,
  pullRequestPayload,
} from './helpers.js';

const HEAD_CONFIG = ['roadmap:', '  paths: ["plans/**/*.md"]', 'drift:', '  staleAfterDays: -3', 'weekly:', '  day: funday', ''].join('\n');

/** The roadmap moved from roadmap/ to plans/, with the config saying so. */
function moved(files: Files): Files {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/^roadmap\//, 'plans/'), text]));
}

beforeEach(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('a pull request that changes .github/roadmap-bot.yml', () => {
  it('reads its head side with the head config’s paths and shows the head config’s problems', async () => {
    const app = await createReviewApp();
    const head = { ...moved(BASE), '.github/roadmap-bot.yml': HEAD_CONFIG };
    const scope = mockToken(api());
    mockPullRequest(scope, {
      files: [
        '.github/roadmap-bot.yml',
        ...Object.keys(BASE).filter((path) => path.startsWith('roadmap/')),
        ...Object.keys(head).filter((path) => path.startsWith('plans/')),
      ],
      config: 'review:\n  checkRun: true\n',
      headConfig: HEAD_CONFIG,
    });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [
      `${BASE_SHA}:roadmap`,
      `${BASE_SHA}:skill-trees`,
      `${HEAD_SHA}:plans`,
    ]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);
    const checks: any[] = [];
    capture(scope, 'post', `${REPO_PATH}/check-runs`, checks, { id: 5 });

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 overdue target**, 2 configuration problems

      ### Target dates

      | Node | Before | After | Drift |
      |---|---|---|---|
      | [Async drop](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/plans/async-drop.md#L10) | — | March 2025 | ⏰ overdue by 2 months |

      ### Configuration

      \`.github/roadmap-bot.yml\` has problems; these keys fall back to their defaults:

      - \`drift.staleAfterDays\` ([.github/roadmap-bot.yml:4](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/.github/roadmap-bot.yml#L4)): must be a whole number of days above 0, e.g. 180 (got -3); the default applies
      - \`weekly.day\` ([.github/roadmap-bot.yml:6](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/.github/roadmap-bot.yml#L6)): must be a weekday name, monday to sunday (got "funday"; did you mean "sunday"?); the default applies

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
    expect(checks[0].conclusion).toBe('neutral');
    expect(checks[0].output.annotations).toEqual([
      expect.objectContaining({ path: '.github/roadmap-bot.yml', start_line: 4, annotation_level: 'warning', title: 'invalid-config' }),
      expect.objectContaining({ path: '.github/roadmap-bot.yml', start_line: 6, annotation_level: 'warning', title: 'invalid-config' }),
    ]);
  });

  it('shows a head config that is not valid YAML, with its line', async () => {
    const app = await createReviewApp();
    const broken = 'review:\n  checkRun: [true\n';
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['.github/roadmap-bot.yml'], config: 'review:\n  checkRun: false\n', headConfig: broken });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: BASE }, [
      `${BASE_SHA}:roadmap`,
      `${BASE_SHA}:skill-trees`,
      `${HEAD_SHA}:roadmap`,
      `${HEAD_SHA}:skill-trees`,
    ]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);

    await deliver(app, pullRequestPayload('opened'));

    expect(scope.isDone()).toBe(true);
    expect(comments[0].body).toMatchInlineSnapshot(`
      "<!-- roadmap-bot:pr-review -->

      ⚠️ **1 configuration problem**

      🗂️ Elsewhere in the roadmap, in nodes this pull request does not touch: 1 overdue target (\`roadmap-bot check\` lists them).

      ### Configuration

      \`.github/roadmap-bot.yml\` has problems; these keys fall back to their defaults:

      - (top level) ([.github/roadmap-bot.yml:3](https://github.com/Codertocat/Hello-World/blob/2222222222222222222222222222222222222222/.github/roadmap-bot.yml#L3)): .github/roadmap-bot.yml is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \\]; fix the syntax (all defaults apply until then)

      <sub>roadmap-bot · head \`2222222\` · as of 2025-06-01</sub>"
    `);
  });
});

describe('a review past GitHub’s comment size', () => {
  it('sends a body of at most 65,536 characters that says how much it left out', async () => {
    const app = await createReviewApp();
    const goals = Array.from({ length: 2500 }, (_, index) => `  - id: goal-${index}\n    title: Goal number ${index}\n`);
    const head = { ...BASE, 'roadmap/big.yml': `goals:\n${goals.join('')}` };
    const scope = mockToken(api());
    mockPullRequest(scope, { files: ['roadmap/big.yml'], config: 'review:\n  checkRun: false\n' });
    mockRoadmapFiles(scope, { [BASE_SHA]: BASE, [HEAD_SHA]: head }, [
      `${BASE_SHA}:roadmap`,
      `${BASE_SHA}:skill-trees`,
      `${HEAD_SHA}:roadmap`,
      `${HEAD_SHA}:skill-trees`,
    ]);
    const comments: { body: string }[] = [];
    capture(scope, 'post', `${REPO_PATH}/issues/2/comments`, comments);

    await deliver(app, pullRequestPayload('opened'));

    expect(app.errors).not.toHaveBeenCalled();
    expect(scope.isDone()).toBe(true);
    const body = comments[0].body;
    expect(body.length).toBeGreaterThan(60_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/…and \d+ more findings not shown: the comment would pass GitHub's size limit\./);
  });
});
