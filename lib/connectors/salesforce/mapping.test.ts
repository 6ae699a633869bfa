import { describe, expect, it } from 'vitest';
import { CRM_AS_OF, resolveAfterSpine } from '../crm-testkit';
import { mapSalesforce, type SalesforceMappingOptions } from './mapping';
import { sfAccount, sfOpportunity } from './testing';

const OPTIONS: SalesforceMappingOptions = {
  asOf: CRM_AS_OF,
  accountIdField: 'healthbar_account_id__c',
  renewalField: 'Renewal_Date__c',
  createAccounts: false,
  money: { currency: 'USD', rates: new Map([['EUR', 1.08]]) },
};
const ID18 = '0018c00002JxQ4mAAF';
const ID15 = '0018c00002JxQ4m';
const OTHER18 = '0018c00002JxR9tAAF';
const OTHER15 = '0018c00002JxR9t';

function run(
  o: { accounts?: unknown[]; opportunities?: unknown[] },
  options: Partial<SalesforceMappingOptions> = {},
) {
  const output = mapSalesforce(
    { accounts: o.accounts ?? [], opportunities: o.opportunities ?? [] },
    { ...OPTIONS, ...options },
  );
  return { output, ...resolveAfterSpine('salesforce', output) };
}

describe('Salesforce ids: 15 and 18 characters', () => {
  it.each([
    ['an 18-character Id', ID18],
    ['a 15-character Id', ID15],
  ])('%s gives the 18-character crm.salesforceAccountId', (_label, id) => {
    const r = run({ accounts: [sfAccount(id, { extra: { Healthbar_Account_Id__c: 'acme' } })] });
    expect(r.account('acme')?.crm).toEqual({ salesforceAccountId: ID18 });
  });

  it('an opportunity names its account in either form', () => {
    const r = run({
      accounts: [
        sfAccount(ID18, { extra: { Healthbar_Account_Id__c: 'acme' } }),
        sfAccount(OTHER15, { extra: { Healthbar_Account_Id__c: 'beta' } }),
      ],
      opportunities: [
        sfOpportunity('006000000000002AAA', {
          account: ID15,
          created: '2026-01-02T10:00:00.000+0000',
          closed: '2026-02-01',
        }),
        sfOpportunity('006000000000001AAA', {
          account: OTHER18,
          created: '2026-01-03T23:30:00.000-0200',
          closed: '2026-02-02',
        }),
      ],
    });
    expect(r.account('acme')).toMatchObject({ dealCreatedOn: '2026-01-02', dealClosedOn: '2026-02-01' });
    // 23:30 at -02:00 is the next UTC day.
    expect(r.account('beta')).toMatchObject({ dealCreatedOn: '2026-01-04', dealClosedOn: '2026-02-02' });
  });

  it('createAccounts: an unmatched account creates salesforce:<18-char id>', () => {
    const r = run(
      { accounts: [sfAccount(OTHER15, { name: 'Gamma Ltd', website: 'gamma.co.uk' })] },
      { createAccounts: true },
    );
    expect(r.account(`salesforce:${OTHER18}`)).toMatchObject({
      name: 'Gamma Ltd',
      domains: ['gamma.co.uk'],
      crm: { salesforceAccountId: OTHER18 },
    });
  });
});

describe('Salesforce accounts: matching, owner, website, renewal', () => {
  it('matched by the account-id field (any case) over the website; by the website host otherwise; createAccounts off leaves the rest out', () => {
    const r = run({
      accounts: [
        sfAccount(ID18, { website: 'https://beta.io', extra: { Healthbar_Account_Id__c: 'acme' } }),
        sfAccount(OTHER18, { website: 'https://WWW.Beta.io/en/about?x=1' }),
        sfAccount('001000000000003AAA', { website: 'http://www.nobody.example/' }),
      ],
    });
    expect(r.account('acme')?.crm.salesforceAccountId).toBe(ID18);
    expect(r.account('beta')?.crm.salesforceAccountId).toBe(OTHER18);
    expect(r.crm.examples.unmatched).toEqual([
      { sourceId: 'account:001000000000003AAA', why: 'no account has the domain nobody.example' },
    ]);
  });

  it.each([
    ['an owner with an e-mail', 'ops@acme.com', 'ops@acme.com'],
    ['an owner without an e-mail', null, undefined],
    ['an owner that is blank', ' ', undefined],
    ['no owner readable', undefined, undefined],
  ])('%s', (_label, email, want) => {
    const r = run({
      accounts: [sfAccount(ID18, { ownerEmail: email, extra: { Healthbar_Account_Id__c: 'acme' } })],
    });
    expect(r.account('acme')?.owner).toBe(want);
  });

  it.each([
    ['2027-03-31', '2027-03-31'],
    [null, undefined],
    ['next year', undefined],
  ])('renewal field %j → renewsOn %s', (value, want) => {
    const r = run({
      accounts: [sfAccount(ID18, { extra: { Healthbar_Account_Id__c: 'acme', Renewal_Date__c: value } })],
    });
    expect(r.account('acme')?.renewsOn).toBe(want);
  });

  it('an Id that is not a Salesforce id is invalid; accounts created after the as-of day are not read', () => {
    const r = run({
      accounts: [
        sfAccount('not-an-id', {}),
        sfAccount(ID18, {
          created: '2026-11-16T00:00:00.000+0000',
          extra: { Healthbar_Account_Id__c: 'acme' },
        }),
      ],
    });
    expect(r.crm.read).toBe(1);
    expect(r.crm.examples.invalid).toEqual([
      { sourceId: 'account:not-an-id', why: 'Id: not a Salesforce id' },
    ]);
    expect(r.account('acme')?.crm).toEqual({});
  });

  it('keeps the write-back fields as read (numbers printed), by the 18-character id', () => {
    const { output } = run(
      { accounts: [sfAccount(ID15, { extra: { Health_Score__c: 71, health_band__c: 'red' } })] },
      { writeBackFields: ['Health_Score__c', 'Health_Band__c', 'Health_Driver__c'] },
    );
    expect(output.crmValues).toEqual({
      [ID18]: { Health_Score__c: '71', Health_Band__c: 'red', Health_Driver__c: null },
    });
  });
});

describe('Salesforce opportunities → deals rows', () => {
  const accounts = [
    sfAccount(ID18, { extra: { Healthbar_Account_Id__c: 'acme' } }),
    sfAccount(OTHER18, { extra: { Healthbar_Account_Id__c: 'beta' } }),
    sfAccount('001000000000003AAA', { website: 'nobody.example' }),
  ];
  const OPP = '006000000000070AAA';
  const opp = (o: Partial<Parameters<typeof sfOpportunity>[1]> = {}) =>
    sfOpportunity(OPP, {
      account: ID15,
      created: '2026-10-01T09:30:00.000+0000',
      closed: '2026-12-31',
      won: false,
      ...o,
    });
  const dealRows = (r: ReturnType<typeof run>) => r.dataset.deals ?? [];

  it.each([
    [
      'open (IsClosed false) with a CloseDate (the expected one): no closedOn, no won',
      opp({ amount: 1000, stage: 'Prospecting' }),
      { accountId: 'acme', amount: 100_000, stage: 'Prospecting', createdOn: '2026-10-01' },
    ],
    [
      'closed won: closedOn = CloseDate, won true',
      opp({ won: true, closed: '2026-11-03', amount: 1500.25 }),
      { amount: 150_025, stage: 'Closed Won', closedOn: '2026-11-03', won: true },
    ],
    [
      'closed lost: won false',
      opp({ isClosed: true, closed: '2026-11-02', amount: 10 }),
      { stage: 'Closed Lost', closedOn: '2026-11-02', won: false },
    ],
    [
      'no Amount: 0 (still counted for the win rate)',
      opp({ amount: null, won: true, closed: '2026-11-03' }),
      { amount: 0, won: true },
    ],
    [
      'CurrencyIsoCode EUR converted with the rate, rounded once',
      opp({ amount: 800.5, currency: 'EUR' }),
      { amount: 86_454 },
    ],
    ['the name as it is', opp({ name: 'Acme – renewal 2027' }), { name: 'Acme – renewal 2027' }],
    [
      'an AccountId in the 18-character form; a CreatedDate at -02:00 is the next UTC day',
      opp({ account: OTHER18, created: '2026-10-01T23:30:00.000-0200' }),
      { accountId: 'beta', createdOn: '2026-10-02' },
    ],
  ])('%s', (_label, o, want) => {
    const r = run({ accounts: accounts.slice(0, 2), opportunities: [o] });
    expect(r.crm.leftOut).toMatchObject({ unmatched: 0, invalid: 0, unknownCurrency: 0 });
    const rows = dealRows(r);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: `salesforce:${OPP}`, ...want });
    if (!('won' in want)) {
      expect(rows[0].closedOn).toBeUndefined();
      expect(rows[0].won).toBeUndefined();
    }
  });

  it('without CurrencyIsoCode (one-currency org): the source’s dealCurrency, else the workspace’s', () => {
    const o = opp({ amount: 100 });
    const org = run(
      { accounts, opportunities: [o] },
      { money: { currency: 'USD', rates: new Map([['EUR', 1.08]]), dealCurrency: 'EUR' } },
    );
    expect(dealRows(org)[0].amount).toBe(10_800);
    expect(dealRows(run({ accounts, opportunities: [o] }))[0].amount).toBe(10_000);
  });

  it('left out and reported: no AccountId, an Account that attaches nowhere, unknown currency, invalid', () => {
    const o = (id: string, f: Partial<Parameters<typeof sfOpportunity>[1]>) =>
      sfOpportunity(id, {
        account: ID18,
        created: '2026-10-01T09:30:00.000+0000',
        closed: '2026-12-31',
        won: false,
        ...f,
      });
    const r = run({
      accounts,
      opportunities: [
        o('006000000000071AAA', { account: null }),
        o('006000000000072AAA', { account: '001000000000003AAA' }),
        o('006000000000073AAA', { currency: 'JPY' }),
        o('006000000000074AAA', { amount: -5 }),
        { ...o('006000000000075AAA', { won: true }), CloseDate: null },
        // Created after the as-of day: not read.
        o('006000000000076AAA', { created: '2026-11-16T00:00:00.000+0000' }),
        { Id: '006000000000077AAA', Amount: 'lots' },
      ],
    });
    expect(dealRows(r)).toEqual([]);
    expect(r.crm.read).toBe(3 + 6);
    expect(r.crm.leftOut).toMatchObject({ unmatched: 3, unknownCurrency: 1, invalid: 3 });
    expect(r.crm.examples.unmatched).toEqual([
      { sourceId: 'salesforce:006000000000071AAA', why: 'the opportunity has no AccountId' },
      { sourceId: 'account:001000000000003AAA', why: 'no account has the domain nobody.example' },
      {
        sourceId: 'salesforce:006000000000072AAA',
        why: 'account:001000000000003AAA attached to no account',
      },
    ]);
    expect(r.crm.examples.unknownCurrency).toEqual([
      {
        sourceId: 'salesforce:006000000000073AAA',
        why: 'its amount is in JPY, which has no rate in the config',
      },
    ]);
    expect(r.crm.examples.invalid).toEqual([
      {
        sourceId: 'salesforce:006000000000077AAA',
        why: 'Amount: Invalid input: expected number, received string',
      },
      { sourceId: 'salesforce:006000000000074AAA', why: 'amount: must not be negative' },
      {
        sourceId: 'salesforce:006000000000075AAA',
        why: 'closedOn: the deal is closed but the CRM gave no close date',
      },
    ]);
  });
});
