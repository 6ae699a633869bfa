/**
 * Links from an account to its records in the CRMs, built from the account's CRM ids and the CRM
 * host a person last used.
 *
 * The hosts live in extension storage as `local:lastCrmHosts` (written by the content script when
 * it detects a record; read by the popup). Its shape, validated with `lastCrmHostsSchema`:
 *
 * ```json
 * { "hubspot": "app-eu1.hubspot.com", "hubspotPortal": "4417291",
 *   "salesforce": "acme.lightning.force.com", "zendesk": "acme.zendesk.com" }
 * ```
 * Every key is optional. A host must be one the detectors own (`isCrmHost`, lib/crm/hosts — the
 * one definition of the CRM hosts, so a record the panel shows can always be linked back to);
 * anything else is dropped, so a damaged or hostile value can never turn into a link elsewhere.
 *
 * URLs: HubSpot company `https://{host}/contacts/{portal}/record/0-2/{id}` (needs the portal id);
 * Salesforce Lightning `https://{host}/lightning/r/Account/{id}/view`; Zendesk organisation
 * `https://{host}/agent/organizations/{id}`.
 */
import { z } from 'zod';
import { isCrmHost } from '../crm/hosts';
import { CRM_NAMES } from '../crm/names';
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

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function hubspotCompanyUrl(hosts: LastCrmHosts, companyId: string | undefined): string | null {
  if (!companyId || !hosts.hubspot || !hosts.hubspotPortal || !/^\d+$/.test(companyId)) return null;
  return `https://${hosts.hubspot}/contacts/${hosts.hubspotPortal}/record/0-2/${companyId}`;
}

export function salesforceAccountUrl(hosts: LastCrmHosts, accountId: string | undefined): string | null {
  if (!accountId || !hosts.salesforce || !/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(accountId)) return null;
  return `https://${hosts.salesforce}/lightning/r/Account/${accountId}/view`;
}

export function zendeskOrganizationUrl(hosts: LastCrmHosts, orgId: string | undefined): string | null {
  if (!orgId || !hosts.zendesk || !ID.test(orgId)) return null;
  return `https://${hosts.zendesk}/agent/organizations/${orgId}`;
}

export interface CrmLink {
  crm: 'hubspot' | 'salesforce' | 'zendesk';
  label: string;
  url: string;
}

/** Every link that can be built for an account; `missing` names the CRMs with an id but no known host. */
export function crmLinks(
  crm: { hubspotCompanyId?: string; salesforceAccountId?: string; zendeskOrganizationId?: string },
  hosts: LastCrmHosts,
): { links: CrmLink[]; missing: string[] } {
  const links: CrmLink[] = [];
  const missing: string[] = [];
  const add = (c: CrmLink['crm'], label: string, id: string | undefined, url: string | null) => {
    if (url) links.push({ crm: c, label, url });
    else if (id) missing.push(label);
  };
  add('hubspot', CRM_NAMES.hubspot, crm.hubspotCompanyId, hubspotCompanyUrl(hosts, crm.hubspotCompanyId));
  add(
    'salesforce',
    CRM_NAMES.salesforce,
    crm.salesforceAccountId,
    salesforceAccountUrl(hosts, crm.salesforceAccountId),
  );
  add(
    'zendesk',
    CRM_NAMES.zendesk,
    crm.zendeskOrganizationId,
    zendeskOrganizationUrl(hosts, crm.zendeskOrganizationId),
  );
  return { links, missing };
}
