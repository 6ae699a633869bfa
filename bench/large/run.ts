/**
 * `--large` in the browser (issue 37, "At a CS leader's scale"): 20,000 accounts × 400 days
 * synced into the extension, then the dashboard opened on that cache. How each figure is
 * measured: bench/README.md.
 *
 * 1. The dataset (seed 42, as of 2026-10-31) is written as one JSON file by the seed CLI's own
 *    streaming writer (`writeSeedJson`: ≈ 1 GB, never whole in memory) and streamed into the
 *    server's `POST /v1/import` (not timed).
 * 2. Chromium with the built extension: the bench page sends the background `configure`, which
 *    runs the whole initial sync → `syncMs`; then `navigator.storage.estimate()` → `idbBytes`.
 * 3. The dashboard (`dashboard.html`) opened `dashboardRuns` times in a fresh tab: from the
 *    page's navigation start to its `healthbar:dashboard-kpis` and `healthbar:dashboard-lists`
 *    marks → `dashboardKpisMs`, `listsMs` (medians; every run in the details).
 * 4. All along, the memory of the extension's renderer processes (extensionMemory.ts) →
 *    `extensionPeakMb`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeSeedJson } from '../../lib/demo/seed-cli';
import { closeWelcomeTab, launchWithExtension, serviceWorkerOf } from '../../scripts/lib/browser';
import { importJson, startServer } from '../server';
import { median } from '../stats';
import { type MemorySampler, sampleExtensionMemory } from './memory';

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
  await bench.waitForFunction(
    async () => {
      const dbs = await indexedDB.databases();
      if (!dbs.some((d) => d.name === 'healthbar-dashboard')) return false;
      return new Promise<boolean>((ok) => {
        const req = indexedDB.open('healthbar-dashboard');
        req.onerror = () => ok(false);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('heads')) {
            db.close();
            ok(false);
            return;
          }
          const count = db.transaction('heads').objectStore('heads').count();
          count.onsuccess = () => {
            db.close();
            ok(count.result > 0);
          };
          count.onerror = () => {
            db.close();
            ok(false);
          };
        };
      });
    },
    undefined,
    { timeout: 30 * 60_000, polling: 250 },
  );
  return performance.now() - since;
}

async function syncPhase(
  o: LargeOptions,
  extDir: string,
  userDataDir: string,
  sampler: () => MemorySampler,
): Promise<SyncPhase> {
  const tmp = mkdtempSync(join(tmpdir(), 'healthbar-bench-large-'));
  const server = await startServer();
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
        jsonBytes: seed.bytes,
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
    } else {
      rmSync(userDataDir, { recursive: true, force: true });
      sync = await syncPhase(o, extDir, userDataDir, () => sampleExtensionMemory(userDataDir, 100));
      if (o.keepDir) writeFileSync(kept, JSON.stringify(sync));
    }
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
