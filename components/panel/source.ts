/**
 * Where the panel's data comes from. The real source reads the extension's IndexedDB and
 * storage (the panel is an extension page, never the CRM's origin); component tests pass a fake.
 */
import type { DetectionDiagnostics } from '@/lib/crm';
import type { AccountHints, CrmName } from '@/lib/crm/types';
import type { AccountView } from '@/lib/db/account-view';
import type { Role } from '@/lib/ext/settings';
import type { SyncState } from '@/lib/sync/engine';

/** What the content script tells the panel (through the frame URL's fragment). */
export interface PanelRecord {
  crm: CrmName;
  objectType: string;
  recordId: string;
  hints: AccountHints;
  recordName?: string;
  diagnostics?: DetectionDiagnostics;
  /** The content script is still waiting for parts of the page (late associations). */
  pending?: boolean;
}

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

export function recordKey(r: Pick<PanelRecord, 'crm' | 'objectType' | 'recordId'>): string {
  return `${r.crm}:${r.objectType}:${r.recordId}`;
}
