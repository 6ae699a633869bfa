/**
 * What each tab's content script last detected, for the browser's native side panel (which has
 * no page of its own to read) and for the popup. Kept in `storage.session`: in memory only,
 * cleared when the browser closes, and not readable by content scripts.
 *
 * The content script reports with a `record-detected` message; the background accepts it only
 * from this extension's content scripts (a sender with a tab), validates it with the same
 * schema as the panel's fragment, and stores it under the sender's tab id — a page can only
 * ever describe its own tab.
 */

import { z } from 'zod';
import { storage } from '#imports';
import { panelRecordSchema } from '@/components/panel/record';
import type { PanelRecord } from '@/components/panel/source';

export const recordDetectedSchema = z.object({
  type: z.literal('record-detected'),
  /** null: the tab left a record page. */
  record: panelRecordSchema.nullable(),
  /** The CRM host and, for HubSpot, the portal — to build links back into the CRM. */
  host: z.string().max(253),
  hubspotPortal: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});
export type RecordDetected = z.output<typeof recordDetectedSchema>;

export const tabRecordsItem = storage.defineItem<Record<string, PanelRecord | null>>('session:tabRecords', {
  fallback: {},
});

export const lastCrmHostsSchema = z.object({
  hubspot: z.string().optional(),
  hubspotPortal: z.string().optional(),
  salesforce: z.string().optional(),
  zendesk: z.string().optional(),
});
export const lastCrmHostsItem = storage.defineItem<z.output<typeof lastCrmHostsSchema>>(
  'local:lastCrmHosts',
  {
    fallback: {},
  },
);

/** Stores what a tab's content script reported (called by the background). */
export async function rememberTabRecord(tabId: number, msg: RecordDetected): Promise<void> {
  const all = await tabRecordsItem.getValue();
  await tabRecordsItem.setValue({ ...all, [String(tabId)]: msg.record as PanelRecord | null });
  if (msg.record) {
    const hosts = lastCrmHostsSchema.parse(await lastCrmHostsItem.getValue());
    const next = { ...hosts, [msg.record.crm]: msg.host };
    if (msg.record.crm === 'hubspot' && msg.hubspotPortal) next.hubspotPortal = msg.hubspotPortal;
    await lastCrmHostsItem.setValue(next);
  }
}

export async function forgetTab(tabId: number): Promise<void> {
  const all = await tabRecordsItem.getValue();
  if (!(String(tabId) in all)) return;
  const { [String(tabId)]: _gone, ...rest } = all;
  await tabRecordsItem.setValue(rest);
}
