import { describe, expect, it } from 'vitest';
import { CRM_AS_OF, resolveAfterSpine } from '../crm-testkit';
import { mapSalesforce, type SalesforceMappingOptions } from './mapping';
import { sfAccount, sfOpportunity } from './testing';

const OPTIONS: SalesforceMappingOptions = {
  asOf: CRM_AS_OF,
  accountIdField: 'healthbar_account_id__c',
  renewalField: 'Renewal_Date__c',
  createAccounts: false,
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
