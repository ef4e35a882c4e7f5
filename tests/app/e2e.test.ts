/**
 * End to end: the real app server over HTTP against the GitHub simulator
 * (the one test world), webhooks delivered over HTTP and signed with the
 * secret, outcomes read from the simulator's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL_MARKER } from '../../src/core/issues/goal-comments.js';
import { commented, installationCreated, issueEvent, OWNER, pushed, startWorld, type World } from '../world/index.js';
import { NOW } from './helpers.js';

const REPO = 'widgets';
const FULL_NAME = `${OWNER}/${REPO}`;

const FILES: Record<string, string> = {
  'roadmap/async.md':
    '---\nid: async\nrequires: [async-drop]\n---\n# 🎯 Async Rust is delightful\n\n## Status quo as of March 2025\n\nSlow going.\n',
  'roadmap/async-drop.md': '# Async drop\n\n## Where we want to be by Q3 2025\n\nDesigned.\n\n- [ ] Design async drop `design` (#1)\n',
};

let world: World;
let initialHead = '';

beforeAll(async () => {
  // No slug given: the app reads its identity with GET /app, signed with its JWT.
  world = await startWorld({ repositories: { [REPO]: FILES }, now: NOW, knownSlug: false });
  initialHead = world.heads[REPO];
  world.simulator.createIssue(FULL_NAME, { title: 'Design async drop', user: 'alice' });
});

afterAll(async () => {
  await world?.close();
});

const issue = (number: number) => world.snapshot().issues[FULL_NAME].find((entry) => entry.number === number)!;

describe('the app server against the GitHub simulator', () => {
  it('syncs goal labels on installation and labels the issue a roadmap item references', async () => {
    const payload = await installationCreated(world, [REPO]);

    expect(await world.deliver('installation', payload)).toBe(200);

    const labels = world.snapshot().labels[FULL_NAME].filter((label) => label.name.startsWith('goal:'));
    expect(labels.map(({ name, color, description }) => ({ name, color, description }))).toEqual(
      expect.arrayContaining([
        { name: 'goal:async', color: '0e8a16', description: 'Async Rust is delightful' },
        { name: 'goal:async-drop', color: '0e8a16', description: 'Async drop' },
      ]),
    );
    expect(labels).toHaveLength(2);
    expect(issue(1).labels).toEqual(['goal:async-drop']);
    // issues.linkComment is off by default: labelling alone, no comment.
    expect(issue(1).comments).toEqual([]);

    world.simulator.resetRequests();
    expect(await world.deliver('installation', payload)).toBe(200);
    expect(world.appWrites()).toEqual([]);
    expect(issue(1).labels).toEqual(['goal:async-drop']);
  });

  it('replies once to a misspelled goal label, even when the webhook is replayed', async () => {
    world.simulator.createIssue(FULL_NAME, { title: 'Drop it', labels: ['goal:asyncdrop'], user: 'alice' });
    const payload = await issueEvent(world, REPO, 'labeled', 2, { label: 'goal:asyncdrop' });

    expect(await world.deliver('issues', payload, { id: 'labeled-once' })).toBe(200);
    expect(await world.deliver('issues', payload)).toBe(200);

    const replies = issue(2).comments.filter((comment) => comment.body.includes(UNKNOWN_LABEL_MARKER));
    expect(replies).toHaveLength(1);
    expect(replies[0].viaApp).toBe('roadmap-bot');
    expect(replies[0].body).toContain('- **goal:asyncdrop** — did you mean **goal:async-drop**');
  });

  it('applies /goal for a triager and politely refuses a reader', async () => {
    expect(await world.deliver('issue_comment', await commented(world, REPO, 2, '/goal async', 'reader'))).toBe(200);
    expect(issue(2).labels).toEqual(['goal:asyncdrop']);
    expect(issue(2).comments.at(-1)!.body).toContain('needs triage access');

    const comments = issue(2).comments.length;
    expect(await world.deliver('issue_comment', await commented(world, REPO, 2, '/goal async', 'triager'))).toBe(200);
    expect(issue(2).labels).toEqual(['goal:asyncdrop', 'goal:async']);
    // The triager's own comment is the only new one: a label applied needs no reply.
    expect(issue(2).comments).toHaveLength(comments + 1);
  });

  it('syncs the label of a goal added by a push to the default branch', async () => {
    const head = world.simulator.commit(FULL_NAME, 'main', {
      'roadmap/tooling.md': '# 🎯 Great tooling\n\n## Shiny future\n\nIDEs just work.\n',
    });

    expect(
      await world.deliver('push', await pushed(world, REPO, { before: initialHead, after: head, added: ['roadmap/tooling.md'] })),
    ).toBe(200);

    expect(world.snapshot().labels[FULL_NAME].map((label) => label.name)).toContain('goal:tooling');
  });

  it('rejects a forged signature and changes nothing', async () => {
    const payload = await issueEvent(world, REPO, 'opened', 1);
    const state = JSON.stringify(world.snapshot());
    world.simulator.resetRequests();

    const status = await world.deliver('issues', payload, { secret: 'wrong-secret' });

    expect([400, 401]).toContain(status);
    expect(world.simulator.requests).toEqual([]);
    expect(JSON.stringify(world.snapshot())).toBe(state);
  });
});
