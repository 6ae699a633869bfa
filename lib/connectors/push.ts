/**
 * `--server`: push only what changed to a Healthbar server (server/README.md): upserts through
 * `POST /v1/import` (JSON), deletions through `DELETE /v1/records/…`.
 *
 * The server's own content is the previous state: it is read once with `GET /v1/sync` (a full
 * snapshot), so an account whose fields did not change keeps the server's `updatedAt`, and a
 * record that is the same on the server is not sent (the extension's next sync stays small).
 *
 * Choices where the contract is silent:
 * - Deleted are the rows (revenue, usage, users, tickets, surveys, deals) of accounts this run wrote
 *   that the run no longer gives. Accounts are never deleted, nor are plans, features,
 *   milestones or rows of accounts the run does not know (someone else may have imported them).
 * - Upserts go in one JSON import per 20,000 records.
 */

import { parseSyncPage } from '../contracts/sync-page';
import { COLLECTIONS, type CollectionName, type Dataset, recordKey } from '../dataset/schema';
import { type AccountState, accountHash } from './resolve';

export interface ServerTarget {
  url: string;
  token: string;
}

export interface ServerState {
  currency: string;
  dataThrough?: string;
  records: Map<CollectionName, Map<string, unknown>>;
  accounts: Record<string, AccountState>;
}

/** The push (or reading the server before it) failed: exit 2. */
export class PushFailure extends Error {}

const IMPORT_BATCH = 20_000;
const ROW_COLLECTIONS = new Set<CollectionName>(['revenue', 'usage', 'users', 'tickets', 'surveys', 'deals']);

function endpoint(target: ServerTarget, path: string): string {
  return new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`).toString();
}

async function request(target: ServerTarget, method: string, path: string, body?: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(endpoint(target, path), {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (e) {
    throw new PushFailure(`the push to ${target.url} failed: ${(e as Error).message}`);
  }
  return res;
}

async function failure(target: ServerTarget, what: string, res: Response): Promise<PushFailure> {
  let detail = '';
  try {
    const j = (await res.json()) as { error?: { message?: string } };
    detail = j.error?.message ?? '';
  } catch {
    /* not JSON */
  }
  return new PushFailure(
    `the push to ${target.url} failed: ${what} answered ${res.status}${detail ? ` (${detail})` : ''}.`,
  );
}

/** Reads the server's whole workspace through the sync API (paged to the end). */
export async function readServerState(target: ServerTarget): Promise<ServerState> {
  const records = emptyRecords();
  let cursor: string | undefined;
  let currency = '';
  let dataThrough: string | undefined;
  for (;;) {
    const q = `v1/sync?limit=5000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await request(target, 'GET', q);
    if (!res.ok) throw await failure(target, 'GET /v1/sync', res);
    const page = parseSyncPage(await res.json());
    if (!page.ok) throw new PushFailure(`the push to ${target.url} failed: ${page.message}`);
    currency = page.currency;
    dataThrough = page.dataThrough;
    for (const ch of page.changes) {
      const map = records.get(ch.collection) as Map<string, unknown>;
      if ('record' in ch) map.set(recordKey(ch.collection, ch.record as never), ch.record);
      else
        map.delete(
          'key' in ch ? `${ch.key.accountId}\u0000${'month' in ch.key ? ch.key.month : ch.key.date}` : ch.id,
        );
    }
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return { currency, dataThrough, records, accounts: accountStates(records) };
}

/** Stable JSON for comparing a record with the server's copy. */
function same(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(canon).join(',')}]`
      : v !== null && typeof v === 'object'
        ? `{${Object.keys(v)
            .sort()
            .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
            .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
            .join(',')}}`
        : JSON.stringify(v);
  return canon(a) === canon(b);
}

export interface PushResult {
  upserts: number;
  tombstones: number;
}

/** A row to delete on the server: its collection and stored key (revenue/usage: account + month/date). */
export interface Deletion {
  collection: CollectionName;
  rid: string;
  rsub: string;
}

export interface PushPlan {
  /** Records new or different from the server's copy, per collection. */
  changed: Partial<Record<CollectionName, unknown[]>>;
  upserts: number;
  deletions: Deletion[];
}

/** An empty record map per collection (what `ServerState.records` holds). */
export function emptyRecords(): Map<CollectionName, Map<string, unknown>> {
  return new Map(COLLECTIONS.map((c) => [c, new Map<string, unknown>()]));
}

/** The previous-run state of every account the server holds (its hash and `updatedAt`). */
export function accountStates(records: ServerState['records']): Record<string, AccountState> {
  const accounts: Record<string, AccountState> = {};
  for (const a of (
    records.get('accounts') as Map<string, { updatedAt: string } & Parameters<typeof accountHash>[0]>
  ).values()) {
    accounts[a.id] = { hash: accountHash(a), updatedAt: a.updatedAt };
  }
  return accounts;
}

/**
 * What to send: the records that differ from the server's, and the rows of accounts this run
 * wrote that it no longer gives (used by `--server` here and by the server's own ingest).
 */
export function planPush(server: Pick<ServerState, 'records'>, dataset: Dataset): PushPlan {
  const changed: Partial<Record<CollectionName, unknown[]>> = {};
  let upserts = 0;
  const deletions: Deletion[] = [];
  const ours = new Set(dataset.accounts.map((a) => a.id));
  for (const c of COLLECTIONS) {
    const theirs = server.records.get(c) as Map<string, unknown>;
    const keys = new Set<string>();
    for (const r of (dataset[c] ?? []) as unknown[]) {
      const key = recordKey(c, r as never);
      keys.add(key);
      if (theirs.has(key) && same(theirs.get(key), r)) continue;
      const list = changed[c] ?? [];
      list.push(r);
      changed[c] = list;
      upserts++;
    }
    if (!ROW_COLLECTIONS.has(c)) continue;
    for (const [key, r] of theirs) {
      const accountId = (r as { accountId: string }).accountId;
      if (keys.has(key) || !ours.has(accountId)) continue;
      if (c === 'revenue')
        deletions.push({ collection: c, rid: accountId, rsub: (r as { month: string }).month });
      else if (c === 'usage')
        deletions.push({ collection: c, rid: accountId, rsub: (r as { date: string }).date });
      else deletions.push({ collection: c, rid: (r as { id: string }).id, rsub: '' });
    }
  }
  return { changed, upserts, deletions };
}

function deletionPath(d: Deletion): string {
  const enc = encodeURIComponent;
  if (d.collection === 'revenue') return `v1/records/revenue/${enc(d.rid)}?month=${enc(d.rsub)}`;
  if (d.collection === 'usage') return `v1/records/usage/${enc(d.rid)}?date=${enc(d.rsub)}`;
  return `v1/records/${d.collection}/${enc(d.rid)}`;
}

export async function pushChanges(
  target: ServerTarget,
  server: ServerState,
  dataset: Dataset,
): Promise<PushResult> {
  const plan = planPush(server, dataset);
  const { changed, upserts } = plan;
  const deletions = plan.deletions.map(deletionPath);
  // One import per batch of records, collections in DATASET.md order so accounts come first.
  const header = {
    schemaVersion: dataset.schemaVersion,
    currency: dataset.currency,
    generatedAt: dataset.generatedAt,
    dataThrough: dataset.dataThrough,
  };
  let batch: Record<string, unknown[]> = {};
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const res = await request(target, 'POST', 'v1/import', JSON.stringify({ ...header, ...batch }));
    if (!res.ok) throw await failure(target, 'POST /v1/import', res);
    batch = {};
    size = 0;
  };
  for (const c of COLLECTIONS) {
    for (const r of changed[c] ?? []) {
      const list = batch[c] ?? [];
      list.push(r);
      batch[c] = list;
      size++;
      if (size >= IMPORT_BATCH) await flush();
    }
  }
  // A run that changes no record still moves the server's dataThrough forward (header only).
  if (size === 0 && dataset.dataThrough !== server.dataThrough) size = 1;
  await flush();
  for (const path of deletions) {
    const res = await request(target, 'DELETE', path);
    if (!res.ok && res.status !== 404) throw await failure(target, `DELETE /${path}`, res);
  }
  return { upserts, tombstones: deletions.length };
}
