/**
 * Salesforce: Lightning (`{domain}.lightning.force.com`, sandboxes
 * `{domain}--{box}.sandbox.lightning.force.com`, and the `develop`/`scratch`/`trailblaze`
 * partitions) and Classic (`{domain}.my.salesforce.com`, same partitions).
 *
 * Record URLs (ids are 15 or 18 alphanumerics and kept exactly as written):
 * - `/lightning/r/{Object}/{id}/view`, `/edit`, `/related/{List}/view`;
 * - the short `/lightning/r/{id}/view` (and `/edit`);
 * - the pre-2018 `/one/one.app#/sObject/{id}/view`;
 * - Classic `/{id}` on `*.my.salesforce.com`, query strings allowed (`?srPos=0&srKp=001`).
 * The object type comes from the object name (Account, Contact, Opportunity, Case, Lead —
 * case-insensitive) or, when the URL has none, from the id's key prefix (001, 003, 006, 500,
 * 00Q). When both are present they must agree. Console apps add `?ws=` naming the enclosing
 * workspace tab; the path is the focused record and `ws` is ignored. Not records: other
 * objects (users `005`, reports, dashboards, custom objects), `/lightning/o/…` object homes,
 * list views and `new`, `/lightning/page/…`, `/lightning/n/…`, setup, Classic tabs (`/001/o`)
 * and lists (`/003?fcf=…`).
 *
 * DOM: Lightning keeps hidden cached copies of earlier record views and console tabs, and
 * components on native shadow DOM hide their insides from `querySelector`, so every read
 * walks open shadow roots (`>>>` in selectors) and keeps only visible elements (the rule is
 * in `dom.ts`). The account of an opportunity, case or contact comes, in order, from
 * `[data-target-selection-name="sfdc:RecordField.{Object}.AccountId"]`, the layout item
 * labelled "Account Name" (English label; `field-label="Account"` too), and the highlights
 * panel; a link counts only when its href names an Account (`/lightning/r/Account/{id}/view`,
 * `/lightning/r/001…/view`, or Classic `/001…`). Classic reads `#opp4_ileinner a`,
 * `#con4_ileinner a`, `#cas4_ileinner a`. A lead has no account: its company name and the
 * domain of its e-mail address are the hints.
 */
import { anchorNote, type CrmDetector, type UrlMatch } from './detector';
import { cleanText, deepText, emailDomainsIn, hostOfHref, isFreeMailDomain } from './dom';
import { isCrmHost, SALESFORCE_CLASSIC_HOST, SALESFORCE_LIGHTNING_HOST } from './hosts';
import { HintsBuilder, type Probe } from './probe';
import type { SalesforceObjectType } from './types';

const LIGHTNING_HOST = SALESFORCE_LIGHTNING_HOST; // lib/crm/hosts: shared with the links
const CLASSIC_HOST = SALESFORCE_CLASSIC_HOST;

const ID = '[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?';
const LIGHTNING_RECORD = new RegExp(
  `^/lightning/r/([A-Za-z][A-Za-z0-9_]*)/(${ID})/(?:view|edit|related/[A-Za-z0-9_]+/view)/?$`,
);
const LIGHTNING_SHORT = new RegExp(`^/lightning/r/(${ID})/(?:view|edit)/?$`);
const ONE_APP_HASH = new RegExp(`^#/sObject/(${ID})(?:/view)?(?:[/?].*)?$`);
const CLASSIC_RECORD = new RegExp(`^/(${ID})/?$`);

const BY_PREFIX = new Map<string, SalesforceObjectType>([
  ['001', 'account'],
  ['003', 'contact'],
  ['006', 'opportunity'],
  ['500', 'case'],
  ['00Q', 'lead'],
]);
/** By lower-cased object name (a Map: names come from the URL, so no prototype keys). */
const BY_NAME = new Map<string, SalesforceObjectType>([
  ['account', 'account'],
  ['contact', 'contact'],
  ['opportunity', 'opportunity'],
  ['case', 'case'],
  ['lead', 'lead'],
]);
const API_NAME: Record<SalesforceObjectType, string> = {
  account: 'Account',
  contact: 'Contact',
  opportunity: 'Opportunity',
  case: 'Case',
  lead: 'Lead',
};

function typeOf(id: string, objectName?: string): SalesforceObjectType | null {
  const byPrefix = BY_PREFIX.get(id.slice(0, 3));
  if (objectName === undefined) return byPrefix ?? null;
  const byName = BY_NAME.get(objectName.toLowerCase());
  if (!byName) return null;
  if (byPrefix && byPrefix !== byName) return null;
  return byName;
}

export function matchSalesforceUrl(u: URL): UrlMatch<SalesforceObjectType> | null {
  const lightning = LIGHTNING_HOST.test(u.hostname);
  const classic = CLASSIC_HOST.test(u.hostname);
  if (!lightning && !classic) return null;
  const path = u.pathname;
  const record = (objectType: SalesforceObjectType | null, recordId: string, form: string) =>
    objectType
      ? {
          objectType,
          recordId,
          detector: form === 'classic' ? 'salesforce-classic' : 'salesforce-lightning',
          form,
        }
      : null;

  let m = LIGHTNING_RECORD.exec(path);
  if (m) return record(typeOf(m[2], m[1]), m[2], 'record');
  m = LIGHTNING_SHORT.exec(path);
  if (m) return record(typeOf(m[1]), m[1], 'short');
  if (path === '/one/one.app') {
    m = ONE_APP_HASH.exec(u.hash);
    return m ? record(typeOf(m[1]), m[1], 'one.app') : null;
  }
  if (classic) {
    m = CLASSIC_RECORD.exec(path);
    if (m) return record(typeOf(m[1]), m[1], 'classic');
  }
  return null;
}

/** The Account id an href points at, or null. */
export function accountIdFromHref(href: string | null): string | null {
  if (!href) return null;
  let path = href.trim();
  const abs = /^https?:\/\/[^/]+(\/[^?#]*)?/i.exec(path);
  if (abs) path = abs[1] ?? '/';
  const hashed = /#\/sObject\/([a-zA-Z0-9]{15,18})/.exec(href);
  const candidates = [
    new RegExp(`^/lightning/r/Account/(${ID})(?:/|$)`, 'i').exec(path)?.[1],
    new RegExp(`^/lightning/r/(${ID})(?:/|$)`).exec(path)?.[1],
    new RegExp(`^/(${ID})(?:[/?#]|$)`).exec(path)?.[1],
    hashed?.[1],
  ];
  for (const id of candidates) {
    if (id && (id.startsWith('001') || /^\/lightning\/r\/Account\//i.test(path))) return id;
  }
  return null;
}

interface AccountLink {
  id: string;
  name?: string;
}

function accountFromLinks(elements: Element[]): AccountLink | undefined {
  for (const el of elements) {
    const id = accountIdFromHref(el.getAttribute('href'));
    if (id) return { id, name: deepText(el) || el.getAttribute('title') || undefined };
  }
  return undefined;
}

const CONTEXT = { context: true };
const HIGHLIGHTS = 'records-highlights2, records-lwc-highlights-panel, force-highlights';
const PRIMARY_FIELD = 'lightning-formatted-text[slot="primaryField"], [slot="primaryField"]';

function textOf(els: Element[]): string | undefined {
  for (const el of els) {
    const t = cleanText((el as HTMLInputElement).value) || deepText(el);
    if (t) return t;
  }
  return undefined;
}

function field(object: string, name: string): string {
  return `[data-target-selection-name="sfdc:RecordField.${object}.${name}"]`;
}

function layoutItem(...labels: string[]): string {
  return labels.map((l) => `records-record-layout-item[field-label="${l}"]`).join(', ');
}

function readEmails(probe: Probe, hints: HintsBuilder, name: string, chain: string[]): void {
  probe.anchor(name, chain, (els) => {
    const domains = els
      .flatMap((el) => emailDomainsIn(`${el.getAttribute('href') ?? ''} ${deepText(el)}`))
      .filter((d) => !isFreeMailDomain(d));
    hints.addEmailDomain(...domains);
    return domains.length ? domains : undefined;
  });
}

function readWebsite(probe: Probe, hints: HintsBuilder, name: string, chain: string[]): void {
  probe.anchor(name, chain, (els) => {
    for (const el of els) {
      const host = hostOfHref(el.getAttribute('href')) ?? hostOfHref(`https://${deepText(el)}`);
      if (host?.includes('.')) hints.addDomain(host);
    }
    return hints.domains.length ? hints.domains : undefined;
  });
}

function readLightning(m: UrlMatch<SalesforceObjectType>, probe: Probe, hints: HintsBuilder) {
  const obj = API_NAME[m.objectType];
  // The URL can change before the DOM: if the visible header names another object type
  // (English labels only; a localised label is not compared), the view is still the
  // previous record's and nothing is read from it.
  const shownType = probe.anchor(
    'view-entity-label',
    [HIGHLIGHTS, 'records-entity-label'],
    (els) => {
      const label = deepText(els[0]).toLowerCase();
      return BY_NAME.get(label);
    },
    CONTEXT,
  );
  if (shownType && shownType !== m.objectType) {
    return {
      recordName: undefined,
      note: `The visible record view is ${/^[AEIOU]/.test(API_NAME[shownType]) ? 'an' : 'a'} ${API_NAME[shownType]}, not this ${obj} yet; nothing was read from the page.`,
    };
  }
  const recordName = probe.anchor('record-title', [HIGHLIGHTS, PRIMARY_FIELD], textOf, CONTEXT);

  if (m.objectType === 'account') {
    hints.addName(recordName);
    readWebsite(probe, hints, 'account-website', [
      `${field('Account', 'Website')}, ${layoutItem('Website')}`,
      'a[href]',
    ]);
    return { recordName, note: 'Account page: the record is the account.' };
  }

  if (m.objectType === 'lead') {
    const company = probe.anchor(
      'lead-company',
      [
        `${field('Lead', 'Company')}, ${layoutItem('Company')}`,
        'lightning-formatted-text, [slot="outputField"]',
      ],
      textOf,
    );
    if (company) {
      hints.addName(company);
      probe.use('lead-company');
    }
    readEmails(probe, hints, 'lead-email', [
      `${field('Lead', 'Email')}, ${layoutItem('Email')}`,
      'a[href^="mailto:"]',
    ]);
    readWebsite(probe, hints, 'lead-website', [
      `${field('Lead', 'Website')}, ${layoutItem('Website')}`,
      'a[href]',
    ]);
    if (!probe.used && hints.emailDomains.length) probe.use('lead-email');
    return { recordName, note: anchorNote(probe, "lead's company") };
  }

  const anchors: [string, string[]][] = [
    ['record-field-account-id', [field(obj, 'AccountId'), 'a[href]']],
    ['layout-item-account-name', [layoutItem('Account Name', 'Account'), 'a[href]']],
    [
      'highlights-account',
      [HIGHLIGHTS, 'records-highlights-details-item, force-highlights-details-item', 'a[href]'],
    ],
  ];
  for (const [name, chain] of anchors) {
    const found = probe.anchor(name, chain, accountFromLinks);
    if (found) {
      hints.salesforceAccountId = found.id;
      hints.addName(found.name);
      probe.use(name);
      break;
    }
  }
  if (m.objectType === 'contact') {
    readEmails(probe, hints, 'contact-email', [
      `${field('Contact', 'Email')}, ${layoutItem('Email')}`,
      'a[href^="mailto:"]',
    ]);
  }
  return { recordName, note: anchorNote(probe, 'account') };
}

const CLASSIC_ACCOUNT_LOOKUP: Partial<Record<SalesforceObjectType, string>> = {
  opportunity: '#opp4_ileinner a[href]',
  contact: '#con4_ileinner a[href]',
  case: '#cas4_ileinner a[href]',
};

function readClassic(m: UrlMatch<SalesforceObjectType>, probe: Probe, hints: HintsBuilder) {
  const recordName = probe.anchor(
    'record-title',
    ['#bodyCell .pageDescription, .bPageTitle .pageDescription'],
    textOf,
    CONTEXT,
  );
  if (m.objectType === 'account') {
    hints.addName(recordName);
    readWebsite(probe, hints, 'account-website', ['#acc12_ileinner a[href]']);
    return { recordName, note: 'Account page: the record is the account.' };
  }
  if (m.objectType === 'lead') {
    const company = probe.anchor('lead-company', ['#lea3_ileinner'], textOf);
    if (company) {
      hints.addName(company);
      probe.use('lead-company');
    }
    readEmails(probe, hints, 'lead-email', ['#lea11_ileinner']);
    if (!probe.used && hints.emailDomains.length) probe.use('lead-email');
    return { recordName, note: anchorNote(probe, "lead's company") };
  }
  const selector = CLASSIC_ACCOUNT_LOOKUP[m.objectType] as string;
  const found = probe.anchor('classic-account-lookup', [selector], accountFromLinks);
  if (found) {
    hints.salesforceAccountId = found.id;
    hints.addName(found.name);
    probe.use('classic-account-lookup');
  }
  return { recordName, note: anchorNote(probe, 'account') };
}

export const salesforce: CrmDetector<SalesforceObjectType> = {
  crm: 'salesforce',
  lightningViews: true,
  ownsHost: (host) => isCrmHost('salesforce', host),
  matchUrl: matchSalesforceUrl,
  urlHints: (m) => (m.objectType === 'account' ? { salesforceAccountId: m.recordId } : {}),

  readPage(m, probe) {
    const hints = HintsBuilder.fromUrl(salesforce.urlHints(m), probe);
    // A Classic-looking page can be served on either host; look at what the page is.
    const classicPage = m.form === 'classic' || probe.doc.querySelector('#bodyCell') !== null;
    const read = classicPage ? readClassic(m, probe, hints) : readLightning(m, probe, hints);
    return { hints: hints.finish(), ...read };
  },
};
