import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSnapshot,
  encodeSnapshot,
  MIN_SNAPSHOT_CHUNK,
  weeklyMarker,
  weeklyMarkerWeek,
  type Snapshot,
} from '../../src/core/weekly/snapshot.js';

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('-->', '<!-- roadmap-bot:snapshot x -->', '--!>', '\\u003e'),
);

const snapshotNode = fc.record({
  progress: fc.double({ min: 0, max: 1, noNaN: true }),
  done: fc.boolean(),
  targets: fc.array(fc.record({ text, end: fc.option(day, { nil: null }) }), { maxLength: 4 }),
  statusQuoEnd: fc.option(day, { nil: null }),
  overdue: fc.boolean(),
  stale: fc.boolean(),
});

const snapshot: fc.Arbitrary<Snapshot> = fc.record({
  version: fc.constant(1 as const),
  week: fc.constantFrom('2026-W48', '2027-W01', '2020-W53'),
  now: day,
  nodes: fc.dictionary(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('__proto__', 'constructor')), snapshotNode, {
    maxKeys: 12,
  }),
});

function sample(): Snapshot {
  return {
    version: 1,
    week: '2026-W48',
    now: '2026-11-23',
    nodes: {
      'fast-builds': {
        progress: 0.4,
        done: false,
        targets: [{ text: 'summer 2026', end: '2026-08-31' }],
        statusQuoEnd: '2026-03-31',
        overdue: true,
        stale: false,
      },
    },
  };
}

describe('weekly marker', () => {
  it('names the ISO week and is found again', () => {
    expect(weeklyMarker('2026-W48')).toBe('<!-- roadmap-bot:weekly 2026-W48 -->');
    expect(weeklyMarkerWeek(`intro\n${weeklyMarker('2026-W48')}\nrest`)).toBe('2026-W48');
    expect(weeklyMarkerWeek('no marker here')).toBeNull();
  });
});

describe('encodeSnapshot / decodeSnapshot', () => {
  it('writes one hidden comment when the snapshot fits', () => {
    const chunks = encodeSnapshot(sample(), 65_536);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/^<!-- roadmap-bot:snapshot \{.*\} -->$/);
    expect(decodeSnapshot([`# Report\n\n${chunks[0]}\n`])).toEqual(sample());
  });

  it('round-trips any snapshot, whole or split into small parts (1,000 runs)', () => {
    fc.assert(
      fc.property(snapshot, fc.integer({ min: MIN_SNAPSHOT_CHUNK, max: 400 }), (value, maxChunk) => {
        const whole = encodeSnapshot(value, 1_000_000);
        expect(whole).toHaveLength(1);
        expect(decodeSnapshot(whole)).toEqual(value);

        const parts = encodeSnapshot(value, maxChunk);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(maxChunk);
          // Nothing inside may end the HTML comment early.
          expect(part.indexOf('-->')).toBe(part.length - 3);
        }
        const bodies = parts.map((part, index) => `Comment ${index}\n\n${part}\n`);
        expect(decodeSnapshot(bodies)).toEqual(value);
      }),
      runs(1_000),
    );
  });

  it('keeps node ids that are Object property names as plain ids', () => {
    const nodes = JSON.parse(`{"__proto__": ${JSON.stringify(sample().nodes['fast-builds'])}}`) as Snapshot['nodes'];
    const tricky: Snapshot = { ...sample(), nodes };
    const decoded = decodeSnapshot(encodeSnapshot(tricky, 65_536));
    expect(Object.keys(decoded?.nodes ?? {})).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(decoded?.nodes, '__proto__')?.value).toEqual(sample().nodes['fast-builds']);
  });

  it('needs every part, in any comment order', () => {
    const big: Snapshot = {
      ...sample(),
      nodes: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`node-${i}`, sample().nodes['fast-builds']])),
    };
    const parts = encodeSnapshot(big, 200);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[1]).toMatch(/^<!-- roadmap-bot:snapshot part 2\/\d+ [0-9a-f]{8} /);
    expect(decodeSnapshot([...parts].reverse())).toEqual(big);
    expect(decodeSnapshot(parts.slice(1))).toBeNull();
  });

  it('ignores parts left behind by an earlier, longer run in the same issue', () => {
    const older: Snapshot = {
      ...sample(),
      nodes: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`old-${i}`, sample().nodes['fast-builds']])),
    };
    const newer: Snapshot = {
      ...sample(),
      nodes: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`new-${i}`, sample().nodes['fast-builds']])),
    };
    const oldParts = encodeSnapshot(older, 300);
    const newParts = encodeSnapshot(newer, 300);
    expect(oldParts.length).toBeGreaterThan(newParts.length);
    // The app updated the first comments in place; the rest still hold the old run's parts.
    const comments = [...newParts, ...oldParts.slice(newParts.length)];
    expect(decodeSnapshot(['issue body without snapshot', ...comments])).toEqual(newer);
  });

  it('prefers the first snapshot found, the issue body coming first', () => {
    const later: Snapshot = { ...sample(), week: '2026-W49' };
    expect(decodeSnapshot([encodeSnapshot(sample(), 65_536)[0], encodeSnapshot(later, 65_536)[0]])?.week).toBe('2026-W48');
  });

  it('returns null for garbage and never throws', () => {
    const garbage = [
      [],
      ['no snapshot at all'],
      ['<!-- roadmap-bot:snapshot not json -->'],
      ['<!-- roadmap-bot:snapshot {"v":2,"w":"2026-W48","t":"2026-11-23","n":{}} -->'],
      ['<!-- roadmap-bot:snapshot {"v":1,"w":"2026-W48","t":"2026-11-23","n":{"a":[0.5,9,null,[]]}} -->'],
      ['<!-- roadmap-bot:snapshot {"v":1,"w":"2026-W48","t":"2026-11-23","n":{"a":["x",0,null,[]]}} -->'],
      ['<!-- roadmap-bot:snapshot {"v":1,"w":"2026-W48","t":"2026-11-23","n":[]} -->'],
      ['<!-- roadmap-bot:snapshot null -->'],
      ['<!-- roadmap-bot:snapshot part 1/2 0badc0de {"v":1 -->'],
      ['<!-- roadmap-bot:snapshot part 3/2 0badc0de {} -->'],
      ['<!-- roadmap-bot:snapshot part 1/1 0badc0de {"v":1,"w":"x","t":"y","n":{}} -->'],
      [null as unknown as string, 42 as unknown as string],
    ];
    for (const bodies of garbage) expect(decodeSnapshot(bodies)).toBeNull();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.string().map((s) => `<!-- roadmap-bot:snapshot ${s} -->`),
          ),
        ),
        (bodies) => {
          expect(() => decodeSnapshot(bodies)).not.toThrow();
        },
      ),
      runs(300),
    );
  });

  it('rejects a chunk size that cannot hold a part', () => {
    expect(() => encodeSnapshot(sample(), MIN_SNAPSHOT_CHUNK - 1)).toThrow(RangeError);
  });
});
