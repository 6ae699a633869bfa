import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '@/lib/dataset/schema';
import { FIXTURE_ACCOUNTS } from '@/lib/demo/crm-fixture-accounts';
import { type AccountLike, normaliseDomain, normaliseName, resolveAccount, salesforceId15 } from './resolve';
import { isValidSalesforceId, salesforceChecksum, salesforceId18 } from './salesforce-id';
import type { AccountHints } from './types';

const accounts: AccountLike[] = [
  {
    id: 'a1',
    name: 'Northwind Traders, Inc.',
    domains: ['northwindtraders.com', 'https://www.northwind.eu/'],
    crm: {
      hubspotCompanyId: '9384756102',
      salesforceAccountId: '0018c00002JxQ4mAAF',
      zendeskOrganizationId: '360045123891',
    },
  },
  {
    id: 'a2',
    name: 'Contoso Pharmaceuticals',
    domains: ['contoso-pharma.com'],
    crm: { salesforceAccountId: '0018c00002JxR9t' },
  },
  { id: 'a3', name: 'Fabrikam Robotics GmbH', domains: ['fabrikam.io', 'shared-holding.com'], crm: {} },
  { id: 'a4', name: 'Fabrikam Robotics', domains: ['fabrikam-us.com', 'shared-holding.com'], crm: {} },
  { id: 'a5', name: 'Tailspin Toys', domains: [], crm: { hubspotCompanyId: '10294837788' } },
  {
    id: 'a6',
    name: 'Tailspin Toys (duplicate import)',
    domains: [],
    crm: { hubspotCompanyId: '10294837788' },
  },
];

const r = (hints: AccountHints) => ({ hints });

describe('salesforceId15 / salesforceId18', () => {
  it('matches a 15- and an 18-character id of the same record', () => {
    expect(salesforceId15('0018c00002JxQ4mAAF')).toBe('0018c00002JxQ4m');
    expect(salesforceId15('0018c00002JxQ4m')).toBe('0018c00002JxQ4m');
    expect(salesforceId18('0018c00002JxQ4m')).toBe('0018c00002JxQ4mAAF');
    expect(salesforceChecksum('001D000000IqhSL')).toBe('IAZ');
  });

  it('restores the case of an 18-character id that lost it, from its checksum', () => {
    expect(salesforceId15('0018C00002JXQ4MAAF')).toBe('0018c00002JxQ4m');
    expect(salesforceId15('0018c00002jxq4maaf')).toBe('0018c00002JxQ4m');
  });

  it('keeps 15-character ids case-sensitive and refuses what is not an id', () => {
    expect(salesforceId15('0018c00002jxq4m')).toBe('0018c00002jxq4m');
    expect(salesforceId15('0018c00002JxQ4m!')).toBeNull();
    expect(salesforceId15('0018c00002JxQ4mAA')).toBeNull();
    expect(salesforceId15('0018c00002JxQ4mAA9')).toBeNull();
    expect(salesforceId15('')).toBeNull();
  });

  it('validates checksums', () => {
    expect(isValidSalesforceId('0018c00002JxQ4mAAF')).toBe(true);
    expect(isValidSalesforceId('0018c00002JxQ4mAAA')).toBe(false);
    expect(isValidSalesforceId('0018c00002JxQ4m')).toBe(true);
  });

  it('property: 15 → 18 → 15 is the identity, with or without case loss', () => {
    const alnum = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''),
    );
    fc.assert(
      fc.property(fc.array(alnum, { minLength: 15, maxLength: 15 }), (chars) => {
        const id15 = chars.join('');
        const id18 = salesforceId18(id15) as string;
        expect(isValidSalesforceId(id18)).toBe(true);
        expect(salesforceId15(id18)).toBe(id15);
        expect(salesforceId15(id18.toUpperCase())).toBe(id15);
        expect(salesforceId15(id18.toLowerCase())).toBe(id15);
      }),
    );
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['northwindtraders.com', 'northwindtraders.com'],
    ['NorthwindTraders.COM', 'northwindtraders.com'],
    ['www.northwindtraders.com', 'northwindtraders.com'],
    ['https://www.northwindtraders.com/about?x=1#top', 'northwindtraders.com'],
    ['http://shop.northwindtraders.com:8080/', 'shop.northwindtraders.com'],
    ['//cdn.northwindtraders.com/x', 'cdn.northwindtraders.com'],
    ['maria.anders@northwindtraders.com', 'northwindtraders.com'],
    ['mailto:ops@eu.northwind.com', 'eu.northwind.com'],
    ['northwindtraders.com.', 'northwindtraders.com'],
    ['  www2.contoso.eu  ', 'contoso.eu'],
    ['localhost', ''],
    ['', ''],
    ['not a domain', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });
});

describe('normaliseName', () => {
  it.each([
    ['Northwind Traders', 'northwind traders'],
    ['  Northwind   Traders, Inc. ', 'northwind traders'],
    ['NORTHWIND TRADERS LLC', 'northwind traders'],
    ['Fabrikam Robotics GmbH', 'fabrikam robotics'],
    ['Müller & Söhne GmbH & Co. KG', 'muller and sohne'],
    ['Contoso Pty Ltd', 'contoso'],
    ['Tailspin Toys S.A.', 'tailspin toys'],
    ['The Adventure Works Company', 'adventure works'],
    ['A.B.C. Logistics plc', 'abc logistics'],
    ['Procter & Gamble', 'procter and gamble'],
    ['Inc', 'inc'],
    ['Société Générale SA', 'societe generale'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});

describe('resolveAccount', () => {
  it('matches by HubSpot company id', () => {
    expect(resolveAccount(r({ hubspotCompanyId: '9384756102' }), accounts)).toEqual({
      status: 'matched',
      accountId: 'a1',
      by: 'crmId',
    });
  });

  it('matches a 15-character page id to an 18-character dataset id and vice versa', () => {
    expect(resolveAccount(r({ salesforceAccountId: '0018c00002JxQ4m' }), accounts)).toMatchObject({
      accountId: 'a1',
    });
    expect(resolveAccount(r({ salesforceAccountId: '0018c00002JxR9tAAF' }), accounts)).toMatchObject({
      accountId: 'a2',
      by: 'crmId',
    });
  });

  it('compares the 15 characters case-sensitively', () => {
    expect(resolveAccount(r({ salesforceAccountId: '0018c00002jxq4m' }), accounts)).toEqual({
      status: 'none',
      tried: ['Salesforce account 0018c00002jxq4m'],
    });
  });

  it('matches by Zendesk organization id', () => {
    expect(resolveAccount(r({ zendeskOrganizationId: '360045123891' }), accounts)).toMatchObject({
      accountId: 'a1',
      by: 'crmId',
    });
  });

  it('a CRM id beats a domain that points elsewhere', () => {
    expect(
      resolveAccount(r({ hubspotCompanyId: '9384756102', domains: ['fabrikam.io'] }), accounts),
    ).toMatchObject({
      accountId: 'a1',
      by: 'crmId',
    });
  });

  it('falls back to domain, normalising both sides', () => {
    expect(resolveAccount(r({ domains: ['https://WWW.Northwind.eu/contact'] }), accounts)).toEqual({
      status: 'matched',
      accountId: 'a1',
      by: 'domain',
    });
    expect(resolveAccount(r({ emailDomains: ['contoso-pharma.com'] }), accounts)).toMatchObject({
      accountId: 'a2',
      by: 'domain',
    });
  });

  it('accepts a sub-domain of an account domain when nothing matches exactly', () => {
    expect(resolveAccount(r({ emailDomains: ['eu.fabrikam.io'] }), accounts)).toMatchObject({
      accountId: 'a3',
      by: 'domain',
    });
  });

  it('is ambiguous when two accounts share a domain', () => {
    expect(resolveAccount(r({ domains: ['shared-holding.com'] }), accounts)).toEqual({
      status: 'ambiguous',
      candidates: ['a3', 'a4'],
      by: 'domain',
    });
  });

  it('is ambiguous when two accounts carry the same CRM id', () => {
    expect(resolveAccount(r({ hubspotCompanyId: '10294837788' }), accounts)).toEqual({
      status: 'ambiguous',
      candidates: ['a5', 'a6'],
      by: 'crmId',
    });
  });

  it('falls back to the exact normalised name', () => {
    expect(resolveAccount(r({ names: ['northwind traders'] }), accounts)).toMatchObject({
      accountId: 'a1',
      by: 'name',
    });
    expect(resolveAccount(r({ names: ['Contoso Pharmaceuticals Ltd.'] }), accounts)).toMatchObject({
      accountId: 'a2',
      by: 'name',
    });
    expect(resolveAccount(r({ names: ['Northwind'] }), accounts)).toMatchObject({ status: 'none' });
  });

  it('is ambiguous when names collide after normalisation', () => {
    expect(resolveAccount(r({ names: ['Fabrikam Robotics'] }), accounts)).toEqual({
      status: 'ambiguous',
      candidates: ['a3', 'a4'],
      by: 'name',
    });
  });

  it('a remembered pick settles an ambiguity and beats domain and name', () => {
    expect(resolveAccount(r({ domains: ['shared-holding.com'] }), accounts, 'a4')).toEqual({
      status: 'matched',
      accountId: 'a4',
      by: 'remembered',
    });
    expect(resolveAccount(r({ hubspotCompanyId: '10294837788' }), accounts, 'a6')).toEqual({
      status: 'matched',
      accountId: 'a6',
      by: 'remembered',
    });
    expect(resolveAccount(r({ names: ['Northwind Traders'] }), accounts, 'a2')).toMatchObject({
      accountId: 'a2',
      by: 'remembered',
    });
    expect(resolveAccount(r({}), accounts, 'a5')).toMatchObject({ accountId: 'a5', by: 'remembered' });
  });

  it('a unique CRM-id match beats a remembered pick; a pick no longer in the dataset is ignored', () => {
    expect(resolveAccount(r({ hubspotCompanyId: '9384756102' }), accounts, 'a2')).toMatchObject({
      accountId: 'a1',
      by: 'crmId',
    });
    expect(resolveAccount(r({ domains: ['shared-holding.com'] }), accounts, 'gone')).toMatchObject({
      status: 'ambiguous',
    });
  });

  it('says what it tried when nothing matches', () => {
    expect(
      resolveAccount(
        r({ hubspotCompanyId: '1', domains: ['unknown.example'], names: ['Nobody Ltd'] }),
        accounts,
        'gone',
      ),
    ).toEqual({
      status: 'none',
      tried: [
        'HubSpot company 1',
        'domain unknown.example',
        'name "nobody"',
        'remembered account gone (not in the dataset)',
      ],
    });
    expect(resolveAccount(r({}), [])).toEqual({ status: 'none', tried: [] });
  });

  it('takes dataset Accounts as they are', () => {
    const dataset: Account[] = [
      {
        id: 'x',
        name: 'Wide World Importers',
        domains: ['wideworldimporters.com'],
        crm: { salesforceAccountId: '0018c00002LmV3hAAF' },
        updatedAt: '2026-01-01T00:00:00Z',
      },
    ];
    expect(resolveAccount(r({ salesforceAccountId: '0018c00002LmV3h' }), dataset)).toMatchObject({
      accountId: 'x',
    });
  });
});

describe('FIXTURE_ACCOUNTS', () => {
  it('carry valid 18-character Salesforce ids and distinct identities', () => {
    for (const a of FIXTURE_ACCOUNTS) {
      expect(a.crm.salesforceAccountId).toHaveLength(18);
      expect(isValidSalesforceId(a.crm.salesforceAccountId)).toBe(true);
      expect(a.crm.salesforceAccountId.startsWith('001')).toBe(true);
    }
    for (const key of ['hubspotCompanyId', 'salesforceAccountId', 'zendeskOrganizationId'] as const) {
      expect(new Set(FIXTURE_ACCOUNTS.map((a) => a.crm[key])).size).toBe(FIXTURE_ACCOUNTS.length);
    }
    expect(new Set(FIXTURE_ACCOUNTS.map((a) => normaliseName(a.name))).size).toBe(FIXTURE_ACCOUNTS.length);
    const domains = FIXTURE_ACCOUNTS.flatMap((a) => a.domains.map(normaliseDomain));
    expect(new Set(domains).size).toBe(domains.length);
  });
});
