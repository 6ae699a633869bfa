/**
 * What the options page needs (`OptionsSource`). The extension's own (extension-source.ts,
 * `optionsExtensionSource`) wraps storage, Dexie and messages to the background; component tests
 * pass a fake.
 */
import type { ConnectionTest } from '@/lib/ext/connection';
import type { Preferences } from '@/lib/ext/settings';
import type { Settings } from '@/lib/metrics';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import type { ScoringPreview } from '@/lib/portfolio/scoring';
import type { SyncState } from '@/lib/sync/state';

export interface OptionsSource {
  load(): Promise<{ apiUrl: string; hasToken: boolean; prefs: Preferences; sync: SyncState }>;
  testConnection(apiUrl: string, token: string): Promise<ConnectionTest>;
  saveConnection(apiUrl: string, token: string): Promise<{ ok: boolean; message: string }>;
  grantAccess(apiUrl: string): Promise<{ ok: boolean; message: string }>;
  savePreferences(p: Preferences): Promise<void>;
  /**
   * Alert notifications on or off. On asks for the optional `notifications` permission (this is
   * the one place Healthbar asks for it); false when the person refused it.
   */
  setAlertNotifications(on: boolean): Promise<{ ok: boolean; message: string }>;
  syncNow(): Promise<SyncState>;
  /** "Re-fetch everything": a staged full sync (the data shown stays until it is complete). */
  refetch(): Promise<SyncState>;
  importFiles(files: File[], currency?: string): Promise<{ ok: boolean; message: string; details: string[] }>;
  stats(): Promise<{
    accounts: number;
    users: number;
    tickets: number;
    surveys: number;
    /** Deals (DATASET.md `deals`, optional: absent from the line when 0). */
    deals?: number;
    usageDays: number;
    dataThrough?: string;
    source?: string;
    /** Records rejected since the data was last fetched whole (or in the imported file). */
    rejectedTotal: number;
    rejected: { at: string; collection: string; ref: string; message: string }[];
    storage?: { usage: number; quota: number };
    token: string;
  }>;
  clearCache(): Promise<void>;
  exportDataset(): Promise<{ ok: boolean; message: string }>;
  /** Which cached accounts would change band going from `current` to `proposed` (null without data). */
  previewScoring(proposed: Settings, current: Settings): Promise<ScoringPreview | null>;
  /** The CRM hosts last seen (`local:lastCrmHosts`). */
  crmHosts(): Promise<LastCrmHosts>;
  now(): Date;
}
