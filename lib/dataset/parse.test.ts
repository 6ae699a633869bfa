import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetBuilder, type ParseResult, type ParseSuccess, parseDataset } from './parse';
import { arbDataset } from './testing';

const account = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Account ${id}`,
  domains: [`${id}.example`],
  crm: { hubspotCompanyId: `hs-${id}` },
  updatedAt: '2026-10-01T00:00:00Z',
  ...extra,
});
const usage = (accountId: string, date: string, dau = 3) => ({
  accountId,
  date,
  dau,
  wau: 5,
  mau: 8,
  minutes: 12.5,
  sessions: 4,
});

function good(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    currency: 'USD',
    generatedAt: '2026-10-31T23:00:00Z',
    dataThrough: '2026-10-31',
    plans: [{ id: 'p1', name: 'Pro', tier: 2, seatLimit: 50, features: ['reports', 'api'] }],
    features: [
      { key: 'reports', name: 'Reports' },
      { key: 'api', name: 'API', minTier: 2 },
    ],
    milestones: [
      { key: 'setup', name: 'Set up', order: 1, firstValue: false },
      { key: 'first-report', name: 'First report', order: 2, firstValue: true },
    ],
    accounts: [
      account('a1', {
        planId: 'p1',
        seats: 20,
        segment: 'smb',
        owner: 'csm@example.com',
        startedOn: '2025-01-15',
        renewsOn: '2027-01-15',
        acquisitionCost: 250000,
        dealCreatedOn: '2024-12-01',
        dealClosedOn: '2025-01-10',
        milestones: { setup: '2025-01-20' },
        crm: { hubspotCompanyId: '123', salesforceAccountId: '001000000000001', zendeskOrganizationId: '9' },
      }),
      account('a2', { seats: null, segment: null }),
    ],
    revenue: [
      { accountId: 'a1', month: '2026-09', mrr: 100000 },
      { accountId: 'a1', month: '2026-10', mrr: 110000 },
    ],
    usage: [usage('a1', '2026-10-30'), usage('a1', '2026-10-31')],
    users: [
      {
        accountId: 'a1',
        id: 'u1',
        email: 'u1@example.com',
        champion: true,
        lastSeenOn: '2026-10-30',
        features: { reports: '2026-10-29' },
      },
    ],
    tickets: [
      {
        id: 't1',
        accountId: 'a1',
        openedAt: '2026-10-01T10:00:00Z',
        firstResponseAt: '2026-10-01T11:30:00Z',
        priority: 'high',
        status: 'open',
        csat: null,
      },
    ],
    surveys: [{ id: 's1', accountId: 'a1', respondedOn: '2026-10-15', kind: 'nps', score: 9 }],
  };
}

function ok(r: ParseResult): ParseSuccess {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message}`);
  return r;
}

/** The message of the only rejection when `record` is the only record of `collection` (after a1). */
function rejectionOf(collection: string, record: unknown): string {
  const input = { ...good(), [collection]: [record] };
  const r = ok(parseDataset(input));
  expect(r.rejected).toHaveLength(1);
  return r.rejected[0].message;
}

describe('parseDataset: a good dataset', () => {
  it('keeps every record, normalises null to absent and strips unknown fields', () => {
    const input = good();
    (input.accounts as Record<string, unknown>[])[1].futureField = { anything: true };
    const r = ok(parseDataset(input));
    expect(r.rejected).toEqual([]);
    expect(r.replaced).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.counts).toEqual({
      plans: 1,
      features: 2,
      milestones: 2,
      accounts: 2,
      revenue: 2,
      usage: 2,
      users: 1,
      tickets: 1,
      surveys: 1,
      deals: 0,
      tasks: 0,
      sentiment: 0,
    });
    expect(r.dataset.currency).toBe('USD');
    expect(r.dataset.dataThrough).toBe('2026-10-31');
    const a2 = r.dataset.accounts[1];
    expect(a2.seats).toBeUndefined();
    expect('futureField' in a2).toBe(false);
    expect(r.dataset.tickets[0].csat).toBeUndefined();
    expect(r.dataset.usage[1]).toEqual(usage('a1', '2026-10-31'));
  });

  it('treats absent collections as empty', () => {
    const r = ok(parseDataset({ schemaVersion: 1, currency: 'EUR' }));
    expect(r.dataset.accounts).toEqual([]);
    expect(r.dataset.usage).toEqual([]);
    expect(r.counts.accounts).toBe(0);
  });

  it('accepts every valid generated dataset without rejections (property)', () => {
    fc.assert(
      fc.property(arbDataset, (raw) => {
        const r = ok(parseDataset(raw));
        expect(r.rejected).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseDataset: bad records are rejected one by one, with reasons', () => {
  it('reports position, id, field and a readable message', () => {
    const input = good();
    input.usage = [usage('a1', '2026-10-30'), usage('a1', '2026-10-31', 2.5)];
    const r = ok(parseDataset(input));
    expect(r.rejected).toEqual([
      {
        collection: 'usage',
        index: 1,
        id: 'a1 2026-10-31',
        field: 'dau',
        message: 'usage[1] (a1 2026-10-31): dau must be a whole number (found 2.5)',
      },
    ]);
    expect(r.counts.usage).toBe(1);
    expect(r.rejectedCounts.usage).toBe(1);
  });

  it.each([
    ['accounts', { ...account('a9'), updatedAt: undefined }, 'accounts[0] (a9): updatedAt is required'],
    ['accounts', account('a9', { name: 42 }), 'accounts[0] (a9): name must be text (found 42)'],
    [
      'accounts',
      account('a9', { domains: 'a9.com' }),
      'accounts[0] (a9): domains must be a list (found "a9.com")',
    ],
    [
      'accounts',
      account('a9', { domains: ['ok.com', ''] }),
      'accounts[0] (a9): domains[1] must not be empty',
    ],
    [
      'accounts',
      account('a9', { crm: { salesforceAccountId: 'short' } }),
      'accounts[0] (a9): crm.salesforceAccountId must be a 15- or 18-character Salesforce id (found "short")',
    ],
    [
      'accounts',
      account('a9', { renewsOn: '2026-02-30' }),
      'accounts[0] (a9): renewsOn must be a calendar date YYYY-MM-DD (UTC) (found "2026-02-30")',
    ],
    [
      'accounts',
      account('a9', { segment: 'huge' }),
      'accounts[0] (a9): segment must be one of smb, mid-market, enterprise (found "huge")',
    ],
    [
      'accounts',
      account('a9', { acquisitionCost: -5 }),
      'accounts[0] (a9): acquisitionCost must not be negative (found -5)',
    ],
    [
      'accounts',
      account('a9', { updatedAt: '2026-10-01 10:00' }),
      'accounts[0] (a9): updatedAt must be an ISO-8601 UTC timestamp such as 2026-10-31T23:00:00Z (found "2026-10-01 10:00")',
    ],
    ['accounts', account(''), 'accounts[0]: id must be a non-empty string (found "")'],
    ['accounts', 'a9', 'accounts[0]: must be an object (found "a9")'],
    ['accounts', null, 'accounts[0]: must be an object (found null)'],
    ['accounts', [1, 2], 'accounts[0]: must be an object (found a list)'],
    [
      'revenue',
      { accountId: 'a1', month: '2026-13', mrr: 5 },
      'revenue[0] (a1 2026-13): month must be a month YYYY-MM (found "2026-13")',
    ],
    [
      'revenue',
      { accountId: 'a1', month: '2026-10', mrr: 10.5 },
      'revenue[0] (a1 2026-10): mrr must be a whole number of minor units (cents) (found 10.5)',
    ],
    [
      'usage',
      { ...usage('a1', '2026-10-31'), mau: '8' },
      'usage[0] (a1 2026-10-31): mau must be a number (found "8")',
    ],
    [
      'usage',
      { ...usage('a1', '2026-10-31'), sessions: -1 },
      'usage[0] (a1 2026-10-31): sessions must not be negative (found -1)',
    ],
    [
      'tickets',
      { id: 't9', accountId: 'a1', openedAt: '2026-10-01T10:00:00Z', priority: 'p1', status: 'open' },
      'tickets[0] (t9): priority must be one of low, normal, high, urgent (found "p1")',
    ],
    [
      'surveys',
      { id: 's9', accountId: 'a1', respondedOn: '2026-10-01', kind: 'csat', score: 9 },
      'surveys[0] (s9): score must be between 1 and 5 for a csat survey (found 9)',
    ],
    [
      'users',
      { accountId: 'a1', id: 'u9', champion: 'yes', features: {} },
      'users[0] (u9): champion must be true or false (found "yes")',
    ],
    [
      'users',
      { accountId: 'a1', id: 'u9', champion: true, features: { reports: 'yesterday' } },
      'users[0] (u9): features.reports must be a calendar date YYYY-MM-DD (UTC) (found "yesterday")',
    ],
    [
      'milestones',
      { key: 'm', name: 'M', order: 1.5, firstValue: true },
      'milestones[0] (m): order must be a whole number (found 1.5)',
    ],
    ['features', { name: 'No key' }, 'features[0]: key is required'],
  ])('%s: %j', (collection, record, message) => {
    expect(rejectionOf(collection, record)).toBe(message);
  });

  it('names up to three problems of one record', () => {
    const msg = rejectionOf('usage', {
      accountId: 'a1',
      date: '2026-10-31',
      dau: -1,
      wau: 'x',
      mau: null,
      minutes: 1,
    });
    expect(msg).toBe(
      'usage[0] (a1 2026-10-31): dau must not be negative (found -1); wau must be a number (found "x"); mau is required; and 1 more problems',
    );
  });

  it('ignores a collection that is not a list, and uses the rest', () => {
    const input = { ...good(), usage: { a1: [] }, tickets: 'none' };
    const r = ok(parseDataset(input));
    expect(r.dataset.usage).toEqual([]);
    expect(r.dataset.accounts).toHaveLength(2);
    expect(r.rejected.map((x) => [x.collection, x.index, x.message])).toEqual([
      ['usage', -1, 'usage: must be a list of records but is an object; the whole collection was ignored'],
      ['tickets', -1, 'tickets: must be a list of records but is "none"; the whole collection was ignored'],
    ]);
  });

  it('keeps at most maxDetails rejections in detail but counts them all', () => {
    const input = { ...good(), usage: Array.from({ length: 30 }, () => ({ accountId: 'a1' })) };
    const r = ok(parseDataset(input, { maxDetails: 5 }));
    expect(r.rejected).toHaveLength(5);
    expect(r.rejectedCounts.usage).toBe(30);
  });

  it('clips huge strings in messages', () => {
    const huge = 'x'.repeat(1_000_000);
    const msg = rejectionOf('accounts', account('a9', { seats: huge }));
    expect(msg.length).toBeLessThan(300);
    expect(msg).toContain('seats must be a number (found "xxxx');
    // An over-long id (issue 25): named by its length, clipped where it names the record.
    const long = rejectionOf('accounts', account(huge));
    expect(long.length).toBeLessThan(500);
    expect(long).toContain('id must be at most 256 characters long (found 1,000,000 characters)');
  });
});

describe('parseDataset: repeated ids and keys', () => {
  it('the later valid record replaces the earlier one in its position, and is reported', () => {
    const input = good();
    input.accounts = [account('a1'), account('a2'), account('a1', { name: 'Acme (new)' })];
    const r = ok(parseDataset(input));
    expect(r.dataset.accounts.map((a) => [a.id, a.name])).toEqual([
      ['a1', 'Acme (new)'],
      ['a2', 'Account a2'],
    ]);
    expect(r.replaced).toEqual([
      {
        collection: 'accounts',
        id: 'a1',
        index: 2,
        replacedIndex: 0,
        message: 'accounts[2] (a1) replaces accounts[0], which has the same id',
      },
    ]);
    expect(r.replacedCounts.accounts).toBe(1);
    expect(r.counts.accounts).toBe(2);
  });

  it('a rejected record replaces nothing', () => {
    const input = good();
    input.accounts = [account('a1'), account('a1', { seats: -1 })];
    const r = ok(parseDataset(input));
    expect(r.dataset.accounts).toHaveLength(1);
    expect(r.dataset.accounts[0].seats).toBeUndefined();
    expect(r.replaced).toEqual([]);
    expect(r.rejected).toHaveLength(1);
  });

  it('keyed rows (usage, revenue) repeat by (accountId, date|month), out of order too', () => {
    const input = good();
    input.usage = [
      usage('a1', '2026-10-30', 1),
      usage('a2', '2026-10-30', 2),
      usage('a1', '2026-10-31', 3),
      usage('a1', '2026-10-30', 4),
      usage('a1', '2026-10-30', 5),
    ];
    input.revenue = [
      { accountId: 'a1', month: '2026-10', mrr: 1 },
      { accountId: 'a1', month: '2026-10', mrr: 2 },
    ];
    const r = ok(parseDataset(input));
    expect(r.dataset.usage.map((u) => [u.accountId, u.date, u.dau])).toEqual([
      ['a1', '2026-10-30', 5],
      ['a2', '2026-10-30', 2],
      ['a1', '2026-10-31', 3],
    ]);
    expect(r.dataset.revenue).toEqual([{ accountId: 'a1', month: '2026-10', mrr: 2 }]);
    expect(r.replaced.map((x) => x.message)).toEqual([
      'revenue[1] (a1 2026-10) replaces revenue[0], which has the same key',
      'usage[3] (a1 2026-10-30) replaces usage[0], which has the same key',
      'usage[4] (a1 2026-10-30) replaces usage[0], which has the same key',
    ]);
  });
});

describe('parseDataset: the header', () => {
  const header = (h: Record<string, unknown>) => parseDataset({ ...good(), ...h });
  it.each([
    [
      { schemaVersion: 2 },
      'schema-version',
      'Unknown schemaVersion 2: this file was made for a newer Healthbar; update the extension.',
    ],
    [
      { schemaVersion: 0 },
      'schema-version',
      'Unknown schemaVersion 0: this Healthbar reads schemaVersion 1.',
    ],
    [
      { schemaVersion: '1' },
      'schema-version',
      'Unknown schemaVersion "1": this Healthbar reads schemaVersion 1.',
    ],
    [
      { schemaVersion: undefined },
      'schema-version',
      'The dataset has no schemaVersion, so it is not a Healthbar dataset (expected "schemaVersion": 1).',
    ],
    [
      { currency: undefined },
      'currency',
      'The dataset has no currency: add "currency" with an ISO 4217 code such as "USD".',
    ],
    [
      { currency: 'usd' },
      'currency',
      'The currency "usd" is not an ISO 4217 code such as USD (three capital letters).',
    ],
    [
      { currency: 840 },
      'currency',
      'The currency 840 is not an ISO 4217 code such as USD (three capital letters).',
    ],
    [
      { dataThrough: '31/10/2026' },
      'header',
      'dataThrough "31/10/2026" in the dataset is not a calendar date YYYY-MM-DD.',
    ],
  ])('%j → %s', (h, code, message) => {
    expect(header(h)).toEqual({ ok: false, error: { code, message } });
  });

  it('refuses what is not an object', () => {
    for (const input of [null, [], 'text', 42, undefined]) {
      const r = parseDataset(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('not-object');
    }
  });

  it('drops a malformed generatedAt with a warning', () => {
    const r = ok(header({ generatedAt: 'yesterday' }));
    expect(r.dataset.generatedAt).toBeUndefined();
    expect(r.warnings).toEqual(['generatedAt "yesterday" is not an ISO-8601 UTC timestamp; it was ignored']);
  });

  it('uses a currency fallback only when the currency is missing', () => {
    const noCurrency = { ...good(), currency: undefined };
    expect(ok(parseDataset(noCurrency, { currencyFallback: 'EUR' })).dataset.currency).toBe('EUR');
    expect(ok(parseDataset(good(), { currencyFallback: 'EUR' })).dataset.currency).toBe('USD');
  });
});

describe('parseDataset: consistency warnings', () => {
  it('counts rows of unknown accounts and a second firstValue milestone', () => {
    const input = good();
    input.usage = [usage('ghost', '2026-10-31'), usage('ghost', '2026-10-30'), usage('a1', '2026-10-30')];
    (input.milestones as Record<string, unknown>[])[0].firstValue = true;
    const r = ok(parseDataset(input));
    expect(r.warnings).toEqual([
      'usage: 2 records name an account that is not in accounts (e.g. "ghost"); the report ignores them',
      'milestones: 2 milestones have firstValue true (setup, first-report); at most one should',
    ]);
    expect(r.counts.usage).toBe(3);
  });

  it('counts deals of unknown accounts too (the deal figures leave them out)', () => {
    const input = {
      ...good(),
      deals: [
        { id: 'd1', accountId: 'ghost', amount: 100, stage: 'open', createdOn: '2026-10-01' },
        {
          id: 'd2',
          accountId: 'a1',
          amount: 100,
          stage: 'won',
          createdOn: '2026-09-01',
          closedOn: '2026-10-01',
          won: true,
        },
      ],
    };
    const r = ok(parseDataset(input));
    expect(r.warnings).toEqual([
      'deals: 1 record names an account that is not in accounts (e.g. "ghost"); the report ignores them',
    ]);
    expect(r.counts.deals).toBe(2);
  });
});

describe('parseDataset: hostile input', () => {
  it('does not pollute prototypes through __proto__ keys', () => {
    const text = `{"schemaVersion":1,"currency":"USD","__proto__":{"polluted":1},
      "accounts":[{"__proto__":{"polluted":2},"id":"a1","name":"A","domains":[],"crm":{"__proto__":{"polluted":3}},
        "milestones":{"__proto__":{"polluted":4},"setup":"2026-01-01"},"updatedAt":"2026-10-01T00:00:00Z"}],
      "users":[{"accountId":"a1","id":"u1","champion":false,"features":{"__proto__":"2026-01-01","constructor":"2026-01-02"}}]}`;
    const r = ok(parseDataset(JSON.parse(text)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const a = r.dataset.accounts[0];
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(a.crm)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(a.milestones)).toBe(Object.prototype);
    expect((a as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(a.milestones).toEqual({ setup: '2026-01-01' });
    const u = r.dataset.users[0];
    expect(Object.getPrototypeOf(u.features)).toBe(Object.prototype);
    expect(Object.hasOwn(u.features, '__proto__')).toBe(false);
    expect(u.features.constructor).toBe('2026-01-02');
  });

  it('survives deep nesting and odd values', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const input = { ...good(), accounts: [account('a9', { name: deep, extra: deep })], plans: [deep] };
    const r = ok(parseDataset(input));
    expect(r.rejected.map((x) => x.message)).toEqual([
      'plans[0]: id is required; name is required; tier is required; and 1 more problems',
      'accounts[0] (a9): name must be text (found an object)',
    ]);
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (junk) => {
        const r = parseDataset(junk);
        expect(typeof r.ok).toBe('boolean');
        const r2 = parseDataset({
          schemaVersion: 1,
          currency: 'USD',
          accounts: [junk],
          usage: junk,
          users: [junk, junk],
        });
        expect(r2.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reports records whose getters throw instead of crashing', () => {
    const evil = {
      get id(): string {
        throw new Error('boom');
      },
    };
    const r = ok(parseDataset({ schemaVersion: 1, currency: 'USD', accounts: [evil] }));
    expect(r.rejected[0].message).toBe('accounts[0]: could not be read');
  });
});

describe('DatasetBuilder', () => {
  it('builds incrementally with file locations in messages', () => {
    const b = new DatasetBuilder();
    expect(b.setHeader({ schemaVersion: 1, currency: 'USD' })).toBeNull();
    b.add('accounts', account('a1'), { file: 'accounts.csv', row: 2 });
    b.add('accounts', account('a1', { name: 'Again' }), { file: 'accounts.csv', row: 3 });
    b.reject('usage', { accountId: 'a1', date: '2026-10-31' }, 'dau', 'dau "x" is not a number', {
      file: 'usage.csv',
      row: 2,
    });
    b.add('usage', usage('a1', '2026-10-31'), { file: 'usage.csv', row: 3 });
    b.add('usage', usage('a1', '2026-10-31', 7), { file: 'usage.csv', row: 5 });
    const r = ok(b.finish());
    expect(r.rejected[0].message).toBe('usage.csv row 2 (a1 2026-10-31): dau "x" is not a number');
    expect(r.replaced.map((x) => [x.index, x.replacedIndex, x.message])).toEqual([
      [1, 0, 'accounts.csv row 3 (a1) replaces row 2, which has the same id'],
      [2, 1, 'usage.csv row 5 (a1 2026-10-31) replaces row 3, which has the same key'],
    ]);
    expect(r.dataset.usage).toEqual([usage('a1', '2026-10-31', 7)]);
  });

  it('fails without a header', () => {
    expect(new DatasetBuilder().finish()).toEqual({
      ok: false,
      error: { code: 'header', message: 'The dataset has no header (schemaVersion and currency).' },
    });
  });
});
