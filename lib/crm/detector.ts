import type { Probe } from './probe';
import type { AccountHints, CrmName, CrmObjectType } from './types';

/** What a URL says: the record, and which detector (and URL form) recognised it. */
export interface UrlMatch<T extends CrmObjectType = CrmObjectType> {
  objectType: T;
  recordId: string;
  /** Shown in diagnostics: `hubspot`, `salesforce-lightning`, `salesforce-classic`, `zendesk`. */
  detector: string;
  /** The URL form that matched, e.g. `record`, `legacy`, `help-desk`, `one.app`, `short`. */
  form: string;
}

/** What a page's DOM says about the record's account. */
export interface PageRead {
  hints: AccountHints;
  recordName?: string;
  note: string;
}

/**
 * One CRM. `ownsHost` and `matchUrl` are pure functions of the URL; `readPage` reads only the
 * document it is given.
 */
export interface CrmDetector<T extends CrmObjectType = CrmObjectType> {
  crm: CrmName;
  /** Exact host check (no suffix tricks: `app.hubspot.com.evil.io` is not HubSpot). */
  ownsHost(hostname: string): boolean;
  /** The record the URL names, or null for any page that is not a supported record. */
  matchUrl(url: URL): UrlMatch<T> | null;
  /** Hints the URL alone gives (the record id on company/account/organization pages). */
  urlHints(match: UrlMatch<T>): AccountHints;
  /** Hints from the visible, active view of `probe.doc`. */
  readPage(match: UrlMatch<T>, probe: Probe): PageRead;
  /** Options for the probe's visibility rule. */
  lightningViews?: boolean;
}

/** Summarise a read for diagnostics: which anchor gave the account, or what was looked for. */
export function anchorNote(probe: Probe, what: string): string {
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (probe.used) return `${What} found via ${probe.used}.`;
  const names = probe.accountAnchors.join(', ');
  const skipped = probe.tried
    .filter((a) => probe.accountAnchors.includes(a.name))
    .reduce((n, a) => n + (a.skipped ?? 0), 0);
  const hidden =
    skipped > 0 ? ` (${skipped} match${skipped === 1 ? '' : 'es'} ignored as hidden or cached)` : '';
  return `No ${what} found on the page; looked for ${names || 'nothing'}${hidden}.`;
}
