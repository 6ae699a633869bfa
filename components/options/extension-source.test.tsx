/**
 * The options page's real source, over the fake browser: an empty token field keeps the saved
 * token only for the server it was saved for.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDb } from '@/lib/db/db';
import { takeStagedFiles } from '@/lib/ext/import-staging';
import { requestSchema } from '@/lib/ext/messages';
import { writeConnection } from '@/lib/ext/settings';
import { optionsExtensionSource } from './extension-source';

const SAVED = { apiUrl: 'https://healthbar.acme.example/', token: 'hbt_saved_secret' };

describe('the options source and the saved token', () => {
  let sent: unknown[];
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeConnection(SAVED);
    sent = [];
    fakeBrowser.runtime.onMessage.addListener(async (m: unknown) => {
      sent.push(m);
      const type = (m as { type: string }).type;
      return type === 'test-connection'
        ? { ok: true, data: { ok: true, me: { scope: 'workspace' }, message: 'Connected.' } }
        : { ok: true, data: { status: 'ok', pages: 1, records: 3, rejected: 0 } };
    });
  });

  it('never sends the saved token to a newly typed origin', async () => {
    const source = optionsExtensionSource(openDb({ name: 'options-source-1' }));
    const other = 'https://healthbar.acme-example.com/';
    const test = await source.testConnection(other, '');
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/address changed.*paste the API token/);
    const save = await source.saveConnection(other, '  ');
    expect(save.ok).toBe(false);
    expect(save.message).toMatch(/paste the API token for this server/);
    expect(JSON.stringify(sent)).not.toContain(SAVED.token);
    expect(sent).toEqual([]);
  });

  it('keeps the saved token for its own origin, and sends a typed token anywhere', async () => {
    const source = optionsExtensionSource(openDb({ name: 'options-source-2' }));
    expect((await source.saveConnection('https://healthbar.acme.example/v2', '')).ok).toBe(true);
    expect(sent).toContainEqual(
      expect.objectContaining({
        type: 'configure',
        apiUrl: 'https://healthbar.acme.example/v2/',
        token: SAVED.token,
      }),
    );
    sent.length = 0;
    expect((await source.saveConnection('https://other.example/', 'hbt_typed')).ok).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(SAVED.token);
    expect(sent).toContainEqual(expect.objectContaining({ type: 'configure', token: 'hbt_typed' }));
  });
});

describe('the options page leaves the cache’s writes to the background', () => {
  it('imports by staging the files and asking the background; clears by asking it', async () => {
    fakeBrowser.reset();
    const sent: { type: string; stagingId?: string; currency?: string }[] = [];
    let staged: File[] | null = null;
    fakeBrowser.runtime.onMessage.addListener(async (m: unknown) => {
      const msg = requestSchema.parse(m);
      sent.push(msg);
      if (msg.type === 'import-staged') staged = await takeStagedFiles(msg.stagingId);
      return {
        ok: true,
        data: msg.type === 'import-staged' ? { ok: true, message: 'Imported.', details: [] } : null,
      };
    });
    const db = openDb({ name: 'options-source-writes' });
    const source = optionsExtensionSource(db);
    const file = new File(['{"schemaVersion":1}'], 'dataset.json', { type: 'application/json' });
    const r = await source.importFiles([file], 'EUR');
    expect(r).toEqual({ ok: true, message: 'Imported.', details: [] });
    expect(sent).toEqual([{ type: 'import-staged', stagingId: expect.any(String), currency: 'EUR' }]);
    // The background received the very file, through the staging store; it is gone from there.
    expect(staged).toHaveLength(1);
    expect(await (staged as unknown as File[])[0].text()).toBe('{"schemaVersion":1}');
    expect(await takeStagedFiles(sent[0].stagingId as string)).toBeNull();
    // The page wrote nothing to the cache itself.
    expect(await db.meta.get('dataset')).toBeUndefined();

    await source.clearCache();
    expect(sent.at(-1)).toEqual({ type: 'clear-cache' });
  });
});
