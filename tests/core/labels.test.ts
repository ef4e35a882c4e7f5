import { runs } from '../setup/runs.js';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { closestMatches, editDistance, goalLabelName, labelDescription } from '../../src/core/model/labels.js';

describe('goalLabelName', () => {
  test('short names are prefix + id', () => {
    expect(goalLabelName('parser', 'goal:')).toEqual({ name: 'goal:parser', truncated: false });
    expect(goalLabelName('parser', '')).toEqual({ name: 'parser', truncated: false });
  });

  test('exactly 50 characters is kept whole', () => {
    const id = 'x'.repeat(45);
    expect(goalLabelName(id, 'goal:')).toEqual({ name: `goal:${id}`, truncated: false });
  });

  test('longer names keep 43 characters, a dash and 6 hex of the SHA-256 of the full name', () => {
    const id = 'a-very-long-goal-identifier-that-keeps-on-going-and-going';
    const full = `goal:${id}`;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
    const label = goalLabelName(id, 'goal:');
    expect(label).toEqual({ name: `${full.slice(0, 43)}-${hash}`, truncated: true });
    expect(label.name).toHaveLength(50);
  });

  test('long ids sharing their first 43 characters still get distinct labels', () => {
    const stem = 'x'.repeat(50);
    expect(goalLabelName(`${stem}-one`, 'goal:').name).not.toBe(goalLabelName(`${stem}-two`, 'goal:').name);
  });

  test('counts characters, not UTF-16 units', () => {
    const id = 'é'.repeat(45);
    expect(goalLabelName(id, 'goal:').truncated).toBe(false);
    const emoji = '🚀'.repeat(46);
    const label = goalLabelName(emoji, 'goal:');
    expect(label.truncated).toBe(true);
    expect(Array.from(label.name)).toHaveLength(50);
  });

  test('is deterministic and never longer than 50 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'grapheme' }), fc.constantFrom('goal:', '', 'g/'), (id, prefix) => {
        const first = goalLabelName(id, prefix);
        expect(goalLabelName(id, prefix)).toEqual(first);
        expect(Array.from(first.name).length).toBeLessThanOrEqual(50);
        expect(first.truncated).toBe(Array.from(prefix + id).length > 50);
      }),
      runs(1000),
    );
  });
});

describe('labelDescription', () => {
  test.each([
    ['🚀 Faster builds', 'Faster builds'],
    ['Faster builds ✨', 'Faster builds'],
    ['Ship 👩‍💻 it', 'Ship it'],
    ['Thumbs 👍🏽 up', 'Thumbs up'],
    ['Flags 🇫🇷 too', 'Flags too'],
    ['Heart ❤️ text', 'Heart text'],
    ['Keycap 1️⃣ gone', 'Keycap 1 gone'],
    ['Plain #1 goal *', 'Plain #1 goal *'],
    ['  spaced   out  ', 'spaced out'],
    ['Ünïcödé title', 'Ünïcödé title'],
    ['🎯', ''],
  ])('%j → %j', (title, description) => {
    expect(labelDescription(title)).toBe(description);
  });

  test('caps at 100 characters with an ellipsis', () => {
    const description = labelDescription('word '.repeat(40));
    expect(Array.from(description)).toHaveLength(100);
    expect(description.endsWith('…')).toBe(true);
    expect(labelDescription('x'.repeat(100))).toBe('x'.repeat(100));
  });

  test('never exceeds 100 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (title) => {
        expect(Array.from(labelDescription(title)).length).toBeLessThanOrEqual(100);
      }),
      runs(1000),
    );
  });
});

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['parser', 'parsre', 1],
    ['ab', 'ba', 1],
    ['ca', 'abc', 3],
  ])('%s ↔ %s = %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestMatches', () => {
  const goals = ['goal:parser', 'goal:parallel', 'goal:docs', 'goal:diagnostics', 'goal:parser-rewrite', 'goal:async'];

  test('suggests close names, closest first', () => {
    expect(closestMatches('goal:parsr', goals)).toEqual(['goal:parser']);
    expect(closestMatches('goal:parse', goals)).toEqual(['goal:parser', 'goal:parser-rewrite']);
    expect(closestMatches('goal:paralel', goals)).toEqual(['goal:parallel', 'goal:parser']);
  });

  test('is case-insensitive but returns candidates as written', () => {
    expect(closestMatches('GOAL:DOCS', goals)).toEqual(['goal:docs']);
  });

  test('counts a swap of neighbours as one edit', () => {
    expect(closestMatches('goal:asnyc', goals)).toEqual(['goal:async']);
  });

  test('finds substrings', () => {
    expect(closestMatches('rewrite', goals)).toEqual(['goal:parser-rewrite']);
    expect(closestMatches('diagnostic', goals)).toEqual(['goal:diagnostics']);
  });

  test('a short candidate inside a long input is no suggestion', () => {
    expect(closestMatches('staleAfterDays', ['day', 'drift'])).toEqual([]);
  });

  test('skips names that are far off', () => {
    expect(closestMatches('goal:zzzzzz', goals)).toEqual([]);
    expect(closestMatches('xy', ['ab', 'cd'])).toEqual([]);
    expect(closestMatches('ab', ['abcd', 'xy'])).toEqual(['abcd']);
  });

  test('ties are broken by name, duplicates collapse, max limits the count', () => {
    expect(closestMatches('cat', ['hat', 'bat', 'bat', 'rat'])).toEqual(['bat', 'hat', 'rat']);
    expect(closestMatches('cat', ['hat', 'bat', 'rat'], 2)).toEqual(['bat', 'hat']);
    expect(closestMatches('cat', ['hat'], 0)).toEqual([]);
  });

  test('an empty input suggests nothing', () => {
    expect(closestMatches('  ', goals)).toEqual([]);
  });

  test('never returns more than max, and only candidates', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 20 }), (input, candidates) => {
        const matches = closestMatches(input, candidates);
        expect(matches.length).toBeLessThanOrEqual(3);
        for (const match of matches) expect(candidates).toContain(match);
      }),
      runs(1000),
    );
  });
});
