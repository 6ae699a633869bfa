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
 *   ts_ms (epoch ms, UTC; null when refused), tsbad (`zoneless` | `invalid` when refused), raw_ts,
 *   email, name, title, champ (traits of a `traits` call), sid (PostHog `$session_id`).
 *
 * Choices where the contract is silent:
 * - Of repeated message ids the copy with the earliest timestamp is kept (ties: by kind, user,
 *   group, event); messages without an id are all kept.
 * - At one timestamp, group and traits calls come before active events ("at or before").
 * - `read` counts messages up to the end of `dataThrough` plus the refused ones; `attached` counts
 *   the active events attributed to an account after de-duplication.
 * - A user is reported once (unmatched or ambiguous) when some of their active events could not
 *   be attributed, with the reason of the latest such event.
 * - Sessions, minutes and trailing windows are computed in integer milliseconds and day numbers;
 *   minutes are the session milliseconds summed per day, divided by 60,000 once.
 * - WAU/MAU: each user's active days in an account become disjoint intervals [day, min(day + N,
 *   next active day)), so a trailing distinct count is a running sum of +1/−1 per interval end:
 *   two rows per user-day, never one per user-day and window day.
 */
import { dateOfDay, dayNumber } from '../../metrics/dates';
import { companyEmailDomain, normaliseDomain } from '../domains';
import type { Match } from '../resolve';
import type { Identity, LeftOut, SourceOutput, SourceRow } from '../types';
import type { Cell, SqlEngine } from './engine';

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
}

const DAY_MS = 86_400_000;
const SESSION_GAP_MS = 30 * 60_000;

const num = (v: Cell): number => Number(v);
const str = (v: Cell): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** The day number of an epoch-ms expression (exact: epoch ms fit a double). */
const dayOf = (ms: string) => `CAST(floor(CAST(${ms} AS DOUBLE PRECISION) / ${DAY_MS}) AS INTEGER)`;

/** Runs the rollup over `hb_x` (filled by an adapter) and turns its results into the source output. */
export async function rollup(db: SqlEngine, o: RollupOptions): Promise<SourceOutput> {
  const t = db.dialect.textOrder;
  const asOfDay = dayNumber(o.asOf);
  const leftOut: LeftOut[] = [];

  // 1. What was read and refused.
  const [counts] = await db.all<{ read: number; zoneless: number; invalid: number }>(`
    SELECT CAST(count(*) AS INTEGER) AS read,
      CAST(count(CASE WHEN tsbad = 'zoneless' THEN 1 END) AS INTEGER) AS zoneless,
      CAST(count(CASE WHEN tsbad = 'invalid' THEN 1 END) AS INTEGER) AS invalid
    FROM hb_x`);
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

  // 2. Repeated message ids count once; anonymous messages are counted and ignored.
  const cols = 'mid, uid, kind, gkey, event, ts_ms, email, name, title, champ, sid';
  await db.exec(`
    CREATE TEMP TABLE hb_e AS
    SELECT ${cols}, ${dayOf('ts_ms')} AS day FROM (
      SELECT DISTINCT ON (mid) ${cols} FROM hb_x WHERE ts_ms IS NOT NULL AND mid IS NOT NULL
      ORDER BY mid, ts_ms, ${t('kind')}, ${t('uid')}, ${t('gkey')}, ${t('event')}
    ) d
    UNION ALL
    SELECT ${cols}, ${dayOf('ts_ms')} AS day FROM hb_x WHERE ts_ms IS NOT NULL AND mid IS NULL`);
  await db.exec('DROP TABLE hb_x');
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

  // 3. Identities to the resolver: group keys (explicit only) and e-mail addresses (domains).
  const keys = await db.all<{ k: string }>(
    `SELECT DISTINCT gkey AS k FROM hb_e WHERE uid IS NOT NULL AND gkey IS NOT NULL AND kind IN ('active', 'group')`,
  );
  const keyRows: Cell[][] = [];
  for (const { k } of keys) {
    const m = o.match({ explicitId: k, explicitOnly: true });
    if (m.kind === 'account') keyRows.push([k, m.id]);
  }
  await db.load(
    'hb_keymap',
    [
      ['gkey', 'TEXT'],
      ['acc', 'TEXT'],
    ],
    keyRows,
  );
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
  await db.load(
    'hb_emailmap',
    [
      ['email', 'TEXT'],
      ['acc', 'TEXT'],
      ['reason', 'TEXT'],
      ['why', 'TEXT'],
    ],
    emailRows,
  );
  await db.load(
    'hb_fmap',
    [
      ['event', 'TEXT'],
      ['fkey', 'TEXT'],
    ],
    Object.entries(o.features),
  );

  // 4. Each active event's account: its own group, else the latest group call at or before it,
  //    else the domain of the latest e-mail at or before it. Running counts number the group
  //    calls and e-mails of a user in time order; an event takes the call of its number.
  await db.exec(`
    CREATE TEMP TABLE hb_a AS
    WITH s AS (
      SELECT uid, kind, gkey, event, ts_ms, day, sid, em,
        SUM(CASE WHEN kind = 'group' THEN 1 ELSE 0 END) OVER w AS gs,
        SUM(CASE WHEN em IS NOT NULL THEN 1 ELSE 0 END) OVER w AS es
      FROM (
        SELECT uid, kind, gkey, event, ts_ms, day, sid,
          CASE WHEN kind = 'traits' THEN email END AS em
        FROM hb_e
        WHERE uid IS NOT NULL AND (kind = 'active' OR (kind = 'group' AND gkey IS NOT NULL)
          OR (kind = 'traits' AND email IS NOT NULL))
      ) q
      WINDOW w AS (PARTITION BY uid ORDER BY ts_ms, CASE WHEN kind = 'active' THEN 1 ELSE 0 END,
        ${t('gkey')}, ${t('em')} ROWS UNBOUNDED PRECEDING)
    ), c AS (
      SELECT uid, kind, gkey, event, ts_ms, day, sid,
        MAX(CASE WHEN kind = 'group' THEN gkey END) OVER (PARTITION BY uid, gs) AS ggk,
        MAX(em) OVER (PARTITION BY uid, es) AS lem
      FROM s
    )
    SELECT c.uid, c.ts_ms, c.day, c.event, c.sid, COALESCE(c.gkey, c.ggk) AS k, c.lem,
      CASE WHEN COALESCE(c.gkey, c.ggk) IS NOT NULL THEN km.acc ELSE em.acc END AS acc,
      CASE WHEN COALESCE(c.gkey, c.ggk) IS NOT NULL THEN 'unmatched'
        WHEN c.lem IS NULL THEN 'unmatched' ELSE em.reason END AS reason,
      CASE WHEN COALESCE(c.gkey, c.ggk) IS NOT NULL
          THEN 'group key "' || COALESCE(c.gkey, c.ggk) || '" names no account'
        WHEN c.lem IS NULL THEN 'no group and no e-mail' ELSE em.why END AS why
    FROM c
    LEFT JOIN hb_keymap km ON km.gkey = COALESCE(c.gkey, c.ggk)
    LEFT JOIN hb_emailmap em ON em.email = c.lem
    WHERE c.kind = 'active'`);
  await db.exec(`
    CREATE TEMP TABLE hb_act AS SELECT uid, acc, ts_ms, day, event, sid FROM hb_a WHERE acc IS NOT NULL`);

  const [att] = await db.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM hb_act`);
  const unmatched = await db.all<{ uid: string; reason: string; why: string }>(`
    SELECT uid, reason, why FROM (
      SELECT uid, reason, why, row_number() OVER (PARTITION BY uid ORDER BY ts_ms DESC, ${t('why')}) AS rn
      FROM hb_a WHERE acc IS NULL
    ) r WHERE rn = 1 ORDER BY ${t('uid')}`);
  for (const u of unmatched) {
    leftOut.push({
      reason: u.reason === 'ambiguous' ? 'ambiguous' : 'unmatched',
      sourceId: u.uid,
      why: u.why,
    });
  }

  // 5. Usage rows.
  const [span] = await db.all<{ first: Cell }>(`SELECT CAST(MIN(day) AS INTEGER) AS first FROM hb_act`);
  const firstDay = span.first === null ? asOfDay + 1 : num(span.first);
  const usage = await db.all<{
    acc: string;
    day: number;
    dau: number;
    wau: number;
    mau: number;
    ms: number;
    sessions: number;
  }>(`
    WITH ud AS (
      SELECT acc, uid, day, LEAD(day) OVER (PARTITION BY acc, uid ORDER BY day) AS nx
      FROM (SELECT DISTINCT acc, uid, day FROM hb_act) x
    ), delta AS (
      SELECT acc, d, SUM(dd) AS dau, SUM(dw) AS dw, SUM(dm) AS dm FROM (
        SELECT acc, day AS d, 1 AS dd, 1 AS dw, 1 AS dm FROM ud
        UNION ALL SELECT acc, LEAST(day + 7, COALESCE(nx, day + 7)), 0, -1, 0 FROM ud
        UNION ALL SELECT acc, LEAST(day + 30, COALESCE(nx, day + 30)), 0, 0, -1 FROM ud
      ) y WHERE d <= ${asOfDay} GROUP BY acc, d
    ), o AS (
      SELECT uid, acc, ts_ms, sid,
        LAG(ts_ms) OVER (PARTITION BY uid, acc, sid IS NULL ORDER BY ts_ms) AS pv
      FROM hb_act
    ), n AS (
      SELECT uid, acc, ts_ms, sid,
        SUM(CASE WHEN sid IS NULL AND (pv IS NULL OR ts_ms - pv > ${SESSION_GAP_MS}) THEN 1 ELSE 0 END)
          OVER (PARTITION BY uid, acc, sid IS NULL ORDER BY ts_ms ROWS UNBOUNDED PRECEDING) AS sn
      FROM o
    ), ss AS (
      SELECT acc, ${dayOf('MIN(ts_ms)')} AS day, MAX(ts_ms) - MIN(ts_ms) AS dur
      FROM n GROUP BY uid, acc, sid, sn
    ), sd AS (
      SELECT acc, day, count(*) AS sessions, SUM(dur) AS ms FROM ss GROUP BY acc, day
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
    FROM r WHERE dau <> 0 OR wau <> 0 OR mau <> 0 OR sessions <> 0 OR ms <> 0
    ORDER BY ${t('acc')}, day`);

  // 6. Users: seen days and account from their attributed active events; traits from the latest
  //    call carrying each; features from the mapped event names.
  const users = await db.all<{
    uid: string;
    acc: string;
    first: number;
    last: number;
    email: Cell;
    name: Cell;
    title: Cell;
    champ: Cell;
  }>(`
    WITH seen AS (
      SELECT uid, MIN(day) AS first, MAX(day) AS last FROM hb_act GROUP BY uid
    ), lastacc AS (
      SELECT uid, acc FROM (
        SELECT uid, acc, row_number() OVER (PARTITION BY uid ORDER BY ts_ms DESC, ${t('acc')} DESC) AS rn
        FROM hb_act
      ) x WHERE rn = 1
    ), tr AS (
      SELECT uid, f, v FROM (
        SELECT uid, f, v, row_number() OVER (PARTITION BY uid, f ORDER BY ts_ms DESC, ${t('v')} DESC) AS rn
        FROM (
          SELECT uid, 'email' AS f, email AS v, ts_ms FROM hb_e WHERE kind = 'traits' AND email IS NOT NULL
          UNION ALL SELECT uid, 'name', name, ts_ms FROM hb_e WHERE kind = 'traits' AND name IS NOT NULL
          UNION ALL SELECT uid, 'title', title, ts_ms FROM hb_e WHERE kind = 'traits' AND title IS NOT NULL
          UNION ALL SELECT uid, 'champ', champ, ts_ms FROM hb_e WHERE kind = 'traits' AND champ IS NOT NULL
        ) u WHERE uid IS NOT NULL
      ) x WHERE rn = 1
    )
    SELECT seen.uid, lastacc.acc, CAST(seen.first AS INTEGER) AS first, CAST(seen.last AS INTEGER) AS last,
      (SELECT v FROM tr WHERE tr.uid = seen.uid AND f = 'email') AS email,
      (SELECT v FROM tr WHERE tr.uid = seen.uid AND f = 'name') AS name,
      (SELECT v FROM tr WHERE tr.uid = seen.uid AND f = 'title') AS title,
      (SELECT v FROM tr WHERE tr.uid = seen.uid AND f = 'champ') AS champ
    FROM seen JOIN lastacc ON lastacc.uid = seen.uid
    ORDER BY ${t('seen.uid')}`);
  const feats = await db.all<{ uid: string; fkey: string; day: number }>(`
    SELECT a.uid, m.fkey, CAST(MAX(a.day) AS INTEGER) AS day
    FROM hb_act a JOIN hb_fmap m ON m.event = a.event GROUP BY a.uid, m.fkey
    ORDER BY ${t('a.uid')}, ${t('m.fkey')}`);

  const rows: SourceRow[] = [];
  const identity = (acc: string): Identity => ({ explicitId: acc, explicitOnly: true });
  for (const u of usage) {
    const date = dateOfDay(num(u.day));
    rows.push({
      collection: 'usage',
      sourceId: `${u.acc} ${date}`,
      account: { identity: identity(u.acc) },
      record: {
        date,
        dau: num(u.dau),
        wau: num(u.wau),
        mau: num(u.mau),
        minutes: num(u.ms) / 60_000,
        sessions: num(u.sessions),
      },
      derived: true,
    });
  }
  const featuresOf = new Map<string, Record<string, string>>();
  for (const f of feats) {
    const m = featuresOf.get(f.uid) ?? {};
    m[f.fkey] = dateOfDay(num(f.day));
    featuresOf.set(f.uid, m);
  }
  const champions = new Set(o.championValues);
  for (const u of users) {
    const email = str(u.email);
    const name = str(u.name);
    const title = str(u.title);
    const champ = str(u.champ);
    rows.push({
      collection: 'users',
      sourceId: u.uid,
      account: { identity: identity(u.acc) },
      record: {
        id: u.uid,
        ...(email === undefined ? {} : { email }),
        ...(name === undefined ? {} : { name }),
        ...(title === undefined ? {} : { title }),
        champion: champ !== undefined && champions.has(champ),
        firstSeenOn: dateOfDay(num(u.first)),
        lastSeenOn: dateOfDay(num(u.last)),
        features: featuresOf.get(u.uid) ?? {},
      },
      derived: true,
    });
  }
  return { read: num(counts.read), attached: num(att.n), accounts: [], rows, leftOut };
}
