/**
 * The panel page's first script: a few KB, so it runs as soon as the frame starts. In the frame
 * beside a CRM record it paints the header the background prepared for this frame's key
 * (lib/ext/panel-header.ts: name, band and score, plan · segment · owner, 30-day change, as of,
 * synced, banner) with text nodes only, and marks the score visible. Then — or at once when there
 * is none to paint, and after `EARLY_WAIT_MS` at the latest — it loads the rest of the panel
 * (./start.ts: the first paint, then React), which reads everything again itself and takes over.
 *
 * The key comes from the content script, posted to this frame's window; a page can post one too,
 * but a key it makes up names no entry: only the background writes them, and the page cannot.
 */
import '@/components/base.css';
import '@/components/panel/panel.css';
import { accountFrame, markHeaderVisible } from '@/components/panel/header-dom';
import { PANEL_KEY_MESSAGE, PANEL_KEY_PATTERN, readPanelHeader } from '@/lib/ext/panel-header';

/** The longest the rest of the panel waits for the background's header before it loads anyway. */
const EARLY_WAIT_MS = 250;

performance.mark('healthbar:boot');
const root = document.getElementById('root')!;
/** The rest of the panel has run: from then on it paints, not this script. */
let started = false;
let loading = false;
const loadRest = () => {
  if (loading) return;
  loading = true;
  clearTimeout(cap);
  void import('./start').then(() => {
    started = true;
  });
};
const cap = setTimeout(loadRest, EARLY_WAIT_MS);

if (window.parent === window) {
  loadRest();
} else {
  const keys = new Set<string>();
  let pending = 0;
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || started) return;
    const key: unknown = e.data?.type === PANEL_KEY_MESSAGE ? e.data.key : undefined;
    if (typeof key !== 'string' || !PANEL_KEY_PATTERN.test(key) || keys.has(key)) return;
    keys.add(key);
    pending++;
    // For `npm run bench` (panel latency): when the key came, when its header was read.
    performance.mark('healthbar:key');
    void readPanelHeader(key, EARLY_WAIT_MS).then((header) => {
      pending--;
      performance.mark('healthbar:header-read');
      if (header && !started) {
        root.replaceChildren(accountFrame(header));
        markHeaderVisible(header.record, header.accountId, true);
      }
      if (header || pending === 0) loadRest();
    });
  });
  // The content script answers with the key once the background stored the record with it.
  window.parent.postMessage({ type: 'healthbar-panel-hello' }, '*');
}
