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
