/**
 * CRM record detection for HubSpot, Salesforce and Zendesk: pure functions of the URL and,
 * when given, of a `Document` (nothing here reads `window`, `location` or extension APIs).
 *
 * - `detectRecord(url, doc?)` — the record on the page and the account hints it offers, or
 *   `null` on anything that is not a supported record page (lists, boards, reports, setup,
 *   look-alike hosts, `http:`).
 * - `detectRecordWithDiagnostics(url, doc?)` — the same plus what the panel shows when a page
 *   breaks: which detector ran, whether the URL matched, each anchor tried (name, selector,
 *   found) and the one that gave the account.
 * - `resolveAccount` (./resolve) maps the hints to an account of the dataset.
 *
 * One module per CRM (`hubspot.ts`, `salesforce.ts`, `zendesk.ts`), each documenting its URL
 * forms and DOM anchors; visibility rules for hidden cached views are in `dom.ts`.
 *
 * @example detectRecord('https://app.hubspot.com/contacts/4417291/record/0-2/9384756102')
 *   // { crm: 'hubspot', objectType: 'company', recordId: '9384756102', hints: { hubspotCompanyId: '9384756102' } }
 */
import type { CrmDetector } from './detector';
import { parseCrmUrl } from './hosts';
import { hubspot } from './hubspot';
import { Probe } from './probe';
import { salesforce } from './salesforce';
import type { AccountHints, DetectedRecord, Detection } from './types';
import { zendesk } from './zendesk';

export {
  HUBSPOT_HOST,
  isCrmHost,
  SALESFORCE_CLASSIC_HOST,
  SALESFORCE_LIGHTNING_HOST,
  ZENDESK_HOST,
} from './hosts';
export { CRM_NAMES, crmName } from './names';
export type { AccountLike, Resolution } from './resolve';
export { normaliseDomain, normaliseName, resolveAccount, salesforceId15 } from './resolve';
export type {
  AccountHints,
  AnchorAttempt,
  CrmName,
  CrmObjectType,
  DetectedRecord,
  Detection,
  DetectionDiagnostics,
  HubSpotObjectType,
  SalesforceObjectType,
  ZendeskObjectType,
} from './types';

/** Every detector, in no particular order: hosts are disjoint, so at most one owns a URL. */
export const DETECTORS: readonly CrmDetector[] = [hubspot, salesforce, zendesk] as CrmDetector[];

function mergeHints(a: AccountHints, b: AccountHints): AccountHints {
  const out: AccountHints = { ...a, ...b };
  for (const key of ['domains', 'emailDomains', 'names'] as const) {
    const merged = [...new Set([...(a[key] ?? []), ...(b[key] ?? [])])];
    if (merged.length) out[key] = merged;
    else delete out[key];
  }
  return out;
}

/** The record on the page, its account hints, and diagnostics (see the module comment). */
export function detectRecordWithDiagnostics(url: string, doc?: Document): Detection {
  const u = parseCrmUrl(url);
  if (!u) {
    return {
      record: null,
      diagnostics: { detector: 'none', urlMatched: false, anchorsTried: [], note: 'Not an https URL.' },
    };
  }
  const detector = DETECTORS.find((d) => d.ownsHost(u.hostname));
  if (!detector) {
    return {
      record: null,
      diagnostics: {
        detector: 'none',
        urlMatched: false,
        anchorsTried: [],
        note: `${u.hostname} is not a HubSpot, Salesforce or Zendesk app host.`,
      },
    };
  }
  const match = detector.matchUrl(u);
  if (!match) {
    return {
      record: null,
      diagnostics: {
        detector: detector.crm,
        urlMatched: false,
        anchorsTried: [],
        note: `Not a ${detector.crm} record page Healthbar handles: ${u.pathname}${u.hash}`,
      },
    };
  }
  const base = { crm: detector.crm, objectType: match.objectType, recordId: match.recordId };
  const urlHints = detector.urlHints(match);
  if (!doc) {
    return {
      record: { ...base, hints: urlHints } as DetectedRecord,
      diagnostics: {
        detector: match.detector,
        urlMatched: true,
        anchorsTried: [],
        ...(Object.keys(urlHints).length ? { anchorUsed: 'url' } : {}),
        note: 'URL only: no document was given, so nothing was read from the page.',
      },
    };
  }
  const probe = new Probe(doc, { lightningViews: detector.lightningViews });
  let hints = urlHints;
  let recordName: string | undefined;
  let note: string;
  try {
    const read = detector.readPage(match, probe);
    hints = mergeHints(urlHints, read.hints);
    recordName = read.recordName;
    note = read.note;
  } catch (e) {
    note = `Reading the page failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const record = { ...base, hints } as DetectedRecord;
  if (recordName) record.recordName = recordName;
  const diagnostics = {
    detector: match.detector,
    urlMatched: true,
    anchorsTried: probe.tried,
    note,
    ...(probe.used ? { anchorUsed: probe.used } : {}),
  };
  return { record, diagnostics };
}

/** The record on the page (see `detectRecordWithDiagnostics`), or null. */
export function detectRecord(url: string, doc?: Document): DetectedRecord | null {
  return detectRecordWithDiagnostics(url, doc).record;
}
