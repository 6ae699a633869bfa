/**
 * Revenue metrics (METRICS.md "Revenue"): MRR, movements, cohort NRR/GRR, logo churn, LTV, CAC,
 * sales cycle. Everything works on each account's MRR over the 24 months `M−23 … M` (index 23 is
 * `M`), taken once per account from the index, so the portfolio is linear in the accounts.
 */
import { monthString, twelveMonthsStart } from './dates';
import { ratio } from './exact';
import { type AccountIx, type DatasetIndex, lowerBound } from './indexing';
import type { AccountStatus, Movement } from './types';

/** Months of history every revenue computation needs: `M−23 … M`. */
export const SERIES_MONTHS = 24;
/** Index of `M` in a series. */
export const CUR = SERIES_MONTHS - 1;

/** MRR of the account for months `M−23 … M` (index 23 = M); missing months are 0. */
export function revenueSeries(ax: AccountIx, m: number): Float64Array {
  return mrrSeries(ax, m - CUR, SERIES_MONTHS);
}

/**
 * `status`, `churnedIn`, `lastMrr` (METRICS.md "Account status") as of month number `m` (the
 * month of D), over the account's whole revenue history up to `m` (not only the 24-month series):
 * `MRR(a, month)` is the revenue row of that month, 0 when missing, as everywhere else.
 */
export function accountStatusAt(
  ax: AccountIx,
  m: number,
): { status: AccountStatus; churnedIn: string | null; lastMrr: number | null } {
  if (mrrAt(ax, m) > 0) return { status: 'active', churnedIn: null, lastMrr: null };
  // The last month before m with MRR > 0 (rows of later months are 0 or missing, i.e. 0).
  for (let j = lowerBound(ax.revMonths, m) - 1; j >= 0; j--) {
    if (ax.revMrr[j] > 0) {
      return { status: 'churned', churnedIn: monthString(ax.revMonths[j] + 1), lastMrr: ax.revMrr[j] };
    }
  }
  return { status: 'not-yet-paying', churnedIn: null, lastMrr: null };
}

export interface AccountMovement {
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

/**
 * Movement of one account in month number `month` from `prev` = MRR(m−1) to `cur` = MRR(m).
 * `new` vs `reactivation`: whether any month before `m` (the whole dataset, not only a window)
 * had MRR > 0; `firstPositiveMonth` is the account's earliest such month.
 */
export function accountMovement(
  prev: number,
  cur: number,
  month: number,
  firstPositiveMonth: number,
): AccountMovement {
  const mv: AccountMovement = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0 };
  if (prev === 0) {
    if (cur > 0) {
      if (firstPositiveMonth < month) mv.reactivation = cur;
      else mv.new = cur;
    }
  } else if (cur === 0) mv.churn = -prev;
  else if (cur > prev) mv.expansion = cur - prev;
  else if (cur < prev) mv.contraction = cur - prev;
  return mv;
}

/** Σ expansion of the account over the 12 months `M−11 … M`. */
export function accountExpansion(series: Float64Array): number {
  let sum = 0;
  for (let t = CUR - 11; t <= CUR; t++) {
    const prev = series[t - 1];
    const cur = series[t];
    if (prev > 0 && cur > prev) sum += cur - prev;
  }
  return sum;
}

/** Account `nrr` = MRR(a, M) / MRR(a, B); null when MRR(a, B) = 0. */
export function accountNrr(series: Float64Array): number | null {
  return ratio(series[CUR], series[CUR - 12]);
}

export interface CohortAt {
  nrr: number | null;
  grr: number | null;
  logoChurnRate: number | null;
  cohort: number;
}

/** Cohort NRR, GRR and logo churn as of month index `t` of the series (B = t − 12). */
export function cohortAt(all: readonly Float64Array[], t: number): CohortAt {
  let base = 0;
  let now = 0;
  let kept = 0;
  let cohort = 0;
  let lost = 0;
  for (const s of all) {
    const b = s[t - 12];
    if (!(b > 0)) continue;
    const c = s[t];
    cohort++;
    base += b;
    now += c;
    kept += Math.min(c, b);
    if (c === 0) lost++;
  }
  return { nrr: ratio(now, base), grr: ratio(kept, base), logoChurnRate: ratio(lost, cohort), cohort };
}

export interface PortfolioRevenue {
  mrr: number;
  payingAccounts: number;
  arpa: number | null;
  movements: Movement[];
  expansionRevenue: number;
  nrr: number | null;
  grr: number | null;
  logoChurnRate: number | null;
  logoRetentionRate: number | null;
  monthlyLogoChurnRate: number | null;
  /** Σ MRR per month index of the series (M−23 … M). */
  mrrByMonth: number[];
}

/** Portfolio revenue metrics for month number `m` from every account's series. */
export function portfolioRevenue(
  accounts: readonly AccountIx[],
  all: readonly Float64Array[],
  m: number,
): PortfolioRevenue {
  const mrrByMonth = new Array<number>(SERIES_MONTHS).fill(0);
  let payingAccounts = 0;
  const movements: Movement[] = [];
  for (let t = CUR - 11; t <= CUR; t++) {
    movements.push({
      month: monthString(m - (CUR - t)),
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
      net: 0,
    });
  }
  let churned = 0;
  let atRisk = 0;
  for (let i = 0; i < all.length; i++) {
    const s = all[i];
    for (let t = 0; t < SERIES_MONTHS; t++) mrrByMonth[t] += s[t];
    if (s[CUR] > 0) payingAccounts++;
    const first = accounts[i].firstPositiveMonth;
    for (let t = CUR - 11; t <= CUR; t++) {
      const prev = s[t - 1];
      const cur = s[t];
      if (prev > 0) {
        atRisk++;
        if (cur === 0) churned++;
      }
      if (prev === cur) continue;
      const mv = accountMovement(prev, cur, m - (CUR - t), first);
      const out = movements[t - (CUR - 11)];
      out.new += mv.new;
      out.expansion += mv.expansion;
      out.contraction += mv.contraction;
      out.churn += mv.churn;
      out.reactivation += mv.reactivation;
    }
  }
  let expansionRevenue = 0;
  for (const mv of movements) {
    mv.net = mv.new + mv.expansion + mv.contraction + mv.churn + mv.reactivation;
    expansionRevenue += mv.expansion;
  }
  const mrr = mrrByMonth[CUR];
  const cohort = cohortAt(all, CUR);
  return {
    mrr,
    payingAccounts,
    arpa: ratio(mrr, payingAccounts),
    movements,
    expansionRevenue,
    nrr: cohort.nrr,
    grr: cohort.grr,
    logoChurnRate: cohort.logoChurnRate,
    logoRetentionRate: cohort.logoChurnRate === null ? null : 1 - cohort.logoChurnRate,
    monthlyLogoChurnRate: ratio(churned, atRisk),
    mrrByMonth,
  };
}

/** `value × grossMargin / monthlyLogoChurnRate`; null when the rate is 0 or null (or value null). */
export function ltvOf(
  value: number | null,
  grossMargin: number,
  monthlyLogoChurnRate: number | null,
): number | null {
  if (value === null || monthlyLogoChurnRate === null || monthlyLogoChurnRate === 0) return null;
  return ratio(value * grossMargin, monthlyLogoChurnRate);
}

/** Mean `acquisitionCost` over accounts started in the 12 months ending D that have a cost (0 counts). */
export function cacAt(ix: DatasetIndex, d: number): number | null {
  const from = twelveMonthsStart(d);
  let sum = 0;
  let n = 0;
  for (const ax of ix.accounts) {
    const cost = ax.account.acquisitionCost;
    if (cost === undefined || ax.startedDay === null || ax.startedDay < from || ax.startedDay > d) continue;
    sum += cost;
    n++;
  }
  return ratio(sum, n);
}

/** Mean of `dealClosedOn − dealCreatedOn` (days) over accounts with both, closed in the 12 months ending D. */
export function salesCycleAt(ix: DatasetIndex, d: number): number | null {
  const from = twelveMonthsStart(d);
  let sum = 0;
  let n = 0;
  for (const ax of ix.accounts) {
    if (
      ax.dealCreatedDay === null ||
      ax.dealClosedDay === null ||
      ax.dealClosedDay < from ||
      ax.dealClosedDay > d
    )
      continue;
    sum += ax.dealClosedDay - ax.dealCreatedDay;
    n++;
  }
  return ratio(sum, n);
}

/** `MRR(a, m)`: the revenue row of month number `m`, 0 when missing. */
export function mrrAt(ax: AccountIx, m: number): number {
  const j = lowerBound(ax.revMonths, m);
  return j < ax.revMonths.length && ax.revMonths[j] === m ? ax.revMrr[j] : 0;
}

/** MRR of the `n` consecutive months starting at month number `from` (missing months are 0). */
export function mrrSeries(ax: AccountIx, from: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const months = ax.revMonths;
  for (let j = lowerBound(months, from); j < months.length && months[j] < from + n; j++) {
    out[months[j] - from] = ax.revMrr[j];
  }
  return out;
}
