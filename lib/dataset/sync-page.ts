/**
 * The sync page's reader, defined in lib/contracts/sync-page.ts (the one definition of the sync
 * page and its changes); re-exported here for the modules that read it beside the dataset formats.
 */
export { type PageRejection, parseSyncPage, type SyncPageResult } from '../contracts/sync-page';
