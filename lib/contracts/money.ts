/**
 * Money: the one definition of a currency's minor units and of how money is written.
 *
 * Money is an integer in the minor units of the dataset's ISO 4217 currency (docs/DATASET.md).
 * How many digits a minor unit has is ISO 4217's exponent, taken from the table below — not
 * from `Intl`, whose CLDR data disagrees with ISO 4217 for about twenty currencies (IQD, COP,
 * HUF, IDR… print with 0 digits), would make one amount read differently in the CLI, the panel
 * and the dashboard, and depends on the runtime's ICU build. Every surface (metrics evidence,
 * panel, "Copy summary", CLI, dashboard, targets, connectors) scales by `minorUnitExponent`.
 *
 * Pure: no clock; the only locale-dependent function, `money`, takes its locale as an argument.
 */

/** ISO 4217 minor-unit exponents that are not 2 (the table is short and stable, so it is kept here). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** The ISO 4217 minor-unit exponent of a currency code (any case): JPY 0, USD 2, KWD 3. */
export function minorUnitExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** Minor units to major units: `toMajor(29400, 'JPY')` → 29400, `toMajor(29400, 'USD')` → 294. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorUnitExponent(currency);
}

/** Major units (what a person types) to integer minor units: `fromMajor(1.5, 'KWD')` → 1500. */
export function fromMajor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorUnitExponent(currency));
}

/**
 * Money in words for text that must not depend on a locale (signal evidence, which the report
 * CLI prints too): `plainMoney(29400, 'USD')` → "294.00 USD", `(29400, 'JPY')` → "29400 JPY",
 * `(29400, 'KWD')` → "29.400 KWD".
 */
export function plainMoney(minor: number, currency: string): string {
  const digits = minorUnitExponent(currency);
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/** "—": the one way a missing value is shown (re-exported by lib/format). */
export const DASH = '—';

/** The currency style of `Intl`, or null for a code `Intl` refuses (not three letters). */
function currencyFormat(locale: string, currency: string, options: Intl.NumberFormatOptions) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, ...options });
  } catch {
    return null;
  }
}

/**
 * Money for people, rounded: `money(1234500, 'USD', 'en-US')` → "$12,345" (minor units below 100
 * major units keep their digits: "$12.34"); `compact` → "$12.3K". In the user's locale.
 */
export function money(
  minor: number | null | undefined,
  currency: string,
  locale = 'en-US',
  compact = false,
): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return DASH;
  const digits = minorUnitExponent(currency);
  const major = minor / 10 ** digits;
  const shown = compact ? 1 : Math.abs(major) < 100 ? digits : 0;
  const fmt = currencyFormat(locale, currency, {
    notation: compact ? 'compact' : 'standard',
    // Compact keeps one decimal where the currency has any ("$1.2K", "$0.0"; "¥1K").
    minimumFractionDigits: compact ? Math.min(digits, 1) : shown,
    maximumFractionDigits: shown,
  });
  return fmt ? fmt.format(major) : `${major.toFixed(digits)} ${currency}`;
}

/**
 * Money to the minor unit, in en-US (the report CLI's table): `exactMoney('USD')(123456)` →
 * "$1,234.56", JPY → "¥123,456", KWD → "KWD 123.456".
 */
export function exactMoney(currency: string): (minor: number | null | undefined) => string {
  const digits = minorUnitExponent(currency);
  const opts = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  const fmt = currencyFormat('en-US', currency, opts) ?? new Intl.NumberFormat('en-US', opts);
  const scale = 10 ** digits;
  return (minor) => (minor === null || minor === undefined ? DASH : fmt.format(minor / scale));
}
