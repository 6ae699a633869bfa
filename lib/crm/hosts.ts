/**
 * The CRM hosts Healthbar runs on, defined once: the detectors own a URL only on these hosts, and
 * links back into a CRM (lib/portfolio/crm-links) are built only to them. Exact host checks (no
 * suffix tricks: `app.hubspot.com.evil.io` is not HubSpot). The manifest's broader match patterns
 * are in ./matches (Chrome allows a wildcard only as a whole first label).
 */
import type { CrmName } from './types';

/** app.hubspot.com and the regional app-<region>.hubspot.com hosts (app-eu1, app-na2…). */
export const HUBSPOT_HOST = /^app(?:-[a-z]{2,3}\d{1,2})?\.hubspot\.com$/;

/** Salesforce's partitioned hosts (sandboxes, developer and scratch orgs…): `acme--uat.sandbox.…`. */
const SF_PARTITION = '(?:\\.(?:sandbox|develop|scratch|trailblaze|patch|demo|free))?';
/** One DNS label (lower-case). */
export const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const SF_LABEL = HOST_LABEL;
export const SALESFORCE_LIGHTNING_HOST = new RegExp(`^${SF_LABEL}${SF_PARTITION}\\.lightning\\.force\\.com$`);
export const SALESFORCE_CLASSIC_HOST = new RegExp(`^${SF_LABEL}${SF_PARTITION}\\.my\\.salesforce\\.com$`);

export const ZENDESK_HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.zendesk\.com$/;

/** Whether `host` (lower-case, no port) is one of `crm`'s hosts. */
export function isCrmHost(crm: CrmName, host: string): boolean {
  switch (crm) {
    case 'hubspot':
      return HUBSPOT_HOST.test(host);
    case 'salesforce':
      return SALESFORCE_LIGHTNING_HOST.test(host) || SALESFORCE_CLASSIC_HOST.test(host);
    case 'zendesk':
      return ZENDESK_HOST.test(host);
  }
}

/** The URL if it is https on the default port (every CRM page is); null otherwise or unparseable. */
export function parseCrmUrl(url: string): URL | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || u.port !== '') return null;
  return u;
}
