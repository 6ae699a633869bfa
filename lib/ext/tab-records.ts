/**
 * What each tab's content script detected, and which panel frame may show it. The background is
 * the only authority on "which record is this panel about": the panel never takes a record from
 * its own URL (any page can frame it, and a page script can rewrite the frame's address).
 *
 * - The content script reports with a `record-detected` message; the background accepts it only
 *   from this extension's content script in a tab's top frame, validates it, checks the page's
 *   tenant against the optional allow-list (lib/crm/tenants) using the URL the *browser* gives
 *   for the sender, and stores it under the sender's own tab id — a page can only ever describe
 *   its own tab. Kept in `storage.session`: in memory only, cleared when the browser closes, and
 *   not readable by content scripts.
 * - Each report carries the content script's **panel key**, a random secret it made when it
 *   mounted its frame. It hands the key to that frame only (`postMessage` to the frame's window,
 *   targeted at the extension's origin), and the frame claims the tab's record with it. The first
 *   frame of the tab to claim with the right key is bound to it (by the browser-given frame id);
 *   every other frame — a page framing the panel itself, a frame from before the tab navigated —
 *   gets no record. The frame stays bound when its document is replaced (a script rewriting its
 *   `src`), and then still only ever sees the tab's own detected record.
 * - The browser's native side panel is not in a tab: it gets the active tab's record of its window.
 * - A remembered pick is stored only for the record the background vouches for to that sender.
 */

import { z } from 'zod';
import { type PanelRecord, panelRecordSchema, recordKey } from '@/lib/contracts/panel-record';
import {
  lastCrmHostsItem,
  loadLastCrmHosts,
  type PanelBinding,
  panelBindingsItem,
  picksItem,
  tabRecordsItem,
} from '@/lib/contracts/storage';
import { hubspotPortalOf, tenantAllowed } from '@/lib/crm/tenants';
import { PANEL_KEY_MESSAGE, PANEL_KEY_PATTERN } from './panel-header';

/** The panel key: `crypto.randomUUID()` in the content script. */
export const panelKeySchema = z.string().regex(PANEL_KEY_PATTERN);

export const recordDetectedSchema = z.object({
  type: z.literal('record-detected'),
  /** null: the tab left a record page (or Healthbar is off there). */
  record: panelRecordSchema.nullable(),
  /** The key the content script handed to the panel frame it mounted (absent: no frame). */
  panelKey: panelKeySchema.optional(),
});
export type RecordDetected = z.output<typeof recordDetectedSchema>;

/** The message the content script posts to its panel frame with the key. */
export const panelKeyMessageSchema = z.object({
  type: z.literal(PANEL_KEY_MESSAGE),
  key: panelKeySchema,
});

/**
 * What the content script answers a frame's hello before the background has stored the record
 * with the frame's key (the frame mounts while the page loads): the key will come, so the frame
 * does not give up on it after its short wait.
 */
export const panelWaitMessageSchema = z.object({ type: z.literal('healthbar-panel-wait') });

export { lastCrmHostsItem, type PanelBinding, panelBindingsItem, picksItem, tabRecordsItem };

/** Who sent a message, as the browser reports it (`runtime.MessageSender`). */
export interface PanelSender {
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/** What `rememberTabRecord` stored: the tab's record, its frame's key, and a key it replaced. */
export interface Remembered {
  record: PanelRecord | null;
  /** The key the record is stored with (absent: no frame may claim it). */
  key?: string;
  /** The tab's previous key, no longer any frame's. */
  replacedKey?: string;
}

/**
 * Stores what a tab's content script reported (called by the background). `url` is the
 * sender's URL as the browser gives it, never the page's own word. A page on a tenant outside
 * the allow-list stores nothing but "no record", gets no panel key and leaves `lastCrmHosts` alone.
 */
export async function rememberTabRecord(
  tabId: number,
  url: string,
  msg: RecordDetected,
  allowList: readonly string[],
): Promise<Remembered> {
  const id = String(tabId);
  const allowed = tenantAllowed(allowList, url);
  const record = allowed ? msg.record : null;
  const bindings = await panelBindingsItem.getValue();
  const current = bindings[id];
  if (!record || !msg.panelKey) {
    if (current) {
      const { [id]: _gone, ...rest } = bindings;
      await panelBindingsItem.setValue(rest);
    }
  } else if (current?.key !== msg.panelKey) {
    // A new frame (the content script mounted another): it must claim the record again.
    await panelBindingsItem.setValue({ ...bindings, [id]: { key: msg.panelKey } });
  }
  const all = await tabRecordsItem.getValue();
  await tabRecordsItem.setValue({ ...all, [id]: record });
  if (record) {
    const u = new URL(url);
    const hosts = await loadLastCrmHosts();
    const next = { ...hosts, [record.crm]: u.host };
    const portal = record.crm === 'hubspot' ? hubspotPortalOf(u.pathname) : undefined;
    if (portal) next.hubspotPortal = portal;
    await lastCrmHostsItem.setValue(next);
  }
  const key = record && msg.panelKey ? msg.panelKey : undefined;
  return {
    record,
    ...(key ? { key } : {}),
    ...(current && current.key !== key ? { replacedKey: current.key } : {}),
  };
}

/**
 * The record the background vouches for to this sender, or null.
 * - A page in a tab (the panel frame; also any page that frames or opens the panel): only the
 *   frame bound to the tab's panel key — `key` claims it the first time — gets the tab's record.
 * - A page in no tab (the native side panel): the record of `activeTabId`, its window's active tab.
 */
export async function vouchedRecord(
  sender: PanelSender,
  key: string | undefined,
  activeTabId: () => Promise<number | undefined>,
): Promise<{ tabId: number; record: PanelRecord } | null> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) {
    const active = await activeTabId();
    if (active === undefined) return null;
    const record = (await tabRecordsItem.getValue())[String(active)];
    return record ? { tabId: active, record } : null;
  }
  const frameId = sender.frameId;
  // The top frame is the CRM page itself; a panel is always a sub-frame.
  if (typeof frameId !== 'number' || frameId <= 0) return null;
  const bindings = await panelBindingsItem.getValue();
  const binding = bindings[String(tabId)];
  if (!binding) return null;
  if (binding.frameId === undefined && key !== undefined && key === binding.key) {
    await panelBindingsItem.setValue({ ...bindings, [String(tabId)]: { key: binding.key, frameId } });
  } else if (binding.frameId !== frameId) {
    return null;
  }
  const record = (await tabRecordsItem.getValue())[String(tabId)];
  return record ? { tabId, record } : null;
}

/**
 * Remembers `accountId` for the record the sender is vouched for — only if that is the record
 * it names (`key`, a `recordKey`): a frame no content script vouched for stores nothing.
 */
export async function rememberPick(
  sender: PanelSender,
  req: { recordKey: string; accountId: string },
  activeTabId: () => Promise<number | undefined>,
  accountExists: (id: string) => Promise<boolean>,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const vouched = await vouchedRecord(sender, undefined, activeTabId);
  if (!vouched || recordKey(vouched.record) !== req.recordKey) {
    return {
      ok: false,
      error:
        'Healthbar remembers a pick only for the record open in this tab. Reload the page and pick again.',
    };
  }
  if (!(await accountExists(req.accountId))) {
    return { ok: false, error: 'That account is no longer in your data. Sync, then pick again.' };
  }
  const picks = await picksItem.getValue();
  await picksItem.setValue({ ...picks, [req.recordKey]: req.accountId });
  return { ok: true };
}

/** Forgets a closed tab; gives the panel key it held, if any. */
export async function forgetTab(tabId: number): Promise<string | undefined> {
  const id = String(tabId);
  const all = await tabRecordsItem.getValue();
  if (id in all) {
    const { [id]: _gone, ...rest } = all;
    await tabRecordsItem.setValue(rest);
  }
  const bindings = await panelBindingsItem.getValue();
  if (id in bindings) {
    const { [id]: gone, ...rest } = bindings;
    await panelBindingsItem.setValue(rest);
    return gone.key;
  }
  return undefined;
}
