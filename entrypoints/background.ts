import { backgroundHeader } from '@/components/panel/background-header';
import { afterSync } from '@/lib/alerts/after-sync';
import { openDb } from '@/lib/db/db';
import { type AlertOutputs, alertsSeen, refreshBadge, resetAlerts } from '@/lib/ext/alerts';
import { clearCacheAndState, importDatasetFiles } from '@/lib/ext/cache-writes';
import { testConnection } from '@/lib/ext/connection';
import { takeStagedFiles } from '@/lib/ext/import-staging';
import { type Request, type Response, TAB_RECORDS_CHANGED } from '@/lib/ext/messages';
import { changeTask, dismissRefused, flush, writeSentiment, writeTask } from '@/lib/ext/outreach';
import { forgetPanelHeaders, writePanelHeader } from '@/lib/ext/panel-header';
import { routeMessage } from '@/lib/ext/route';
import {
  checkApiUrl,
  preferencesItem,
  readConnection,
  readPreferences,
  syncStateItem,
  tokenScopeItem,
  writeConnection,
} from '@/lib/ext/settings';
import {
  forgetTab,
  type PanelSender,
  type Remembered,
  rememberPick,
  rememberTabRecord,
  vouchedRecord,
} from '@/lib/ext/tab-records';
import { clearHeads } from '@/lib/portfolio/head-store';
import { requestFullSync, runSync, type SyncState } from '@/lib/sync/engine';

const ALARM = 'healthbar-sync';

/**
 * The background owns the cache's writes (sync, import, clear), the API token and sync. Pages
 * talk to it with the messages of lib/ext/messages.ts and only read the cache; content scripts
 * never do (they only mount the panel frame).
 */
export default defineBackground(() => {
  const db = openDb();

  if (import.meta.env.CHROME || import.meta.env.EDGE) {
    browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }

  const alertOutputs: AlertOutputs = {
    async setBadge(text) {
      await browser.action.setBadgeBackgroundColor({ color: '#b42318' }).catch(() => {});
      await browser.action.setBadgeText({ text });
    },
    async notify(title, message) {
      // Only when the person granted it in the options; never requested from here.
      const granted = await browser.permissions
        .contains({ permissions: ['notifications'] })
        .catch(() => false);
      if (!granted || !browser.notifications) return;
      await browser.notifications.create('healthbar-alerts', {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
      });
    },
  };

  /**
   * After the cache changed or the day turned: the alerts and the head of the dashboard's view, from
   * one read of the cache and one report (lib/alerts/after-sync.ts), so the dashboard's first
   * opening after a sync shows its KPIs at once. A failure never fails the sync.
   */
  async function alerts() {
    await afterSync(db, new Date(), alertOutputs).catch((e) => {
      console.warn('Healthbar: alerts could not be evaluated', e);
    });
  }

  /**
   * Alert evaluations, one at a time. A sync answers when its data is stored; the alerts (a report
   * over every account of the book) are evaluated after it, so "Sync now" and the first sync do
   * not wait for them — the badge, the popup and the dashboard's head follow within seconds.
   */
  let alertsChain: Promise<void> = Promise.resolve();
  function queueAlerts(): Promise<void> {
    alertsChain = alertsChain.then(alerts);
    return alertsChain;
  }

  async function sync(): Promise<SyncState> {
    const state = await syncOnce();
    if (state.status === 'ok') void queueAlerts();
    return state;
  }

  async function syncOnce(): Promise<SyncState> {
    const conn = await readConnection();
    if (!conn.apiUrl || !conn.token) {
      return syncStateItem.getValue();
    }
    // Outreach written while offline goes first, so the sync brings back the server's merge.
    await flush(db, conn).catch(() => {});
    const prev = await syncStateItem.getValue();
    return runSync({
      db,
      apiUrl: conn.apiUrl,
      token: conn.token,
      // The reference server's largest page: fewer round trips and transactions per sync.
      limit: 5000,
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      report: async (s) => {
        await syncStateItem.setValue({ ...s, lastSuccessAt: s.lastSuccessAt ?? prev.lastSuccessAt });
      },
    });
  }

  async function schedule() {
    const prefs = await readPreferences();
    await browser.alarms.create(ALARM, {
      periodInMinutes: prefs.syncIntervalMin,
      delayInMinutes: prefs.syncIntervalMin,
    });
  }

  async function syncIfStale() {
    const [state, prefs] = await Promise.all([syncStateItem.getValue(), readPreferences()]);
    const last = state.lastSuccessAt ? Date.parse(state.lastSuccessAt) : 0;
    if (Date.now() - last > prefs.syncIntervalMin * 60_000) await sync();
  }

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void sync();
  });
  browser.runtime.onStartup.addListener(() => {
    void refreshBadge(alertOutputs).catch(() => {});
    void schedule().then(syncIfStale);
  });
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void schedule();
    if (reason === 'install') browser.runtime.openOptionsPage().catch(() => {});
  });
  preferencesItem.watch(() => void schedule());
  // Back online: deliver the outreach written meanwhile, then sync.
  globalThis.addEventListener?.('online', () => void sync());

  /** The keyboard command: tell the active tab's content script to collapse or expand the panel. */
  async function togglePanel() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined)
      await browser.tabs.sendMessage(tab.id, { type: 'toggle-panel' }).catch(() => {});
  }
  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-panel') void togglePanel();
  });
  // Exposed for the end-to-end test, which cannot press a browser-level shortcut.
  (globalThis as { healthbarCommand?: (c: string) => Promise<void> }).healthbarCommand = async (c) => {
    if (c === 'toggle-panel') await togglePanel();
  };

  /**
   * Tab records, panel bindings and picks are read-modify-written in storage.session/local:
   * one change at a time, so two tabs reporting at once cannot undo each other.
   */
  let tabChain: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = tabChain.then(fn, fn);
    tabChain = next.catch(() => {});
    return next;
  }

  /** The active tab of a window (the native side panel's), for the record it follows. */
  const activeTabOf = (windowId: number | undefined) => async () => {
    if (windowId === undefined) return undefined;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    return tab?.id;
  };

  async function handle(req: Request, sender: PanelSender): Promise<Response> {
    switch (req.type) {
      case 'panel-record': {
        const vouched = await serial(() => vouchedRecord(sender, req.key, activeTabOf(req.windowId)));
        return { ok: true, data: { record: vouched?.record ?? null } };
      }
      case 'remember-pick': {
        const r = await serial(() =>
          rememberPick(
            sender,
            req,
            activeTabOf(req.windowId),
            async (id) => (await db.accounts.get(id)) !== undefined,
          ),
        );
        return r.ok ? { ok: true, data: null } : r;
      }
      case 'sync-now':
        return { ok: true, data: await sync() };
      case 'get-state':
        return { ok: true, data: await syncStateItem.getValue() };
      case 'refetch':
        await requestFullSync(db);
        return { ok: true, data: await sync() };
      case 'import-staged': {
        const files = await takeStagedFiles(req.stagingId);
        if (!files) return { ok: false, error: 'The chosen file was not found. Choose it again and import.' };
        const result = await importDatasetFiles(db, files, req.currency, new Date());
        await queueAlerts();
        return { ok: true, data: result };
      }
      case 'clear-cache':
        await clearCacheAndState(db);
        await resetAlerts(alertOutputs);
        await clearHeads();
        return { ok: true, data: null };
      case 'task-create':
        return { ok: true, data: await writeTask(db, req.task, await readConnection()) };
      case 'task-update': {
        const r = await changeTask(db, req.id, req.patch, await readConnection());
        return 'error' in r ? { ok: false, error: r.error } : { ok: true, data: r };
      }
      case 'sentiment-record':
        return { ok: true, data: await writeSentiment(db, req.entry, await readConnection()) };
      case 'outbox-state':
        return { ok: true, data: await flush(db, await readConnection()) };
      case 'refused-dismiss':
        await dismissRefused(db, req.id);
        return { ok: true, data: null };
      case 'alerts-seen':
        await alertsSeen(new Date(), alertOutputs);
        return { ok: true, data: null };
      case 'test-connection':
        return { ok: true, data: await testConnection(req.apiUrl, req.token) };
      case 'configure': {
        const url = checkApiUrl(req.apiUrl);
        if (!url.ok) return { ok: false, error: url.error };
        const prev = await readConnection();
        await writeConnection({ apiUrl: url.url, token: req.token.trim() });
        if (req.syncIntervalMin) {
          await preferencesItem.setValue({
            ...(await readPreferences()),
            syncIntervalMin: req.syncIntervalMin,
          });
        }
        // A book-scoped token fills "my book" with its owner.
        const me = await testConnection(url.url, req.token.trim());
        await tokenScopeItem.setValue(
          me.ok ? { scope: me.me.scope, ...(me.me.owner ? { owner: me.me.owner } : {}) } : null,
        );
        if (me.ok && me.me.scope === 'book' && me.me.owner) {
          await preferencesItem.setValue({ ...(await readPreferences()), myEmail: me.me.owner });
        }
        if (prev.apiUrl !== url.url || prev.token !== req.token.trim()) {
          // Another server or token: the next sync starts from a fresh (staged) snapshot, and its
          // first alert evaluation is a baseline again.
          await requestFullSync(db);
          await resetAlerts(alertOutputs);
        }
        if (req.sync === false) return { ok: true, data: await syncStateItem.getValue() };
        return { ok: true, data: await sync() };
      }
    }
  }

  /** Tells the panels (frames and the native side panel) to ask again which record they show. */
  const tabRecordsChanged = () => {
    browser.runtime.sendMessage(TAB_RECORDS_CHANGED).catch(() => {
      // No panel open: nobody to tell.
    });
  };

  /** Per panel key, the latest header asked for: an earlier one finishing later is not written. */
  const headerAsks = new Map<string, number>();
  let headerSeq = 0;
  /**
   * The header of the record just stored for a frame's key (lib/ext/panel-header.ts), so the frame
   * paints the score from it before its own code loads; and the headers of keys no frame holds
   * any more, forgotten.
   */
  function prepareHeader(stored: Remembered) {
    if (stored.replacedKey) {
      headerAsks.delete(stored.replacedKey);
      void forgetPanelHeaders([stored.replacedKey]).catch(() => {});
    }
    const { key, record } = stored;
    if (!key || !record) return;
    const n = ++headerSeq;
    headerAsks.set(key, n);
    void backgroundHeader(db, record)
      .catch(() => null)
      .then(async (header) => {
        if (headerAsks.get(key) === n) await writePanelHeader(key, header);
      })
      .catch(() => {});
  }

  browser.tabs.onRemoved.addListener(
    (tabId) =>
      void serial(() => forgetTab(tabId)).then((key) => {
        if (key) prepareHeader({ record: null, replacedKey: key });
        tabRecordsChanged();
      }),
  );

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const routed = routeMessage(message, sender, browser.runtime.id, browser.runtime.getURL('/'));
    switch (routed.kind) {
      case 'record-detected':
        // The one message content scripts send: "this tab shows this record" (for its panel frame,
        // the native side panel and the popup), checked against the tenant allow-list.
        // Answered once stored, so the content script mounts its frame after the key is known.
        serial(async () =>
          rememberTabRecord(
            routed.tabId,
            routed.url,
            routed.record,
            (await readPreferences()).tenantAllowList,
          ),
        ).then(
          (stored) => {
            prepareHeader(stored);
            sendResponse({ ok: true, data: null } satisfies Response);
            tabRecordsChanged();
          },
          () => sendResponse({ ok: false, error: 'not stored' } satisfies Response),
        );
        return true;
      case 'ignored':
        return false;
      case 'malformed':
        sendResponse({ ok: false, error: 'Unknown or malformed request.' } satisfies Response);
        return false;
      case 'request':
        handle(routed.request, sender).then(sendResponse, (e) =>
          sendResponse({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Response),
        );
        return true;
    }
  });
});
