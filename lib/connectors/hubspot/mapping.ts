/**
 * HubSpot → account records and `deals` rows (CONNECTORS.md, "CRM: HubSpot and Salesforce",
 * "Deals"). Pure: the objects as read, the run's `asOf` and its money are passed in.
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
 * Each deal is one `deals` row `hubspot:<id>` (crm-common `crmDealRecord` for amount, currency
 * and dates): closed when `hs_is_closed` is `"true"` (or `hs_is_closed_won` is — a portal that
 * never calculated `hs_is_closed`), `won` = `hs_is_closed_won`; an open deal's `closedate` is its
 * expected close date and is not read. The currency is `deal_currency_code`, else the source's
 * `dealCurrency` (the portal's), else the workspace's; `stage` = `dealstage` (the stage's
 * internal id: the pipelines API is not read); `name` = `dealname`. It belongs to ONE company,
 * so the portfolio never counts it twice: its primary company (association typeId 5, HubSpot's
 * "Primary") when it has one — a deal whose primary company attaches to no account is left out
 * as `unmatched` rather than moved to another company —, else the lowest company id among its
 * companies that attaches. A deal with no company is `unmatched`.
 *
 * Choices where the contract is silent:
 * - Records created after the end of `asOf` (UTC) are not read: companies by `createdAt` (or
 *   `createdate`), deals by `createdate`; a won deal whose `closedate` is after `asOf` was not yet
 *   won on that day and does not count for `dealClosedOn` (its `deals` row keeps its dates: the
 *   deal metrics read a deal closed after D as open on D).
 * - `read` counts the companies and the deals; a company, owner, deal or association list that
 *   does not fit the schema is left out as `invalid` (an owner alone: the companies stay).
 * - A renewal value that is not a date (see `crmUtcDate`) gives no `renewsOn`; the company stays.
 */
import {
  compareCrmIds,
  createdAfter,
  crmDealRecord,
  crmText,
  crmUtcDate,
  firstWonDeals,
  parseAll,
  type WonDeal,
} from '../crm-common';
import { nonEmpty, normaliseDomain } from '../domains';
import type { AccountRecord, CrmMappingOptions, LeftOut, SourceOutput, SourceRow } from '../types';
import {
  type Company,
  companySchema,
  type Deal,
  type DealCompanies,
  dealCompaniesSchema,
  dealSchema,
  type Owner,
  ownerSchema,
  PRIMARY_DEAL_TO_COMPANY,
} from './objects';

export interface HubSpotObjects {
  companies: readonly unknown[];
  owners: readonly unknown[];
  deals: readonly unknown[];
  /** The v4 batch read's results: each deal's companies (a deal may come in several pages). */
  dealCompanies: readonly unknown[];
}

export type HubSpotMappingOptions = CrmMappingOptions<
  'accountIdProperty',
  'renewalProperty',
  'writeBackProperties'
>;

export const dealId = (id: string) => `hubspot:${id}`;

/** Each deal's companies: id → whether it is the deal's primary company. */
function companiesByDeal(lists: readonly DealCompanies[]): Map<string, Map<string, boolean>> {
  const byDeal = new Map<string, Map<string, boolean>>();
  for (const l of lists) {
    const companies = byDeal.get(l.from.id) ?? new Map<string, boolean>();
    for (const t of l.to) {
      const primary = t.associationTypes.some(
        (a) =>
          a.typeId === PRIMARY_DEAL_TO_COMPANY &&
          (a.category === undefined || a.category === 'HUBSPOT_DEFINED'),
      );
      companies.set(t.toObjectId, (companies.get(t.toObjectId) ?? false) || primary);
    }
    byDeal.set(l.from.id, companies);
  }
  return byDeal;
}

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
  const dealLists = parseAll<DealCompanies>(
    objects.dealCompanies,
    dealCompaniesSchema,
    'associations',
    leftOut,
  );
  const byDeal = companiesByDeal(dealLists);
  const won: WonDeal[] = [];
  const rows: SourceRow[] = [];
  const beforeDeals = leftOut.length;
  const parsedDeals = parseAll<Deal>(objects.deals, dealSchema, 'hubspot', leftOut);
  const invalidDeals = leftOut.length - beforeDeals;
  const deals = parsedDeals.filter((d) => d.archived !== true && !createdAfter(d.properties.createdate, end));
  for (const d of deals) {
    const p = d.properties;
    const companies = byDeal.get(d.id) ?? new Map<string, boolean>();
    const ids = [...companies.keys()].sort(compareCrmIds);
    const closed = p.hs_is_closed === 'true' || p.hs_is_closed_won === 'true';
    const isWon = p.hs_is_closed_won === 'true';
    if (isWon) {
      const createdOn = crmUtcDate(p.createdate);
      const closedOn = crmUtcDate(p.closedate);
      if (createdOn !== null && closedOn !== null && closedOn <= o.asOf)
        won.push({ id: d.id, accounts: ids, createdOn, closedOn });
    }
    const sourceId = dealId(d.id);
    if (ids.length === 0) {
      leftOut.push({ reason: 'unmatched', sourceId, why: 'the deal is associated with no company' });
      continue;
    }
    const made = crmDealRecord(
      {
        id: sourceId,
        name: p.dealname,
        amount: p.amount,
        currency: p.deal_currency_code,
        stage: p.dealstage,
        created: p.createdate,
        closed,
        won: isWon,
        closeDate: p.closedate,
      },
      o.money,
    );
    if ('leftOut' in made) {
      leftOut.push(made.leftOut);
      continue;
    }
    const primary = ids.find((c) => companies.get(c) === true);
    rows.push({
      collection: 'deals',
      sourceId,
      account: { refs: (primary === undefined ? ids : [primary]).map(companyRef) },
      record: made.record,
    });
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
    read: companies.length + invalidCompanies + deals.length + invalidDeals,
    accounts,
    rows,
    leftOut,
    ...(o.writeBackProperties && o.writeBackProperties.length > 0 ? { crmValues } : {}),
  };
}
