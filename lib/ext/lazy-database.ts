import Dexie from 'dexie';

/**
 * A small database of the extension's origin, opened on first use (so a module that defines one
 * opens nothing until it is needed). Every such database is at version 1 with these stores.
 */
export function lazyDatabase<D extends Dexie>(name: string, stores: Record<string, string>): () => D {
  let db: D | undefined;
  return () => {
    if (!db) {
      db = new Dexie(name) as D;
      db.version(1).stores(stores);
    }
    return db;
  };
}
