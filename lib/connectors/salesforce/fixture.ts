/**
 * A small Salesforce org for the source and CLI tests, beside the Stripe fixture, as of 2026-11-15:
 * - Accounts (Type Customer unless said): 0018c00002JxQ4mAAF "Acme Corporation"
 *   (Healthbar_Account_Id__c `acme`, www.acme.com, owner ops@acme.com); 0018c00002JxR9t — given
 *   in its 15-character form — "Beta" (https://beta.io/de, no owner readable, renewal
 *   2027-08-01); 0018c00002KbT2wAAF "Prospect Co" (Type Prospect: the filter leaves it out).
 * - Opportunities: ...b2c won for Beta (its AccountId in the 18-character form, 12,000), ...b2d
 *   lost for Acme (4,000.50), ...b2e open for Acme (no Amount, an expected CloseDate in 2027),
 *   ...b2f open for Prospect Co (the filter leaves its Account out: unmatched), ...b2g without an
 *   AccountId (unmatched). The org has one currency unless the stand-in is told otherwise.
 */
import type { SalesforceStandInData } from './stand-in';
import { sfOpportunity } from './testing';

export const SF_ACME = '0018c00002JxQ4mAAF';
export const SF_BETA_15 = '0018c00002JxR9t';
export const SF_BETA = '0018c00002JxR9tAAF';

export function salesforceFixture(): SalesforceStandInData {
  return {
    accounts: [
      {
        Id: SF_ACME,
        Name: 'Acme Corporation',
        Type: 'Customer',
        Website: 'www.acme.com',
        CreatedDate: '2025-03-01T10:00:00.000+0000',
        Owner: { Email: 'ops@acme.com' },
        Healthbar_Account_Id__c: 'acme',
        Renewal_Date__c: null,
      },
      {
        Id: SF_BETA_15,
        Name: 'Beta',
        Type: 'Customer',
        Website: 'https://beta.io/de',
        CreatedDate: '2025-04-01T10:00:00.000+0000',
        Owner: null,
        Healthbar_Account_Id__c: null,
        Renewal_Date__c: '2027-08-01',
      },
      {
        Id: '0018c00002KbT2wAAF',
        Name: 'Prospect Co',
        Type: 'Prospect',
        Website: 'prospect.example',
        CreatedDate: '2025-05-01T10:00:00.000+0000',
        Owner: { Email: 'rep@acme.com' },
        Healthbar_Account_Id__c: null,
        Renewal_Date__c: null,
      },
    ],
    opportunities: [
      sfOpportunity('0068c00000A1b2cAAB', {
        account: SF_BETA,
        created: '2026-07-01T08:00:00.000+0000',
        closed: '2026-07-30',
        won: true,
        amount: 12000,
        name: 'Beta renewal',
      }),
      sfOpportunity('0068c00000A1b2dAAB', {
        account: SF_ACME,
        created: '2026-06-01T08:00:00.000+0000',
        closed: '2026-06-30',
        won: false,
        isClosed: true,
        amount: 4000.5,
      }),
      sfOpportunity('0068c00000A1b2eAAB', {
        account: SF_ACME,
        created: '2026-10-20T08:00:00.000+0000',
        closed: '2027-01-15',
        won: false,
        amount: null,
        stage: 'Negotiation/Review',
      }),
      sfOpportunity('0068c00000A1b2fAAB', {
        account: '0018c00002KbT2wAAF',
        created: '2026-10-21T08:00:00.000+0000',
        closed: '2026-12-01',
        won: false,
      }),
      sfOpportunity('0068c00000A1b2gAAB', {
        account: null,
        created: '2026-10-22T08:00:00.000+0000',
        closed: '2026-12-01',
        won: false,
      }),
    ],
  };
}
