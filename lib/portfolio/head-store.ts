/**
 * The dashboard's kept heads (lib/portfolio/view.ts `DashboardHead`): a database of its own in
 * the extension's origin (`healthbar-dashboard`), apart from the cache, so the cache's schema is
 * untouched. One row per view key; writing a head drops the rows of any other data version, so
 * it holds the heads of the current data only. Derived data: losing it costs one slow opening.
 *
 * Two writers, one key: the dashboard keeps the head of each view it computed, and the background
 * computes the head of the dashboard's current view after each sync (lib/alerts/after-sync.ts), so
 * the first opening after a sync shows its KPIs at once too. Both key it with the functions below:
 * the extension's version, the data version (`version` and `updatedAt` of the cache's meta, so a
 * head is never read back for other data, even after a cleared cache numbered again from 1), the
 * scoring settings, the filters and the day.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { Settings } from '../metrics';
import type { DashboardHead } from './view';

interface HeadRow {
  key: string;
  /** The data version part of the key (see `viewKeyOf`). */
  data: string;
  head: DashboardHead;
}

type HeadDb = Dexie & { heads: EntityTable<HeadRow, 'key'> };

/** The heads' own database in the extension's origin and its one table (the bench counts its rows). */
export const HEADS_DB = { name: 'healthbar-dashboard', store: 'heads' } as const;

function open(): HeadDb {
  const db = new Dexie(HEADS_DB.name) as HeadDb;
  db.version(1).stores({ [HEADS_DB.store]: 'key, data' });
  return db;
}

let db: HeadDb | undefined;
const heads = () => {
  db ??= open();
  return db.heads;
};

/** The scoring settings as a key part. */
export function settingsKeyOf(s: Settings): string {
  return JSON.stringify(s);
}

/** The data version a head is kept under: the cache meta's `version` and `updatedAt`. */
export function dataKeyOf(meta: { version: number; updatedAt?: string }): string {
  return `${meta.version}|${meta.updatedAt ?? ''}`;
}

/** The view a head is of: scoring settings, filters (`filtersKey`) and the day. */
export function headKeyOf(settingsKey: string, filtersKey: string, today: string): string {
  return `${settingsKey}|${filtersKey}|${today}`;
}

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

/**
 * The heads of this build of the extension: its version is part of the data key, so a head kept by
 * another build (which may compute another view) is never read back.
 */
export const extensionHeads = {
  load: (data: string, key: string) => loadHead(`${extensionVersion()}|${data}`, key),
  save: (data: string, key: string, head: DashboardHead) =>
    saveHead(`${extensionVersion()}|${data}`, key, head),
};
export type HeadStore = typeof extensionHeads;

function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}

/** Drops every kept head (the cache was cleared). */
export async function clearHeads(): Promise<void> {
  await heads().clear();
}
