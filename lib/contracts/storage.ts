/**
 * Every extension-storage item, defined once (key, type, fallback, version). Values from storage
 * are read through their zod readers, so a damaged value falls back to defaults instead of
 * breaking a page. The content script imports only ./content-storage (re-exported here), which
 * holds no secrets and pulls in no database.
 *
 * `local:` (extension pages, background; content scripts could read it too):
 * - `local:preferences`, `local:frameState` — see ./content-storage.
 * - `local:connection` — where versions up to 0.1 kept the connection; emptied on first read
 *   (the connection now lives in the extension origin's IndexedDB, lib/ext/settings).
 * - `local:tokenScope` — what the API token may read (`GET /v1/me`), null when unknown.
 * - `local:syncState` — the last sync's state (./sync-state), written by the background.
 * - `local:picks` — remembered picks, record key → account id (written by the background only).
 * - `local:lastCrmHosts` — the CRM hosts last seen (`lastCrmHostsSchema`, ./last-crm-hosts),
 *   written by the background when a content script reports a record; popup and options read it.
 * - `local:targets` — the person's targets (`targetsSchema`); outside the cache, so a re-sync or
 *   "Clear cache" never loses them. `local:dashboard` — the dashboard's preferences.
 * - `local:alerts` — the alerts' memory, the raised alerts and when they were last seen
 *   (`alertsStateSchema`, ./alerts), written by the background and the popup's "seen" request.
 * - `local:review` — the success review's workspace name and value statements
 *   (`reviewSettingsSchema`, ./review-settings), written by the review page.
 *
 * `session:` (in memory, cleared when the browser closes, not readable by content scripts):
 * - `session:tabRecords` — each tab's detected record; `session:panelBindings` — each tab's panel
 *   key and the frame that claimed it (lib/ext/tab-records).
 * - `session:panelHeader:<key>` — the header the background prepared for the panel frame holding
 *   `key`, read by that frame's first script (lib/ext/panel-header: no zod there, checked by hand).
 */
import { z } from 'zod';
import { storage } from '#imports';
import { type LastCrmHosts, readLastCrmHosts } from './last-crm-hosts';
import type { PanelRecord } from './panel-record';
import { INITIAL_SYNC_STATE, type SyncState } from './sync-state';

export * from './content-storage';

/** The connection to the Healthbar server (secret: never in a content script's reach). */
export const connectionSchema = z.object({
  apiUrl: z.string(),
  token: z.string(),
});
export type Connection = z.output<typeof connectionSchema>;

/** Where versions up to 0.1 kept the connection (readable by content scripts); emptied on first read. */
export const legacyConnectionItem = storage.defineItem<Connection>('local:connection', {
  fallback: { apiUrl: '', token: '' },
  version: 1,
});

/** What the token may read, from `GET /v1/me` when the connection was saved (null: unknown). */
export interface TokenScope {
  scope: 'workspace' | 'book';
  owner?: string;
}
export const tokenScopeItem = storage.defineItem<TokenScope | null>('local:tokenScope', { fallback: null });

export const syncStateItem = storage.defineItem<SyncState>('local:syncState', {
  fallback: INITIAL_SYNC_STATE,
  version: 1,
});

export const tabRecordsItem = storage.defineItem<Record<string, PanelRecord | null>>('session:tabRecords', {
  fallback: {},
});

/** Per tab: the content script's current panel key and the frame that claimed it. */
export interface PanelBinding {
  key: string;
  frameId?: number;
}
export const panelBindingsItem = storage.defineItem<Record<string, PanelBinding>>('session:panelBindings', {
  fallback: {},
});

/** Remembered picks: record key → account id (written only by the background, see `rememberPick`). */
export const picksItem = storage.defineItem<Record<string, string>>('local:picks', { fallback: {} });

/** Raw: read it with `loadLastCrmHosts`, which drops any key that is not a CRM host. */
export const lastCrmHostsItem = storage.defineItem<unknown>('local:lastCrmHosts', { fallback: {} });

export async function loadLastCrmHosts(): Promise<LastCrmHosts> {
  return readLastCrmHosts(await lastCrmHostsItem.getValue());
}

/** Raw: read with `readTargets` / `readDashboardPrefs` (lib/portfolio/targets). */
export const targetsItem = storage.defineItem<unknown>('local:targets', { fallback: [] });
export const dashboardPrefsItem = storage.defineItem<unknown>('local:dashboard', { fallback: null });

/** Raw: read with `readAlertsState` (./alerts). */
export const alertsItem = storage.defineItem<unknown>('local:alerts', { fallback: null });

/** Raw: read with `readReviewSettings` (./review-settings): the success review's workspace name and value statements. */
export const reviewSettingsItem = storage.defineItem<unknown>('local:review', { fallback: null });
