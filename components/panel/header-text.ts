/**
 * The words of the panel's header and status banner, written once for the React panel
 * (Panel.tsx) and its first paint without React (first-paint.ts), so both show the same.
 */
import type { AccountView } from '@/lib/db/account-view';
import { ago } from '@/lib/format';
import { REFRESHING_NOTE } from '@/lib/sync/state';
import type { PanelStatus } from './source';

/** Plan, segment and owner, joined (empty: none known). */
export function headerMeta(v: AccountView): string {
  return [v.plan?.name, v.account.segment, v.account.owner].filter(Boolean).join(' · ');
}

export { NO_DELTA_WHY } from './header-dom';

/** The banner above the account (offline, failed sync, refreshing, stale), or null for none. */
export function bannerText(s: PanelStatus | undefined, now: Date): string | null {
  if (!s?.hasData) return null;
  const last = s.sync.lastSuccessAt ? Date.parse(s.sync.lastSuccessAt) : null;
  const stale = last !== null && now.getTime() - last > s.staleAfterHours * 3_600_000;
  if (s.sync.status === 'offline')
    return `Offline — showing cached data from ${ago(s.sync.lastSuccessAt, now)}.`;
  if (s.sync.status === 'error') return `Sync failed: ${s.sync.error} Showing cached data.`;
  if (s.sync.status === 'syncing' && s.sync.refreshing) return REFRESHING_NOTE;
  if (stale) return `Stale — last synced ${ago(s.sync.lastSuccessAt, now)}.`;
  return null;
}
