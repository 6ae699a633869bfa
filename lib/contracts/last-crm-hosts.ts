/**
 * The CRM hosts a person last used, as stored in `local:lastCrmHosts` (written by the background
 * when a content script reports a record; read by the popup, dashboard and options). Its shape,
 * validated with `lastCrmHostsSchema`:
 *
 * ```json
 * { "hubspot": "app-eu1.hubspot.com", "hubspotPortal": "4417291",
 *   "salesforce": "acme.lightning.force.com", "zendesk": "acme.zendesk.com" }
 * ```
 * Every key is optional. A host must be one the detectors own (`isCrmHost`, lib/crm/hosts — the
 * one definition of the CRM hosts, so a record the panel shows can always be linked back to);
 * anything else is dropped, so a damaged or hostile value can never turn into a link elsewhere.
 * The links built from it are lib/portfolio/crm-links.ts.
 */
import { z } from 'zod';
import { isCrmHost } from '../crm/hosts';
import type { CrmName } from '../crm/types';

const host = (crm: CrmName) =>
  z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .refine((s) => isCrmHost(crm, s), { message: 'not a host Healthbar runs on' });

export const lastCrmHostsSchema = z.object({
  hubspot: host('hubspot').optional(),
  /** HubSpot portal (hub) id of the last HubSpot page, digits only. */
  hubspotPortal: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  salesforce: host('salesforce').optional(),
  zendesk: host('zendesk').optional(),
});
export type LastCrmHosts = z.output<typeof lastCrmHostsSchema>;

/** Reads a stored value key by key: a bad key is dropped, the others kept. */
export function readLastCrmHosts(raw: unknown): LastCrmHosts {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: LastCrmHosts = {};
  const shape = lastCrmHostsSchema.shape;
  for (const k of Object.keys(shape) as (keyof LastCrmHosts)[]) {
    const v = (raw as Record<string, unknown>)[k];
    if (v === undefined) continue;
    const r = shape[k].safeParse(v);
    if (r.success && r.data !== undefined) out[k] = r.data;
  }
  return out;
}
