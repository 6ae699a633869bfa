/**
 * The rollup's usage statement (step 5 of rollup.ts): per account and day, DAU, WAU, MAU, sessions
 * and session milliseconds from the user-days `hb_ud` (acc, uid, day) and the sessions `hb_ss`.
 * Two forms give the same numbers (a trailing distinct count either way):
 * - `intervalUsageSql` (a full run, or many new days): each user's active days in an account become
 *   intervals [day, day + N), so the count is a running sum of +1/−1 at the merged intervals' ends
 *   over a grid of every account and day — never one row per user-day and window day;
 * - `directUsageSql` (an incremental run of a few new days): each new day's distinct users counted
 *   directly, since a user-day meets at most those few days; no grid over the carry's 29 days.
 */

/** A usage row as the statement returns it. */
export type UsageRowSql = {
  acc: string;
  day: number;
  dau: number;
  wau: number;
  mau: number;
  ms: number;
  sessions: number;
};

/** Orders a text column by code points in the engine's dialect (`SqlDialect.textOrder`). */
type TextOrder = (column: string) => string;

/** The new days `fromDay`..`asOfDay` (day numbers), their users counted directly. */
export function directUsageSql(fromDay: number, asOfDay: number, t: TextOrder): string {
  return `
    WITH c AS (
      SELECT u.acc, n.d AS day, count(DISTINCT CASE WHEN u.day = n.d THEN u.uid END) AS dau,
        count(DISTINCT CASE WHEN u.day > n.d - 7 THEN u.uid END) AS wau, count(DISTINCT u.uid) AS mau
      FROM hb_ud u JOIN (SELECT g AS d FROM generate_series(${fromDay}, ${asOfDay}) AS t(g)) n
        ON u.day <= n.d AND u.day > n.d - 30
      GROUP BY u.acc, n.d
    ), sd AS (
      SELECT acc, day, count(*) AS sessions, SUM(dur) AS ms FROM hb_ss WHERE day >= ${fromDay} GROUP BY acc, day
    )
    SELECT c.acc, CAST(c.day AS INTEGER) AS day, CAST(c.dau AS INTEGER) AS dau, CAST(c.wau AS INTEGER) AS wau,
      CAST(c.mau AS INTEGER) AS mau, CAST(COALESCE(sd.ms, 0) AS DOUBLE PRECISION) AS ms,
      CAST(COALESCE(sd.sessions, 0) AS INTEGER) AS sessions
    FROM c LEFT JOIN sd ON sd.acc = c.acc AND sd.day = c.day
    ORDER BY ${t('c.acc')}, c.day`;
}

/**
 * Every day from each account's first to `asOfDay` by running sums; only days from `fromDay` on
 * when it is given (the rows before are the carry's).
 */
export function intervalUsageSql(
  fromDay: number | null,
  firstDay: number,
  asOfDay: number,
  t: TextOrder,
): string {
  return `
    WITH ud AS (
      SELECT acc, uid, day, LAG(day) OVER w AS pv, LEAD(day) OVER w AS nx FROM hb_ud
      WINDOW w AS (PARTITION BY acc, uid ORDER BY day)
    ), delta AS (
      SELECT acc, d, SUM(dd) AS dau, SUM(dw) AS dw, SUM(dm) AS dm FROM (
        SELECT acc, day AS d, 1 AS dd,
          CASE WHEN pv IS NULL OR day - pv >= 7 THEN 1 ELSE 0 END AS dw,
          CASE WHEN pv IS NULL OR day - pv >= 30 THEN 1 ELSE 0 END AS dm
        FROM ud
        UNION ALL SELECT acc, day + 7, 0, -1, 0 FROM ud WHERE nx IS NULL OR nx >= day + 7
        UNION ALL SELECT acc, day + 30, 0, 0, -1 FROM ud WHERE nx IS NULL OR nx >= day + 30
      ) y WHERE d <= ${asOfDay} GROUP BY acc, d
    ), sd AS (
      SELECT acc, day, count(*) AS sessions, SUM(dur) AS ms FROM hb_ss GROUP BY acc, day
    ), firsts AS (
      SELECT acc, MIN(d) AS f FROM delta GROUP BY acc
    ), grid AS (
      SELECT f.acc, g.g AS day FROM firsts f
      JOIN (SELECT g FROM generate_series(${firstDay}, ${asOfDay}) AS t(g)) g ON g.g >= f.f
    ), r AS (
      SELECT grid.acc, grid.day, COALESCE(delta.dau, 0) AS dau,
        SUM(COALESCE(delta.dw, 0)) OVER w AS wau, SUM(COALESCE(delta.dm, 0)) OVER w AS mau,
        COALESCE(sd.sessions, 0) AS sessions, COALESCE(sd.ms, 0) AS ms
      FROM grid
      LEFT JOIN delta ON delta.acc = grid.acc AND delta.d = grid.day
      LEFT JOIN sd ON sd.acc = grid.acc AND sd.day = grid.day
      WINDOW w AS (PARTITION BY grid.acc ORDER BY grid.day ROWS UNBOUNDED PRECEDING)
    )
    SELECT acc, CAST(day AS INTEGER) AS day, CAST(dau AS INTEGER) AS dau, CAST(wau AS INTEGER) AS wau,
      CAST(mau AS INTEGER) AS mau, CAST(ms AS DOUBLE PRECISION) AS ms, CAST(sessions AS INTEGER) AS sessions
    FROM r WHERE (dau <> 0 OR wau <> 0 OR mau <> 0 OR sessions <> 0 OR ms <> 0)
      ${fromDay === null ? '' : `AND day >= ${fromDay}`}
    ORDER BY ${t('acc')}, day`;
}
