/**
 * The background's half of the frame's early header (lib/ext/panel-header.ts): for the record a
 * content script reported, the header's words as the panel's first paint would paint them — the
 * same reads (`PanelSource`: status, resolution, account view) and the same words
 * (first-paint-dom.ts `headerWords`) — or null when the panel would show no account header.
 */
import type { CacheConnection } from '@/lib/db/connection';
import { panelExtensionSource } from './extension-source';
import { headerWords } from './first-paint-dom';
import type { PanelHeader } from './header-dom';
import { bannerText } from './header-text';
import { type PanelRecord, type PanelSource, recordKey } from './source';

/** The header `source` gives for `record` (null: no data, no single match, or no view). */
export async function headerFor(source: PanelSource, record: PanelRecord): Promise<PanelHeader | null> {
  const [status, resolution] = await Promise.all([source.status(), source.resolve(record)]);
  if (!status.hasData || resolution.status !== 'matched') return null;
  const view = await source.view(resolution.accountId);
  if (!view) return null;
  const now = source.now();
  return headerWords(
    recordKey(record),
    view,
    status.sync.lastSuccessAt,
    bannerText(status, now),
    source.locale,
    now,
  );
}

/** The header for `record` over the background's cache connection. */
export function backgroundHeader(db: CacheConnection, record: PanelRecord): Promise<PanelHeader | null> {
  return headerFor(panelExtensionSource(db), record);
}
