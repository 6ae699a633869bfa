/**
 * The API token lives in the extension origin's IndexedDB, never in `storage.local` (which every
 * content script can read); a token an earlier version left in `storage.local` is moved out on
 * the first read.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readConnection, redactToken, writeConnection } from './settings';

const TOKEN = 'hbt_secret_0123456789abcdef';

async function localText(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null));
}

describe('the connection', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeConnection({ apiUrl: '', token: '' });
  });

  it('is saved outside storage.local, where content scripts could read it', async () => {
    await writeConnection({ apiUrl: 'https://api.example/', token: TOKEN });
    expect(await readConnection()).toEqual({ apiUrl: 'https://api.example/', token: TOKEN });
    expect(await localText()).not.toContain(TOKEN);
  });

  it('moves a token an earlier version kept in storage.local out of it on the first read', async () => {
    // Start from a profile where only the legacy item exists.
    await Dexie.delete('healthbar-secrets');
    await fakeBrowser.storage.local.set({
      connection: { apiUrl: 'https://old.example/', token: TOKEN },
      connection$: { v: 1 },
    });
    expect(await localText()).toContain(TOKEN);
    expect(await readConnection()).toEqual({ apiUrl: 'https://old.example/', token: TOKEN });
    expect(await localText()).not.toContain(TOKEN);
    expect(await localText()).not.toContain('connection');
    // Read again: from the database now.
    expect(await readConnection()).toEqual({ apiUrl: 'https://old.example/', token: TOKEN });
  });

  it('is shown in diagnostics only redacted', () => {
    expect(redactToken(TOKEN)).toBe(`hbt_… (${TOKEN.length} characters)`);
    expect(redactToken(TOKEN)).not.toContain(TOKEN.slice(4, 8));
    expect(redactToken('')).toBe('(none)');
  });
});
