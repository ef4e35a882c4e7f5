/**
 * When the weekly status issue is due (SPEC §7): `weekly.day` at
 * `weekly.time` in `weekly.timezone`, once per ISO week of the local date.
 * Pure: the instant is a parameter and zone conversion uses the Intl tables
 * (`Intl.DateTimeFormat`), so daylight-saving changes and zones far from UTC
 * follow the same rules as the rest of the platform.
 */
import { WEEKDAYS } from '../config/config.js';
import { addDays, daysBetween, isoWeek } from '../model/dates.js';

export type WeekdayName = (typeof WEEKDAYS)[number];

export interface WeeklySchedule {
  day: WeekdayName;
  /** 24-hour `HH:MM`, local to `timezone`. */
  time: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timezone: string;
}

/** A wall-clock reading in some zone. */
export interface LocalDateTime {
  /** ISO day `YYYY-MM-DD`. */
  day: string;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A Monday: weekday arithmetic counts days from here. */
const REFERENCE_MONDAY = '1970-01-05';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The wall clock in `timezone` at `instant` (to the minute). Throws RangeError for an unknown zone. */
export function localDateTime(instant: Date, timezone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timezone).formatToParts(instant)) parts[part.type] = part.value;
  const day = `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}`;
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** `HH:MM` → minutes since midnight. */
export function minutesOfTime(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!match) throw new RangeError(`a time must be "HH:MM", got "${time}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) throw new RangeError(`a time must be "HH:MM" between 00:00 and 23:59, got "${time}"`);
  return hours * 60 + minutes;
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(day: string): number {
  return ((daysBetween(REFERENCE_MONDAY, day) % 7) + 7) % 7;
}

/** The Monday that starts the ISO week of `day`. */
export function weekStartDay(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  return a.minutes - b.minutes;
}

/** The scheduled wall-clock moment in the ISO week that holds `day`. */
function scheduledInWeekOf(day: string, schedule: WeeklySchedule): LocalDateTime {
  const offset = WEEKDAYS.indexOf(schedule.day);
  if (offset < 0) throw new RangeError(`weekly.day must be a weekday name, got "${schedule.day}"`);
  return { day: addDays(weekStartDay(day), offset), minutes: minutesOfTime(schedule.time) };
}

/** The ISO week (`2026-W48`) of the local date in `timezone` at `instant`. */
export function localIsoWeek(instant: Date, timezone: string): string {
  return isoWeek(localDateTime(instant, timezone).day).label;
}

/**
 * Whether this ISO week's run is due: the scheduled day and time of the
 * week the local date is in has come. Measured in instants, so a time
 * skipped by a daylight-saving jump comes with the jump, and once due a
 * week stays due even while the clock repeats an hour in the autumn.
 */
export function isDue(now: Date, schedule: WeeklySchedule): { due: boolean; week: string } {
  const local = localDateTime(now, schedule.timezone);
  const scheduled = zonedInstant(scheduledInWeekOf(local.day, schedule), schedule.timezone);
  return { due: now.getTime() >= scheduled.getTime(), week: isoWeek(local.day).label };
}

function wallClockAsUtc(local: LocalDateTime): number {
  const [year, month, day] = local.day.split('-').map(Number);
  return Date.UTC(year, month - 1, day) + local.minutes * MINUTE_MS;
}

/** Local wall clock minus UTC at `instant`, in ms. */
function offsetAt(instant: number, timezone: string): number {
  const whole = Math.floor(instant / MINUTE_MS) * MINUTE_MS;
  return wallClockAsUtc(localDateTime(new Date(whole), timezone)) - whole;
}

/**
 * The first instant (to the minute) at which the wall clock in `timezone`
 * reads `local`. A time repeated when clocks go back gives its first
 * occurrence; a time skipped when they go forward gives the jump, the first
 * instant whose wall clock is past it.
 */
export function zonedInstant(local: LocalDateTime, timezone: string): Date {
  const wall = wallClockAsUtc(local);
  // The offsets a day either side bracket any change of offset near `wall`.
  const candidates = [...new Set([wall - offsetAt(wall - DAY_MS, timezone), wall - offsetAt(wall + DAY_MS, timezone)])].sort(
    (a, b) => a - b,
  );
  const reads = (instant: number): number => compareLocal(localDateTime(new Date(instant), timezone), local);
  const exact = candidates.find((instant) => reads(instant) === 0);
  if (exact !== undefined) return new Date(exact);
  // In a skipped hour the clock runs forward across the gap: search it.
  let low = candidates[0];
  let high = candidates[candidates.length - 1];
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
    if (reads(middle) >= 0) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** The instant of the next scheduled run after `now`: this week's when not yet due, else next week's. */
export function nextRun(now: Date, schedule: WeeklySchedule): Date {
  const thisWeek = scheduledInWeekOf(localDateTime(now, schedule.timezone).day, schedule);
  const instant = zonedInstant(thisWeek, schedule.timezone);
  if (now.getTime() < instant.getTime()) return instant;
  return zonedInstant({ ...thisWeek, day: addDays(thisWeek.day, 7) }, schedule.timezone);
}
