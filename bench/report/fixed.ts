/**
 * "The same work" for the report benchmark: the fixed fields of METRICS.md "Report JSON" (no
 * extras) plus the portfolio's `trends.ttvTrend` (METRICS.md "later additions"), as every engine
 * returns them, and the field-by-field check that the three engines agree before anything is timed.
 */

import { dateOfDay, dayNumber, lastDayOfMonth, monthOfDay, twelveMonthsStart } from '../../lib/metrics/dates';
import { DEFAULT_SETTINGS } from '../../lib/metrics/settings';
import type {
  AccountHealth,
  AccountReport,
  AccountUsage,
  Band,
  Movement,
  PortfolioReport,
  PortfolioTrends,
  Report,
  Signal,
  SignalId,
} from '../../lib/metrics/types';

// The report's types are the metrics core's (lib/metrics/types); the fixed fields are picks of them.
export type { Band };

/** A signal without its extras (evidence, action). */
export type FixedSignal = Pick<Signal, 'id' | 'kind' | 'severity'>;

export type FixedAccount = Pick<
  AccountReport,
  | 'id'
  | 'name'
  | 'status'
  | 'churnedIn'
  | 'lastMrr'
  | 'mrr'
  | 'arr'
  | 'nrr'
  | 'expansionRevenue'
  | 'ltv'
  | 'renewsInDays'
  | 'ttvDays'
  | 'journeyCompletion'
  | 'nps'
  | 'csat'
  | 'support'
> & {
  usage: Omit<AccountUsage, 'activeUsers'>;
  health: Pick<AccountHealth, 'score' | 'band' | 'delta30' | 'components'>;
  signals: FixedSignal[];
};

export type FixedMovement = Movement;

export type FixedPortfolio = Pick<
  PortfolioReport,
  | 'accounts'
  | 'payingAccounts'
  | 'mrr'
  | 'arr'
  | 'arpa'
  | 'nrr'
  | 'grr'
  | 'logoChurnRate'
  | 'logoRetentionRate'
  | 'monthlyLogoChurnRate'
  | 'expansionRevenue'
  | 'movements'
  | 'ltv'
  | 'cac'
  | 'ltvToCac'
  | 'salesCycleDays'
  | 'nps'
  | 'csat'
  | 'dauMau'
  | 'ttvDays'
  | 'health'
> & { trends: Pick<PortfolioTrends, 'ttvTrend'> };

export type FixedReport = Pick<Report, 'asOf' | 'currency'> & {
  portfolio: FixedPortfolio;
  accounts: FixedAccount[];
};

/** Signals in METRICS.md table order: id and kind. */
export const SIGNALS: readonly { id: SignalId; kind: Signal['kind'] }[] = [
  { id: 'usage-decline', kind: 'risk' },
  { id: 'champion-inactive', kind: 'risk' },
  { id: 'detractor', kind: 'risk' },
  { id: 'ticket-spike', kind: 'risk' },
  { id: 'renewal-risk', kind: 'risk' },
  { id: 'contraction', kind: 'risk' },
  { id: 'low-adoption', kind: 'risk' },
  { id: 'seat-limit', kind: 'upsell' },
  { id: 'usage-growth', kind: 'upsell' },
  { id: 'promoter', kind: 'upsell' },
  { id: 'plan-headroom', kind: 'upsell' },
  { id: 'feature-demand', kind: 'upsell' },
];

/** Signals from one severity (or null) per signal, in table order. */
export function signalList(severities: readonly (string | null | undefined)[]): FixedSignal[] {
  const out: FixedSignal[] = [];
  for (let i = 0; i < SIGNALS.length; i++) {
    const s = severities[i];
    if (s !== null && s !== undefined)
      out.push({ id: SIGNALS[i].id, kind: SIGNALS[i].kind, severity: s as FixedSignal['severity'] });
  }
  return out;
}

const tol = (b: number) => Math.max(1e-9, 1e-9 * Math.abs(b));

/**
 * The as-of constants every engine is given (as SQL literals or arquero params), all derived from
 * the as-of date and the default settings: window bounds as day / month numbers, and threshold
 * bounds with METRICS.md's exact-arithmetic tolerance already applied (`a ≥ b` ⇔ `a ≥ geX`).
 */
export function asOfParams(asOf: string) {
  const s = DEFAULT_SETTINGS;
  const D = dayNumber(asOf);
  const M = monthOfDay(D);
  return {
    D,
    M,
    from12: twelveMonthsStart(D),
    /** The `ttvTrend` points: the last day of each month M−11 … M−1, then D, with their 12-month starts. */
    trendDays: Array.from({ length: 12 }, (_, i) => {
      const m = M - 11 + i;
      const day = i === 11 ? D : lastDayOfMonth(m);
      const asOfText = dateOfDay(day);
      return { day, from: twelveMonthsStart(day), asOf: asOfText, month: asOfText.slice(0, 7) };
    }),
    endOfDMs: (D + 1) * 86_400_000,
    weights: s.weights,
    /** `lte(x, usageDecline)` ⇔ `x <= leDecline` */
    leDecline: s.usageDecline + tol(s.usageDecline),
    leDeclineHigh: s.usageDeclineHigh + tol(s.usageDeclineHigh),
    /** `lt(x, lowAdoptionBreadth)` ⇔ `x < ltLowAdoption` */
    ltLowAdoption: s.lowAdoptionBreadth - tol(s.lowAdoptionBreadth),
    geSeatLimit: s.seatLimit - tol(s.seatLimit),
    geSeatLimitHigh: s.seatLimitHigh - tol(s.seatLimitHigh),
    geUsageGrowth: s.usageGrowth - tol(s.usageGrowth),
    gePromoterNps: s.promoterNps - tol(s.promoterNps),
    gePlanHeadroom: s.planHeadroomSeats - tol(s.planHeadroomSeats),
    settings: s,
  };
}
export type AsOfParams = ReturnType<typeof asOfParams>;

/** The fixed fields of healthbar's report (its extras dropped). */
export function fixedOf(r: Report): FixedReport {
  const p = r.portfolio;
  return {
    asOf: r.asOf,
    currency: r.currency,
    portfolio: {
      accounts: p.accounts,
      payingAccounts: p.payingAccounts,
      mrr: p.mrr,
      arr: p.arr,
      arpa: p.arpa,
      nrr: p.nrr,
      grr: p.grr,
      logoChurnRate: p.logoChurnRate,
      logoRetentionRate: p.logoRetentionRate,
      monthlyLogoChurnRate: p.monthlyLogoChurnRate,
      expansionRevenue: p.expansionRevenue,
      movements: p.movements.map((m) => ({ ...m })),
      ltv: p.ltv,
      cac: p.cac,
      ltvToCac: p.ltvToCac,
      salesCycleDays: p.salesCycleDays,
      nps: p.nps,
      csat: p.csat,
      dauMau: p.dauMau,
      ttvDays: p.ttvDays,
      health: { ...p.health },
      trends: { ttvTrend: p.trends.ttvTrend.map((t) => ({ ...t })) },
    },
    accounts: r.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      status: a.status,
      churnedIn: a.churnedIn,
      lastMrr: a.lastMrr,
      mrr: a.mrr,
      arr: a.arr,
      nrr: a.nrr,
      expansionRevenue: a.expansionRevenue,
      ltv: a.ltv,
      renewsInDays: a.renewsInDays,
      ttvDays: a.ttvDays,
      journeyCompletion: a.journeyCompletion,
      usage: {
        dau: a.usage.dau,
        wau: a.usage.wau,
        mau: a.usage.mau,
        avgDau30: a.usage.avgDau30,
        stickiness: a.usage.stickiness,
        seatUtilization: a.usage.seatUtilization,
        usageChange: a.usage.usageChange,
        minutesPerActiveUser: a.usage.minutesPerActiveUser,
        featureAdoption: { ...a.usage.featureAdoption },
        featureBreadth: a.usage.featureBreadth,
        heatmap: [...a.usage.heatmap],
      },
      nps: a.nps,
      csat: a.csat,
      support: { ...a.support },
      health: {
        score: a.health.score,
        band: a.health.band,
        delta30: a.health.delta30,
        components: { ...a.health.components },
      },
      signals: a.signals.map((s) => ({ id: s.id, kind: s.kind, severity: s.severity })),
    })),
  };
}

/** Numbers agree to 1e-9 relative (float sums in another order), everything else exactly. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** Every leaf that differs, as `path: expected ≠ actual` (at most `max`). */
export function differences(expected: unknown, actual: unknown, max = 20): string[] {
  const out: string[] = [];
  const walk = (e: unknown, a: unknown, path: string) => {
    if (out.length >= max) return;
    if (e !== null && typeof e === 'object') {
      if (a === null || typeof a !== 'object' || Array.isArray(e) !== Array.isArray(a)) {
        out.push(`${path}: ${JSON.stringify(e)?.slice(0, 120)} ≠ ${JSON.stringify(a)?.slice(0, 120)}`);
        return;
      }
      const keys = new Set([...Object.keys(e), ...Object.keys(a as object)]);
      for (const k of keys)
        walk((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], `${path}.${k}`);
      return;
    }
    if (!same(e, a)) out.push(`${path}: ${JSON.stringify(e)} ≠ ${JSON.stringify(a)}`);
  };
  walk(expected, actual, '');
  return out;
}

/** Leaves compared (for the log line "N values agree"). */
export function leafCount(x: unknown): number {
  if (x === null || typeof x !== 'object') return 1;
  let n = 0;
  for (const v of Object.values(x)) n += leafCount(v);
  return n;
}
