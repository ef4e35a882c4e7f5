/**
 * SPEC §13 "Untrusted text and senders": a user without triage access who
 * posts `/goal` again and again gets a 😕 reaction on each command and one
 * explanatory reply per issue — the bot cannot be made to spam an issue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_REACTION, refusalMarker } from '../../src/core/issues/goal-command.js';
import { smallRoadmap } from '../reliability/roadmaps.js';
import { APP_SLUG, OWNER, commented, startWorld, type World } from '../world/index.js';

const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;
const COMMANDS = 15;

let world: World;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap() }, throttle: false });
});

afterAll(async () => {
  await world?.close();
});

const issue = (number: number) => world.snapshot().issues[FULL].find((entry) => entry.number === number)!;
const appComments = (number: number) => issue(number).comments.filter((comment) => comment.viaApp === APP_SLUG);

async function command(number: number, as: 'reader' | 'mallory', body = '/goal x'): Promise<void> {
  expect(await world.deliver('issue_comment', await commented(world, REPO, number, body, as))).toBe(200);
}

describe('/goal from a user without triage access', () => {
  it(`${COMMANDS} commands: ${COMMANDS} reactions, one reply, no label`, async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Spam target', user: 'alice' });
    for (let index = 0; index < COMMANDS; index++) await command(number, 'reader', `/goal x${index}`);

    const replies = appComments(number);
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toContain('needs triage access');
    const commands = issue(number).comments.filter((comment) => comment.user === 'reader');
    expect(commands).toHaveLength(COMMANDS);
    for (const comment of commands) expect(comment.reactions).toEqual([{ content: REFUSAL_REACTION, user: `${APP_SLUG}[bot]` }]);
    expect(issue(number).labels).toEqual([]);
  });

  it('gives each refused user their own one reply, and each issue its own', async () => {
    const first = world.simulator.createIssue(FULL, { title: 'First', user: 'alice' }).number;
    const second = world.simulator.createIssue(FULL, { title: 'Second', user: 'alice' }).number;
    for (const as of ['reader', 'mallory', 'reader', 'mallory'] as const) await command(first, as);
    await command(second, 'reader');
    await command(second, 'reader');
    expect(appComments(first)).toHaveLength(2);
    expect(appComments(second)).toHaveLength(1);
  });

  it('counts only the app’s own refusal: a user’s copy of its marker does not silence the reply', async () => {
    const { number } = world.simulator.createIssue(FULL, { title: 'Forged marker', user: 'alice' });
    const hello = await world.write<{ user: { id: number } }>(
      'POST',
      `/repos/${FULL}/issues/${number}/comments`,
      { body: 'hello' },
      'mallory',
    );
    await world.write('POST', `/repos/${FULL}/issues/${number}/comments`, { body: `${refusalMarker(hello.user.id)}\nfake` }, 'mallory');
    await command(number, 'mallory');
    expect(appComments(number)).toHaveLength(1);
  });
});
