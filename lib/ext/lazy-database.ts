import type Dexie from 'dexie';

/**
 * A small database of the extension's origin, opened on first use (so a module that defines one
 * opens nothing until it is needed, and loads Dexie only then: the panel's first paint imports
 * the settings, and reads no such database). Every such database is at version 1 with these stores.
 */
export function lazyDatabase<D extends Dexie>(
  name: string,
  stores: Record<string, string>,
): () => Promise<D> {
  let db: Promise<D> | undefined;
  return () => {
    if (!db) {
      db = import('dexie').then(({ default: Dexie }) => {
        const d = new Dexie(name) as D;
        d.version(1).stores(stores);
        return d;
      });
    }
    return db;
  };
}
