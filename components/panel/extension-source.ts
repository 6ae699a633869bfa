/**
 * The panel's source over the extension: its IndexedDB cache, storage and background. Runs only in
 * extension pages (the panel frame, the side panel). Its reads of the cache are on the IndexedDB
 * API (lib/db/connection.ts, account-rows.ts), over Dexie's connection or — in the panel, whose
 * first paint must not load Dexie — over `rawCache()`.
 */

import { normaliseDomain, normaliseName, resolveAccount, salesforceId15 } from '@/lib/crm';
import { accountHistory, accountView } from '@/lib/db/account-view';
import { accountsWhere, type CacheConnection, findAccounts, readAccounts } from '@/lib/db/connection';
import type { StoredAccount } from '@/lib/db/db';
import type { Request, Response } from '@/lib/ext/messages';
import { readPreferences, scoringSettings, syncStateItem } from '@/lib/ext/settings';
import { picksItem } from '@/lib/ext/tab-records';
import { utcDateOf } from '@/lib/metrics/dates';
import { cacheStatus } from '../extension-pages';
import { type PanelRecord, type PanelSource, recordKey } from './source';

/**
 * `windowId`: the browser window of the native side panel (its record is that window's active
 * tab's); undefined in the panel frame, which the background knows by its tab and frame.
 */
export function panelExtensionSource(db: CacheConnection, windowId?: () => number | undefined): PanelSource {
  return {
    locale: navigator.language || 'en-US',
    now: () => new Date(),
    subscribe: (onChange) => syncStateItem.watch(() => onChange()),
    async status() {
      const { prefs, version, ...s } = await cacheStatus(db);
      return { ...s, role: prefs.role, dataVersion: version };
    },
    async resolve(record: PanelRecord) {
      const h = record.hints ?? {};
      const id15 = h.salesforceAccountId ? salesforceId15(h.salesforceAccountId) : undefined;
      const domains = [...(h.domains ?? []), ...(h.emailDomains ?? [])].map(normaliseDomain).filter(Boolean);
      const names = (h.names ?? []).map(normaliseName).filter(Boolean);
      const lookups = [
        { index: 'crm.hubspotCompanyId', keys: h.hubspotCompanyId ? [h.hubspotCompanyId] : [] },
        {
          index: 'crm.zendeskOrganizationId',
          keys: h.zendeskOrganizationId ? [h.zendeskOrganizationId] : [],
        },
        { index: '_sf15', keys: id15 ? [id15] : [] },
        { index: '_domains', keys: domains },
        { index: '_name', keys: names },
      ];
      // Every look-up at once (one read-only transaction), not one after the other.
      const [picks, rows] = await Promise.all([picksItem.getValue(), accountsWhere(db, lookups)]);
      const found = new Map<string, StoredAccount>();
      for (const r of rows) found.set(r.id, r);
      const pick = picks[recordKey(record)];
      if (pick && !found.has(pick)) {
        const [a] = await readAccounts(db, [pick]);
        if (a) found.set(a.id, a);
      }
      const r = resolveAccount(record, [...found.values()], pick);
      if (r.status === 'ambiguous') {
        return {
          status: 'ambiguous',
          by: r.by,
          candidates: r.candidates.map((id) => ({ id, name: found.get(id)?.name ?? id })),
        };
      }
      return r;
    },
    async view(accountId: string) {
      const prefs = await readPreferences();
      return accountView(db, accountId, utcDateOf(new Date()), scoringSettings(prefs));
    },
    async history(accountId: string) {
      const prefs = await readPreferences();
      return accountHistory(db, accountId, utcDateOf(new Date()), scoringSettings(prefs));
    },
    async remember(record, accountId) {
      // Only the background writes picks, and only for the record it vouches for to this page.
      const wid = windowId?.();
      const req: Request = {
        type: 'remember-pick',
        recordKey: recordKey(record),
        accountId,
        ...(wid !== undefined ? { windowId: wid } : {}),
      };
      const res = (await browser.runtime.sendMessage(req)) as Response | undefined;
      if (!res?.ok) throw new Error(res?.error ?? 'Healthbar could not remember the pick. Reload the page.');
    },
    async search(query: string) {
      const q = normaliseName(query);
      if (!q) return [];
      const bare = q.replace(/\s+/g, '');
      const rows = await findAccounts(
        db,
        (a) => a._name.includes(q) || a._domains.some((d) => d.includes(bare)),
        8,
      );
      return rows.map((a) => ({ id: a.id, name: a.name }));
    },
  };
}
