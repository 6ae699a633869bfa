/**
 * What the pages' extension sources (components/<page>/extension-source.ts) share: asking the
 * background, and the cache's set-up state every page starts from.
 */
import { type CacheConnection, readMeta } from '@/lib/db/connection';
import type { Request, Response } from '@/lib/ext/messages';
import { readConnection, readPreferences, syncStateItem } from '@/lib/ext/settings';

/** Sends a request to the background; its data, or an error saying what failed. */
export async function askBackground<T>(req: Request): Promise<T> {
  const res = (await browser.runtime.sendMessage(req)) as Response<T> | undefined;
  if (!res) throw new Error('The Healthbar background did not answer; reload the extension.');
  if (!res.ok) throw new Error(res.error);
  return res.data;
}

/**
 * Whether Healthbar is set up and holds data, the sync state, when data count as stale, the
 * cached data's version (0 without data) and the preferences.
 */
export async function cacheStatus(db: CacheConnection) {
  const [prefs, sync, meta] = await Promise.all([readPreferences(), syncStateItem.getValue(), readMeta(db)]);
  // The connection (a database of its own, opened on first read) matters only without data.
  const conn = meta ? null : await readConnection();
  return {
    configured: Boolean(meta || (conn?.apiUrl && conn.token)),
    hasData: Boolean(meta),
    sync,
    staleAfterHours: prefs.staleAfterHours,
    version: meta?.version ?? 0,
    prefs,
  };
}
