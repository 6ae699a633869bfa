/**
 * The parts of Salesforce REST answers the CRM mapping reads, as zod schemas. Shapes from
 * Salesforce's own reference:
 * - Query `GET /services/data/vXX.X/query?q=SOQL` answers `{totalSize, done, nextRecordsUrl?,
 *   records: [{attributes: {type, url}, <field>: value, <Relationship>: {attributes, <field>} | null}]}`;
 *   the next page is `GET nextRecordsUrl` while `done` is false:
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html and
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.md
 * - Dates are `YYYY-MM-DD` (`CloseDate`), date-times `2026-01-15T10:00:00.000+0000` (`CreatedDate`).
 * - sObject Collections update `PATCH /services/data/vXX.X/composite/sobjects` with `{allOrNone,
 *   records: [{attributes: {type}, id, <field>: value}]}` (up to 200) answers one SaveResult per
 *   record, in order: `[{id, success, errors: [{statusCode, message, fields}]}]`:
 *   https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 * - Errors are `[{message, errorCode, fields?}]`; the request limit is 403 `REQUEST_LIMIT_EXCEEDED`
 *   (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html).
 */
import { z } from 'zod';

const id = z.string().min(1);

/** An Account row: the fixed fields; configured fields are read by name from the same record. */
export const accountSchema = z
  .object({
    Id: id,
    Name: z.string().nullish(),
    Website: z.string().nullish(),
    CreatedDate: z.string().nullish(),
    Owner: z.object({ Email: z.string().nullish() }).nullish(),
  })
  .catchall(z.unknown());

/**
 * An Opportunity row (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm):
 * `Amount` a currency (JSON number, null when not set), `StageName` the stage picklist value,
 * `CloseDate` a date (the expected close date while open), `IsClosed`/`IsWon` booleans set from
 * the stage, `CurrencyIsoCode` only in orgs with multiple currencies enabled.
 */
export const opportunitySchema = z.object({
  Id: id,
  AccountId: z.string().nullish(),
  Name: z.string().nullish(),
  Amount: z.number().nullish(),
  StageName: z.string().nullish(),
  CreatedDate: z.string().nullish(),
  CloseDate: z.string().nullish(),
  IsClosed: z.boolean().nullish(),
  IsWon: z.boolean().nullish(),
  CurrencyIsoCode: z.string().nullish(),
});

/**
 * sObject Describe `GET /services/data/vXX.X/sobjects/Opportunity/describe` answers
 * `{name, fields: [{name, type, …}], …}`: which fields the org's Opportunity has
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm).
 */
export const describeSchema = z.object({
  fields: z.array(z.object({ name: z.string() })),
});

export const queryPageSchema = z.object({
  totalSize: z.number().int().optional(),
  done: z.boolean(),
  nextRecordsUrl: z.string().nullish(),
  records: z.array(z.unknown()),
});

export const saveResultsSchema = z.array(
  z.object({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(z.object({ statusCode: z.string().optional(), message: z.string() })).default([]),
  }),
);

export type SfAccount = z.output<typeof accountSchema>;
export type SfOpportunity = z.output<typeof opportunitySchema>;
