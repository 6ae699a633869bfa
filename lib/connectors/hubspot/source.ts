/**
 * `hubspot` source: HubSpot's CRM v3 API read with ky (the same retry rule as Zendesk's,
 * zendesk/http.ts; HubSpot's official client `@hubspot/api-client` would add a second retry
 * policy and a large dependency for three list calls), mapped with mapping.ts.
 *
 * - Companies: `GET /crm/v3/objects/companies?limit=100&properties=…&after=…`, following
 *   `paging.next.after` until a page has none
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/get-companies).
 * - Owners: `GET /crm/v3/owners?limit=100&after=…` for their e-mails
 *   (https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide).
 * - Deals: `GET /crm/v3/objects/deals?limit=100&properties=createdate,closedate,hs_is_closed,
 *   hs_is_closed_won,amount,deal_currency_code,dealstage,dealname&after=…`; then their companies:
 *   `POST /crm/v4/associations/deals/companies/batch/read` with `{inputs: [{id}]}`, 100 deals a
 *   request (HubSpot's limit), and again with `{id, after}` for a deal whose companies go on
 *   (`paging.next.after`), so the association types — the "Primary" company — are known
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations).
 * - Private-app token as `Authorization: Bearer …`, from the environment only
 *   (`"accessToken": "env:HUBSPOT_TOKEN"`). 429 waits `Retry-After`, 5xx backs off; 5 retries.
 * - Write-back: `POST /crm/v3/objects/companies/batch/update` with `{inputs: [{id, properties}]}`,
 *   100 companies a request (HubSpot's batch limit)
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/update-companies).
 *
 * Choices where the contract is silent:
 * - `dealCurrency`: the currency of deals without `deal_currency_code` (a portal with one
 *   currency leaves it empty), i.e. the portal's company currency; default the workspace's.
 */
import { z } from 'zod';
import { fetchThenMap } from '../api-read';
import { apiBaseSchema, currencyCodeSchema } from '../config';
import type { CrmWrite, SourceDefinition } from '../types';
import { requestJson } from '../zendesk/http';
import { mapHubSpot } from './mapping';
import { associationBatchSchema, batchResponseSchema, pageSchema } from './objects';

export const HUBSPOT_API_BASE = 'https://api.hubapi.com';
const PAGE = 100;
/** Inputs per batch update request (HubSpot's limit). */
export const HUBSPOT_BATCH = 100;
const PROPERTY = /^[a-z0-9_]+$/i;
/** Deal ids per association batch read (HubSpot's limit since 2025). */
export const HUBSPOT_ASSOCIATION_BATCH = 100;

/** `"writeBack": {"score": PROP, "band": PROP, "driver": PROP}` (CONNECTORS.md, "Write-back"). */
export const writeBackSchema = (name: RegExp, what: string) =>
  z
    .object({
      score: z
        .string()
        .regex(name, { message: `must be ${what}` })
        .optional(),
      band: z
        .string()
        .regex(name, { message: `must be ${what}` })
        .optional(),
      driver: z
        .string()
        .regex(name, { message: `must be ${what}` })
        .optional(),
    })
    .strict()
    .refine((w) => w.score !== undefined || w.band !== undefined || w.driver !== undefined, {
      message: 'must name at least one of score, band, driver',
    });

const property = z.string().regex(PROPERTY, { message: 'must be the internal name of a company property' });

const schema = z.object({
  accessToken: z.string().min(1),
  accountIdProperty: property.optional(),
  renewalProperty: property.optional(),
  createAccounts: z.boolean().default(false),
  dealCurrency: currencyCodeSchema.optional(),
  writeBack: writeBackSchema(PROPERTY, 'the internal name of a company property').optional(),
  apiBase: apiBaseSchema.default(new URL(HUBSPOT_API_BASE)),
});
export type HubSpotConfig = z.output<typeof schema> & { name: string; timeoutMs: number };

const AUTH_HINT =
  'Check accessToken (a private app token with the crm.objects.companies.read, crm.objects.deals.read and crm.objects.owners.read scopes; crm.objects.companies.write for write-back).';

function writeBackProperties(config: HubSpotConfig): string[] {
  return [...new Set(Object.values(config.writeBack ?? {}).filter((v): v is string => v !== undefined))];
}

/** Every page of one v3 list. */
async function listAll(
  config: HubSpotConfig,
  path: string,
  params: Record<string, string>,
  what: string,
  sleep: (ms: number) => Promise<void>,
): Promise<unknown[]> {
  const out: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const url = new URL(path, config.apiBase);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('limit', String(PAGE));
    if (after !== undefined) url.searchParams.set('after', after);
    const raw = await requestJson(url, {
      source: config.name,
      vendor: 'HubSpot',
      what,
      authorization: `Bearer ${config.accessToken}`,
      timeoutMs: config.timeoutMs,
      sleep,
      authHint: AUTH_HINT,
    });
    const page = pageSchema.safeParse(raw);
    if (!page.success)
      throw new Error(`${what} answered an unexpected page (${page.error.issues[0]?.message}).`);
    out.push(...page.data.results);
    const next = page.data.paging?.next?.after;
    if (next === undefined || next === after || page.data.results.length === 0) break;
    after = next;
  }
  return out;
}

export async function readHubSpot(config: HubSpotConfig, sleep: (ms: number) => Promise<void>) {
  const props = [
    'name',
    'domain',
    'hubspot_owner_id',
    'createdate',
    ...(config.accountIdProperty ? [config.accountIdProperty] : []),
    ...(config.renewalProperty ? [config.renewalProperty] : []),
    ...writeBackProperties(config),
  ];
  const companies = await listAll(
    config,
    '/crm/v3/objects/companies',
    { properties: [...new Set(props)].join(',') },
    'the companies',
    sleep,
  );
  const owners = await listAll(config, '/crm/v3/owners', {}, 'the owners', sleep);
  const deals = await listAll(
    config,
    '/crm/v3/objects/deals',
    { properties: DEAL_PROPERTIES.join(',') },
    'the deals',
    sleep,
  );
  const ids = deals
    .map((d) => (d as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  const dealCompanies = await readDealCompanies(config, ids, sleep);
  return { companies, owners, deals, dealCompanies };
}

export const DEAL_PROPERTIES = [
  'createdate',
  'closedate',
  'hs_is_closed',
  'hs_is_closed_won',
  'amount',
  'deal_currency_code',
  'dealstage',
  'dealname',
];

/** Every deal's companies with their association types, 100 deals a request, pages followed. */
async function readDealCompanies(
  config: HubSpotConfig,
  ids: readonly string[],
  sleep: (ms: number) => Promise<void>,
): Promise<unknown[]> {
  const out: unknown[] = [];
  let inputs: { id: string; after?: string }[] = ids.map((id) => ({ id }));
  while (inputs.length > 0) {
    const more: { id: string; after: string }[] = [];
    for (let i = 0; i < inputs.length; i += HUBSPOT_ASSOCIATION_BATCH) {
      const batch = inputs.slice(i, i + HUBSPOT_ASSOCIATION_BATCH);
      const raw = await requestJson(
        new URL('/crm/v4/associations/deals/companies/batch/read', config.apiBase),
        {
          source: config.name,
          vendor: 'HubSpot',
          what: "the deals' companies",
          authorization: `Bearer ${config.accessToken}`,
          method: 'post',
          reads: true,
          json: { inputs: batch },
          timeoutMs: config.timeoutMs,
          sleep,
          authHint: AUTH_HINT,
        },
      );
      const page = associationBatchSchema.safeParse(raw);
      if (!page.success)
        throw new Error(
          `the deals' companies answered an unexpected body (${page.error.issues[0]?.message}).`,
        );
      for (const r of page.data.results) {
        out.push(r);
        const from = (r as { from?: { id?: unknown } } | null)?.from?.id;
        const asked = batch.find((b) => String(b.id) === String(from));
        const after = (r as { paging?: { next?: { after?: unknown } } | null })?.paging?.next?.after;
        // A cursor that does not move on would loop for ever: the pages read so far are kept.
        if (typeof after === 'string' && asked !== undefined && after !== asked.after)
          more.push({ id: asked.id, after });
      }
    }
    inputs = more;
  }
  return out;
}

/** Batch updates of companies; a batch that fails as a whole marks each of its companies failed. */
export async function writeHubSpot(
  config: HubSpotConfig,
  writes: readonly CrmWrite[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ written: string[]; failed: { id: string; why: string }[] }> {
  const written: string[] = [];
  const failed: { id: string; why: string }[] = [];
  for (let i = 0; i < writes.length; i += HUBSPOT_BATCH) {
    const batch = writes.slice(i, i + HUBSPOT_BATCH);
    const inputs = batch.map((w) => ({
      id: w.id,
      properties: Object.fromEntries(
        Object.entries(w.values).map(([k, v]) => [k, v === null ? '' : String(v)]),
      ),
    }));
    let raw: unknown;
    try {
      raw = await requestJson(new URL('/crm/v3/objects/companies/batch/update', config.apiBase), {
        source: config.name,
        vendor: 'HubSpot',
        what: 'the company update',
        authorization: `Bearer ${config.accessToken}`,
        method: 'post',
        json: { inputs },
        timeoutMs: config.timeoutMs,
        sleep,
        authHint: AUTH_HINT,
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      for (const w of batch) failed.push({ id: w.id, why });
      continue;
    }
    const res = batchResponseSchema.safeParse(raw);
    if (!res.success) {
      for (const w of batch)
        failed.push({ id: w.id, why: 'HubSpot answered the update with an unexpected body' });
      continue;
    }
    const ok = new Set(res.data.results.map((r) => r.id));
    const whyOf = new Map<string, string>();
    for (const err of res.data.errors ?? [])
      for (const id of err.context?.ids ?? []) whyOf.set(id, `HubSpot: ${err.message}`);
    for (const w of batch) {
      if (ok.has(w.id) && !whyOf.has(w.id)) written.push(w.id);
      else failed.push({ id: w.id, why: whyOf.get(w.id) ?? 'HubSpot did not confirm the update' });
    }
  }
  return { written, failed };
}

export const hubspotSource: SourceDefinition<typeof schema> = {
  type: 'hubspot',
  schema,
  read: fetchThenMap(readHubSpot, (objects, config, { asOf, currency, rates }) => {
    const { accountIdProperty, renewalProperty, createAccounts } = config;
    return mapHubSpot(objects, {
      asOf,
      money: { currency, rates, dealCurrency: config.dealCurrency },
      accountIdProperty,
      renewalProperty,
      createAccounts,
      writeBackProperties: writeBackProperties(config),
    });
  }),
  writeBack: {
    crmKey: 'hubspotCompanyId',
    normaliseId: (id) => (id.trim() === '' ? null : id.trim()),
    targets: (config) => config.writeBack,
    write: writeHubSpot,
  },
};
