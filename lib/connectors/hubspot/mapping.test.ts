import { describe, expect, it } from 'vitest';
import { CRM_AS_OF, resolveAfterSpine } from '../crm-testkit';
import { type HubSpotMappingOptions, mapHubSpot } from './mapping';
import { hsCompany, hsDeal, hsOwner } from './testing';

const OPTIONS: HubSpotMappingOptions = {
  asOf: CRM_AS_OF,
  accountIdProperty: 'healthbar_account_id',
  renewalProperty: 'renewal_date',
  createAccounts: false,
};

function run(
  o: { companies?: unknown[]; owners?: unknown[]; deals?: unknown[] },
  options: Partial<HubSpotMappingOptions> = {},
) {
  const output = mapHubSpot(
    { companies: o.companies ?? [], owners: o.owners ?? [], deals: o.deals ?? [] },
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
          companies: ['1', '2'],
        }),
        hsDeal('9', {
          created: '2026-01-02T10:00:00Z',
          closed: '2026-03-01T08:00:00Z',
          won: true,
          companies: ['1'],
        }),
        // Lost or open: never counts, however early.
        hsDeal('5', {
          created: '2025-01-01T10:00:00Z',
          closed: '2025-02-01T08:00:00Z',
          won: false,
          companies: ['1', '2'],
        }),
        // Won after the as-of day: not yet won then.
        hsDeal('4', {
          created: '2026-01-01T10:00:00Z',
          closed: '2026-11-20T08:00:00Z',
          won: true,
          companies: ['2'],
        }),
        // Created after the as-of day: not read.
        hsDeal('3', {
          created: '2026-11-16T10:00:00Z',
          closed: '2026-11-16T10:00:00Z',
          won: true,
          companies: ['2'],
        }),
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
