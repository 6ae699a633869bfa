/**
 * The panel's source over the extension: its IndexedDB cache (Dexie), storage and background. Runs only in
 * extension pages (the panel frame, the side panel).
 */

import { normaliseDomain, normaliseName, resolveAccount, salesforceId15 } from '@/lib/crm';
import { accountHistory, accountView } from '@/lib/db/account-view';
import type { HealthbarDB, StoredAccount } from '@/lib/db/db';
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
export function panelExtensionSource(db: HealthbarDB, windowId?: () => number | undefined): PanelSource {
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
      const none = Promise.resolve([] as StoredAccount[]);
      // Every look-up at once (each its own small read), not one after the other.
      const [picks, ...lists] = await Promise.all([
        picksItem.getValue(),
        h.hubspotCompanyId
          ? db.accounts.where('crm.hubspotCompanyId').equals(h.hubspotCompanyId).toArray()
          : none,
        h.zendeskOrganizationId
          ? db.accounts.where('crm.zendeskOrganizationId').equals(h.zendeskOrganizationId).toArray()
          : none,
        id15 ? db.accounts.where('_sf15').equals(id15).toArray() : none,
        domains.length ? db.accounts.where('_domains').anyOf(domains).toArray() : none,
        names.length ? db.accounts.where('_name').anyOf(names).toArray() : none,
      ]);
      const found = new Map<string, StoredAccount>();
      for (const rows of lists) for (const r of rows) found.set(r.id, r);
      const pick = picks[recordKey(record)];
      if (pick && !found.has(pick)) {
        const a = await db.accounts.get(pick);
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
      const rows = await db.accounts
        .filter((a) => a._name.includes(q) || a._domains.some((d) => d.includes(q.replace(/\s+/g, ''))))
        .limit(8)
        .toArray();
      return rows.map((a) => ({ id: a.id, name: a.name }));
    },
  };
}
