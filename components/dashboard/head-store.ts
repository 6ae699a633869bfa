/**
 * The dashboard's kept heads (lib/portfolio/view.ts `DashboardHead`): a database of its own in
 * the extension's origin (`healthbar-dashboard`), apart from the cache, so the cache's schema is
 * untouched. One row per view key; writing a head drops the rows of any other data version, so
 * it holds the heads of the current data only. Derived data: losing it costs one slow opening.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { DashboardHead } from '@/lib/portfolio/view';

interface HeadRow {
  key: string;
  /** The data version part of the key (see `viewKeyOf`). */
  data: string;
  head: DashboardHead;
}

type HeadDb = Dexie & { heads: EntityTable<HeadRow, 'key'> };

const NAME = 'healthbar-dashboard';

function open(): HeadDb {
  const db = new Dexie(NAME) as HeadDb;
  db.version(1).stores({ heads: 'key, data' });
  return db;
}

let db: HeadDb | undefined;
const heads = () => {
  db ??= open();
  return db.heads;
};

export async function loadHead(data: string, key: string): Promise<DashboardHead | null> {
  const row = await heads().get(`${data}|${key}`);
  return row?.head ?? null;
}

export async function saveHead(data: string, key: string, head: DashboardHead): Promise<void> {
  const t = heads();
  await t.db.transaction('rw', t, async () => {
    await t.where('data').notEqual(data).delete();
    await t.put({ key: `${data}|${key}`, data, head });
  });
}

/** Drops every kept head (the cache was cleared). */
export async function clearHeads(): Promise<void> {
  await heads().clear();
}
