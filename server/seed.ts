/**
 * First start: an empty database (no record, no token) gets the demo dataset and a workspace
 * token, so `npm run server` is enough to try the extension.
 */
import { generateDataset } from '../lib/demo/generate';
import type { Db } from './db';
import { importJson } from './import';
import { hasAnyRecord } from './store';
import { countTokens, createToken } from './tokens-store';

export interface SeedOptions {
  /** Demo accounts to generate (0: none, only the token). */
  accounts: number;
  seed: number;
  /** The demo's last day of data (`dataThrough`). */
  asOf: string;
  batchSize?: number;
}

export interface SeedResult {
  /** The new workspace token; null when the database was not empty. */
  token: string | null;
  accounts: number;
}

/** No token and no record: a database never used. */
export async function isEmpty(db: Db): Promise<boolean> {
  return (await countTokens(db)) === 0 && !(await hasAnyRecord(db));
}

export async function seedIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult> {
  if (!(await isEmpty(db))) return { token: null, accounts: 0 };
  if (options.accounts > 0) {
    const dataset = generateDataset({ accounts: options.accounts, seed: options.seed, asOf: options.asOf });
    await importJson(db, dataset, { batchSize: options.batchSize ?? 2000 });
  }
  const { token } = await createToken(db, { name: 'demo workspace token' });
  return { token, accounts: options.accounts };
}

/** Yesterday's UTC date: the demo's data runs through the last complete day. */
export function yesterdayUtc(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
