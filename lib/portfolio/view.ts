/**
 * What the dashboard and the popup show, computed by the metrics core on the cached dataset
 * (`exportDataset(db)`): the report of the accounts in view, the lists, and the few dashboard
 * series the report does not carry (DAU/MAU and stickiness over 12 weeks, mean feature breadth by
 * segment and plan).
 *
 * The as-of date is `min(dataThrough, today)` (lib/db `effectiveAsOf`). Account figures use the
 * whole workspace's context — the sync's when it sent one, else computed once on the whole cache —
 * so a filtered view shows each account as the report CLI does on the whole dataset, while the
 * portfolio figures are the filtered accounts' own.
 */
import type { Dataset, WorkspaceContext } from '../dataset/schema';
import { effectiveAsOf } from '../db/account-view';
import {
  type AccountReport,
  asOfDay,
  buildIndex,
  computeAccountReport,
  computeReportFromIndex,
  computeWorkspaceContext,
  type DatasetIndex,
  defaultAsOf,
  type Report,
  type Settings,
  workspaceContextOf,
} from '../metrics';
import { dateOfDay } from '../metrics/dates';
import { countedDeals, largestOpenDeals, type OpenDeal } from '../metrics/deals';
import { ratio } from '../metrics/exact';
import { usageAt } from '../metrics/usage';
import { metricDef } from './catalog';
import {
  type FilterOptions,
  type Filters,
  isAllFilters,
  matchesFilters,
  matchesScope,
  type Scope,
  subsetDataset,
} from './filters';
import { atRiskList, churnedList, type FeatureDemandList, featureDemandLists, upsellList } from './lists';

/** The day the numbers are as of: `min(dataThrough, today)`, the latest usage day standing in for dataThrough. */
export function asOfFor(ds: Dataset, today: string): string {
  return effectiveAsOf(ds.dataThrough, defaultAsOf(ds) ?? undefined, today);
}

const contextMemo = new WeakMap<Dataset, Map<string, WorkspaceContext>>();

function rememberContext(ds: Dataset, asOf: string, ctx: WorkspaceContext): void {
  let m = contextMemo.get(ds);
  if (!m) {
    m = new Map();
    contextMemo.set(ds, m);
  }
  if (!m.has(asOf)) m.set(asOf, ctx);
}

/** The sync's context when there is one, else the whole dataset's, computed once per dataset object and day. */
export function workspaceContextFor(ds: Dataset, asOf: string, synced?: WorkspaceContext): WorkspaceContext {
  if (synced) return synced;
  const ctx = contextMemo.get(ds)?.get(asOf);
  if (ctx) return ctx;
  const computed = computeWorkspaceContext(ds, asOf);
  rememberContext(ds, asOf, computed);
  return computed;
}

export interface UsageTrendPoint {
  asOf: string;
  /** Portfolio DAU/MAU: Σ avgDau30 ÷ Σ mau over the accounts. */
  dauMau: number | null;
  /** The average account's stickiness: mean of avgDau30 ÷ mau over accounts with mau > 0. */
  stickiness: number | null;
}

/** DAU/MAU and mean stickiness as of `D − 7k`, k = 11 … 0 (oldest first), by the metrics core's own usage function. */
export function usageTrend(ix: DatasetIndex, asOf: string): UsageTrendPoint[] {
  const d = asOfDay(asOf);
  const out: UsageTrendPoint[] = [];
  for (let k = 11; k >= 0; k--) {
    const x = d - 7 * k;
    let sumAvg = 0;
    let sumMau = 0;
    let sumStick = 0;
    let nStick = 0;
    for (const ax of ix.accounts) {
      const u = usageAt(ix, ax, x);
      sumAvg += u.avgDau30;
      sumMau += u.mau;
      if (u.stickiness !== null) {
        sumStick += u.stickiness;
        nStick++;
      }
    }
    out.push({ asOf: dateOfDay(x), dauMau: ratio(sumAvg, sumMau), stickiness: ratio(sumStick, nStick) });
  }
  return out;
}

export interface GroupMean {
  key: string;
  name: string;
  /** Mean featureBreadth over the group's accounts with a value (null when none has one). */
  value: number | null;
  accounts: number;
}

function meanBreadthBy(
  accounts: readonly AccountReport[],
  keyOf: (a: AccountReport) => string | null,
  order: { key: string; name: string }[],
): GroupMean[] {
  const acc = new Map<string, { sum: number; n: number; accounts: number }>();
  for (const a of accounts) {
    const k = keyOf(a);
    if (k === null) continue;
    const g = acc.get(k) ?? { sum: 0, n: 0, accounts: 0 };
    g.accounts++;
    if (a.usage.featureBreadth !== null) {
      g.sum += a.usage.featureBreadth;
      g.n++;
    }
    acc.set(k, g);
  }
  return order
    .filter((o) => acc.has(o.key))
    .map((o) => {
      const g = acc.get(o.key) as { sum: number; n: number; accounts: number };
      return { key: o.key, name: o.name, value: ratio(g.sum, g.n), accounts: g.accounts };
    });
}

export interface DashboardView {
  asOf: string;
  currency: string;
  /** Accounts in the whole cache. */
  totalAccounts: number;
  /** The report of the accounts in view (portfolio = theirs). */
  report: Report;
  atRisk: AccountReport[];
  upsell: AccountReport[];
  /** Churned accounts, apart from every other list (DASHBOARD.md "Lists"). */
  churned: AccountReport[];
  usageTrend: UsageTrendPoint[];
  breadthBySegment: GroupMean[];
  breadthByPlan: GroupMean[];
  featureNames: Record<string, string>;
  planNames: Record<string, string>;
  /** Upsell by feature: per feature, the accounts whose users use it without it being in their plan. */
  featureDemand: FeatureDemandList[];
  /** The CRM ids of the accounts in `featureDemand` (for links to their records). */
  crmIds: Record<string, Dataset['accounts'][number]['crm']>;
  /**
   * The deals open on the as-of day among the accounts in view, largest first (the Sales tab);
   * null when no account in view has a deal (the deal figures are null then too).
   */
  openDeals: OpenDealRow[] | null;
}

/** An open deal with the account it belongs to. */
export interface OpenDealRow extends OpenDeal {
  account: Pick<AccountReport, 'id' | 'name' | 'segment' | 'owner'>;
}

function openDealRows(
  ix: DatasetIndex,
  accounts: readonly AccountReport[],
  asOf: string,
): OpenDealRow[] | null {
  const deals = countedDeals(ix.dataset.deals, (id) => ix.byId.has(id));
  if (deals.length === 0) return null;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return largestOpenDeals(deals, asOfDay(asOf)).flatMap((d) => {
    const a = byId.get(d.accountId);
    return a ? [{ ...d, account: { id: a.id, name: a.name, segment: a.segment, owner: a.owner } }] : [];
  });
}

export interface ViewInput {
  dataset: Dataset;
  today: string;
  settings: Settings;
  /** The sync's workspace context (meta.context), when there is one. */
  context?: WorkspaceContext;
  filters: Filters;
  myEmail: string;
}

const SEGMENTS = [
  { key: 'smb', name: 'SMB' },
  { key: 'mid-market', name: 'Mid-market' },
  { key: 'enterprise', name: 'Enterprise' },
];

export function computeDashboard(input: ViewInput): DashboardView {
  const { dataset, settings, filters, myEmail } = input;
  const asOf = asOfFor(dataset, input.today);
  const sub = isAllFilters(filters, myEmail)
    ? dataset
    : subsetDataset(dataset, (a) => matchesFilters(a, filters, myEmail));
  const ix = buildIndex(sub);
  // Unfiltered without a synced context: the whole book's context from this same index (not a
  // second index of the whole cache, which at 20,000 accounts costs seconds and memory).
  if (!input.context && sub === dataset)
    rememberContext(dataset, asOf, workspaceContextOf(ix, asOfDay(asOf)));
  const context = workspaceContextFor(dataset, asOf, input.context);
  const report = computeReportFromIndex(ix, asOf, settings, { context });
  const planNames = Object.fromEntries((dataset.plans ?? []).map((p) => [p.id, p.name]));
  const featureNames = Object.fromEntries((dataset.features ?? []).map((f) => [f.key, f.name]));
  const planOrder = [
    ...(dataset.plans ?? []).map((p) => ({ key: p.id, name: p.name })),
    ...[...new Set(report.accounts.map((a) => a.planId).filter((p): p is string => p !== null))]
      .filter((p) => !planNames[p])
      .map((p) => ({ key: p, name: p })),
  ];
  const featureDemand = featureDemandLists(report.accounts, ix.featureKeys);
  const inDemand = new Set(featureDemand.flatMap((f) => f.accounts.map((e) => e.account.id)));
  const crmIds: DashboardView['crmIds'] = {};
  for (const a of sub.accounts) if (inDemand.has(a.id)) crmIds[a.id] = a.crm;
  return {
    asOf,
    currency: dataset.currency,
    totalAccounts: dataset.accounts.length,
    report,
    atRisk: atRiskList(report.accounts),
    upsell: upsellList(report.accounts),
    churned: churnedList(report.accounts),
    usageTrend: usageTrend(ix, asOf),
    breadthBySegment: meanBreadthBy(report.accounts, (a) => a.segment, SEGMENTS),
    breadthByPlan: meanBreadthBy(report.accounts, (a) => a.planId, planOrder),
    featureNames,
    planNames,
    featureDemand,
    crmIds,
    openDeals: openDealRows(ix, report.accounts, asOf),
  };
}

/** The report of a target's scope (portfolio = the scope's accounts). */
export function scopeReport(
  dataset: Dataset,
  today: string,
  settings: Settings,
  scope: Scope,
  context?: WorkspaceContext,
): Report {
  const asOf = asOfFor(dataset, today);
  const ctx = workspaceContextFor(dataset, asOf, context);
  const sub = scope.kind === 'all' ? dataset : subsetDataset(dataset, (a) => matchesScope(a, scope));
  return computeReportFromIndex(buildIndex(sub), asOf, settings, { context: ctx });
}

/**
 * Account reports only (no portfolio, no trends: cheaper), for the accounts `keep` selects, in
 * dataset order — what the popup's lists need.
 */
export function accountReports(
  dataset: Dataset,
  today: string,
  settings: Settings,
  keep: (a: Dataset['accounts'][number]) => boolean,
  context?: WorkspaceContext,
): { asOf: string; accounts: AccountReport[] } {
  const asOf = asOfFor(dataset, today);
  const ix = buildIndex(dataset);
  const ctx = context ?? workspaceContextOf(ix, asOfDay(asOf));
  const out: AccountReport[] = [];
  for (const ax of ix.accounts) {
    if (!keep(ax.account)) continue;
    const r = computeAccountReport(ix, ax.account.id, asOf, settings, ctx);
    if (r) out.push(r);
  }
  return { asOf, accounts: out };
}

/** A metric's value in a view (null for an unknown key). */
export function metricValue(v: DashboardView, key: string): number | null {
  return metricDef(key, v.featureNames)?.value(v.report) ?? null;
}

/**
 * What the dashboard's top shows — north star, KPIs, the revenue and health charts, the trends —
 * without a row per account: the view with its account lists emptied, and how many accounts it
 * covers. A few kilobytes whatever the portfolio's size, so the dashboard keeps it per data
 * version and shows the KPIs from it on a later opening before it has read the whole cache (at
 * 20,000 accounts, reading and computing the rest takes many seconds).
 */
export interface DashboardHead {
  view: DashboardView;
  accountsInView: number;
  /** The filters' choices (`filterOptions` of the whole cache). */
  options: FilterOptions;
}

export function headOf(v: DashboardView, options: FilterOptions): DashboardHead {
  return {
    options,
    view: {
      ...v,
      report: { ...v.report, accounts: [] },
      atRisk: [],
      upsell: [],
      churned: [],
      featureDemand: [],
      crmIds: {},
      openDeals: null,
    },
    accountsInView: v.report.accounts.length,
  };
}
