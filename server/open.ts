/**
 * Opens the database the environment names, as the server and the tokens CLI do:
 * `DATABASE_URL` (PostgreSQL; `HEALTHBAR_DB_SCHEMA` picks a schema other than the default), else
 * PGlite in `HEALTHBAR_DATA_DIR` (default `.healthbar-data/`), locked for this process.
 */
import { resolve } from 'node:path';
import { lockDataDir } from './data-lock';
import { type Db, openDb } from './db';

export interface OpenedDb {
  db: Db;
  /** Where the data is, for messages (the data folder, or the database URL without its password). */
  where: string;
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the DATABASE_URL database';
  }
}

export async function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<OpenedDb> {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    const schema = env.HEALTHBAR_DB_SCHEMA?.trim() || undefined;
    const db = await openDb({ databaseUrl, schema });
    return {
      db,
      where: redactUrl(databaseUrl) + (schema ? ` (schema ${schema})` : ''),
      close: () => db.close(),
    };
  }
  const dataDir = resolve(env.HEALTHBAR_DATA_DIR?.trim() || '.healthbar-data');
  const unlock = await lockDataDir(dataDir);
  try {
    const db = await openDb({ dataDir });
    return {
      db,
      where: dataDir,
      async close() {
        try {
          await db.close();
        } finally {
          await unlock();
        }
      },
    };
  } catch (e) {
    await unlock();
    throw e;
  }
}
