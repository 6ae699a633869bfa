/**
 * The panel's first paint, without React: the frame's entry (entrypoints/sidepanel/boot.ts) loads
 * only this and what the score needs — the record the background vouches for (vouched.ts), the
 * account it resolves to and its view (the same `PanelSource` reads the React panel makes) — and
 * paints the brand and the account's header (name, band and score, plan · segment · owner,
 * 30-day change, as-of and synced) with plain DOM, in the same markup and classes as the React
 * header (Panel.tsx `Header`). Then the React panel (react-dom, react-query, the sections: most of
 * the panel's code) loads and takes over with the same data (`FirstPaint`, seeded into its query
 * cache), so its first render is the same header with the sections below.
 *
 * The page's first script (entrypoints/sidepanel/boot.ts) may have painted the header the
 * background prepared before this loads; it stays until this paints the header again.
 *
 * It trusts the host page no more than the React panel: the record is the background's word for
 * this frame's key, never the frame's address or a page's message.
 */
import { rawCache } from '@/lib/db/connection';
import { tabRecordsChangedSchema } from '@/lib/ext/messages';
import { panelExtensionSource } from './extension-source';
import { h, headerOf, panelMain, skeleton } from './first-paint-dom';
import { prefetching } from './prefetch';
import { type FirstPaint, markScoreVisible } from './score-mark';
import { type PanelRecord, recordKey } from './source';
import { askRecord, framed, onVouchChange, panelWindowId } from './vouched';

export type { FirstPaint };

/**
 * The panel's reads, one per page, over the cache opened without Dexie (lib/db/connection.ts):
 * the React panel takes them over.
 */
export const reads = prefetching(panelExtensionSource(rawCache(), panelWindowId));
reads.status();

/** The record the background vouches for, once this frame's key came (undefined: not within `waitMs`). */
function firstRecord(waitMs: number): Promise<PanelRecord | null | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: PanelRecord | null | undefined) => {
      if (done) return;
      done = true;
      off();
      clearTimeout(timer);
      resolve(r);
    };
    const ask = () =>
      askRecord().then(
        (r) => {
          if (r !== undefined) finish(r);
        },
        () => finish(undefined),
      );
    const off = onVouchChange(ask);
    const timer = setTimeout(() => finish(undefined), waitMs);
    void ask();
  });
}

/** How long the first paint waits for this frame's key before it leaves the panel to React. */
const RECORD_WAIT_MS = 1500;

/** Paints `record`'s account header (when it matches one) unless `current()` is false by then. */
async function paintRecord(
  root: HTMLElement,
  record: PanelRecord,
  current: () => boolean,
): Promise<FirstPaint | null> {
  const now = () => reads.source.now();
  reads.record(record);
  const [status, resolution] = await Promise.all([reads.source.status(), reads.source.resolve(record)]);
  if (!current()) return null;
  if (!status.hasData || resolution.status !== 'matched') return { record, status, resolution };
  const view = await reads.source.view(resolution.accountId);
  if (!current()) return null;
  if (view) {
    const article = h(
      'article',
      { 'data-first-paint': '' },
      headerOf(view, status.sync.lastSuccessAt, reads.source.locale, now()),
    );
    root.replaceChildren(panelMain(status, now(), article));
    markScoreVisible(record, view.account.id);
  }
  return { record, status, resolution, view };
}

/**
 * Paints "Looking for the record…" at once, then — for the record the background vouches for to
 * this frame, when it matches an account — that account's header, and marks the score visible.
 * Until the React panel takes over (`taken()`), it follows the tab's record as the React panel
 * does (`tab-records-changed`: an in-app navigation) and paints the new one; `onPaint` gets what
 * each paint read, the React panel starts from the latest. Resolves when the first record is
 * painted, or with null when it leaves everything to the React panel (not framed, no record in time).
 */
export async function paintFirst(
  root: HTMLElement,
  taken: () => boolean,
  onPaint: (seed: FirstPaint) => void,
): Promise<FirstPaint | null> {
  if (!framed) return null;
  // The page's first script may have painted the background's header already: left until the
  // same header is painted again below.
  if (!root.hasChildNodes())
    root.replaceChildren(panelMain(undefined, reads.source.now(), skeleton('Looking for the record…')));
  const record = await firstRecord(RECORD_WAIT_MS);
  if (!record || taken()) return null;
  let seq = 0;
  let shown = recordKey(record);
  const follow = (m: unknown) => {
    if (taken()) {
      browser.runtime.onMessage.removeListener(follow);
      return;
    }
    if (!tabRecordsChangedSchema.safeParse(m).success) return;
    const n = ++seq;
    const current = () => n === seq && !taken();
    void askRecord().then(
      async (next) => {
        if (!next || !current()) return;
        if (recordKey(next) !== shown) {
          shown = recordKey(next);
          root.replaceChildren(panelMain(undefined, reads.source.now(), skeleton('Finding the account…')));
        }
        const painted = await paintRecord(root, next, current);
        if (painted) onPaint(painted);
      },
      () => {},
    );
  };
  browser.runtime.onMessage.addListener(follow);
  const first = await paintRecord(root, record, () => seq === 0 && !taken());
  if (first) onPaint(first);
  return first;
}
