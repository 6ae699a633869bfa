/**
 * The events rollup (CONNECTORS.md, "Product usage: events"): from the adapters' one event model
 * to usage rows, users and the data-quality counts. It is SQL, run by the engine that holds the
 * events (DuckDB over export files, PostgreSQL over a table): no event passes through JS. Only
 * the distinct group keys and e-mail addresses come to JS, to be matched by the pipeline's one
 * resolver (`SourceContext.match`), and go back as two small tables.
 *
 * The model (the temporary table `hb_x` an adapter fills, one row per message read):
 *   mid (message id), uid (user id; null = anonymous), kind (`active` | `traits` | `group` |
 *   `other`), gkey (the group key: a `group` call's, or an active event's own), event (name),
 *   ts_ms (epoch ms, UTC; null when refused), tsbad (`zoneless` | `invalid` when refused), raw_ts
 *   (the timestamp as read: needed for refused ones only, an adapter may leave the others null),
 *   email, name, title, champ (traits of a `traits` call), sid (PostHog `$session_id`), file
 *   (the export file it came from; null for a table).
 *
 * Choices where the contract is silent:
 * - Of repeated message ids the copy with the earliest timestamp is kept (ties: by kind, user,
 *   group, event); messages without an id are all kept.
 * - At one timestamp, group and traits calls come before active events ("at or before"); of two
 *   calls at one timestamp, the one whose value sorts last (code points) is the latest.
 * - `read` counts messages up to the end of `dataThrough` plus the refused ones; `attached` counts
 *   the active events attributed to an account after de-duplication.
 * - A user is reported once (unmatched or ambiguous) when some of their active events could not
 *   be attributed, with the reason of the latest such event.
 * - Sessions, minutes and trailing windows are computed in integer milliseconds and day numbers;
 *   minutes are the session milliseconds summed per day, divided by 60,000 once.
 * - WAU/MAU: each user's active days in an account become intervals [day, day + N), merged where
 *   they overlap or touch, so a trailing distinct count is a running sum of +1/−1 at the merged
 *   intervals' ends: a +1 only where the previous active day is N or more days before, a −1 only
 *   where the next one is not within N days — never one row per user-day and window day.
 *
 * Incremental runs (CONNECTORS.md, "Scale"): a `carry` stands in for the days read before; see
 * carry.ts.
 */
import { dayNumber } from '../../metrics/dates';
import { companyEmailDomain, normaliseDomain } from '../domains';
import type { Match } from '../resolve';
import type { Identity, LeftOut, SourceOutput } from '../types';
import { byCodePoint, type Carry, type CarryUser, columns, loadCarry, TRAITS } from './carry';
import { type Cell, type SqlEngine, sqlString } from './engine';
import { num, sourceRows, str } from './output';
import { directUsageSql, intervalUsageSql, type UsageRowSql } from './usage-sql';

export interface RollupOptions {
  /** The source's name (report examples). */
  source: string;
  /** The last day read (`dataThrough`). */
  asOf: string;
  /** Event name → feature key. */
  features: Readonly<Record<string, string>>;
  /** Champion values, as text (`String(value)`). */
  championValues: readonly string[];
  /** The pipeline's resolver (accounts as the earlier sources left them). */
  match: (identity: Identity) => Match;
  /** The previous run's carry, when it may continue (see `usableCarry`): only later days are read. */
  carry?: Carry;
  /** Identifies the config the carry is valid for. */
  fingerprint: string;
  /** File sources: the files' manifest to keep in the carry. */
  files?: Carry['files'];
}

const DAY_MS = 86_400_000;
const SESSION_GAP_MS = 30 * 60_000;
/** An incremental run of at most this many new days counts its windows directly (step 5). */
const DIRECT_DAYS = 7;
/** An epoch ms after every event (year 2255): the open end of a user's last interval. */
const NEVER = 9_000_000_000_000;

/** The day number of an epoch-ms expression (exact: epoch ms fit a double). */
const dayOf = (ms: string) => `CAST(floor(CAST(${ms} AS DOUBLE PRECISION) / ${DAY_MS}) AS INTEGER)`;

/** Runs the rollup over `hb_x` (filled by an adapter) and turns its results into the source output. */
export async function rollup(db: SqlEngine, o: RollupOptions): Promise<SourceOutput> {
  const t = db.dialect.textOrder;
  const latest = db.dialect.argMax;
  const asOfDay = dayNumber(o.asOf);
  const endMs = (asOfDay + 1) * DAY_MS;
  const carry = o.carry;
  const fromDay = carry ? dayNumber(carry.lastDay) + 1 : null;
  const startMs = fromDay === null ? null : fromDay * DAY_MS;
  const leftOut: LeftOut[] = [];
  // Only what this run reads: up to the end of asOf, and after the carry's last day.
  const inRun = `(ts_ms < ${endMs}${startMs === null ? '' : ` AND ts_ms >= ${startMs}`})`;

  // 1. What was read and refused.
  const [counts] = await db.all<{ read: number; zoneless: number; invalid: number }>(`
    SELECT CAST(count(*) AS INTEGER) AS read,
      CAST(count(CASE WHEN tsbad = 'zoneless' THEN 1 END) AS INTEGER) AS zoneless,
      CAST(count(CASE WHEN tsbad = 'invalid' THEN 1 END) AS INTEGER) AS invalid
    FROM hb_x WHERE ts_ms IS NULL OR ${inRun}`);
  for (const [reason, bad] of [
    ['zonelessTimestamp', 'zoneless'],
    ['invalid', 'invalid'],
  ] as const) {
    const n = num(counts[bad]);
    if (n === 0) continue;
    const ex = await db.all<{ mid: Cell; raw_ts: Cell }>(
      `SELECT mid, raw_ts FROM hb_x WHERE tsbad = '${bad}' ORDER BY ${t('mid')}, ${t('raw_ts')} LIMIT 5`,
    );
    ex.forEach((e, i) => {
      leftOut.push({
        reason,
        sourceId: str(e.mid) ?? '(no message id)',
        why:
          bad === 'zoneless'
            ? `timestamp "${str(e.raw_ts)}" has no time zone`
            : `timestamp ${e.raw_ts === null ? 'missing' : `"${str(e.raw_ts)}" is not a date and time`}`,
        count: i === ex.length - 1 ? n - i : 1,
      });
    });
  }

  // 2. Repeated message ids count once; anonymous messages are counted and ignored. `hb_x`
  //    becomes `hb_e` in place (deleting the few rows that go costs less than copying the rest):
  //    what this run does not read, then every copy of a repeated id but its first.
  const cols = 'mid, uid, kind, gkey, event, ts_ms, email, name, title, champ, sid';
  const rid = db.dialect.rowId;
  await db.exec(`DELETE FROM hb_x WHERE ts_ms IS NULL OR NOT ${inRun}`);
  // Most ids are unique: only the repeated ones are sorted to pick their first copy.
  await db.exec(`
    DELETE FROM hb_x WHERE ${rid} IN (
      SELECT r FROM (
        SELECT x.${rid} AS r,
          row_number() OVER (
            PARTITION BY x.mid ORDER BY x.ts_ms, ${t('x.kind')}, ${t('x.uid')}, ${t('x.gkey')}, ${t('x.event')}
          ) AS rn
        FROM hb_x x JOIN (
          SELECT mid FROM hb_x WHERE mid IS NOT NULL GROUP BY mid HAVING count(*) > 1
        ) dup ON dup.mid = x.mid
      ) d WHERE rn > 1
    )`);
  await db.exec('ALTER TABLE hb_x RENAME TO hb_e');
  await db.analyze('hb_e');
  const [anon] = await db.all<{ n: number }>(
    `SELECT CAST(count(*) AS INTEGER) AS n FROM hb_e WHERE uid IS NULL`,
  );
  if (num(anon.n) > 0) {
    const ex = await db.all<{ mid: Cell }>(
      `SELECT mid FROM hb_e WHERE uid IS NULL ORDER BY ${t('mid')} LIMIT 5`,
    );
    ex.forEach((e, i) => {
      leftOut.push({
        reason: 'anonymous',
        sourceId: str(e.mid) ?? '(no message id)',
        why: 'no user id (anonymous)',
        count: i === ex.length - 1 ? num(anon.n) - i : 1,
      });
    });
  }

  // The carry: the latest group call and traits as calls at their time; the rest as tables.
  await loadCarry(db, carry);
  await db.exec(`
    INSERT INTO hb_e (${cols})
    SELECT NULL, uid, CASE WHEN f = 'group' THEN 'group' ELSE 'traits' END,
      CASE WHEN f = 'group' THEN v END, NULL, ts_ms,
      CASE WHEN f = 'email' THEN v END, CASE WHEN f = 'name' THEN v END,
      CASE WHEN f = 'title' THEN v END, CASE WHEN f = 'champ' THEN v END, NULL
    FROM hb_c_traits`);

  // 3. Identities to the resolver: group keys (explicit only) and e-mail addresses (domains).
  const keys = await db.all<{ k: string }>(
    `SELECT DISTINCT gkey AS k FROM hb_e WHERE uid IS NOT NULL AND gkey IS NOT NULL AND kind IN ('active', 'group')`,
  );
  const keyRows: Cell[][] = [];
  for (const { k } of keys) {
    const m = o.match({ explicitId: k, explicitOnly: true });
    if (m.kind === 'account') keyRows.push([k, m.id]);
  }
  await db.load('hb_keymap', columns('gkey TEXT, acc TEXT'), keyRows);
  const emails = await db.all<{ em: string }>(
    `SELECT DISTINCT email AS em FROM hb_e WHERE uid IS NOT NULL AND kind = 'traits' AND email IS NOT NULL`,
  );
  const emailRows: Cell[][] = [];
  for (const { em } of emails) {
    const domain = normaliseDomain(em);
    const company = companyEmailDomain(em);
    if (domain === null || !em.includes('@')) {
      emailRows.push([em, null, 'unmatched', `e-mail "${em}" has no domain`]);
      continue;
    }
    if (company === null) {
      emailRows.push([em, null, 'unmatched', `no group, and the e-mail domain ${domain} is free-mail`]);
      continue;
    }
    const m = o.match({ domains: [company] });
    if (m.kind === 'account') emailRows.push([em, m.id, null, null]);
    else if (m.kind === 'ambiguous')
      emailRows.push([em, null, 'ambiguous', `no group, and accounts ${m.ids.join(', ')} claim ${company}`]);
    else emailRows.push([em, null, 'unmatched', `no group, and no account has the domain ${company}`]);
  }
  await db.load('hb_emailmap', columns('email TEXT, acc TEXT, reason TEXT, why TEXT'), emailRows);
  await db.load('hb_fmap', columns('event TEXT, fkey TEXT'), Object.entries(o.features));

  // 4. Each active event's account: its own group, else the latest group call at or before it,
  //    else the domain of the latest e-mail at or before it. A user's group calls (and e-mails)
  //    become intervals [from, to) between changes, so an event finds its call by a join on the
  //    user and its time — no sort of the events (a window over them would be the rollup's
  //    largest cost). At one time, the call that sorts last by value is the latest.
  for (const [table, kind, col] of [
    ['hb_g', 'group', 'gkey'],
    ['hb_m', 'traits', 'email'],
  ] as const) {
    await db.exec(`
      CREATE TEMP TABLE ${table} AS
      SELECT uid, v, t0, COALESCE(LEAD(t0) OVER (PARTITION BY uid ORDER BY t0, ${t('v')}), ${NEVER}) AS t1 FROM (
        SELECT uid, v, t0, LAG(v) OVER (PARTITION BY uid ORDER BY t0, ${t('v')}) AS pv FROM (
          SELECT uid, ${col} AS v, ts_ms AS t0 FROM hb_e WHERE kind = '${kind}' AND uid IS NOT NULL AND ${col} IS NOT NULL
        ) c
      ) d WHERE pv IS NULL OR pv <> v`);
    await db.analyze(table);
  }
  // Events with their own group need neither interval join (the e-mail only matters without a
  // group). Attributed events stay in `hb_a`; `hb_act` is a view of them (a filtered scan costs
  // less than a copy). Why an event is left out is worked out for those events only.
  await db.exec(`
    CREATE TEMP TABLE hb_a AS
    WITH c AS (
      SELECT uid, ts_ms, ${dayOf('ts_ms')} AS day, event, sid, gkey AS k, CAST(NULL AS TEXT) AS lem
      FROM hb_e WHERE kind = 'active' AND uid IS NOT NULL AND gkey IS NOT NULL
      UNION ALL
      SELECT e.uid, e.ts_ms, ${dayOf('e.ts_ms')}, e.event, e.sid, g.v, m.v
      FROM hb_e e
      LEFT JOIN hb_g g ON g.uid = e.uid AND g.t0 <= e.ts_ms AND g.t1 > e.ts_ms
      LEFT JOIN hb_m m ON m.uid = e.uid AND m.t0 <= e.ts_ms AND m.t1 > e.ts_ms
      WHERE e.kind = 'active' AND e.uid IS NOT NULL AND e.gkey IS NULL
    )
    SELECT c.uid, c.ts_ms, c.day, c.event, c.sid, c.k, c.lem,
      CASE WHEN c.k IS NOT NULL THEN km.acc ELSE em.acc END AS acc
    FROM c
    LEFT JOIN hb_keymap km ON km.gkey = c.k
    LEFT JOIN hb_emailmap em ON em.email = c.lem`);
  await db.analyze('hb_a');
  await db.exec(`
    CREATE TEMP VIEW hb_act AS SELECT uid, acc, ts_ms, day, event, sid FROM hb_a WHERE acc IS NOT NULL`);

  const [att] = await db.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM hb_act`);
  const unmatched = await db.all<{ uid: string; reason: string; why: string }>(`
    SELECT uid, reason, why FROM (
      SELECT uid, reason, why, row_number() OVER (PARTITION BY uid ORDER BY ts_ms DESC, ${t('why')}) AS rn
      FROM (
        SELECT a.uid, a.ts_ms,
          CASE WHEN a.k IS NOT NULL OR a.lem IS NULL THEN 'unmatched' ELSE em.reason END AS reason,
          CASE WHEN a.k IS NOT NULL THEN 'group key "' || a.k || '" names no account'
            WHEN a.lem IS NULL THEN 'no group and no e-mail' ELSE em.why END AS why
        FROM hb_a a LEFT JOIN hb_emailmap em ON em.email = a.lem
        WHERE a.acc IS NULL
      ) u
    ) r WHERE rn = 1 ORDER BY ${t('uid')}`);
  for (const u of unmatched) {
    leftOut.push({
      reason: u.reason === 'ambiguous' ? 'ambiguous' : 'unmatched',
      sourceId: u.uid,
      why: u.why,
    });
  }

  // 5. Usage rows. User-days (this run's and the carry's) and sessions (this run's events and the
  //    carry's open sessions) as tables.
  await db.exec(`
    CREATE TEMP TABLE hb_ud AS
    SELECT acc, uid, day FROM hb_act UNION SELECT acc, uid, day FROM hb_c_days`);
  await db.analyze('hb_ud');
  // Sessions by the 30-minute rule: one sort of a user's events (LAG and LEAD under one window)
  // marks each session's first and last event; only those marks are sorted again to pair them.
  // A carried open session is one event at its last time that brings its first time (`f_ms`)
  // and its minutes so far (`base`). Sessions with a PostHog id are a grouping by it. (The two
  // read their events each on their own: a shared CTE would be materialised, a copy of them all.)
  await db.exec(`
    CREATE TEMP TABLE hb_ss AS
    WITH o AS (
      SELECT uid, acc, ts_ms, f_ms, base, LAG(ts_ms) OVER w AS pv, LEAD(ts_ms) OVER w AS nx
      FROM (
        SELECT uid, acc, ts_ms, ts_ms AS f_ms, 0 AS base FROM hb_act WHERE sid IS NULL
        UNION ALL SELECT uid, acc, last_ms, first_ms, last_ms - first_ms FROM hb_c_tails WHERE sid IS NULL
      ) ev
      WINDOW w AS (PARTITION BY uid, acc ORDER BY ts_ms)
    ), b AS (
      SELECT uid, acc, ts_ms, f_ms, base, st, en,
        LEAD(ts_ms) OVER (PARTITION BY uid, acc ORDER BY ts_ms, en) AS nt
      FROM (
        SELECT uid, acc, ts_ms, f_ms, base,
          pv IS NULL OR ts_ms - pv > ${SESSION_GAP_MS} AS st, nx IS NULL OR nx - ts_ms > ${SESSION_GAP_MS} AS en
        FROM o
      ) m WHERE st OR en
    ), s AS (
      SELECT uid, acc, CAST(NULL AS TEXT) AS sid, f_ms AS first_ms,
        CASE WHEN en THEN ts_ms ELSE nt END AS last_ms, base
      FROM b WHERE st
      UNION ALL
      SELECT uid, acc, sid, MIN(f_ms), MAX(ts_ms), MAX(base) FROM (
        SELECT uid, acc, sid, ts_ms, ts_ms AS f_ms, 0 AS base FROM hb_act WHERE sid IS NOT NULL
        UNION ALL SELECT uid, acc, sid, last_ms, first_ms, last_ms - first_ms FROM hb_c_tails WHERE sid IS NOT NULL
      ) evs GROUP BY uid, acc, sid
    )
    SELECT uid, acc, sid, ${dayOf('first_ms')} AS day, first_ms, last_ms, last_ms - first_ms AS dur, base FROM s`);
  await db.analyze('hb_ss');
  const [span] = await db.all<{ first: Cell }>(`SELECT CAST(MIN(day) AS INTEGER) AS first FROM hb_ud`);
  const firstDay = span.first === null ? asOfDay + 1 : num(span.first);
  // A run of a few new days after a carry counts each new day's distinct users directly: a
  // user-day meets at most `DIRECT_DAYS` days, and the windows' running sums over the carry's 29
  // days (each user-day's intervals, the grid of every account and day) are not needed. The
  // numbers are the same (a trailing distinct count either way).
  const direct = fromDay !== null && asOfDay - fromDay < DIRECT_DAYS;
  const usage = await db.all<UsageRowSql>(
    direct ? directUsageSql(fromDay, asOfDay, t) : intervalUsageSql(fromDay, firstDay, asOfDay, t),
  );
  // Open sessions of the carry that went on: the minutes they gained, on the day they started.
  const gained =
    fromDay === null
      ? []
      : await db.all<{ acc: string; day: number; ms: number }>(`
    SELECT acc, CAST(day AS INTEGER) AS day, CAST(SUM(dur - base) AS DOUBLE PRECISION) AS ms
    FROM hb_ss WHERE day < ${fromDay} GROUP BY acc, day HAVING SUM(dur - base) > 0`);

  // 6. Users: seen days and account from their attributed active events; traits from the latest
  //    call carrying each; features from the mapped event names (with the carry's).
  await db.exec(`
    CREATE TEMP TABLE hb_seen AS
    SELECT uid, MIN(first) AS first, MAX(last) AS last, ${latest('acc', ['ts_ms', t('acc')])} AS acc,
      MAX(ts_ms) AS ts_ms
    FROM (
      SELECT uid, day AS first, day AS last, acc, ts_ms FROM hb_act
      UNION ALL SELECT uid, first, last, acc, last_ms FROM hb_c_users WHERE acc IS NOT NULL
    ) x GROUP BY uid`);
  await db.analyze('hb_seen');
  await db.exec(`
    CREATE TEMP TABLE hb_tr AS
    SELECT uid, f, ${latest('v', ['ts_ms', t('v')])} AS v, MAX(ts_ms) AS ts_ms FROM (
      SELECT uid, 'email' AS f, email AS v, ts_ms FROM hb_e WHERE kind = 'traits' AND email IS NOT NULL
      UNION ALL SELECT uid, 'name', name, ts_ms FROM hb_e WHERE kind = 'traits' AND name IS NOT NULL
      UNION ALL SELECT uid, 'title', title, ts_ms FROM hb_e WHERE kind = 'traits' AND title IS NOT NULL
      UNION ALL SELECT uid, 'champ', champ, ts_ms FROM hb_e WHERE kind = 'traits' AND champ IS NOT NULL
      UNION ALL SELECT uid, 'group', gkey, ts_ms FROM hb_e WHERE kind = 'group' AND gkey IS NOT NULL
    ) u WHERE uid IS NOT NULL GROUP BY uid, f`);
  await db.analyze('hb_tr');
  // One row per user (`CarryUser`): seen days and account, the latest traits with their times,
  // each feature's last day (a column per feature key): the output's users and the next carry's.
  const featureKeys = [...new Set([...Object.values(o.features), ...(carry?.featureKeys ?? [])])].sort(
    byCodePoint,
  );
  const dbl = (e: string) => `CAST(${e} AS DOUBLE PRECISION)`;
  const userCols = [
    'ids.uid',
    'CAST(s.first AS INTEGER) AS first',
    'CAST(s.last AS INTEGER) AS last',
    `${dbl('s.ts_ms')} AS last_ms`,
    's.acc',
    ...TRAITS.flatMap((f) => [`tr.${f}_v`, `${dbl(`tr.${f}_ms`)} AS ${f}_ms`]),
    ...featureKeys.map((_, i) => `CAST(fe.f${i} AS INTEGER) AS f${i}`),
  ];
  const userObjects = await db.all<Record<string, Cell>>(`
    WITH tr AS (
      SELECT uid, ${TRAITS.map(
        (f) =>
          `MAX(CASE WHEN f = ${sqlString(f)} THEN v END) AS ${f}_v, MAX(CASE WHEN f = ${sqlString(f)} THEN ts_ms END) AS ${f}_ms`,
      ).join(', ')}
      FROM hb_tr GROUP BY uid
    ), fe AS (
      SELECT uid${featureKeys.map((k, i) => `, MAX(CASE WHEN fkey = ${sqlString(k)} THEN day END) AS f${i}`).join('')}
      FROM (
        SELECT a.uid, m.fkey, a.day FROM hb_act a JOIN hb_fmap m ON m.event = a.event
        UNION ALL SELECT uid, fkey, day FROM hb_c_features
      ) x GROUP BY uid
    ), ids AS (SELECT uid FROM hb_seen UNION SELECT uid FROM hb_tr)
    SELECT ${userCols.join(', ')}
    FROM ids LEFT JOIN hb_seen s ON s.uid = ids.uid LEFT JOIN tr ON tr.uid = ids.uid
      LEFT JOIN fe ON fe.uid = ids.uid
    ORDER BY ${t('ids.uid')}`);
  const userNames = userCols.map((c) => c.split(/ AS |\./).pop() as string);
  const users = userObjects.map((r) => userNames.map((n) => r[n]) as CarryUser);

  // 7. The next run's carry.
  const nextDays = await db.all<{ acc: string; uid: string; mask: number }>(`
    SELECT acc, uid, CAST(SUM(CAST(power(2, ${asOfDay} - day) AS INTEGER)) AS INTEGER) AS mask
    FROM hb_ud WHERE day > ${asOfDay - 29} GROUP BY acc, uid
    ORDER BY ${t('acc')}, ${t('uid')}`);
  const nextTails = await db.all<{ uid: string; acc: string; sid: Cell; first_ms: number; last_ms: number }>(`
    SELECT uid, acc, sid, CAST(first_ms AS DOUBLE PRECISION) AS first_ms,
      CAST(last_ms AS DOUBLE PRECISION) AS last_ms
    FROM hb_ss
    WHERE (sid IS NULL AND last_ms >= ${endMs - SESSION_GAP_MS})
      OR (sid IS NOT NULL AND last_ms >= ${endMs - DAY_MS})
    ORDER BY ${t('uid')}, ${t('acc')}, first_ms`);

  // Rows: the carry's up to its last day (with the minutes their sessions gained), then this run's.
  // A row that changes is checked again (`sourceRows`).
  const usageRows: Carry['usage'] = [];
  if (carry) {
    const more = new Map(gained.map((g) => [`${g.acc}\u0000${g.day}`, num(g.ms)]));
    for (const r of carry.usage) {
      const extra = more.get(`${r[0]}\u0000${r[1]}`) ?? 0;
      usageRows.push(extra === 0 ? r : [r[0], r[1], r[2], r[3], r[4], r[5] + extra, r[6], 0]);
    }
  }
  for (const u of usage)
    usageRows.push([u.acc, num(u.day), num(u.dau), num(u.wau), num(u.mau), num(u.ms), num(u.sessions), 0]);
  usageRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const rows = sourceRows(usageRows, users, featureKeys, o.championValues);
  const nextCarry: Carry = {
    version: 4,
    fingerprint: o.fingerprint,
    lastDay: o.asOf,
    files: o.files ?? {},
    usage: usageRows,
    featureKeys,
    users,
    days: nextDays.map((r) => [r.acc, r.uid, num(r.mask)]),
    tails: nextTails.map((r) => [r.uid, r.acc, str(r.sid) ?? null, num(r.first_ms), num(r.last_ms)]),
  };

  return { read: num(counts.read), attached: num(att.n), accounts: [], rows, leftOut, carry: nextCarry };
}
