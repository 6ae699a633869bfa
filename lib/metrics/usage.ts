/**
 * Usage and engagement of one account as of day D (METRICS.md "Usage and engagement").
 * `W30` = D−29 … D, `P30` = D−59 … D−30; a missing usage day is all zeros. Sums run oldest day
 * first, so the result does not depend on the order of the dataset's rows.
 */
import { ratio } from './exact';
import { type AccountIx, type DatasetIndex, lowerBound } from './indexing';

export interface UsageAt {
  dau: number;
  wau: number;
  mau: number;
  /** Σ dau over W30. */
  sumDau30: number;
  /** Σ dau over P30. */
  sumDauP30: number;
  /** Σ minutes over W30. */
  sumMinutes30: number;
  avgDau30: number;
  stickiness: number | null;
  seatUtilization: number | null;
  usageChange: number | null;
  minutesPerActiveUser: number | null;
}

/**
 * @example usageAt(ix, ax, dayNumber('2026-10-31')).avgDau30 // mean dau of 2026-10-02 … 2026-10-31
 */
export function usageAt(ix: DatasetIndex, ax: AccountIx, d: number): UsageAt {
  const days = ax.useDays;
  const usage = ix.dataset.usage;
  const cols = ix.usageColumns;
  let sumDau30 = 0;
  let sumDauP30 = 0;
  let sumMinutes30 = 0;
  let dau = 0;
  let wau = 0;
  let mau = 0;
  for (let j = lowerBound(days, d - 59); j < days.length && days[j] <= d; j++) {
    const day = days[j];
    if (day >= d - 29) {
      sumDau30 += ax.useDau[j];
      const r = ax.useRow[j];
      sumMinutes30 += cols === null ? usage[r].minutes : cols.minutes[r];
      if (day === d) {
        dau = ax.useDau[j];
        wau = cols === null ? usage[r].wau : cols.wau[r];
        mau = cols === null ? usage[r].mau : cols.mau[r];
      }
    } else {
      sumDauP30 += ax.useDau[j];
    }
  }
  const avgDau30 = sumDau30 / 30;
  return {
    dau,
    wau,
    mau,
    sumDau30,
    sumDauP30,
    sumMinutes30,
    avgDau30,
    ...scoreInputs(ax, sumDau30, sumDauP30, mau),
    minutesPerActiveUser: ratio(sumMinutes30, sumDau30),
  };
}

/** The usage inputs of the health score (METRICS.md), from the dau sums of W30 and P30 and `mau` of D. */
function scoreInputs(ax: AccountIx, sumDau30: number, sumDauP30: number, mau: number): ScoreUsage {
  const avgDau30 = sumDau30 / 30;
  const seats = ax.account.seats;
  const p30Mean = sumDauP30 / 30;
  return {
    stickiness: ratio(avgDau30, mau),
    seatUtilization: seats === undefined ? null : ratio(mau, seats),
    usageChange: p30Mean === 0 ? null : avgDau30 / p30Mean - 1,
  };
}

/** What the health score reads of usage as of a day. */
export type ScoreUsage = Pick<UsageAt, 'stickiness' | 'seatUtilization' | 'usageChange'>;

/** `dau` of each of the 84 days ending D (12 weeks), oldest first; missing days are 0. */
export function heatmapAt(ax: AccountIx, d: number): number[] {
  const out = new Array<number>(84).fill(0);
  const days = ax.useDays;
  for (let j = lowerBound(days, d - 83); j < days.length && days[j] <= d; j++)
    out[days[j] - (d - 83)] = ax.useDau[j];
  return out;
}
