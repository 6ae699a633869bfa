/**
 * Feature adoption, feature breadth, journey completion and time to value of one account
 * (METRICS.md "Usage and engagement").
 */
import type { AccountIx, DatasetIndex } from './indexing';

export interface UsersAt {
  /** Users with a known `lastSeenOn` in W30 (D−29 … D). */
  activeUsers: number;
  /** Per feature (index into `featureKeys`): active users whose date for it is in W30. */
  featureUsers: Int32Array;
  featureAdoption: Record<string, number | null>;
  featureBreadth: number | null;
}

/**
 * Active users, per-feature adoption and breadth as of day D.
 * - `featureAdoption[f]` = active users with `features[f]` in W30 / active users (null with none).
 * - `featureBreadth` = available features with ≥ 1 such user / available features; null when no
 *   feature is available (wins over "0 with no active users").
 */
export function usersAt(ix: DatasetIndex, ax: AccountIx, d: number): UsersAt {
  const nf = ix.featureKeys.length;
  const featureUsers = new Int32Array(nf);
  let activeUsers = 0;
  const { lastSeenDay, featFrom, featIdx, featDay } = ax.users;
  for (let i = ax.userFrom; i < ax.userTo; i++) {
    const seen = lastSeenDay[i];
    // An unknown last-seen day is NaN: not active.
    if (!(seen >= d - 29 && seen <= d)) continue;
    activeUsers++;
    for (let j = featFrom[i]; j < featFrom[i + 1]; j++) {
      const fd = featDay[j];
      if (fd >= d - 29 && fd <= d) featureUsers[featIdx[j]]++;
    }
  }
  const featureAdoption: Record<string, number | null> = {};
  for (let f = 0; f < nf; f++)
    featureAdoption[ix.featureKeys[f]] = activeUsers === 0 ? null : featureUsers[f] / activeUsers;
  let featureBreadth: number | null;
  if (ax.available.length === 0) featureBreadth = null;
  else if (activeUsers === 0) featureBreadth = 0;
  else {
    let used = 0;
    for (const f of ax.available) if (featureUsers[f] > 0) used++;
    featureBreadth = used / ax.available.length;
  }
  return { activeUsers, featureUsers, featureAdoption, featureBreadth };
}

/** Defined milestones achieved on or before D / milestones defined; null when none is defined. */
export function journeyAt(ix: DatasetIndex, ax: AccountIx, d: number): number | null {
  if (ix.milestoneCount === 0) return null;
  let n = 0;
  for (const day of ax.milestoneDays) if (day <= d) n++;
  return n / ix.milestoneCount;
}

/**
 * Days from `startedOn` to the `firstValue` milestone's date when that date is on or before D
 * (negative if the data says so); null when either is missing. `startedOn` itself is not
 * required to be on or before D (only the milestone is "dated" by the spec's rule).
 */
export function ttvAt(ax: AccountIx, d: number): number | null {
  if (ax.startedDay === null || ax.firstValueDay === null || ax.firstValueDay > d) return null;
  return ax.firstValueDay - ax.startedDay;
}
