/**
 * METRICS.md `healthHistory`: the score week by week over the last 26 weeks, and what changed
 * between two weeks. Each past score is computed as `delta30`'s past score is — every input as of
 * that day, `featureBreadth` held at its value as of D — and so are the past day's signals.
 *
 * Spec choices (not fixed by METRICS.md):
 * - A component whose points are null (its value unknown) counts as 0 points when finding the
 *   component that moved most, so a component becoming known or unknown counts as a move.
 * - The signals of a past day use the workspace context as of that day (segment medians of that
 *   month), as the report as of that day would; with a context supplied by the caller (a
 *   book-scoped extension) that context is used for every day, as for the day's own figures.
 */
import type { WorkspaceContext } from '../dataset/schema';
import { type AccountCore, factsAt, judgeAt } from './account';
import { dateOfDay, monthOfDay } from './dates';
import type { AccountIx, DatasetIndex } from './indexing';
import { revenueSeries } from './revenue';
import type { Settings } from './settings';
import {
  type ComponentPoints,
  type ComponentRecord,
  componentsIn,
  type HealthChange,
  type HealthComponentName,
  type HealthHistoryEntry,
} from './types';

/** 26 weekly entries: the days D − 7k for k = 25 … 0. */
export const HISTORY_WEEKS = 26;

interface Point {
  entry: HealthHistoryEntry;
  signalIds: string[];
}

/** What changed between two consecutive entries (METRICS.md `change`). */
export function changeBetween(
  prev: { points: ComponentRecord<ComponentPoints>; signalIds: readonly string[] },
  cur: { points: ComponentRecord<ComponentPoints>; signalIds: readonly string[] },
): HealthChange {
  let component: HealthComponentName | null = null;
  let most = 0;
  // Strictly greater: a tie keeps the earlier component in HEALTH_COMPONENT_NAMES order
  // (engagement, adoption, satisfaction, support, trend, then the optional sentiment). Both
  // entries are computed with the same settings, so they have the same components.
  for (const k of componentsIn(cur.points)) {
    const moved = Math.abs((cur.points[k]?.points ?? 0) - (prev.points[k]?.points ?? 0));
    if (moved > most) {
      most = moved;
      component = k;
    }
  }
  const before = new Set(prev.signalIds);
  const now = new Set(cur.signalIds);
  return {
    component,
    signalsAppeared: cur.signalIds.filter((id) => !before.has(id)),
    signalsCleared: prev.signalIds.filter((id) => !now.has(id)),
  };
}

/**
 * The account's `healthHistory` as of day `d`. `core` is its evaluation as of `d` (the last
 * entry); `contextAt` gives the workspace context used on a past day.
 */
export function healthHistoryOf(
  ix: DatasetIndex,
  ax: AccountIx,
  d: number,
  s: Settings,
  core: AccountCore,
  contextAt: (day: number) => WorkspaceContext,
): HealthHistoryEntry[] {
  const r = core.report;
  const breadthAtD = r.usage.featureBreadth;
  const points: Point[] = [];
  for (let k = HISTORY_WEEKS - 1; k >= 1; k--) {
    const x = d - 7 * k;
    const j = judgeAt(
      ix,
      ax,
      x,
      s,
      contextAt(x),
      revenueSeries(ax, monthOfDay(x)),
      factsAt(ix, ax, x, breadthAtD, s),
    );
    points.push({
      entry: { date: dateOfDay(x), score: j.score, band: j.band, points: j.points, change: null },
      signalIds: j.signals.map((g) => g.id),
    });
  }
  points.push({
    entry: {
      date: dateOfDay(d),
      score: r.health.score,
      band: r.health.band,
      points: r.health.points,
      change: null,
    },
    signalIds: r.signals.map((g) => g.id),
  });
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    cur.entry.change = changeBetween(
      { points: prev.entry.points, signalIds: prev.signalIds },
      { points: cur.entry.points, signalIds: cur.signalIds },
    );
  }
  return points.map((p) => p.entry);
}
