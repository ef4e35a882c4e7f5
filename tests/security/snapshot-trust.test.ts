/**
 * SPEC §13 "Untrusted text and senders": last week's hidden snapshot counts
 * only in text the bot wrote and nobody else edited since. A forged snapshot
 * prepended to the bot's issue by a human (or slipped into a continuation
 * comment) does not produce invented slips or removed nodes: the report says
 * week-over-week changes were not computed, and who edited the issue.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../../src/core/weekly/snapshot.js';
import { continuationMarker } from '../../src/flows/weekly.js';
import { smallRoadmap, startHarness, type Harness } from '../weekly/harness.js';

let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** Last week's snapshot with every target three years earlier and a node that never existed: slips and a removal, if believed. */
function forged(real: Snapshot): string {
  const nodes = Object.fromEntries(
    Object.entries(real.nodes).map(([id, node]) => [
      id,
      {
        ...node,
        targets: node.targets.map((target) => ({
          ...target,
          end: target.end && `${Number(target.end.slice(0, 4)) - 3}${target.end.slice(4)}`,
        })),
      },
    ]),
  );
  const fake = { ...nodes[Object.keys(nodes)[0]], targets: [] };
  return encodeSnapshot({ ...real, nodes: { ...nodes, 'invented-node': fake } }, 1_000_000)[0];
}

const UNTRUSTED = /\*\*Since last week:\*\* not computed: the previous status issue #\d+ was edited by @\u200balice after the bot wrote it/;

describe('the weekly snapshot', () => {
  test('edited into the issue body by a human: ignored, and the report says so', async () => {
    const h = (harness = await startHarness(smallRoadmap()));
    const w48 = await h.run('2026-11-23T09:00:00Z');
    const issue = () => h.issues().find((entry) => entry.number === w48.issueNumber)!;
    const real = decodeSnapshot([issue().body!])!;
    h.simulator.editIssueBody(h.fullName, w48.issueNumber!, `${forged(real)}\n${issue().body}`, 'alice');

    const w49 = await h.run('2026-11-30T09:00:00Z');
    expect(w49.body).toMatch(UNTRUSTED);
    expect(w49.body).not.toMatch(/slipped|removed/i);
  });

  test('unedited, or edited only by the bot itself: used', async () => {
    const h = (harness = await startHarness(smallRoadmap()));
    await h.run('2026-11-23T09:00:00Z');
    // A second run the same week rewrites the body: the bot is its editor now.
    h.simulator.commit(h.fullName, 'main', smallRoadmap({ target: '2027-05' }), 'Slip the target');
    await h.run('2026-11-24T09:00:00Z');
    const w49 = await h.run('2026-11-30T09:00:00Z');
    expect(w49.body).toMatch(/\*\*Since 2026-W48:\*\*/);
    expect(w49.body).not.toMatch(UNTRUSTED);
  });

  test('a continuation comment edited by a human: ignored', async () => {
    const goals = Array.from({ length: 1_400 }, (_, index) =>
      [
        `  - id: goal-${String(index).padStart(4, '0')}-with-a-longish-identifier`,
        `    title: "🎯 Goal ${index}"`,
        `    targets:`,
        `      - { by: "Q${(index % 4) + 1} 2027", text: "Where it should be." }`,
      ].join('\n'),
    );
    const h = (harness = await startHarness({ 'roadmap/goals.yml': `goals:\n${goals.join('\n')}\n` }));
    const w48 = await h.run('2026-11-23T09:00:00Z');
    expect(w48.continuation.length).toBeGreaterThan(0);
    const part = h
      .issues()
      .find((entry) => entry.number === w48.issueNumber)!
      .comments.find((comment) => comment.body.includes(continuationMarker('2026-W48', 1)))!;
    h.simulator.editComment(h.fullName, part.id, `${part.body}\nThanks!`, 'alice');

    const w49 = await h.run('2026-11-30T09:00:00Z');
    expect(w49.body).toMatch(UNTRUSTED);
  });
});
