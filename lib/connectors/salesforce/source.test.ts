import { afterEach, describe, expect, it } from 'vitest';
import { SF_ACME, SF_BETA, salesforceFixture } from './fixture';
import { opportunityQuery, readSalesforce, type SalesforceConfig, writeSalesforce } from './source';
import { type SalesforceStandIn, type SalesforceStandInOptions, startSalesforceStandIn } from './stand-in';

let standIn: SalesforceStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const TOKEN = '00D!token';

async function start(options: Partial<SalesforceStandInOptions> = {}) {
  standIn = await startSalesforceStandIn(salesforceFixture(), { accessToken: TOKEN, ...options });
  const sleeps: number[] = [];
  const config: SalesforceConfig = {
    name: 'sf',
    instanceUrl: new URL(standIn.url),
    accessToken: TOKEN,
    apiVersion: 'v62.0',
    createAccounts: false,
    timeoutMs: 5000,
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { s: standIn, config, sleep, sleeps };
}

describe('Salesforce source against the stand-in', () => {
  it.each([
    [403, 'REQUEST_LIMIT_EXCEEDED'],
    [429, 'Too Many Requests'],
  ] as const)('%i (%s): backs off exponentially, 5 retries, then the source fails', async (status, _what) => {
    const { config, sleep, sleeps } = await start({
      rateLimit: { path: '/services/data/v62.0/query', times: 99, status },
    });
    await expect(readSalesforce(config, sleep)).rejects.toThrow(
      `sf: reading the accounts still failed after 5 retries: Salesforce answered ${status}.`,
    );
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('a wrong token (401) is a refusal, not retried', async () => {
    const { config, sleep } = await start();
    await expect(readSalesforce({ ...config, accessToken: 'expired' }, sleep)).rejects.toThrow(
      /^sf: Salesforce refused the credentials for the accounts \(401\)\. Check accessToken/,
    );
  });

  it('the filter leaves accounts out of the query; every page is read', async () => {
    const { config, sleep } = await start({ maxPage: 1 });
    const all = await readSalesforce(config, sleep);
    expect(all.accounts).toHaveLength(3);
    const customers = await readSalesforce({ ...config, filter: "Type = 'Customer'" }, sleep);
    expect(customers.accounts.map((a) => (a as { Id: string }).Id)).toEqual([SF_ACME, '0018c00002JxR9t']);
    // The filter is the Accounts'; every Opportunity is read (one on an excluded Account is reported).
    expect(customers.opportunities).toHaveLength(5);
  });

  it('collection update: a SaveResult per record; a record Salesforce refuses is failed with its code', async () => {
    const { s, config, sleep } = await start();
    const r = await writeSalesforce(
      config,
      [
        { id: SF_BETA, values: { Health_Score__c: 72, Health_Band__c: null } },
        { id: '0018c00002ZZZZZAAA', values: { Health_Band__c: 'red' } },
      ],
      sleep,
    );
    expect(r).toEqual({
      written: [SF_BETA],
      failed: [{ id: '0018c00002ZZZZZAAA', why: 'Salesforce: ENTITY_IS_DELETED entity is deleted' }],
    });
    expect(s.writes).toEqual([
      { attributes: { type: 'Account' }, id: SF_BETA, Health_Score__c: 72, Health_Band__c: null },
    ]);
  });
});

describe('Salesforce opportunities against the stand-in', () => {
  const soql = (q: string) => decodeURIComponent(q.split('?q=')[1].replace(/\+/g, ' '));

  it('a one-currency org: the describe call has no CurrencyIsoCode, so the query does not name it', async () => {
    const { s, config, sleep } = await start({ maxPage: 2 });
    const read = await readSalesforce(config, sleep);
    expect(s.requests.filter((q) => q.includes('/sobjects/'))).toEqual([
      'GET /services/data/v62.0/sobjects/Opportunity/describe',
    ]);
    const queries = s.requests.filter((q) => q.includes('?q=')).map(soql);
    expect(queries[1]).toBe(
      'SELECT Id, AccountId, Name, Amount, StageName, CreatedDate, CloseDate, IsClosed, IsWon FROM Opportunity ORDER BY Id',
    );
    // Five opportunities in pages of two.
    expect(s.requests.filter((q) => /\/query\/01g/.test(q))).toHaveLength(1 + 2);
    expect(read.opportunities).toHaveLength(5);
    expect(read.opportunities[0]).toMatchObject({
      Id: '0068c00000A1b2cAAB',
      Amount: 12000,
      IsClosed: true,
      IsWon: true,
    });
  });

  it('a multi-currency org: CurrencyIsoCode is selected, after one REQUEST_LIMIT_EXCEEDED on the describe call', async () => {
    const { s, config, sleep, sleeps } = await start({
      multiCurrency: true,
      rateLimit: { path: '/services/data/v62.0/sobjects', times: 1, status: 403 },
    });
    const read = await readSalesforce(config, sleep);
    expect(sleeps).toEqual([500]);
    expect(soql(s.requests.filter((q) => q.includes('?q=')).at(-1) ?? '')).toBe(
      'SELECT Id, AccountId, Name, Amount, StageName, CreatedDate, CloseDate, IsClosed, IsWon, CurrencyIsoCode FROM Opportunity ORDER BY Id',
    );
    expect(read.opportunities[0]).toHaveProperty('CurrencyIsoCode');
  });

  it('the stand-in, like Salesforce, refuses CurrencyIsoCode in a one-currency org (why the source describes first)', async () => {
    const { s } = await start();
    const url = new URL('/services/data/v62.0/query', s.url);
    url.searchParams.set('q', opportunityQuery(true));
    const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
  });
});
