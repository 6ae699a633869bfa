import { createShadowRootUi } from '#imports';
import {
  type FrameState,
  frameStateItem,
  frameStateSchema,
  readPreferences,
} from '@/lib/contracts/content-storage';
import { encodePanelRecord, type PanelRecord, recordKey } from '@/lib/contracts/panel-record';
import { detectRecordWithDiagnostics } from '@/lib/crm';
import { CRM_MATCHES } from '@/lib/crm/matches';
import { tenantAllowed } from '@/lib/crm/tenants';

/**
 * The content script is deliberately thin: it detects the record on the page and mounts the
 * panel — an extension page in a cross-origin iframe — beside it. It never opens IndexedDB
 * (that would be the CRM's origin), never reads the API token, and keeps no account data.
 *
 * - The record (and the account hints read from the visible view) goes to the background, never
 *   into the frame's URL: the panel asks the background for its tab's record (lib/ext/tab-records).
 *   The frame is proven to be this script's by a random key the script reports with the record
 *   and posts to the frame's own window only.
 * - The frame lives in a closed shadow root (WXT's `createShadowRootUi`, `mode: 'closed'`): page
 *   scripts cannot find the iframe element to read or rewrite its address. The toggle and the
 *   resize grip, which hold nothing, stay in an open root around it.
 * - With a tenant allow-list (options), a page of another tenant gets no panel and no report.
 * - Late-rendering pages: after each navigation it re-reads the page on DOM changes for at most
 *   PAGE_WAIT_MS (a bounded, throttled observer), then stops.
 * - Early frame: it runs at document_start. On an address that names a record it mounts the frame
 *   at once, so the panel's code loads while the CRM page does; it reads the page (and reports
 *   the record) at DOMContentLoaded. The frame gets its key only once the background has stored
 *   the record with it; a hello before that is answered "wait".
 * - Collapse/expand (a small tab that stays at the edge), width and the collapsed state are
 *   remembered per CRM; the keyboard command toggles it.
 */
const PAGE_WAIT_MS = 12_000;
const THROTTLE_MS = 250;

// Storage items are shared contracts: lib/contracts/content-storage (no secrets, no database).

export default defineContentScript({
  matches: CRM_MATCHES,
  // document_start: the frame starts loading with the page ("Early frame" above); the page itself
  // is first read at DOMContentLoaded (reads at document_start raced late shadow-root rendering
  // in tests, commit d4ae8ae).
  runAt: 'document_start',
  async main(ctx) {
    // The panel page's address: with `use_dynamic_url` (Chrome) it carries a per-session id that
    // only `getURL` knows; the page it loads has the extension's origin.
    const panelUrl = browser.runtime.getURL('/sidepanel.html');
    const panelOrigins = [
      ...new Set([new URL(browser.runtime.getURL('/')).origin, new URL(panelUrl).origin]),
    ];
    let host: HTMLDivElement | undefined;
    let toggle: HTMLButtonElement | undefined;
    let iframe: HTMLIFrameElement | undefined;
    let frameUi: { remove(): void } | undefined;
    let shownKey = '';
    let shownHash = '';
    let crm = '';
    let state: FrameState = { collapsed: false, width: 380 };
    let navAbort: AbortController | undefined;
    /** The secret that proves the frame is ours to the background; new for every frame mounted. */
    let panelKey = '';
    /** The background has stored a record with `panelKey`: the frame may claim it. */
    let keyStored = false;

    // The background's own reader: damaged preferences count as the defaults in both. The frame
    // states are read at the same time (one storage round trip before the frame can mount).
    const [prefs, storedFrames] = await Promise.all([readPreferences(), frameStateItem.getValue()]);
    let frameStates = storedFrames;
    const allowList = prefs.tenantAllowList;

    /**
     * Hands the key to our frame only: its window, and only if it holds an extension page. Before
     * the background has stored the record with it, the frame is told to wait for it instead.
     */
    const sendKey = () => {
      const win = iframe?.contentWindow;
      if (!win || !panelKey) return;
      const message = keyStored
        ? { type: 'healthbar-panel-key', key: panelKey }
        : { type: 'healthbar-panel-wait' };
      for (const origin of panelOrigins) win.postMessage(message, origin);
    };
    ctx.addEventListener(window, 'message', (e: MessageEvent) => {
      if (iframe && e.source === iframe.contentWindow && e.data?.type === 'healthbar-panel-hello') sendKey();
    });

    const applyState = () => {
      if (!host || !iframe) return;
      host.dataset.collapsed = String(state.collapsed);
      iframe.style.display = state.collapsed ? 'none' : 'block';
      iframe.style.width = `${state.width}px`;
      if (toggle) {
        toggle.setAttribute('aria-expanded', String(!state.collapsed));
        toggle.title = state.collapsed ? 'Show Healthbar (Alt+Shift+H)' : 'Hide Healthbar (Alt+Shift+H)';
        toggle.textContent = state.collapsed ? '◂ Healthbar' : '▸';
      }
    };
    const saveState = async () => {
      const all = await frameStateItem.getValue();
      frameStates = { ...all, [crm]: state };
      await frameStateItem.setValue(frameStates);
    };

    const mount = async (crmName: string) => {
      crm = crmName;
      state = frameStateSchema.safeParse(frameStates?.[crm]).data ?? state;
      host = document.createElement('div');
      host.id = 'healthbar-root';
      Object.assign(host.style, {
        position: 'fixed',
        top: '56px',
        right: '0',
        bottom: '8px',
        zIndex: '2147483000',
        display: 'flex',
        alignItems: 'flex-start',
        pointerEvents: 'none',
      });
      // The toggle and the resize grip live in a shadow root: CRM styles cannot reach them.
      const shadow = host.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = `
        button{pointer-events:auto;font:600 12px system-ui,sans-serif;border:1px solid #c9d0d8;border-right:0;
          border-radius:6px 0 0 6px;background:#1f2937;color:#fff;padding:6px 8px;cursor:pointer;margin-top:8px}
        button:focus-visible{outline:2px solid #7d9bff;outline-offset:1px}
        .grip{pointer-events:auto;width:6px;align-self:stretch;cursor:ew-resize}`;
      toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.addEventListener('click', () => {
        state = { ...state, collapsed: !state.collapsed };
        applyState();
        void saveState();
      });
      const grip = document.createElement('div');
      grip.className = 'grip';
      grip.addEventListener('pointerdown', (e) => {
        e.preventDefault();
        const startX = e.clientX;
        const startW = state.width;
        const move = (ev: PointerEvent) => {
          state = { ...state, width: Math.max(300, Math.min(720, startW + (startX - ev.clientX))) };
          applyState();
        };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          void saveState();
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      });
      shadow.append(style, toggle, grip, document.createElement('slot'));
      document.documentElement.append(host);
      // The frame: in a closed shadow root of its own, slotted into the root above.
      const frame = document.createElement('iframe');
      iframe = frame;
      iframe.title = 'Healthbar';
      iframe.setAttribute('data-healthbar', 'panel');
      // "Copy summary" writes to the clipboard from the frame.
      iframe.allow = 'clipboard-write';
      Object.assign(iframe.style, {
        pointerEvents: 'auto',
        height: '100%',
        border: '0',
        borderRadius: '8px 0 0 8px',
        boxShadow: '0 4px 24px rgba(0,0,0,.18)',
        background: 'Canvas',
        colorScheme: 'normal',
      });
      // No record in the address: the panel asks the background, with the key we post it.
      iframe.src = panelUrl;
      iframe.addEventListener('load', sendKey);
      const outer = host;
      // WXT's createIframeUi would put the frame in the light DOM (a plain wrapper div), where
      // page scripts can find it; createShadowRootUi takes `mode: 'closed'`, so the frame goes
      // inside one of those instead.
      const ui = await createShadowRootUi(ctx, {
        name: 'healthbar-frame',
        position: 'inline',
        mode: 'closed',
        anchor: outer,
        css: `:host{display:block!important;align-self:stretch!important;pointer-events:none!important}
          html,body{display:block;height:100%;margin:0;padding:0}`,
        onMount: (body) => {
          body.append(frame);
        },
      });
      ui.mount();
      frameUi = ui;
      applyState();
    };

    /** A new frame's key (not yet stored by the background). */
    const newKey = () => {
      panelKey = crypto.randomUUID();
      keyStored = false;
      shownHash = '';
    };

    const unmount = () => {
      frameUi?.remove();
      frameUi = undefined;
      host?.remove();
      host = undefined;
      toggle = undefined;
      iframe = undefined;
      shownKey = '';
      shownHash = '';
    };

    /**
     * Tells the background what this tab shows — for its panel frame (with the key), the native
     * side panel and the popup. Resolves once the background has stored it.
     */
    const report = async (record: PanelRecord | null) => {
      const key = panelKey;
      const stored = await browser.runtime
        .sendMessage({ type: 'record-detected', record, ...(record && key ? { panelKey: key } : {}) })
        .then(
          (r: unknown) => (r as { ok?: boolean } | undefined)?.ok === true,
          () => false,
        );
      // The frame may now claim the record with its key (if the key is still this frame's).
      if (record && stored && key && key === panelKey && !keyStored) {
        keyStored = true;
        sendKey();
      }
    };

    const show = async (record: PanelRecord) => {
      const hash = JSON.stringify(record);
      if (hash === shownHash) return;
      shownHash = hash;
      // The panel follows: it asks the background again when a record is reported.
      await report(record);
    };

    /** The record on the page; `urlOnly`: from the address alone (does it name a record?). */
    const detect = (url: string, urlOnly = false): PanelRecord | null => {
      if (!tenantAllowed(allowList, url)) return null;
      const { record, diagnostics } = detectRecordWithDiagnostics(url, urlOnly ? undefined : document);
      if (!record) return null;
      if (prefs.enabledCrms[record.crm] === false) return null;
      return encodePanelRecord(record, diagnostics);
    };

    const onNavigate = async (url: string) => {
      navAbort?.abort();
      const abort = new AbortController();
      navAbort = abort;
      const first = detect(url);
      if (!first) {
        if (host) void report(null);
        unmount();
        return;
      }
      const key = recordKey(first);
      shownKey = key;
      if (!host) {
        // A new frame, a new key: the frame loads while the record is reported with the key; it
        // gets the key once the background has stored it (`report`).
        newKey();
        await Promise.all([show(first), mount(first.crm)]);
      } else await show(first);
      if (abort.signal.aborted) return;
      if (!first.pending) return;
      // Wait, bounded, for the page to render the association (late cards, shadow roots): re-read
      // on DOM changes (throttled) and at a few fixed moments — changes inside shadow roots do not
      // reach a document observer — and stop at the first account found or after PAGE_WAIT_MS.
      let timer: number | undefined;
      let done = false;
      const check = () => {
        if (done || abort.signal.aborted) return;
        const next = detect(location.href);
        if (!next || recordKey(next) !== shownKey) return;
        if (!next.pending) {
          void show(next);
          stop();
        }
      };
      let firstChange = true;
      const observer = new MutationObserver(() => {
        // The first change after a navigation is usually the CRM's router drawing the record:
        // read it right away, then at most every THROTTLE_MS.
        if (firstChange) {
          firstChange = false;
          check();
          return;
        }
        if (timer !== undefined) return;
        timer = ctx.setTimeout(() => {
          timer = undefined;
          check();
        }, THROTTLE_MS);
      });
      const stop = () => {
        done = true;
        observer.disconnect();
        if (timer !== undefined) clearTimeout(timer);
      };
      observer.observe(document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['href', 'hidden', 'class', 'style', 'data-is-active'],
      });
      abort.signal.addEventListener('abort', stop);
      for (const ms of [0, 50, 100, 400, 1000, 2000, 4000, 7000]) ctx.setTimeout(check, ms);
      ctx.addEventListener(window, 'load', check, { once: true });
      ctx.setTimeout(() => {
        if (done || abort.signal.aborted) return;
        stop();
        const last = detect(location.href);
        if (last && recordKey(last) === shownKey) void show({ ...last, pending: false });
      }, PAGE_WAIT_MS);
    };

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      // Only the background sends this (the keyboard command); pages cannot reach this listener.
      if (sender.id !== browser.runtime.id || sender.tab) return;
      if ((message as { type?: unknown })?.type === 'toggle-panel' && host) {
        state = { ...state, collapsed: !state.collapsed };
        applyState();
        void saveState();
      }
    });

    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => void onNavigate(newUrl.href));
    if (document.readyState === 'loading') {
      // Early frame: mounted now when the address names a record; the page is read once parsed.
      const parsed = new Promise<void>((resolve) =>
        ctx.addEventListener(document, 'DOMContentLoaded', () => resolve(), { once: true }),
      );
      const early = detect(location.href, true);
      if (early) {
        newKey();
        await mount(early.crm);
      }
      await parsed;
    }
    void onNavigate(location.href);
    ctx.onInvalidated(() => {
      navAbort?.abort();
      unmount();
    });
  },
});
