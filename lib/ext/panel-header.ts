/**
 * The header the background prepares for a panel frame, so the frame paints the score before its
 * own code loads (entrypoints/sidepanel/boot.ts).
 *
 * When a content script reports a record with its frame's panel key (lib/ext/tab-records), the
 * background resolves the record, reads the account's view and writes the header's words
 * (`PanelHeader`, below; painted by components/panel/header-dom.ts) to `storage.session` under
 * `panelHeader:<key>` — or `NO_HEADER` when it has none to show (no data, no match). The frame learns
 * its key from its content script (posted to its window only), reads that entry and paints it
 * with text nodes only.
 *
 * Why the frame may trust it: `storage.session` is, by default, reachable from trusted extension
 * contexts only (`TRUSTED_CONTEXTS`): the background and the extension's pages, not content
 * scripts, and never the host page. Healthbar never widens that (`setAccessLevel`). Only the
 * background writes these entries, for a key it stored with the tab's record; a key a page
 * forges names no entry. Where a framed page cannot read `storage.session` (Firefox), the frame
 * goes on without it (the first paint asks the background, as before).
 *
 * This module imports nothing that runs: it is part of the frame's first script, which must
 * stay a few KB (no zod — the entry is checked by hand below, see `readPanelHeader`).
 */

/** The bands a header can show (the `hb-band-*` classes of components/panel/panel.css). */
export const HEADER_BANDS = ['green', 'yellow', 'red', 'none'] as const;
export type HeaderBand = (typeof HEADER_BANDS)[number];

/**
 * An account's header and the banner above it, as words (components/panel/first-paint-dom.ts
 * `headerWords`), painted by components/panel/header-dom.ts.
 */
export interface PanelHeader {
  /** The record it is for (`recordKey`) and the account it matched: the score mark's detail. */
  record: string;
  accountId: string;
  name: string;
  band: HeaderBand;
  bandWord: string;
  /** The rounded score (null: none). */
  score: string | null;
  /** Plan · segment · owner ('' when none is known). */
  meta: string;
  /** The signed 30-day change and its direction (null: "—"). */
  delta: { text: string; down: boolean } | null;
  /** " · as of … · synced …". */
  tail: string;
  /** The status banner above the account (null: none). */
  banner: string | null;
}

/** A panel key (`crypto.randomUUID()` in the content script); `panelKeySchema` checks it with zod. */
export const PANEL_KEY_PATTERN = /^[0-9a-f-]{36}$/;

/** The message the content script posts to its frame with the key (`panelKeyMessageSchema`). */
export const PANEL_KEY_MESSAGE = 'healthbar-panel-key';

/** Where the background keeps the header for the frame holding `key` (`storage.session`). */
export const panelHeaderStorageKey = (key: string) => `panelHeader:${key}`;

/** The session storage area, or undefined where this context cannot reach it. */
function sessionArea(): typeof browser.storage.session | undefined {
  try {
    return browser.storage?.session;
  } catch {
    return undefined;
  }
}

/** The entry that says "no header to show" (not null: a missing entry may read as null). */
export const NO_HEADER = 'none';

/** Background: the header for `key`'s frame (null: none to show). */
export async function writePanelHeader(key: string, header: PanelHeader | null): Promise<void> {
  await sessionArea()?.set({ [panelHeaderStorageKey(key)]: header ?? NO_HEADER });
}

/** Background: forgets the headers of keys no frame holds any more. */
export async function forgetPanelHeaders(keys: string[]): Promise<void> {
  if (keys.length > 0) await sessionArea()?.remove(keys.map(panelHeaderStorageKey));
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * `value` as a header, or null when it is not one. Checked by hand rather than with the
 * project's zod schemas: zod is most of the code the frame's first script exists to avoid. Every
 * field is checked for type, the band against the known classes.
 */
export function asPanelHeader(value: unknown): PanelHeader | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const delta = v.delta as Record<string, unknown> | null | undefined;
  const ok =
    isString(v.record) &&
    isString(v.accountId) &&
    isString(v.name) &&
    (HEADER_BANDS as readonly unknown[]).includes(v.band) &&
    isString(v.bandWord) &&
    (v.score === null || isString(v.score)) &&
    isString(v.meta) &&
    (delta === null ||
      (typeof delta === 'object' && isString(delta.text) && typeof delta.down === 'boolean')) &&
    isString(v.tail) &&
    (v.banner === null || isString(v.banner));
  if (!ok) return null;
  return {
    record: v.record as string,
    accountId: v.accountId as string,
    name: v.name as string,
    band: v.band as PanelHeader['band'],
    bandWord: v.bandWord as string,
    score: v.score as string | null,
    meta: v.meta as string,
    delta: delta ? { text: delta.text as string, down: delta.down as boolean } : null,
    tail: v.tail as string,
    banner: v.banner as string | null,
  };
}

/**
 * Frame: the header the background prepared for `key` — as soon as it is written, if it is not
 * yet — or null (none to show, not reachable here, or not within `waitMs`).
 */
export function readPanelHeader(key: string, waitMs: number): Promise<PanelHeader | null> {
  const area = sessionArea();
  if (!area) return Promise.resolve(null);
  const name = panelHeaderStorageKey(key);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      area.onChanged?.removeListener(onChanged);
      resolve(asPanelHeader(v));
    };
    const written = (v: unknown) => v !== undefined && v !== null;
    const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
      if (written(changes[name]?.newValue)) finish(changes[name].newValue);
    };
    const timer = setTimeout(() => finish(null), waitMs);
    // Listening first: an entry written between the read and the listener is not missed.
    area.onChanged?.addListener(onChanged);
    area.get(name).then(
      (got) => {
        if (written(got[name])) finish(got[name]);
      },
      () => finish(null),
    );
  });
}
