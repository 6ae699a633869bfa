/**
 * The fixed Report JSON in SQL, on DuckDB (`@duckdb/node-api`, in-memory database, default
 * threads = the machine's cores).
 *
 * Loading (timed apart) appends the dataset into normalised tables with integer surrogate keys
 * (`acc` = the account's dataset position, `u` = user position, `f` = feature position): dates
 * as day numbers, months as month numbers, timestamps as epoch milliseconds; the `{key: date}`
 * maps (account milestones, user features) and plan feature lists become rows. This is what a
 * warehouse load would do and it favours DuckDB: healthbar's timed figure includes building its
 * own index (parsing every date string) from the in-memory dataset.
 *
 * The timed work is a handful of SQL statements (temp tables, then two SELECTs) whose results are
 * read into JS and shaped into the Report JSON. The demo data has unique keys and no orphan rows,
 * so the SQL does not repeat healthbar's "later record wins" de-duplication.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Dataset } from '../../lib/dataset/schema';
import { dayNumber, monthNumber, monthString } from '../../lib/metrics/dates';
import type { AsOfParams, Band, FixedAccount, FixedReport } from './fixed';
import { signalList } from './fixed';

export interface DuckDb {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  featureKeys: string[];
  milestoneCount: number;
  currency: string;
}

const optInt = (ap: DuckDBAppender, v: number | null | undefined) =>
  v === null || v === undefined ? ap.appendNull() : ap.appendInteger(v);
const optDouble = (ap: DuckDBAppender, v: number | null | undefined) =>
  v === null || v === undefined ? ap.appendNull() : ap.appendDouble(v);
const optStr = (ap: DuckDBAppender, v: string | null | undefined) =>
  v === null || v === undefined ? ap.appendNull() : ap.appendVarchar(v);
const optDay = (d: string | undefined) => (d === undefined ? null : dayNumber(d));

export async function loadDuckDb(ds: Dataset): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`
    CREATE TABLE accounts(acc INTEGER, id VARCHAR, name VARCHAR, plan_id VARCHAR, seats INTEGER,
      segment VARCHAR, started INTEGER, renews INTEGER, acq_cost DOUBLE, deal_created INTEGER,
      deal_closed INTEGER);
    CREATE TABLE features(f INTEGER, key VARCHAR);
    CREATE TABLE plans(id VARCHAR);
    CREATE TABLE plan_features(plan_id VARCHAR, f INTEGER);
    CREATE TABLE milestones(key VARCHAR, first_value BOOLEAN);
    CREATE TABLE account_milestones(acc INTEGER, key VARCHAR, day INTEGER);
    CREATE TABLE revenue(acc INTEGER, m INTEGER, mrr DOUBLE);
    CREATE TABLE usage(acc INTEGER, day INTEGER, dau INTEGER, wau INTEGER, mau INTEGER, minutes DOUBLE,
      sessions INTEGER);
    CREATE TABLE users(u INTEGER, acc INTEGER, champion BOOLEAN, last_seen INTEGER);
    CREATE TABLE user_features(u INTEGER, acc INTEGER, f INTEGER, day INTEGER);
    CREATE TABLE tickets(acc INTEGER, opened_ms BIGINT, first_ms BIGINT, solved_ms BIGINT,
      priority VARCHAR, status VARCHAR);
    CREATE TABLE surveys(acc INTEGER, day INTEGER, kind VARCHAR, score INTEGER);`);
  const accOf = new Map<string, number>();
  ds.accounts.forEach((a, i) => {
    accOf.set(a.id, i);
  });
  const featureKeys = ds.features.map((f) => f.key);
  const fOf = new Map(featureKeys.map((k, i) => [k, i]));

  const append = async (table: string, fill: (ap: DuckDBAppender) => void) => {
    const ap = await conn.createAppender(table);
    fill(ap);
    ap.closeSync();
  };
  await append('accounts', (ap) => {
    ds.accounts.forEach((a, i) => {
      ap.appendInteger(i);
      ap.appendVarchar(a.id);
      ap.appendVarchar(a.name);
      optStr(ap, a.planId);
      optInt(ap, a.seats);
      optStr(ap, a.segment);
      optInt(ap, optDay(a.startedOn));
      optInt(ap, optDay(a.renewsOn));
      optDouble(ap, a.acquisitionCost);
      optInt(ap, optDay(a.dealCreatedOn));
      optInt(ap, optDay(a.dealClosedOn));
      ap.endRow();
    });
  });
  await append('features', (ap) => {
    featureKeys.forEach((k, i) => {
      ap.appendInteger(i);
      ap.appendVarchar(k);
      ap.endRow();
    });
  });
  await append('plans', (ap) => {
    for (const p of ds.plans) {
      ap.appendVarchar(p.id);
      ap.endRow();
    }
  });
  await append('plan_features', (ap) => {
    for (const p of ds.plans) {
      for (const k of new Set(p.features)) {
        const f = fOf.get(k);
        if (f === undefined) continue;
        ap.appendVarchar(p.id);
        ap.appendInteger(f);
        ap.endRow();
      }
    }
  });
  const firstValueKey = ds.milestones.find((m) => m.firstValue)?.key;
  await append('milestones', (ap) => {
    for (const m of ds.milestones) {
      ap.appendVarchar(m.key);
      ap.appendBoolean(m.key === firstValueKey);
      ap.endRow();
    }
  });
  await append('account_milestones', (ap) => {
    ds.accounts.forEach((a, i) => {
      for (const [k, d] of Object.entries(a.milestones ?? {})) {
        ap.appendInteger(i);
        ap.appendVarchar(k);
        ap.appendInteger(dayNumber(d));
        ap.endRow();
      }
    });
  });
  await append('revenue', (ap) => {
    for (const r of ds.revenue) {
      ap.appendInteger(accOf.get(r.accountId)!);
      ap.appendInteger(monthNumber(r.month));
      ap.appendDouble(r.mrr);
      ap.endRow();
    }
  });
  await append('usage', (ap) => {
    const days = new Map<string, number>();
    for (const r of ds.usage) {
      let d = days.get(r.date);
      if (d === undefined) {
        d = dayNumber(r.date);
        days.set(r.date, d);
      }
      ap.appendInteger(accOf.get(r.accountId)!);
      ap.appendInteger(d);
      ap.appendInteger(r.dau);
      ap.appendInteger(r.wau);
      ap.appendInteger(r.mau);
      ap.appendDouble(r.minutes);
      ap.appendInteger(r.sessions);
      ap.endRow();
    }
  });
  await append('users', (ap) => {
    ds.users.forEach((u, i) => {
      ap.appendInteger(i);
      ap.appendInteger(accOf.get(u.accountId)!);
      ap.appendBoolean(u.champion);
      optInt(ap, optDay(u.lastSeenOn));
      ap.endRow();
    });
  });
  await append('user_features', (ap) => {
    ds.users.forEach((u, i) => {
      const acc = accOf.get(u.accountId)!;
      for (const [k, d] of Object.entries(u.features)) {
        const f = fOf.get(k);
        if (f === undefined) continue;
        ap.appendInteger(i);
        ap.appendInteger(acc);
        ap.appendInteger(f);
        ap.appendInteger(dayNumber(d));
        ap.endRow();
      }
    });
  });
  const ms = (ts: string | undefined) => (ts === undefined ? null : Date.parse(ts));
  await append('tickets', (ap) => {
    for (const t of ds.tickets) {
      ap.appendInteger(accOf.get(t.accountId)!);
      ap.appendBigInt(BigInt(Date.parse(t.openedAt)));
      const fr = ms(t.firstResponseAt);
      const so = ms(t.solvedAt);
      if (fr === null) ap.appendNull();
      else ap.appendBigInt(BigInt(fr));
      if (so === null) ap.appendNull();
      else ap.appendBigInt(BigInt(so));
      ap.appendVarchar(t.priority);
      ap.appendVarchar(t.status);
      ap.endRow();
    }
  });
  await append('surveys', (ap) => {
    for (const s of ds.surveys) {
      ap.appendInteger(accOf.get(s.accountId)!);
      ap.appendInteger(dayNumber(s.respondedOn));
      ap.appendVarchar(s.kind);
      ap.appendInteger(s.score);
      ap.endRow();
    }
  });
  return {
    instance,
    conn,
    featureKeys,
    milestoneCount: new Set(ds.milestones.map((m) => m.key)).size,
    currency: ds.currency,
  };
}

/** `x ≥ y` with the tolerance already in `bound` (see asOfParams). */
const num = (x: number) => (Number.isInteger(x) ? `${x}` : x.toPrecision(17));

/** SQL for one account's five components as of an as-of key `k` (0 = D, 1 = D − 30). */
function componentsSql(p: AsOfParams, k: 'd' | 'p') {
  const s = p.settings;
  const su = `${k}_su`;
  const st = `${k}_st`;
  return `
    CASE WHEN ${su} IS NULL AND ${st} IS NULL THEN NULL
         WHEN ${su} IS NULL THEN 100 * least(1, ${st} / ${num(s.stickinessTarget)})
         WHEN ${st} IS NULL THEN 100 * least(1, ${su})
         ELSE 100 * (${num(s.engagementSplit.seatUtilization)} * least(1, ${su})
                   + ${num(s.engagementSplit.stickiness)} * least(1, ${st} / ${num(s.stickinessTarget)})) END AS ${k}_engagement,
    CASE WHEN breadth IS NULL AND ${k}_journey IS NULL THEN NULL
         WHEN breadth IS NULL THEN 100 * ${k}_journey
         WHEN ${k}_journey IS NULL THEN 100 * breadth
         ELSE 100 * ((breadth + ${k}_journey) / 2) END AS ${k}_adoption,
    CASE WHEN ${k}_nps IS NOT NULL THEN (${k}_nps + 100) / 2
         WHEN ${k}_csat IS NOT NULL THEN 100 * ${k}_csat END AS ${k}_satisfaction,
    CASE WHEN tracked THEN greatest(0, least(100, 100 - ${num(s.support.perUrgent)} * ${k}_open_urgent
         - ${num(s.support.perTicketOver)} * greatest(0, ${k}_tickets30 - ${num(s.support.freeTickets)}))) END AS ${k}_support,
    CASE WHEN ${k}_uc IS NOT NULL THEN 50 + 50 * greatest(-1, least(1, ${k}_uc)) END AS ${k}_trend`;
}

function scoreSql(p: AsOfParams, k: 'd' | 'p') {
  const w = p.weights;
  const parts = [
    ['engagement', w.engagement],
    ['adoption', w.adoption],
    ['satisfaction', w.satisfaction],
    ['support', w.support],
    ['trend', w.trend],
  ] as const;
  const numr = parts.map(([c, wt]) => `coalesce(${num(wt)} * ${k}_${c}, 0)`).join(' + ');
  const den = parts.map(([c, wt]) => `(CASE WHEN ${k}_${c} IS NULL THEN 0 ELSE ${num(wt)} END)`).join(' + ');
  return `(${numr}) / nullif(${den}, 0)`;
}

const roundHalfUp = (x: string) =>
  `(floor(${x}) + CASE WHEN ${x} >= floor(${x}) + 0.5 - greatest(1e-9, 1e-9 * abs(floor(${x}) + 0.5)) THEN 1 ELSE 0 END)`;

function bandSql(p: AsOfParams, score: string) {
  const r = roundHalfUp(score);
  return `CASE WHEN ${score} IS NULL THEN NULL WHEN ${r} <= ${p.settings.bands.redMax} THEN 'red'
    WHEN ${r} <= ${p.settings.bands.yellowMax} THEN 'yellow' ELSE 'green' END`;
}

/** The SQL of the timed work (a script of statements, then the two result queries). */
export function reportSql(p: AsOfParams, db: Pick<DuckDb, 'milestoneCount'>) {
  const { D, M, from12 } = p;
  const s = p.settings;
  const mc = db.milestoneCount;
  const script = `
CREATE OR REPLACE TEMP TABLE asofs AS SELECT * FROM (VALUES (0, ${D}), (1, ${D - 30})) t(k, x);

-- usage windows W30 / P30 and the day's row, as of D and D − 30
CREATE OR REPLACE TEMP TABLE u_at AS
SELECT a.k, u.acc,
  sum(CASE WHEN u.day >= a.x - 29 THEN u.dau ELSE 0 END)::DOUBLE AS sum30,
  sum(CASE WHEN u.day < a.x - 29 THEN u.dau ELSE 0 END)::DOUBLE AS sump30,
  sum(CASE WHEN u.day >= a.x - 29 THEN u.minutes ELSE 0 END)::DOUBLE AS min30,
  max(CASE WHEN u.day = a.x THEN u.dau END) AS dau,
  max(CASE WHEN u.day = a.x THEN u.wau END) AS wau,
  max(CASE WHEN u.day = a.x THEN u.mau END) AS mau
FROM usage u JOIN asofs a ON u.day BETWEEN a.x - 59 AND a.x
GROUP BY a.k, u.acc;

-- heatmap: dau of the 84 days ending D (0 when no row)
CREATE OR REPLACE TEMP TABLE heat AS
SELECT a.acc, list(coalesce(u.dau, 0) ORDER BY g.d) AS heatmap
FROM accounts a CROSS JOIN range(${D - 83}, ${D + 1}) g(d)
LEFT JOIN usage u ON u.acc = a.acc AND u.day = g.d
GROUP BY a.acc;

-- active users (lastSeenOn in W30) and per-feature users, as of D
CREATE OR REPLACE TEMP TABLE active AS
SELECT acc, count(*)::INTEGER AS n FROM users WHERE last_seen BETWEEN ${D - 29} AND ${D} GROUP BY acc;
CREATE OR REPLACE TEMP TABLE feat_users AS
SELECT uf.acc, uf.f, count(*)::INTEGER AS n
FROM user_features uf JOIN users us ON us.u = uf.u
WHERE us.last_seen BETWEEN ${D - 29} AND ${D} AND uf.day BETWEEN ${D - 29} AND ${D}
GROUP BY uf.acc, uf.f;
CREATE OR REPLACE TEMP TABLE adoption AS
SELECT a.acc,
  list(CASE WHEN coalesce(ac.n, 0) = 0 THEN NULL ELSE coalesce(fu.n, 0) / ac.n END ORDER BY f.f) AS fa
FROM accounts a CROSS JOIN features f
LEFT JOIN active ac ON ac.acc = a.acc
LEFT JOIN feat_users fu ON fu.acc = a.acc AND fu.f = f.f
GROUP BY a.acc;
CREATE OR REPLACE TEMP TABLE avail AS
SELECT a.acc, pf.f FROM accounts a JOIN plan_features pf ON pf.plan_id = a.plan_id
UNION ALL
SELECT a.acc, f.f FROM accounts a CROSS JOIN features f
WHERE a.plan_id IS NULL OR a.plan_id NOT IN (SELECT id FROM plans);
CREATE OR REPLACE TEMP TABLE breadth AS
SELECT av.acc, count(*) AS n_avail, count(fu.n) AS n_used
FROM avail av LEFT JOIN feat_users fu ON fu.acc = av.acc AND fu.f = av.f
GROUP BY av.acc;
-- feature demand: distinct active users using, in W30, a feature their account's (known) plan lacks
CREATE OR REPLACE TEMP TABLE demand AS
SELECT uf.acc, count(DISTINCT uf.u)::INTEGER AS n
FROM user_features uf JOIN users us ON us.u = uf.u JOIN accounts a ON a.acc = uf.acc
WHERE us.last_seen BETWEEN ${D - 29} AND ${D} AND uf.day BETWEEN ${D - 29} AND ${D}
  AND a.plan_id IN (SELECT id FROM plans)
  AND NOT EXISTS (SELECT 1 FROM plan_features pf WHERE pf.plan_id = a.plan_id AND pf.f = uf.f)
GROUP BY uf.acc;
CREATE OR REPLACE TEMP TABLE champions AS
SELECT DISTINCT acc FROM users WHERE champion AND last_seen < ${D - s.championInactiveDays};

-- journey (as of D and D − 30) and time to value
CREATE OR REPLACE TEMP TABLE journey AS
SELECT am.acc,
  count(*) FILTER (WHERE am.day <= ${D}) AS n_d,
  count(*) FILTER (WHERE am.day <= ${D - 30}) AS n_p,
  max(CASE WHEN m.first_value THEN am.day END) AS fv_day
FROM account_milestones am JOIN milestones m ON m.key = am.key
GROUP BY am.acc;

-- surveys, as of D and D − 30
CREATE OR REPLACE TEMP TABLE sv AS
SELECT a.k, s.acc,
  count(*) FILTER (WHERE s.kind = 'nps') AS nps_n,
  count(*) FILTER (WHERE s.kind = 'nps' AND s.score >= 9) AS prom,
  count(*) FILTER (WHERE s.kind = 'nps' AND s.score <= 6) AS detr,
  count(*) FILTER (WHERE s.kind = 'nps' AND s.score <= 6 AND s.day >= a.x - ${s.detractorDays - 1}) AS recent_detr,
  count(*) FILTER (WHERE s.kind = 'csat') AS csat_n,
  count(*) FILTER (WHERE s.kind = 'csat' AND s.score >= 4) AS csat_sat
FROM surveys s JOIN asofs a ON s.day BETWEEN a.x - 179 AND a.x
GROUP BY a.k, s.acc;

-- tickets, as of D and D − 30; response and resolution hours as of D
CREATE OR REPLACE TEMP TABLE tk AS
SELECT a.k, t.acc,
  count(*) FILTER (WHERE t.status IN ('open', 'pending')) AS open_tickets,
  count(*) FILTER (WHERE t.status IN ('open', 'pending') AND t.priority IN ('high', 'urgent')) AS open_urgent,
  count(*) FILTER (WHERE t.opened_ms // 86400000 >= a.x - 29) AS tickets30,
  count(*) FILTER (WHERE t.opened_ms // 86400000 BETWEEN a.x - 119 AND a.x - 30) AS prior,
  median((t.first_ms - t.opened_ms) / 3600000.0)
    FILTER (WHERE a.k = 0 AND t.opened_ms // 86400000 >= a.x - 89 AND t.first_ms < ${p.endOfDMs}) AS mfrh,
  median((t.solved_ms - t.opened_ms) / 3600000.0)
    FILTER (WHERE a.k = 0 AND t.opened_ms // 86400000 >= a.x - 89 AND t.solved_ms < ${p.endOfDMs}) AS mrh
FROM tickets t JOIN asofs a ON t.opened_ms // 86400000 <= a.x
GROUP BY a.k, t.acc;

-- revenue: months M−12 … M per account, movements, first month with MRR > 0
CREATE OR REPLACE TEMP TABLE first_pos AS SELECT acc, min(m) AS m FROM revenue WHERE mrr > 0 GROUP BY acc;
CREATE OR REPLACE TEMP TABLE mv AS
WITH grid AS (
  SELECT a.acc, g.m, coalesce(r.mrr, 0) AS cur
  FROM accounts a CROSS JOIN range(${M - 12}, ${M + 1}) g(m)
  LEFT JOIN revenue r ON r.acc = a.acc AND r.m = g.m),
lagged AS (SELECT acc, m, cur, lag(cur) OVER (PARTITION BY acc ORDER BY m) AS prev FROM grid)
SELECT l.acc, l.m, l.cur, l.prev,
  CASE WHEN l.prev = 0 AND l.cur > 0 AND NOT coalesce(fp.m < l.m, false) THEN l.cur ELSE 0 END AS new,
  CASE WHEN l.prev = 0 AND l.cur > 0 AND coalesce(fp.m < l.m, false) THEN l.cur ELSE 0 END AS reactivation,
  CASE WHEN l.prev > 0 AND l.cur > l.prev THEN l.cur - l.prev ELSE 0 END AS expansion,
  CASE WHEN l.cur > 0 AND l.cur < l.prev THEN l.cur - l.prev ELSE 0 END AS contraction,
  CASE WHEN l.prev > 0 AND l.cur = 0 THEN -l.prev ELSE 0 END AS churn
FROM lagged l LEFT JOIN first_pos fp ON fp.acc = l.acc
WHERE l.m >= ${M - 11};
CREATE OR REPLACE TEMP TABLE rev AS
SELECT a.acc,
  coalesce(max(r.mrr) FILTER (WHERE r.m = ${M}), 0) AS mrr,
  coalesce(max(r.mrr) FILTER (WHERE r.m = ${M - 12}), 0) AS mrr_b,
  coalesce(max(r.mrr) FILTER (WHERE r.m = ${M - 3}), 0) AS mrr3
FROM accounts a LEFT JOIN revenue r ON r.acc = a.acc AND r.m IN (${M}, ${M - 12}, ${M - 3})
GROUP BY a.acc;
-- status: the last month up to M with MRR > 0 (churned in the month after it)
CREATE OR REPLACE TEMP TABLE last_paid AS
SELECT acc, max(m) AS m, arg_max(mrr, m) AS mrr FROM revenue WHERE mrr > 0 AND m <= ${M} GROUP BY acc;
CREATE OR REPLACE TEMP TABLE ctx AS
SELECT (SELECT count(*) FILTER (WHERE prev > 0 AND cur = 0) / nullif(count(*) FILTER (WHERE prev > 0), 0) FROM mv) AS mlcr,
       (SELECT count(*) > 0 FROM tickets) AS tracked;
CREATE OR REPLACE TEMP TABLE seg_median AS
SELECT a.segment, median(r.mrr) AS med FROM accounts a JOIN rev r ON r.acc = a.acc
WHERE a.segment IS NOT NULL AND r.mrr > 0 GROUP BY a.segment;

-- one wide row per account: inputs as of D (d_*) and D − 30 (p_*)
CREATE OR REPLACE TEMP TABLE base AS
SELECT a.acc, a.id, a.name, a.segment, a.started, a.renews,
  r.mrr, r.mrr_b, r.mrr3, lp.m AS last_paid_m, lp.mrr AS last_paid_mrr,
  x.expansion, ctx.mlcr, ctx.tracked, sm.med AS seg_med,
  ud.dau, ud.wau, ud.mau, ud.sum30, ud.sump30, ud.min30, up.mau AS p_mau, up.sum30 AS p_sum30, up.sump30 AS p_sump30,
  coalesce(ud.sum30, 0) / 30 AS avg30,
  CASE WHEN coalesce(ud.mau, 0) = 0 THEN NULL ELSE (coalesce(ud.sum30, 0) / 30) / ud.mau END AS d_st,
  CASE WHEN a.seats IS NULL OR a.seats = 0 THEN NULL ELSE coalesce(ud.mau, 0) / a.seats END AS d_su,
  CASE WHEN coalesce(ud.sump30, 0) = 0 THEN NULL ELSE (coalesce(ud.sum30, 0) / 30) / (ud.sump30 / 30) - 1 END AS d_uc,
  CASE WHEN coalesce(up.mau, 0) = 0 THEN NULL ELSE (coalesce(up.sum30, 0) / 30) / up.mau END AS p_st,
  CASE WHEN a.seats IS NULL OR a.seats = 0 THEN NULL ELSE coalesce(up.mau, 0) / a.seats END AS p_su,
  CASE WHEN coalesce(up.sump30, 0) = 0 THEN NULL ELSE (coalesce(up.sum30, 0) / 30) / (up.sump30 / 30) - 1 END AS p_uc,
  ${mc === 0 ? 'NULL' : `coalesce(j.n_d, 0) / ${mc}`} AS d_journey,
  ${mc === 0 ? 'NULL' : `coalesce(j.n_p, 0) / ${mc}`} AS p_journey,
  j.fv_day,
  CASE WHEN coalesce(b.n_avail, 0) = 0 THEN NULL WHEN coalesce(ac.n, 0) = 0 THEN 0
       ELSE b.n_used / b.n_avail END AS breadth,
  ch.acc IS NOT NULL AS champion_inactive,
  coalesce(dm.n, 0) AS demand_users,
  CASE WHEN coalesce(sd.nps_n, 0) = 0 THEN NULL ELSE (100 * (sd.prom - sd.detr)) / sd.nps_n END AS d_nps,
  CASE WHEN coalesce(sd.csat_n, 0) = 0 THEN NULL ELSE sd.csat_sat / sd.csat_n END AS d_csat,
  CASE WHEN coalesce(sp.nps_n, 0) = 0 THEN NULL ELSE (100 * (sp.prom - sp.detr)) / sp.nps_n END AS p_nps,
  CASE WHEN coalesce(sp.csat_n, 0) = 0 THEN NULL ELSE sp.csat_sat / sp.csat_n END AS p_csat,
  coalesce(sd.nps_n, 0) AS nps_n, coalesce(sd.prom, 0) AS prom, coalesce(sd.detr, 0) AS detr,
  coalesce(sd.csat_n, 0) AS csat_n, coalesce(sd.csat_sat, 0) AS csat_sat,
  coalesce(sd.recent_detr, 0) AS recent_detr,
  coalesce(td.open_tickets, 0) AS open_tickets, coalesce(td.open_urgent, 0) AS d_open_urgent,
  coalesce(td.tickets30, 0) AS d_tickets30, coalesce(td.prior, 0) AS prior, td.mfrh, td.mrh,
  coalesce(tp.open_urgent, 0) AS p_open_urgent, coalesce(tp.tickets30, 0) AS p_tickets30
FROM accounts a
CROSS JOIN ctx
JOIN rev r ON r.acc = a.acc
LEFT JOIN last_paid lp ON lp.acc = a.acc
LEFT JOIN (SELECT acc, sum(expansion) AS expansion FROM mv GROUP BY acc) x ON x.acc = a.acc
LEFT JOIN seg_median sm ON sm.segment = a.segment
LEFT JOIN u_at ud ON ud.acc = a.acc AND ud.k = 0
LEFT JOIN u_at up ON up.acc = a.acc AND up.k = 1
LEFT JOIN journey j ON j.acc = a.acc
LEFT JOIN breadth b ON b.acc = a.acc
LEFT JOIN active ac ON ac.acc = a.acc
LEFT JOIN champions ch ON ch.acc = a.acc
LEFT JOIN demand dm ON dm.acc = a.acc
LEFT JOIN sv sd ON sd.acc = a.acc AND sd.k = 0
LEFT JOIN sv sp ON sp.acc = a.acc AND sp.k = 1
LEFT JOIN tk td ON td.acc = a.acc AND td.k = 0
LEFT JOIN tk tp ON tp.acc = a.acc AND tp.k = 1;

CREATE OR REPLACE TEMP TABLE comps AS
SELECT *, ${componentsSql(p, 'd')}, ${componentsSql(p, 'p')} FROM base;
CREATE OR REPLACE TEMP TABLE scored AS
SELECT *, ${scoreSql(p, 'd')} AS score, ${scoreSql(p, 'p')} AS p_score FROM comps;
CREATE OR REPLACE TEMP TABLE acct AS
SELECT *, ${bandSql(p, 'score')} AS band FROM scored;
`;
  const accountsQuery = `
SELECT s.id, s.name, s.mrr, s.mrr_b,
  CASE WHEN s.last_paid_m IS NULL THEN 'not-yet-paying' WHEN s.last_paid_m = ${M} THEN 'active' ELSE 'churned' END AS status,
  CASE WHEN s.last_paid_m < ${M} THEN s.last_paid_m + 1 END AS churned_in,
  CASE WHEN s.last_paid_m < ${M} THEN s.last_paid_mrr END AS last_mrr,
  CASE WHEN s.mrr_b = 0 THEN NULL ELSE s.mrr / s.mrr_b END AS nrr,
  coalesce(s.expansion, 0)::DOUBLE AS expansion,
  CASE WHEN s.mlcr IS NULL OR s.mlcr = 0 THEN NULL ELSE s.mrr * ${num(s.grossMargin)} / s.mlcr END AS ltv,
  s.renews - ${D} AS renews_in,
  CASE WHEN s.started IS NULL OR s.fv_day IS NULL OR s.fv_day > ${D} THEN NULL ELSE s.fv_day - s.started END AS ttv,
  s.d_journey AS journey,
  coalesce(s.dau, 0) AS dau, coalesce(s.wau, 0) AS wau, coalesce(s.mau, 0) AS mau, s.avg30,
  s.d_st AS stickiness, s.d_su AS seat_util, s.d_uc AS usage_change,
  CASE WHEN coalesce(s.sum30, 0) = 0 THEN NULL ELSE s.min30 / s.sum30 END AS mpau,
  ad.fa, s.breadth, h.heatmap,
  s.d_nps AS nps, s.d_csat AS csat,
  s.open_tickets::INTEGER AS open_tickets, s.d_open_urgent::INTEGER AS open_urgent,
  s.d_tickets30::INTEGER AS tickets30, s.mfrh, s.mrh,
  s.score, s.band,
  CASE WHEN s.score IS NULL OR s.p_score IS NULL THEN NULL ELSE s.score - s.p_score END AS delta30,
  s.d_engagement, s.d_adoption, s.d_satisfaction, s.d_support, s.d_trend,
  CASE WHEN s.d_uc <= ${num(p.leDecline)} THEN CASE WHEN s.d_uc <= ${num(p.leDeclineHigh)} THEN 'high' ELSE 'medium' END END AS sig1,
  CASE WHEN s.champion_inactive THEN 'high' END AS sig2,
  CASE WHEN s.recent_detr > 0 THEN 'medium' END AS sig3,
  CASE WHEN s.d_tickets30 >= ${s.ticketSpikeMin} AND 3 * s.d_tickets30 >= ${num(s.ticketSpikeFactor)} * s.prior THEN 'medium' END AS sig4,
  CASE WHEN s.renews - ${D} > 0 AND s.renews - ${D} <= ${s.renewalDays} AND coalesce(s.band, '') <> 'green'
       THEN CASE WHEN s.band = 'red' THEN 'high' ELSE 'medium' END END AS sig5,
  CASE WHEN s.mrr > 0 AND s.mrr < s.mrr3 THEN 'medium' END AS sig6,
  CASE WHEN s.breadth < ${num(p.ltLowAdoption)} AND ${D} - s.started > ${s.lowAdoptionAgeDays} THEN 'low' END AS sig7,
  CASE WHEN s.d_su >= ${num(p.geSeatLimit)} THEN CASE WHEN s.d_su >= ${num(p.geSeatLimitHigh)} THEN 'high' ELSE 'medium' END END AS sig8,
  CASE WHEN s.d_uc >= ${num(p.geUsageGrowth)} THEN 'low' END AS sig9,
  CASE WHEN s.d_nps >= ${num(p.gePromoterNps)} AND s.nps_n >= ${s.promoterResponses} AND s.band = 'green' THEN 'low' END AS sig10,
  CASE WHEN s.d_su >= ${num(p.gePlanHeadroom)} AND s.segment IS NOT NULL AND s.seg_med IS NOT NULL AND s.mrr < s.seg_med THEN 'low' END AS sig11,
  CASE WHEN s.demand_users >= ${s.featureDemandUsers} THEN 'medium' WHEN s.demand_users > 0 THEN 'low' END AS sig12
FROM acct s JOIN heat h ON h.acc = s.acc JOIN adoption ad ON ad.acc = s.acc
ORDER BY s.acc`;
  const portfolioQuery = `
WITH agg AS (
  SELECT count(*)::INTEGER AS accounts,
    count(*) FILTER (WHERE mrr > 0)::INTEGER AS paying,
    sum(mrr) AS mrr,
    sum(mrr_b) FILTER (WHERE mrr_b > 0) AS base,
    sum(mrr) FILTER (WHERE mrr_b > 0) AS now,
    sum(least(mrr, mrr_b)) FILTER (WHERE mrr_b > 0) AS kept,
    count(*) FILTER (WHERE mrr_b > 0) AS cohort,
    count(*) FILTER (WHERE mrr_b > 0 AND mrr = 0) AS lost,
    sum(prom) AS prom, sum(detr) AS detr, sum(nps_n) AS nps_n, sum(csat_sat) AS csat_sat, sum(csat_n) AS csat_n,
    sum(avg30) AS sum_avg30, sum(coalesce(mau, 0)) AS sum_mau,
    median(CASE WHEN started BETWEEN ${from12} AND ${D} AND started IS NOT NULL AND fv_day IS NOT NULL
                AND fv_day <= ${D} THEN fv_day - started END) AS ttv,
    count(*) FILTER (WHERE band = 'green')::INTEGER AS green,
    count(*) FILTER (WHERE band = 'yellow')::INTEGER AS yellow,
    count(*) FILTER (WHERE band = 'red')::INTEGER AS red,
    count(*) FILTER (WHERE band IS NULL)::INTEGER AS unknown,
    any_value(mlcr) AS mlcr
  FROM acct),
cac AS (SELECT avg(acq_cost) AS cac FROM accounts
        WHERE acq_cost IS NOT NULL AND started BETWEEN ${from12} AND ${D}),
cyc AS (SELECT avg(deal_closed - deal_created) AS cycle FROM accounts
        WHERE deal_created IS NOT NULL AND deal_closed BETWEEN ${from12} AND ${D}),
mov AS (SELECT list({'m': m, 'new': n, 'expansion': e, 'contraction': c, 'churn': ch, 'reactivation': re} ORDER BY m) AS movements
        FROM (SELECT m, sum(new) AS n, sum(expansion) AS e, sum(contraction) AS c, sum(churn) AS ch,
                     sum(reactivation) AS re FROM mv GROUP BY m))
SELECT agg.*, cac.cac, cyc.cycle, mov.movements FROM agg, cac, cyc, mov`;
  // ttvTrend: the portfolio median ttv as of each trend day, over the accounts started in its 12 months.
  const ttvTrendQuery = `
SELECT t.i, median(CASE WHEN a.started BETWEEN t.from_day AND t.day AND a.fv_day <= t.day
                        THEN a.fv_day - a.started END) AS ttv
FROM (VALUES ${p.trendDays.map((x, i) => `(${i}, ${x.from}, ${x.day})`).join(', ')}) t(i, from_day, day)
CROSS JOIN acct a
GROUP BY t.i ORDER BY t.i`;
  return { script, accountsQuery, portfolioQuery, ttvTrendQuery };
}

type Row = Record<string, unknown>;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const n0 = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const ratio = (a: number | null, b: number | null) => {
  if (a === null || b === null || b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
};

/** The timed work: run the SQL and shape the rows into the Report JSON. */
export async function duckdbReport(db: DuckDb, asOf: string, p: AsOfParams): Promise<FixedReport> {
  const { script, accountsQuery, portfolioQuery, ttvTrendQuery } = reportSql(p, db);
  await db.conn.run(script);
  const rows = (await db.conn.runAndReadAll(accountsQuery)).getRowObjectsJS() as Row[];
  const port = (await db.conn.runAndReadAll(portfolioQuery)).getRowObjectsJS()[0] as Row;
  const ttvRows = (await db.conn.runAndReadAll(ttvTrendQuery)).getRowObjectsJS() as Row[];
  const keys = db.featureKeys;
  const accounts: FixedAccount[] = rows.map((r) => {
    const fa = r.fa as (number | null)[];
    const featureAdoption: Record<string, number | null> = {};
    for (let i = 0; i < keys.length; i++) featureAdoption[keys[i]] = n(fa[i]);
    const mrr = n0(r.mrr);
    return {
      id: r.id as string,
      name: r.name as string,
      status: r.status as FixedAccount['status'],
      churnedIn: r.churned_in === null ? null : monthString(Number(r.churned_in)),
      lastMrr: n(r.last_mrr),
      mrr,
      arr: 12 * mrr,
      nrr: n(r.nrr),
      expansionRevenue: n0(r.expansion),
      ltv: n(r.ltv),
      renewsInDays: n(r.renews_in),
      ttvDays: n(r.ttv),
      journeyCompletion: n(r.journey),
      usage: {
        dau: n0(r.dau),
        wau: n0(r.wau),
        mau: n0(r.mau),
        avgDau30: n0(r.avg30),
        stickiness: n(r.stickiness),
        seatUtilization: n(r.seat_util),
        usageChange: n(r.usage_change),
        minutesPerActiveUser: n(r.mpau),
        featureAdoption,
        featureBreadth: n(r.breadth),
        heatmap: (r.heatmap as number[]).map(Number),
      },
      nps: n(r.nps),
      csat: n(r.csat),
      support: {
        openTickets: n0(r.open_tickets),
        openUrgent: n0(r.open_urgent),
        tickets30: n0(r.tickets30),
        medianFirstResponseHours: n(r.mfrh),
        medianResolutionHours: n(r.mrh),
      },
      health: {
        score: n(r.score),
        band: (r.band ?? null) as Band | null,
        delta30: n(r.delta30),
        components: {
          engagement: n(r.d_engagement),
          adoption: n(r.d_adoption),
          satisfaction: n(r.d_satisfaction),
          support: n(r.d_support),
          trend: n(r.d_trend),
        },
      },
      signals: signalList([
        r.sig1,
        r.sig2,
        r.sig3,
        r.sig4,
        r.sig5,
        r.sig6,
        r.sig7,
        r.sig8,
        r.sig9,
        r.sig10,
        r.sig11,
        r.sig12,
      ] as (string | null)[]),
    };
  });
  const mrr = n0(port.mrr);
  const paying = n0(port.paying);
  const arpa = ratio(mrr, paying);
  const mlcr = n(port.mlcr);
  const ltv =
    arpa === null || mlcr === null || mlcr === 0 ? null : ratio(arpa * p.settings.grossMargin, mlcr);
  const cac = n(port.cac);
  const logoChurn = ratio(n0(port.lost), n0(port.cohort));
  const movements = (port.movements as Row[]).map((m) => {
    const mv = {
      month: monthString(Number(m.m)),
      new: n0(m.new),
      expansion: n0(m.expansion),
      contraction: n0(m.contraction),
      churn: n0(m.churn),
      reactivation: n0(m.reactivation),
      net: 0,
    };
    mv.net = mv.new + mv.expansion + mv.contraction + mv.churn + mv.reactivation;
    return mv;
  });
  return {
    asOf,
    currency: db.currency,
    portfolio: {
      accounts: n0(port.accounts),
      payingAccounts: paying,
      mrr,
      arr: 12 * mrr,
      arpa,
      nrr: ratio(n(port.now), n(port.base)),
      grr: ratio(n(port.kept), n(port.base)),
      logoChurnRate: logoChurn,
      logoRetentionRate: logoChurn === null ? null : 1 - logoChurn,
      monthlyLogoChurnRate: mlcr,
      expansionRevenue: movements.reduce((s, m) => s + m.expansion, 0),
      movements,
      ltv,
      cac,
      ltvToCac: ltv === null ? null : ratio(ltv, cac),
      salesCycleDays: n(port.cycle),
      nps: n0(port.nps_n) === 0 ? null : (100 * (n0(port.prom) - n0(port.detr))) / n0(port.nps_n),
      csat: ratio(n0(port.csat_sat), n0(port.csat_n)),
      dauMau: ratio(n0(port.sum_avg30), n0(port.sum_mau)),
      ttvDays: n(port.ttv),
      health: {
        green: n0(port.green),
        yellow: n0(port.yellow),
        red: n0(port.red),
        unknown: n0(port.unknown),
      },
      trends: {
        ttvTrend: p.trendDays.map((x, i) => ({ asOf: x.asOf, month: x.month, value: n(ttvRows[i].ttv) })),
      },
    },
    accounts,
  };
}

export async function closeDuckDb(db: DuckDb) {
  db.conn.closeSync();
  db.instance.closeSync();
}
