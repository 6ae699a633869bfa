/**
 * A small Salesforce org for the source and CLI tests, beside the Stripe fixture, as of 2026-11-15:
 * - Accounts (Type Customer unless said): 0018c00002JxQ4mAAF "Acme Corporation"
 *   (Healthbar_Account_Id__c `acme`, www.acme.com, owner ops@acme.com); 0018c00002JxR9t — given
 *   in its 15-character form — "Beta" (https://beta.io/de, no owner readable, renewal
 *   2027-08-01); 0018c00002KbT2wAAF "Prospect Co" (Type Prospect: the filter leaves it out).
 * - Opportunities: one won for Beta (its AccountId in the 18-character form), one lost for Acme.
 */
import type { SalesforceStandInData } from './stand-in';

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
      {
        Id: '0068c00000A1b2cAAA',
        AccountId: SF_BETA,
        IsWon: true,
        CreatedDate: '2026-07-01T08:00:00.000+0000',
        CloseDate: '2026-07-30',
      },
      {
        Id: '0068c00000A1b2dAAA',
        AccountId: SF_ACME,
        IsWon: false,
        CreatedDate: '2026-06-01T08:00:00.000+0000',
        CloseDate: '2026-06-30',
      },
    ],
  };
}
