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

export function sfOpportunity(id: string, o: { account: string; created: string; closed: string }) {
  return {
    attributes: { type: 'Opportunity', url: `/services/data/${SF_VERSION}/sobjects/Opportunity/${id}` },
    Id: id,
    AccountId: o.account,
    CreatedDate: o.created,
    CloseDate: o.closed,
  };
}
