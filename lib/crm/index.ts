/**
 * CRM record detection: pure functions of the URL (and, later, the DOM). No browser APIs.
 *
 * Foundation version: HubSpot record URLs only. The full detector for the three CRMs lives
 * in this folder (one module per CRM) and keeps this signature.
 */
export type CrmName = 'hubspot' | 'salesforce' | 'zendesk';

export interface DetectedRecord {
  crm: CrmName;
  objectType: string;
  recordId: string;
}

const HUBSPOT_HOST = /^app(-[a-z]{2,3}\d+)?\.hubspot\.com$/;
const HUBSPOT_TYPES: Record<string, string> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-5': 'ticket',
};

export function detectRecord(url: string, _doc?: Document): DetectedRecord | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:') return null;
  if (HUBSPOT_HOST.test(u.hostname)) {
    const m = /^\/contacts\/\d+\/record\/(\d-\d+)\/(\d+)(\/|$)/.exec(u.pathname);
    if (m && HUBSPOT_TYPES[m[1]]) {
      return { crm: 'hubspot', objectType: HUBSPOT_TYPES[m[1]], recordId: m[2] };
    }
  }
  return null;
}
