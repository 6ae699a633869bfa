/**
 * Healthbar's settings, in the extension's storage (`@wxt-dev/storage` items with versions).
 *
 * The connection (API URL and token) is kept apart, in the extension origin's IndexedDB
 * (`healthbar-secrets`), not in `storage.local`: content scripts can read all of `storage.local`
 * (they need the preferences there), but never the extension origin's databases. Only extension
 * pages and the background read it; it is never sent to a content script or a page, never
 * logged, and redacted in diagnostics. Earlier versions kept it in `storage.local`; the first
 * read moves it. Everything else is `preferences`.
 *
 * Every value read is validated with zod; a damaged value falls back to the defaults rather
 * than breaking the extension.
 *
 * Storage versions and migrations. Every `storage.defineItem` (lib/contracts/storage.ts and
 * content-storage.ts) is at version 1 — `version: 1`, or WXT's default, which is 1 — and none has
 * `migrations`. A change to the shape of a stored value must use WXT's mechanism: raise the
 * item's `version` to 2 and add `migrations: { 2: (old) => next }` in its one definition. The
 * function gets the raw stored value (possibly damaged: validate it with the item's zod schema,
 * and fall back as the readers do) and returns the new value, which WXT writes back under the
 * same key with the version in the key's `$` metadata. WXT starts the migration when the module
 * that defines the item is loaded, in every context that loads it (content-storage.ts's items in
 * the content script too), and only logs a migration that throws; so a migration is a pure
 * function of the old value — no IndexedDB, no network — and a test (with `fakeBrowser`) stores
 * a version-1 value and reads the migrated one.
 *
 * The connection's move from `storage.local` to IndexedDB (commit a6fbb04, "Hardening") is not a
 * WXT migration and could not be one: a migration rewrites an item's value in place, in the same
 * storage area under the same key, while the move had to take the token *out* of `storage.local`
 * (any content script can read it) into another store, then remove the key and its metadata.
 * It must also run only in the extension origin (a content script's IndexedDB is the CRM site's)
 * and never lose the token (WXT would log a failure and carry on): `readConnection` moves
 * whatever it finds in `local:connection`, whatever the version says, and `writeConnection`
 * removes that copy only after the IndexedDB write succeeded.
 */

import type { Dexie, EntityTable } from 'dexie';
import {
  type Connection,
  connectionSchema,
  legacyConnectionItem,
  type Preferences,
} from '../contracts/storage';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../metrics/settings';
import { lazyDatabase } from './lazy-database';

export {
  DEFAULT_PREFERENCES,
  type Preferences,
  preferencesItem,
  preferencesSchema,
  ROLES,
  type Role,
  readPreferences,
  syncStateItem,
  type TokenScope,
  tokenScopeItem,
} from '../contracts/storage';
// Storage items are defined once, in lib/contracts/storage; re-exported for the extension pages.
export type { Connection };
export { connectionSchema };

type SecretsDb = Dexie & { secrets: EntityTable<Connection & { id: 'connection' }, 'id'> };

/** The extension origin's small database of secrets (IndexedDB: never reachable from a content script). */
const secrets = lazyDatabase<SecretsDb>('healthbar-secrets', { secrets: 'id' });

export async function readConnection(): Promise<Connection> {
  const row = connectionSchema.safeParse(await (await secrets()).secrets.get('connection'));
  if (row.success) return { apiUrl: row.data.apiUrl, token: row.data.token };
  const legacy = connectionSchema.safeParse(await legacyConnectionItem.getValue());
  if (legacy.success && (legacy.data.apiUrl || legacy.data.token)) {
    await writeConnection(legacy.data);
    return legacy.data;
  }
  return { apiUrl: '', token: '' };
}

/** Saves the connection (the background's `configure`), and clears any copy an earlier version left in `storage.local`. */
export async function writeConnection(c: Connection): Promise<void> {
  await (await secrets()).secrets.put({ id: 'connection', apiUrl: c.apiUrl, token: c.token });
  await legacyConnectionItem.removeValue({ removeMeta: true });
}

/** Checks an API URL a person typed; returns the normalised URL or what to fix. */
export function checkApiUrl(input: string): { ok: true; url: string } | { ok: false; error: string } {
  const s = input.trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return {
      ok: false,
      error: 'Enter the full address of your Healthbar server, such as https://healthbar.example.com',
    };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    return {
      ok: false,
      error: 'The API URL must start with https:// (or http:// for a server on this computer).',
    };
  }
  if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    return {
      ok: false,
      error: 'Use https:// for a server on another computer: the token must not travel in clear text.',
    };
  }
  const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  return { ok: true, url: `${u.origin}${path}` };
}

/** The origin (scheme, host, port) of a URL a person typed, or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return null;
  }
}

/**
 * Why the saved token may not go with `apiUrl` (null when it may): it was saved for another
 * origin. A newly typed address — a typo, a look-alike host — must not receive it, so the token
 * is asked for again whenever the origin changes.
 */
export function savedTokenRefusal(apiUrl: string, savedUrl: string): string | null {
  const from = originOf(savedUrl);
  const to = originOf(apiUrl);
  if (from && from === to) return null;
  return `The server address changed${to ? ` to ${to}` : ''}: paste the API token for this server. Healthbar sends the saved token only to ${from ?? 'the server it was saved for'}.`;
}

/** The token to send with the URL in the form: the typed one, else the saved one for its own origin only. */
export function tokenForForm(
  apiUrl: string,
  typedToken: string,
  saved: Connection,
): { ok: true; token: string } | { ok: false; message: string } {
  const typed = typedToken.trim();
  if (typed) return { ok: true, token: typed };
  if (!saved.token) return { ok: false, message: 'Paste the API token your administrator gave you.' };
  const refusal = savedTokenRefusal(apiUrl, saved.apiUrl);
  return refusal ? { ok: false, message: refusal } : { ok: true, token: saved.token };
}

/** The scoring settings in force (overrides validated over the documented defaults). */
export function scoringSettings(prefs: Preferences): Settings {
  const r = parseSettings(prefs.scoring);
  return r.ok ? r.settings : DEFAULT_SETTINGS;
}

/** A token shown in diagnostics: enough to tell two apart, never enough to use. */
export function redactToken(token: string): string {
  if (!token) return '(none)';
  return `${token.slice(0, 4)}… (${token.length} characters)`;
}
