/**
 * Which record this panel page shows, as the background vouches for it (lib/ext/tab-records
 * `vouchedRecord`). The page's URL carries nothing it trusts: any page on a CRM host can frame
 * this page with an address of its choosing.
 * - framed: it asks with the key its content script posts to it (to this frame's window only, for
 *   the extension's origin); a frame no content script handed a key shows no record at all;
 * - not framed: with its window, for the native side panel (in no tab), which follows that
 *   window's active tab. Opened as a tab of its own, the background gives it nothing.
 *
 * Shared by the panel's first paint (first-paint.ts) and the React panel (entrypoints/sidepanel):
 * the listener is installed when this module is first evaluated — by the first paint, before
 * anything else loads — so the key is never missed.
 */
import type { Request, Response } from '@/lib/ext/messages';
import { panelKeyMessageSchema, panelWaitMessageSchema } from '@/lib/ext/tab-records';
import type { PanelRecord } from './source';

export const framed = window.parent !== window;

let key: string | undefined;
/** The content script said the key will come (it mounted this frame before reporting the record). */
let keyPromised = false;
let windowId: number | undefined;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

if (framed) {
  // Only the parent may send the key.
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

/** The native side panel's window (undefined in the frame, or until known). */
export const panelWindowId = () => windowId;

/** A frame that got no key and was promised none is not ours (checked after a short wait). */
export const keyExpected = () => key !== undefined || keyPromised;

/** Calls `onChange` whenever the key (framed) or the window (side panel) becomes known or changes. */
export function onVouchChange(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/**
 * Asks the background which record this page shows: undefined while the key (framed) or the
 * window (side panel) is not known yet, null when the background vouches for none.
 */
export async function askRecord(): Promise<PanelRecord | null | undefined> {
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
  return res?.ok ? res.data.record : null;
}
