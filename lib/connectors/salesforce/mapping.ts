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
 * Each Opportunity is one `deals` row `salesforce:<18-char id>` on its Account (crm-common
 * `crmDealRecord` for amount, currency and dates): `name` = `Name`, `amount` = `Amount` in
 * `CurrencyIsoCode` (multi-currency orgs), else in the source's `dealCurrency`, else the
 * workspace's; `stage` = `StageName`; closed when `IsClosed`, `won` = `IsWon`, `closedOn` =
 * `CloseDate` (an open opportunity's `CloseDate` is its expected close date and is not read). One
 * without `AccountId`, or whose Account attaches to no account (not matched, or excluded by
 * `filter`), is `unmatched`.
 *
 * Choices where the contract is silent: as for HubSpot (hubspot/mapping.ts) — records created
 * after `asOf` are not read, a won deal closing after `asOf` does not count for `dealClosedOn`,
 * `read` counts the Accounts and the opportunities, a renewal value that is not a date gives no
 * `renewsOn`. A configured field is found
 * in a record case-insensitively (SOQL names are; the JSON keys are the field's API name).
 */
import { salesforceId18 } from '../../crm/salesforce-id';
import {
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
import { accountSchema, opportunitySchema, type SfAccount, type SfOpportunity } from './objects';

export interface SalesforceRows {
  accounts: readonly unknown[];
  /** Every Opportunity. */
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

export function mapSalesforce(input: SalesforceRows, o: SalesforceMappingOptions): SourceOutput {
  const leftOut: LeftOut[] = [];
  const end = Date.parse(`${o.asOf}T00:00:00Z`) + 86_400_000;
  const parsed = parseAll<SfAccount>(input.accounts, accountSchema, 'account', leftOut, 'Id');
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
  const rows: SourceRow[] = [];
  const beforeOpps = leftOut.length;
  const parsedOpps = parseAll<SfOpportunity>(
    input.opportunities,
    opportunitySchema,
    'salesforce',
    leftOut,
    'Id',
  );
  const invalidOpps = leftOut.length - beforeOpps;
  const opps = parsedOpps.filter((opp) => !createdAfter(opp.CreatedDate, end));
  for (const opp of opps) {
    const account = opp.AccountId ? salesforceId18(opp.AccountId) : null;
    const id18 = salesforceId18(opp.Id) ?? opp.Id;
    if (opp.IsWon === true && account !== null) {
      const createdOn = crmUtcDate(opp.CreatedDate);
      const closedOn = crmUtcDate(opp.CloseDate);
      if (createdOn !== null && closedOn !== null && closedOn <= o.asOf)
        won.push({ id: id18, accounts: [account], createdOn, closedOn });
    }
    const sourceId = `salesforce:${id18}`;
    if (account === null) {
      leftOut.push({
        reason: 'unmatched',
        sourceId,
        why: opp.AccountId
          ? `AccountId ${opp.AccountId} is not a Salesforce id`
          : 'the opportunity has no AccountId',
      });
      continue;
    }
    const made = crmDealRecord(
      {
        id: sourceId,
        name: opp.Name,
        amount: opp.Amount,
        currency: opp.CurrencyIsoCode,
        stage: opp.StageName,
        created: opp.CreatedDate,
        closed: opp.IsClosed === true,
        won: opp.IsWon === true,
        closeDate: opp.CloseDate,
      },
      o.money,
    );
    if ('leftOut' in made) {
      leftOut.push(made.leftOut);
      continue;
    }
    rows.push({
      collection: 'deals',
      sourceId,
      account: { refs: [accountRef(account)] },
      record: made.record,
    });
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
    read: accounts.length + invalidAccounts + opps.length + invalidOpps,
    accounts: records,
    rows,
    leftOut,
    ...(writeBack.length > 0 ? { crmValues } : {}),
  };
}
