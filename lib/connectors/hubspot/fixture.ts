/**
 * A small HubSpot portal for the source, CLI and e2e tests, beside the Stripe fixture (acme has
 * the explicit id `acme`, Beta GmbH the domain beta.io), as of 2026-11-15:
 * - companies: 101 "Acme Inc" (healthbar_account_id `acme`, owner 10 maria@acme.com, renewal
 *   2027-01-31); 102 "Beta GmbH" (domain www.beta.io, owner 11 without an e-mail); 103 "Gamma Ltd"
 *   (gamma.co.uk: its Stripe customer is left out, so it attaches nothing unless createAccounts);
 * - deals: 201 won (Acme, created 2026-08-20, closed 2026-08-28), 202 won later (Acme), 203 open (Beta).
 */
import type { HubSpotStandInData } from './stand-in';
import { hsCompany, hsDeal, hsOwner } from './testing';

/** `acmeId`/`acmeCompanyId`: the explicit account id and the HubSpot id of company 101 (e2e). */
export function hubspotFixture(acmeId = 'acme', acmeCompanyId = '101'): HubSpotStandInData {
  return {
    companies: [
      hsCompany(acmeCompanyId, {
        name: 'Acme Inc',
        domain: 'acme.com',
        healthbar_account_id: acmeId,
        hubspot_owner_id: '10',
        renewal_date: '2027-01-31',
      }),
      hsCompany('102', { name: 'Beta GmbH', domain: 'www.beta.io', hubspot_owner_id: '11' }),
      hsCompany('103', { name: 'Gamma Ltd', domain: 'gamma.co.uk' }),
    ],
    owners: [hsOwner('10', 'maria@acme.com'), hsOwner('11', null)],
    deals: [
      hsDeal('201', {
        created: '2026-08-20T09:00:00.000Z',
        closed: '2026-08-28T16:00:00.000Z',
        won: true,
        companies: [acmeCompanyId],
      }),
      hsDeal('202', {
        created: '2026-10-01T09:00:00.000Z',
        closed: '2026-10-30T16:00:00.000Z',
        won: true,
        companies: [acmeCompanyId],
      }),
      hsDeal('203', { created: '2026-10-01T09:00:00.000Z', won: false, companies: ['102'] }),
    ],
  };
}
