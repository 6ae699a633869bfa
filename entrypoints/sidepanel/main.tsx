import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { extensionOutreach, OutreachContext } from '@/components/outreach';
import { panelExtensionSource } from '@/components/panel/extension-source';
import { Panel } from '@/components/panel/Panel';
import { prefetching } from '@/components/panel/prefetch';
import type { PanelRecord } from '@/components/panel/source';
import { openDb } from '@/lib/db/db';
import { type Request, type Response, tabRecordsChangedSchema } from '@/lib/ext/messages';
import { panelKeyMessageSchema, panelWaitMessageSchema } from '@/lib/ext/tab-records';
import '@/components/base.css';
import '@/components/panel/panel.css';

/**
 * The panel app, in the frame the content script mounts beside a CRM record and in the
 * browser's native side panel. Its URL carries nothing it trusts: any page on a CRM host can
 * frame this page with an address of its choosing. It asks the background which record it
 * shows (lib/ext/tab-records `vouchedRecord`):
 * - framed: with the key its content script posts to it (to this frame's window only, for the
 *   extension's origin); a frame no content script handed a key shows no record at all;
 * - not framed: with its window, for the native side panel (in no tab), which follows that
 *   window's active tab. Opened as a tab of its own, the background gives it nothing.
 * It asks again whenever the background says a tab's record changed (`tab-records-changed`) and,
 * in the side panel, when another tab becomes active.
 *
 * The reads start before React renders (`prefetching`): the status at once, and for the record
 * the background gives, its resolution and then its account's view.
 */
const framed = window.parent !== window;
/** How long a frame waits for its content script's key before it says "no record". */
const KEY_WAIT_MS = 1500;

let key: string | undefined;
/** The content script said the key will come (it mounted this frame before reporting the record). */
let keyPromised = false;
let windowId: number | undefined;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

if (framed) {
  // Installed before anything renders, so the key is never missed; only the parent may send it.
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent) return;
    if (panelWaitMessageSchema.safeParse(e.data).success) {
      keyPromised = true;
      return;
    }
    const m = panelKeyMessageSchema.safeParse(e.data);
    if (!m.success || m.data.key === key) return;
    key = m.data.key;
    changed();
  });
  // Ask for the key (the content script answers its own frame only).
  window.parent.postMessage({ type: 'healthbar-panel-hello' }, '*');
} else {
  void browser.windows.getCurrent().then(
    (w) => {
      windowId = w.id;
      changed();
    },
    () => {},
  );
}

const db = openDb();
const reads = prefetching(panelExtensionSource(db, () => windowId));
const source = reads.source;
reads.status();
const outreach = extensionOutreach(db);

async function askRecord(): Promise<PanelRecord | null | undefined> {
  if (framed && !key) return undefined;
  if (!framed && windowId === undefined) return undefined;
  const req: Request = {
    type: 'panel-record',
    ...(key ? { key } : {}),
    ...(windowId !== undefined ? { windowId } : {}),
  };
  const res = (await browser.runtime.sendMessage(req)) as
    | Response<{ record: PanelRecord | null }>
    | undefined;
  const record = res?.ok ? res.data.record : null;
  if (record) reads.record(record);
  return record;
}

/** The record the background vouches for to this page (undefined: not known yet). */
function useVouchedRecord(): PanelRecord | null | undefined {
  const [record, setRecord] = useState<PanelRecord | null | undefined>(undefined);
  useEffect(() => {
    let seq = 0;
    let settled = false;
    const refresh = () => {
      const n = ++seq;
      askRecord().then(
        (r) => {
          if (n !== seq || r === undefined) return;
          settled = true;
          setRecord(r);
        },
        () => {
          if (n === seq) setRecord(null);
        },
      );
    };
    listeners.add(refresh);
    refresh();
    // A frame that got no key is not ours: say "no record". One that did waits for the answer.
    const giveUp = setTimeout(() => {
      if (!settled && !key && !keyPromised) setRecord(null);
    }, KEY_WAIT_MS);
    const onBroadcast = (m: unknown) => {
      if (tabRecordsChangedSchema.safeParse(m).success) refresh();
    };
    browser.runtime.onMessage.addListener(onBroadcast);
    if (!framed) browser.tabs.onActivated.addListener(refresh);
    return () => {
      listeners.delete(refresh);
      clearTimeout(giveUp);
      browser.runtime.onMessage.removeListener(onBroadcast);
      if (!framed) browser.tabs.onActivated.removeListener(refresh);
    };
  }, []);
  return record;
}

function App() {
  return (
    <OutreachContext.Provider value={outreach}>
      <Panel source={source} record={useVouchedRecord()} />
    </OutreachContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
