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
import type { AccountView } from '@/lib/db/account-view';
import { openDb } from '@/lib/db/db';
import { ago, DASH, day, signed } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { panelExtensionSource } from './extension-source';
import { bannerText, headerMeta, NO_DELTA_WHY } from './header-text';
import { prefetching } from './prefetch';
import { type FirstPaint, markScoreVisible } from './score-mark';
import type { PanelRecord, PanelStatus } from './source';
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

type Child = Node | string | false | null | undefined;

/** An element with attributes and children (written by hand: a few lines, no library needed). */
function h(tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== false && c !== null && c !== undefined) el.append(c);
  return el;
}

/** The brand as components/Brand.tsx draws it. */
function brand(): HTMLElement {
  const mark = h('img', { src: '/icon/32.png', width: '20', height: '20', alt: '' });
  const span = h('span', {}, mark, 'Healthbar');
  span.style.cssText = 'display:inline-flex;align-items:center;gap:6px;font-weight:600';
  return h('div', { class: 'hb-brand' }, span);
}

/** The panel's frame (`Panel`'s `main`) around `content`. */
function panelMain(status: PanelStatus | undefined, now: Date, ...content: Child[]): HTMLElement {
  const banner = bannerText(status, now);
  return h(
    'main',
    { class: 'hb-panel', 'aria-label': 'Healthbar' },
    brand(),
    banner && h('p', { class: 'hb-banner', role: 'status', 'data-testid': 'banner' }, banner),
    ...content,
  );
}

/** `Skeleton` (parts.tsx) in plain DOM. */
export function skeleton(label: string): HTMLElement {
  return h(
    'div',
    { class: 'hb-skeleton', 'aria-busy': 'true', 'aria-live': 'polite' },
    h('p', { class: 'hb-muted' }, label),
    h('div', {}),
    h('div', {}),
    h('div', {}),
  );
}

/** The account's header: `Header` in Panel.tsx (its buttons act once the React panel took over). */
export function headerOf(
  v: AccountView,
  syncedAt: string | undefined,
  locale: string,
  now: Date,
): HTMLElement {
  const health = v.report.health;
  const band = health.band;
  const badge = h(
    'span',
    { class: `hb-badge hb-band-${band ?? 'none'}` },
    h('span', { 'aria-hidden': 'true', class: 'hb-dot' }),
    BAND_WORDS[band ?? 'unknown'],
    health.rounded !== null && h('strong', {}, String(health.rounded)),
  );
  const meta = headerMeta(v);
  const delta =
    health.delta30 === null
      ? h(
          'abbr',
          { title: NO_DELTA_WHY, 'aria-label': `not available: ${NO_DELTA_WHY}`, class: 'hb-null' },
          DASH,
        )
      : h('strong', { class: health.delta30 < 0 ? 'hb-down' : 'hb-up' }, signed(health.delta30, locale));
  return h(
    'header',
    { class: 'hb-head' },
    h(
      'div',
      { class: 'hb-head-top' },
      h('h1', {}, v.account.name),
      h(
        'button',
        {
          type: 'button',
          class: 'hb-badge-button',
          'aria-expanded': 'false',
          'aria-controls': 'hb-history-section',
          title: 'Show the score history (26 weeks)',
        },
        badge,
      ),
    ),
    meta && h('p', { class: 'hb-muted' }, meta),
    h(
      'p',
      { class: 'hb-muted hb-small' },
      '30-day change ',
      delta,
      ' · ',
      h('button', { type: 'button', class: 'hb-link', 'aria-expanded': 'false' }, 'Score history'),
      ` · as of ${day(v.asOf, true)} · synced ${ago(syncedAt, now)}`,
    ),
  );
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
