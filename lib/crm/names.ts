import type { CrmName } from './types';

/** Each CRM's name for people, defined once (panel, popup, options, links). */
export const CRM_NAMES: Readonly<Record<CrmName, string>> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  zendesk: 'Zendesk',
};

/** The name of a CRM for people; an unknown key is shown as it is. */
export function crmName(crm: string): string {
  return (CRM_NAMES as Record<string, string>)[crm] ?? crm;
}
