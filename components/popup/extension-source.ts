/**
 * The popup's source over the extension: its IndexedDB cache, storage, and the background (for
 * "Sync now"). The lists are computed by the metrics core on the cached dataset for the person's
 * book (or every account when no email is set), with the whole workspace's context.
 */

import { unseenEntries } from '@/lib/alerts/feed';
import { readAlertsState } from '@/lib/contracts/alerts';
import { alertsItem } from '@/lib/contracts/storage';
import { normaliseName } from '@/lib/crm';
import { exportDataset } from '@/lib/db/apply';
import type { HealthbarDB } from '@/lib/db/db';
import { readPreferences, scoringSettings } from '@/lib/ext/settings';
import { tabRecordsItem } from '@/lib/ext/tab-records';
import { utcDateOf } from '@/lib/metrics/dates';
import { sameEmail } from '@/lib/portfolio/filters';
import { atRiskList, upsellList } from '@/lib/portfolio/lists';
import { accountReports } from '@/lib/portfolio/view';
import type { SyncState } from '@/lib/sync/engine';
import { loadLastCrmHosts } from '../dashboard/storage';
import { askBackground, cacheStatus } from '../extension-pages';
import { panelExtensionSource } from '../panel/extension-source';
import type { PopupSource } from './source';

export function popupExtensionSource(db: HealthbarDB): PopupSource {
  const panel = panelExtensionSource(db);
  return {
    locale: navigator.language || 'en-US',
    async currentTab() {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return null;
      const record = (await tabRecordsItem.getValue())[String(tab.id)];
      if (!record) return null;
      const r = await panel.resolve(record);
      if (r.status !== 'matched') return null;
      const view = await panel.view(r.accountId);
      if (!view) return null;
      return {
        crm: record.crm,
        objectType: record.objectType,
        name: view.account.name,
        band: view.report.health.band,
        score: view.report.health.rounded,
      };
    },
    now: () => new Date(),
    async state() {
      const { prefs, ...s } = await cacheStatus(db);
      return { ...s, myEmail: prefs.myEmail };
    },
    async lists() {
      const [prefs, meta, ds] = await Promise.all([
        readPreferences(),
        db.meta.get('dataset'),
        exportDataset(db),
      ]);
      if (!ds || !meta) return null;
      const email = prefs.myEmail.trim();
      const keep = email ? (a: { owner?: string }) => sameEmail(a.owner, email) : () => true;
      const today = utcDateOf(new Date());
      const { asOf, accounts } = accountReports(ds, today, scoringSettings(prefs), keep, meta.context);
      const crm = new Map(ds.accounts.map((a) => [a.id, a.crm]));
      const withCrm = (list: typeof accounts) =>
        list.map((report) => ({ report, crm: crm.get(report.id) ?? {} }));
      return {
        asOf,
        currency: ds.currency,
        scope: email ? 'book' : 'all',
        owner: email,
        total: accounts.length,
        atRisk: withCrm(atRiskList(accounts)),
        upsell: withCrm(upsellList(accounts)),
      };
    },
    async search(query) {
      const q = normaliseName(query);
      if (!q) return [];
      const compact = q.replace(/\s+/g, '');
      const rows = await db.accounts
        .orderBy('_order')
        .filter((a) => a._name.includes(q) || a._domains.some((d) => d.includes(compact)))
        .limit(8)
        .toArray();
      return rows.map((a) => ({ id: a.id, name: a.name, segment: a.segment, owner: a.owner, crm: a.crm }));
    },
    async alerts() {
      const state = readAlertsState(await alertsItem.getValue());
      const unseen = unseenEntries(state);
      const earlier = state.entries.slice(unseen.length, unseen.length + 3);
      const ids = [...new Set([...unseen, ...earlier].map((e) => e.accountId))];
      const rows = await db.accounts.bulkGet(ids);
      const crm = new Map(rows.flatMap((a) => (a ? [[a.id, a.crm] as const] : [])));
      const withCrm = (list: typeof unseen) => list.map((e) => ({ ...e, crm: crm.get(e.accountId) ?? {} }));
      return { unseen: withCrm(unseen), earlier: withCrm(earlier) };
    },
    alertsSeen: () => askBackground<null>({ type: 'alerts-seen' }).then(() => {}),
    hosts: loadLastCrmHosts,
    syncNow: () => askBackground<SyncState>({ type: 'sync-now' }),
    openDashboard: () => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }),
    openOptions: () => void browser.runtime.openOptionsPage(),
    openUrl: (url) => void browser.tabs.create({ url }),
  };
}
