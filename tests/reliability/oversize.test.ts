/**
 * SPEC §12 Security: oversize input — a roadmap file over 1 MB, more than
 * 2,000 roadmap files, bodies at GitHub's 65,536 characters — is capped with
 * a message (`file-too-large`, `too-many-files`), never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOAL_LINK_MARKER } from '../../src/core/issues/goal-comments.js';
import { runWeeklyNow } from '../../src/app/weekly-now.js';
import { MAX_FILES, MAX_FILE_BYTES } from '../../src/core/roadmap/roadmap.js';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { smallRoadmap, type Files } from './roadmaps.js';
import {
  APP_SLUG,
  INSTALLATION,
  OWNER,
  commented,
  duplicatesIn,
  issueEvent,
  pullRequestEvent,
  pushed,
  startWorld,
  type World,
} from '../world/index.js';

const REPO = 'big';
const FULL = `${OWNER}/${REPO}`;
const MANY = 'many';
const GITHUB_BODY_LIMIT = 65_536;

/** A goal page padded past the 1 MB limit. */
function hugePage(): string {
  const page = '# 🎯 Huge goal\n\n## Status quo as of November 2026\n\n';
  return page + 'All of it. '.repeat(Math.ceil((MAX_FILE_BYTES + 50_000) / 11)) + '\n';
}

/** `count` small goal pages, `roadmap/pages/p0000.md`… */
function manyPages(count: number): Files {
  const files: Files = {};
  for (let index = 0; index < count; index++) {
    const id = `p${String(index).padStart(4, '0')}`;
    files[`roadmap/pages/${id}.md`] = `# Page ${index}\n\n## Where we want to be by Q${(index % 4) + 1} 2027\n\nDone.\n`;
  }
  return files;
}

let world: World;
let errorsBefore = 0;

beforeAll(async () => {
  world = await startWorld({
    repositories: { [REPO]: smallRoadmap(), [MANY]: { ...smallRoadmap(), ...manyPages(MAX_FILES + 1), 'roadmap/huge.md': hugePage() } },
    installed: [REPO, MANY],
    throttle: false,
  });
  world.simulator.createIssue(FULL, { title: 'Design async drop', user: 'alice' });
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const newErrors = () => world.errors.slice(errorsBefore);
const thread = (number: number) =>
  [...world.snapshot().issues[FULL], ...(world.snapshot().pulls[FULL] ?? [])].find((entry) => entry.number === number)!;
const appComments = (number: number) => thread(number).comments.filter((comment) => comment.viaApp === APP_SLUG);

async function review(branch: string, files: Files): Promise<{ body: string; number: number; headSha: string }> {
  errorsBefore = world.errors.length;
  world.simulator.commit(FULL, branch, files, `Add ${Object.keys(files).length} files`);
  const pull = world.simulator.openPullRequest(FULL, { head: branch, title: branch, user: 'alice' });
  expect(await world.deliver('pull_request', await pullRequestEvent(world, REPO, 'opened', pull.number))).toBe(200);
  const comments = appComments(pull.number).filter((comment) => comment.body.startsWith(REVIEW_MARKER));
  expect(comments).toHaveLength(1);
  return { body: comments[0].body, number: pull.number, headSha: pull.head.sha };
}

describe('a pull request with oversize roadmap input', () => {
  it('a roadmap file over 1 MB is skipped with a file-too-large warning in the review and the check run', async () => {
    const { body, headSha } = await review('huge', { 'roadmap/huge.md': hugePage() });
    expect(newErrors()).toEqual([]);
    expect(body).toContain('`file-too-large`');
    expect(body).toContain('roadmap/huge.md');
    const run = world.snapshot().checkRuns[FULL].find((entry) => entry.headSha === headSha)!;
    expect(run.conclusion).toBe('neutral');
    expect(run.output.annotations.map((annotation) => `${annotation.path} ${annotation.title}`)).toContain(
      'roadmap/huge.md file-too-large',
    );
  });

  describe(`${MAX_FILES + 1} roadmap files`, () => {
    let reviewed: { body: string; headSha: string };

    beforeAll(async () => {
      reviewed = await review('many', manyPages(MAX_FILES + 1));
    });

    it(`the first ${MAX_FILES} are read; the review stays within GitHub's size limit and the check run says too-many-files`, () => {
      expect(newErrors()).toEqual([]);
      expect(reviewed.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      expect(reviewed.body).toMatch(/\d+ more findings? not shown/);
      const run = world.snapshot().checkRuns[FULL].find((entry) => entry.headSha === reviewed.headSha)!;
      const tooMany = run.output.annotations.find((annotation) => annotation.title === 'too-many-files');
      expect(tooMany?.message).toContain(`more than the ${MAX_FILES} read`);
    });

    /**
     * The comment is cut to GitHub's size (src/core/review/comment.ts
     * `assemble`), but the notice of unread files is pinned under the verdict
     * and never cut: without a check run it is the only message left.
     */
    it('the review comment itself says too-many-files', () => {
      expect(reviewed.body).toContain('too-many-files');
    });
  });
});

describe('the default branch with oversize roadmap input', () => {
  it('a push adding a file over 1 MB and a new goal page: the new goal gets its label, nothing fails', async () => {
    errorsBefore = world.errors.length;
    const before = (await world.read(`/repos/${FULL}/commits/main`)).sha as string;
    const page = '# 🎯 Small goal\n\n## Where we want to be by Q2 2027\n\nSmall.\n';
    const after = world.simulator.commit(FULL, 'main', { 'roadmap/huge.md': hugePage(), 'roadmap/small.md': page }, 'Huge and small');
    expect(await world.deliver('push', await pushed(world, REPO, { before, after, added: ['roadmap/huge.md', 'roadmap/small.md'] }))).toBe(
      200,
    );
    expect(newErrors()).toEqual([]);
    const labels = world.snapshot().labels[FULL].map((label) => label.name);
    expect(labels).toContain('goal:small');
    expect(labels).not.toContain('goal:huge');
  });

  describe(`the weekly issue of a repository with ${MAX_FILES + 1} roadmap files and one over 1 MB`, () => {
    let body = '';

    beforeAll(async () => {
      const octokit = (await world.server.probot.auth(INSTALLATION)) as never;
      const result = await runWeeklyNow(octokit, world.server.bot.services(), { owner: OWNER, repo: MANY });
      expect(result.action).toBe('created');
      body = world.snapshot().issues[`${OWNER}/${MANY}`].find((entry) => entry.number === result.issueNumber)!.body ?? '';
    });

    it('is posted within GitHub’s size limit, its snapshot continued in comments', () => {
      expect(body.length).toBeGreaterThan(0);
      expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      expect(body).toContain('## Needs attention');
    });

    /** Needs attention has a "Roadmap files not read" group: the issue never reports on a silently capped roadmap. */
    it('says which roadmap files were skipped (too-many-files, file-too-large)', () => {
      expect(body).toContain('too-many-files');
      expect(body).toContain('file-too-large');
    });
  });
});

describe(`issues and comments of ${GITHUB_BODY_LIMIT} characters`, () => {
  const longText = (ending: string) => `${'x'.repeat(GITHUB_BODY_LIMIT - ending.length - 1)}\n${ending}`;

  it('issues.opened with a known goal label and a maximal body: the link comment is posted', async () => {
    errorsBefore = world.errors.length;
    const body = longText('The end.');
    expect(body).toHaveLength(GITHUB_BODY_LIMIT);
    const { number } = world.simulator.createIssue(FULL, { title: 'Long', body, labels: ['goal:async'], user: 'alice' });
    expect(await world.deliver('issues', await issueEvent(world, REPO, 'opened', number))).toBe(200);
    expect(await world.deliver('issues', await issueEvent(world, REPO, 'edited', number))).toBe(200);
    expect(newErrors()).toEqual([]);
    expect(appComments(number).map((comment) => comment.body.split('\n')[0])).toEqual([GOAL_LINK_MARKER]);
  });

  it('a maximal comment ending in "/goal async" from a triager: the label is added', async () => {
    errorsBefore = world.errors.length;
    const { number } = world.simulator.createIssue(FULL, { title: 'Long command', body: longText('body'), user: 'alice' });
    const text = longText('/goal async');
    expect(text).toHaveLength(GITHUB_BODY_LIMIT);
    expect(await world.deliver('issue_comment', await commented(world, REPO, number, text, 'triager'))).toBe(200);
    expect(newErrors()).toEqual([]);
    expect(thread(number).labels).toEqual(['goal:async']);
  });

  it('nothing is duplicated', () => {
    expect(duplicatesIn(world.snapshot())).toEqual([]);
  });
});
