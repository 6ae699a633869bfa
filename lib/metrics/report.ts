/**
 * The report (METRICS.md "Report JSON"): one account's report from the index, the workspace
 * context, the portfolio and its trends. Everything is computed as of the end of UTC day `asOf`.
 */
import type { Dataset, WorkspaceContext } from '../dataset/schema';
import { journeyAt, ttvAt, usersAt } from './adoption';
import { dateOfDay, dayNumber, lastDayOfMonth, monthOfDay, twelveMonthsStart } from './dates';
import { type FeatureDemand, featureDemandAt } from './demand';
import { finiteOrNull, gte, median, ratio, roundHalfUp } from './exact';
import { BAND_LABELS, bandOf, type Components, components, pointsOf, scoreOf } from './health';
import { type AccountIx, buildIndex, type DatasetIndex } from './indexing';
import {
  accountExpansion,
  accountNrr,
  accountStatusAt,
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
import { signalsOf } from './signals';
import { npsOf, renewsInDays, surveysAt, ticketsAt } from './support';
import {
  type AccountReport,
  type AccountSupport,
  type Band,
  COMPONENT_NAMES,
  type ComponentName,
  type HealthCounts,
  type HealthTrendPoint,
  type PortfolioReport,
  type PortfolioTrends,
  type Report,
  type TrendPoint,
} from './types';
import { heatmapAt, type UsageAt, usageAt } from './usage';

export interface ReportOptions {
  /** Workspace-wide figures to use instead of the dataset's own (a book-scoped extension). */
  context?: WorkspaceContext;
  /** Only these accounts in `accounts` (dataset order; unknown ids ignored). The portfolio stays the whole dataset's. */
  accountIds?: string[];
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

// ---------------------------------------------------------------------------------------------
// One account

/** What the portfolio pools from an account, beside its report. */
interface AccountCore {
  report: AccountReport;
  usage: UsageAt;
  featureUsers: Int32Array;
  activeUsers: number;
  promoters: number;
  detractors: number;
  npsResponses: number;
  csatResponses: number;
  csatSatisfied: number;
  firstResponseHours: number[];
  resolutionHours: number[];
  heatmap: number[];
}

/** The five components as of day `x`, with `featureBreadth` given (held at its value as of D). */
function componentsAt(
  ix: DatasetIndex,
  ax: AccountIx,
  x: number,
  breadth: number | null,
  s: Settings,
  ticketsTracked: boolean,
): Components {
  const u = usageAt(ix, ax, x);
  const sv = surveysAt(ax, x, s.detractorDays);
  const t = ticketsTracked ? ticketsAt(ax, x, false) : null;
  return components(
    {
      seatUtilization: u.seatUtilization,
      stickiness: u.stickiness,
      featureBreadth: breadth,
      journeyCompletion: journeyAt(ix, ax, x),
      nps: sv.nps,
      csat: sv.csat,
      openUrgent: t === null ? null : t.openUrgent,
      tickets30: t === null ? null : t.tickets30,
      usageChange: u.usageChange,
    },
    s,
  );
}

/**
 * The score as of an earlier day `x`, computed as for `delta30`: the same functions with the
 * as-of date moved, except `featureBreadth`, held at its value as of D.
 */
function pastScore(
  ix: DatasetIndex,
  ax: AccountIx,
  x: number,
  breadthAtD: number | null,
  s: Settings,
  ticketsTracked: boolean,
): number | null {
  return finiteOrNull(scoreOf(componentsAt(ix, ax, x, breadthAtD, s, ticketsTracked), s));
}

const COMPONENT_TITLES: Record<ComponentName, string> = {
  engagement: 'Engagement',
  adoption: 'Adoption',
  satisfaction: 'Satisfaction',
  support: 'Support',
  trend: 'Usage trend',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Plain-words reasons behind each component, weakest first (unknown components last). */
function driversOf(
  c: Components,
  r: Omit<AccountReport, 'health' | 'signals'>,
  ticketsTracked: boolean,
): string[] {
  const u = r.usage;
  const why: Record<ComponentName, string> = {
    engagement:
      u.seatUtilization === null && u.stickiness === null
        ? 'no seat count and no monthly active users'
        : [
            u.seatUtilization === null
              ? 'seat utilisation unknown'
              : `seat utilisation ${pct(u.seatUtilization)}`,
            u.stickiness === null
              ? 'stickiness unknown (no monthly active users)'
              : `stickiness (DAU/MAU) ${pct(u.stickiness)}`,
          ].join(', '),
    adoption:
      r.usage.featureBreadth === null && r.journeyCompletion === null
        ? 'no features available and no journey defined'
        : [
            u.featureBreadth === null
              ? 'no feature available'
              : `${pct(u.featureBreadth)} of plan features in use`,
            r.journeyCompletion === null
              ? 'no journey defined'
              : `${pct(r.journeyCompletion)} of the onboarding journey done`,
          ].join(', '),
    satisfaction:
      r.nps !== null
        ? `NPS ${Math.round(r.nps)} over the last 180 days`
        : r.csat !== null
          ? `CSAT ${pct(r.csat)} satisfied over the last 180 days`
          : 'no NPS or CSAT response in the last 180 days',
    support: !ticketsTracked
      ? 'the workspace tracks no tickets'
      : `${r.support.openUrgent} open high/urgent ticket${r.support.openUrgent === 1 ? '' : 's'}, ${r.support.tickets30} opened in the last 30 days`,
    trend:
      u.usageChange === null
        ? 'no usage in the 30 days before the last 30'
        : `daily active users ${u.usageChange >= 0 ? 'up' : 'down'} ${pct(Math.abs(u.usageChange))} on the previous 30 days`,
  };
  const order = [...COMPONENT_NAMES].sort((a, b) => {
    const va = c[a];
    const vb = c[b];
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    return va - vb;
  });
  return order.map((k) => {
    const v = c[k];
    return `${COMPONENT_TITLES[k]} ${v === null ? 'unknown' : `${Math.round(v)}/100`}: ${why[k]}.`;
  });
}

/** The names the signal's sentences need (plan ids → names, feature keys → names). */
function demandNames(ix: DatasetIndex, fd: FeatureDemand) {
  const planName = (id: string | null) =>
    id === null ? null : (ix.plans.find((p) => p.id === id)?.name ?? id);
  const featureName = (key: string) => ix.featureNames[ix.featureKeys.indexOf(key)] ?? key;
  return {
    planName: fd.plan.name,
    users: fd.users,
    features: fd.features.map((f) => ({
      name: featureName(f.key),
      users: f.users,
      planName: planName(f.planId),
    })),
    upgradeName: planName(fd.upgradeId),
  };
}

function evaluateAccount(
  ix: DatasetIndex,
  ax: AccountIx,
  d: number,
  s: Settings,
  ctx: WorkspaceContext,
  series: Float64Array,
): AccountCore {
  const a = ax.account;
  const u = usageAt(ix, ax, d);
  const us = usersAt(ix, ax, d);
  const sv = surveysAt(ax, d, s.detractorDays);
  const t = ticketsAt(ax, d, true);
  const journey = journeyAt(ix, ax, d);
  const heatmap = heatmapAt(ax, d);
  const demand = featureDemandAt(ix, ax, d);
  const mrr = series[CUR];
  const support: AccountSupport = {
    openTickets: t.openTickets,
    openUrgent: t.openUrgent,
    tickets30: t.tickets30,
    medianFirstResponseHours: finiteOrNull(median(t.firstResponseHours)),
    medianResolutionHours: finiteOrNull(median(t.resolutionHours)),
  };
  const base = {
    id: a.id,
    name: a.name,
    ...accountStatusAt(ax, monthOfDay(d)),
    mrr,
    arr: 12 * mrr,
    nrr: finiteOrNull(accountNrr(series)),
    expansionRevenue: accountExpansion(series),
    ltv: finiteOrNull(ltvOf(mrr, s.grossMargin, ctx.monthlyLogoChurnRate)),
    renewsInDays: renewsInDays(ax.renewsDay, d),
    ttvDays: ttvAt(ax, d),
    journeyCompletion: finiteOrNull(journey),
    usage: {
      dau: u.dau,
      wau: u.wau,
      mau: u.mau,
      avgDau30: u.avgDau30,
      stickiness: finiteOrNull(u.stickiness),
      seatUtilization: finiteOrNull(u.seatUtilization),
      usageChange: finiteOrNull(u.usageChange),
      minutesPerActiveUser: finiteOrNull(u.minutesPerActiveUser),
      featureAdoption: us.featureAdoption,
      featureBreadth: finiteOrNull(us.featureBreadth),
      heatmap,
      activeUsers: us.activeUsers,
    },
    nps: finiteOrNull(sv.nps),
    csat: finiteOrNull(sv.csat),
    support,
    segment: a.segment ?? null,
    planId: a.planId ?? null,
    owner: a.owner ?? null,
    npsResponses: sv.npsResponses,
    featureDemand: demand === null ? [] : demand.features,
  };
  const comps = components(
    {
      seatUtilization: u.seatUtilization,
      stickiness: u.stickiness,
      featureBreadth: us.featureBreadth,
      journeyCompletion: journey,
      nps: sv.nps,
      csat: sv.csat,
      openUrgent: ctx.ticketsTracked ? t.openUrgent : null,
      tickets30: ctx.ticketsTracked ? t.tickets30 : null,
      usageChange: u.usageChange,
    },
    s,
  );
  for (const k of COMPONENT_NAMES) comps[k] = finiteOrNull(comps[k]);
  const score = finiteOrNull(scoreOf(comps, s));
  const band = bandOf(score, s);
  const before = pastScore(ix, ax, d - 30, us.featureBreadth, s, ctx.ticketsTracked);
  const delta30 = score === null || before === null ? null : finiteOrNull(score - before);
  const rounded = score === null ? null : roundHalfUp(score);

  const inactiveChampions: { name: string | null; daysAgo: number }[] = [];
  for (const usr of ax.users) {
    if (usr.champion && usr.lastSeenDay !== null && usr.lastSeenDay < d - s.championInactiveDays) {
      inactiveChampions.push({ name: usr.name, daysAgo: d - usr.lastSeenDay });
    }
  }
  inactiveChampions.sort((x, y) => y.daysAgo - x.daysAgo || (x.name ?? '').localeCompare(y.name ?? ''));
  const segment = a.segment ?? null;
  const segMedian = segment === null ? undefined : ctx.segmentMedianMrr[segment];
  const signals = signalsOf(
    {
      usageChange: base.usage.usageChange,
      seatUtilization: base.usage.seatUtilization,
      mau: u.mau,
      seats: a.seats ?? null,
      inactiveChampions,
      recentDetractors: sv.recentDetractors,
      lowestRecentScore: sv.lowestRecentScore,
      tickets30: t.tickets30,
      ticketsPrior: t.ticketsPrior,
      renewsInDays: base.renewsInDays,
      band,
      rounded,
      mrr,
      mrr3: series[CUR - 3],
      featureBreadth: base.usage.featureBreadth,
      ageDays: ax.startedDay === null ? null : d - ax.startedDay,
      nps: base.nps,
      npsResponses: sv.npsResponses,
      segment,
      segmentMedianMrr: segMedian === undefined || !Number.isFinite(segMedian) ? null : segMedian,
      currency: ix.dataset.currency,
      featureDemand: demand === null ? null : demandNames(ix, demand),
    },
    s,
  );
  const report: AccountReport = {
    ...base,
    health: {
      score,
      band,
      delta30,
      components: comps,
      rounded,
      label: band === null ? null : BAND_LABELS[band],
      points: pointsOf(comps, s),
      drivers: driversOf(comps, base, ctx.ticketsTracked),
    },
    signals,
  };
  return {
    report,
    usage: u,
    featureUsers: us.featureUsers,
    activeUsers: us.activeUsers,
    promoters: sv.promoters,
    detractors: sv.detractors,
    npsResponses: sv.npsResponses,
    csatResponses: sv.csatResponses,
    csatSatisfied: sv.csatSatisfied,
    firstResponseHours: t.firstResponseHours,
    resolutionHours: t.resolutionHours,
    heatmap,
  };
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
  const healthTrend: HealthTrendPoint[] = [];
  for (let k = 11; k >= 1; k--) {
    const x = d - 7 * k;
    const bands = ix.accounts.map((ax, i) =>
      bandOf(pastScore(ix, ax, x, e.cores[i].report.usage.featureBreadth, s, e.ctx.ticketsTracked), s),
    );
    healthTrend.push({ asOf: dateOfDay(x), ...countBands(bands) });
  }
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
  let promoters = 0;
  let detractors = 0;
  let npsResponses = 0;
  let csatResponses = 0;
  let csatSatisfied = 0;
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
    promoters += c.promoters;
    detractors += c.detractors;
    npsResponses += c.npsResponses;
    csatResponses += c.csatResponses;
    csatSatisfied += c.csatSatisfied;
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
    nps: finiteOrNull(npsOf(promoters, detractors, npsResponses)),
    csat: finiteOrNull(ratio(csatSatisfied, csatResponses)),
    dauMau: finiteOrNull(ratio(sumAvgDau30, sumMau)),
    // The last ttvTrend point is as of D: the same figure.
    ttvDays: trends.ttvTrend[trends.ttvTrend.length - 1].value,
    health: countBands(cores.map((c) => c.report.health.band)),
    ltvToCacHealthy: ltvToCac === null ? null : gte(ltvToCac, s.ltvToCacHealthy),
    support,
    heatmap,
    featureAdoption: trends.featureAdoption,
    trends,
  };
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
  return {
    asOf: dateOfDay(d),
    currency: ix.dataset.currency,
    portfolio: portfolioOf(e),
    accounts: e.cores.filter((c) => wanted === null || wanted.has(c.report.id)).map((c) => c.report),
  };
}

/**
 * The report of METRICS.md "Report JSON" for `dataset` as of the end of UTC day `asOf`.
 * @example computeReport(dataset, '2026-10-31').portfolio.mrr
 */
export function computeReport(
  dataset: Dataset,
  asOf: string,
  settings: Settings = DEFAULT_SETTINGS,
  options: ReportOptions = {},
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
