/**
 * Messages to the background, typed by definition and validated before any handler runs.
 *
 * Only the extension's own pages (options, popup, panel, dashboard) may send them: the
 * background checks the sender's id and that its URL is an extension page, so a content script
 * (whose sender URL is the CRM page) or another extension cannot drive it. A payload that fails
 * its schema is dropped with an error answer.
 */
import { z } from 'zod';
import { taskPatchSchema } from '../contracts/outreach';
import { sentimentSchema, taskSchema } from '../dataset/schema';

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync-now') }),
  z.object({
    type: z.literal('configure'),
    apiUrl: z.string().max(2048),
    token: z.string().max(4096),
    syncIntervalMin: z.number().int().min(5).max(1440).optional(),
    /** Start a sync right away (default true). */
    sync: z.boolean().optional(),
  }),
  z.object({ type: z.literal('test-connection'), apiUrl: z.string().max(2048), token: z.string().max(4096) }),
  z.object({ type: z.literal('get-state') }),
  /** "Re-fetch everything": a staged full sync; the data on screen stays until it is complete. */
  z.object({ type: z.literal('refetch') }),
  /**
   * The panel asks which record it shows (lib/ext/tab-records `vouchedRecord`): a frame with the
   * key its content script handed it, the native side panel with its window.
   */
  z.object({
    type: z.literal('panel-record'),
    key: z.string().max(64).optional(),
    windowId: z.number().int().optional(),
  }),
  /** "Remember this account for this record": stored only for the record vouched for to the sender. */
  z.object({
    type: z.literal('remember-pick'),
    recordKey: z.string().max(200),
    accountId: z.string().min(1).max(256),
    windowId: z.number().int().optional(),
  }),
  /**
   * The background owns the cache's writes: the options page stages the chosen files in the
   * extension origin's IndexedDB (lib/ext/import-staging explains why not in the message) and
   * asks the background to import them.
   */
  z.object({
    type: z.literal('import-staged'),
    stagingId: z.uuid(),
    /** The currency for a CSV folder without `dataset.csv` (the reader validates it). */
    currency: z.string().max(16).optional(),
  }),
  /** "Clear cache": the background empties the cache and resets the sync state. */
  z.object({ type: z.literal('clear-cache') }),
  /** The popup showed the "What changed" list: every alert so far is seen (clears the badge). */
  z.object({ type: z.literal('alerts-seen') }),
  /** "Start outreach": a new task (its id made by the page), kept in the cache and sent to the server. */
  z.object({ type: z.literal('task-create'), task: taskSchema }),
  /** A task's changed fields ("Done"), merged on the server by per-field stamps. */
  z.object({ type: z.literal('task-update'), id: z.string().min(1).max(256), patch: taskPatchSchema }),
  /** A person's sentiment entry on an account. */
  z.object({ type: z.literal('sentiment-record'), entry: sentimentSchema }),
  /** How many outreach writes wait for the server (and which it refused). */
  z.object({ type: z.literal('outbox-state') }),
  /** The person read the notice of a write the server refused: it goes. */
  z.object({ type: z.literal('refused-dismiss'), id: z.number().int().positive() }),
]);
export type Request = z.output<typeof requestSchema>;

export type Response<T = unknown> = { ok: true; data: T } | { ok: false; error: string };

/** Whether a message sender is one of this extension's own pages (never a content script). */
export function isTrustedSender(
  sender: { id?: string; url?: string; tab?: unknown },
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId) return false;
  if (!sender.url) return false;
  return sender.url.startsWith(extensionOrigin);
}

/**
 * What the background tells its own pages when a tab's detected record changed: nothing to trust,
 * only "ask me again" (the panel then asks with `panel-record`). A broadcast rather than a watch
 * of `session:tabRecords`, which Firefox does not expose to an extension page framed in a website.
 */
export const tabRecordsChangedSchema = z.object({ type: z.literal('tab-records-changed') });
export const TAB_RECORDS_CHANGED: z.output<typeof tabRecordsChangedSchema> = { type: 'tab-records-changed' };
