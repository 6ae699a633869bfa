/**
 * The sync engine: pulls `GET /v1/sync` pages and applies each one, together with its cursor,
 * in one IndexedDB transaction. An interruption at any point leaves the previous consistent
 * cache, and the next run resumes from the last committed cursor. Replaying a page is a no-op.
 * A full sync (snapshot) is staged and made live only with its last page (lib/db/snapshot.ts):
 * until then every view keeps the previous complete data, and the state says it is refreshing.
 * The incremental poll sends the server's ETag (If-None-Match); a 304 applies nothing.
 *
 * Everything it needs is passed in (database, HTTP, clock, sleep, random), so tests run it
 * against a real HTTP server with fake-indexeddb and no waiting.
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { type PageRejection, parseSyncPage } from '../contracts/sync-page';
import type { HealthbarDB } from '../db/db';
import {
  abandonSnapshot,
  applyIncrementalPage,
  applySnapshotPage,
  CacheChangedError,
  newSnapshotPlan,
  planOf,
  requestSnapshot,
  type SnapshotPlan,
} from '../db/snapshot';
import { REFRESHING_NOTE, SYNC_PHASES, type SyncPhase, type SyncState } from './state';

export {
  INITIAL_SYNC_STATE,
  REFRESHING_NOTE,
  SYNC_PHASES,
  type SyncPhase,
  type SyncState,
  type SyncStatus,
} from './state';

export interface SyncDeps {
  db: HealthbarDB;
  apiUrl: string;
  token: string;
  /** Page size asked of the server. */
  limit?: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Receives every state change (persisted by the background for the UI). */
  report: (state: SyncState) => void | Promise<void>;
  /** Records rejected in a page, stored for the diagnostics. */
  onRejected?: (rows: PageRejection[]) => void | Promise<void>;
  fetch?: typeof fetch;
  /** Longest wait for one page, headers and body together (default 30 s). */
  timeoutMs?: number;
  /** Largest page body read, in bytes (default 64 MiB); a larger one is asked for again in smaller pages. */
  maxPageBytes?: number;
  maxAttempts?: number;
  /** Stops after this many pages (tests of resumption); the cursor of the last page is kept. */
  maxPages?: number;
}

/** Classified failure of one request. */
export class SyncHttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'offline' | 'retryable' | 'auth' | 'fatal' | 'expired' | 'too-large',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : undefined;
}

export const DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024;

const perf = (globalThis as { performance?: Performance }).performance;

function measure(phase: SyncPhase, start: number, detail?: unknown): void {
  if (!perf?.measure) return;
  try {
    perf.measure(`healthbar:sync:${phase}`, { start, end: perf.now(), detail });
  } catch {
    // A runtime without the options form of measure: timings are a diagnosis only.
  }
}

function clearMeasures(): void {
  for (const p of SYNC_PHASES) perf?.clearMeasures?.(`healthbar:sync:${p}`);
}

const now = (): number => perf?.now() ?? Date.now();

/** The collection most of a page's changes belong to (the page type of the timings). */
function pageKind(changes: readonly { collection: string }[]): string {
  const n = new Map<string, number>();
  let best = '';
  let most = 0;
  for (const c of changes) {
    const k = (n.get(c.collection) ?? 0) + 1;
    n.set(c.collection, k);
    if (k > most) {
      most = k;
      best = c.collection;
    }
  }
  return best;
}

function mb(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * The body as text, refusing more than `max` bytes (the declared length, or what arrives). The
 * caller's abort signal (the page timeout) also ends the read: a body that stalls half-way must
 * not hang the sync.
 */
async function readBody(res: Response, max: number): Promise<string> {
  const tooLarge = (n: number) =>
    new SyncHttpError(
      `The server sent a sync page of ${mb(n)} or more; Healthbar reads pages up to ${mb(max)}.`,
      'too-large',
    );
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    throw tooLarge(declared);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const dec = new TextDecoder('utf-8');
  let text = '';
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.byteLength;
    if (n > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(n);
    }
    text += dec.decode(value, { stream: true });
  }
  return text + dec.decode();
}

/**
 * Fetches one page; throws SyncHttpError with a kind that drives the retry policy.
 *
 * `timeoutMs` bounds the whole exchange, body included (ky's own timeout ends with the headers).
 * A page that echoes the cursor it answers (`cursor`, null for the first page) must echo the one
 * asked for: an answer for another position (a cache or proxy in between mixing up requests,
 * pages repeated or reordered) is refused before anything of it is applied, and retried.
 */
export type FetchedPage = { notModified: true } | { notModified: false; raw: unknown; etag?: string };

export async function fetchSyncPage(
  deps: SyncDeps,
  cursor: string | undefined,
  limit: number = deps.limit ?? 2000,
  ifNoneMatch?: string,
): Promise<FetchedPage> {
  const url = new URL('v1/sync', deps.apiUrl.endsWith('/') ? deps.apiUrl : `${deps.apiUrl}/`);
  if (cursor) url.searchParams.set('cursor', cursor);
  url.searchParams.set('limit', String(limit));
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deps.timeoutMs ?? 30_000);
  try {
    const t0 = now();
    const res = await ky.get(url, {
      headers: {
        authorization: `Bearer ${deps.token}`,
        ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}),
      },
      timeout: false,
      retry: 0,
      fetch: deps.fetch,
      cache: 'no-store',
      signal: controller.signal,
    });
    measure('wait', t0);
    const t1 = now();
    const text = await readBody(res, deps.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES);
    measure('body', t1);
    const t2 = now();
    const raw: unknown = JSON.parse(text);
    measure('parse', t2);
    if (raw && typeof raw === 'object' && Object.hasOwn(raw, 'cursor')) {
      const echoed = (raw as { cursor: unknown }).cursor;
      if (echoed !== (cursor ?? null)) {
        throw new SyncHttpError(
          'The server answered for another sync position (a proxy or cache in between?); nothing of it was applied and Healthbar will retry.',
          'retryable',
        );
      }
    }
    return { notModified: false, raw, etag: res.headers.get('etag') ?? undefined };
  } catch (e) {
    if (e instanceof SyncHttpError) throw e;
    // Nothing changed since the ETag sent (ky counts any status outside 2xx as an error).
    if (ifNoneMatch && e instanceof HTTPError && e.response.status === 304) return { notModified: true };
    if (timedOut || e instanceof TimeoutError) {
      throw new SyncHttpError('The server did not answer in time; Healthbar will retry.', 'retryable');
    }
    if (e instanceof HTTPError) {
      const s = e.response.status;
      if (s === 401 || s === 403) {
        throw new SyncHttpError(
          s === 401
            ? 'The server refused the API token (401). Paste a valid token in the options.'
            : 'This token may not read the data (403). Ask for a token with access.',
          'auth',
        );
      }
      if (s === 410) {
        throw new SyncHttpError(
          'The server no longer knows this sync position; starting a full sync.',
          'expired',
        );
      }
      if (s === 429 || s >= 500) {
        throw new SyncHttpError(
          `The server is ${s === 429 ? 'busy (429)' : `failing (${s})`}; Healthbar will retry.`,
          'retryable',
          retryAfterMs(e.response.headers.get('retry-after'), deps.now()),
        );
      }
      throw new SyncHttpError(
        `The server answered ${s} to ${url.origin}${url.pathname}. Check the API URL in the options.`,
        'fatal',
      );
    }
    if (e instanceof SyntaxError) {
      throw new SyncHttpError(
        'The server sent an answer that is not valid JSON (cut off?); Healthbar will retry.',
        'retryable',
      );
    }
    throw new SyncHttpError(
      `Could not reach ${url.origin} (${e instanceof Error ? e.message : String(e)}). Check your connection and the API URL.`,
      'offline',
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Exponential backoff with full jitter, honouring Retry-After when the server sends it. */
export function backoffMs(attempt: number, random: () => number, retryAfter?: number): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, 5 * 60_000);
  const cap = Math.min(60_000, 1000 * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}

async function fetchWithRetry(
  deps: SyncDeps,
  cursor: string | undefined,
  limit: number,
  ifNoneMatch: string | undefined,
): Promise<FetchedPage> {
  const max = deps.maxAttempts ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchSyncPage(deps, cursor, limit, ifNoneMatch);
    } catch (e) {
      const err = e instanceof SyncHttpError ? e : new SyncHttpError(String(e), 'fatal');
      const retryable = err.kind === 'retryable' || err.kind === 'offline';
      if (!retryable || attempt + 1 >= max) throw err;
      await deps.sleep(backoffMs(attempt, deps.random, err.retryAfterMs));
    }
  }
}

function isQuotaError(e: unknown): boolean {
  const names = [(e as { name?: string })?.name, (e as { inner?: { name?: string } })?.inner?.name];
  return names.includes('QuotaExceededError');
}

let running: Promise<SyncState> | null = null;

/**
 * Runs one sync to the end of the feed. A second call while one runs joins it (never two at
 * once); across service-worker restarts the Web Locks API (when present) keeps it single.
 */
export function runSync(deps: SyncDeps): Promise<SyncState> {
  if (running) return running;
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const go = () => syncOnce(deps);
  const p: Promise<SyncState> = (
    locks ? (locks.request('healthbar-sync', go) as unknown as Promise<SyncState>) : go()
  ).finally(() => {
    running = null;
  });
  running = p;
  return p;
}

/**
 * "Re-fetch everything" (and a new server or token): waits for a sync under way, then makes the
 * next sync a staged snapshot. The data on screen stays until that snapshot is complete.
 */
export async function requestFullSync(db: HealthbarDB): Promise<void> {
  await running?.catch(() => {});
  await requestSnapshot(db);
}

/** A page as received: not modified, or its body parsed and validated (lib/contracts/sync-page.ts). */
type Got = { fetched: FetchedPage; page?: ReturnType<typeof parseSyncPage> };

type Plan = { kind: 'incremental'; cursor: string } | ({ kind: 'snapshot' } & SnapshotPlan);

async function syncOnce(deps: SyncDeps): Promise<SyncState> {
  const { db } = deps;
  const live = await db.meta.get('dataset');
  let progress = await db.snapshot.get('snapshot');
  if (progress && progress.apiUrl !== deps.apiUrl) {
    // Begun against another server: never continued with this one's pages.
    await abandonSnapshot(db, progress.runId);
    progress = undefined;
  }
  let plan: Plan = progress
    ? { kind: 'snapshot', ...planOf(progress) }
    : live?.source === 'sync' && live.cursor !== undefined
      ? { kind: 'incremental', cursor: live.cursor }
      : { kind: 'snapshot', ...newSnapshotPlan(live) };
  const refreshing = () => plan.kind === 'snapshot' && plan.target === 'staged';
  const state: SyncState = {
    status: 'syncing',
    pages: 0,
    records: 0,
    rejected: 0,
    lastAttemptAt: deps.now().toISOString(),
    ...(refreshing() ? { refreshing: true } : {}),
  };
  await deps.report({ ...state });
  /** Page size: halved while pages come larger than `maxPageBytes`. */
  let limit = deps.limit ?? 2000;
  /**
   * Pages asked for ahead (and parsed and validated) while the current one is written, by cursor:
   * the server's work, the transfer and the validation overlap with the IndexedDB transactions of
   * the pages before. A page read ahead asks at once for the one after it, up to `AHEAD` pages
   * in flight, so the server builds page N+2 while page N is written and N+1 validated (with one
   * page ahead, the next request left only after the page before was read and validated, and
   * small pages waited on the server). Only a page's cursor and size are fixed; it is used only
   * when the next request is the very same one (after a failed write nothing of it is applied,
   * and an error in it is met where it is awaited). `maxPages` bounds the pages asked for.
   */
  const AHEAD = 2;
  const ahead = new Map<string, { limit: number; page: Promise<Got> }>();
  let asked = 0;
  let stopped = false;
  const askAhead = (cursor: string, size: number): void => {
    if (stopped || ahead.has(cursor) || ahead.size >= AHEAD) return;
    if (deps.maxPages !== undefined && asked >= deps.maxPages) return;
    asked++;
    const page = get(cursor, size).then((got) => {
      if (got.page?.ok && got.page.hasMore) askAhead(got.page.nextCursor, size);
      return got;
    });
    // Awaited by a later turn, or dropped with the sync when a write fails.
    page.catch(() => {});
    ahead.set(cursor, { limit: size, page });
  };
  const get = async (cursor: string | undefined, limit: number, etag?: string): Promise<Got> => {
    const fetched = await fetchWithRetry(deps, cursor, limit, etag);
    if (fetched.notModified) return { fetched };
    const t = now();
    const page = parseSyncPage(fetched.raw);
    measure(
      'validate',
      t,
      page.ok ? { kind: pageKind(page.changes), records: page.changes.length } : undefined,
    );
    return { fetched, page };
  };
  clearMeasures();
  try {
    let restarted = false;
    let first = true;
    for (;;) {
      const cursor = plan.cursor;
      // The first poll of an incremental sync names what it already has; the server answers 304
      // while that is still current (its ETag covers the cursor and the page size).
      const known = live?.etag;
      const etag =
        first && plan.kind === 'incremental' && known && known.cursor === cursor && known.limit === limit
          ? known.value
          : undefined;
      first = false;
      const entry = cursor === undefined ? undefined : ahead.get(cursor);
      if (cursor !== undefined) ahead.delete(cursor);
      const prefetched = entry && entry.limit === limit ? entry.page : null;
      if (!prefetched) asked++;
      let got: Got;
      const waitFrom = now();
      try {
        got = await (prefetched ?? get(cursor, limit, etag));
        measure('idle', waitFrom);
      } catch (e) {
        if (e instanceof SyncHttpError && e.kind === 'too-large') {
          if (limit > 1) {
            limit = Math.max(1, Math.floor(limit / 2));
            continue;
          }
          throw new SyncHttpError(
            `${e.message} Even a page of one record is too large; nothing of it was applied. Ask your administrator to check the server's data.`,
            'fatal',
          );
        }
        // A cursor from an earlier server database: start again from a full snapshot, once. A
        // staged snapshot whose own cursor expired starts over (its pages cannot be continued).
        if (e instanceof SyncHttpError && e.kind === 'expired' && cursor !== undefined && !restarted) {
          restarted = true;
          ahead.clear();
          if (plan.kind === 'snapshot' && plan.runId) await abandonSnapshot(db, plan.runId);
          plan = { kind: 'snapshot', ...newSnapshotPlan(await db.meta.get('dataset')) };
          if (refreshing()) state.refreshing = true;
          continue;
        }
        throw e;
      }
      const { fetched } = got;
      if (fetched.notModified || !got.page) break;
      const page = got.page;
      if (!page.ok) throw new SyncHttpError(page.message, 'fatal');
      const tag = fetched.etag ? { cursor: cursor ?? '', limit, value: fetched.etag } : undefined;
      if (page.hasMore) askAhead(page.nextCursor, limit);
      const applyFrom = now();
      if (plan.kind === 'incremental') {
        await applyIncrementalPage(db, plan.cursor, page, { now: deps.now(), etag: tag });
        plan = { kind: 'incremental', cursor: page.nextCursor };
      } else {
        const next = await applySnapshotPage(db, plan, page, {
          apiUrl: deps.apiUrl,
          now: deps.now(),
          etag: tag,
        });
        if (next) plan = { kind: 'snapshot', ...next };
        else {
          // The snapshot is live: further pages (none expected) are incremental.
          plan = { kind: 'incremental', cursor: page.nextCursor };
          delete state.refreshing;
        }
      }
      measure('apply', applyFrom, { kind: pageKind(page.changes), records: page.changes.length });
      if (page.rejected.length) await deps.onRejected?.(page.rejected);
      state.pages++;
      state.records += page.changes.length;
      state.rejected += page.rejected.length;
      const reportFrom = now();
      await deps.report({ ...state });
      measure('report', reportFrom);
      if (!page.hasMore) break;
      if (deps.maxPages !== undefined && state.pages >= deps.maxPages) break;
    }
    const done: SyncState = { ...state, status: 'ok', lastSuccessAt: deps.now().toISOString() };
    await deps.report(done);
    return done;
  } catch (e) {
    const quota = isQuotaError(e);
    const err = e instanceof SyncHttpError ? e : undefined;
    const message = quota
      ? 'The browser ran out of storage for Healthbar; the previous data is kept. Free disk space or clear other site data, then sync again.'
      : (err?.message ??
        (e instanceof CacheChangedError
          ? e.message
          : `Sync failed: ${e instanceof Error ? e.message : String(e)}. The previous data is kept; try again.`));
    const failed: SyncState = {
      ...state,
      status: err?.kind === 'offline' ? 'offline' : 'error',
      quota: quota || undefined,
      error: state.refreshing ? `${message} ${REFRESHING_NOTE}` : message,
    };
    await deps.report(failed);
    return failed;
  } finally {
    stopped = true;
  }
}
