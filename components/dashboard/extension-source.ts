/**
 * The dashboard's source over the extension: its IndexedDB cache (this page is in the
 * extension's origin) and extension storage.
 */
import { exportDataset } from '@/lib/db/apply';
import type { HealthbarDB } from '@/lib/db/db';
import {
  preferencesItem,
  readPreferences,
  scoringSettings,
  syncStateItem,
  tokenScopeItem,
} from '@/lib/ext/settings';
import { clearHeads, extensionHeads } from '@/lib/portfolio/head-store';
import type { DashboardSource } from './source';
import {
  dashboardPrefsItem,
  loadDashboardPrefs,
  loadLastCrmHosts,
  loadTargets,
  saveDashboardPrefs,
  saveTargets,
  targetsItem,
} from './storage';

export function download(filename: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function dashboardExtensionSource(db: HealthbarDB): DashboardSource {
  return {
    locale: navigator.language || 'en-US',
    now: () => new Date(),
    async meta() {
      const m = await db.meta.get('dataset');
      if (!m) {
        await clearHeads(); // the cache was cleared: so is what was derived from it
        return null;
      }
      const scope = m.source === 'sync' ? await tokenScopeItem.getValue() : null;
      return {
        ...(scope?.scope === 'book' && scope.owner ? { bookOwner: scope.owner } : {}),
        version: m.version,
        updatedAt: m.updatedAt,
        dataThrough: m.dataThrough,
        currency: m.currency,
        context: m.context,
        source: m.source,
      };
    },
    dataset: () => exportDataset(db),
    loadHead: extensionHeads.load,
    saveHead: extensionHeads.save,
    async settings() {
      const [prefs, sync] = await Promise.all([readPreferences(), syncStateItem.getValue()]);
      return { myEmail: prefs.myEmail, scoring: scoringSettings(prefs), sync };
    },
    loadPrefs: loadDashboardPrefs,
    savePrefs: saveDashboardPrefs,
    loadTargets,
    saveTargets,
    openOptions: () => void browser.runtime.openOptionsPage(),
    crmHosts: loadLastCrmHosts,
    download,
    newId: () => crypto.randomUUID(),
    subscribe(onChange) {
      const offs = [
        preferencesItem.watch(() => onChange('settings')),
        targetsItem.watch(() => onChange('targets')),
        dashboardPrefsItem.watch(() => onChange('settings')),
        syncStateItem.watch(() => onChange('data')),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
  };
}
