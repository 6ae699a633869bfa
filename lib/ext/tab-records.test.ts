/**
 * Which record the background vouches for to a panel, and when it stores a pick: only for the
 * frame its tab's content script handed the key to; never from what a page says about itself.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  forgetTab,
  lastCrmHostsItem,
  picksItem,
  type RecordDetected,
  rememberPick,
  rememberTabRecord,
  tabRecordsItem,
  vouchedRecord,
} from './tab-records';

const KEY = '0b7c6a52-9f1e-4c1a-8d0e-6a2f3b4c5d6e';
const OTHER_KEY = '11111111-2222-4333-8444-555555555555';
const URL_HS = 'https://app.hubspot.com/contacts/4417291/record/0-3/18273645091/view/1';
const record = {
  crm: 'hubspot' as const,
  objectType: 'deal',
  recordId: '18273645091',
  hints: { names: ['Wide World Importers'] },
};
const detected = (over: Partial<RecordDetected> = {}): RecordDetected => ({
  type: 'record-detected',
  record,
  panelKey: KEY,
  ...over,
});
const noActiveTab = async () => undefined;
const exists = async () => true;

describe('vouchedRecord', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives the tab’s record to the frame that claims it with the key, and to no other frame', async () => {
    await rememberTabRecord(7, URL_HS, detected(), []);
    // A frame without the key (a page framing the panel) gets nothing, and does not bind.
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 4 }, undefined, noActiveTab)).toBeNull();
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 4 }, OTHER_KEY, noActiveTab)).toBeNull();
    // The content script's frame claims it.
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, KEY, noActiveTab)).toEqual({
      tabId: 7,
      record,
    });
    // Later questions from that frame (also after its document was replaced) need no key.
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, undefined, noActiveTab)).toEqual({
      tabId: 7,
      record,
    });
    // Another frame cannot take it over, even with the key.
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 6 }, KEY, noActiveTab)).toBeNull();
    // Nor a frame of another tab, nor the page's top frame.
    expect(await vouchedRecord({ tab: { id: 8 }, frameId: 5 }, KEY, noActiveTab)).toBeNull();
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 0 }, KEY, noActiveTab)).toBeNull();
  });

  it('follows the tab’s record; a new frame (new key) must claim again; leaving the record unbinds', async () => {
    await rememberTabRecord(7, URL_HS, detected(), []);
    await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, KEY, noActiveTab);
    const next = { ...record, recordId: '99' };
    await rememberTabRecord(7, URL_HS, detected({ record: next }), []);
    expect((await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, undefined, noActiveTab))?.record).toEqual(
      next,
    );
    await rememberTabRecord(7, URL_HS, detected({ panelKey: OTHER_KEY }), []);
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, undefined, noActiveTab)).toBeNull();
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 9 }, OTHER_KEY, noActiveTab)).not.toBeNull();
    await rememberTabRecord(7, URL_HS, detected({ record: null }), []);
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 9 }, OTHER_KEY, noActiveTab)).toBeNull();
  });

  it('says which key the record is stored with, and which key no frame holds any more', async () => {
    expect(await rememberTabRecord(7, URL_HS, detected(), [])).toEqual({ record, key: KEY });
    expect(await rememberTabRecord(7, URL_HS, detected(), [])).toEqual({ record, key: KEY });
    expect(await rememberTabRecord(7, URL_HS, detected({ panelKey: OTHER_KEY }), [])).toEqual({
      record,
      key: OTHER_KEY,
      replacedKey: KEY,
    });
    // Another tenant than the allow-list's: no record, no key.
    expect(await rememberTabRecord(7, URL_HS, detected(), ['other.example.com'])).toEqual({
      record: null,
      replacedKey: OTHER_KEY,
    });
    expect(await rememberTabRecord(7, URL_HS, detected({ record: null }), [])).toEqual({ record: null });
    await rememberTabRecord(8, URL_HS, detected(), []);
    expect(await forgetTab(8)).toBe(KEY);
    expect(await forgetTab(8)).toBeUndefined();
  });

  it('the native side panel (in no tab) gets its window’s active tab’s record', async () => {
    await rememberTabRecord(7, URL_HS, detected(), []);
    expect(await vouchedRecord({}, undefined, async () => 7)).toEqual({ tabId: 7, record });
    expect(await vouchedRecord({}, undefined, async () => 8)).toBeNull();
    expect(await vouchedRecord({}, undefined, noActiveTab)).toBeNull();
  });
});

describe('rememberTabRecord and the tenant allow-list', () => {
  beforeEach(() => fakeBrowser.reset());

  it('an allowed tenant: stored, and lastCrmHosts from the URL the browser gave', async () => {
    await rememberTabRecord(7, URL_HS, detected(), ['hubspot:4417291']);
    expect((await tabRecordsItem.getValue())['7']).toEqual(record);
    expect(await lastCrmHostsItem.getValue()).toEqual({
      hubspot: 'app.hubspot.com',
      hubspotPortal: '4417291',
    });
  });

  it('another tenant: no record, no panel key, lastCrmHosts untouched', async () => {
    await lastCrmHostsItem.setValue({ zendesk: 'acme.zendesk.com' });
    await rememberTabRecord(7, URL_HS, detected(), ['hubspot:1', 'zendesk:acme']);
    expect((await tabRecordsItem.getValue())['7']).toBeNull();
    expect(await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, KEY, noActiveTab)).toBeNull();
    expect(await lastCrmHostsItem.getValue()).toEqual({ zendesk: 'acme.zendesk.com' });
  });
});

describe('rememberPick', () => {
  beforeEach(() => fakeBrowser.reset());
  const key = 'hubspot:deal:18273645091';

  it('stores a pick only for the record vouched for to the sender', async () => {
    await rememberTabRecord(7, URL_HS, detected(), []);
    // A forged frame: no key, so nothing vouched, nothing stored.
    const forged = await rememberPick(
      { tab: { id: 7 }, frameId: 4 },
      { recordKey: key, accountId: 'a' },
      noActiveTab,
      exists,
    );
    expect(forged.ok).toBe(false);
    expect(await picksItem.getValue()).toEqual({});
    // The bound frame, but naming another record: refused.
    await vouchedRecord({ tab: { id: 7 }, frameId: 5 }, KEY, noActiveTab);
    const other = await rememberPick(
      { tab: { id: 7 }, frameId: 5 },
      { recordKey: 'hubspot:deal:1', accountId: 'a' },
      noActiveTab,
      exists,
    );
    expect(other).toMatchObject({
      ok: false,
      error: expect.stringMatching(/only for the record open in this tab/),
    });
    // An account that is not in the data: refused.
    expect(
      await rememberPick(
        { tab: { id: 7 }, frameId: 5 },
        { recordKey: key, accountId: 'zz' },
        noActiveTab,
        async () => false,
      ),
    ).toMatchObject({ ok: false });
    expect(await picksItem.getValue()).toEqual({});
    // The bound frame, for its record: stored.
    expect(
      await rememberPick(
        { tab: { id: 7 }, frameId: 5 },
        { recordKey: key, accountId: 'a' },
        noActiveTab,
        exists,
      ),
    ).toEqual({ ok: true });
    // The side panel, for the active tab's record.
    expect(await rememberPick({}, { recordKey: key, accountId: 'b' }, async () => 7, exists)).toEqual({
      ok: true,
    });
    expect(await picksItem.getValue()).toEqual({ [key]: 'b' });
  });
});
