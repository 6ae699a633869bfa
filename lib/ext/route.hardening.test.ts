/**
 * The background's message rules (`routeMessage`, `isTrustedSender`): only the extension's own
 * pages may drive it, every payload is validated with zod, and a content script can do nothing
 * but report its own tab's record. Hand-written senders and messages, then generated ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, requestSchema } from './messages';
import { routeMessage, type Sender } from './route';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

const record = {
  crm: 'hubspot',
  objectType: 'company',
  recordId: '9384756102',
  hints: { hubspotCompanyId: '9384756102' },
};

const SENDERS: Record<string, { sender: Sender; trusted: boolean; contentScript: boolean }> = {
  'options page': { sender: { id: ID, url: `${ORIGIN}options.html` }, trusted: true, contentScript: false },
  popup: { sender: { id: ID, url: `${ORIGIN}popup.html` }, trusted: true, contentScript: false },
  dashboard: {
    sender: { id: ID, url: `${ORIGIN}dashboard.html#x`, tab: { id: 4 } },
    trusted: true,
    contentScript: false,
  },
  'panel frame in a CRM tab': {
    sender: { id: ID, url: `${ORIGIN}sidepanel.html?embed=1#%7B%7D`, tab: { id: 7 } },
    trusted: true,
    contentScript: false,
  },
  'content script': {
    sender: { id: ID, url: 'https://app.hubspot.com/contacts/1/record/0-2/2', tab: { id: 7 } },
    trusted: false,
    contentScript: true,
  },
  'content script on a page whose URL names the extension': {
    sender: { id: ID, url: `https://evil.example/${ORIGIN}options.html`, tab: { id: 8 } },
    trusted: false,
    contentScript: true,
  },
  'content script without a tab id': {
    sender: { id: ID, url: 'https://app.hubspot.com/', tab: {} },
    trusted: false,
    contentScript: false,
  },
  'another extension': {
    sender: {
      id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
      url: `chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html`,
    },
    trusted: false,
    contentScript: false,
  },
  'another extension claiming our page': {
    sender: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `${ORIGIN}options.html`, tab: { id: 2 } },
    trusted: false,
    contentScript: false,
  },
  'a web page (no id)': {
    sender: { url: `${ORIGIN}options.html`, tab: { id: 3 } },
    trusted: false,
    contentScript: false,
  },
  'no url': { sender: { id: ID }, trusted: false, contentScript: false },
  'upper-case extension origin': {
    sender: { id: ID, url: `chrome-extension://${ID.toUpperCase()}/options.html` },
    trusted: false,
    contentScript: false,
  },
};

describe('isTrustedSender', () => {
  for (const [name, s] of Object.entries(SENDERS)) {
    it(`${s.trusted ? 'trusts' : 'does not trust'} ${name}`, () => {
      expect(isTrustedSender(s.sender, ID, ORIGIN)).toBe(s.trusted);
    });
  }
});

const CONFIGURE = { type: 'configure', apiUrl: 'https://attacker.example/', token: 'stolen', sync: true };

describe('routeMessage', () => {
  it('runs valid requests from the extension’s own pages only', () => {
    for (const [name, s] of Object.entries(SENDERS)) {
      for (const msg of [
        CONFIGURE,
        { type: 'sync-now' },
        { type: 'get-state' },
        { type: 'test-connection', apiUrl: 'https://x.example/', token: 't' },
        { type: 'panel-record', key: '0b7c6a52-9f1e-4c1a-8d0e-6a2f3b4c5d6e' },
        { type: 'remember-pick', recordKey: 'hubspot:company:1', accountId: 'acc_1' },
      ]) {
        const r = routeMessage(msg, s.sender, ID, ORIGIN);
        expect(r.kind, `${name}: ${msg.type}`).toBe(s.trusted ? 'request' : 'ignored');
      }
    }
  });

  it('takes only record-detected from a content script, stored under its own tab', () => {
    const r = routeMessage(
      { type: 'record-detected', record, host: 'app.hubspot.com' },
      SENDERS['content script'].sender,
      ID,
      ORIGIN,
    );
    // The page's own word about its host is dropped: the background uses the URL the browser gives.
    expect(r).toEqual({
      kind: 'record-detected',
      tabId: 7,
      url: 'https://app.hubspot.com/contacts/1/record/0-2/2',
      record: {
        type: 'record-detected',
        record: { ...record, hints: record.hints },
      },
    });
    // Only from the tab's top frame, where the content script runs.
    expect(
      routeMessage(
        { type: 'record-detected', record },
        { ...SENDERS['content script'].sender, frameId: 3 },
        ID,
        ORIGIN,
      ).kind,
    ).toBe('ignored');
    expect(
      routeMessage(
        { type: 'record-detected', record },
        { ...SENDERS['content script'].sender, frameId: 0 },
        ID,
        ORIGIN,
      ).kind,
    ).toBe('record-detected');
    // A page cannot name another tab: there is no tab field to forge.
    const forged = routeMessage(
      { type: 'record-detected', record, host: 'app.hubspot.com', tabId: 1 },
      SENDERS['content script'].sender,
      ID,
      ORIGIN,
    );
    expect(forged.kind === 'record-detected' && forged.tabId).toBe(7);
    // From the extension's own pages it is not a request.
    expect(
      routeMessage(
        { type: 'record-detected', record: null, host: 'x' },
        SENDERS['options page'].sender,
        ID,
        ORIGIN,
      ).kind,
    ).toBe('malformed');
    // Other extensions cannot report records.
    expect(
      routeMessage(
        { type: 'record-detected', record, host: 'x' },
        SENDERS['another extension claiming our page'].sender,
        ID,
        ORIGIN,
      ).kind,
    ).toBe('ignored');
  });

  it('answers malformed requests from trusted pages with an error, and validates every field', () => {
    const page = SENDERS['options page'].sender;
    const bad: unknown[] = [
      null,
      'configure',
      [],
      {},
      { type: 'CONFIGURE' },
      { type: 'configure', apiUrl: 'https://x.example/' },
      { type: 'configure', apiUrl: 'https://x.example/', token: 'x'.repeat(4097) },
      { type: 'configure', apiUrl: 'x'.repeat(2049), token: 't' },
      { type: 'configure', apiUrl: 'https://x.example/', token: 't', syncIntervalMin: 1 },
      { type: 'configure', apiUrl: 'https://x.example/', token: 't', syncIntervalMin: 5.5 },
      { type: 'configure', apiUrl: 'https://x.example/', token: 7 },
      { type: 'test-connection', apiUrl: 'https://x.example/', token: ['t'] },
      JSON.parse('{"__proto__":{"type":"sync-now"}}'),
      { type: 'export-token' },
    ];
    for (const m of bad) expect(routeMessage(m, page, ID, ORIGIN).kind, JSON.stringify(m)).toBe('malformed');
  });

  it('never runs a request for an untrusted sender, whatever it sends (generated)', () => {
    const arbSender = fc.record(
      {
        id: fc.oneof(fc.constant(ID), fc.string(), fc.constant(undefined)),
        url: fc.oneof(
          fc.constant(undefined),
          fc.webUrl(),
          fc.string().map((s) => `chrome-extension://${s}`),
          fc.webUrl().map((u) => `${u}#${ORIGIN}`),
        ),
        tab: fc.option(fc.record({ id: fc.option(fc.integer(), { nil: undefined }) }), { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    const arbMessage = fc.oneof(
      fc.jsonValue(),
      fc.constant(CONFIGURE),
      fc.record({
        type: fc.constantFrom(
          'configure',
          'sync-now',
          'get-state',
          'test-connection',
          'record-detected',
          'panel-record',
          'remember-pick',
        ),
      }),
      fc.record({
        type: fc.constant('record-detected'),
        record: fc.oneof(fc.constant(record), fc.jsonValue()),
        host: fc.string(),
      }),
    );
    fc.assert(
      fc.property(arbMessage, arbSender, (m, sender) => {
        const r = routeMessage(m, sender as Sender, ID, ORIGIN);
        const trusted = isTrustedSender(sender as Sender, ID, ORIGIN);
        if (!trusted) expect(r.kind === 'request' || r.kind === 'malformed').toBe(false);
        if (r.kind === 'request') {
          expect(trusted).toBe(true);
          expect(requestSchema.safeParse(m).success).toBe(true);
        }
        if (r.kind === 'record-detected') {
          expect(sender.id).toBe(ID);
          expect(r.tabId).toBe(sender.tab?.id);
        }
        expect(({} as Record<string, unknown>).type).toBeUndefined();
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});
