/**
 * The lists of DASHBOARD.md ("Lists"), pure functions of the report's accounts.
 *
 * - At risk: active accounts (METRICS.md `status`) whose band is red or yellow, or a `high` risk signal; lowest score first (unknown last), then
 *   soonest renewal. Reading: the unrounded score orders; `renewsInDays` ascending with unknown
 *   renewals last (a renewal already past, negative, comes first); then dataset order.
 * - Upsell: active accounts with an upsell signal; `high` first (the account's most severe upsell signal), then MRR,
 *   largest first; then dataset order.
 * - My book: the accounts whose `owner` is the person's email (compared case-insensitively).
 * - Upsell by feature (the Product tab, beside feature adoption): for each feature, the accounts
 *   whose active users used it in the last 30 days although their plan does not include it (the
 *   report's `featureDemand`, i.e. the `feature-demand` signal); most such users first, then MRR,
 *   largest first; then dataset order. Features in the `features` collection's order; a feature
 *   nobody reaches for is left out. Active accounts only, as every upsell list.
 * - Churned: churned accounts apart, with `churnedIn` and `lastMrr` (never in the lists above).
 *   DASHBOARD.md sets no order; ours: most recent churn first, then the largest last MRR, then
 *   dataset order.
 */
import type { AccountReport, Signal } from '../metrics/types';
import { sameEmail } from './filters';

const SEVERITY_RANK: Record<Signal['severity'], number> = { high: 0, medium: 1, low: 2 };

/** Whether an account is paying in the month of the report's date (METRICS.md `status`). */
export function isActive(a: Pick<AccountReport, 'status'>): boolean {
  return a.status === 'active';
}

export function isAtRisk(a: AccountReport): boolean {
  if (!isActive(a)) return false;
  const b = a.health.band;
  return b === 'red' || b === 'yellow' || a.signals.some((s) => s.kind === 'risk' && s.severity === 'high');
}

export function isUpsell(a: AccountReport): boolean {
  return isActive(a) && a.signals.some((s) => s.kind === 'upsell');
}

function nullsLast(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

export function atRiskList(accounts: readonly AccountReport[]): AccountReport[] {
  return accounts
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => isAtRisk(a))
    .sort(
      (x, y) =>
        nullsLast(x.a.health.score, y.a.health.score) ||
        nullsLast(x.a.renewsInDays, y.a.renewsInDays) ||
        x.i - y.i,
    )
    .map(({ a }) => a);
}

/** The most severe signal of that kind of an account (null when it has none). */
export function topSignal(a: AccountReport, kind: Signal['kind']): Signal | null {
  let best: Signal | null = null;
  for (const s of a.signals) {
    if (s.kind !== kind) continue;
    if (!best || SEVERITY_RANK[s.severity] < SEVERITY_RANK[best.severity]) best = s;
  }
  return best;
}

export function upsellList(accounts: readonly AccountReport[]): AccountReport[] {
  return accounts
    .map((a, i) => ({ a, i, s: isActive(a) ? topSignal(a, 'upsell') : null }))
    .filter((x) => x.s !== null)
    .sort(
      (x, y) =>
        SEVERITY_RANK[(x.s as Signal).severity] - SEVERITY_RANK[(y.s as Signal).severity] ||
        y.a.mrr - x.a.mrr ||
        x.i - y.i,
    )
    .map(({ a }) => a);
}

/** Churned accounts: most recent `churnedIn` first, then the largest `lastMrr`, then dataset order. */
export function churnedList(accounts: readonly AccountReport[]): AccountReport[] {
  return accounts
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.status === 'churned')
    .sort(
      (x, y) =>
        (y.a.churnedIn ?? '').localeCompare(x.a.churnedIn ?? '') ||
        (y.a.lastMrr ?? 0) - (x.a.lastMrr ?? 0) ||
        x.i - y.i,
    )
    .map(({ a }) => a);
}

export interface FeatureDemandEntry {
  account: AccountReport;
  /** Active users of the account who used the feature in the last 30 days. */
  users: number;
  /** The lowest-tier plan that includes the feature (null when no plan does). */
  planId: string | null;
}

export interface FeatureDemandList {
  key: string;
  accounts: FeatureDemandEntry[];
}

export function featureDemandLists(
  accounts: readonly AccountReport[],
  featureKeys: readonly string[],
): FeatureDemandList[] {
  const by = new Map<string, { e: FeatureDemandEntry; i: number }[]>();
  accounts.forEach((account, i) => {
    if (!isActive(account)) return;
    for (const f of account.featureDemand) {
      const list = by.get(f.key) ?? [];
      list.push({ e: { account, users: f.users, planId: f.planId }, i });
      by.set(f.key, list);
    }
  });
  return featureKeys
    .filter((k) => by.has(k))
    .map((key) => ({
      key,
      accounts: (by.get(key) ?? [])
        .sort((x, y) => y.e.users - x.e.users || y.e.account.mrr - x.e.account.mrr || x.i - y.i)
        .map((x) => x.e),
    }));
}

export function myBook<T extends { owner: string | null | undefined }>(
  accounts: readonly T[],
  email: string,
): T[] {
  if (!email.trim()) return [...accounts];
  return accounts.filter((a) => sameEmail(a.owner, email));
}
