/**
 * Exact money conversion for connectors (CONNECTORS.md, "Currency").
 *
 * Amounts arrive in a currency's minor units; a config rate says how many workspace units one
 * unit of that currency is worth. Every figure is a rational number held as BigInt numerator and
 * denominator until its one rounding (half away from zero), so no binary float ever touches money.
 * Written here rather than taken from a decimal library because the whole need is one fraction
 * and one rounding rule; a rate is read as the decimal its JSON number prints as (`String(rate)`).
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

/** An exact non-negative-denominator fraction. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

/** Reads a decimal as its shortest printing (`String(x)`), e.g. 1.08 → 108/100, 1e-7 → 1/10^7. */
export function decimalFraction(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`${x} is not a decimal`);
  const digits = `${m[2]}${m[3] ?? ''}`;
  let scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0);
  let n = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  let d = 1n;
  if (scale >= 0) d = 10n ** BigInt(scale);
  else {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n, d };
}

/** n/d rounded to an integer, half away from zero. */
export function roundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) return roundHalfAwayFromZero(-n, -d);
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return neg ? -q : q;
}

/** Rates as the config gives them: upper-case code → workspace units per unit. */
export type Rates = ReadonlyMap<string, number>;

/**
 * The fraction that turns minor units of `from` into minor units of `workspace`, or null when
 * `from` is another currency without a rate.
 */
export function conversionFactor(from: string, workspace: string, rates: Rates): Fraction | null {
  const f = from.toUpperCase();
  const w = workspace.toUpperCase();
  if (f === w) return { n: 1n, d: 1n };
  const rate = rates.get(f);
  if (rate === undefined) return null;
  const r = decimalFraction(rate);
  const shift = minorUnitExponent(w) - minorUnitExponent(f);
  return shift >= 0 ? { n: r.n * 10n ** BigInt(shift), d: r.d } : { n: r.n, d: r.d * 10n ** BigInt(-shift) };
}

/**
 * `amount × factor × conversion`, rounded once (half away from zero) to workspace minor units;
 * null when the currency has no rate.
 */
export function convertMinor(
  amount: bigint | number,
  currency: string,
  workspace: string,
  rates: Rates,
  factor: Fraction = { n: 1n, d: 1n },
): number | null {
  const c = conversionFactor(currency, workspace, rates);
  if (c === null) return null;
  const n = BigInt(amount) * factor.n * c.n;
  const d = factor.d * c.d;
  return Number(roundHalfAwayFromZero(n, d));
}
