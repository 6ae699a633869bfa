/**
 * Salesforce → account records (CONNECTORS.md, "CRM: HubSpot and Salesforce"). Pure: the rows as
 * read and the run's `asOf` are passed in.
 *
 * Each Account is an account record (`account:<18-char id>`): it attaches by the configured
 * `accountIdField` (the explicit account id), then by the host of its `Website` (a leading `www.`
 * and any path dropped); with `createAccounts` an unmatched one creates `salesforce:<18-char id>`
 * (or its explicit id). It gives `crm.salesforceAccountId` (always the 18-character form, whichever
 * form the API gave), `name`, `owner` (`Owner.Email`; absent when none), `domains`, `renewsOn`
 * from `renewalField`, and `dealCreatedOn`/`dealClosedOn` = the UTC dates of `CreatedDate`/
 * `CloseDate` of its first won Opportunity (`IsWon = true`; earliest `CloseDate`, ties → lowest id).
 * An Opportunity's `AccountId` names its Account in either the 15- or the 18-character form.
 *
 * Choices where the contract is silent: as for HubSpot (hubspot/mapping.ts) — records created
 * after `asOf` are not read, a won deal closing after `asOf` does not count, `read` counts the
 * Accounts, a renewal value that is not a date gives no `renewsOn`. A configured field is found
 * in a record case-insensitively (SOQL names are; the JSON keys are the field's API name).
 */
import { salesforceId18 } from '../../crm/salesforce-id';
import { createdAfter, crmText, crmUtcDate, firstWonDeals, parseAll, type WonDeal } from '../crm-common';
import { nonEmpty, normaliseDomain } from '../domains';
import type { AccountRecord, CrmMappingOptions, LeftOut, SourceOutput } from '../types';
import { accountSchema, opportunitySchema, type SfAccount, type SfOpportunity } from './objects';

export interface SalesforceRows {
  accounts: readonly unknown[];
  /** Won opportunities (`IsWon = true`). */
  opportunities: readonly unknown[];
}

export type SalesforceMappingOptions = CrmMappingOptions<'accountIdField', 'renewalField', 'writeBackFields'>;

export const accountRef = (id18: string) => `account:${id18}`;

/** A field of a record by its API name, compared case-insensitively. */
export function fieldOf(record: Record<string, unknown>, name: string): unknown {
  if (name in record) return record[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(record)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function mapSalesforce(rows: SalesforceRows, o: SalesforceMappingOptions): SourceOutput {
  const leftOut: LeftOut[] = [];
  const end = Date.parse(`${o.asOf}T00:00:00Z`) + 86_400_000;
  const parsed = parseAll<SfAccount>(rows.accounts, accountSchema, 'account', leftOut, 'Id');
  const accounts: { row: SfAccount; id18: string }[] = [];
  for (const row of parsed) {
    const id18 = salesforceId18(row.Id);
    if (id18 === null) {
      leftOut.push({ reason: 'invalid', sourceId: `account:${row.Id}`, why: 'Id: not a Salesforce id' });
      continue;
    }
    if (createdAfter(row.CreatedDate, end)) continue;
    accounts.push({ row, id18 });
  }
  const invalidAccounts = leftOut.length;
  const won: WonDeal[] = [];
  for (const opp of parseAll<SfOpportunity>(
    rows.opportunities,
    opportunitySchema,
    'opportunity',
    leftOut,
    'Id',
  )) {
    if (createdAfter(opp.CreatedDate, end)) continue;
    const account = opp.AccountId ? salesforceId18(opp.AccountId) : null;
    const createdOn = crmUtcDate(opp.CreatedDate);
    const closedOn = crmUtcDate(opp.CloseDate);
    if (account === null || createdOn === null || closedOn === null || closedOn > o.asOf) continue;
    won.push({ id: salesforceId18(opp.Id) ?? opp.Id, accounts: [account], createdOn, closedOn });
  }
  const firstDeal = firstWonDeals(won);

  const records: AccountRecord[] = [];
  const crmValues: Record<string, Record<string, string | null>> = {};
  const writeBack = o.writeBackFields ?? [];
  for (const { row, id18 } of accounts) {
    const explicitId =
      o.accountIdField === undefined
        ? null
        : nonEmpty(crmText(fieldOf(row, o.accountIdField)))?.trim() || null;
    const domain = normaliseDomain(row.Website);
    const domains = domain === null ? [] : [domain];
    const fields: AccountRecord['fields'] = { crm: { salesforceAccountId: id18 } };
    const name = nonEmpty(row.Name)?.trim();
    if (name) fields.name = name;
    const email = nonEmpty(row.Owner?.Email)?.trim();
    if (email) fields.owner = email;
    if (o.renewalField !== undefined) {
      const renewsOn = crmUtcDate(crmText(fieldOf(row, o.renewalField)));
      if (renewsOn !== null) fields.renewsOn = renewsOn;
    }
    const deal = firstDeal.get(id18);
    if (deal) {
      fields.dealCreatedOn = deal.createdOn;
      fields.dealClosedOn = deal.closedOn;
    }
    records.push({
      sourceId: accountRef(id18),
      identity: { ...(explicitId ? { explicitId } : {}), domains },
      ...(o.createAccounts ? { newAccountId: `salesforce:${id18}` } : {}),
      fields,
      domains,
    });
    if (writeBack.length > 0) {
      crmValues[id18] = Object.fromEntries(writeBack.map((k) => [k, crmText(fieldOf(row, k))]));
    }
  }
  return {
    read: accounts.length + invalidAccounts,
    accounts: records,
    rows: [],
    leftOut,
    ...(writeBack.length > 0 ? { crmValues } : {}),
  };
}
