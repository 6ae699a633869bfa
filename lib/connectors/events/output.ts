/**
 * The events rollup's results as the source's rows (CONNECTORS.md, "Product usage: events"): a
 * usage row per account and day, a user row per user with their features' last days.
 */
import { type UsageRow, usageSchema } from '../../dataset/schema';
import { dateOfDay } from '../../metrics/dates';
import type { Identity, SourceRow } from '../types';
import type { CarryUsage } from './carry';
import type { Cell } from './engine';

export const num = (v: Cell): number => Number(v);
export const str = (v: Cell): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** A user as the rollup's query returns them (seen days, last account, latest traits). */
export type UserRow = {
  uid: string;
  acc: string;
  first: number;
  last: number;
  last_ms: number;
  email: Cell;
  name: Cell;
  title: Cell;
  champ: Cell;
};

/** The last day a user used a feature. */
export type FeatureRow = { uid: string; fkey: string; day: number };

/**
 * A usage row's record, fields in the usage schema's order (the order of its parsed output, so a
 * checked record is written exactly as a validated one).
 */
export function usageRecord(r: CarryUsage): UsageRow {
  const [accountId, day, dau, wau, mau, ms, sessions] = r;
  return { accountId, date: dateOfDay(day), dau, wau, mau, minutes: ms / 60_000, sessions };
}

/**
 * The usage and user rows of a run (usage rows in the carry's compact form). A usage row not yet
 * checked is validated here with the dataset's usage schema, once in the run that makes (or
 * changes) it: one that passes is marked in the carry and given as checked (`SourceRow.checked`),
 * so later runs hand it on unvalidated while it stays unchanged; one that fails goes to the
 * resolver as any row (which leaves it out with the reason).
 */
export function sourceRows(
  usageRows: CarryUsage[],
  users: readonly UserRow[],
  feats: readonly FeatureRow[],
  championValues: readonly string[],
): SourceRow[] {
  const rows: SourceRow[] = [];
  const identity = (acc: string): Identity => ({ explicitId: acc, explicitOnly: true });
  for (const r of usageRows) {
    let record = usageRecord(r);
    if (r[7] !== 1) {
      const parsed = usageSchema.safeParse(record);
      if (parsed.success) {
        record = parsed.data;
        r[7] = 1;
      }
    }
    const row: SourceRow<'usage'> = {
      collection: 'usage',
      sourceId: `${r[0]} ${record.date}`,
      account: { identity: identity(r[0]) },
      record,
      derived: true,
    };
    if (r[7] === 1) row.checked = true;
    else {
      const { accountId: _, ...fields } = record;
      row.record = fields;
    }
    rows.push(row);
  }
  const featuresOf = new Map<string, Record<string, string>>();
  for (const f of feats) {
    const m = featuresOf.get(f.uid) ?? {};
    m[f.fkey] = dateOfDay(num(f.day));
    featuresOf.set(f.uid, m);
  }
  const champions = new Set(championValues);
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
  return rows;
}
