/** Properties of goal-page headings (SPEC §2.1): every accepted form gives the date it wraps, and no dated heading is dropped silently. */
import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFuzzyDate } from '../../src/core/model/dates.js';
import { parseGoalPage } from '../../src/core/roadmap/parse/markdown.js';
import { defaultStatusScale } from '../../src/core/model/statuses.js';

const RUNS = runs(300);
const OPTIONS = { treeStems: new Set<string>(), statusScaleFor: () => defaultStatusScale() };
const page = (content: string) => parseGoalPage({ path: 'roadmap/p.md', content }, OPTIONS);

const DATES = [
  'October 2025',
  'Oct 2025',
  'Sept. 2027',
  '2026-01-10',
  'Q1-2027',
  "Q4 '25",
  'summer of 2022',
  'the end of 2026',
  '2H 2027',
  '15th of March 2027',
  '2027/03/15',
];
const date = fc.constantFrom(...DATES);
const level = fc.constantFrom('##', '###');
const statusQuoForm = fc.constantFrom(
  (d: string) => `Status quo as of ${d}`,
  (d: string) => `Status quo (as of ${d})`,
  (d: string) => `Status quo — as of ${d}`,
  (d: string) => `Status quo – as of ${d}`,
  (d: string) => `Status quo - as of ${d}`,
  (d: string) => `Status quo, as of ${d}`,
  (d: string) => `Status quo as of: ${d}`,
  (d: string) => `STATUS QUO (AS OF ${d})`,
);
const targetForm = fc.constantFrom(
  (d: string) => `Where we want to be by ${d}`,
  (d: string) => `Where we want to be (by ${d})`,
  (d: string) => `Where we want to be — by ${d}`,
  (d: string) => `Where we want to be, by ${d}`,
  (d: string) => `Where we want to be by: ${d}`,
  (d: string) => `Target: ${d}`,
  (d: string) => `By ${d}`,
);

describe('heading properties', () => {
  it('every accepted status-quo form, at level 2 or 3, gives the date it wraps', () => {
    fc.assert(
      fc.property(level, statusQuoForm, date, (hashes, form, text) => {
        const parsed = page(`# P\n\n${hashes} ${form(text)}\n\nWhere things stand.\n`);
        const expected = parseFuzzyDate(text);
        expect(parsed.page?.node.statusQuo?.asOf).toMatchObject({ start: expected?.start, end: expected?.end });
        expect(parsed.diagnostics).toEqual([]);
      }),
      RUNS,
    );
  });

  it('every accepted target form, at level 2 or 3, gives the date it wraps', () => {
    fc.assert(
      fc.property(level, targetForm, date, (hashes, form, text) => {
        const parsed = page(`# P\n\n${hashes} ${form(text)}\n\nWhere we are going.\n`);
        const expected = parseFuzzyDate(text);
        expect(parsed.page?.node.targets.map((target) => [target.by.start, target.by.end])).toEqual([[expected?.start, expected?.end]]);
      }),
      RUNS,
    );
  });

  it('a heading naming a status quo or a target, or carrying a year, is read or reported, never silently dropped', () => {
    const word = fc.constantFrom(
      'Status',
      'quo',
      'status quo',
      'as of',
      'by',
      'target',
      'where we want to be',
      'plans',
      '2027',
      'Q3',
      '(',
      ')',
      '—',
      ',',
      ':',
      'the',
    );
    fc.assert(
      fc.property(level, fc.array(word, { minLength: 1, maxLength: 6 }), (hashes, words) => {
        const heading = words.join(' ');
        const parsed = page(`# P\n\n${hashes} ${heading}\n\nText.\n`);
        const node = parsed.page?.node;
        const read =
          node !== undefined &&
          (node.statusQuo !== null || node.targets.length > 0 || node.shinyFuture !== undefined || node.ultimately !== undefined);
        const reported = parsed.diagnostics.some((d) => d.code === 'unrecognised-heading');
        if (/status\s+quo|where we want to be|target|as of|\b2027\b/i.test(heading)) expect(read || reported).toBe(true);
        for (const diagnostic of parsed.diagnostics) expect(diagnostic.message.length).toBeLessThan(1000);
      }),
      RUNS,
    );
  });
});
