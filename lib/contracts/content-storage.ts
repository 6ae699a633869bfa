/**
 * The storage items the content script may use — the subset of lib/contracts/storage that holds
 * no secrets and pulls in no database (Dexie), sync engine or metrics. Content scripts can read
 * all of `storage.local`, so nothing here is, or may become, secret (the connection lives in the
 * extension origin's IndexedDB, lib/ext/settings).
 *
 * - `local:preferences` — the person's preferences (`preferencesSchema`); read with
 *   `readPreferences`, which repairs a damaged value with the defaults.
 * - `local:frameState` — the docked panel's collapsed state and width, per CRM.
 */
import { z } from 'zod';
import { storage } from '#imports';
import { tenantAllowListSchema } from '../crm/tenants';

export const ROLES = ['csm', 'sales', 'support'] as const;
export type Role = (typeof ROLES)[number];

export const preferencesSchema = z.object({
  syncIntervalMin: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  staleAfterHours: z
    .number()
    .min(1)
    .max(24 * 30),
  enabledCrms: z.object({ hubspot: z.boolean(), salesforce: z.boolean(), zendesk: z.boolean() }),
  role: z.enum(ROLES),
  myEmail: z.string(),
  /** Overrides of the scoring settings (metrics core defaults apply to the rest). */
  scoring: z.record(z.string(), z.unknown()),
  /** Tenant keys Healthbar runs on (lib/crm/tenants); empty: every tenant. */
  tenantAllowList: tenantAllowListSchema,
  /** One browser notification per sync that raises alerts (needs the optional `notifications` permission). */
  alertNotifications: z.boolean(),
});
export type Preferences = z.output<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  syncIntervalMin: 15,
  staleAfterHours: 24,
  enabledCrms: { hubspot: true, salesforce: true, zendesk: true },
  role: 'csm',
  myEmail: '',
  scoring: {},
  tenantAllowList: [],
  alertNotifications: false,
};

export const preferencesItem = storage.defineItem<Preferences>('local:preferences', {
  fallback: DEFAULT_PREFERENCES,
  version: 1,
});

/** Reads preferences, repairing anything missing or damaged with the defaults. */
export async function readPreferences(): Promise<Preferences> {
  const raw = await preferencesItem.getValue();
  const merged = { ...DEFAULT_PREFERENCES, ...(raw ?? {}) };
  const parsed = preferencesSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

export const frameStateSchema = z.object({
  collapsed: z.boolean(),
  width: z.number().finite(),
});
export type FrameState = z.output<typeof frameStateSchema>;

/** The docked panel's state per CRM (written and read by the content script only). */
export const frameStateItem = storage.defineItem<Record<string, FrameState>>('local:frameState', {
  fallback: {},
});

/** The stored state of one CRM's panel, or null when none (or damaged). */
export async function readFrameState(crm: string): Promise<FrameState | null> {
  const all = await frameStateItem.getValue();
  return frameStateSchema.safeParse(all?.[crm]).data ?? null;
}
