/**
 * Fuzzy dates (SPEC §3) and day arithmetic. Every day is an ISO `YYYY-MM-DD`
 * string in UTC; arithmetic runs on day numbers (days since 1970-01-01) with
 * the proleptic Gregorian calendar, so no `Date` object or clock is involved.
 */
import type { DatePrecision, FuzzyDate, ParsedDate } from './model.js';

export type { ParsedDate } from './model.js';

/** Longer text is not a date; bailing out early keeps hostile input cheap. */
const MAX_DATE_TEXT = 100;

// ---------------------------------------------------------------- calendar

interface CivilDay {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isValidCivil({ year, month, day }: CivilDay): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer
// arithmetic over 400-year eras.
function dayNumber({ year, month, day }: CivilDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDayNumber(n: number): CivilDay {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day };
}

function formatCivil({ year, month, day }: CivilDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function civilFromIso(text: string): CivilDay | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  const civil = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidCivil(civil) ? civil : null;
}

function requireDayNumber(day: string, argument: string): number {
  const civil = civilFromIso(day);
  if (!civil) throw new RangeError(`${argument} must be an ISO day (YYYY-MM-DD), got ${JSON.stringify(day)}`);
  return dayNumber(civil);
}

// ---------------------------------------------------------------- public day arithmetic

/** A strict `YYYY-MM-DD` that names a real day (surrounding whitespace allowed), else null. */
export function parseIsoDay(text: string): string | null {
  const civil = civilFromIso(text.trim());
  return civil ? formatCivil(civil) : null;
}

export function addDays(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return formatCivil(civilFromDayNumber(requireDayNumber(day, 'day') + n));
}

/** `to − from` in days. */
export function daysBetween(from: string, to: string): number {
  return requireDayNumber(to, 'to') - requireDayNumber(from, 'from');
}

/** Days since the interval ended; 0 while it has not ended yet. */
export function ageInDays(date: ParsedDate, now: string): number {
  return Math.max(0, daysBetween(date.end, now));
}

/** Days until the interval's end; negative once it is overdue. */
export function daysUntilDue(date: ParsedDate, now: string): number {
  return daysBetween(now, date.end);
}

/** ISO-8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(day: string): { year: number; week: number; label: string } {
  const n = requireDayNumber(day, 'day');
  // 1970-01-01 was a Thursday: Monday = 0 … Sunday = 6.
  const weekday = (((n + 3) % 7) + 7) % 7;
  const thursday = n - weekday + 3;
  const year = civilFromDayNumber(thursday).year;
  const week = Math.floor((thursday - dayNumber({ year, month: 1, day: 1 })) / 7) + 1;
  return { year, week, label: `${year}-W${String(week).padStart(2, '0')}` };
}

/** A rough human duration of `|days|`: days below two weeks, then weeks, months, years. */
export function formatDuration(days: number): string {
  const total = Math.round(Math.abs(days));
  const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (total < 14) return plural(total, 'day');
  if (total < 60) return plural(Math.round(total / 7), 'week');
  if (total < 365) return plural(Math.round(total / 30.4375), 'month');
  return plural(Math.round((total / 365.2425) * 10) / 10, 'year');
}

// ---------------------------------------------------------------- fuzzy dates

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

/** Season → its first month; a season lasts three months (winter runs into the next year). */
const SEASONS: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 12 };

/** `early / mid / late <year>` split the year in thirds of four months. */
const PARTS: Record<string, number> = { early: 1, mid: 5, late: 9 };

const HALF_ORDINALS: Record<string, number> = { first: 1, second: 2 };
const QUARTER_ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4 };

/** `Sept. 2024`, `Jan. 15, 2025`: the period closing an abbreviated month name is not a token. */
const MONTH_ABBREVIATION_PERIOD = /\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\./g;

type Captures = Record<string, number>;

/** One token slot of a rule: returns what it captures, or null when the token does not fit. */
type Slot = (token: string) => Captures | null;

const literal =
  (word: string): Slot =>
  (token) =>
    token === word ? {} : null;

const numberSlot =
  (pattern: RegExp, name: string): Slot =>
  (token) => {
    const match = pattern.exec(token);
    return match ? { [name]: Number(match[1]) } : null;
  };

const tableSlot =
  (table: Record<string, number>, name: string): Slot =>
  (token) =>
    Object.hasOwn(table, token) ? { [name]: table[token] } : null;

const fullYear = numberSlot(/^(\d{4})$/, 'year');
/** `'25` (or `’25`) is 2025: roadmaps written with it mean this century. */
const apostropheYear: Slot = (token) => {
  const match = /^['’](\d{2})$/.exec(token);
  return match ? { year: 2000 + Number(match[1]) } : null;
};
const year: Slot = (token) => fullYear(token) ?? apostropheYear(token);
const twoDigitMonth = numberSlot(/^(\d{2})$/, 'month');
const twoDigitDay = numberSlot(/^(\d{2})$/, 'day');
const dayOfMonth = numberSlot(/^(\d{1,2})(?:st|nd|rd|th)?$/, 'day');
const monthName = tableSlot(MONTHS, 'month');
const quarter = numberSlot(/^q([1-4])$/, 'quarter');
const half = numberSlot(/^h([12])$/, 'half');
const halfFirst = numberSlot(/^([12])h$/, 'half');
const quarterOrdinal = tableSlot(QUARTER_ORDINALS, 'quarter');
const season = tableSlot(SEASONS, 'seasonMonth');
const part = tableSlot(PARTS, 'partMonth');
const halfOrdinal = tableSlot(HALF_ORDINALS, 'half');
const dash = literal('-');
const comma = literal(',');
const slash = literal('/');
const of = literal('of');
const optional = (slot: Slot): Slot & { optional: true } => Object.assign((token: string) => slot(token), { optional: true as const });

/** `2025h1`, `2024q3`: year and period glued together. */
const yearAndPeriod =
  (letter: string, maxPeriod: number, name: string): Slot =>
  (token) => {
    const match = new RegExp(`^(\\d{4})${letter}([1-${maxPeriod}])$`).exec(token);
    return match ? { year: Number(match[1]), [name]: Number(match[2]) } : null;
  };

interface Interval {
  start: CivilDay;
  end: CivilDay;
  precision: DatePrecision;
}

function monthSpan(year: number, firstMonth: number, months: number, precision: DatePrecision): Interval {
  const lastMonthIndex = firstMonth - 1 + months - 1;
  const endYear = year + Math.floor(lastMonthIndex / 12);
  const endMonth = (lastMonthIndex % 12) + 1;
  return {
    start: { year, month: firstMonth, day: 1 },
    end: { year: endYear, month: endMonth, day: daysInMonth(endYear, endMonth) },
    precision,
  };
}

interface Rule {
  slots: Slot[];
  build: (c: Captures) => Interval | null;
}

const singleDay = (c: Captures): Interval | null => {
  const civil = { year: c.year, month: c.month, day: c.day };
  return isValidCivil(civil) ? { start: civil, end: civil, precision: 'day' } : null;
};
const wholeMonth = (c: Captures): Interval | null => (c.month >= 1 && c.month <= 12 ? monthSpan(c.year, c.month, 1, 'month') : null);
const wholeQuarter = (c: Captures): Interval => monthSpan(c.year, (c.quarter - 1) * 3 + 1, 3, 'quarter');
const wholeHalf = (c: Captures): Interval => monthSpan(c.year, (c.half - 1) * 6 + 1, 6, 'half');

/** The periods `end of …` accepts, and the plain forms of the table. */
const PERIOD_RULES: Rule[] = [
  { slots: [fullYear, dash, twoDigitMonth], build: wholeMonth },
  { slots: [monthName, optional(comma), year], build: wholeMonth },
  { slots: [quarter, optional(dash), year], build: wholeQuarter },
  { slots: [quarterOrdinal, literal('quarter'), of, year], build: wholeQuarter },
  { slots: [year, quarter], build: wholeQuarter },
  { slots: [year, dash, quarter], build: wholeQuarter },
  { slots: [yearAndPeriod('q', 4, 'quarter')], build: wholeQuarter },
  { slots: [half, optional(dash), year], build: wholeHalf },
  { slots: [halfFirst, year], build: wholeHalf },
  { slots: [year, half], build: wholeHalf },
  { slots: [year, dash, half], build: wholeHalf },
  { slots: [yearAndPeriod('h', 2, 'half')], build: wholeHalf },
  { slots: [halfOrdinal, literal('half'), of, year], build: wholeHalf },
  { slots: [season, optional(of), year], build: (c) => monthSpan(c.year, c.seasonMonth, 3, 'season') },
  { slots: [part, year], build: (c) => monthSpan(c.year, c.partMonth, 4, 'part') },
  { slots: [part, dash, year], build: (c) => monthSpan(c.year, c.partMonth, 4, 'part') },
  { slots: [fullYear], build: (c) => monthSpan(c.year, 1, 12, 'year') },
];

const DAY_RULES: Rule[] = [
  { slots: [fullYear, dash, twoDigitMonth, dash, twoDigitDay], build: singleDay },
  { slots: [fullYear, slash, twoDigitMonth, slash, twoDigitDay], build: singleDay },
  { slots: [monthName, dayOfMonth, optional(comma), fullYear], build: singleDay },
  { slots: [dayOfMonth, optional(of), monthName, optional(comma), fullYear], build: singleDay },
];

/** Matches all of `tokens` against `slots`; optional slots may be skipped. */
function matchSlots(slots: Slot[], tokens: string[]): Captures | null {
  const step = (slotIndex: number, tokenIndex: number, captured: Captures): Captures | null => {
    if (slotIndex === slots.length) return tokenIndex === tokens.length ? captured : null;
    const slot = slots[slotIndex];
    if (tokenIndex < tokens.length) {
      const got = slot(tokens[tokenIndex]);
      if (got) {
        const result = step(slotIndex + 1, tokenIndex + 1, { ...captured, ...got });
        if (result) return result;
      }
    }
    return 'optional' in slot ? step(slotIndex + 1, tokenIndex, captured) : null;
  };
  return step(0, 0, {});
}

function matchRules(rules: Rule[], tokens: string[]): Interval | null {
  for (const rule of rules) {
    const captures = matchSlots(rule.slots, tokens);
    if (captures) return rule.build(captures);
  }
  return null;
}

/** Words, numbers and glued forms (`q3`, `2025h1`, `15th`, `'25`), plus `-`, `/` and `,`. */
function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  const pattern = /\s*(['’]?[a-z0-9]+|[-,/])\s*/y;
  while (pattern.lastIndex < text.length) {
    const match = pattern.exec(text);
    if (!match) return null;
    tokens.push(match[1]);
  }
  return tokens;
}

/** "the end of 2024", "the first quarter of 2025": a leading article changes nothing. */
function withoutArticle(tokens: string[]): string[] {
  return tokens[0] === 'the' ? tokens.slice(1) : tokens;
}

function parseTokens(allTokens: string[]): Interval | null {
  const tokens = withoutArticle(allTokens);
  if (tokens[0] === 'end' && tokens[1] === 'of') {
    const period = matchRules(PERIOD_RULES, withoutArticle(tokens.slice(2)));
    return period ? { start: period.end, end: period.end, precision: 'day' } : null;
  }
  return matchRules(DAY_RULES, tokens) ?? matchRules(PERIOD_RULES, tokens);
}

/**
 * Resolves a fuzzy date (SPEC §3, case-insensitive, surrounding whitespace
 * and one trailing period tolerated) to a closed interval of days, or null.
 * `text` of the result is the input without surrounding whitespace.
 */
export function parseFuzzyDate(text: string): ParsedDate | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_DATE_TEXT) return null;
  const tokens = tokenize(trimmed.toLowerCase().replace(/\.$/, '').replace(MONTH_ABBREVIATION_PERIOD, '$1'));
  if (!tokens || tokens.length === 0) return null;
  const interval = parseTokens(tokens);
  if (!interval || !isValidCivil(interval.start) || !isValidCivil(interval.end)) return null;
  return {
    text: trimmed,
    start: formatCivil(interval.start),
    end: formatCivil(interval.end),
    precision: interval.precision,
  };
}

/** The parsed date, or the trimmed text kept raw as an `UnparsedDate`. */
export function toFuzzyDate(text: string): FuzzyDate {
  return parseFuzzyDate(text) ?? { text: text.trim(), start: null, end: null, precision: null };
}

export function isParsedDate(date: FuzzyDate | null | undefined): date is ParsedDate {
  return date != null && date.start !== null;
}
