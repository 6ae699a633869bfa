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
 * It trusts the host page no more than the React panel: the record is the background's word for
 * this frame's key, never the frame's address or a page's message.
 */
import { openDb } from '@/lib/db/db';
import { panelExtensionSource } from './extension-source';
import { h, headerOf, panelMain, skeleton } from './first-paint-dom';
import { prefetching } from './prefetch';
import { type FirstPaint, markScoreVisible } from './score-mark';
import type { PanelRecord } from './source';
import { askRecord, framed, onVouchChange, panelWindowId } from './vouched';

export type { FirstPaint };

/** The panel's database and reads, one of each per page: the React panel takes them over. */
export const db = openDb();
export const reads = prefetching(panelExtensionSource(db, panelWindowId));
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

/**
 * Paints "Looking for the record…" at once, then — for the record the background vouches for to
 * this frame, when it matches an account — that account's header, and marks the score visible.
 * `taken()`: the React panel has taken over (nothing more is painted). Resolves with what it
 * read, or null when it leaves everything to the React panel (not framed, no record in time).
 */
export async function paintFirst(root: HTMLElement, taken: () => boolean): Promise<FirstPaint | null> {
  if (!framed) return null;
  const now = () => reads.source.now();
  root.replaceChildren(panelMain(undefined, now(), skeleton('Looking for the record…')));
  const record = await firstRecord(RECORD_WAIT_MS);
  if (!record || taken()) return null;
  reads.record(record);
  const [status, resolution] = await Promise.all([reads.source.status(), reads.source.resolve(record)]);
  if (taken()) return null;
  if (!status.hasData || resolution.status !== 'matched') return { record, status, resolution };
  const view = await reads.source.view(resolution.accountId);
  if (taken()) return null;
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
