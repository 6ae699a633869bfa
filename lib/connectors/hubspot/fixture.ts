/**
 * A small HubSpot portal for the source, CLI and e2e tests, beside the Stripe fixture (acme has
 * the explicit id `acme`, Beta GmbH the domain beta.io), as of 2026-11-15:
 * - companies: 101 "Acme Inc" (healthbar_account_id `acme`, owner 10 maria@acme.com, renewal
 *   2027-01-31); 102 "Beta GmbH" (domain www.beta.io, owner 11 without an e-mail); 103 "Gamma Ltd"
 *   (gamma.co.uk: its Stripe customer is left out, so it attaches nothing unless createAccounts);
 * - deals (v4 companies: 205 has two, Beta primary): 201 won (Acme, created 2026-08-20, closed
 *   2026-08-28, 1000), 202 won later (Acme, no amount), 203 open (Beta, with an expected close date
 *   in the future), 204 lost (Beta, 800.50 EUR), 205 open (Acme and Beta, Beta primary, 2500),
 *   206 open (Gamma only: unmatched unless createAccounts), 207 in CHF (no rate: unknown currency).
 */
import type { HubSpotStandInData } from './stand-in';
import { hsCompany, hsDeal, hsDealCompanies, hsOwner } from './testing';

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
      hsDeal('201', { created: '2026-08-20T09:00:00.000Z', closed: '2026-08-28T16:00:00.000Z', won: true }),
      hsDeal('202', {
        created: '2026-10-01T09:00:00.000Z',
        closed: '2026-10-30T16:00:00.000Z',
        won: true,
        amount: null,
      }),
      hsDeal('203', { created: '2026-10-01T09:00:00.000Z', closed: '2026-12-31T12:00:00.000Z', won: false }),
      hsDeal('204', {
        created: '2026-09-01T09:00:00.000Z',
        closed: '2026-11-02T10:00:00.000Z',
        won: false,
        isClosed: true,
        amount: '800.50',
        currency: 'EUR',
      }),
      hsDeal('205', { created: '2026-11-01T09:00:00.000Z', won: false, amount: '2500' }),
      hsDeal('206', { created: '2026-11-03T09:00:00.000Z', won: false }),
      hsDeal('207', { created: '2026-11-04T09:00:00.000Z', won: false, currency: 'CHF' }),
    ],
    dealCompanies: [
      hsDealCompanies('201', [acmeCompanyId]),
      hsDealCompanies('202', [acmeCompanyId]),
      hsDealCompanies('203', ['102']),
      hsDealCompanies('204', ['102'], '102'),
      hsDealCompanies('205', [acmeCompanyId, '102'], '102'),
      hsDealCompanies('206', ['103'], '103'),
      hsDealCompanies('207', ['102']),
    ],
  };
}
