/**
 * The panel record: what the content script detected on a CRM page, as it reports it to the
 * background (lib/ext/tab-records) and as the panel receives it. One schema, its inferred type,
 * the encoder from a detection and the record key — defined here only.
 *
 * Validated like any other input from a page's process; the panel never reads a record from its
 * own URL (any page can frame it) — it asks the background. Imports only zod and types, so the
 * content script may use it.
 */
import { z } from 'zod';
import type { DetectedRecord, DetectionDiagnostics } from '../crm/types';

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
  /** The content script is still waiting for parts of the page (late associations). */
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

/** A record as the panel gets it (after validation). */
export type PanelRecord = z.output<typeof panelRecordSchema>;

/** The key of a record: remembered picks and the panel's caches are keyed by it. */
export function recordKey(r: Pick<PanelRecord, 'crm' | 'objectType' | 'recordId'>): string {
  return `${r.crm}:${r.objectType}:${r.recordId}`;
}

/**
 * The panel record of a detection: `pending` until the detector names the anchor that gave the
 * account (until then the page may still be rendering).
 */
export function encodePanelRecord(record: DetectedRecord, diagnostics: DetectionDiagnostics): PanelRecord {
  return {
    crm: record.crm,
    objectType: record.objectType,
    recordId: record.recordId,
    hints: record.hints,
    recordName: record.recordName,
    diagnostics,
    pending: !diagnostics.anchorUsed,
  };
}
