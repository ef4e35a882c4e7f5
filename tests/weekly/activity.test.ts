import { describe, expect, test } from 'vitest';
import { goalLabelName } from '../../src/core/model/labels.js';
import { summariseActivity, type LabelCount } from '../../src/github/activity.js';

const window = { weekStart: new Date('2026-11-23T09:00:00Z'), now: new Date('2026-11-30T09:00:00Z') };

function label(name: string, open: number, total: number, description: string | null = null): LabelCount {
  return { name, description, open, total };
}

function issue(number: number, fields: { labels: string[]; created: string; closed?: string; pull?: boolean }) {
  return {
    number,
    title: `Issue ${number}`,
    html_url: `https://github.com/o/r/issues/${number}`,
    state: fields.closed ? 'closed' : 'open',
    created_at: fields.created,
    closed_at: fields.closed ?? null,
    labels: fields.labels.map((name) => ({ name })),
  };
}

describe('summariseActivity', () => {
  test('counts come from the labels; opened and closed this week from the changed issues', () => {
    const activity = summariseActivity(
      { prefix: 'goal:', nodeIds: ['async', 'net'], ...window },
      [label('goal:async', 3, 10, 'Async'), label('goal:net', 0, 2, 'Networking'), label('bug', 40, 90)],
      [
        issue(5, { labels: ['goal:async'], created: '2026-11-25T10:00:00Z' }),
        issue(2, { labels: ['goal:async', 'goal:net'], created: '2026-10-01T00:00:00Z', closed: '2026-11-29T12:00:00Z' }),
        // Opened and closed in the week: both lists.
        issue(7, { labels: ['GOAL:NET'], created: '2026-11-24T00:00:00Z', closed: '2026-11-26T00:00:00Z' }),
        // Changed this week but opened and closed long ago: neither.
        issue(1, { labels: ['goal:async'], created: '2026-01-01T00:00:00Z', closed: '2026-02-01T00:00:00Z' }),
        // Opened just before the window.
        issue(3, { labels: ['goal:async'], created: '2026-11-23T08:59:59Z' }),
      ],
    );
    expect(activity.byNode.async.open).toBe(3);
    expect(activity.byNode.async.total).toBe(10);
    expect(activity.byNode.async.opened.map((entry) => entry.number)).toEqual([5]);
    expect(activity.byNode.async.closed.map((entry) => entry.number)).toEqual([2]);
    expect(activity.byNode.net.opened.map((entry) => entry.number)).toEqual([7]);
    expect(activity.byNode.net.closed.map((entry) => entry.number)).toEqual([2, 7]);
    expect(activity.byNode.net.closed[0]).toEqual({ number: 2, title: 'Issue 2', url: 'https://github.com/o/r/issues/2', state: 'closed' });
  });

  test('goal labels that name no node: removed (described by the sync) or unknown (only while in use)', () => {
    const activity = summariseActivity(
      { prefix: 'goal:', nodeIds: ['async'], ...window },
      [
        label('goal:async', 1, 1, 'Async'),
        label('goal:old-goal', 4, 9, 'A goal that was removed'),
        label('goal:asycn', 2, 2),
        label('goal:typo-closed', 0, 3),
        label('goal:zzz', 5, 5),
      ],
      [],
    );
    expect(activity.removedNodeLabels).toEqual(['goal:old-goal']);
    expect(activity.unknownLabels).toEqual([
      { name: 'goal:zzz', open: 5 },
      { name: 'goal:asycn', open: 2 },
    ]);
  });

  test('a node without a label on GitHub has no entry; long ids match their shortened label', () => {
    const longId = 'a-very-long-goal-identifier-that-will-not-fit-in-fifty-characters';
    const shortened = goalLabelName(longId, 'goal:');
    expect(shortened.truncated).toBe(true);
    const activity = summariseActivity(
      { prefix: 'goal:', nodeIds: ['quiet', longId], ...window },
      [label(shortened.name, 2, 4, 'Long')],
      [issue(8, { labels: [shortened.name], created: '2026-11-28T00:00:00Z' })],
    );
    expect(activity.byNode.quiet).toBeUndefined();
    expect(activity.byNode[longId]).toMatchObject({ open: 2, total: 4 });
    expect(activity.byNode[longId].opened.map((entry) => entry.number)).toEqual([8]);
    expect(activity.removedNodeLabels).toEqual([]);
  });

  test('ids such as __proto__ stay ordinary keys', () => {
    const activity = summariseActivity(
      { prefix: 'goal:', nodeIds: ['__proto__'], ...window },
      [label('goal:__proto__', 1, 1, 'x')],
      [issue(9, { labels: ['goal:__proto__'], created: '2026-11-25T00:00:00Z' })],
    );
    expect(Object.hasOwn(activity.byNode, '__proto__')).toBe(true);
    expect(activity.byNode['__proto__'].opened).toHaveLength(1);
  });
});
