/**
 * The carry of the events rollup (CONNECTORS.md, "Scale"): what a run keeps so that the next one
 * reads only later events. A run keeps its usage rows, each user's seen days, last account,
 * features, latest group call and traits, the user-days of its last 29 days and the sessions that
 * may go on; the next run reads only the events after its last day (`fromDay`), with the carry
 * standing in for everything before:
 * - the latest group call and traits enter the attribution as calls at their own time;
 * - the 29 days of user-days enter the trailing windows; rows are written from `fromDay` on;
 * - a session still open at the end of the last day (its last event within 30 minutes of midnight;
 *   for a PostHog session id, within 24 hours) continues, and the minutes it gains go to the row of
 *   the day it started (that row changes, and is pushed again);
 * - events dated before `fromDay` that arrive later are not read (their days are complete).
 * A run whose config differs from the carry's, or that is not later than the carry's last day,
 * reads everything again.
 */
import { z } from 'zod';
import { dateSchema } from '../../dataset/schema';
import { dayNumber } from '../../metrics/dates';
import { type SqlEngine, sqlString } from './engine';

type Kind = 's' | 'n' | 's?' | 'n?';

/**
 * Rows of a carry: arrays of cells of the given kinds (`s` text, `n` number, `?` or null), then
 * any number of `rest` cells. Checked by hand rather than one zod tuple per row: a carry holds
 * hundreds of thousands of rows and is read at the start of every run.
 */
function rows<T extends unknown[]>(kinds: readonly Kind[], rest?: Kind) {
  const ok = (c: unknown, k: Kind) =>
    c === null
      ? k.endsWith('?')
      : k[0] === 'n'
        ? typeof c === 'number' && Number.isFinite(c)
        : typeof c === 'string';
  return z.custom<T[]>(
    (v) =>
      Array.isArray(v) &&
      v.every(
        (r) =>
          Array.isArray(r) &&
          (rest === undefined ? r.length === kinds.length : r.length >= kinds.length) &&
          r.every((c, i) => ok(c, i < kinds.length ? kinds[i] : (rest as Kind))),
      ),
    { message: `must be rows of ${kinds.join(', ')}${rest ? `, ${rest}…` : ''}` },
  );
}

/** The fields every carry version has. */
const sharedFields = {
  fingerprint: z.string(),
  lastDay: dateSchema,
  /** File sources: path → size, mtime and the last event day found in it (null: none). */
  files: z
    .record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), maxDay: z.number().nullable() }))
    .default({}),
  /** [account, user, days active]: bit b set = active on `lastDay` − b (b = 0 … 28) */
  days: rows<[string, string, number]>(['s', 's', 'n']),
  /** [user, account, session id, first ms, last ms] */
  tails: rows<[string, string, string | null, number, number]>(['s', 's', 's?', 'n', 'n']),
};

/** Versions 2 and 3 kept users, their traits and their features as rows of their own. */
const splitFields = {
  ...sharedFields,
  /** [user, first day, last day, last active ms, last account] */
  users: rows<[string, number, number, number, string]>(['s', 'n', 'n', 'n', 's']),
  /** [user, field (group, email, name, title, champ), value, ms] */
  traits: rows<[string, string, string, number]>(['s', 's', 's', 'n']),
  /** [user, feature key, day] */
  features: rows<[string, string, number]>(['s', 's', 'n']),
};

/** A usage row: [account, day, dau, wau, mau, session ms, sessions, checked]. */
export type CarryUsage = [string, number, number, number, number, number, number, number];

/** The traits a carry keeps per user (the latest call carrying each), in their column order. */
export const TRAITS = ['group', 'email', 'name', 'title', 'champ'] as const;

/**
 * A user of a version 4 carry, one row each: [user, first day, last day, last active ms, last
 * account] (null for a user with traits but no attributed event yet), then each of `TRAITS` as
 * value and ms (null: none), then the last day of each of `featureKeys` (null: never used).
 */
export type CarryUser = [
  string,
  number | null,
  number | null,
  number | null,
  string | null,
  ...(string | number | null)[],
];
const USER_KINDS: Kind[] = ['s', 'n?', 'n?', 'n?', 's?', ...TRAITS.flatMap((): Kind[] => ['s?', 'n?'])];
/** Where a user row's feature days start. */
export const FEATURES_AT = USER_KINDS.length;

/** Code-point order (UTF-8 bytes sort as code points), as the rollup's SQL sorts text. */
export const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * A version 3 carry's users, traits and features as version 4's user rows (`featureKeys`: the
 * feature keys it holds, by code point).
 */
function joinUsers(c: Pick<z.output<z.ZodObject<typeof splitFields>>, 'users' | 'traits' | 'features'>): {
  featureKeys: string[];
  users: CarryUser[];
} {
  const featureKeys = [...new Set(c.features.map((f) => f[1]))].sort(byCodePoint);
  const byUser = new Map<string, CarryUser>();
  const row = (uid: string) => {
    let r = byUser.get(uid);
    if (!r) {
      r = [uid, null, null, null, null, ...new Array(FEATURES_AT - 5 + featureKeys.length).fill(null)];
      byUser.set(uid, r);
    }
    return r;
  };
  for (const [uid, first, last, ms, acc] of c.users) row(uid).splice(1, 4, first, last, ms, acc);
  for (const [uid, f, v, ms] of c.traits) {
    const at = 5 + 2 * TRAITS.indexOf(f as (typeof TRAITS)[number]);
    if (at >= 5) row(uid).splice(at, 2, v, ms);
  }
  for (const [uid, fkey, day] of c.features) row(uid)[FEATURES_AT + featureKeys.indexOf(fkey)] = day;
  const users = [...byUser.values()].sort((a, b) => byCodePoint(a[0], b[0]));
  return { featureKeys, users };
}

const usage3 = rows<CarryUsage>(['s', 'n', 'n', 'n', 'n', 'n', 'n', 'n']);

/**
 * What a run keeps for the next one (compact rows; see the module comment). Version 4 keeps one
 * row per user (`CarryUser`: seen days, account, latest traits, features' last days): a run reads
 * and writes one row per user instead of one per user, trait and feature. Version 3 marks each
 * usage row `checked` (1) once its record passed the dataset's usage schema: an unchanged row is
 * handed to the resolver as checked (`SourceRow.checked`) instead of being validated again.
 * Versions 3 and 2 are read as version 4 (a version 2 carry with every usage row unchecked).
 */
export const carrySchema = z.union([
  z.object({
    version: z.literal(4),
    ...sharedFields,
    usage: usage3,
    /** The feature keys of the users' feature columns, by code point. */
    featureKeys: z.array(z.string()),
    users: rows<CarryUser>(USER_KINDS, 'n?'),
  }),
  z
    .object({ version: z.literal(3), ...splitFields, usage: usage3 })
    .transform(({ traits: _t, features: _f, users: _u, ...c }) => ({
      ...c,
      version: 4 as const,
      ...joinUsers({ traits: _t, features: _f, users: _u }),
    })),
  z
    .object({
      version: z.literal(2),
      ...splitFields,
      usage: rows<[string, number, number, number, number, number, number]>([
        's',
        'n',
        'n',
        'n',
        'n',
        'n',
        'n',
      ]),
    })
    .transform(({ traits: _t, features: _f, users: _u, ...c }) => ({
      ...c,
      version: 4 as const,
      usage: c.usage.map((r): CarryUsage => [...r, 0]),
      ...joinUsers({ traits: _t, features: _f, users: _u }),
    })),
]);
export type Carry = z.output<typeof carrySchema>;

/** The previous carry when this run can continue it, else undefined (a full run). */
export function usableCarry(raw: unknown, fingerprint: string, asOf: string): Carry | undefined {
  const c = carrySchema.safeParse(raw);
  if (!c.success || c.data.fingerprint !== fingerprint || c.data.lastDay >= asOf) return undefined;
  return c.data;
}

type ColumnType = 'TEXT' | 'INTEGER' | 'BIGINT';

/** The user table's columns ("name TYPE, …"): feature day i is column `f<i>`. */
export function userColumns(featureKeys: readonly string[]): string {
  return [
    'uid TEXT, first INTEGER, last INTEGER, last_ms BIGINT, acc TEXT',
    ...TRAITS.map((f) => `${f}_v TEXT, ${f}_ms BIGINT`),
    ...featureKeys.map((_, i) => `f${i} INTEGER`),
  ].join(', ');
}

/** Columns written "name TYPE, …" as `SqlEngine.load` takes them. */
export function columns(spec: string): [name: string, type: ColumnType][] {
  return spec.split(', ').map((c) => {
    const [name, type] = c.split(' ');
    return [name, type as ColumnType];
  });
}

/**
 * Loads the carry's tables (empty on a full run): `hb_c_users` (one row per user, `userColumns`),
 * `hb_c_daymask`, `hb_c_tails`; the views `hb_c_traits` (user, field, value, ms) and
 * `hb_c_features` (user, feature key, day) of the user rows; and `hb_c_days`: the user-days of
 * the carry's last 29 days, from their bit masks.
 */
export async function loadCarry(db: SqlEngine, carry: Carry | undefined): Promise<void> {
  const keys = carry?.featureKeys ?? [];
  await db.load('hb_c_users', columns(userColumns(keys)), carry ? carry.users : []);
  await db.load('hb_c_daymask', columns('acc TEXT, uid TEXT, mask INTEGER'), carry ? carry.days : []);
  await db.load(
    'hb_c_tails',
    columns('uid TEXT, acc TEXT, sid TEXT, first_ms BIGINT, last_ms BIGINT'),
    carry ? carry.tails : [],
  );
  await db.exec(`
    CREATE TEMP VIEW hb_c_traits AS ${TRAITS.map(
      (f) =>
        `SELECT uid, ${sqlString(f)} AS f, ${f}_v AS v, ${f}_ms AS ts_ms FROM hb_c_users WHERE ${f}_v IS NOT NULL`,
    ).join(' UNION ALL ')}`);
  await db.exec(`
    CREATE TEMP VIEW hb_c_features AS ${
      keys.length === 0
        ? 'SELECT uid, CAST(NULL AS TEXT) AS fkey, first AS day FROM hb_c_users WHERE false'
        : keys
            .map(
              (k, i) =>
                `SELECT uid, ${sqlString(k)} AS fkey, f${i} AS day FROM hb_c_users WHERE f${i} IS NOT NULL`,
            )
            .join(' UNION ALL ')
    }`);
  const last = carry ? dayNumber(carry.lastDay) : 0;
  await db.exec(`
    CREATE TEMP TABLE hb_c_days AS
    SELECT acc, uid, ${last} - b AS day FROM hb_c_daymask, generate_series(0, 28) AS t(b)
    WHERE ((mask >> b) & 1) = 1`);
  await db.analyze('hb_c_days');
}
