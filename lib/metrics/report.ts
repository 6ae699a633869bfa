/**
 * The report (METRICS.md "Report JSON"): one account's report from the index, the workspace
 * context, the portfolio and its trends. Everything is computed as of the end of UTC day `asOf`.
 */
import type { Dataset, WorkspaceContext } from '../dataset/schema';
import { type AccountCore, evaluateAccount, pastScore } from './account';
import { ttvAt } from './adoption';
import { dateOfDay, dayNumber, lastDayOfMonth, monthOfDay, twelveMonthsStart } from './dates';
import { countedDeals, dealFigures } from './deals';
import { finiteOrNull, gte, median, ratio } from './exact';
import { bandOf } from './health';
import { HISTORY_WEEKS, healthHistoryOf } from './history';
import { type AccountIx, buildIndex, type DatasetIndex } from './indexing';
import {
  CUR,
  cacAt,
  cohortAt,
  ltvOf,
  type PortfolioRevenue,
  portfolioRevenue,
  revenueSeries,
  salesCycleAt,
} from './revenue';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { noSurveys, npsOf, SURVEY_COUNTS } from './support';
import type {
  AccountReport,
  AccountSupport,
  Band,
  HealthCounts,
  HealthTrendPoint,
  PortfolioReport,
  PortfolioTrends,
  Report,
  TrendPoint,
} from './types';

export interface ReportOptions {
  /** Workspace-wide figures to use instead of the dataset's own (a book-scoped extension). */
  context?: WorkspaceContext;
  /** Only these accounts in `accounts` (dataset order; unknown ids ignored). The portfolio stays the whole dataset's. */
  accountIds?: string[];
  /** Add each listed account's `healthHistory` (report `--history`). */
  history?: boolean;
  /**
   * With `context`: the workspace contexts of the past months of `healthHistory` (`YYYY-MM` →
   * context as of a day of that month), when the caller has them; a month without one uses
   * `context`.
   */
  pastContexts?: Record<string, WorkspaceContext>;
}

/** Parse an as-of date; throws a clear error when it is not a calendar date. */
export function asOfDay(asOf: string): number {
  try {
    return dayNumber(asOf);
  } catch {
    throw new Error(`asOf must be a calendar date YYYY-MM-DD, got "${asOf}"`);
  }
}

/** The default as-of date: `dataThrough`, else the latest usage date of a known account, else null. */
export function defaultAsOf(dataset: Dataset): string | null {
  if (dataset.dataThrough !== undefined) return dataset.dataThrough;
  const known = new Set((dataset.accounts ?? []).map((a) => a.id));
  let latest: number | null = null;
  for (const u of dataset.usage ?? []) {
    if (!known.has(u.accountId)) continue; // orphans count nowhere, not even here
    const d = dayNumber(u.date);
    if (latest === null || d > latest) latest = d;
  }
  return latest === null ? null : dateOfDay(latest);
}

/** `defaultAsOf` from an index already built. */
export function defaultAsOfIndex(ix: DatasetIndex): string | null {
  if (ix.dataset.dataThrough !== undefined) return ix.dataset.dataThrough;
  return ix.latestUsageDay === null ? null : dateOfDay(ix.latestUsageDay);
}

// ---------------------------------------------------------------------------------------------
// Workspace context

/** Median `MRR(·, M)` of the paying accounts of each segment (segments with none are absent). */
function segmentMedians(accounts: readonly AccountIx[], mrrM: (i: number) => number): Record<string, number> {
  const by = new Map<string, number[]>();
  accounts.forEach((ax, i) => {
    const seg = ax.account.segment;
    const v = mrrM(i);
    if (seg === undefined || !(v > 0)) return;
    const list = by.get(seg);
    if (list === undefined) by.set(seg, [v]);
    else list.push(v);
  });
  const out: Record<string, number> = {};
  for (const [seg, list] of by) out[seg] = median(list) as number;
  return out;
}

function contextFrom(
  ix: DatasetIndex,
  d: number,
  rev: PortfolioRevenue,
  series: readonly Float64Array[],
): WorkspaceContext {
  return {
    asOf: dateOfDay(d),
    monthlyLogoChurnRate: finiteOrNull(rev.monthlyLogoChurnRate),
    segmentMedianMrr: segmentMedians(ix.accounts, (i) => series[i][CUR]),
    ticketsTracked: ix.ticketsTracked,
  };
}

/** The workspace context of an index as of day `d` (computed on every account of the index). */
export function workspaceContextOf(ix: DatasetIndex, d: number): WorkspaceContext {
  const m = monthOfDay(d);
  const series = ix.accounts.map((ax) => revenueSeries(ax, m));
  return contextFrom(ix, d, portfolioRevenue(ix.accounts, series, m), series);
}

/** `monthlyLogoChurnRate`, `segmentMedianMrr` and `ticketsTracked` of the whole dataset as of `asOf`. */
export function computeWorkspaceContext(
  dataset: Dataset,
  asOf: string,
  _settings?: Settings,
): WorkspaceContext {
  return workspaceContextOf(buildIndex(dataset), asOfDay(asOf));
}

/**
 * One account's report from an index, without computing the portfolio. `context` is the
 * workspace context (from the sync, or `workspaceContextOf(index, day)` computed once); when
 * omitted it is computed from the index. Returns null for an unknown account id.
 */
export function computeAccountReport(
  index: DatasetIndex,
  accountId: string,
  asOf: string,
  settings: Settings = DEFAULT_SETTINGS,
  context?: WorkspaceContext,
): AccountReport | null {
  const ax = index.byId.get(accountId);
  if (ax === undefined) return null;
  const d = asOfDay(asOf);
  const ctx = context ?? workspaceContextOf(index, d);
  return evaluateAccount(index, ax, d, settings, ctx, revenueSeries(ax, monthOfDay(d))).report;
}

// ---------------------------------------------------------------------------------------------
// Portfolio

function countBands(bands: Iterable<Band | null>): HealthCounts {
  const c: HealthCounts = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const b of bands) c[b ?? 'unknown']++;
  return c;
}

/**
 * Portfolio `ttvDays` as of day `x`: the median of the accounts' `ttvDays` as of `x` (non-null
 * ones) over the accounts with `startedOn` in the 12 months ending `x`. The portfolio figure as of
 * D and every `ttvTrend` point.
 */
function portfolioTtvAt(ix: DatasetIndex, x: number): number | null {
  const from = twelveMonthsStart(x);
  const ttv: number[] = [];
  for (const ax of ix.accounts) {
    const started = ax.startedDay;
    if (started === null || started < from || started > x) continue;
    const v = ttvAt(ax, x);
    if (v !== null) ttv.push(v);
  }
  return finiteOrNull(median(ttv));
}

interface Engine {
  ix: DatasetIndex;
  d: number;
  m: number;
  s: Settings;
  series: Float64Array[];
  rev: PortfolioRevenue;
  ownContext: WorkspaceContext;
  ctx: WorkspaceContext;
  cores: AccountCore[];
}

function engine(ix: DatasetIndex, d: number, s: Settings, context?: WorkspaceContext): Engine {
  const m = monthOfDay(d);
  const series = ix.accounts.map((ax) => revenueSeries(ax, m));
  const rev = portfolioRevenue(ix.accounts, series, m);
  const ownContext = contextFrom(ix, d, rev, series);
  const ctx = context ?? ownContext;
  const cores = ix.accounts.map((ax, i) => evaluateAccount(ix, ax, d, s, ctx, series[i]));
  return { ix, d, m, s, series, rev, ownContext, ctx, cores };
}

function trendsOf(e: Engine): PortfolioTrends {
  const { ix, d, m, s, series, rev } = e;
  const nrrTrend: TrendPoint[] = [];
  const grrTrend: TrendPoint[] = [];
  const logoChurnTrend: TrendPoint[] = [];
  const ttvTrend: TrendPoint[] = [];
  for (let t = CUR - 11; t <= CUR; t++) {
    const month = m - (CUR - t);
    const atDay = t === CUR ? d : lastDayOfMonth(month);
    const at = dateOfDay(atDay);
    const c = cohortAt(series, t);
    const monthText = at.slice(0, 7);
    nrrTrend.push({ asOf: at, month: monthText, value: finiteOrNull(c.nrr) });
    grrTrend.push({ asOf: at, month: monthText, value: finiteOrNull(c.grr) });
    logoChurnTrend.push({ asOf: at, month: monthText, value: finiteOrNull(c.logoChurnRate) });
    ttvTrend.push({ asOf: at, month: monthText, value: portfolioTtvAt(ix, atDay) });
  }
  const featureAdoption: Record<string, number | null> = {};
  let active = 0;
  for (const c of e.cores) active += c.activeUsers;
  ix.featureKeys.forEach((k, f) => {
    let n = 0;
    for (const c of e.cores) n += c.featureUsers[f];
    featureAdoption[k] = ratio(n, active);
  });
  // Account by account, its 11 weekly scores in a row (its rows are read while they are at hand).
  const weekly: HealthCounts[] = [];
  for (let k = 11; k >= 1; k--) weekly.push({ green: 0, yellow: 0, red: 0, unknown: 0 });
  for (let i = 0; i < ix.accounts.length; i++) {
    const ax = ix.accounts[i];
    const breadth = e.cores[i].report.usage.featureBreadth;
    for (let k = 11; k >= 1; k--) {
      weekly[11 - k][
        bandOf(pastScore(ix, ax, d - 7 * k, breadth, s, e.ctx.ticketsTracked), s) ?? 'unknown'
      ]++;
    }
  }
  const healthTrend: HealthTrendPoint[] = [];
  for (let k = 11; k >= 1; k--) healthTrend.push({ asOf: dateOfDay(d - 7 * k), ...weekly[11 - k] });
  healthTrend.push({ asOf: dateOfDay(d), ...countBands(e.cores.map((c) => c.report.health.band)) });
  const mrrPrev = rev.mrrByMonth[CUR - 1];
  const mrrYear = rev.mrrByMonth[CUR - 12];
  return {
    mrrGrowth: mrrPrev === 0 ? null : finiteOrNull(rev.mrr / mrrPrev - 1),
    arrGrowth: mrrYear === 0 ? null : finiteOrNull((12 * rev.mrr) / (12 * mrrYear) - 1),
    nrrTrend,
    grrTrend,
    logoChurnTrend,
    ttvTrend,
    featureAdoption,
    healthTrend,
  };
}

function portfolioOf(e: Engine): PortfolioReport {
  const { ix, d, s, rev, cores } = e;
  const ltv = finiteOrNull(ltvOf(rev.arpa, s.grossMargin, rev.monthlyLogoChurnRate));
  const cac = finiteOrNull(cacAt(ix, d));
  const ltvToCac = ltv === null ? null : finiteOrNull(ratio(ltv, cac));
  // The survey counts of every account, summed (the portfolio NPS and CSAT are of all responses).
  const surveys = noSurveys();
  let sumAvgDau30 = 0;
  let sumMau = 0;
  const support: AccountSupport = {
    openTickets: 0,
    openUrgent: 0,
    tickets30: 0,
    medianFirstResponseHours: null,
    medianResolutionHours: null,
  };
  const frh: number[] = [];
  const rh: number[] = [];
  const heatmap = new Array<number>(84).fill(0);
  cores.forEach((c) => {
    for (const k of SURVEY_COUNTS) surveys[k] += c[k];
    sumAvgDau30 += c.usage.avgDau30;
    sumMau += c.usage.mau;
    support.openTickets += c.report.support.openTickets;
    support.openUrgent += c.report.support.openUrgent;
    support.tickets30 += c.report.support.tickets30;
    for (const h of c.firstResponseHours) frh.push(h);
    for (const h of c.resolutionHours) rh.push(h);
    for (let j = 0; j < 84; j++) heatmap[j] += c.heatmap[j];
  });
  support.medianFirstResponseHours = finiteOrNull(median(frh));
  support.medianResolutionHours = finiteOrNull(median(rh));
  const trends = trendsOf(e);
  return {
    accounts: ix.accounts.length,
    payingAccounts: rev.payingAccounts,
    mrr: rev.mrr,
    arr: 12 * rev.mrr,
    arpa: finiteOrNull(rev.arpa),
    nrr: finiteOrNull(rev.nrr),
    grr: finiteOrNull(rev.grr),
    logoChurnRate: finiteOrNull(rev.logoChurnRate),
    logoRetentionRate: finiteOrNull(rev.logoRetentionRate),
    monthlyLogoChurnRate: finiteOrNull(rev.monthlyLogoChurnRate),
    expansionRevenue: rev.expansionRevenue,
    movements: rev.movements,
    ltv,
    cac,
    ltvToCac,
    salesCycleDays: finiteOrNull(salesCycleAt(ix, d)),
    nps: finiteOrNull(npsOf(surveys.promoters, surveys.detractors, surveys.npsResponses)),
    csat: finiteOrNull(ratio(surveys.csatSatisfied, surveys.csatResponses)),
    dauMau: finiteOrNull(ratio(sumAvgDau30, sumMau)),
    // The last ttvTrend point is as of D: the same figure.
    ttvDays: trends.ttvTrend[trends.ttvTrend.length - 1].value,
    // METRICS.md's deal figures, over the deals of the accounts of the index (deals.ts).
    ...dealFigures(
      countedDeals(ix.dataset.deals, (id) => ix.byId.has(id)),
      d,
    ),
    health: countBands(cores.map((c) => c.report.health.band)),
    ltvToCacHealthy: ltvToCac === null ? null : gte(ltvToCac, s.ltvToCacHealthy),
    support,
    heatmap,
    featureAdoption: trends.featureAdoption,
    trends,
  };
}

/**
 * The workspace context of each past day of `healthHistory`: without a supplied context, the
 * index's own as of that day (it changes only with the month, so once per month); with one, the
 * caller's context of that month when given (`pastContexts`), else the supplied one.
 */
function historyContexts(
  ix: DatasetIndex,
  supplied: WorkspaceContext | undefined,
  past: Record<string, WorkspaceContext> = {},
): (day: number) => WorkspaceContext {
  const byMonth = new Map<number, WorkspaceContext>();
  return (day) => {
    const m = monthOfDay(day);
    let c = byMonth.get(m);
    if (c === undefined) {
      c =
        supplied === undefined ? workspaceContextOf(ix, day) : (past[dateOfDay(day).slice(0, 7)] ?? supplied);
      byMonth.set(m, c);
    }
    return c;
  };
}

/** The months of a `healthHistory` as of `asOf` (`YYYY-MM`, oldest first) and a day in each. */
export function historyMonths(asOf: string): { month: string; day: string }[] {
  const d = asOfDay(asOf);
  const out: { month: string; day: string }[] = [];
  for (let k = HISTORY_WEEKS - 1; k >= 0; k--) {
    const day = dateOfDay(d - 7 * k);
    if (out.at(-1)?.month !== day.slice(0, 7)) out.push({ month: day.slice(0, 7), day });
  }
  return out;
}

/** The whole report of an index (see `computeReport`). */
export function computeReportFromIndex(
  ix: DatasetIndex,
  asOf: string,
  settings: Settings = DEFAULT_SETTINGS,
  options: ReportOptions = {},
): Report {
  const d = asOfDay(asOf);
  const e = engine(ix, d, settings, options.context);
  const wanted = options.accountIds === undefined ? null : new Set(options.accountIds);
  const listed = ix.accounts.flatMap((ax, i) =>
    wanted === null || wanted.has(ax.account.id) ? [{ ax, core: e.cores[i] }] : [],
  );
  let accounts = listed.map(({ core }) => core.report);
  if (options.history === true) {
    const contextAt = historyContexts(ix, options.context, options.pastContexts);
    accounts = listed.map(({ ax, core }) => ({
      ...core.report,
      healthHistory: healthHistoryOf(ix, ax, d, settings, core, contextAt),
    }));
  }
  return {
    asOf: dateOfDay(d),
    currency: ix.dataset.currency,
    portfolio: portfolioOf(e),
    accounts,
  };
}

/**
 * The report of METRICS.md "Report JSON" for `dataset` as of the end of UTC day `asOf`.
 * @example computeReport(dataset, '2026-10-31').portfolio.mrr
 */
export function computeReport(
  dataset: Dataset,
  asOf: string,
  settings?: Settings,
  options?: ReportOptions,
): Report {
  return computeReportFromIndex(buildIndex(dataset), asOf, settings, options);
}

/** The dashboard's trends alone (mrrGrowth, arrGrowth, nrr/grr/logo-churn/ttv trends, feature adoption, health trend). */
export function computePortfolioTrends(
  dataset: Dataset,
  asOf: string,
  settings: Settings = DEFAULT_SETTINGS,
  options: { context?: WorkspaceContext } = {},
): PortfolioTrends {
  const ix = buildIndex(dataset);
  return trendsOf(engine(ix, asOfDay(asOf), settings, options.context));
}
