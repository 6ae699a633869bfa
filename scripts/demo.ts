/**
 * `npm start`: Healthbar working end to end without a CRM account.
 *
 * 1. builds the extension (Chrome MV3);
 * 2. starts the reference server on a fresh demo dataset (data through yesterday, UTC);
 * 3. launches Chromium with Healthbar loaded and connects it to that server (the same message the
 *    options page's Save sends — no prompt);
 * 4. opens demo record pages of the three CRMs (the realistic fixtures the e2e suite uses, served
 *    at their real URLs from this machine).
 *
 * With a display it opens a real window to click around (Ctrl-C or closing the window stops
 * everything). Without one, or with `--headless`, it saves a screenshot of each page into
 * `demo-output/`, prints one line per page read from the rendered panel itself, and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { FIXTURE_PAGES } from '../lib/demo/crm-fixture-accounts';
import {
  closeWelcomeTab,
  launchWithExtension,
  panelFrame,
  routeFixturePages,
  serviceWorkerOf,
} from './lib/browser';
import { tagRun } from './lib/processes';
import { type RunningServer, startServer } from './lib/server-process';

// Everything started from here on (build, server, Chromium and its crash handlers) carries this
// run's tag, so the demo can wait for all of it before exiting.
const processes = tagRun();

const args = new Set(process.argv.slice(2));
if (args.has('--help')) {
  console.log(
    'npm start [-- --headless] [-- --accounts N]\n  Builds Healthbar, starts the demo server and opens demo CRM pages in Chromium.',
  );
  process.exit(0);
}
const headless = args.has('--headless') || !process.env.DISPLAY;
const accountsArg = process.argv.indexOf('--accounts');
const accounts = accountsArg > 0 ? Number(process.argv[accountsArg + 1]) : 300;
const OUT = 'demo-output';

const CRM_LABEL = { hubspot: 'HubSpot', salesforce: 'Salesforce', zendesk: 'Zendesk' } as const;

let server: RunningServer | undefined;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    processes.observe();
    await context?.close().catch(() => {});
    await server?.stop().catch(() => {});
    // Exit only once everything this run started has ended, the processes that left the
    // browser's process group included.
    const { survivors } = await processes.end();
    if (survivors.length) console.error(`  processes still running: ${survivors.join(', ')}`);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(130));
process.on('SIGTERM', () => void stopAll(143));

function step(text: string) {
  console.error(`› ${text}`);
}

function run(cmd: string, argv: string[]) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (exit ${r.status})`);
}

/** Reads what the panel shows, from its own DOM (not computed beside it). */
async function readPanel(page: Page): Promise<{ name: string; score: string; band: string }> {
  const frame = await panelFrame(page);
  const name = frame.getByTestId('account-name');
  await name.waitFor({ timeout: 20_000 });
  const band = (await frame.getByTestId('band').innerText()).trim();
  const score =
    (await frame.getByTestId('score').count()) > 0
      ? (await frame.getByTestId('score').innerText()).trim()
      : '—';
  const label = band.replace(/\s*\d+\s*$/, '').trim() || 'Unknown';
  return { name: (await name.innerText()).trim(), score, band: label };
}

async function main() {
  step('Checking for Chromium');
  run(process.execPath, ['scripts/ensure-chromium.mjs']);
  step('Building the extension (wxt build)');
  run('npx', ['wxt', 'build']);
  step(`Starting the demo server (${accounts} accounts; first start seeds them)`);
  server = await startServer({ accounts });
  console.error(`  server ${server.url} · data through ${server.asOf}`);

  step(`Launching Chromium with Healthbar${headless ? ' (headless)' : ''}`);
  const launched = await launchWithExtension({ headless });
  context = launched.context;
  userDataDir = launched.userDataDir;
  processes.observe();
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) =>
    route.abort('internetdisconnected'),
  );
  const sw = await serviceWorkerOf(context);
  processes.observe();
  const extensionId = new URL(sw.url()).host;
  await closeWelcomeTab(context);
  await routeFixturePages(context);

  step('Connecting Healthbar to the server and syncing');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const state = await options.evaluate(
    async ({ apiUrl, token }) => {
      const api = (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome;
      return api.runtime.sendMessage({ type: 'configure', apiUrl, token });
    },
    { apiUrl: server.url, token: server.token },
  );
  const sync = (state as { ok: boolean; data?: { status: string; records: number; error?: string } }).data;
  if (sync?.status !== 'ok') throw new Error(`sync failed: ${JSON.stringify(state)}`);
  console.error(`  synced ${sync.records} records`);
  if (headless) await options.close();
  else await options.reload();

  const pages = FIXTURE_PAGES.filter((p) => p.expectedAccountName !== null);
  if (headless) {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(p.url);
      const shown = await readPanel(page);
      // Let the charts paint before the screenshot.
      await page.waitForTimeout(150);
      const file = join(OUT, `${p.file.replace(/\.html$/, '')}.png`);
      await page.screenshot({ path: file });
      console.log(
        `${p.crm} ${p.objectType} ${p.recordId} → ${shown.name}: score ${shown.score} ${shown.band}`,
      );
      console.error(`  ${file}`);
    }
    step(`Screenshots of ${pages.length} pages in ${OUT}/`);
    await stopAll(0);
  }

  // A real window: one tab per CRM to start with; every fixture page works.
  const seen = new Set<string>();
  for (const p of pages) {
    if (seen.has(p.crm)) continue;
    seen.add(p.crm);
    const page = await context.newPage();
    await page.goto(p.url);
  }
  console.error('\nHealthbar is running. Demo record pages you can open in this window:');
  for (const p of pages) console.error(`  ${CRM_LABEL[p.crm]} ${p.objectType}: ${p.url}`);
  console.error('\nClose the window or press Ctrl-C to stop the browser and the server.');
  context.on('close', () => void stopAll(0));
}

main().catch(async (e) => {
  console.error(`Demo failed: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll(1);
});
