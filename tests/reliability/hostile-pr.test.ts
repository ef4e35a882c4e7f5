/**
 * SPEC §4 "Bounded work": one pull request with pathological roadmap files
 * never stalls the server. Its files are parsed in worker threads, each
 * within a budget, while the real server keeps answering other webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/core/review/comment.js';
import { smallRoadmap } from './roadmaps.js';
import { APP_SLUG, OWNER, issueEvent, pullRequestEvent, startWorld, type World } from '../world/index.js';

const REPO = 'site';
const FULL = `${OWNER}/${REPO}`;

/** What the issue measured: 100 KB of nested block quote, refused before any parser sees it. */
const NESTED_QUOTE = `# 🎯 Quoted\n\n${'> '.repeat(50_000)}x\n`;
/** No nesting at all, yet about 100 s of Markdown parsing (emphasis delimiters): only the thread's time budget stops it. */
const DELIMITER_RUN = `# 🎯 Emphasised\n\n${'*_'.repeat(50_000)}\n`;

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap() }, throttle: false });
  world.simulator.createIssue(FULL, { title: 'Design async drop', user: 'alice' });
}, 30_000);

afterAll(async () => {
  await world?.close();
});

describe('a hostile pull request', () => {
  it('is reviewed with too-complex warnings while ordinary webhooks are answered within 2 s', async () => {
    world.simulator.commit(FULL, 'hostile', { 'roadmap/quoted.md': NESTED_QUOTE, 'roadmap/emphasis.md': DELIMITER_RUN }, 'Add two pages');
    const pull = world.simulator.openPullRequest(FULL, { head: 'hostile', title: 'Two pages', user: 'mallory' });
    const opened = await pullRequestEvent(world, REPO, 'opened', pull.number);
    const ordinary = await issueEvent(world, REPO, 'opened', 1);

    expect(await world.deliver('pull_request', opened, { wait: false })).toBe(200);
    const answers: number[] = [];
    for (let round = 0; round < 4; round++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const start = performance.now();
      expect(await world.deliver('issues', ordinary, { wait: false })).toBe(200);
      answers.push(performance.now() - start);
    }
    expect(Math.max(...answers)).toBeLessThan(2_000);

    await world.server.idle();
    expect(world.errors).toEqual([]);
    const pullRequest = world.snapshot().pulls[FULL].find((entry) => entry.number === pull.number)!;
    const reviews = pullRequest.comments.filter((comment) => comment.viaApp === APP_SLUG && comment.body.startsWith(REVIEW_MARKER));
    expect(reviews).toHaveLength(1);
    const tooComplex = reviews[0].body.split('\n').filter((line) => line.includes('too-complex'));
    expect(tooComplex).toEqual([expect.stringContaining('roadmap/emphasis.md'), expect.stringContaining('roadmap/quoted.md')]);
  }, 60_000);
});
