/**
 * The panel's first paint as plain DOM (first-paint.ts paints it; the background prepares the
 * same words for the panel page's first script, lib/ext/panel-header.ts): the words of the
 * account's header from its view (`headerWords`), painted by header-dom.ts in the same markup
 * and classes as the React panel's brand, banner, skeleton and account header (Panel.tsx,
 * parts.tsx, components/Brand.tsx), so the React panel's first render replaces it without a
 * visible jump (first-paint.test.tsx compares the two).
 */
import type { AccountView } from '@/lib/db/account-view';
import { ago, day, signed } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { frameOf, h, headerDom, type PanelHeader, skeleton } from './header-dom';
import { bannerText, headerMeta } from './header-text';
import type { PanelStatus } from './source';

export { h, skeleton };

/** The panel's frame (`Panel`'s `main`) around `content`. */
export function panelMain(status: PanelStatus | undefined, now: Date, ...content: Node[]): HTMLElement {
  return frameOf(bannerText(status, now), ...content);
}

/** The words of `v`'s header for `record` (a `recordKey`), last synced at `syncedAt`, under `banner`. */
export function headerWords(
  record: string,
  v: AccountView,
  syncedAt: string | undefined,
  banner: string | null,
  locale: string,
  now: Date,
): PanelHeader {
  const health = v.report.health;
  return {
    record,
    accountId: v.account.id,
    name: v.account.name,
    band: health.band ?? 'none',
    bandWord: BAND_WORDS[health.band ?? 'unknown'],
    score: health.rounded !== null ? String(health.rounded) : null,
    meta: headerMeta(v),
    delta:
      health.delta30 === null ? null : { text: signed(health.delta30, locale), down: health.delta30 < 0 },
    tail: ` · as of ${day(v.asOf, true)} · synced ${ago(syncedAt, now)}`,
    banner,
  };
}

/** The account's header: `Header` in Panel.tsx (its buttons act once the React panel took over). */
export function headerOf(
  v: AccountView,
  syncedAt: string | undefined,
  locale: string,
  now: Date,
): HTMLElement {
  return headerDom(headerWords('', v, syncedAt, null, locale, now));
}
