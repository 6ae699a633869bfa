/**
 * Links from an account to its records in the CRMs, built from the account's CRM ids and the CRM
 * host a person last used.
 *
 * The hosts live in extension storage as `local:lastCrmHosts`, read through `readLastCrmHosts`
 * (lib/contracts/last-crm-hosts.ts, which says what a valid host is).
 *
 * URLs: HubSpot company `https://{host}/contacts/{portal}/record/0-2/{id}` (needs the portal id);
 * Salesforce Lightning `https://{host}/lightning/r/Account/{id}/view`; Zendesk organisation
 * `https://{host}/agent/organizations/{id}`.
 */
import { type LastCrmHosts, lastCrmHostsSchema, readLastCrmHosts } from '../contracts/last-crm-hosts';
import { CRM_NAMES } from '../crm/names';

// The stored hosts' schema and reader are defined once in lib/contracts (the storage contract reads them).
export { type LastCrmHosts, lastCrmHostsSchema, readLastCrmHosts };

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
