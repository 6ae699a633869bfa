/**
 * The options page's real backend, over the fake browser: an empty token field keeps the saved
 * token only for the server it was saved for.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDb } from '@/lib/db/db';
import { writeConnection } from '@/lib/ext/settings';
import { realBackend } from './backend';

const SAVED = { apiUrl: 'https://healthbar.acme.example/', token: 'hbt_saved_secret' };

describe('the options backend and the saved token', () => {
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
    const backend = realBackend(openDb({ name: 'options-backend-1' }));
    const other = 'https://healthbar.acme-example.com/';
    const test = await backend.testConnection(other, '');
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/address changed.*paste the API token/);
    const save = await backend.saveConnection(other, '  ');
    expect(save.ok).toBe(false);
    expect(save.message).toMatch(/paste the API token for this server/);
    expect(JSON.stringify(sent)).not.toContain(SAVED.token);
    expect(sent).toEqual([]);
  });

  it('keeps the saved token for its own origin, and sends a typed token anywhere', async () => {
    const backend = realBackend(openDb({ name: 'options-backend-2' }));
    expect((await backend.saveConnection('https://healthbar.acme.example/v2', '')).ok).toBe(true);
    expect(sent).toContainEqual(
      expect.objectContaining({
        type: 'configure',
        apiUrl: 'https://healthbar.acme.example/v2/',
        token: SAVED.token,
      }),
    );
    sent.length = 0;
    expect((await backend.saveConnection('https://other.example/', 'hbt_typed')).ok).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(SAVED.token);
    expect(sent).toContainEqual(expect.objectContaining({ type: 'configure', token: 'hbt_typed' }));
  });
});
