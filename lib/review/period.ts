/**
 * The review's period: two UTC calendar dates `[from, to]`, both included. Pure (no clock): the
 * default is the last full quarter on or before the data's as-of date.
 */
import { civilFromDays, dateOfDay, dayNumber, daysFromCivil, isDate } from '../metrics/dates';

export interface Period {
  from: string;
  to: string;
}

/** Whole days in the period (both ends included). */
export function periodDays(p: Period): number {
  return dayNumber(p.to) - dayNumber(p.from) + 1;
}

/** The period of equal length just before `p`. */
export function previousPeriod(p: Period): Period {
  const n = periodDays(p);
  const from = dayNumber(p.from);
  return { from: dateOfDay(from - n), to: dateOfDay(from - 1) };
}

/**
 * The last calendar quarter that ends on or before `asOf`: as of 2026-10-31 it is Q3
 * (2026-07-01 … 2026-09-30); as of 2026-09-30 it is Q3 too.
 */
export function lastFullQuarter(asOf: string): Period {
  const d = dayNumber(asOf);
  const [y, m] = civilFromDays(d);
  const q = Math.floor((m - 1) / 3); // 0..3, the quarter holding asOf
  const qEnd = quarterStart(y, q + 1) - 1; // last day of that quarter
  let endY = y;
  let endQ = q;
  if (qEnd !== d) {
    endQ = q - 1;
    if (endQ < 0) {
      endQ = 3;
      endY = y - 1;
    }
  }
  const from = quarterStart(endY, endQ);
  const to = quarterStart(endY, endQ + 1) - 1;
  return { from: dateOfDay(from), to: dateOfDay(to) };
}

/** "Q3 2026" when the period is exactly a calendar quarter, else null. */
export function quarterName(p: Period): string | null {
  const [y, m, d] = civilFromDays(dayNumber(p.from));
  if (d !== 1 || (m - 1) % 3 !== 0) return null;
  const q = (m - 1) / 3;
  return dayNumber(p.to) === quarterStart(y, q + 1) - 1 ? `Q${q + 1} ${y}` : null;
}

/** Day number of the first day of quarter `q` (0–3) of year `y`; `q` may run past 3 into the next year. */
function quarterStart(y: number, q: number): number {
  return daysFromCivil(y + Math.floor(q / 4), (q % 4) * 3 + 1, 1);
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: string };

/**
 * The period asked for (`from`/`to` from the page's address; either absent: the last full quarter
 * as of `asOf`). Refused with a sentence saying what to change: a date that is not a calendar date,
 * `from` after `to`, or a period ending after the data does (its last days would read as idle).
 */
export function choosePeriod(from: string | null, to: string | null, asOf: string): PeriodResult {
  if (!from && !to) return { ok: true, period: lastFullQuarter(asOf) };
  if (!from || !to)
    return {
      ok: false,
      error: 'Give both dates of the period (from and to), or neither for the last full quarter.',
    };
  if (!isDate(from) || !isDate(to))
    return { ok: false, error: `"${!isDate(from) ? from : to}" is not a date: write it as YYYY-MM-DD.` };
  if (from > to)
    return { ok: false, error: `The period starts (${from}) after it ends (${to}): swap the dates.` };
  if (to > asOf)
    return {
      ok: false,
      error: `The period ends on ${to}, after the data (which runs to ${asOf}): choose an end on or before ${asOf}.`,
    };
  return { ok: true, period: { from, to } };
}

/** The success review page of an account (an extension page: a path from the extension's root). */
export function reviewHref(accountId: string): string {
  return `/review.html?account=${encodeURIComponent(accountId)}`;
}
