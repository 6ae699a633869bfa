/**
 * Exact money conversion for connectors (CONNECTORS.md, "Currency").
 *
 * Amounts arrive in a currency's minor units; a config rate says how many workspace units one
 * unit of that currency is worth. Every figure is a rational number held as BigInt numerator and
 * denominator until its one rounding (half away from zero), so no binary float ever touches money.
 * Written here rather than taken from a decimal library because the whole need is one fraction
 * and one rounding rule; a rate is read as the decimal its JSON number prints as (`String(rate)`).
 */

import { minorUnitExponent } from '../contracts/money';

// The ISO 4217 exponents are defined once, in lib/contracts/money.
export { minorUnitExponent };

/** An exact non-negative-denominator fraction. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

/** Reads a decimal as its shortest printing (`String(x)`), e.g. 1.08 → 108/100, 1e-7 → 1/10^7. */
export function decimalFraction(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
  const f = decimalText(String(x));
  if (f === null) throw new RangeError(`${x} is not a decimal`);
  return f;
}

/**
 * A decimal written as text (`"1500.50"`, `"-3"`, `"1e-7"`; surrounding spaces allowed), exactly;
 * null for anything else (`""`, `"1,500"`, `"abc"`). How HubSpot's number properties travel.
 */
export function decimalText(text: string): Fraction | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  // An exponent this large is no amount anyone keeps (and 10^it would not fit in memory).
  if (!m || Math.abs(Number(m[4] ?? 0)) > 30) return null;
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
