/**
 * The events rollup's results as the source's rows (CONNECTORS.md, "Product usage: events"): a
 * usage row per account and day, a user row per user with their features' last days.
 */
import { type UsageRow, usageSchema } from '../../dataset/schema';
import { dateOfDay } from '../../metrics/dates';
import type { Identity, SourceRow } from '../types';
import { type CarryUsage, type CarryUser, FEATURES_AT, TRAITS } from './carry';
import type { Cell } from './engine';

export const num = (v: Cell): number => Number(v);
export const str = (v: Cell): string | undefined => (v === null || v === undefined ? undefined : String(v));

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
  users: readonly CarryUser[],
  featureKeys: readonly string[],
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
  const champions = new Set(championValues);
  const trait = (u: CarryUser, f: (typeof TRAITS)[number]) => str(u[5 + 2 * TRAITS.indexOf(f)]);
  for (const u of users) {
    const [uid, first, last, , acc] = u;
    // A user with traits but no attributed event is kept in the carry only.
    if (acc === null || first === null || last === null) continue;
    const email = trait(u, 'email');
    const name = trait(u, 'name');
    const title = trait(u, 'title');
    const champ = trait(u, 'champ');
    const features: Record<string, string> = {};
    featureKeys.forEach((k, i) => {
      const day = u[FEATURES_AT + i];
      if (day !== null && day !== undefined) features[k] = dateOfDay(num(day));
    });
    rows.push({
      collection: 'users',
      sourceId: uid,
      account: { identity: identity(acc) },
      record: {
        id: uid,
        ...(email === undefined ? {} : { email }),
        ...(name === undefined ? {} : { name }),
        ...(title === undefined ? {} : { title }),
        champion: champ !== undefined && champions.has(champ),
        firstSeenOn: dateOfDay(num(first)),
        lastSeenOn: dateOfDay(num(last)),
        features,
      },
      derived: true,
    });
  }
  return rows;
}
