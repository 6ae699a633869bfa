import { describe, expect, it } from 'vitest';
import { CRM_AS_OF, resolveAfterSpine } from '../crm-testkit';
import { type HubSpotMappingOptions, mapHubSpot } from './mapping';
import { hsCompany, hsDeal, hsDealCompanies, hsOwner } from './testing';

const OPTIONS: HubSpotMappingOptions = {
  asOf: CRM_AS_OF,
  accountIdProperty: 'healthbar_account_id',
  renewalProperty: 'renewal_date',
  createAccounts: false,
  money: { currency: 'USD', rates: new Map([['EUR', 1.08]]) },
};

function run(
  o: { companies?: unknown[]; owners?: unknown[]; deals?: unknown[]; dealCompanies?: unknown[] },
  options: Partial<HubSpotMappingOptions> = {},
) {
  const output = mapHubSpot(
    {
      companies: o.companies ?? [],
      owners: o.owners ?? [],
      deals: o.deals ?? [],
      dealCompanies: o.dealCompanies ?? [],
    },
    { ...OPTIONS, ...options },
  );
  return { output, ...resolveAfterSpine('hubspot', output) };
}

describe('HubSpot companies: matching and createAccounts', () => {
  const companies = [
    // The account-id property wins over a domain that names another account.
    hsCompany('101', { name: 'Acme Inc', healthbar_account_id: 'acme', domain: 'beta.io' }),
    // No property: the domain, with www. and a path, names beta.
    hsCompany('102', { name: 'Beta', healthbar_account_id: null, domain: 'WWW.Beta.io/about' }),
    // A property that names no account falls through to the domain; nothing there either.
    hsCompany('103', { name: 'Gamma', healthbar_account_id: 'gamma', domain: 'gamma.co.uk' }),
    // Neither property nor domain.
    hsCompany('104', { name: 'Delta', healthbar_account_id: '', domain: '' }),
  ];

  it('matched by the account-id property, else by domain; the rest left out when createAccounts is off', () => {
    const r = run({ companies });
    expect(r.account('acme')?.crm).toEqual({ hubspotCompanyId: '101' });
    expect(r.account('acme')?.domains).toEqual(['acme.com', 'beta.io']);
    expect(r.account('beta')?.crm).toEqual({ hubspotCompanyId: '102' });
    expect(r.dataset.accounts.map((a) => a.id)).toEqual(['acme', 'beta']);
    expect(r.crm.read).toBe(4);
    expect(r.crm.attached).toBe(2);
    expect(r.crm.leftOut.unmatched).toBe(2);
    expect(r.crm.examples.unmatched).toEqual([
      {
        sourceId: 'company:103',
        why: 'account id "gamma" names no account; no account has the domain gamma.co.uk',
      },
      { sourceId: 'company:104', why: 'no company domain to match' },
    ]);
  });

  it('createAccounts on: an unmatched company creates hubspot:<id>, or its account id', () => {
    const r = run({ companies }, { createAccounts: true });
    expect(r.dataset.accounts.map((a) => a.id)).toEqual(['acme', 'beta', 'gamma', 'hubspot:104']);
    expect(r.account('gamma')).toMatchObject({
      name: 'Gamma',
      domains: ['gamma.co.uk'],
      crm: { hubspotCompanyId: '103' },
    });
    expect(r.account('hubspot:104')).toMatchObject({
      name: 'Delta',
      domains: [],
      crm: { hubspotCompanyId: '104' },
    });
    expect(r.crm.attached).toBe(4);
    expect(r.crm.leftOut.unmatched).toBe(0);
  });

  it('two companies claiming one account: the lowest id wins, the other is reported', () => {
    const r = run({
      companies: [hsCompany('7', { domain: 'acme.com' }), hsCompany('6', { healthbar_account_id: 'acme' })],
    });
    expect(r.account('acme')?.crm.hubspotCompanyId).toBe('6');
    expect(r.crm.examples.ambiguous).toEqual([
      { sourceId: 'company:7', why: 'account acme is already matched by company:6 of this source' },
    ]);
  });
});

describe('HubSpot owners, renewal and deals', () => {
  it.each([
    ['an owner with an e-mail', '10', 'maria@acme.com'],
    ['an owner without an e-mail', '11', undefined],
    ['an owner not in the owner list', '12', undefined],
    ['no owner', null, undefined],
  ])('%s', (_label, ownerId, owner) => {
    const r = run({
      companies: [hsCompany('1', { healthbar_account_id: 'acme', hubspot_owner_id: ownerId })],
      owners: [hsOwner('10', 'maria@acme.com'), hsOwner('11', null)],
    });
    expect(r.account('acme')?.owner).toBe(owner);
  });

  it.each([
    ['2027-01-31', '2027-01-31'],
    ['2027-01-31T00:00:00.000Z', '2027-01-31'],
    [String(Date.parse('2027-02-28T00:00:00Z')), '2027-02-28'],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('renewal property %j → renewsOn %s', (value, want) => {
    const r = run({ companies: [hsCompany('1', { healthbar_account_id: 'acme', renewal_date: value })] });
    expect(r.account('acme')?.renewsOn).toBe(want);
  });

  it('the first closed-won deal: earliest close date, ties by the lowest id (as numbers), for every associated company', () => {
    const r = run({
      companies: [
        hsCompany('1', { healthbar_account_id: 'acme' }),
        hsCompany('2', { healthbar_account_id: 'beta' }),
      ],
      deals: [
        hsDeal('20', {
          created: '2026-01-05T10:00:00Z',
          closed: '2026-03-01T20:00:00Z',
          won: true,
        }),
        hsDeal('9', {
          created: '2026-01-02T10:00:00Z',
          closed: '2026-03-01T08:00:00Z',
          won: true,
        }),
        // Lost or open: never counts, however early.
        hsDeal('5', {
          created: '2025-01-01T10:00:00Z',
          closed: '2025-02-01T08:00:00Z',
          won: false,
        }),
        // Won after the as-of day: not yet won then.
        hsDeal('4', {
          created: '2026-01-01T10:00:00Z',
          closed: '2026-11-20T08:00:00Z',
          won: true,
        }),
        // Created after the as-of day: not read.
        hsDeal('3', {
          created: '2026-11-16T10:00:00Z',
          closed: '2026-11-16T10:00:00Z',
          won: true,
        }),
      ],
      dealCompanies: [
        hsDealCompanies('20', ['1', '2']),
        hsDealCompanies('9', ['1']),
        hsDealCompanies('5', ['1', '2']),
        hsDealCompanies('4', ['2']),
        hsDealCompanies('3', ['2']),
      ],
    });
    expect(r.account('acme')).toMatchObject({ dealCreatedOn: '2026-01-02', dealClosedOn: '2026-03-01' });
    expect(r.account('beta')).toMatchObject({ dealCreatedOn: '2026-01-05', dealClosedOn: '2026-03-01' });
  });

  it('companies created after the as-of day and archived ones are not read; a malformed one is invalid', () => {
    const r = run({
      companies: [
        hsCompany('1', { healthbar_account_id: 'acme' }),
        hsCompany('2', { healthbar_account_id: 'beta' }, { createdAt: '2026-11-16T00:00:00.000Z' }),
        hsCompany('3', { healthbar_account_id: 'beta' }, { archived: true }),
        { id: '4', properties: 'not an object' },
      ],
    });
    expect(r.crm.read).toBe(2);
    expect(r.crm.attached).toBe(1);
    expect(r.crm.examples.invalid).toEqual([
      { sourceId: 'company:4', why: 'properties: Invalid input: expected record, received string' },
    ]);
  });

  it('keeps the write-back properties as read, by company id', () => {
    const { output } = run(
      { companies: [hsCompany('1', { healthbar_account_id: 'acme', hb_score: '71', hb_band: null })] },
      { writeBackProperties: ['hb_score', 'hb_band'] },
    );
    expect(output.crmValues).toEqual({ '1': { hb_score: '71', hb_band: null } });
  });
});

describe('HubSpot deals → deals rows', () => {
  // acme ← company 1, beta ← company 2; company 3 attaches to no account.
  const companies = [
    hsCompany('1', { healthbar_account_id: 'acme' }),
    hsCompany('2', { healthbar_account_id: 'beta' }),
    hsCompany('3', { domain: 'gamma.co.uk' }),
  ];
  const deal = (d: Partial<Parameters<typeof hsDeal>[1]> = {}) =>
    hsDeal('70', { created: '2026-10-01T09:30:00Z', won: false, ...d });
  const dealRows = (r: ReturnType<typeof run>) => r.dataset.deals ?? [];

  it.each([
    [
      'open, with a closedate (the expected close date): no closedOn, no won',
      deal({ closed: '2026-12-31T12:00:00Z', amount: '1000' }),
      { accountId: 'acme', amount: 100_000, stage: 'appointmentscheduled', createdOn: '2026-10-01' },
    ],
    [
      'closed won: closedOn = the UTC date of closedate, won true',
      deal({ closed: '2026-11-02T23:30:00-02:00', won: true, amount: '1500.25' }),
      { accountId: 'acme', amount: 150_025, stage: 'closedwon', closedOn: '2026-11-03', won: true },
    ],
    [
      'closed lost: won false',
      deal({ closed: '2026-11-02T10:00:00Z', isClosed: true, amount: '10' }),
      { amount: 1000, stage: 'closedlost', closedOn: '2026-11-02', won: false },
    ],
    [
      'a close date after the as-of day stays (the metrics read it as open on D)',
      deal({ closed: '2026-11-20T10:00:00Z', won: true }),
      { closedOn: '2026-11-20', won: true },
    ],
    [
      'no amount: 0 (still counted for the win rate)',
      deal({ amount: null, closed: '2026-11-02T10:00:00Z', won: true }),
      { amount: 0, won: true },
    ],
    ['an empty amount: 0', deal({ amount: '' }), { amount: 0 }],
    [
      'EUR converted with the rate (800.50 EUR × 1.08), rounded once',
      deal({ amount: '800.50', currency: 'eur' }),
      { amount: 86_454 },
    ],
    ['a fraction of a cent rounds half away from zero', deal({ amount: '0.005' }), { amount: 1 }],
    [
      'a stage id and the deal name as they are',
      deal({ stage: '1234567', name: '  Acme expansion ' }),
      { stage: '1234567', name: 'Acme expansion' },
    ],
  ])('%s', (_label, d, want) => {
    const r = run({
      companies: companies.slice(0, 2),
      deals: [d],
      dealCompanies: [hsDealCompanies('70', ['1'])],
    });
    expect(r.crm.leftOut).toMatchObject({ unmatched: 0, invalid: 0, unknownCurrency: 0 });
    expect(dealRows(r)).toHaveLength(1);
    const row = dealRows(r)[0];
    expect(row).toMatchObject({ id: 'hubspot:70', ...want });
    if (!('won' in want)) {
      expect(row.closedOn).toBeUndefined();
      expect(row.won).toBeUndefined();
    }
  });

  it('no deal_currency_code: the source’s dealCurrency (the portal’s), else the workspace’s', () => {
    const d = deal({ amount: '100' });
    const links = [hsDealCompanies('70', ['1'])];
    const portal = run(
      { companies, deals: [d], dealCompanies: links },
      {
        money: { currency: 'USD', rates: new Map([['EUR', 1.08]]), dealCurrency: 'EUR' },
      },
    );
    expect(dealRows(portal)[0].amount).toBe(10_800);
    expect(dealRows(run({ companies, deals: [d], dealCompanies: links }))[0].amount).toBe(10_000);
  });

  it.each([
    ['primary company 2 among 1 and 2 → beta', ['1', '2'], '2', 'beta'],
    [
      'no primary: the lowest company id that attaches (3 does not) → acme',
      ['3', '2', '1'],
      undefined,
      'acme',
    ],
    ['no primary, only 3 and 2 → beta', ['3', '2'], undefined, 'beta'],
  ])('one row per deal, on one company: %s', (_label, ids, primary, account) => {
    const r = run({
      companies,
      deals: [deal({ amount: '5' })],
      dealCompanies: [hsDealCompanies('70', ids, primary)],
    });
    expect(dealRows(r).map((x) => [x.id, x.accountId])).toEqual([['hubspot:70', account]]);
    expect(r.crm.attached).toBe(2 + 1);
  });

  it('a deal whose companies come in two pages is still one row, on its primary company', () => {
    const r = run({
      companies,
      deals: [deal()],
      dealCompanies: [hsDealCompanies('70', ['1']), hsDealCompanies('70', ['2'], '2')],
    });
    expect(dealRows(r).map((x) => x.accountId)).toEqual(['beta']);
  });

  it('left out and reported: unmatched companies, no company, unknown currency, invalid amounts and dates', () => {
    const r = run({
      companies,
      deals: [
        hsDeal('71', { created: '2026-10-01T09:00:00Z', won: false }),
        hsDeal('72', { created: '2026-10-01T09:00:00Z', won: false }),
        hsDeal('73', { created: '2026-10-01T09:00:00Z', won: false }),
        hsDeal('74', { created: '2026-10-01T09:00:00Z', won: false, currency: 'JPY' }),
        hsDeal('75', { created: '2026-10-01T09:00:00Z', won: false, amount: '-5' }),
        hsDeal('76', { created: '2026-10-01T09:00:00Z', won: false, amount: '1,000' }),
        hsDeal('77', { created: '2026-10-01T09:00:00Z', won: true, closed: null }),
        hsDeal('78', { created: '', won: false }),
        // Created after the as-of day: not read at all.
        hsDeal('79', { created: '2026-11-16T00:00:00Z', won: false }),
        { id: '80', properties: null },
      ],
      dealCompanies: [
        // The primary company attaches to no account: not moved to company 1.
        hsDealCompanies('71', ['1', '3'], '3'),
        hsDealCompanies('72', ['3']),
        ...['74', '75', '76', '77', '78', '79'].map((id) => hsDealCompanies(id, ['1'])),
      ],
    });
    expect(dealRows(r)).toEqual([]);
    expect(r.crm.read).toBe(3 + 9);
    expect(r.crm.leftOut).toMatchObject({ unmatched: 4, unknownCurrency: 1, invalid: 5 });
    // The source's own findings first, then the resolver's.
    expect(r.crm.examples.unmatched).toEqual([
      { sourceId: 'hubspot:73', why: 'the deal is associated with no company' },
      { sourceId: 'company:3', why: 'no account has the domain gamma.co.uk' },
      { sourceId: 'hubspot:71', why: 'company:3 attached to no account' },
      { sourceId: 'hubspot:72', why: 'company:3 attached to no account' },
    ]);
    expect(r.crm.examples.unknownCurrency).toEqual([
      { sourceId: 'hubspot:74', why: 'its amount is in JPY, which has no rate in the config' },
    ]);
    expect(r.crm.examples.invalid).toEqual([
      { sourceId: 'hubspot:80', why: 'properties: Invalid input: expected record, received null' },
      { sourceId: 'hubspot:75', why: 'amount: must not be negative' },
      { sourceId: 'hubspot:76', why: 'amount: "1,000" is not a number' },
      { sourceId: 'hubspot:77', why: 'closedOn: the deal is closed but the CRM gave no close date' },
      { sourceId: 'hubspot:78', why: 'createdOn: the CRM gave no creation date' },
    ]);
  });

  it('with createAccounts, a deal of a new company lands on that account', () => {
    const r = run(
      { companies, deals: [deal()], dealCompanies: [hsDealCompanies('70', ['3'])] },
      { createAccounts: true },
    );
    expect(dealRows(r).map((x) => x.accountId)).toEqual(['hubspot:3']);
  });
});
