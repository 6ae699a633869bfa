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
import type { Cell, SqlEngine } from './engine';

/**
 * Rows of a carry: arrays of cells of the given kinds (`s` text, `n` number, `s?` text or null).
 * Checked by hand rather than one zod tuple per row: a carry holds hundreds of thousands of rows
 * and is read at the start of every run.
 */
function rows<T extends unknown[]>(kinds: readonly ('s' | 'n' | 's?')[]) {
  const ok = (c: unknown, k: 's' | 'n' | 's?') =>
    k === 'n'
      ? typeof c === 'number' && Number.isFinite(c)
      : typeof c === 'string' || (k === 's?' && c === null);
  return z.custom<T[]>(
    (v) =>
      Array.isArray(v) &&
      v.every((r) => Array.isArray(r) && r.length === kinds.length && kinds.every((k, i) => ok(r[i], k))),
    { message: `must be rows of ${kinds.join(', ')}` },
  );
}

/** The fields of a carry but its version and usage rows (the same in versions 2 and 3). */
const carryFields = {
  fingerprint: z.string(),
  lastDay: dateSchema,
  /** File sources: path → size, mtime and the last event day found in it (null: none). */
  files: z
    .record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), maxDay: z.number().nullable() }))
    .default({}),
  /** [user, first day, last day, last active ms, last account] */
  users: rows<[string, number, number, number, string]>(['s', 'n', 'n', 'n', 's']),
  /** [user, field (group, email, name, title, champ), value, ms] */
  traits: rows<[string, string, string, number]>(['s', 's', 's', 'n']),
  /** [account, user, days active]: bit b set = active on `lastDay` − b (b = 0 … 28) */
  days: rows<[string, string, number]>(['s', 's', 'n']),
  /** [user, feature key, day] */
  features: rows<[string, string, number]>(['s', 's', 'n']),
  /** [user, account, session id, first ms, last ms] */
  tails: rows<[string, string, string | null, number, number]>(['s', 's', 's?', 'n', 'n']),
};

/** A usage row: [account, day, dau, wau, mau, session ms, sessions, checked]. */
export type CarryUsage = [string, number, number, number, number, number, number, number];

/**
 * What a run keeps for the next one (compact rows; see the module comment). Version 3 marks each
 * usage row `checked` (1) once its record passed the dataset's usage schema: an unchanged row is
 * handed to the resolver as checked (`SourceRow.checked`) instead of being validated again. A
 * version 2 carry is read with every row unchecked (validated as before).
 */
export const carrySchema = z.union([
  z.object({
    version: z.literal(3),
    ...carryFields,
    usage: rows<CarryUsage>(['s', 'n', 'n', 'n', 'n', 'n', 'n', 'n']),
  }),
  z
    .object({
      version: z.literal(2),
      ...carryFields,
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
    .transform((c) => ({
      ...c,
      version: 3 as const,
      usage: c.usage.map((r): CarryUsage => [...r, 0]),
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

/** The carry's tables: name, columns ("name TYPE, …") and the carry's rows for it. */
const carryTables: readonly [table: string, columns: string, rows: (c: Carry) => Cell[][]][] = [
  ['hb_c_traits', 'uid TEXT, f TEXT, v TEXT, ts_ms BIGINT', (c) => c.traits],
  ['hb_c_users', 'uid TEXT, first INTEGER, last INTEGER, last_ms BIGINT, acc TEXT', (c) => c.users],
  ['hb_c_daymask', 'acc TEXT, uid TEXT, mask INTEGER', (c) => c.days],
  ['hb_c_features', 'uid TEXT, fkey TEXT, day INTEGER', (c) => c.features],
  ['hb_c_tails', 'uid TEXT, acc TEXT, sid TEXT, first_ms BIGINT, last_ms BIGINT', (c) => c.tails],
];

/** Columns written "name TYPE, …" as `SqlEngine.load` takes them. */
export function columns(spec: string): [name: string, type: ColumnType][] {
  return spec.split(', ').map((c) => {
    const [name, type] = c.split(' ');
    return [name, type as ColumnType];
  });
}

/**
 * Loads the carry's tables (empty on a full run), and `hb_c_days`: the user-days of the carry's
 * last 29 days, from their bit masks.
 */
export async function loadCarry(db: SqlEngine, carry: Carry | undefined): Promise<void> {
  for (const [table, spec, rowsOf] of carryTables)
    await db.load(table, columns(spec), carry ? rowsOf(carry) : []);
  const last = carry ? dayNumber(carry.lastDay) : 0;
  await db.exec(`
    CREATE TEMP TABLE hb_c_days AS
    SELECT acc, uid, ${last} - b AS day FROM hb_c_daymask, generate_series(0, 28) AS t(b)
    WHERE ((mask >> b) & 1) = 1`);
  await db.analyze('hb_c_days');
}
