/**
 * Literal Salesforce query rows in the shape of the REST query resource
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html), for the
 * mapping tests and the local Salesforce stand-in.
 */

export const SF_VERSION = 'v62.0';

export function sfAccount(
  id: string,
  f: {
    name?: string | null;
    website?: string | null;
    ownerEmail?: string | null;
    created?: string;
    extra?: Record<string, string | number | boolean | null>;
  },
) {
  return {
    attributes: { type: 'Account', url: `/services/data/${SF_VERSION}/sobjects/Account/${id}` },
    Id: id,
    Name: f.name === undefined ? `Account ${id}` : f.name,
    Website: f.website ?? null,
    CreatedDate: f.created ?? '2025-01-10T09:00:00.000+0000',
    Owner:
      f.ownerEmail === undefined
        ? null
        : {
            attributes: {
              type: 'User',
              url: `/services/data/${SF_VERSION}/sobjects/User/005000000000001AAA`,
            },
            Email: f.ownerEmail,
          },
    ...f.extra,
  };
}

/**
 * An Opportunity row as the source's query selects it. `closed` is `CloseDate` (an open
 * opportunity has one too: its expected close date); `isClosed` defaults to `won`; `currency`
 * (`CurrencyIsoCode`) is only selected in multi-currency orgs, so it is left out unless given.
 */
export function sfOpportunity(
  id: string,
  o: {
    account: string | null;
    created: string;
    closed: string;
    won?: boolean;
    isClosed?: boolean;
    amount?: number | null;
    stage?: string;
    name?: string;
    currency?: string;
  },
) {
  const won = o.won ?? true;
  const isClosed = o.isClosed ?? won;
  return {
    attributes: { type: 'Opportunity', url: `/services/data/${SF_VERSION}/sobjects/Opportunity/${id}` },
    Id: id,
    AccountId: o.account,
    Name: o.name ?? `Opportunity ${id}`,
    Amount: o.amount === undefined ? 1000 : o.amount,
    StageName: o.stage ?? (won ? 'Closed Won' : isClosed ? 'Closed Lost' : 'Prospecting'),
    CreatedDate: o.created,
    CloseDate: o.closed,
    IsClosed: isClosed,
    IsWon: won,
    ...(o.currency === undefined ? {} : { CurrencyIsoCode: o.currency }),
  };
}
