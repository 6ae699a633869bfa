/**
 * Exact-arithmetic boundaries (METRICS.md, Conventions: "Boundaries as in exact arithmetic").
 *
 * Every threshold comparison of a computed ratio or score goes through `gte`/`lte`/`gt`/`lt`,
 * and every half-up rounding through `roundHalfUp`, so that floating-point noise never moves a
 * value to the wrong side of a threshold: a value within 1e-9 of the threshold (relative to the
 * threshold, at least 1e-9 absolute) counts as being on it.
 *
 * Integer quantities (money in minor units, counts, whole days) are compared with the plain
 * operators instead: the spec says counts compare exactly, and a relative tolerance on a large
 * amount of money (1e12 cents → ±1000 cents) would not be exact.
 *
 * @example gte(1.2 - 1, 0.2) // true, although 1.2 - 1 = 0.19999999999999996
 * @example roundHalfUp(50.499999999) // 51
 */

/** The tolerance of the exact-arithmetic convention. */
export const EPSILON = 1e-9;

/** Tolerance around threshold `b`: 1e-9 relative to it, at least 1e-9 absolute. */
export function tolerance(b: number): number {
  return Math.max(EPSILON, EPSILON * Math.abs(b));
}

/** `a ≥ b` as in exact arithmetic (a within tolerance below `b` counts as equal). */
export function gte(a: number, b: number): boolean {
  return a >= b - tolerance(b);
}

/** `a ≤ b` as in exact arithmetic. */
export function lte(a: number, b: number): boolean {
  return a <= b + tolerance(b);
}

/** `a > b` as in exact arithmetic: true only when `a` is not on or below `b`. */
export function gt(a: number, b: number): boolean {
  return !lte(a, b);
}

/** `a < b` as in exact arithmetic: true only when `a` is not on or above `b`. */
export function lt(a: number, b: number): boolean {
  return !gte(a, b);
}

/**
 * Round half up (towards +∞) as in exact arithmetic: `x` within tolerance of `n + 0.5` rounds to
 * `n + 1`. @example roundHalfUp(50.5) // 51; roundHalfUp(50.4999) // 50; roundHalfUp(-0.5) // 0
 */
export function roundHalfUp(x: number): number {
  const f = Math.floor(x);
  return gte(x, f + 0.5) ? f + 1 : f;
}

/** `x` limited to `[lo, hi]`. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** `n / d`, or null when `d` is 0 (or either is null / not finite). */
export function ratio(n: number | null, d: number | null): number | null {
  if (n === null || d === null || d === 0) return null;
  const r = n / d;
  return Number.isFinite(r) ? r : null;
}

/** Median (mean of the two middle values for an even count); null over nothing. Sorts a copy. */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const s = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Arithmetic mean; null over nothing. Sums in the given order. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** A finite number, or null (guards every number that goes into a report). */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : x;
}
