/**
 * The optional tenant allow-list: which CRM tenants Healthbar runs on. Pure (no `location`, no
 * storage): the options page parses what a person typed, the content script and the background
 * ask whether a page's URL is on the list.
 *
 * One entry a line:
 * - `acme.zendesk.com` — that Zendesk subdomain;
 * - `acme.my.salesforce.com` — that Salesforce My Domain. It also covers the org's Lightning host
 *   `acme.lightning.force.com` and its sandboxes `acme--<box>.sandbox.my.salesforce.com` /
 *   `acme--<box>.sandbox.lightning.force.com`. (`acme.lightning.force.com` is accepted as the
 *   same entry; an org in another partition is written with it, e.g.
 *   `acme-dev-ed.develop.my.salesforce.com`.)
 * - `hubspot:<portal id>` — every HubSpot portal shares `app.hubspot.com` (and the regional
 *   `app-<region>.hubspot.com`), so the tenant is the portal id in the path
 *   (`/contacts/{portal}/…`, `/sales/{portal}/…`, `/help-desk/{portal}/…`).
 * Blank lines and lines starting with `#` are ignored. An empty list allows every tenant.
 *
 * Entries are stored normalised as tenant keys: `zendesk:acme`, `salesforce:acme`
 * (`salesforce:acme-dev-ed.develop`), `hubspot:4417291`.
 */
import { z } from 'zod';
import { HOST_LABEL, HUBSPOT_HOST, parseCrmUrl } from './hosts';
import type { CrmName } from './types';

const LABEL = HOST_LABEL;
/** Salesforce partitions other than sandboxes (a sandbox belongs to its production org). */
const SF_PARTITIONS = ['develop', 'scratch', 'trailblaze', 'patch', 'demo', 'free'];
const ZENDESK_HOST = new RegExp(`^(${LABEL})\\.zendesk\\.com$`);
const HUBSPOT_PORTAL_PATH = /^\/(?:contacts|sales|help-desk)\/(\d{1,15})(?:\/|$)/;
/** `{org}[--{box}.sandbox | .{partition}].(my.salesforce.com | lightning.force.com)` */
const SALESFORCE_HOST = new RegExp(
  `^(${LABEL})(?:--(${LABEL})\\.sandbox|\\.(${SF_PARTITIONS.join('|')}))?\\.(?:my\\.salesforce\\.com|lightning\\.force\\.com)$`,
);

/** A tenant key: `zendesk:acme`, `salesforce:acme`, `hubspot:4417291`. */
export type TenantKey = `${CrmName}:${string}`;

/** The HubSpot portal id in a HubSpot URL's path, if it names one. */
export function hubspotPortalOf(pathname: string): string | undefined {
  return HUBSPOT_PORTAL_PATH.exec(pathname)?.[1];
}

/**
 * The tenant a CRM page belongs to, or null when the URL is not on a CRM host Healthbar knows
 * or (HubSpot) does not name a portal.
 *
 * @example tenantOf('https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/001…/view') // 'salesforce:acme'
 */
export function tenantOf(url: string): TenantKey | null {
  const u = parseCrmUrl(url);
  if (!u) return null;
  const host = u.hostname.toLowerCase();
  const zd = ZENDESK_HOST.exec(host);
  if (zd) return `zendesk:${zd[1]}`;
  if (HUBSPOT_HOST.test(host)) {
    const portal = hubspotPortalOf(u.pathname);
    return portal ? `hubspot:${portal}` : null;
  }
  const sf = SALESFORCE_HOST.exec(host);
  if (sf) return sf[3] ? `salesforce:${sf[1]}.${sf[3]}` : `salesforce:${sf[1]}`;
  return null;
}

/**
 * Whether Healthbar may run on this page: always with an empty list; otherwise only when the
 * page's tenant is on it.
 */
export function tenantAllowed(allowList: readonly string[], url: string): boolean {
  if (allowList.length === 0) return true;
  const tenant = tenantOf(url);
  return tenant !== null && allowList.includes(tenant);
}

/** One line of the allow-list → its tenant key, or what is wrong with it. */
export function parseTenantEntry(line: string): { ok: true; key: TenantKey } | { ok: false; error: string } {
  let s = line.trim().toLowerCase();
  const hub = /^hubspot\s*:\s*(.*)$/.exec(s);
  if (hub) {
    return /^\d{1,15}$/.test(hub[1])
      ? { ok: true, key: `hubspot:${hub[1]}` }
      : { ok: false, error: 'a HubSpot entry is hubspot: and the portal id (digits), e.g. hubspot:4417291' };
  }
  // A pasted address: keep its host.
  if (/^https?:\/\//.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      return { ok: false, error: 'this is not a valid address' };
    }
  }
  s = s.replace(/\/+$/, '');
  if (/(^|\.)hubspot\.com$/.test(s)) {
    return {
      ok: false,
      error:
        'every HubSpot portal shares app.hubspot.com: write hubspot: and the portal id, e.g. hubspot:4417291',
    };
  }
  const zd = ZENDESK_HOST.exec(s);
  if (zd) return { ok: true, key: `zendesk:${zd[1]}` };
  const sf = SALESFORCE_HOST.exec(s);
  if (sf) {
    if (sf[2]) {
      return {
        ok: false,
        error: `write the production My Domain (${sf[1]}.my.salesforce.com): it covers its sandboxes`,
      };
    }
    return { ok: true, key: sf[3] ? `salesforce:${sf[1]}.${sf[3]}` : `salesforce:${sf[1]}` };
  }
  return {
    ok: false,
    error:
      'not a CRM tenant Healthbar knows: write acme.zendesk.com, acme.my.salesforce.com or hubspot:<portal id>',
  };
}

/** A stored allow-list: tenant keys (what `parseTenantAllowList` produced). */
export const tenantAllowListSchema = z
  .array(z.string().regex(/^(?:zendesk|salesforce|hubspot):[a-z0-9.-]{1,80}$/))
  .max(500);

/** The schema of the options field: the text a person typed → the tenant keys, or one issue a bad line. */
export const tenantAllowListText = z
  .string()
  .max(50_000)
  .transform((text, ctx) => {
    const keys: string[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const r = parseTenantEntry(line);
      if (r.ok) {
        if (!keys.includes(r.key)) keys.push(r.key);
      } else ctx.addIssue({ code: 'custom', message: `Line ${i + 1} (“${line.slice(0, 80)}”): ${r.error}.` });
    });
    return keys;
  })
  .pipe(tenantAllowListSchema);

/** The allow-list as a person sees it in the options (one entry a line). */
export function formatTenantAllowList(keys: readonly string[]): string {
  return keys
    .map((k) => {
      const [crm, id] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
      if (crm === 'zendesk') return `${id}.zendesk.com`;
      if (crm === 'salesforce') return `${id}.my.salesforce.com`;
      return k;
    })
    .join('\n');
}
