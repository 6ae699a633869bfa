/**
 * `--large` in the browser (issue 37, "At a CS leader's scale"): 20,000 accounts × 400 days
 * synced into the extension, then the dashboard opened on that cache. How each figure is
 * measured: bench/README.md.
 *
 * 1. The dataset (seed 42, as of 2026-10-31) is written as one JSON file by the seed CLI's own
 *    streaming writer (`writeSeedJson`: ≈ 1 GB, never whole in memory) and streamed into the
 *    server's `POST /v1/import` (not timed). The server's PGlite folder is then kept in the setup
 *    cache (`setupCacheDir`), and a later run with the same parameters starts its server on a copy.
 * 2. Chromium with the built extension: the bench page sends the background `configure`, which
 *    runs the whole initial sync → `syncMs`; then `navigator.storage.estimate()` → `idbBytes`;
 *    then the wait for the head the background keeps after the sync → `headMs`.
 * 3. The dashboard (`dashboard.html`) opened `dashboardRuns` times in a fresh tab: from the
 *    page's navigation start to its `healthbar:dashboard-kpis` and `healthbar:dashboard-lists`
 *    marks → `dashboardKpisMs`, `listsMs` (medians; every run in the details).
 * 4. All along, the memory of the extension's renderer processes (extensionMemory.ts) →
 *    `extensionPeakMb`.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { writeSeedJson } from '../../lib/demo/seed-cli';
import { HEADS_DB } from '../../lib/portfolio/head-store';
import { closeWelcomeTab, launchWithExtension, serviceWorkerOf } from '../../scripts/lib/browser';
import { type BenchServer, importJson, startServer } from '../server';
import { median } from '../stats';
import { type MemorySampler, sampleExtensionMemory } from './memory';

const ROOT = resolve(import.meta.dirname, '..', '..');

export const KPIS_MARK = 'healthbar:dashboard-kpis';
export const LISTS_MARK = 'healthbar:dashboard-lists';

export interface LargeOptions {
  extDir: string;
  chromiumPath: string;
  accounts: number;
  seed: number;
  asOf: string;
  dashboardRuns: number;
  /** Where to save a screenshot of the dashboard (none when undefined). */
  screenshot?: string;
  log: (m: string) => void;
}

export interface DashboardRun {
  kpisMs: number;
  listsMs: number;
  /** Navigation start → the page's DOMContentLoaded end (its scripts loaded and run). */
  dclMs: number;
  /** The dashboard's own phase marks (`healthbar:dashboard-*`), ms from navigation start. */
  marks: Record<string, number>;
}

export interface LargeResult {
  accounts: number;
  records: number;
  pages: number;
  jsonBytes: number;
  importMs: number;
  syncMs: number;
  idbBytes: number;
  originBytes: number;
  /** Peak of the summed RSS of the extension's renderer processes (memory.ts), MB. */
  extensionPeakMb: number;
  /** The same during the sync only, and during the dashboard opens only. */
  syncPeakMb: number;
  dashboardPeakMb: number;
  /** Peak JS heap used by the dashboard page (CDP Performance.getMetrics JSHeapUsedSize), MB. */
  dashboardJsHeapPeakMb: number;
  extensionProcesses: number;
  dashboardKpisMs: number;
  listsMs: number;
  /**
   * From the sync's answer to the head of the dashboard's view kept by the background (its pass
   * over the book after a sync: alerts and head); the dashboard is opened after it.
   */
  headMs: number;
  /** The first opening after the sync (the head kept by the background's pass, not by an opening). */
  dashboardKpisColdMs: number;
  listsColdMs: number;
  dashboardRuns: DashboardRun[];
}

type HbBench = {
  message(m: unknown): Promise<{ ms: number; response: { ok: boolean; data?: unknown; error?: string } }>;
  estimate(): Promise<{ usage: number; indexedDB: number | null }>;
};
declare const hbBench: HbBench;

/** Opens the dashboard in a new tab and waits for its lists; times from its navigation start. */
async function openDashboard(page: Page, url: string, heap: { peak: number }): Promise<DashboardRun> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let polling = true;
  const poll = (async () => {
    while (polling) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        heap.peak = Math.max(heap.peak, used);
      } catch {
        // navigating
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, LISTS_MARK, {
      timeout: 300_000,
      polling: 50,
    });
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    return await page.evaluate(() => {
      const marks: Record<string, number> = {};
      for (const m of performance.getEntriesByType('mark'))
        if (m.name.startsWith('healthbar:dashboard') && !(m.name in marks)) marks[m.name] = m.startTime;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return {
        kpisMs: marks['healthbar:dashboard-kpis'] ?? Number.NaN,
        listsMs: marks['healthbar:dashboard-lists'] ?? Number.NaN,
        dclMs: nav?.domContentLoadedEventEnd ?? Number.NaN,
        marks,
      };
    });
  } finally {
    polling = false;
    await poll;
    await cdp.detach().catch(() => {});
  }
}

/**
 * The setup's cache (not timed, but 7.7 min of the large part at 20,000 accounts: the seed JSON
 * written, then 940 MB imported into PGlite). The server's PGlite folder right after the import is
 * kept in `HEALTHBAR_BENCH_CACHE` (default node_modules/.cache/healthbar-bench), under a name made
 * of the generator's parameters and a hash of what makes the data (the generator, the dataset
 * schema, the server's import and migrations, PGlite's version). A later run copies it to a fresh
 * folder and starts its server there: the same data, a server process of its own, so the sync
 * measured is the same. `HEALTHBAR_BENCH_CACHE=off`: no cache.
 */
function setupCacheDir(o: LargeOptions): string | null {
  const root = process.env.HEALTHBAR_BENCH_CACHE ?? join(ROOT, 'node_modules', '.cache', 'healthbar-bench');
  if (root === 'off') return null;
  const h = createHash('sha256');
  const demo = join(ROOT, 'lib', 'demo');
  const files = [
    ...readdirSync(demo)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(demo, f)),
    ...['lib/dataset/schema.ts', 'server/import.ts', 'server/import-writer.ts', 'server/migrations.ts'].map(
      (f) => join(ROOT, f),
    ),
    join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'),
  ];
  for (const f of files) if (existsSync(f)) h.update(f.slice(ROOT.length)).update(readFileSync(f));
  return join(root, `large-${o.accounts}-seed${o.seed}-${o.asOf}-${h.digest('hex').slice(0, 12)}`);
}

interface SetupFacts {
  token: string;
  jsonBytes: number;
  importMs: number;
  accepted: number;
}

/** A fresh server holding the generated dataset: imported now, or copied from the setup's cache. */
async function serverWithDataset(
  o: LargeOptions,
  tmp: string,
): Promise<{ server: BenchServer; jsonBytes: number; importMs: number }> {
  const pg = join(tmp, 'pg');
  const cache = setupCacheDir(o);
  const factsFile = cache && join(cache, 'setup.json');
  if (cache && factsFile && existsSync(factsFile)) {
    const facts: SetupFacts = JSON.parse(readFileSync(factsFile, 'utf8'));
    const t = performance.now();
    cpSync(join(cache, 'pg'), pg, { recursive: true });
    const server = await startServer({ env: { HEALTHBAR_DATA_DIR: pg }, token: false });
    o.log(
      `the server's data from the setup cache ${cache} (${facts.accepted.toLocaleString('en-US')} records; copied and started in ${((performance.now() - t) / 1000).toFixed(1)} s; the import took ${(facts.importMs / 1000).toFixed(1)} s when made)`,
    );
    return {
      server: { ...server, token: facts.token },
      jsonBytes: facts.jsonBytes,
      importMs: facts.importMs,
    };
  }
  mkdirSync(pg, { recursive: true });
  let server = await startServer({ env: { HEALTHBAR_DATA_DIR: pg } });
  try {
    const file = join(tmp, 'dataset.json');
    o.log(`writing the ${o.accounts.toLocaleString('en-US')}-account dataset (seed CLI's JSON writer)…`);
    const seed = await writeSeedJson({ accounts: o.accounts, seed: o.seed, asOf: o.asOf }, file);
    o.log(`importing ${(seed.bytes / 1024 / 1024).toFixed(0)} MB into the sync server…`);
    const t = performance.now();
    const imp = await importJson(server, { file });
    const importMs = performance.now() - t;
    rmSync(file, { force: true });
    o.log(`${imp.accepted.toLocaleString('en-US')} records imported in ${(importMs / 1000).toFixed(1)} s`);
    if (!cache) return { server, jsonBytes: seed.bytes, importMs };
    // Kept as it is right after the import: the server stopped first, so its folder is whole.
    const facts: SetupFacts = {
      token: server.token,
      jsonBytes: seed.bytes,
      importMs,
      accepted: imp.accepted,
    };
    await server.stop();
    const partial = `${cache}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(pg, join(partial, 'pg'), { recursive: true });
    writeFileSync(join(partial, 'setup.json'), JSON.stringify(facts));
    if (!existsSync(cache)) renameSync(partial, cache);
    else rmSync(partial, { recursive: true, force: true });
    o.log(`kept the imported server data in ${cache} for later runs`);
    server = await startServer({ env: { HEALTHBAR_DATA_DIR: pg }, token: false });
    return { server: { ...server, token: facts.token }, jsonBytes: seed.bytes, importMs };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/** What the sync phase measured (kept in `keepDir` for dashboard-only runs). */
type SyncPhase = Pick<
  LargeResult,
  | 'records'
  | 'pages'
  | 'jsonBytes'
  | 'importMs'
  | 'syncMs'
  | 'idbBytes'
  | 'originBytes'
  | 'syncPeakMb'
  | 'headMs'
>;

/**
 * After the sync answered, the background evaluates the alerts and keeps the head of the
 * dashboard's view (lib/alerts/after-sync.ts). Waits, from the bench page, until a head is kept in
 * the `healthbar-dashboard` database (lib/portfolio/head-store.ts); ms from the sync's answer.
 */
async function waitForHead(bench: Page, since: number): Promise<number> {
  const deadline = since + 30 * 60_000;
  while (performance.now() < deadline) {
    if ((await bench.evaluate(HEADS_KEPT, HEADS_DB)) > 0) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the background kept no dashboard head within 30 minutes of the sync');
}

/** How many heads the heads' database holds (0 while it is not made). No named functions inside: tsx would wrap them. */
const HEADS_KEPT = async ({ name, store }: { name: string; store: string }): Promise<number> => {
  const dbs = await indexedDB.databases();
  if (!dbs.some((d) => d.name === name)) return 0;
  return new Promise<number>((ok) => {
    const req = indexedDB.open(name);
    req.onerror = () => ok(0);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        ok(0);
        return;
      }
      const count = db.transaction(store).objectStore(store).count();
      count.onsuccess = () => {
        db.close();
        ok(count.result);
      };
      count.onerror = () => {
        db.close();
        ok(0);
      };
    };
  });
};

async function syncPhase(
  o: LargeOptions,
  extDir: string,
  userDataDir: string,
  sampler: () => MemorySampler,
): Promise<SyncPhase> {
  const tmp = mkdtempSync(join(tmpdir(), 'healthbar-bench-large-'));
  const { server, jsonBytes, importMs } = await serverWithDataset(o, tmp);
  try {
    const { context } = await launchWithExtension({
      extensionDir: extDir,
      chromiumPath: o.chromiumPath,
      userDataDir,
    });
    const mem = sampler();
    try {
      const sw = await serviceWorkerOf(context);
      const extId = new URL(sw.url()).host;
      await closeWelcomeTab(context);
      const bench = await context.newPage();
      await bench.goto(`chrome-extension://${extId}/bench.html`);
      await bench.waitForFunction(() => 'hbBench' in globalThis);
      o.log('initial sync (configure → background sync of the whole dataset)…');
      mem.phase('sync');
      const initial = await bench.evaluate(
        ([apiUrl, token]) => hbBench.message({ type: 'configure', apiUrl, token }),
        [server.url, server.token] as const,
      );
      const state = initial.response.data as { status: string; records: number; pages: number };
      if (!initial.response.ok || state?.status !== 'ok') {
        throw new Error(`initial sync failed: ${JSON.stringify(initial.response).slice(0, 500)}`);
      }
      const answered = performance.now();
      o.log(
        `initial sync: ${state.records} records in ${state.pages} pages, ${(initial.ms / 1000).toFixed(1)} s`,
      );
      const est = await bench.evaluate(() => hbBench.estimate());
      const headMs = await waitForHead(bench, answered);
      o.log(
        `the background kept the dashboard's head ${(headMs / 1000).toFixed(1)} s after the sync answered`,
      );
      return {
        records: state.records,
        pages: state.pages,
        jsonBytes,
        importMs,
        syncMs: initial.ms,
        idbBytes: est.indexedDB ?? est.usage,
        originBytes: est.usage,
        syncPeakMb: mem.stop().peakMb,
        headMs,
      };
    } finally {
      await context.close();
    }
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The whole part. With `keepDir` (development: `--large-keep DIR`), the profile and the
 * extension copy live there and are kept: a later run finds the synced cache and measures only
 * the dashboard, with the build it is given copied over the same path (same extension id, so
 * the same IndexedDB) — the sync figures are those of the run that synced.
 */
export async function largeBench(o: LargeOptions & { keepDir?: string }): Promise<LargeResult> {
  const base = o.keepDir ?? mkdtempSync(join(tmpdir(), 'healthbar-bench-large-'));
  const extDir = join(base, 'ext');
  const userDataDir = join(base, 'profile');
  const kept = join(base, 'sync.json');
  rmSync(extDir, { recursive: true, force: true });
  cpSync(o.extDir, extDir, { recursive: true });
  try {
    let sync: SyncPhase;
    if (o.keepDir && existsSync(kept)) {
      sync = JSON.parse(readFileSync(kept, 'utf8'));
      o.log(`using the cache synced before in ${o.keepDir} (sync figures from that run)`);
    } else rmSync(userDataDir, { recursive: true, force: true });
    sync = await syncPhase(o, extDir, userDataDir, () => sampleExtensionMemory(userDataDir, 100));
    if (o.keepDir) writeFileSync(kept, JSON.stringify(sync));
    const { context } = await launchWithExtension({
      extensionDir: extDir,
      chromiumPath: o.chromiumPath,
      userDataDir,
    });
    const mem = sampleExtensionMemory(userDataDir, 100);
    try {
      const sw = await serviceWorkerOf(context);
      const extId = new URL(sw.url()).host;
      mem.phase('dashboard');
      const runs: DashboardRun[] = [];
      const heap = { peak: 0 };
      for (let i = 0; i < o.dashboardRuns; i++) {
        const page = await context.newPage();
        const r = await openDashboard(page, `chrome-extension://${extId}/dashboard.html`, heap);
        runs.push(r);
        o.log(
          `dashboard ${i + 1}/${o.dashboardRuns}: KPIs ${Math.round(r.kpisMs)} ms, lists ${Math.round(r.listsMs)} ms (${JSON.stringify(Object.fromEntries(Object.entries(r.marks).map(([k, v]) => [k.replace('healthbar:dashboard-', ''), Math.round(v)])))})`,
        );
        if (o.screenshot && i === o.dashboardRuns - 1) await page.screenshot({ path: o.screenshot });
        await page.close();
      }
      const m = mem.stop();
      return {
        accounts: o.accounts,
        ...sync,
        extensionPeakMb: Math.max(sync.syncPeakMb, m.peakMb),
        dashboardPeakMb: m.phasePeakMb.dashboard ?? 0,
        dashboardJsHeapPeakMb: Math.round(heap.peak / 1024 / 1024),
        extensionProcesses: m.processes,
        dashboardKpisMs: median(runs.map((r) => r.kpisMs)),
        listsMs: median(runs.map((r) => r.listsMs)),
        dashboardKpisColdMs: runs[0].kpisMs,
        listsColdMs: runs[0].listsMs,
        dashboardRuns: runs,
      };
    } finally {
      mem.stop();
      await context.close();
    }
  } finally {
    if (!o.keepDir) rmSync(base, { recursive: true, force: true });
  }
}
