/**
 * The parts of HubSpot CRM v3 objects the CRM mapping reads, as zod schemas (unknown fields are
 * dropped). Shapes from HubSpot's own reference and its Node SDK's models
 * (github.com/HubSpot/hubspot-api-nodejs, codegen/crm/*\/models):
 * - Objects list `GET /crm/v3/objects/{companies|deals}` answers `{results: [{id, properties:
 *   {name: string|null}, createdAt, updatedAt, archived, associations?}], paging?: {next: {after,
 *   link}}}`; with `associations=companies` each deal carries `associations.companies.results:
 *   [{id, type}]`: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/get-companies
 *   (SimplePublicObjectWithAssociations, CollectionResponseAssociatedId in the SDK).
 * - Owners `GET /crm/v3/owners` answers `{results: [{id, email, firstName, lastName, userId, …}],
 *   paging?}`: https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide
 * - Batch update `POST /crm/v3/objects/companies/batch/update` with `{inputs: [{id, properties}]}`
 *   answers `{status, results: [{id, properties, …}], errors?: [{message, context: {ids: […]}, …}]}`
 *   (200, or 207 when some failed):
 *   https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/update-companies
 * Property values are strings (HubSpot serialises every property as one) or null.
 */
import { z } from 'zod';

const id = z.string().min(1);
const properties = z.record(z.string(), z.string().nullable());

export const companySchema = z.object({
  id,
  properties,
  createdAt: z.string().optional(),
  archived: z.boolean().optional(),
});

export const ownerSchema = z.object({
  id,
  email: z.string().nullish(),
  archived: z.boolean().optional(),
});

export const dealSchema = z.object({
  id,
  properties,
  associations: z
    .object({
      companies: z.object({ results: z.array(z.object({ id, type: z.string().optional() })) }).optional(),
    })
    .partial()
    .passthrough()
    .optional(),
});

/** One page of a v3 list: `results` and the next page's `after` cursor. */
export const pageSchema = z.object({
  results: z.array(z.unknown()),
  paging: z
    .object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() })
    .optional(),
});

export const batchResponseSchema = z.object({
  status: z.string(),
  results: z.array(z.object({ id })).default([]),
  errors: z
    .array(
      z.object({
        message: z.string(),
        category: z.string().optional(),
        context: z.record(z.string(), z.array(z.string())).optional(),
      }),
    )
    .optional(),
});

export type Company = z.output<typeof companySchema>;
export type Owner = z.output<typeof ownerSchema>;
export type Deal = z.output<typeof dealSchema>;
