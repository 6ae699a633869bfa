/**
 * Number formats for people: the user's locale, the dataset's currency, "—" for null.
 * Pure (the locale is passed in), so components and tests share it.
 */
export const DASH = '—';

const fractionDigits = (currency: string, locale: string) => {
  try {
    return (
      new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
};

/** Money from integer minor units: `money(1234500, 'USD', 'en-US')` → "$12,345". Cents shown below 100 units. */
export function money(
  minor: number | null | undefined,
  currency: string,
  locale = 'en-US',
  compact = false,
): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return DASH;
  const digits = fractionDigits(currency, locale);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      notation: compact ? 'compact' : 'standard',
      maximumFractionDigits: compact ? 1 : Math.abs(major) < 100 ? digits : 0,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
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
