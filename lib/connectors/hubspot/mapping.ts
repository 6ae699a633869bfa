/**
 * HubSpot → account records (CONNECTORS.md, "CRM: HubSpot and Salesforce"). Pure: the objects as
 * read and the run's `asOf` are passed in.
 *
 * Each company is an account record (`company:<id>`): it attaches by the configured
 * `accountIdProperty` (the explicit account id), then by its `domain` property (normalised, a
 * leading `www.` and any path dropped); with `createAccounts` an unmatched company creates the
 * account `hubspot:<id>` (or its explicit id). It gives `crm.hubspotCompanyId`, `name`, `owner`
 * (the e-mail of the owner `hubspot_owner_id` names; absent when that owner has none or is not in
 * the owner list), `domains`, `renewsOn` from `renewalProperty`, and `dealCreatedOn`/`dealClosedOn`
 * from the company's first closed-won deal (`hs_is_closed_won = true`; earliest `closedate`, ties →
 * lowest deal id; a deal counts for every company it is associated with).
 *
 * Choices where the contract is silent:
 * - Records created after the end of `asOf` (UTC) are not read: companies by `createdAt` (or
 *   `createdate`), deals by `createdate`; a won deal whose `closedate` is after `asOf` was not yet
 *   won on that day and does not count.
 * - `read` counts the companies; a company, owner or deal that does not fit the schema is left out
 *   as `invalid` (an owner or deal alone: the companies stay).
 * - A renewal value that is not a date (see `crmUtcDate`) gives no `renewsOn`; the company stays.
 */
import { createdAfter, crmText, crmUtcDate, firstWonDeals, parseAll, type WonDeal } from '../crm-common';
import { nonEmpty, normaliseDomain } from '../domains';
import type { AccountRecord, CrmMappingOptions, LeftOut, SourceOutput } from '../types';
import { type Company, companySchema, type Deal, dealSchema, type Owner, ownerSchema } from './objects';

export interface HubSpotObjects {
  companies: readonly unknown[];
  owners: readonly unknown[];
  deals: readonly unknown[];
}

export type HubSpotMappingOptions = CrmMappingOptions<
  'accountIdProperty',
  'renewalProperty',
  'writeBackProperties'
>;

export const companyRef = (id: string) => `company:${id}`;

export function mapHubSpot(objects: HubSpotObjects, o: HubSpotMappingOptions): SourceOutput {
  const leftOut: LeftOut[] = [];
  const end = Date.parse(`${o.asOf}T00:00:00Z`) + 86_400_000;
  const companies = parseAll<Company>(objects.companies, companySchema, 'company', leftOut).filter(
    (c) => c.archived !== true && !createdAfter(c.createdAt ?? c.properties.createdate, end),
  );
  const invalidCompanies = leftOut.length;
  const owners = new Map<string, Owner>();
  for (const w of parseAll<Owner>(objects.owners, ownerSchema, 'owner', leftOut)) owners.set(w.id, w);
  const won: WonDeal[] = [];
  for (const d of parseAll<Deal>(objects.deals, dealSchema, 'deal', leftOut)) {
    if (d.properties.hs_is_closed_won !== 'true') continue;
    if (createdAfter(d.properties.createdate, end)) continue;
    const createdOn = crmUtcDate(d.properties.createdate);
    const closedOn = crmUtcDate(d.properties.closedate);
    if (createdOn === null || closedOn === null || closedOn > o.asOf) continue;
    const accounts = (d.associations?.companies?.results ?? []).map((a) => a.id);
    won.push({ id: d.id, accounts, createdOn, closedOn });
  }
  const firstDeal = firstWonDeals(won);

  const accounts: AccountRecord[] = [];
  const crmValues: Record<string, Record<string, string | null>> = {};
  for (const c of companies) {
    const p = c.properties;
    const explicitId =
      o.accountIdProperty === undefined ? null : nonEmpty(p[o.accountIdProperty])?.trim() || null;
    const domain = normaliseDomain(p.domain);
    const domains = domain === null ? [] : [domain];
    const fields: AccountRecord['fields'] = { crm: { hubspotCompanyId: c.id } };
    const name = nonEmpty(p.name)?.trim();
    if (name) fields.name = name;
    const ownerId = nonEmpty(p.hubspot_owner_id)?.trim();
    const email = ownerId ? nonEmpty(owners.get(ownerId)?.email)?.trim() : undefined;
    if (email) fields.owner = email;
    if (o.renewalProperty !== undefined) {
      const renewsOn = crmUtcDate(p[o.renewalProperty]);
      if (renewsOn !== null) fields.renewsOn = renewsOn;
    }
    const deal = firstDeal.get(c.id);
    if (deal) {
      fields.dealCreatedOn = deal.createdOn;
      fields.dealClosedOn = deal.closedOn;
    }
    accounts.push({
      sourceId: companyRef(c.id),
      identity: { ...(explicitId ? { explicitId } : {}), domains },
      ...(o.createAccounts ? { newAccountId: `hubspot:${c.id}` } : {}),
      fields,
      domains,
    });
    if (o.writeBackProperties && o.writeBackProperties.length > 0) {
      crmValues[c.id] = Object.fromEntries(o.writeBackProperties.map((k) => [k, crmText(p[k])]));
    }
  }
  return {
    read: companies.length + invalidCompanies,
    accounts,
    rows: [],
    leftOut,
    ...(o.writeBackProperties && o.writeBackProperties.length > 0 ? { crmValues } : {}),
  };
}
