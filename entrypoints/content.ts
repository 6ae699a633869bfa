import { storage } from '#imports';
import type { PanelRecord } from '@/components/panel/source';
import { detectRecordWithDiagnostics } from '@/lib/crm';
import { CRM_MATCHES } from '@/lib/crm/matches';

/**
 * The content script is deliberately thin: it detects the record on the page and mounts the
 * panel — an extension page in a cross-origin iframe — beside it. It never opens IndexedDB
 * (that would be the CRM's origin), never reads the API token, and keeps no account data.
 *
 * - The record (and the account hints read from the visible view) travels to the frame in its
 *   URL fragment; a new record replaces the fragment, so the panel never shows the previous one.
 * - Late-rendering pages: after each navigation it re-reads the page on DOM changes for at most
 *   PAGE_WAIT_MS (a bounded, throttled observer), then stops.
 * - Collapse/expand (a small tab that stays at the edge), width and the collapsed state are
 *   remembered per CRM; the keyboard command toggles it.
 */
const PAGE_WAIT_MS = 12_000;
const THROTTLE_MS = 250;

interface FrameState {
  collapsed: boolean;
  width: number;
}
const frameStateItem = storage.defineItem<Record<string, FrameState>>('local:frameState', { fallback: {} });
const preferencesItem = storage.defineItem<{ enabledCrms?: Record<string, boolean> }>('local:preferences');

export default defineContentScript({
  matches: CRM_MATCHES,
  // document_idle: the page has parsed, so the first read of the DOM usually finds the account.
  // (document_start would start the frame ~150 ms earlier, but the early reads raced late
  // shadow-root rendering in tests; see the benchmark notes.)
  runAt: 'document_idle',
  async main(ctx) {
    const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
    let host: HTMLDivElement | undefined;
    let toggle: HTMLButtonElement | undefined;
    let iframe: HTMLIFrameElement | undefined;
    let shownKey = '';
    let shownHash = '';
    let crm = '';
    let state: FrameState = { collapsed: false, width: 380 };
    let navAbort: AbortController | undefined;

    const prefs = await preferencesItem.getValue();

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
      await frameStateItem.setValue({ ...all, [crm]: state });
    };

    const mount = async (crmName: string) => {
      crm = crmName;
      state = (await frameStateItem.getValue())[crm] ?? state;
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
      // The frame itself stays in the light DOM (so tests and people can find it) and is slotted.
      shadow.append(style, toggle, grip, document.createElement('slot'));
      iframe = document.createElement('iframe');
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
      host.append(iframe);
      document.documentElement.append(host);
      applyState();
    };

    const unmount = () => {
      host?.remove();
      host = undefined;
      toggle = undefined;
      iframe = undefined;
      shownKey = '';
      shownHash = '';
    };

    /** Tells the background what this tab shows (for the native side panel and the popup). */
    const report = (record: PanelRecord | null) => {
      const portal =
        record?.crm === 'hubspot'
          ? /^\/(?:contacts|help-desk)\/(\d+)/.exec(location.pathname)?.[1]
          : undefined;
      browser.runtime
        .sendMessage({
          type: 'record-detected',
          record,
          host: location.host,
          ...(portal ? { hubspotPortal: portal } : {}),
        })
        .catch(() => {});
    };

    const show = (record: PanelRecord) => {
      const hash = encodeURIComponent(JSON.stringify(record));
      if (hash === shownHash) return;
      shownHash = hash;
      report(record);
      if (!iframe) return;
      const base = `${extensionOrigin}/sidepanel.html?embed=1`;
      // Same document: only the fragment changes (hashchange in the panel, no reload).
      iframe.src = `${base}#${hash}`;
    };

    const detect = (url: string): PanelRecord | null => {
      const { record, diagnostics } = detectRecordWithDiagnostics(url, document);
      if (!record) return null;
      const enabled = prefs?.enabledCrms?.[record.crm];
      if (enabled === false) return null;
      const h = record.hints;
      // The detector names the anchor that gave the account; until one did, the page may still be rendering.
      const hasAccount = Boolean(diagnostics.anchorUsed);
      return {
        crm: record.crm,
        objectType: record.objectType,
        recordId: record.recordId,
        hints: h,
        recordName: record.recordName,
        diagnostics,
        pending: !hasAccount,
      };
    };

    const onNavigate = async (url: string) => {
      navAbort?.abort();
      const abort = new AbortController();
      navAbort = abort;
      const first = detect(url);
      if (!first) {
        if (host) report(null);
        unmount();
        return;
      }
      const key = `${first.crm}:${first.objectType}:${first.recordId}`;
      if (!host) await mount(first.crm);
      if (abort.signal.aborted) return;
      shownKey = key;
      show(first);
      if (!first.pending) return;
      // Wait, bounded, for the page to render the association (late cards, shadow roots): re-read
      // on DOM changes (throttled) and at a few fixed moments — changes inside shadow roots do not
      // reach a document observer — and stop at the first account found or after PAGE_WAIT_MS.
      let timer: number | undefined;
      let done = false;
      const check = () => {
        if (done || abort.signal.aborted) return;
        const next = detect(location.href);
        if (!next || `${next.crm}:${next.objectType}:${next.recordId}` !== shownKey) return;
        if (!next.pending) {
          show(next);
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
      ctx.setTimeout(() => {
        if (done || abort.signal.aborted) return;
        stop();
        const last = detect(location.href);
        if (last && `${last.crm}:${last.objectType}:${last.recordId}` === shownKey)
          show({ ...last, pending: false });
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

    void onNavigate(location.href);
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => void onNavigate(newUrl.href));
    ctx.onInvalidated(() => {
      navAbort?.abort();
      unmount();
    });
  },
});
