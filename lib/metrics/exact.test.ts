import { describe, expect, it } from 'vitest';
import { clamp, gt, gte, lt, lte, mean, median, ratio, roundHalfUp } from './exact';

describe('exact-arithmetic comparisons', () => {
  it('treats a value within 1e-9 of the threshold as on it', () => {
    expect(1.2 - 1 < 0.2).toBe(true); // the float noise the convention exists for
    expect(gte(1.2 - 1, 0.2)).toBe(true);
    expect(lte(0.1 + 0.2, 0.3)).toBe(true);
    expect(gte(0.2 - 2e-9, 0.2)).toBe(false);
    expect(lte(0.3 + 2e-9, 0.3)).toBe(false);
  });
  it('scales the tolerance with the threshold, at least 1e-9 absolute', () => {
    expect(gte(1000 - 5e-7, 1000)).toBe(true); // 1e-9 × 1000 = 1e-6
    expect(gte(1000 - 2e-6, 1000)).toBe(false);
    expect(gte(-0.5e-9, 0)).toBe(true);
    expect(gte(-2e-9, 0)).toBe(false);
  });
  it('gt and lt are strict outside the tolerance', () => {
    expect(gt(0.3 + 1e-12, 0.3)).toBe(false);
    expect(gt(0.31, 0.3)).toBe(true);
    expect(lt(0.3 - 1e-12, 0.3)).toBe(false);
    expect(lt(0.29, 0.3)).toBe(true);
  });
});

describe('roundHalfUp', () => {
  it('rounds halves up and near-halves as halves', () => {
    expect(roundHalfUp(50.5)).toBe(51);
    expect(roundHalfUp(50.499999999)).toBe(51);
    expect(roundHalfUp(50.4999)).toBe(50);
    expect(roundHalfUp(75.5)).toBe(76);
    expect(roundHalfUp(75.49)).toBe(75);
    expect(roundHalfUp(50)).toBe(50);
    expect(roundHalfUp(49.99999999999)).toBe(50);
    expect(roundHalfUp(0)).toBe(0);
    expect(roundHalfUp(100)).toBe(100);
    expect(roundHalfUp(-0.5)).toBe(0);
    expect(roundHalfUp(-0.6)).toBe(-1);
  });
});

describe('median, mean, ratio, clamp', () => {
  it('median of odd and even counts, null over nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, -2])).toBe(4);
    expect(median([])).toBeNull();
  });
  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
  it('mean and ratio give null on empty input / zero denominator', () => {
    expect(mean([1, 2, 4])).toBeCloseTo(7 / 3, 15);
    expect(mean([])).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 5)).toBe(0);
    expect(ratio(null, 5)).toBeNull();
  });
  it('clamp', () => {
    expect(clamp(-2, -1, 1)).toBe(-1);
    expect(clamp(2, -1, 1)).toBe(1);
    expect(clamp(0.3, -1, 1)).toBe(0.3);
  });
});
