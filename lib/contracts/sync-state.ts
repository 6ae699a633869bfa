/**
 * The sync state every view reads (panel, popup, dashboard, options), apart from the engine so
 * that those pages import its words without bundling the engine and its HTTP client. A contract
 * (the background stores it as `local:syncState`, ./storage), so it sits in lib/contracts, below
 * the sync (lib/sync/state re-exports it).
 */
export type SyncStatus = 'never' | 'syncing' | 'ok' | 'offline' | 'error';

export interface SyncState {
  status: SyncStatus;
  /** Pages and records applied by the run under way (or the last run). */
  pages: number;
  records: number;
  /** Records rejected by the last run, with the first reasons. */
  rejected: number;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** What happened and what to do, for people. */
  error?: string;
  /** True when the last failure was the storage quota. */
  quota?: boolean;
  /**
   * True while a full re-fetch is staged and not yet complete (under way, or interrupted and to
   * be continued): every view shows the previous complete data and says it is refreshing.
   */
  refreshing?: boolean;
}

/** What every view says while `refreshing` (one wording for the panel, popup, dashboard and options). */
export const REFRESHING_NOTE =
  'A full refresh of the data is under way; the previous complete data is shown until it has finished.';

export const INITIAL_SYNC_STATE: SyncState = { status: 'never', pages: 0, records: 0, rejected: 0 };
