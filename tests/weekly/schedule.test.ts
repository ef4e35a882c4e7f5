import { runs } from '../setup/runs.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  isDue,
  localDateTime,
  localIsoWeek,
  nextRun,
  weekdayIndex,
  zonedInstant,
  type WeeklySchedule,
} from '../../src/core/weekly/schedule.js';

const at = (iso: string): Date => new Date(iso);
const mondayNineUtc: WeeklySchedule = { day: 'monday', time: '09:00', timezone: 'UTC' };

describe('localDateTime', () => {
  test('reads the wall clock of zones far either side of UTC', () => {
    const instant = at('2026-11-29T19:30:00Z');
    expect(localDateTime(instant, 'Pacific/Kiritimati')).toEqual({ day: '2026-11-30', minutes: 9 * 60 + 30 });
    expect(localDateTime(instant, 'Pacific/Pago_Pago')).toEqual({ day: '2026-11-29', minutes: 8 * 60 + 30 });
    expect(localDateTime(instant, 'UTC')).toEqual({ day: '2026-11-29', minutes: 19 * 60 + 30 });
  });

  test('midnight reads as minute 0, not 24:00', () => {
    expect(localDateTime(at('2026-06-01T00:00:00Z'), 'UTC')).toEqual({ day: '2026-06-01', minutes: 0 });
  });

  test('weekdays count from Monday', () => {
    expect(weekdayIndex('2026-11-30')).toBe(0);
    expect(weekdayIndex('2026-12-31')).toBe(3);
    expect(weekdayIndex('2027-01-03')).toBe(6);
  });
});

describe('isDue across the 2026-W53 → 2027-W01 boundary', () => {
  test('2026-12-31 is in ISO week 53, already past its Monday run', () => {
    expect(isDue(at('2026-12-31T12:00:00Z'), mondayNineUtc)).toEqual({ due: true, week: '2026-W53' });
  });

  test('2027-01-03 (a Sunday) still belongs to 2026-W53', () => {
    expect(isDue(at('2027-01-03T23:59:00Z'), mondayNineUtc)).toEqual({ due: true, week: '2026-W53' });
  });

  test('Monday 2027-01-04 starts 2027-W01: not due before 09:00, due from 09:00', () => {
    expect(isDue(at('2027-01-04T08:59:00Z'), mondayNineUtc)).toEqual({ due: false, week: '2027-W01' });
    expect(isDue(at('2027-01-04T09:00:00Z'), mondayNineUtc)).toEqual({ due: true, week: '2027-W01' });
  });

  test('the next run after New Year is the first Monday of 2027-W01', () => {
    expect(nextRun(at('2026-12-31T12:00:00Z'), mondayNineUtc).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  });

  test('a Friday schedule in week 53 falls on New Year’s Day 2027', () => {
    const friday: WeeklySchedule = { day: 'friday', time: '17:30', timezone: 'UTC' };
    expect(nextRun(at('2026-12-30T00:00:00Z'), friday).toISOString()).toBe('2027-01-01T17:30:00.000Z');
    expect(isDue(at('2027-01-01T17:30:00Z'), friday)).toEqual({ due: true, week: '2026-W53' });
  });
});

describe('isDue and nextRun across daylight-saving changes (Europe/Berlin, 2026)', () => {
  const berlinMonday: WeeklySchedule = { day: 'monday', time: '09:00', timezone: 'Europe/Berlin' };

  test('09:00 local is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(nextRun(at('2026-03-20T00:00:00Z'), berlinMonday).toISOString()).toBe('2026-03-23T08:00:00.000Z');
    expect(nextRun(at('2026-03-24T00:00:00Z'), berlinMonday).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(isDue(at('2026-03-30T06:59:00Z'), berlinMonday).due).toBe(false);
    expect(isDue(at('2026-03-30T07:00:00Z'), berlinMonday).due).toBe(true);
  });

  test('a time skipped by the spring jump is due when the clock jumps past it', () => {
    const skipped: WeeklySchedule = { day: 'sunday', time: '02:30', timezone: 'Europe/Berlin' };
    // 01:59 CET, then 03:00 CEST one minute later.
    expect(isDue(at('2026-03-29T00:59:00Z'), skipped).due).toBe(false);
    expect(isDue(at('2026-03-29T01:00:00Z'), skipped).due).toBe(true);
    expect(nextRun(at('2026-03-28T12:00:00Z'), skipped).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  test('a time repeated in the autumn runs at its first occurrence, and only once that week', () => {
    const repeated: WeeklySchedule = { day: 'sunday', time: '02:30', timezone: 'Europe/Berlin' };
    expect(nextRun(at('2026-10-24T12:00:00Z'), repeated).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // The second 02:30 (CET) is still the same ISO week, already due: no second run.
    expect(isDue(at('2026-10-25T01:30:00Z'), repeated)).toEqual({ due: true, week: '2026-W43' });
    expect(nextRun(at('2026-10-25T01:30:00Z'), repeated).toISOString()).toBe('2026-11-01T01:30:00.000Z');
  });

  test('while the clock repeats the hour before the scheduled time, the week stays due', () => {
    const repeated: WeeklySchedule = { day: 'sunday', time: '02:30', timezone: 'Europe/Berlin' };
    // 01:15Z is 02:15 CET, the second pass through 02:00–03:00, after the run at 02:30 CEST.
    expect(localDateTime(at('2026-10-25T01:15:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-10-25', minutes: 2 * 60 + 15 });
    expect(isDue(at('2026-10-25T01:15:00Z'), repeated)).toEqual({ due: true, week: '2026-W43' });
    expect(nextRun(at('2026-10-25T01:15:00Z'), repeated).toISOString()).toBe('2026-11-01T01:30:00.000Z');
  });
});

describe('zones far from UTC', () => {
  test('Kiritimati (UTC+14): Monday 09:00 local is Sunday 19:00 UTC, in the local ISO week', () => {
    const kiritimati: WeeklySchedule = { day: 'monday', time: '09:00', timezone: 'Pacific/Kiritimati' };
    expect(isDue(at('2026-11-29T18:59:00Z'), kiritimati)).toEqual({ due: false, week: '2026-W49' });
    expect(isDue(at('2026-11-29T19:00:00Z'), kiritimati)).toEqual({ due: true, week: '2026-W49' });
    expect(nextRun(at('2026-11-27T00:00:00Z'), kiritimati).toISOString()).toBe('2026-11-29T19:00:00.000Z');
    expect(localIsoWeek(at('2026-11-29T19:00:00Z'), 'UTC')).toBe('2026-W48');
  });

  test('Pago Pago (UTC−11): Monday 09:00 local is Monday 20:00 UTC; earlier that UTC Monday it is still last week', () => {
    const pagoPago: WeeklySchedule = { day: 'monday', time: '09:00', timezone: 'Pacific/Pago_Pago' };
    expect(isDue(at('2026-11-30T10:00:00Z'), pagoPago)).toEqual({ due: true, week: '2026-W48' });
    expect(isDue(at('2026-11-30T11:00:00Z'), pagoPago)).toEqual({ due: false, week: '2026-W49' });
    expect(isDue(at('2026-11-30T20:00:00Z'), pagoPago)).toEqual({ due: true, week: '2026-W49' });
    expect(nextRun(at('2026-11-30T11:00:00Z'), pagoPago).toISOString()).toBe('2026-11-30T20:00:00.000Z');
  });

  test('the year boundary seen from UTC+14: 2027-W01 starts on Sunday 2027-01-03 UTC', () => {
    const kiritimati: WeeklySchedule = { day: 'monday', time: '00:00', timezone: 'Pacific/Kiritimati' };
    expect(isDue(at('2027-01-03T10:00:00Z'), kiritimati)).toEqual({ due: true, week: '2027-W01' });
    expect(isDue(at('2027-01-03T09:59:00Z'), kiritimati)).toEqual({ due: true, week: '2026-W53' });
  });
});

describe('zonedInstant', () => {
  test('is the inverse of localDateTime for ordinary times', () => {
    const instant = zonedInstant({ day: '2026-07-15', minutes: 14 * 60 + 5 }, 'America/New_York');
    expect(instant.toISOString()).toBe('2026-07-15T18:05:00.000Z');
  });
});

describe('properties over random instants and zones', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Asia/Kathmandu',
  ];
  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
  const schedules = fc.record({
    day: fc.constantFrom(...days),
    time: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([hours, minutes]) => `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`),
    timezone: fc.constantFrom(...zones),
  });
  const instants = fc
    .integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2028, 11, 31) / 60_000 })
    .map((minute) => new Date(minute * 60_000));

  test('the next run is in the future, due at once, and not due a minute earlier in its week', () => {
    fc.assert(
      fc.property(instants, schedules, (now, schedule) => {
        const next = nextRun(now, schedule);
        expect(next.getTime()).toBeGreaterThan(now.getTime());
        const atRun = isDue(next, schedule);
        expect(atRun.due).toBe(true);
        const before = isDue(new Date(next.getTime() - 60_000), schedule);
        expect(before.due && before.week === atRun.week).toBe(false);
      }),
      runs(500),
    );
  });

  test('within one ISO week, once due it stays due (also across the autumn repeat)', () => {
    fc.assert(
      fc.property(instants, schedules, fc.integer({ min: 1, max: 7 * 24 * 60 }), (now, schedule, laterMinutes) => {
        const first = isDue(now, schedule);
        const later = isDue(new Date(now.getTime() + laterMinutes * 60_000), schedule);
        if (first.due && later.week === first.week) expect(later.due).toBe(true);
      }),
      runs(500),
    );
  });
});
