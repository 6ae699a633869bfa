/**
 * The panel's first paint as plain DOM (first-paint.ts paints it): the same markup and classes
 * as the React panel's brand, banner, skeleton and account header (Panel.tsx, parts.tsx,
 * components/Brand.tsx), so the React panel's first render replaces it without a visible jump
 * (first-paint.test.tsx compares the two).
 */
import type { AccountView } from '@/lib/db/account-view';
import { ago, DASH, day, signed } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { bannerText, headerMeta, NO_DELTA_WHY } from './header-text';
import type { PanelStatus } from './source';

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

/** The panel's frame (`Panel`'s `main`) around `content`. */
export function panelMain(status: PanelStatus | undefined, now: Date, ...content: Child[]): HTMLElement {
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
