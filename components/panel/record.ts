/**
 * The record the content script detected, carried in the panel frame's URL fragment as JSON.
 * It is validated like any other input: the host page can point a frame at this page too.
 */
import { z } from 'zod';
import type { PanelRecord } from './source';

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

export function encodeRecord(r: PanelRecord): string {
  return encodeURIComponent(JSON.stringify(r));
}

export function parseRecordHash(hash: string): PanelRecord | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return null;
  try {
    const parsed = panelRecordSchema.safeParse(JSON.parse(decodeURIComponent(raw)));
    return parsed.success ? (parsed.data as PanelRecord) : null;
  } catch {
    return null;
  }
}
