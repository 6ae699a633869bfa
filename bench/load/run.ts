/**
 * The load part (`npm run bench -- --large`, or `--only load`): the server as two replicas under
 * 200 extension clients (issue 37). How each figure is measured: bench/README.md.
 *
 * Debian's PostgreSQL in a throwaway cluster (./postgres.ts) → replica A (`server/main.ts` on it,
 * DATABASE_URL, no demo seed: its workspace token) → the 300-account demo dataset (seed 42, as of
 * 2026-10-31) imported through A's `POST /v1/import` → replica B on the same database → one token
 * per client from the project's token store → four client processes (./clients.ts), half of the
 * clients bound to each replica → full syncs → while they poll, one more day of usage imported
 * through A → every client syncs until answered 304 → caches compared with the server's data.
 * The servers keep their default rate limits and pool: errors are what a team would see.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDataset } from '../../lib/demo/generate';
import { dateOfDay, dayNumber } from '../../lib/metrics/dates';
import { openDb } from '../../server/db';
import type { Scope } from '../../server/store';
import { createToken } from '../../server/tokens-store';
import { type BenchServer, importJson, startServer } from '../server';
import type { ClientResult, ClientSpec, FromClients, ToClients } from './clients';
import { type LoadFigures, type RequestSample, summarise } from './compare';
import { startPostgres } from './postgres';

export interface LoadOptions {
  clients: number;
  workers: number;
  accounts: number;
  seed: number;
  asOf: string;
  /** Mean pause between a client's polls (each waits 0.5–1.5 × this). */
  pollMs: number;
  /** How long the clients poll before the import starts. */
  pollBeforeImportMs: number;
  /** The whole part is stopped past this (bounded in time). */
  timeoutMs: number;
  log: (m: string) => void;
}

export interface LoadBenchResult extends LoadFigures {
  clients: number;
  clientsConverged: number;
  replicas: number;
  accounts: number;
  /** Start of the first client request → last answer (the requests-per-second window). */
  clientWallMs: number;
  fullSyncPhaseMs: number;
  fullSyncP50Ms: number;
  fullSyncMaxMs: number;
  importMs: number;
  importRows: number;
  polls: number;
  failedSyncs: number;
  totalMs: number;
  /** The phase the time bound stopped (then unfinished clients count as not converged), or null. */
  stoppedIn: string | null;
  fullSyncsDone: number;
  /** CPU time of the client processes and of the two replicas (user + system, from /proc). */
  clientCpuMs: number;
  serverCpuMs: number;
  /** Worst event-loop delay of a client process: p99 and max (their clients wait on one another). */
  clientLoopDelayP99Ms: number;
  clientLoopDelayMaxMs: number;
  /** Largest peak RSS of one client process (MB). */
  clientPeakRssMb: number;
  workspaceTokens: number;
  /** The first clients that did not converge, with what differed. */
  notConverged: Pick<ClientResult, 'id' | 'caughtUp' | 'failedSyncs' | 'differences'>[];
}

const ROOT = resolve(import.meta.dirname, '../..');

/** One more day of usage: each account's row of the last day carried to the next day. */
function nextDayJson(ds: ReturnType<typeof generateDataset>, asOf: string) {
  const next = dateOfDay(dayNumber(asOf) + 1);
  const usage = ds.usage.filter((u) => u.date === asOf).map((u) => ({ ...u, date: next }));
  const body = JSON.stringify({
    schemaVersion: 1,
    currency: ds.currency,
    dataThrough: next,
    ...Object.fromEntries(
      ['plans', 'features', 'milestones', 'accounts', 'revenue', 'users', 'tickets', 'surveys'].map((k) => [
        k,
        [],
      ]),
    ),
    usage,
  });
  return { body, rows: usage.length };
}

/** CPU time (user + system) of a process so far, from /proc (Linux); 0 elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // fields 14, 15 at USER_HZ 100
  } catch {
    return 0;
  }
}

/** `p`, or `late` after `ms`. */
function within<T, L>(p: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<L>((r) => (timer = setTimeout(() => r(late), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

export async function loadBench(o: LoadOptions): Promise<LoadBenchResult> {
  const t0 = performance.now();
  const deadline = t0 + o.timeoutMs;
  const left = () => Math.max(1000, deadline - performance.now());
  const cleanup: (() => Promise<void> | void)[] = [];
  try {
    o.log("load: starting Debian's PostgreSQL (throwaway cluster)…");
    const pg = await startPostgres(o.log);
    cleanup.push(() => pg.stop());
    // Default rate limits ('' = the server's own default), the URL of that cluster.
    const env = {
      DATABASE_URL: pg.url,
      HEALTHBAR_DEMO_ACCOUNTS: '0',
      HEALTHBAR_RATE_BURST: '',
      HEALTHBAR_RATE_PER_MINUTE: '',
    };
    const a = await startServer({ env });
    cleanup.push(() => a.stop());
    const ds = generateDataset({ accounts: o.accounts, seed: o.seed, asOf: o.asOf });
    const imported = await importJson(a, JSON.stringify(ds));
    o.log(`load: replica A ${a.url}, ${imported.accepted} records imported`);
    const b = await startServer({ env, token: false });
    cleanup.push(() => b.stop());
    const replicas: BenchServer[] = [a, b];
    o.log(`load: replica B ${b.url}; ${o.clients} tokens…`);

    // One token per client: every 4th a workspace token (a team lead's extension), the others
    // scoped to one owner's book (a CSM's extension), spread over the dataset's 7 owners.
    const owners = [...new Set(ds.accounts.map((x) => x.owner).filter((x): x is string => !!x))].sort();
    const db = await openDb({ databaseUrl: pg.url, migrate: false });
    const specs: ClientSpec[] = [];
    try {
      for (let id = 0; id < o.clients; id++) {
        const owner = id % 4 !== 0 && owners.length ? owners[id % owners.length] : null;
        const { token, info } = await createToken(db, { owner, name: `load client ${id}` });
        const scope: Scope =
          info.owner === null ? { kind: 'workspace' } : { kind: 'book', owner: info.owner };
        specs.push({ id, apiUrl: replicas[id % 2].url, token, scope });
      }
    } finally {
      await db.close();
    }

    const { body: newDay, rows: importRows } = nextDayJson(ds, o.asOf);
    o.log(`load: ${o.clients} clients in ${o.workers} processes, full sync…`);
    const children: ChildProcess[] = [];
    const synced: Promise<void>[] = [];
    const done: Promise<Extract<FromClients, { type: 'done' }>>[] = [];
    for (let w = 0; w < o.workers; w++) {
      const child = fork(resolve(import.meta.dirname, 'clients.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const exited = new Promise((r) => child.once('exit', r));
      cleanup.push(async () => {
        // A process that reported ends by itself; one that did not is ended.
        if (child.exitCode === null) await within(exited, 10_000, null);
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      let onSynced: () => void = () => {};
      synced.push(new Promise((r) => (onSynced = r)));
      done.push(
        new Promise((ok, fail) => {
          child.on('message', (m: FromClients) => {
            if (m.type === 'synced') onSynced();
            else if (m.type === 'done') ok(m);
            else if (m.type === 'failed') fail(new Error(`load: a client process failed: ${m.message}`));
          });
          child.on('exit', (code) => fail(new Error(`load: a client process exited (${code})`)));
        }),
      );
      child.send({
        type: 'init',
        clients: specs.filter((s) => s.id % o.workers === w),
        databaseUrl: pg.url,
        pollMs: o.pollMs,
      } satisfies ToClients);
    }
    const tSync = performance.now();
    // A failure in any process ends the wait at once.
    const failed = Promise.all(done).then(() => new Promise<never>(() => {}));
    // Time left for the import and the catch-up: at most 5 minutes in all, or it stops.
    const reserve = 40_000;
    const allSynced = await within(Promise.race([Promise.all(synced), failed]), left() - reserve, 'late');
    const fullSyncPhaseMs = performance.now() - tSync;
    let importMs = Number.NaN;
    let stoppedIn: string | null = null;
    if (allSynced === 'late') stoppedIn = 'the full syncs';
    else {
      o.log(`load: all full syncs done in ${(fullSyncPhaseMs / 1000).toFixed(1)} s; polling, then +1 day…`);
      await new Promise((r) => setTimeout(r, o.pollBeforeImportMs));
      const tImport = performance.now();
      await importJson(a, newDay);
      importMs = performance.now() - tImport;
      o.log(`load: import of ${importRows} usage rows done in ${Math.round(importMs)} ms; catching up…`);
      for (const c of children) c.send({ type: 'import-done' } satisfies ToClients);
      if ((await within(Promise.all(done), left(), 'late')) === 'late') stoppedIn = 'the catch-up';
    }
    if (stoppedIn) {
      o.log(`load: stopped at the time bound during ${stoppedIn}`);
      for (const c of children) if (c.connected) c.send({ type: 'stop' } satisfies ToClients);
    }
    const outs = await Promise.all(done);

    const serverCpuMs = cpuMsOf(a.child.pid) + cpuMsOf(b.child.pid);
    const samples: RequestSample[] = outs.flatMap((x) => x.samples);
    const results = outs.flatMap((x) => x.results).sort((x, y) => x.id - y.id);
    const wall =
      Math.max(...outs.map((x) => x.lastAnswerAt)) - Math.min(...outs.map((x) => x.firstRequestAt));
    const converged = results.filter((r) => r.caughtUp && r.differences.length === 0);
    const full = results
      .map((r) => r.fullSyncMs)
      .filter((x): x is number => x !== null)
      .sort((x, y) => x - y);
    return {
      ...summarise(samples, wall),
      clients: results.length,
      clientsConverged: converged.length,
      replicas: replicas.length,
      accounts: o.accounts,
      clientWallMs: wall,
      fullSyncPhaseMs,
      fullSyncP50Ms: full[Math.floor(full.length / 2)] ?? 0,
      fullSyncMaxMs: full.at(-1) ?? 0,
      importMs,
      importRows,
      polls: results.reduce((n, r) => n + r.polls, 0),
      failedSyncs: results.reduce((n, r) => n + r.failedSyncs.length, 0),
      totalMs: performance.now() - t0,
      stoppedIn,
      fullSyncsDone: full.length,
      clientCpuMs: outs.reduce((n, x) => n + x.cpuMs, 0),
      serverCpuMs,
      clientPeakRssMb: Math.max(...outs.map((x) => x.peakRssMb)),
      clientLoopDelayP99Ms: Math.max(...outs.map((x) => x.loopDelayP99Ms)),
      clientLoopDelayMaxMs: Math.max(...outs.map((x) => x.loopDelayMaxMs)),
      workspaceTokens: specs.filter((x) => x.scope.kind === 'workspace').length,
      notConverged: results
        .filter((r) => !(r.caughtUp && r.differences.length === 0))
        .slice(0, 5)
        .map(({ id, caughtUp, failedSyncs, differences }) => ({ id, caughtUp, failedSyncs, differences })),
    };
  } finally {
    for (const f of cleanup.reverse()) await Promise.resolve(f()).catch(() => {});
  }
}

/** The JSON figures (`load.*`). */
export function loadJson(l: LoadBenchResult) {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    clients: l.clients,
    requestsPerSec: r(l.requestsPerSec),
    p50Ms: r(l.p50Ms),
    p95Ms: r(l.p95Ms),
    p99Ms: r(l.p99Ms),
    errors: l.errors,
    clientsConverged: l.clientsConverged,
  };
}

/** The table's lines, through the driver's `row` (label, value, note). */
export function loadTable(l: LoadBenchResult, row: (label: string, value: string, note?: string) => void) {
  const ok = (b: boolean) => (b ? '✓ met' : '✗ missed');
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const statuses = Object.entries(l.byStatus)
    .map(([k, v]) => `${k === '0' ? 'no answer' : k}: ${v.toLocaleString('en-US')}`)
    .join(', ');
  row(
    'load.requestsPerSec',
    `${Math.round(l.requestsPerSec)}/s`,
    `${l.requests.toLocaleString('en-US')} requests in ${s(l.clientWallMs)} (${statuses})`,
  );
  row(
    'load.p50Ms / p95Ms / p99Ms',
    `${Math.round(l.p50Ms)} / ${Math.round(l.p95Ms)} / ${Math.round(l.p99Ms)}`,
    'ms per sync request, request → last byte',
  );
  const by = Object.entries(l.msByStatus)
    .map(([k, v]) => `${k === '0' ? 'no answer' : k} ${Math.round(v.p50)} / ${Math.round(v.p95)}`)
    .join(', ');
  row('  p50 / p95 by status', '', `ms: ${by}`);
  row(
    '  client processes: event-loop delay p99 / max',
    `${Math.round(l.clientLoopDelayP99Ms)} / ${Math.round(l.clientLoopDelayMaxMs)}`,
    'ms (the worst process; 50 clients share one loop, it counts in their request times)',
  );
  row(
    'load.errors (4xx/5xx incl. 429, no answer)',
    String(l.errors),
    `goal 0: ${ok(l.errors === 0)} (${l.failedSyncs} sync runs failed after retries)`,
  );
  row(
    'load.clientsConverged',
    `${l.clientsConverged} / ${l.clients}`,
    `cache = server's data, every table, key and field (goal all: ${ok(l.clientsConverged === l.clients)})`,
  );
  row(
    '  all full syncs / import of +1 day (replica A)',
    `${s(l.fullSyncPhaseMs)} / ${Math.round(l.importMs)} ms`,
    `${l.fullSyncsDone} full syncs ended; ${l.importRows} usage rows; ${l.polls} polls while waiting`,
  );
  if (l.stoppedIn)
    row('  STOPPED at the 5-minute bound in', l.stoppedIn, 'unfinished clients: not converged');
  row(
    '  whole part (PostgreSQL start → comparison)',
    s(l.totalMs),
    `goal ≤ 5 min: ${ok(l.totalMs <= 300_000)}; CPU: clients ${s(l.clientCpuMs)}, replicas ${s(l.serverCpuMs)}`,
  );
}
