/**
 * One process of simulated extension clients for the load part (bench/load/run.ts forks four).
 * Each client is the extension's own sync engine (lib/sync/engine.ts, `runSync` with the
 * background's page size) over a Dexie cache of its own (lib/db `openDb`) on a fake-indexeddb
 * factory of its own, against the one replica it is bound to.
 *
 * Messages from the parent: `init` (the clients) → full sync of every client, then each polls on
 * its own (incremental sync with the stored ETag) and `synced` is sent; `import-done` → each
 * client syncs until a poll is answered 304 (it has everything), its cache is compared with the
 * server's data for its token (bench/load/compare.ts, read from PostgreSQL with the server's own
 * `readChanges`), and `done` carries every request's sample and the comparisons.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { COLLECTIONS, type CollectionName } from '../../lib/dataset/schema';
import { exportDataset } from '../../lib/db/apply';
import { type HealthbarDB, openDb } from '../../lib/db/db';
import type { SyncDeps, SyncState } from '../../lib/sync/engine';
import { openDb as openServerDb } from '../../server/db';
import { readChanges, readWorkspace, type Scope } from '../../server/store';
import { type CacheView, compareTables, type Difference, type RequestSample, tablesOf } from './compare';

export interface ClientSpec {
  id: number;
  apiUrl: string;
  token: string;
  scope: Scope;
}

export type ToClients =
  | { type: 'init'; clients: ClientSpec[]; databaseUrl: string; pollMs: number }
  | { type: 'import-done' }
  /** Past the time bound: report at once what there is (unfinished clients did not converge). */
  | { type: 'stop' };

export interface ClientResult {
  id: number;
  /** The full sync ended (ok or not); null when it was still running at `stop`. */
  fullSyncMs: number | null;
  polls: number;
  /** Syncs after the import until the 304 (the last one included). */
  catchUpSyncs: number;
  caughtUp: boolean;
  /** Sync runs that ended in an error (the engine retried inside them first). */
  failedSyncs: string[];
  differences: Difference[];
}

export type FromClients =
  | { type: 'synced' }
  | {
      type: 'done';
      results: ClientResult[];
      samples: RequestSample[];
      firstRequestAt: number;
      lastAnswerAt: number;
      /** CPU time of this process (user + system). */
      cpuMs: number;
      peakRssMb: number;
      /** This process's event-loop delay (its clients wait on one another): p99 and max. */
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | { type: 'failed'; message: string };

type Engine = typeof import('../../lib/sync/engine');

/** Every HTTP request of every client here: request → last byte of the body, and its status. */
const samples: RequestSample[] = [];
let firstRequestAt = Number.POSITIVE_INFINITY;
let lastAnswerAt = 0;

/** fetch, timed: the body is read here so the time includes it; the engine gets it unchanged. */
const timedFetch: typeof fetch = async (input, init) => {
  const t0 = performance.now();
  firstRequestAt = Math.min(firstRequestAt, Date.now());
  let status = 0;
  try {
    const res = await fetch(input, init);
    status = res.status;
    const body = res.status === 304 || res.status === 204 ? null : await res.arrayBuffer();
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  } finally {
    samples.push({ ms: performance.now() - t0, status });
    lastAnswerAt = Date.now();
  }
};

const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Client {
  spec: ClientSpec;
  engine: Engine;
  db: HealthbarDB;
  deps: SyncDeps;
  result: ClientResult;
}

async function newClient(spec: ClientSpec): Promise<Client> {
  // runSync keeps "the sync under way" in a module variable (one extension = one sync at a
  // time): each simulated extension gets its own instance of the engine module.
  const engine: Engine = await import(`../../lib/sync/engine.ts?client=${spec.id}`);
  const db = openDb({ name: `client-${spec.id}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const deps: SyncDeps = {
    db,
    apiUrl: spec.apiUrl,
    token: spec.token,
    limit: 5000, // as entrypoints/background.ts
    now: () => new Date(),
    sleep,
    random: Math.random,
    report: () => {},
    fetch: timedFetch,
  };
  const result: ClientResult = {
    id: spec.id,
    fullSyncMs: null,
    polls: 0,
    catchUpSyncs: 0,
    caughtUp: false,
    failedSyncs: [],
    differences: [],
  };
  return { spec, engine, db, deps, result };
}

async function sync(c: Client): Promise<SyncState> {
  const s = await c.engine.runSync(c.deps);
  if (s.status !== 'ok') c.result.failedSyncs.push(s.error ?? s.status);
  return s;
}

/** The server's data for a scope: every live record its feed gives from the start. */
async function expectedFor(databaseUrl: string, scopes: Scope[]): Promise<Map<string, CacheView>> {
  const db = await openServerDb({ databaseUrl, migrate: false });
  try {
    const out = new Map<string, CacheView>();
    for (const scope of scopes) {
      const key = scope.kind === 'workspace' ? 'workspace' : scope.owner;
      if (out.has(key)) continue;
      const view = await db.transaction(
        async (q) => {
          const ws = await readWorkspace(q);
          const rows = await readChanges(q, scope, 0, ws.version, 100_000_000);
          return {
            currency: ws.currency,
            dataThrough: ws.dataThrough ?? ws.maxUsageDate,
            tables: tablesOf(
              rows
                .filter((r) => !r.deleted && r.record !== null)
                .map((r) => ({ collection: r.collection, record: JSON.parse(r.record as string) })),
            ),
          };
        },
        { readOnlySnapshot: true },
      );
      out.set(key, view);
    }
    return out;
  } finally {
    await db.close();
  }
}

async function cacheView(db: HealthbarDB): Promise<CacheView> {
  const ds = await exportDataset(db);
  if (!ds) return { currency: null, dataThrough: null, tables: new Map() };
  const records: { collection: CollectionName; record: unknown }[] = [];
  for (const collection of COLLECTIONS) {
    for (const record of (ds[collection] ?? []) as unknown[]) records.push({ collection, record });
  }
  return { currency: ds.currency, dataThrough: ds.dataThrough ?? null, tables: tablesOf(records) };
}

let clients: Client[] = [];

/** Sends `done`, then ends the process (its in-flight syncs, if any, with it). */
function report(): void {
  const message: FromClients = {
    type: 'done',
    results: clients.map((c) => c.result),
    samples,
    firstRequestAt,
    lastAnswerAt,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
  process.send?.(message, () => process.exit(0));
}

async function main(init: Extract<ToClients, { type: 'init' }>, importDone: Promise<void>) {
  // One Web Lock name for every client of the process would make them take turns.
  if ((globalThis.navigator as { locks?: unknown } | undefined)?.locks)
    Object.defineProperty(globalThis.navigator, 'locks', { value: undefined });
  clients = await Promise.all(init.clients.map(newClient));
  let importFinished = false;
  void importDone.then(() => {
    importFinished = true;
  });
  let synced = 0;
  const lives = clients.map(async (c) => {
    const t0 = performance.now();
    await sync(c);
    c.result.fullSyncMs = performance.now() - t0;
    if (++synced === clients.length) process.send?.({ type: 'synced' } satisfies FromClients);
    // Poll until the import is done (each on its own clock, spread by jitter).
    while (!importFinished) {
      await Promise.race([sleep(init.pollMs * (0.5 + Math.random())), importDone]);
      if (importFinished) break;
      await sync(c);
      c.result.polls++;
    }
    // Caught up: a poll answered 304 (the engine sends the ETag of its last page).
    for (let i = 0; i < 6 && !c.result.caughtUp; i++) {
      const s = await sync(c);
      c.result.catchUpSyncs++;
      c.result.caughtUp = s.status === 'ok' && s.pages === 0;
    }
  });
  await Promise.all(lives);
  const expected = await expectedFor(
    init.databaseUrl,
    clients.map((c) => c.spec.scope),
  );
  for (const c of clients) {
    const key = c.spec.scope.kind === 'workspace' ? 'workspace' : c.spec.scope.owner;
    c.result.differences = compareTables(expected.get(key)!, await cacheView(c.db));
    c.db.close();
  }
  report();
}

let signalImportDone: () => void = () => {};
const importDone = new Promise<void>((r) => {
  signalImportDone = r;
});
process.on('message', (m: ToClients) => {
  if (m.type === 'init')
    main(m, importDone).catch((e) => {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.send?.({ type: 'failed', message } satisfies FromClients, () => process.exit(1));
    });
  else if (m.type === 'import-done') signalImportDone();
  else if (m.type === 'stop') {
    for (const c of clients) c.result.caughtUp = false;
    report();
  }
});
