/**
 * The header the background prepares for a panel frame: kept in `storage.session` under the
 * frame's key, and read by the frame's first script only in the shape it paints.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  asPanelHeader,
  forgetPanelHeaders,
  type PanelHeader,
  panelHeaderStorageKey,
  readPanelHeader,
  writePanelHeader,
} from './panel-header';

const KEY = '0b7c6a52-9f1e-4c1a-8d0e-6a2f3b4c5d6e';
const OTHER_KEY = '11111111-2222-4333-8444-555555555555';
const header: PanelHeader = {
  record: 'hubspot:deal:1',
  accountId: 'a1',
  name: 'Acme',
  band: 'green',
  bandWord: 'Healthy',
  score: '82',
  meta: 'Growth · mid-market',
  delta: { text: '+3', down: false },
  tail: ' · as of 31 Oct 2026 · synced 2 hours ago',
  banner: null,
};

describe('asPanelHeader', () => {
  it('takes a header, and only its fields', () => {
    expect(asPanelHeader({ ...header, extra: '<b>x</b>' })).toEqual(header);
    expect(asPanelHeader({ ...header, score: null, delta: null, banner: 'Offline' })).toEqual({
      ...header,
      score: null,
      delta: null,
      banner: 'Offline',
    });
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      null,
      'Acme',
      [],
      { ...header, band: 'purple" onclick="x' },
      { ...header, name: { toString: () => 'Acme' } },
      { ...header, score: 82 },
      { ...header, delta: { text: '+3' } },
      { ...header, delta: '+3' },
      { ...header, tail: undefined },
      { ...header, banner: 1 },
      { ...header, record: undefined },
    ];
    for (const v of bad) expect(asPanelHeader(v)).toBeNull();
  });
});

describe('readPanelHeader', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads the header written for its key', async () => {
    await writePanelHeader(KEY, header);
    expect(await readPanelHeader(KEY, 1000)).toEqual(header);
    expect(await readPanelHeader(OTHER_KEY, 20)).toBeNull();
  });

  it('waits for a header written after it asked, and only for its own key', async () => {
    const read = readPanelHeader(KEY, 1000);
    await writePanelHeader(OTHER_KEY, { ...header, name: 'Other' });
    await writePanelHeader(KEY, header);
    expect(await read).toEqual(header);
  });

  it('gives null at once when the background has none to show, and after the wait when nothing comes', async () => {
    await writePanelHeader(KEY, null);
    expect(await readPanelHeader(KEY, 60_000)).toBeNull();
    const t0 = Date.now();
    expect(await readPanelHeader(OTHER_KEY, 30)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('gives null for an entry that is not a header', async () => {
    await fakeBrowser.storage.session.set({ [panelHeaderStorageKey(OTHER_KEY)]: '<b>Acme</b>' });
    expect(await readPanelHeader(OTHER_KEY, 1000)).toBeNull();
    await fakeBrowser.storage.session.set({ [panelHeaderStorageKey(KEY)]: { ...header, band: 'x' } });
    expect(await readPanelHeader(KEY, 1000)).toBeNull();
  });

  it('forgets the headers of keys no frame holds', async () => {
    await writePanelHeader(KEY, header);
    await writePanelHeader(OTHER_KEY, header);
    await forgetPanelHeaders([KEY]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({
      [panelHeaderStorageKey(OTHER_KEY)]: header,
    });
  });
});
