/**
 * Healthbar metrics core: pure functions of a dataset and an as-of date (METRICS.md).
 * No clock is read anywhere: the caller passes `asOf` (see `defaultAsOf`).
 *
 * @example
 * const r = parseSettings(json); if (!r.ok) throw new Error(r.error);
 * const report = computeReport(dataset, defaultAsOf(dataset) ?? '2026-10-31', r.settings);
 *
 * Readings of METRICS.md where it leaves room (each is also documented where it is implemented):
 * 1. Thresholds on computed ratios/scores use the exact-arithmetic tolerance (`exact.ts`); money,
 *    counts and whole days compare exactly (a relative tolerance on 1e12 cents would not be exact).
 * 2. Repeated keys: the later record wins everywhere. A repeated account id keeps the position of
 *    its first occurrence with the later record's fields; users, tickets and surveys are
 *    de-duplicated by `id` across the whole collection (a repeated id may move a row to another
 *    account); plans, features and milestones by id/key.
 * 3. Several `firstValue` milestones: the first in dataset order is the one.
 * 4. `ttvDays` only requires the firstValue date to be on or before D; `startedOn` may be after D
 *    (the value is then negative, "if the data says so"). `salesCycleDays` only requires
 *    `dealClosedOn` in the 12 months ending D (a creation date after D gives a negative cycle).
 * 5. Engagement split weights that do not sum to 1 are rescaled to 1 (defaults are unaffected).
 * 6. `score` is null when the weights of the non-null components sum to 0.
 * 7. `champion-inactive`: `lastSeenOn < D − championInactiveDays`; a champion last seen after D
 *    does not fire. `renewal-risk` with a null band has severity medium. `plan-headroom` cannot
 *    fire for a segment without paying accounts (no median). Evidence sentences name the
 *    longest-inactive champion (ties by name).
 * 8. `ltvToCac` is null when `cac` is 0 (zero denominator).
 * 9. With a `context`, the account figures (`ltv`, `plan-headroom`, the support component, and so
 *    the score, band, delta30 and health counts) use it; the portfolio's own figures
 *    (`monthlyLogoChurnRate`, `ltv`, …) stay the dataset's. `segmentMedianMrr` lists only
 *    segments with at least one paying account.
 * 10. `delta30` and `healthTrend` past scores use today's status/seats snapshots, today's
 *    `featureBreadth`, and the same `ticketsTracked` (any date) as D.
 * 11. `nrrTrend`/`grrTrend`/`logoChurnTrend` points depend only on their month; each carries the
 *    as-of date it stands for (month end, or D for the last). `ttvTrend` points are the portfolio
 *    `ttvDays` computed as of that date (its 12-month start window and the first-value date ≤ it).
 * 12. `defaultAsOf` ignores usage rows of unknown accounts.
 * 13. `accounts` with `accountIds` keeps dataset order; unknown ids are ignored.
 * 14. Day arithmetic uses days_from_civil instead of `Date.UTC` (which maps years 0–99 to 19xx).
 * 15. Timestamps are read with `Date.parse` (millisecond precision; extra fraction digits dropped).
 * 16. `feature-demand` (demand.ts): severity counts distinct users; "the lowest-tier plan" is the
 *    smallest `tier` (plans carry no price), equal tiers broken by the smaller plan id; one plan is
 *    named for several features when one includes them all; a feature no plan includes goes to
 *    the product team. The account's `featureDemand` extra lists the features behind it.
 * 17. The optional `sentiment` component (sentiment.ts): an entry counts on or before D when the
 *    UTC day of its `recordedAt` is ≤ D; of two entries with the same `recordedAt` the one with the
 *    greater `id` is the latest. At `weights.sentiment` 0 it is absent from `components` and
 *    `points` (the report is byte for byte the one without entries); weighted, the account's
 *    `health.sentiment` extra names the entry read (null when none), a driver says it, and it is
 *    last in `healthHistory`'s tie order.
 * 18. The deal figures (deals.ts): "without a deals collection" = no deal of a known account (absent,
 *    `[]` or only orphans), so all three are null; deals de-duplicated by id (later wins).
 */
export type { WorkspaceContext } from '../dataset/schema';
export { clamp, gt, gte, lt, lte, median, roundHalfUp } from './exact';
export { BAND_LABELS, BAND_WORDS, bandOf, scoreOf, weightedComponents } from './health';
export {
  type AccountIx,
  buildIndex,
  type DatasetIndex,
  type IndexOptions,
  releaseIndexedRows,
} from './indexing';
export {
  asOfDay,
  computeAccountReport,
  computePortfolioTrends,
  computeReport,
  computeReportFromIndex,
  computeWorkspaceContext,
  defaultAsOf,
  defaultAsOfIndex,
  historyMonths,
  type ReportOptions,
  workspaceContextOf,
} from './report';
export {
  DEFAULT_SETTINGS,
  type ParseSettingsResult,
  parseSettings,
  type Settings,
  type SettingsInput,
} from './settings';
export { type Target, type TargetProgress, targetProgress } from './targets';
export type * from './types';
