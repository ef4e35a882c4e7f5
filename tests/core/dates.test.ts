import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  ageInDays,
  daysBetween,
  daysUntilDue,
  formatDuration,
  isoWeek,
  isParsedDate,
  parseFuzzyDate,
  parseIsoDay,
  toFuzzyDate,
} from '../../src/core/model/dates.js';
import type { ParsedDate } from '../../src/core/model/model.js';

const RUNS = runs(1000);

describe('parseFuzzyDate: the SPEC §3 table', () => {
  test.each([
    // day
    ['2024-03-15', '2024-03-15', '2024-03-15', 'day'],
    ['March 15, 2024', '2024-03-15', '2024-03-15', 'day'],
    ['15 March 2024', '2024-03-15', '2024-03-15', 'day'],
    // month
    ['2024-03', '2024-03-01', '2024-03-31', 'month'],
    ['March 2024', '2024-03-01', '2024-03-31', 'month'],
    ['Mar 2024', '2024-03-01', '2024-03-31', 'month'],
    // quarter
    ['Q3 2024', '2024-07-01', '2024-09-30', 'quarter'],
    ['2024 Q3', '2024-07-01', '2024-09-30', 'quarter'],
    ['2024-Q3', '2024-07-01', '2024-09-30', 'quarter'],
    ['Q1 2024', '2024-01-01', '2024-03-31', 'quarter'],
    ['Q4 2024', '2024-10-01', '2024-12-31', 'quarter'],
    // half
    ['H1 2025', '2025-01-01', '2025-06-30', 'half'],
    ['2025H1', '2025-01-01', '2025-06-30', 'half'],
    ['2025h1', '2025-01-01', '2025-06-30', 'half'],
    ['first half of 2025', '2025-01-01', '2025-06-30', 'half'],
    ['H2 2025', '2025-07-01', '2025-12-31', 'half'],
    ['second half of 2025', '2025-07-01', '2025-12-31', 'half'],
    // season
    ['spring 2022', '2022-03-01', '2022-05-31', 'season'],
    ['summer 2022', '2022-06-01', '2022-08-31', 'season'],
    ['fall 2022', '2022-09-01', '2022-11-30', 'season'],
    ['autumn 2022', '2022-09-01', '2022-11-30', 'season'],
    ['winter 2022', '2022-12-01', '2023-02-28', 'season'],
    ['winter 2023', '2023-12-01', '2024-02-29', 'season'],
    // part
    ['early 2024', '2024-01-01', '2024-04-30', 'part'],
    ['mid 2024', '2024-05-01', '2024-08-31', 'part'],
    ['mid-2024', '2024-05-01', '2024-08-31', 'part'],
    ['late 2024', '2024-09-01', '2024-12-31', 'part'],
    // end of …
    ['end of 2024', '2024-12-31', '2024-12-31', 'day'],
    ['end of Q3 2024', '2024-09-30', '2024-09-30', 'day'],
    ['end of March 2024', '2024-03-31', '2024-03-31', 'day'],
    ['end of February 2024', '2024-02-29', '2024-02-29', 'day'],
    ['end of H1 2025', '2025-06-30', '2025-06-30', 'day'],
    // year
    ['2024', '2024-01-01', '2024-12-31', 'year'],
    // the forms real roadmaps use (issue 10)
    ['2024/03/15', '2024-03-15', '2024-03-15', 'day'],
    ['15th of March 2024', '2024-03-15', '2024-03-15', 'day'],
    ['1st of February 2028', '2028-02-01', '2028-02-01', 'day'],
    ['March 15th, 2024', '2024-03-15', '2024-03-15', 'day'],
    ['Sept. 2024', '2024-09-01', '2024-09-30', 'month'],
    ['Sept 2024', '2024-09-01', '2024-09-30', 'month'],
    ['Jan. 2027', '2027-01-01', '2027-01-31', 'month'],
    ['Feb 2027', '2027-02-01', '2027-02-28', 'month'],
    ['Aug. 2026', '2026-08-01', '2026-08-31', 'month'],
    ['Nov. 3, 2026', '2026-11-03', '2026-11-03', 'day'],
    ['Q1-2025', '2025-01-01', '2025-03-31', 'quarter'],
    ["Q4 '25", '2025-10-01', '2025-12-31', 'quarter'],
    ['Q2 ’27', '2027-04-01', '2027-06-30', 'quarter'],
    ['the first quarter of 2025', '2025-01-01', '2025-03-31', 'quarter'],
    ['fourth quarter of 2026', '2026-10-01', '2026-12-31', 'quarter'],
    ['2H 2025', '2025-07-01', '2025-12-31', 'half'],
    ['1H 2026', '2026-01-01', '2026-06-30', 'half'],
    ['H2-2026', '2026-07-01', '2026-12-31', 'half'],
    ['the second half of 2025', '2025-07-01', '2025-12-31', 'half'],
    ['summer of 2022', '2022-06-01', '2022-08-31', 'season'],
    ['winter of 2026', '2026-12-01', '2027-02-28', 'season'],
    ['the end of 2024', '2024-12-31', '2024-12-31', 'day'],
    ['end of Sept 2024', '2024-09-30', '2024-09-30', 'day'],
    ['end of Sept. 2024', '2024-09-30', '2024-09-30', 'day'],
    ['the end of the first quarter of 2027', '2027-03-31', '2027-03-31', 'day'],
  ])('%s → %s … %s (%s)', (text, start, end, precision) => {
    expect(parseFuzzyDate(text)).toEqual({ text, start, end, precision });
  });
});

describe('parseFuzzyDate: tolerance', () => {
  test.each([
    ['MARCH 15, 2024', '2024-03-15'],
    ['march 15 2024', '2024-03-15'],
    ['March 15th, 2024', '2024-03-15'],
    ['1 Sept 2024', '2024-09-01'],
    ['  2024-03-15  ', '2024-03-15'],
    ['2024-03-15.', '2024-03-15'],
    ['q3 2024', '2024-07-01'],
    ['END OF q3 2024', '2024-09-30'],
    ['Winter 2022.', '2022-12-01'],
    ['h1 2025', '2025-01-01'],
    ['2024 h2', '2024-07-01'],
    ['2024q3', '2024-07-01'],
    ['Mid - 2024', '2024-05-01'],
  ])('%s starts %s', (text, start) => {
    expect(parseFuzzyDate(text)?.start).toBe(start);
  });

  test('the text of the result is the input without surrounding whitespace', () => {
    expect(parseFuzzyDate('  Q3 2024.\n')?.text).toBe('Q3 2024.');
  });

  test.each([
    '',
    '   ',
    'garbage',
    'soon',
    'TBD',
    '2024-02-30',
    '2023-02-29',
    '2024-13',
    '2024-00',
    '2024-04-31',
    '2024-3-5',
    'Q5 2024',
    'H3 2025',
    'third half of 2025',
    'March 32, 2024',
    'February 30 2024',
    '0 March 2024',
    'end of',
    'end of 2024-03-15',
    'end of end of 2024',
    'spring',
    '24',
    '0000',
    'winter 9999',
    'March 2024 2025',
    '2024.03.15',
    '2024/3/15',
    '15/03/2024',
    '03/15/2024',
    "Q4 '2025",
    "'25",
    'fifth quarter of 2025',
    'the',
    'the the 2024',
    'Sept.. 2024',
    'end of the end of 2024',
    'summer of',
    '3H 2025',
    'Q3 2024 and Q4 2024',
    'constructor 2024',
    '__proto__ 2024',
    '2024'.repeat(30),
  ])('rejects %j', (text) => {
    expect(parseFuzzyDate(text)).toBeNull();
  });

  test('leap years follow the Gregorian rules', () => {
    expect(parseFuzzyDate('2000-02-29')).not.toBeNull();
    expect(parseFuzzyDate('1900-02-29')).toBeNull();
    expect(parseFuzzyDate('2100-02-29')).toBeNull();
    expect(parseFuzzyDate('2024-02-29')).not.toBeNull();
    expect(parseFuzzyDate('February 2100')?.end).toBe('2100-02-28');
    expect(parseFuzzyDate('winter 1999')?.end).toBe('2000-02-29');
    expect(parseFuzzyDate('winter 2099')?.end).toBe('2100-02-28');
  });
});

describe('toFuzzyDate / isParsedDate', () => {
  test('keeps unparsed text raw', () => {
    const date = toFuzzyDate(' someday ');
    expect(date).toEqual({ text: 'someday', start: null, end: null, precision: null });
    expect(isParsedDate(date)).toBe(false);
  });

  test('returns the parsed interval', () => {
    const date = toFuzzyDate('Q1 2026');
    expect(date).toEqual({ text: 'Q1 2026', start: '2026-01-01', end: '2026-03-31', precision: 'quarter' });
    expect(isParsedDate(date)).toBe(true);
    expect(isParsedDate(null)).toBe(false);
  });
});

describe('parseIsoDay', () => {
  test.each([
    ['2026-11-26', '2026-11-26'],
    [' 2026-11-26 ', '2026-11-26'],
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2026-11', null],
    ['26-11-2026', null],
    ['2026-11-26T00:00:00Z', null],
    ['March 15, 2024', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parseIsoDay(text)).toBe(expected);
  });
});

describe('day arithmetic', () => {
  test('addDays crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-15', 0)).toBe('2024-03-15');
    expect(addDays('1970-01-01', 365 * 30 + 7)).toBe('2000-01-01');
  });

  test('daysBetween is to − from', () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2023-01-01', '2023-12-31')).toBe(364);
    expect(daysBetween('2024-03-01', '2024-02-01')).toBe(-29);
  });

  test('bad arguments are a clear RangeError', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(/ISO day.*2024-02-30/);
    expect(() => addDays('2024-02-01', 1.5)).toThrow(RangeError);
    expect(() => daysBetween('yesterday', '2024-01-01')).toThrow(/from must be an ISO day/);
  });

  const q3: ParsedDate = { text: 'Q3 2024', start: '2024-07-01', end: '2024-09-30', precision: 'quarter' };

  test('ageInDays counts from the end of the interval and is 0 before it ends', () => {
    expect(ageInDays(q3, '2024-08-15')).toBe(0);
    expect(ageInDays(q3, '2024-09-30')).toBe(0);
    expect(ageInDays(q3, '2024-10-01')).toBe(1);
    expect(ageInDays(q3, '2025-09-30')).toBe(365);
    expect(ageInDays(q3, '2020-01-01')).toBe(0);
  });

  test('daysUntilDue is end − now, negative when overdue', () => {
    expect(daysUntilDue(q3, '2024-09-20')).toBe(10);
    expect(daysUntilDue(q3, '2024-09-30')).toBe(0);
    expect(daysUntilDue(q3, '2024-10-05')).toBe(-5);
  });
});

describe('isoWeek', () => {
  test.each([
    ['2020-12-31', 2020, 53, '2020-W53'],
    ['2021-01-03', 2020, 53, '2020-W53'],
    ['2021-01-04', 2021, 1, '2021-W01'],
    ['2026-11-26', 2026, 48, '2026-W48'],
    ['2024-12-30', 2025, 1, '2025-W01'],
    ['2019-12-30', 2020, 1, '2020-W01'],
    ['2015-12-31', 2015, 53, '2015-W53'],
    ['2016-01-03', 2015, 53, '2015-W53'],
    ['2016-01-04', 2016, 1, '2016-W01'],
    ['2023-01-01', 2022, 52, '2022-W52'],
    ['2023-01-02', 2023, 1, '2023-W01'],
    ['1970-01-01', 1970, 1, '1970-W01'],
  ])('%s is %s week %s', (day, year, week, label) => {
    expect(isoWeek(day)).toEqual({ year, week, label });
  });

  test('weeks run Monday to Sunday', () => {
    expect(isoWeek('2026-11-23').label).toBe('2026-W48'); // Monday
    expect(isoWeek('2026-11-29').label).toBe('2026-W48'); // Sunday
    expect(isoWeek('2026-11-30').label).toBe('2026-W49'); // Monday
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0 days'],
    [1, '1 day'],
    [-1, '1 day'],
    [12, '12 days'],
    [13, '13 days'],
    [14, '2 weeks'],
    [35, '5 weeks'],
    [-35, '5 weeks'],
    [59, '8 weeks'],
    [60, '2 months'],
    [122, '4 months'],
    [364, '12 months'],
    [365, '1 year'],
    [767, '2.1 years'],
    [-767, '2.1 years'],
    [3652, '10 years'],
  ])('%d → %s', (days, text) => {
    expect(formatDuration(days)).toBe(text);
  });
});

describe('properties', () => {
  const isoDay = fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));

  test('parseFuzzyDate never throws and always gives start <= end', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const date = parseFuzzyDate(text);
        if (date) expect(date.start <= date.end).toBe(true);
      }),
      RUNS,
    );
  });

  test('word-shaped input never throws and always gives start <= end', () => {
    const word = fc.constantFrom(
      'end',
      'of',
      'q3',
      'h2',
      'mid',
      '-',
      ',',
      '.',
      'march',
      'winter',
      'first',
      'half',
      '2024',
      '15',
      '02',
      '30',
      '9999',
      '2024h1',
      'the',
      '/',
      "'25",
      'sept.',
      '2h',
      'quarter',
      'fourth',
      '15th',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        const date = parseFuzzyDate(words.join(' '));
        if (date) {
          expect(date.start <= date.end).toBe(true);
          expect(parseIsoDay(date.start)).toBe(date.start);
          expect(parseIsoDay(date.end)).toBe(date.end);
        }
      }),
      RUNS,
    );
  });

  const civilDay = fc
    .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => ({
      iso: date.toISOString().slice(0, 10),
      year: date.getUTCFullYear(),
      month: date.getUTCMonth(),
      day: date.getUTCDate(),
    }));
  const MONTH_NAMES = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const ABBREVIATIONS = ['Jan.', 'Feb', 'Mar.', 'Apr', 'May', 'Jun.', 'Jul', 'Aug.', 'Sept.', 'Oct', 'Nov.', 'Dec'];
  const ordinal = (n: number): string =>
    `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

  test('a day formatted in every written form parses back to that day', () => {
    fc.assert(
      fc.property(civilDay, ({ iso, year, month, day }) => {
        const forms = [
          iso.replaceAll('-', '/'),
          `${ordinal(day)} of ${MONTH_NAMES[month]} ${year}`,
          `${MONTH_NAMES[month]} ${ordinal(day)}, ${year}`,
          `${ABBREVIATIONS[month]} ${day}, ${year}`,
        ];
        for (const form of forms) expect(parseFuzzyDate(form)).toEqual({ text: form, start: iso, end: iso, precision: 'day' });
      }),
      RUNS,
    );
  });

  test('a quarter or half in every written form gives the same interval', () => {
    const QUARTERS = ['first', 'second', 'third', 'fourth'];
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 4 }), (year, q) => {
        const expected = parseFuzzyDate(`Q${q} ${year}`);
        const short = `'${String(year).slice(2)}`;
        for (const form of [`Q${q}-${year}`, `Q${q} ${short}`, `the ${QUARTERS[q - 1]} quarter of ${year}`]) {
          expect({ ...parseFuzzyDate(form), text: '' }).toEqual({ ...expected, text: '' });
        }
        const h = q <= 2 ? q : q - 2;
        const half = parseFuzzyDate(`H${h} ${year}`);
        for (const form of [`${h}H ${year}`, `the ${QUARTERS[h - 1]} half of ${year}`]) {
          expect({ ...parseFuzzyDate(form), text: '' }).toEqual({ ...half, text: '' });
        }
      }),
      RUNS,
    );
  });

  test('"the end of" a period is the last day of that period', () => {
    const period = fc.constantFrom('2024', 'Q3 2024', 'Sept 2024', 'second half of 2025', 'summer of 2022', "Q4 '25", 'Feb. 2028');
    fc.assert(
      fc.property(period, fc.boolean(), (text, article) => {
        const whole = parseFuzzyDate(text);
        const end = parseFuzzyDate(`${article ? 'the ' : ''}end of ${text}`);
        expect(end).toMatchObject({ start: whole?.end, end: whole?.end, precision: 'day' });
      }),
      RUNS,
    );
  });

  test('a valid ISO day parses to that day', () => {
    fc.assert(
      fc.property(isoDay, (day) => {
        expect(parseFuzzyDate(day)).toEqual({ text: day, start: day, end: day, precision: 'day' });
        expect(parseIsoDay(day)).toBe(day);
      }),
      RUNS,
    );
  });

  test('addDays and daysBetween agree with each other and with Date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }),
        fc.integer({ min: -40000, max: 40000 }),
        (date, n) => {
          const day = date.toISOString().slice(0, 10);
          const later = addDays(day, n);
          expect(daysBetween(day, later)).toBe(n);
          expect(addDays(later, -n)).toBe(day);
          const expected = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + n));
          expect(later).toBe(expected.toISOString().slice(0, 10));
        },
      ),
      RUNS,
    );
  });

  test('isoWeek: consecutive days share a week unless the second is a Monday', () => {
    fc.assert(
      fc.property(
        isoDay.filter((day) => day < '9999-12-01'),
        (day) => {
          const next = addDays(day, 1);
          const isMonday = new Date(`${next}T00:00:00Z`).getUTCDay() === 1;
          const a = isoWeek(day);
          const b = isoWeek(next);
          if (isMonday) expect(b.label === a.label).toBe(false);
          else expect(b).toEqual(a);
          expect(a.week).toBeGreaterThanOrEqual(1);
          expect(a.week).toBeLessThanOrEqual(53);
        },
      ),
      RUNS,
    );
  });
});
