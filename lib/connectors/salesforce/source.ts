/**
 * `salesforce` source: Salesforce's REST API read with ky (the same retry rule as the other API
 * sources, zendesk/http.ts; jsforce would bring its own HTTP stack and retry policy for two
 * queries and one update), mapped with mapping.ts.
 *
 * - `instanceUrl` is the API base (`https://acme.my.salesforce.com`); `apiVersion` default `v62.0`.
 * - Accounts: `GET /services/data/{v}/query?q=SELECT Id, Name, Website, CreatedDate, Owner.Email,
 *   <accountIdField>, <renewalField>, <write-back fields> FROM Account [WHERE <filter>] ORDER BY Id`;
 *   opportunities: `SELECT Id, AccountId, Name, Amount, StageName, CreatedDate, CloseDate, IsClosed,
 *   IsWon[, CurrencyIsoCode] FROM Opportunity ORDER BY Id`; each followed by `GET <nextRecordsUrl>`
 *   while `done` is false (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html).
 * - `CurrencyIsoCode` exists only in orgs with multiple currencies, and a query naming a field the
 *   org lacks fails (`INVALID_FIELD`): `GET /services/data/{v}/sobjects/Opportunity/describe` says
 *   whether it is there; without it every amount is in `dealCurrency` (the org's currency; default
 *   the workspace's).
 * - Access token as `Authorization: Bearer …`, from the environment only
 *   (`"accessToken": "env:SF_TOKEN"`). 403 `REQUEST_LIMIT_EXCEEDED`, 429 and 5xx (503) back off
 *   exponentially (429 honours `Retry-After`); 5 retries, then the source fails.
 * - Write-back: `PATCH /services/data/{v}/composite/sobjects` with `allOrNone: false`, 200 Accounts
 *   a request (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html).
 *
 * Choices where the contract is silent:
 * - `filter` is the config owner's SOQL condition, sent as written (the config is trusted, like a
 *   query they would type); field names in the config must be plain API names (letters, digits,
 *   `_`), so nothing else in the query comes from outside the code.
 */
import { z } from 'zod';
import { salesforceId18 } from '../../crm/salesforce-id';
import { fetchThenMap } from '../api-read';
import { apiBaseSchema, currencyCodeSchema } from '../config';
import { writeBackSchema } from '../hubspot/source';
import type { CrmWrite, SourceDefinition } from '../types';
import { type RequestJsonOptions, requestJson } from '../zendesk/http';
import { mapSalesforce } from './mapping';
import { describeSchema, queryPageSchema, saveResultsSchema } from './objects';

export const DEFAULT_API_VERSION = 'v62.0';
/** Records per sObject Collections request (Salesforce's limit). */
export const SALESFORCE_BATCH = 200;
const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;
const field = z.string().regex(FIELD, { message: 'must be the API name of an Account field' });

const schema = z.object({
  instanceUrl: apiBaseSchema,
  accessToken: z.string().min(1),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d$/, { message: 'must be a REST API version such as v62.0' })
    .default(DEFAULT_API_VERSION),
  accountIdField: field.optional(),
  renewalField: field.optional(),
  filter: z.string().trim().min(1).optional(),
  createAccounts: z.boolean().default(false),
  dealCurrency: currencyCodeSchema.optional(),
  writeBack: writeBackSchema(FIELD, 'the API name of an Account field').optional(),
});
export type SalesforceConfig = z.output<typeof schema> & { name: string; timeoutMs: number };

const AUTH_HINT =
  'Check accessToken (an OAuth access token of a user who may read Accounts and Opportunities) and instanceUrl.';

/** Salesforce's request limit: 403 with `errorCode` `REQUEST_LIMIT_EXCEEDED` (or 429/503). */
export function salesforceRateLimited(status: number, body: string): boolean {
  return status === 403 && body.includes('REQUEST_LIMIT_EXCEEDED');
}

function writeBackFields(config: SalesforceConfig): string[] {
  return [...new Set(Object.values(config.writeBack ?? {}).filter((v): v is string => v !== undefined))];
}

function options(
  config: SalesforceConfig,
  what: string,
  sleep: (ms: number) => Promise<void>,
): RequestJsonOptions {
  return {
    source: config.name,
    vendor: 'Salesforce',
    what,
    authorization: `Bearer ${config.accessToken}`,
    timeoutMs: config.timeoutMs,
    sleep,
    authHint: AUTH_HINT,
    rateLimited: salesforceRateLimited,
  };
}

/** Every record of one SOQL query, page after page. */
async function queryAll(
  config: SalesforceConfig,
  soql: string,
  what: string,
  sleep: (ms: number) => Promise<void>,
): Promise<unknown[]> {
  const out: unknown[] = [];
  const first = new URL(`/services/data/${config.apiVersion}/query`, config.instanceUrl);
  first.searchParams.set('q', soql);
  let url: URL | null = first;
  const seen = new Set<string>();
  while (url !== null) {
    seen.add(url.toString());
    const raw = await requestJson(url, options(config, what, sleep));
    const page = queryPageSchema.safeParse(raw);
    if (!page.success)
      throw new Error(`${what} answered an unexpected page (${page.error.issues[0]?.message}).`);
    out.push(...page.data.records);
    const next = page.data.nextRecordsUrl;
    url = page.data.done || !next ? null : new URL(next, config.instanceUrl);
    if (url !== null && seen.has(url.toString())) url = null;
  }
  return out;
}

export function accountQuery(config: SalesforceConfig): string {
  const fields = [
    'Id',
    'Name',
    'Website',
    'CreatedDate',
    'Owner.Email',
    ...(config.accountIdField ? [config.accountIdField] : []),
    ...(config.renewalField ? [config.renewalField] : []),
    ...writeBackFields(config),
  ];
  const unique = [...new Map(fields.map((f) => [f.toLowerCase(), f])).values()];
  const where = config.filter ? ` WHERE ${config.filter}` : '';
  return `SELECT ${unique.join(', ')} FROM Account${where} ORDER BY Id`;
}

/** Every Opportunity, with `CurrencyIsoCode` when the org has it. */
export function opportunityQuery(multiCurrency: boolean): string {
  const fields = [
    'Id',
    'AccountId',
    'Name',
    'Amount',
    'StageName',
    'CreatedDate',
    'CloseDate',
    'IsClosed',
    'IsWon',
  ];
  if (multiCurrency) fields.push('CurrencyIsoCode');
  return `SELECT ${fields.join(', ')} FROM Opportunity ORDER BY Id`;
}

/** Whether the org's Opportunity has `CurrencyIsoCode` (multiple currencies enabled). */
async function hasCurrencyField(config: SalesforceConfig, sleep: (ms: number) => Promise<void>) {
  const url = new URL(
    `/services/data/${config.apiVersion}/sobjects/Opportunity/describe`,
    config.instanceUrl,
  );
  const raw = await requestJson(url, options(config, 'the Opportunity description', sleep));
  const d = describeSchema.safeParse(raw);
  if (!d.success)
    throw new Error(
      `the Opportunity description answered an unexpected body (${d.error.issues[0]?.message}).`,
    );
  return d.data.fields.some((f) => f.name === 'CurrencyIsoCode');
}

export async function readSalesforce(config: SalesforceConfig, sleep: (ms: number) => Promise<void>) {
  const accounts = await queryAll(config, accountQuery(config), 'the accounts', sleep);
  const multiCurrency = await hasCurrencyField(config, sleep);
  const opportunities = await queryAll(config, opportunityQuery(multiCurrency), 'the opportunities', sleep);
  return { accounts, opportunities };
}

/** sObject Collections updates; a request that fails as a whole marks each of its Accounts failed. */
export async function writeSalesforce(
  config: SalesforceConfig,
  writes: readonly CrmWrite[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ written: string[]; failed: { id: string; why: string }[] }> {
  const written: string[] = [];
  const failed: { id: string; why: string }[] = [];
  const url = new URL(`/services/data/${config.apiVersion}/composite/sobjects`, config.instanceUrl);
  for (let i = 0; i < writes.length; i += SALESFORCE_BATCH) {
    const batch = writes.slice(i, i + SALESFORCE_BATCH);
    const records = batch.map((w) => ({ attributes: { type: 'Account' }, id: w.id, ...w.values }));
    let raw: unknown;
    try {
      raw = await requestJson(url, {
        ...options(config, 'the Account update', sleep),
        method: 'patch',
        json: { allOrNone: false, records },
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      for (const w of batch) failed.push({ id: w.id, why });
      continue;
    }
    const res = saveResultsSchema.safeParse(raw);
    if (!res.success || res.data.length !== batch.length) {
      for (const w of batch)
        failed.push({ id: w.id, why: 'Salesforce answered the update with an unexpected body' });
      continue;
    }
    batch.forEach((w, k) => {
      const r = res.data[k];
      if (r.success) written.push(w.id);
      else
        failed.push({
          id: w.id,
          why: `Salesforce: ${r.errors.map((e) => (e.statusCode ? `${e.statusCode} ${e.message}` : e.message)).join('; ') || 'not saved'}`,
        });
    });
  }
  return { written, failed };
}

export const salesforceSource: SourceDefinition<typeof schema> = {
  type: 'salesforce',
  schema,
  read: fetchThenMap(readSalesforce, (rows, config, { asOf, currency, rates }) => {
    const { accountIdField, renewalField, createAccounts } = config;
    return mapSalesforce(rows, {
      asOf,
      money: { currency, rates, dealCurrency: config.dealCurrency },
      accountIdField,
      renewalField,
      createAccounts,
      writeBackFields: writeBackFields(config),
    });
  }),
  writeBack: {
    crmKey: 'salesforceAccountId',
    normaliseId: salesforceId18,
    targets: (config) => config.writeBack,
    write: writeSalesforce,
  },
};
