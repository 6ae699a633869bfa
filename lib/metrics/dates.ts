/**
 * Pure integer day and month arithmetic on `YYYY-MM-DD` / `YYYY-MM` strings.
 *
 * A date is turned into a *day number* (days since 1970-01-01, UTC) once, and all window logic
 * works on those integers; no `Date` object is created and local time never enters. The
 * conversion uses Howard Hinnant's `days_from_civil` rather than `Date.UTC`, because `Date.UTC`
 * maps years 0–99 to 1900–1999; for every other year the two agree (tested).
 *
 * A *month number* is `year × 12 + (month − 1)`.
 *
 * @example dayNumber('1970-01-02') // 1
 * @example dateOfDay(dayNumber('2024-02-28') + 1) // '2024-02-29'
 * @example twelveMonthsStart(dayNumber('2025-02-28')) // dayNumber('2024-02-29')
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

/** Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1–12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1–12, day] of a day number (inverse of `daysFromCivil`). */
export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days of month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Day number of a `YYYY-MM-DD` string; throws on anything else (including `2026-02-30`). */
export function dayNumber(date: string): number {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-')
    throw new Error(`not a date YYYY-MM-DD: ${date}`);
  const y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)))
    throw new Error(`not a calendar date: ${date}`);
  return daysFromCivil(y, m, d);
}

/** Day number of a date string, or null when it is absent. */
export function optDay(date: string | undefined | null): number | null {
  return date === undefined || date === null ? null : dayNumber(date);
}

/** True when `s` is a real calendar date `YYYY-MM-DD`. */
export function isDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    dayNumber(s);
    return true;
  } catch {
    return false;
  }
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD` of a day number. */
/**
 * The UTC calendar date of an instant: "today in UTC" when given the clock's `now` (the one
 * definition; the pure cores never read the clock themselves, callers pass `now`).
 */
export function utcDateOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function dateOfDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Month number of a `YYYY-MM` string; throws on anything else. */
export function monthNumber(month: string): number {
  if (month.length !== 7 || month[4] !== '-') throw new Error(`not a month YYYY-MM: ${month}`);
  const y = digits(month, 0, 4);
  const m = digits(month, 5, 7);
  if (!(m >= 1 && m <= 12)) throw new Error(`not a month YYYY-MM: ${month}`);
  return y * 12 + (m - 1);
}

/** `YYYY-MM` of a month number. */
export function monthString(mn: number): string {
  const y = Math.floor(mn / 12);
  return `${pad(y, 4)}-${pad(mn - y * 12 + 1, 2)}`;
}

/** Month number of the month containing day number `day`. */
export function monthOfDay(day: number): number {
  const [y, m] = civilFromDays(day);
  return y * 12 + (m - 1);
}

/** Day number of the first day of month number `mn`. */
export function firstDayOfMonth(mn: number): number {
  const y = Math.floor(mn / 12);
  return daysFromCivil(y, mn - y * 12 + 1, 1);
}

/** Day number of the last day of month number `mn`. */
export function lastDayOfMonth(mn: number): number {
  return firstDayOfMonth(mn + 1) - 1;
}

/**
 * The same calendar day `months` months away from `day` (negative: earlier), clamped to the last
 * day of the target month. @example addMonthsClamped(dayNumber('2024-03-31'), -1) → 2024-02-29
 */
export function addMonthsClamped(day: number, months: number): number {
  const [y, m, d] = civilFromDays(day);
  const mn = y * 12 + (m - 1) + months;
  const ty = Math.floor(mn / 12);
  const tm = mn - ty * 12 + 1;
  return daysFromCivil(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/**
 * First day of "the 12 months ending D" = `(D − 12 months, D]`: the day after the same calendar
 * day a year earlier (clamped to that month's last day).
 * D = 2025-02-28 → 2024-02-29; D = 2024-02-29 → 2023-03-01; D = 2026-01-15 → 2025-01-16.
 */
export function twelveMonthsStart(day: number): number {
  return addMonthsClamped(day, -12) + 1;
}

/** True when `x` lies in the 12 months ending `day`. */
export function inTwelveMonthsEnding(x: number, day: number): boolean {
  return x >= twelveMonthsStart(day) && x <= day;
}

/**
 * Milliseconds of the common shapes `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` with the
 * calendar arithmetic above, NaN for anything else or any field out of range. Hand-written because
 * `Date.parse` (a general date parser) was the index build's largest cost per ticket; every other
 * shape still goes through `Date.parse`, and for these two both give the same instant (tested).
 */
function isoUtcMs(ts: string): number {
  const n = ts.length;
  if (
    (n !== 20 && n !== 24) ||
    ts.charCodeAt(n - 1) !== 90 /* Z */ ||
    ts[10] !== 'T' ||
    ts[13] !== ':' ||
    ts[16] !== ':' ||
    (n === 24 && ts[19] !== '.')
  )
    return Number.NaN;
  const h = digits(ts, 11, 13);
  const mi = digits(ts, 14, 16);
  const sec = digits(ts, 17, 19);
  const frac = n === 24 ? digits(ts, 20, 23) : 0;
  if (!(h < 24 && mi < 60 && sec < 60 && frac >= 0)) return Number.NaN;
  let day: number;
  try {
    day = dayNumber(ts.slice(0, 10));
  } catch {
    return Number.NaN;
  }
  return day * MS_PER_DAY + h * MS_PER_HOUR + mi * 60_000 + sec * 1000 + frac;
}

/** Milliseconds since the epoch of an ISO-8601 UTC timestamp (no Date object is created). */
export function timestampMs(ts: string): number {
  const fast = isoUtcMs(ts);
  if (!Number.isNaN(fast)) return fast;
  const ms = Date.parse(ts);
  if (!Number.isFinite(ms)) throw new Error(`not a timestamp: ${ts}`);
  return ms;
}

/** Day number of the UTC date of a timestamp in milliseconds. */
export function dayOfMs(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}
