/**
 * The background's pass over the book after a sync or import: the alerts (issue 34) and the head of
 * the dashboard's current view (lib/portfolio/head-store.ts), from ONE read of the cache and ONE
 * report. At 20,000 accounts the dashboard's first opening after a sync would otherwise read the
 * whole cache and compute the view before showing a KPI (about 30 s); with the head kept here it
 * shows the KPIs at once and computes the lists after.
 *
 * - The head is the dashboard's own: the same `computeDashboard` input (the dashboard's saved
 *   filters and "my email", the scoring settings, the sync's context, today) and the same keys.
 * - It is kept only when the cache's data version did not change while it was computed, so a head
 *   is never stored under a version it was not computed from.
 * - The alerts use the view's account reports (an account's report does not depend on the view's
 *   filters: the workspace context is the whole book's). Only when the dashboard's filters leave
 *   out accounts of the alerts' scope are those computed apart, on that scope alone.
 * - Skipped when both are current (same alerts basis, a head kept for the key).
 */
import type { AlertEntry } from '../contracts/alerts';
import { dashboardPrefsItem } from '../contracts/storage';
import { exportDataset } from '../db/apply';
import type { HealthbarDB } from '../db/db';
import { type AlertOutputs, alertsBasis, publishAlerts, readAlerts } from '../ext/alerts';
import { readPreferences, scoringSettings } from '../ext/settings';
import type { AccountReport } from '../metrics';
import { utcDateOf } from '../metrics/dates';
import {
  filterOptions,
  filtersKey,
  isAllFilters,
  matchesFilters,
  sameEmail,
  subsetDataset,
} from '../portfolio/filters';
import { dataKeyOf, extensionHeads, type HeadStore, headKeyOf, settingsKeyOf } from '../portfolio/head-store';
import { readDashboardPrefs } from '../portfolio/targets';
import { accountReports, computeDashboard, headOf, workspaceContextFor } from '../portfolio/view';

export interface AfterSyncResult {
  /** The alerts raised (none when the alerts were current). */
  raised: AlertEntry[];
  /** `saved`: a head was computed and kept; `current`: one was kept already; `stale`: the data changed meanwhile, none kept. */
  head: 'saved' | 'current' | 'stale' | 'none';
}

export async function afterSync(
  db: HealthbarDB,
  now: Date,
  out: AlertOutputs,
  heads: HeadStore = extensionHeads,
): Promise<AfterSyncResult> {
  const [prefs, rawDashboardPrefs, meta, state] = await Promise.all([
    readPreferences(),
    dashboardPrefsItem.getValue(),
    db.meta.get('dataset'),
    readAlerts(),
  ]);
  if (!meta) return { raised: [], head: 'none' };
  const today = utcDateOf(now);
  const myEmail = prefs.myEmail;
  const email = myEmail.trim();
  const settings = scoringSettings(prefs);
  const { filters } = readDashboardPrefs(rawDashboardPrefs);
  const basis = alertsBasis(meta.version, today, email, settings);
  const dataKey = dataKeyOf(meta);
  const headKey = headKeyOf(settingsKeyOf(settings), filtersKey(filters, myEmail), today);
  const alertsDue = state.basis !== basis;
  const headDue = (await heads.load(dataKey, headKey)) === null;
  if (!alertsDue && !headDue) return { raised: [], head: 'current' };

  const ds = await exportDataset(db);
  if (!ds) return { raised: [], head: 'none' };
  const view = computeDashboard({ dataset: ds, today, settings, context: meta.context, filters, myEmail });

  let head: AfterSyncResult['head'] = 'current';
  if (headDue) {
    const after = await db.meta.get('dataset');
    head = after && dataKeyOf(after) === dataKey ? 'saved' : 'stale';
    if (head === 'saved') await heads.save(dataKey, headKey, headOf(view, filterOptions(ds)));
  }
  if (!alertsDue) return { raised: [], head };

  // The alerts' scope: the person's book, or every account without an email.
  const keep = email ? (a: { owner?: string }) => sameEmail(a.owner, email) : () => true;
  const scope = ds.accounts.filter(keep);
  let accounts: readonly AccountReport[];
  if (isAllFilters(filters, myEmail) || scope.every((a) => matchesFilters(a, filters, myEmail))) {
    const ids = new Set(scope.map((a) => a.id));
    accounts = view.report.accounts.filter((a) => ids.has(a.id));
  } else {
    const context = workspaceContextFor(ds, view.asOf, meta.context);
    accounts = accountReports(subsetDataset(ds, keep), today, settings, () => true, context).accounts;
  }
  const raised = await publishAlerts(
    state,
    accounts,
    { now, asOf: view.asOf, basis, notify: prefs.alertNotifications },
    out,
  );
  return { raised, head };
}
