/**
 * Feature demand (METRICS.md, signal `feature-demand`): the active users of an account (active as
 * for adoption: `lastSeenOn` in W30) who used, in W30, a feature of the `features` collection that
 * the account's plan does not include.
 *
 * Readings where the spec leaves room:
 * - Only an account whose `planId` names a plan can have demand: without a plan, or with a plan id
 *   the dataset does not define, every feature counts as available (as for `featureBreadth`).
 * - The signal's user count is of distinct users (a user using two missing features counts once);
 *   the per-feature counts are users of that feature.
 * - "The lowest-tier plan that includes it" is read from the plans' `tier` (the dataset's own
 *   ordering of plans, "higher = bigger plan"; plans carry no price). Equal tiers: the smaller plan
 *   id (code-unit order), so the choice never depends on the order rows arrive in. A feature that
 *   no plan includes has no plan to suggest (null).
 * - Features are listed most users first, then by key (code-unit order), for the same reason.
 * - For several features, one plan is suggested when a single plan includes all of them that any
 *   plan includes (the lowest-tier such plan); otherwise each feature names its own lowest plan.
 */
import type { Plan } from '../dataset/schema';
import type { AccountIx, DatasetIndex } from './indexing';

export interface FeatureDemandItem {
  /** Feature key (of the `features` collection). */
  key: string;
  /** Active users who used it in W30. */
  users: number;
  /** Id of the lowest-tier plan that includes it; null when no plan does. */
  planId: string | null;
}

export interface FeatureDemand {
  /** The account's plan. */
  plan: Plan;
  /** Distinct active users behind the demand. */
  users: number;
  /** One entry per feature in demand, most users first (then by key). */
  features: FeatureDemandItem[];
  /** The one plan that includes every feature in demand that any plan includes (lowest tier); null when no single plan does. */
  upgradeId: string | null;
}

/** The lowest-tier plan including every feature index in `fs` (equal tiers: the smaller id); null when none. */
export function lowestPlanIncluding(ix: DatasetIndex, fs: readonly number[]): Plan | null {
  let best: Plan | null = null;
  for (let i = 0; i < ix.plans.length; i++) {
    const p = ix.plans[i];
    const inc = ix.planFeatures[i];
    if (!fs.every((f) => inc.has(f))) continue;
    if (best === null || p.tier < best.tier || (p.tier === best.tier && p.id < best.id)) best = p;
  }
  return best;
}

/** The account's feature demand as of day `d`; null when its plan is unknown or nobody uses a missing feature. */
export function featureDemandAt(ix: DatasetIndex, ax: AccountIx, d: number): FeatureDemand | null {
  if (ax.planPos === null) return null;
  const included = ix.planFeatures[ax.planPos];
  const perFeature = new Map<number, number>();
  let users = 0;
  const { lastSeenDay, featFrom, featIdx, featDay } = ax.users;
  for (let i = ax.userFrom; i < ax.userTo; i++) {
    const seen = lastSeenDay[i];
    // An unknown last-seen day is NaN: not active.
    if (!(seen >= d - 29 && seen <= d)) continue;
    let counted = false;
    for (let j = featFrom[i]; j < featFrom[i + 1]; j++) {
      const f = featIdx[j];
      const fd = featDay[j];
      if (fd < d - 29 || fd > d || included.has(f)) continue;
      perFeature.set(f, (perFeature.get(f) ?? 0) + 1);
      if (!counted) {
        users++;
        counted = true;
      }
    }
  }
  if (users === 0) return null;
  const key = (f: number) => ix.featureKeys[f];
  const fs = [...perFeature.keys()].sort(
    (a, b) =>
      (perFeature.get(b) ?? 0) - (perFeature.get(a) ?? 0) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
  const features = fs.map((f) => ({
    key: ix.featureKeys[f],
    users: perFeature.get(f) ?? 0,
    planId: lowestPlanIncluding(ix, [f])?.id ?? null,
  }));
  const offered = fs.filter((_, i) => features[i].planId !== null);
  const upgrade = offered.length === 0 ? null : lowestPlanIncluding(ix, offered);
  return { plan: ix.plans[ax.planPos], users, features, upgradeId: upgrade?.id ?? null };
}
