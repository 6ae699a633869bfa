/**
 * The parts of HubSpot CRM v3 objects the CRM mapping reads, as zod schemas (unknown fields are
 * dropped). Shapes from HubSpot's own reference and its Node SDK's models
 * (github.com/HubSpot/hubspot-api-nodejs, codegen/crm/*\/models):
 * - Objects list `GET /crm/v3/objects/{companies|deals}` answers `{results: [{id, properties:
 *   {name: string|null}, createdAt, updatedAt, archived}], paging?: {next: {after, link}}}`:
 *   https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/get-companies
 *   (SimplePublicObjectWithAssociations in the SDK).
 * - Owners `GET /crm/v3/owners` answers `{results: [{id, email, firstName, lastName, userId, …}],
 *   paging?}`: https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide
 * - Batch update `POST /crm/v3/objects/companies/batch/update` with `{inputs: [{id, properties}]}`
 *   answers `{status, results: [{id, properties, …}], errors?: [{message, context: {ids: […]}, …}]}`
 *   (200, or 207 when some failed):
 *   https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/update-companies
 * - Deal→company associations `POST /crm/v4/associations/deals/companies/batch/read` with
 *   `{inputs: [{id, after?}]}` (at most 100 ids a request since HubSpot's 2025 limit) answers
 *   `{status, results: [{from: {id}, to: [{toObjectId, associationTypes: [{category, typeId,
 *   label}]}], paging?: {next: {after}}}], startedAt, completedAt}` (200, or 207 with `errors`);
 *   a company's association types list the unlabeled one (typeId 341, label null) and, for the
 *   deal's primary company, HubSpot-defined typeId 5 (label "Primary"):
 *   https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations,
 *   https://developers.hubspot.com/docs/api/crm/associations ("Primary", "Unlabeled"); the SDK's
 *   BatchResponsePublicAssociationMultiWithLabel, MultiAssociatedObjectWithLabel,
 *   AssociationSpecWithLabel and `AssociationTypes.primaryDealToCompany = 5` /
 *   `dealToCompany = 341` (src/enums/AssociationTypes.ts).
 * - Deal properties (https://knowledge.hubspot.com/crm-deals/hubspots-default-deal-properties):
 *   `dealname`, `amount` (a number property: a decimal string), `deal_currency_code` (set in
 *   portals with several currencies), `dealstage` (the stage's internal id), `createdate`,
 *   `closedate` (the expected close date while the deal is open, the close date once closed),
 *   `hs_is_closed` and `hs_is_closed_won` (`"true"`/`"false"`, calculated from the stage).
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

export const dealSchema = z.object({ id, properties, archived: z.boolean().optional() });

/** HubSpot's own association type of a deal's primary company (HUBSPOT_DEFINED, label "Primary"). */
export const PRIMARY_DEAL_TO_COMPANY = 5;

const objectId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** One deal's companies in a v4 batch read (a deal with many may come in several pages). */
export const dealCompaniesSchema = z.object({
  from: z.object({ id: objectId }),
  to: z.array(
    z.object({
      toObjectId: objectId,
      associationTypes: z
        .array(
          z.object({
            category: z.string().optional(),
            typeId: z.number().int(),
            label: z.string().nullish(),
          }),
        )
        .default([]),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).nullish(),
});

/** The v4 batch read answer (its `results` are checked one by one in the mapping). */
export const associationBatchSchema = z.object({
  status: z.string(),
  results: z.array(z.unknown()).default([]),
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
export type DealCompanies = z.output<typeof dealCompaniesSchema>;
