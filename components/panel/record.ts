/**
 * The record the content script detected, as it reports it to the background
 * (lib/ext/tab-records). Validated like any other input from a page's process; the panel never
 * reads a record from its own URL (any page can frame it) — it asks the background.
 */
import { z } from 'zod';

const text = z.string().max(500);
const list = z.array(text).max(50).optional();

export const panelRecordSchema = z.object({
  crm: z.enum(['hubspot', 'salesforce', 'zendesk']),
  objectType: z.string().max(40),
  recordId: z.string().min(1).max(100),
  hints: z
    .object({
      hubspotCompanyId: text.optional(),
      salesforceAccountId: text.optional(),
      zendeskOrganizationId: text.optional(),
      domains: list,
      emailDomains: list,
      names: list,
    })
    .default({}),
  recordName: text.optional(),
  pending: z.boolean().optional(),
  diagnostics: z
    .object({
      detector: text,
      urlMatched: z.boolean(),
      anchorsTried: z
        .array(
          z.object({
            name: text,
            selector: z.string().max(2000),
            found: z.boolean(),
            skipped: z.number().optional(),
          }),
        )
        .max(50),
      anchorUsed: text.optional(),
      note: z.string().max(2000),
    })
    .optional(),
});
