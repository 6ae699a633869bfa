/**
 * First start: an empty database (no record, no token) gets the demo dataset and a workspace
 * token, so `npm run server` is enough to try the extension — and, when asked
 * (HEALTHBAR_SEED_BOOK_TOKENS, used by the e2e suite and demos), a token scoped to each listed
 * owner's book, since `npm run tokens` cannot run beside a running PGlite server.
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
  /** Owners (e-mails) to issue a book-scoped token for, beside the workspace token. */
  bookOwners?: readonly string[];
}

export interface SeedResult {
  /** The new workspace token; null when the database was not empty. */
  token: string | null;
  accounts: number;
  /** One book token per `bookOwners` entry (empty when the database was not empty). */
  bookTokens: { owner: string; token: string }[];
}

/** No token and no record: a database never used. */
export async function isEmpty(db: Db): Promise<boolean> {
  return (await countTokens(db)) === 0 && !(await hasAnyRecord(db));
}

export async function seedIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult> {
  if (!(await isEmpty(db))) return { token: null, accounts: 0, bookTokens: [] };
  if (options.accounts > 0) {
    const dataset = generateDataset({ accounts: options.accounts, seed: options.seed, asOf: options.asOf });
    await importJson(db, dataset, { batchSize: options.batchSize ?? 2000 });
  }
  const { token } = await createToken(db, { name: 'demo workspace token' });
  const bookTokens: SeedResult['bookTokens'] = [];
  for (const owner of options.bookOwners ?? []) {
    const book = await createToken(db, { owner, name: `book of ${owner}` });
    bookTokens.push({ owner: book.info.owner ?? owner, token: book.token });
  }
  return { token, accounts: options.accounts, bookTokens };
}

/** Yesterday's UTC date: the demo's data runs through the last complete day. */
export function yesterdayUtc(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}
