/**
 * SPEC §12 Reliability: webhook signatures are checked. A delivery that is
 * not signed with the webhook secret is refused with 400/401 before any
 * handler runs: the app makes no API request and GitHub is left unchanged.
 */
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRoadmap } from './roadmaps.js';
import { OWNER, SECRET, installationCreated, issueEvent, startWorld, type World } from '../world/index.js';

const REPO = 'widgets';
const FULL = `${OWNER}/${REPO}`;

let world: World;
let installation: Record<string, unknown>;
let labeled: Record<string, unknown>;

beforeAll(async () => {
  world = await startWorld({ repositories: { [REPO]: smallRoadmap() }, throttle: false });
  world.simulator.createIssue(FULL, { title: 'Design async drop', user: 'alice' });
  const { number } = world.simulator.createIssue(FULL, { title: 'Typo', labels: ['goal:asyncdrop'], user: 'alice' });
  installation = await installationCreated(world, [REPO]);
  labeled = await issueEvent(world, REPO, 'labeled', number, { label: 'goal:asyncdrop' });
});

afterAll(async () => {
  await world?.close();
});

async function post(event: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(world.server.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': `forged-${event}-${Math.random()}`,
      ...headers,
    },
    body,
  });
  await response.arrayBuffer();
  await world.server.idle();
  return response.status;
}

describe('a delivery with a forged signature', () => {
  const forgeries: [string, (event: string, payload: Record<string, unknown>) => Promise<number>][] = [
    [
      'signed with another secret',
      async (event, payload) => {
        const body = JSON.stringify(payload);
        return post(event, body, { 'x-hub-signature-256': await sign('not-the-secret', body) });
      },
    ],
    ['with no signature', (event, payload) => post(event, JSON.stringify(payload), {})],
    [
      'whose body was changed after signing',
      async (event, payload) => {
        const signature = await sign(SECRET, JSON.stringify(payload));
        return post(event, JSON.stringify({ ...payload, sender: { ...(payload.sender as object), login: 'mallory' } }), {
          'x-hub-signature-256': signature,
        });
      },
    ],
    ['with a garbage signature', (event, payload) => post(event, JSON.stringify(payload), { 'x-hub-signature-256': 'sha256=00' })],
  ];

  for (const [name, forge] of forgeries) {
    it(`${name}: refused with 400/401, no API request, nothing changed`, async () => {
      const before = JSON.stringify(world.snapshot());
      world.simulator.resetRequests();

      for (const [event, payload] of [
        ['installation', installation],
        ['issues', labeled],
      ] as const) {
        expect([400, 401]).toContain(await forge(event, payload));
      }

      expect(world.simulator.requests).toEqual([]);
      expect(JSON.stringify(world.snapshot())).toBe(before);
    });
  }

  it('the same deliveries signed with the secret are handled (the refusals above were the signature’s)', async () => {
    world.simulator.resetRequests();
    expect(await world.deliver('installation', installation)).toBe(200);
    expect(await world.deliver('issues', labeled)).toBe(200);
    expect(world.appWrites().length).toBeGreaterThan(0);
    expect(world.snapshot().labels[FULL].map((label) => label.name)).toContain('goal:async');
  });
});
