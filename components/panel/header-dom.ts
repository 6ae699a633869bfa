/**
 * The panel's header and frame as plain DOM, from words already made (`PanelHeader`): the same
 * markup and classes as the React panel's brand, banner, skeleton and account header (Panel.tsx,
 * parts.tsx, components/Brand.tsx). It imports nothing but a constant, so the panel page's first script
 * (entrypoints/sidepanel/boot.ts) can paint the header the background prepared
 * (lib/ext/panel-header.ts) before any of the panel's other code loads; first-paint-dom.ts makes
 * the same words from an account view. Text goes in as text nodes only.
 */

import { DASH } from '@/lib/contracts/money';
import type { PanelHeader } from '@/lib/ext/panel-header';

/** Why the 30-day change is "—". */
export const NO_DELTA_WHY = 'No score 30 days ago or today';

export { HEADER_BANDS, type HeaderBand, type PanelHeader } from '@/lib/ext/panel-header';

type Child = Node | string | false | null | undefined;

/** An element with attributes and children (written by hand: a few lines, no library needed). */
export function h(tag: string, attrs: Record<string, string>, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== false && c !== null && c !== undefined) el.append(c);
  return el;
}

/** The brand as components/Brand.tsx draws it. */
function brand(): HTMLElement {
  const mark = h('img', { width: '20', height: '20', alt: '', src: '/icon/32.png' });
  const span = h('span', {}, mark, 'Healthbar');
  span.style.cssText = 'display:inline-flex;align-items:center;gap:6px;font-weight:600';
  return h('div', { class: 'hb-brand' }, span);
}

/** The panel's frame (`Panel`'s `main`) with `banner` (null: none) above `content`. */
export function frameOf(banner: string | null, ...content: Child[]): HTMLElement {
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
export function headerDom(w: PanelHeader): HTMLElement {
  const badge = h(
    'span',
    { class: `hb-badge hb-band-${w.band}` },
    h('span', { 'aria-hidden': 'true', class: 'hb-dot' }),
    w.bandWord,
    w.score !== null && h('strong', {}, w.score),
  );
  const delta =
    w.delta === null
      ? h(
          'abbr',
          { title: NO_DELTA_WHY, 'aria-label': `not available: ${NO_DELTA_WHY}`, class: 'hb-null' },
          DASH,
        )
      : h('strong', { class: w.delta.down ? 'hb-down' : 'hb-up' }, w.delta.text);
  return h(
    'header',
    { class: 'hb-head' },
    h(
      'div',
      { class: 'hb-head-top' },
      h('h1', {}, w.name),
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
    w.meta && h('p', { class: 'hb-muted' }, w.meta),
    h(
      'p',
      { class: 'hb-muted hb-small' },
      '30-day change ',
      delta,
      ' · ',
      h('button', { type: 'button', class: 'hb-link', 'aria-expanded': 'false' }, 'Score history'),
      w.tail,
    ),
  );
}

/** The mark the bench times the panel by (`npm run bench`, panel latency): the score is on screen. */
export const SCORE_VISIBLE_MARK = 'healthbar:score-visible';

/** Marks the score of `record`'s account visible (`early`: painted from the background's header, boot.ts). */
export function markHeaderVisible(record: string, accountId: string, early = false): void {
  performance.mark(SCORE_VISIBLE_MARK, { detail: { record, accountId, ...(early ? { early } : {}) } });
}

/** The whole first paint of an account: the frame, the banner and the header. */
export function accountFrame(w: PanelHeader): HTMLElement {
  return frameOf(w.banner, h('article', { 'data-first-paint': '' }, headerDom(w)));
}
