/**
 * What the panel needs (`PanelSource`). The extension's own (extension-source.ts,
 * `panelExtensionSource`) reads the extension's IndexedDB and storage (the panel is an extension
 * page, never the CRM's origin); component tests pass a fake.
 */
import type { PanelRecord } from '@/lib/contracts/panel-record';
import type { AccountHistory, AccountView } from '@/lib/db/account-view';
import type { Role } from '@/lib/ext/settings';
import type { SyncState } from '@/lib/sync/engine';

// The panel record (schema, type, key) is a shared contract: lib/contracts/panel-record.
export { type PanelRecord, recordKey } from '@/lib/contracts/panel-record';

export interface PanelStatus {
  configured: boolean;
  hasData: boolean;
  sync: SyncState;
  staleAfterHours: number;
  role: Role;
  /** Scoring settings in force (validated). */
  dataVersion: number;
}

export type PanelResolution =
  | { status: 'matched'; accountId: string; by: string }
  | { status: 'ambiguous'; candidates: { id: string; name: string }[]; by: string }
  | { status: 'none'; tried: string[] };

export interface PanelSource {
  status(): Promise<PanelStatus>;
  resolve(record: PanelRecord): Promise<PanelResolution>;
  view(accountId: string): Promise<AccountView | null>;
  /** The account's score history (computed when the person opens it). */
  history(accountId: string): Promise<AccountHistory | null>;
  remember(record: PanelRecord, accountId: string): Promise<void>;
  search(query: string): Promise<{ id: string; name: string }[]>;
  /**
   * Calls `onChange` whenever the sync state changes (a sync starts, moves on, finishes or fails),
   * so a panel opened before the first sync — or left open through one — shows the new state and
   * data without being reopened. Returns the unsubscribe function.
   */
  subscribe?(onChange: () => void): () => void;
  now(): Date;
  locale: string;
}
