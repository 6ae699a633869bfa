/**
 * Hands files chosen on the options page to the background, which owns the cache's writes.
 *
 * Why not put the data in the message: `runtime.sendMessage` serialises its payload (as JSON in
 * Chrome), so a `File` cannot cross it, and sending the parsed dataset would copy a file of
 * hundreds of megabytes through the message channel twice (serialise, then parse) while both
 * sides hold it in memory. Files, however, can be stored in IndexedDB as they are (the browser
 * keeps them as blobs, usually without reading them into memory), and the options page and the
 * background share the extension's origin. So the page stores the files under a random id, sends
 * only the id (a small, zod-validated message), and the background takes them out, reads and
 * applies them, and deletes them. Nothing here is reachable from a content script.
 */
import type { Dexie, EntityTable } from 'dexie';
import { lazyDatabase } from './lazy-database';

interface Staged {
  id: string;
  /** Name and contents apart: a stored `File` may come back as a plain `Blob` (its name lost). */
  files: { name: string; type: string; data: Blob }[];
  /** When staged (ISO); a file left behind by a page closed mid-import is dropped on the next take. */
  at: string;
}

type StagingDb = Dexie & { staged: EntityTable<Staged, 'id'> };
const staging = lazyDatabase<StagingDb>('healthbar-import-staging', { staged: 'id' });

/** Stores the files for the background; returns the id to send it. */
export async function stageFiles(files: readonly File[], now = new Date()): Promise<string> {
  const id = crypto.randomUUID();
  await (await staging()).staged.put({
    id,
    files: files.map((f) => ({ name: f.name, type: f.type, data: f })),
    at: now.toISOString(),
  });
  return id;
}

/** Takes the staged files out (null when there are none under `id`), and drops stale leftovers. */
export async function takeStagedFiles(id: string, now = new Date()): Promise<File[] | null> {
  const db = await staging();
  return db.transaction('rw', db.staged, async () => {
    const row = await db.staged.get(id);
    await db.staged.delete(id);
    const stale = new Date(now.getTime() - 86_400_000).toISOString();
    await db.staged.filter((s) => s.at < stale).delete();
    return row ? row.files.map((f) => new File([f.data], f.name, { type: f.type })) : null;
  });
}

/** Drops staged files the background never took (it did not answer). */
export async function dropStagedFiles(id: string): Promise<void> {
  await (await staging()).staged.delete(id);
}
