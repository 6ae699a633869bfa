/**
 * What the panel reads: one account's metrics, computed by the metrics core from the cache as of
 * `min(dataThrough, today)` (docs/DATASET.md), with the workspace context so that a book-scoped
 * cache shows the same numbers as the whole workspace would.
 *
 * Only that account's rows are read (one read-only transaction: the meta, three primary-key gets
 * and five `accountId` index ranges, `readAccountRows`), and results are memoised per dataset
 * version, account, as-of date and scoring settings, so a repeated view costs that read only.
 */
import type { Account, Dataset, Plan, Sentiment, Survey, WorkspaceContext } from '../dataset/schema';
import {
  type AccountReport,
  asOfDay,
  buildIndex,
  computeReport,
  computeWorkspaceContext,
  type HealthHistoryEntry,
  historyMonths,
  type Settings,
  workspaceContextOf,
} from '../metrics';
import { dateOfDay, dayNumber, monthNumber, monthString } from '../metrics/dates';
import { type AccountDeals, accountDeals } from '../metrics/deals';
import { type AccountRows, cacheHasDeals, catalogOf, readAccountRows } from './account-rows';
import { type CacheConnection, contractAccount, latestUsageDay, revenueRows, usageRows } from './connection';
import type { DatasetMeta, HealthbarDB, RevenueSeries, UsageSeries } from './db';

/** The Dexie connection opened for `wholeDataset` over a raw one (one per database name). */
const dexieOf = new Map<string, HealthbarDB>();

/**
 * The whole cache as a dataset (for the workspace contexts an imported dataset does not carry,
 * and the score history's earlier months), through Dexie, loaded only then: the panel's first
 * paint reads an account without Dexie.
 */
async function wholeDataset(db: CacheConnection): Promise<Dataset> {
  const [{ exportDataset }, { openDb }] = await Promise.all([import('./apply'), import('./db')]);
  let dexie = 'table' in db ? (db as HealthbarDB) : dexieOf.get(db.name);
  if (!dexie) {
    dexie = openDb({ name: db.name });
    dexieOf.set(db.name, dexie);
  }
  return (await exportDataset(dexie)) as Dataset;
}

export interface AccountView {
  account: Account;
  plan?: Plan;
  /** Names of the tracked features, for labels. */
  featureNames: Record<string, string>;
  report: AccountReport;
  /** The day the numbers are computed as of. */
  asOf: string;
  dataThrough?: string;
  currency: string;
  /** Where the workspace-wide figures came from. */
  contextSource: 'sync' | 'computed';
  /** Latest survey comments, newest first. */
  comments: Pick<Survey, 'respondedOn' | 'kind' | 'score' | 'comment'>[];
  /** The 90 days ending `asOf` (oldest first): day, DAU, WAU, MAU (0 for a day without a row). */
  daily: { date: string; dau: number; wau: number; mau: number }[];
  /** MRR of the 12 months ending with `asOf`'s month (oldest first), in minor units. */
  monthlyMrr: { month: string; mrr: number }[];
  /**
   * The account's open pipeline and won deals as of `asOf` (lib/metrics/deals.ts); null when the
   * cache holds no deal at all (no CRM deals for this workspace or book), which the panel says
   * instead of showing a 0 pipeline.
   */
  pipeline: AccountDeals | null;
  version: number;
}

/** `min(dataThrough, today)`; when the dataset has no `dataThrough`, its latest usage day stands in. */
export function effectiveAsOf(
  dataThrough: string | undefined,
  latestUsage: string | undefined,
  today: string,
): string {
  const through = dataThrough ?? latestUsage ?? today;
  return through < today ? through : today;
}

function dailySeries(s: UsageSeries | undefined, asOf: string, n: number): AccountView['daily'] {
  const end = dayNumber(asOf);
  const out: AccountView['daily'] = [];
  let j = s ? s.days.length - 1 : -1;
  for (let d = end; d > end - n; d--) {
    while (s && j >= 0 && s.days[j] > d) j--;
    const hit = s && j >= 0 && s.days[j] === d;
    out.push({
      date: dateOfDay(d),
      dau: hit ? s.dau[j] : 0,
      wau: hit ? s.wau[j] : 0,
      mau: hit ? s.mau[j] : 0,
    });
  }
  return out.reverse();
}

function monthlySeries(s: RevenueSeries | undefined, asOf: string, n: number): AccountView['monthlyMrr'] {
  const end = monthNumber(asOf.slice(0, 7));
  const byMonth = new Map<number, number>();
  if (s) for (let i = 0; i < s.months.length; i++) byMonth.set(s.months[i], s.mrr[i]);
  const out: AccountView['monthlyMrr'] = [];
  for (let m = end - n + 1; m <= end; m++) out.push({ month: monthString(m), mrr: byMonth.get(m) ?? 0 });
  return out;
}

const memo = new Map<string, AccountView | null>();
const contextMemo = new Map<string, WorkspaceContext>();

function settingsKey(s: Settings): string {
  return JSON.stringify(s);
}

/** The workspace context: from the sync when it sent one, else computed on the whole cache once per version. */
async function workspaceContext(
  db: CacheConnection,
  meta: DatasetMeta,
  asOf: string,
): Promise<{ context: WorkspaceContext; source: 'sync' | 'computed' }> {
  if (meta.context) return { context: meta.context, source: 'sync' };
  const key = `${meta.version}:${asOf}`;
  let ctx = contextMemo.get(key);
  if (!ctx) {
    ctx = computeWorkspaceContext(await wholeDataset(db), asOf);
    contextMemo.clear();
    contextMemo.set(key, ctx);
  }
  return { context: ctx, source: 'computed' };
}

let latestMemo: { version: number; date: string | undefined } | null = null;

/**
 * The latest usage day in the cache (for datasets without `dataThrough`). It scans every usage
 * series, so it is read once per dataset version, not once per view.
 */
async function latestUsageDate(db: CacheConnection, version: number): Promise<string | undefined> {
  if (latestMemo?.version === version) return latestMemo.date;
  const latest = await latestUsageDay(db);
  const date = latest === undefined ? undefined : dateOfDay(latest);
  latestMemo = { version, date };
  return date;
}

/** The cache's as-of day for a meta: `min(dataThrough, today)` (the latest usage day without one). */
async function asOfFor(db: CacheConnection, meta: DatasetMeta, today: string): Promise<string> {
  const latest = meta.dataThrough ? undefined : await latestUsageDate(db, meta.version);
  return effectiveAsOf(meta.dataThrough, latest, today);
}

/** One account's records as a one-account dataset (null: no such account). */
function accountDatasetOf(meta: DatasetMeta, rows: AccountRows) {
  const { stored, usage, revenue, users, tickets, surveys, deals, sentiment } = rows;
  const catalog = catalogOf(meta.version);
  if (!stored || !catalog) return null;
  const { plans, features, milestones } = catalog;
  const account = contractAccount(stored);
  const dataset: Dataset = {
    schemaVersion: 1,
    currency: meta.currency,
    dataThrough: meta.dataThrough,
    plans,
    features,
    milestones,
    accounts: [account],
    revenue: revenue ? revenueRows(revenue) : [],
    usage: usage ? usageRows(usage) : [],
    users,
    tickets,
    surveys,
    deals,
    ...(sentiment.length > 0 ? { sentiment } : {}),
  };
  return { account, dataset, plans, features };
}

/**
 * The account's sentiment entries, as part of a view's memo key when the score reads them
 * (`weights.sentiment` > 0): a person records an entry between syncs (lib/ext/outreach.ts), which
 * does not change the data version, and the score must show it at once. '' at weight 0.
 */
function sentimentKey(rows: Sentiment[], settings: Settings): string {
  if (!(settings.weights.sentiment > 0)) return '';
  return rows
    .map((r) => `${r.id}\u0001${r.value}\u0001${r.recordedAt}`)
    .sort()
    .join('\u0002');
}

export async function accountView(
  db: CacheConnection,
  accountId: string,
  today: string,
  settings: Settings,
): Promise<AccountView | null> {
  const rows = await readAccountRows(db, accountId);
  const meta = rows.meta;
  if (!meta) return null;
  const asOf = await asOfFor(db, meta, today);
  const key = `${meta.version}\u0000${accountId}\u0000${asOf}\u0000${settingsKey(settings)}\u0000${sentimentKey(rows.sentiment, settings)}`;
  if (memo.has(key)) return memo.get(key) ?? null;

  const read = accountDatasetOf(meta, rows);
  if (!read) {
    memo.set(key, null);
    return null;
  }
  const ctx = await workspaceContext(db, meta, asOf);
  const { account, dataset, plans, features } = read;
  const { usage, revenue, surveys, deals } = rows;
  const anyDeals = cacheHasDeals(meta.version);
  const report = computeReport(dataset, asOf, settings, { context: ctx.context });
  const view: AccountView = {
    account,
    plan: plans.find((p) => p.id === account.planId),
    featureNames: Object.fromEntries(features.map((f) => [f.key, f.name])),
    report: report.accounts[0],
    asOf,
    dataThrough: meta.dataThrough,
    currency: meta.currency,
    contextSource: ctx.source,
    comments: surveys
      .filter((s) => s.comment && s.respondedOn <= asOf)
      .sort((a, b) => (a.respondedOn < b.respondedOn ? 1 : -1))
      .slice(0, 5)
      .map(({ respondedOn, kind, score, comment }) => ({ respondedOn, kind, score, comment })),
    daily: dailySeries(usage, asOf, 90),
    monthlyMrr: monthlySeries(revenue, asOf, 12),
    pipeline: anyDeals ? accountDeals(deals, asOfDay(asOf)) : null,
    version: meta.version,
  };
  if (memo.size > 200) memo.clear();
  memo.set(key, view);
  return view;
}

/** An account's score history (METRICS.md `healthHistory`) and the band limits it was read with. */
export interface AccountHistory {
  asOf: string;
  history: HealthHistoryEntry[];
  bands: Settings['bands'];
}

let pastMemo: { key: string; past: Record<string, WorkspaceContext> } | null = null;

/**
 * The workspace contexts of the history's earlier months, computed on the whole cache once per
 * version and as-of day: the signals of a past week use that week's segment medians, as the report
 * as of that week would. (With a book-scoped token the cache is the book: its own medians.)
 */
async function pastContextsOf(
  db: CacheConnection,
  meta: DatasetMeta,
  asOf: string,
): Promise<Record<string, WorkspaceContext>> {
  const key = `${meta.version}:${asOf}`;
  if (pastMemo?.key === key) return pastMemo.past;
  const ix = buildIndex(await wholeDataset(db));
  const past: Record<string, WorkspaceContext> = {};
  for (const m of historyMonths(asOf)) {
    if (m.month !== asOf.slice(0, 7)) past[m.month] = workspaceContextOf(ix, asOfDay(m.day));
  }
  pastMemo = { key, past };
  return past;
}

/**
 * The score history of one account (the panel asks for it when the person opens it: it reads the
 * whole cache once per version for the earlier months' contexts, which the panel's first view of
 * an account should not wait for).
 */
export async function accountHistory(
  db: CacheConnection,
  accountId: string,
  today: string,
  settings: Settings,
): Promise<AccountHistory | null> {
  const rows = await readAccountRows(db, accountId);
  const meta = rows.meta;
  if (!meta) return null;
  const asOf = await asOfFor(db, meta, today);
  const read = accountDatasetOf(meta, rows);
  if (!read) return null;
  const [ctx, past] = await Promise.all([workspaceContext(db, meta, asOf), pastContextsOf(db, meta, asOf)]);
  const report = computeReport(read.dataset, asOf, settings, {
    context: ctx.context,
    history: true,
    pastContexts: past,
  });
  return { asOf, history: report.accounts[0]?.healthHistory ?? [], bands: settings.bands };
}

/** One account's records as a one-account dataset, with what its figures are computed with. */
export interface AccountDataset {
  dataset: Dataset;
  /** The day the numbers are computed as of: `min(dataThrough, today)`. */
  asOf: string;
  context: WorkspaceContext;
  contextSource: 'sync' | 'computed';
}

/**
 * One account's records and the workspace context, read as the panel's view reads them (one
 * account's rows and the catalogue), for pages that compute their own figures from them (the
 * success review, lib/review).
 */
export async function accountDataset(
  db: CacheConnection,
  accountId: string,
  today: string,
): Promise<AccountDataset | null> {
  const rows = await readAccountRows(db, accountId);
  const meta = rows.meta;
  if (!meta) return null;
  const asOf = await asOfFor(db, meta, today);
  const read = accountDatasetOf(meta, rows);
  if (!read) return null;
  const ctx = await workspaceContext(db, meta, asOf);
  return { dataset: read.dataset, asOf, context: ctx.context, contextSource: ctx.source };
}
