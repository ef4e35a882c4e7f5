import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/simulator/index.js';
import { APP_ID, appKeys } from './helpers.js';

function simulator() {
  const sim = createSimulator({ appId: APP_ID, appSlug: 'roadmap-bot', publicKey: appKeys.publicKey });
  sim.createRepository('acme/roadmap', { defaultBranch: 'trunk', files: { 'roadmap.md': '# Roadmap\n' } });
  return sim;
}

describe('simulator seeding API and snapshot', () => {
  it('writes timestamps from the clock and snapshots labels, issues with comments, and pull requests', () => {
    const sim = simulator();
    sim.setClock('2026-02-03T04:05:06.789Z');
    const issue = sim.createIssue('acme/roadmap', { title: 'Seeded', labels: ['goal:x'], user: 'alice' });
    expect(issue).toMatchObject({
      number: 1,
      user: 'alice',
      viaApp: null,
      createdAt: '2026-02-03T04:05:06Z',
      labels: ['goal:x'],
      comments: [],
    });
    const byBot = sim.createIssue('acme/roadmap', { title: 'Status', user: 'roadmap-bot[bot]', state: 'closed' });
    expect(byBot).toMatchObject({ viaApp: 'roadmap-bot', state: 'closed', stateReason: 'completed', closedAt: '2026-02-03T04:05:06Z' });

    sim.commit('acme/roadmap', 'topic', { 'roadmap.md': '# Roadmap v2\n', 'goals/new.md': '# New\n' }, 'Edit');
    const pull = sim.openPullRequest('acme/roadmap', { head: 'topic', title: 'Roadmap v2', number: 40 });
    expect(pull).toMatchObject({ number: 40, base: { ref: 'trunk' }, head: { ref: 'topic' } });
    expect(pull.files).toEqual([
      { path: 'goals/new.md', status: 'added' },
      { path: 'roadmap.md', status: 'modified' },
    ]);
    expect(sim.createIssue('acme/roadmap', { title: 'After the PR' }).number).toBe(41);

    const snapshot = sim.snapshot();
    expect(snapshot.labels['acme/roadmap'].map((label) => label.name)).toEqual(['goal:x']);
    expect(snapshot.issues['acme/roadmap'].map((entry) => entry.number)).toEqual([1, 2, 41]);
    expect(snapshot.pulls['acme/roadmap'].map((entry) => entry.title)).toEqual(['Roadmap v2']);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('explains misuse clearly', () => {
    const sim = simulator();
    expect(() => sim.createIssue('acme/unknown', { title: 'x' })).toThrow(
      'unknown repository acme/unknown: create it with createRepository first',
    );
    expect(() => sim.openPullRequest('acme/roadmap', { head: 'missing', title: 'x' })).toThrow(/branch "missing" does not exist/);
    expect(() => sim.createRepository('not a name')).toThrow(/expected "owner\/name"/);
    expect(() => sim.setClock('next tuesday')).toThrow(/not an ISO date-time/);
    expect(() => sim.url).toThrow(/call start\(\) first/);
  });
});
