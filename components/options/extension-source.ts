/**
 * The options page's source over the extension: settings in extension storage; the cache in IndexedDB (this
 * page is in the extension's origin) read here, but written only by the background — sync,
 * import and "Clear cache" go through it, as do connection tests.
 */

import type { Dataset } from '@/lib/dataset/schema';
import { exportDataset } from '@/lib/db/apply';
import type { DatasetMeta, HealthbarDB } from '@/lib/db/db';
import type { ImportOutcome } from '@/lib/ext/cache-writes';
import type { ConnectionTest } from '@/lib/ext/connection';
import { dropStagedFiles, stageFiles } from '@/lib/ext/import-staging';
import {
  checkApiUrl,
  preferencesItem,
  readConnection,
  readPreferences,
  redactToken,
  syncStateItem,
  tokenForForm,
} from '@/lib/ext/settings';
import { utcDateOf } from '@/lib/metrics/dates';
import { scoringPreview } from '@/lib/portfolio/scoring';
import type { SyncState } from '@/lib/sync/engine';
import { loadLastCrmHosts } from '../dashboard/storage';
import { askBackground } from '../extension-pages';
import type { OptionsSource } from './source';

export function optionsExtensionSource(db: HealthbarDB): OptionsSource {
  /** The cached dataset for the scoring preview, read once per dataset version. */
  let cached: { version: number; dataset: Dataset; meta: DatasetMeta } | null = null;
  const cachedDataset = async () => {
    const meta = await db.meta.get('dataset');
    if (!meta) return null;
    if (cached?.version !== meta.version) {
      const dataset = await exportDataset(db);
      if (!dataset) return null;
      cached = { version: meta.version, dataset, meta };
    }
    return cached;
  };
  return {
    now: () => new Date(),
    async load() {
      const [conn, prefs, sync] = await Promise.all([
        readConnection(),
        readPreferences(),
        syncStateItem.getValue(),
      ]);
      return { apiUrl: conn.apiUrl, hasToken: Boolean(conn.token), prefs, sync };
    },
    async testConnection(apiUrl, token) {
      const t = tokenForForm(apiUrl, token, await readConnection());
      if (!t.ok) return { ok: false, message: t.message };
      return askBackground<ConnectionTest>({ type: 'test-connection', apiUrl, token: t.token });
    },
    async saveConnection(apiUrl, token) {
      const checked = checkApiUrl(apiUrl);
      if (!checked.ok) return { ok: false, message: checked.error };
      const saved = tokenForForm(checked.url, token, await readConnection());
      if (!saved.ok) return { ok: false, message: saved.message };
      const t = saved.token;
      const test = await askBackground<ConnectionTest>({
        type: 'test-connection',
        apiUrl: checked.url,
        token: t,
      });
      const state = await askBackground<SyncState>({
        type: 'configure',
        apiUrl: checked.url,
        token: t,
        sync: test.ok,
      });
      if (!test.ok) return { ok: false, message: `Saved, but: ${test.message}` };
      if (state.status === 'ok')
        return { ok: true, message: `Saved. ${test.message} Synced ${state.records} records.` };
      return { ok: state.status !== 'error', message: `Saved. ${test.message} ${state.error ?? ''}`.trim() };
    },
    async grantAccess(apiUrl) {
      const checked = checkApiUrl(apiUrl);
      if (!checked.ok) return { ok: false, message: checked.error };
      const origin = `${new URL(checked.url).origin}/*`;
      try {
        const granted = await browser.permissions.request({ origins: [origin] });
        return granted
          ? { ok: true, message: `Healthbar may now reach ${new URL(checked.url).origin}.` }
          : {
              ok: false,
              message:
                'Access was not granted; Healthbar can still reach servers that allow browser extensions (CORS).',
            };
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
    async savePreferences(p) {
      await preferencesItem.setValue(p);
    },
    async setAlertNotifications(on) {
      const prefs = await readPreferences();
      if (!on) {
        await preferencesItem.setValue({ ...prefs, alertNotifications: false });
        await browser.permissions.remove({ permissions: ['notifications'] }).catch(() => false);
        return { ok: true, message: 'Notifications are off. The badge and the popup still list alerts.' };
      }
      let granted = false;
      try {
        granted = await browser.permissions.request({ permissions: ['notifications'] });
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      if (!granted) {
        return {
          ok: false,
          message: 'The browser did not allow notifications. The badge and the popup still list alerts.',
        };
      }
      await preferencesItem.setValue({ ...prefs, alertNotifications: true });
      return { ok: true, message: 'You will get one notification per sync that raises alerts.' };
    },
    syncNow: () => askBackground<SyncState>({ type: 'sync-now' }),
    refetch: () => askBackground<SyncState>({ type: 'refetch' }),
    async importFiles(files, currency) {
      // The background owns the cache's writes; the files reach it through the staging store
      // (lib/ext/import-staging: a File cannot cross a runtime message, and the parsed data
      // would be copied twice).
      let stagingId: string;
      try {
        stagingId = await stageFiles(files);
      } catch (e) {
        return {
          ok: false,
          message: `Nothing was imported: the file could not be handed to Healthbar (${e instanceof Error ? e.message : String(e)}). Reload the page and try again.`,
          details: [],
        };
      }
      try {
        return await askBackground<ImportOutcome>({ type: 'import-staged', stagingId, currency });
      } catch (e) {
        await dropStagedFiles(stagingId).catch(() => {});
        return {
          ok: false,
          message: `Nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
          details: [],
        };
      }
    },
    async stats() {
      const meta = await db.meta.get('dataset');
      let usageDays = 0;
      await db.usageChunks.each((s) => {
        usageDays += s.days.length;
      });
      const est = await navigator.storage?.estimate?.();
      const conn = await readConnection();
      return {
        accounts: await db.accounts.count(),
        users: await db.users.count(),
        tickets: await db.tickets.count(),
        surveys: await db.surveys.count(),
        deals: await db.deals.count(),
        usageDays,
        dataThrough: meta?.dataThrough,
        source: meta?.source,
        rejectedTotal: meta?.rejected ?? 0,
        rejected: (await db.rejections.orderBy('at').reverse().limit(200).toArray()).map((r) => ({
          at: r.at,
          collection: r.collection,
          ref: r.ref,
          message: r.message,
        })),
        storage: est?.quota ? { usage: est.usage ?? 0, quota: est.quota } : undefined,
        token: redactToken(conn.token),
      };
    },
    async clearCache() {
      await askBackground<null>({ type: 'clear-cache' });
    },
    async previewScoring(proposed, current) {
      const c = await cachedDataset();
      if (!c) return null;
      const today = utcDateOf(new Date());
      return scoringPreview(c.dataset, today, current, proposed, c.meta.context);
    },
    crmHosts: loadLastCrmHosts,
    async exportDataset() {
      const ds = await exportDataset(db);
      if (!ds) return { ok: false, message: 'There is no cached data to export.' };
      const blob = new Blob([JSON.stringify(ds)], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `healthbar-dataset-${ds.dataThrough ?? 'export'}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return { ok: true, message: `Exported ${ds.accounts.length} accounts.` };
    },
  };
}
