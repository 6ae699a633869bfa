/**
 * Number formats for people: the user's locale, the dataset's currency, "—" for null.
 * Pure (the locale is passed in), so components and tests share it.
 */
// Money (minor units by the currency's ISO 4217 exponent) is defined once, in lib/contracts/money.
import { DASH, money, toMajor } from './contracts/money';

export { DASH, money } from './contracts/money';

/** From this many major units up, `tileMoney` is compact: below it the whole figure fits a tile ("$999,999"). */
export const TILE_COMPACT_FROM = 1_000_000;

/**
 * Money on a KPI tile: the rounded figure below a million major units ("$73,938"), compact from
 * there (`Intl` compact notation through `money`: "$297.0M", "$3.6B", "297,0 Mio. $"), so a
 * portfolio's MRR or ARR is never cut off. `exact` is the whole figure (`money`), for the tile's
 * tooltip; null when `text` is already that.
 */
export function tileMoney(
  minor: number | null | undefined,
  currency: string,
  locale = 'en-US',
): { text: string; exact: string | null } {
  const exact = money(minor, currency, locale);
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return { text: exact, exact: null };
  if (Math.abs(toMajor(minor, currency)) < TILE_COMPACT_FROM) return { text: exact, exact: null };
  return { text: money(minor, currency, locale, true), exact };
}

/** A ratio as a percentage: `pct(1.054)` → "105.4%". */
export function pct(ratio: number | null | undefined, locale = 'en-US', digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

export function num(v: number | null | undefined, locale = 'en-US', digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
}

/** A signed change: `signed(4.2)` → "+4.2", `signed(-3)` → "−3". */
export function signed(v: number | null | undefined, locale = 'en-US', digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const s = new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(v);
  return s.replace('-', '−');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC calendar date for people: "31 Oct 2026" (or "31 Oct" with `short`). */
export function day(date: string | null | undefined, short = false): string {
  if (!date) return DASH;
  const [y, m, d] = date.split('-').map(Number);
  return short ? `${d} ${MONTHS[m - 1]}` : `${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * A UTC calendar date in the person's locale: `localeDay('2026-10-31', 'en-GB')` → "31 Oct 2026",
 * `'en-US'` → "Oct 31, 2026", `'de-DE'` → "31. Okt. 2026" (`long`: the month in full). Read in UTC,
 * so the day never moves with the machine's time zone.
 */
export function localeDay(date: string | null | undefined, locale = 'en-US', long = false): string {
  if (!date) return DASH;
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(Date.UTC(2000, m - 1, d));
  // Years 0–99 would map to 19xx through Date.UTC: set the year explicitly.
  at.setUTCFullYear(y);
  if (!Number.isFinite(at.getTime())) return DASH;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: long ? 'long' : 'short',
    year: 'numeric',
  }).format(at);
}

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

/** A `YYYY-MM` month for people, in full: "October 2026". */
export function fullMonth(month: string | null | undefined): string {
  if (!month) return DASH;
  const [y, m] = month.split('-').map(Number);
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

/** "in 45 days", "today", "12 days ago". */
export function daysFromNow(n: number | null | undefined): string {
  if (n === null || n === undefined) return DASH;
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n > 0) return `in ${n} days`;
  return n === -1 ? 'yesterday' : `${-n} days ago`;
}

/** "2 h", "3.5 h", "2.1 days". */
export function hours(h: number | null | undefined, locale = 'en-US'): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return DASH;
  if (h >= 48) return `${num(h / 24, locale, 1)} days`;
  return `${num(h, locale, 1)} h`;
}

/** "5 minutes ago" for a timestamp relative to `now`. */
export function ago(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return DASH;
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}
