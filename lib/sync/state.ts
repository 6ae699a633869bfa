/**
 * The sync state's words, defined once in lib/contracts/sync-state.ts (below every layer that
 * stores or shows it); re-exported here for the engine and the views that import them from the sync.
 */
export {
  INITIAL_SYNC_STATE,
  REFRESHING_NOTE,
  type SyncState,
  type SyncStatus,
} from '../contracts/sync-state';

/**
 * The phases of a sync page, timed as User Timing measures named `healthbar:sync:<phase>`
 * (the bench reads them from the service worker; DevTools shows them in its Performance panel):
 * `wait` request → headers, `body` headers → last byte read as text, `parse` JSON.parse,
 * `validate` the page's zod validation (lib/contracts/sync-page.ts), `apply` the page's
 * IndexedDB transaction (records converted and written, until it completes), `idle` the sync
 * waiting for its next page (for a page asked for ahead: what the overlap did not hide), `report` the state
 * saved for the UI. The detail of `apply` names the page's largest collection. Each sync clears
 * the previous one's, so they never pile up in a long-lived worker.
 */
export const SYNC_PHASES = ['wait', 'body', 'parse', 'validate', 'apply', 'idle', 'report'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];
