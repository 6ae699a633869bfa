/**
 * The demo's few calendar helpers beyond the project's day and month arithmetic
 * (`lib/metrics/dates.ts`, which the generator uses for everything else): anniversaries, weekdays,
 * timestamps and a smooth seasonal wave, all on day numbers (days since 1970-01-01), no Date objects.
 */
import { addMonthsClamped, dateOfDay } from '../metrics/dates';

/** The same calendar day `years` later (29 Feb → 28 Feb in common years). */
export function addYears(day: number, years: number): number {
  return addMonthsClamped(day, 12 * years);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DDTHH:MM:00Z` of a day number and a minute of that day (clamped to the day). */
export function timestamp(day: number, minuteOfDay: number): string {
  const m = Math.max(0, Math.min(1439, Math.floor(minuteOfDay)));
  return `${dateOfDay(day)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00Z`;
}

/** A smooth periodic bump in [−1, 1] with period 1 (cosine-like, polynomial). */
export function wave(x: number): number {
  const f = x - Math.floor(x);
  const t = Math.abs(2 * f - 1);
  return 2 * (t * t * (3 - 2 * t)) - 1;
}
