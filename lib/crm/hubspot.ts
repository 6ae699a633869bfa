/**
 * HubSpot (`app.hubspot.com` and regional `app-<region>.hubspot.com`: app-eu1, app-na2, app-ap1…).
 *
 * Record URLs (portal and record ids are digits):
 * - `/contacts/{portal}/record/{typeId}/{id}` — every object type, even deals and tickets
 *   (`0-1` contact, `0-2` company, `0-3` deal, `0-5` ticket; `2-…` custom objects and other
 *   `0-n` types are not handled). Anything after the id (`/`, `/view/1`, a query, a hash) is
 *   the same record.
 * - legacy `/contacts/{portal}/{company|contact|deal|ticket}/{id}` (and `/sales/{portal}/…`).
 * - help desk `/help-desk/{portal}/…/ticket/{id}`, optionally followed by `/thread/…`.
 * Everything else (list views and boards under `/objects/…/views/…`, object lists, tasks,
 * inbox, workflows, reports, dashboards) is not a record — including a record opened in a
 * list's preview side panel, which keeps the list URL.
 *
 * DOM (no shadow DOM; generated class names are never used): the associated company comes
 * from the companies association card `card-wrapper-ASSOCIATION_V3/0-2` (older
 * `ASSOCIATION_TABLE/0-2`), whose links point at `/record/0-2/{companyId}`, then the company
 * chicklet (`data-selenium-test` or `data-test-id` `company-chicklet-title-link`). A contact's
 * free-text "Company name" property is deliberately never read: it is not the association.
 * Matches inside a list's preview panel (`IndexPageInlineSidebar`) are ignored.
 */
import { anchorNote, type CrmDetector, type UrlMatch } from './detector';
import { cleanText, deepText, emailDomainsIn, hostOfHref, isFreeMailDomain } from './dom';
import { isCrmHost } from './hosts';
import { HintsBuilder, type Probe } from './probe';
import type { HubSpotObjectType } from './types';

const TYPE_IDS = new Map<string, HubSpotObjectType>([
  ['0-1', 'contact'],
  ['0-2', 'company'],
  ['0-3', 'deal'],
  ['0-5', 'ticket'],
]);

const RECORD = /^\/contacts\/\d+\/record\/(\d+-\d+)\/(\d+)(?:\/.*)?$/;
const LEGACY = /^\/(?:contacts|sales)\/\d+\/(company|contact|deal|ticket)\/(\d+)(?:\/.*)?$/;
const HELP_DESK = /^\/help-desk\/\d+\/(?:.+\/)?ticket\/(\d+)(?:\/thread(?:\/.*)?)?\/?$/;

/** `/record/0-2/{id}` or legacy `/company/{id}` in an href. */
const COMPANY_HREF = /\/(?:record\/0-2|company)\/(\d+)(?:[/?#]|$)/;
/** Links in a highlight card that are not the company's own site (social profiles, HubSpot). */
const NOT_COMPANY_SITES =
  /(?:^|\.)(?:hubspot\.com|hubspot\.net|linkedin\.com|twitter\.com|x\.com|facebook\.com|instagram\.com|youtube\.com|google\.[a-z.]+|crunchbase\.com|wikipedia\.org)$/;
const PREVIEW_PANEL = '[data-test-id="IndexPageInlineSidebar"]';

const TITLE = ['[data-selenium-test="highlightTitle"], [data-test-id="highlight-record-label"]'];
const HIGHLIGHT = '[data-card-type="OBJECT_HIGHLIGHT"]';

export function matchHubSpotUrl(u: URL): UrlMatch<HubSpotObjectType> | null {
  const path = u.pathname;
  let m = RECORD.exec(path);
  if (m) {
    const objectType = TYPE_IDS.get(m[1]);
    return objectType ? { objectType, recordId: m[2], detector: 'hubspot', form: 'record' } : null;
  }
  m = LEGACY.exec(path);
  if (m)
    return { objectType: m[1] as HubSpotObjectType, recordId: m[2], detector: 'hubspot', form: 'legacy' };
  m = HELP_DESK.exec(path);
  if (m) return { objectType: 'ticket', recordId: m[1], detector: 'hubspot', form: 'help-desk' };
  return null;
}

interface CompanyLink {
  id?: string;
  name?: string;
}

function companyFromLinks(elements: Element[]): CompanyLink | undefined {
  for (const el of elements) {
    const href = el.getAttribute('href') ?? '';
    const m = COMPANY_HREF.exec(href);
    if (m) return { id: m[1], name: deepText(el) || undefined };
  }
  return undefined;
}

function companyFromChicklet(elements: Element[]): CompanyLink | undefined {
  const withId = companyFromLinks(
    elements
      .flatMap((el) => [el, ...Array.from(el.querySelectorAll('a[href]'))])
      .filter((e) => e.hasAttribute('href')),
  );
  if (withId) return withId;
  const name = deepText(elements[0]);
  return name ? { name } : undefined;
}

/** Only cards of the company type: `…/0-2` must not also match `…/0-20`. */
function companyCards(prefix: string): string {
  return `[data-test-id^="card-wrapper-${prefix}/0-2"]`;
}
const CARD_TYPE = /ASSOCIATION_(?:V3|TABLE)\/0-2(?!\d)/;

export const hubspot: CrmDetector<HubSpotObjectType> = {
  crm: 'hubspot',
  ownsHost: (host) => isCrmHost('hubspot', host),
  matchUrl: matchHubSpotUrl,
  urlHints: (m) => (m.objectType === 'company' ? { hubspotCompanyId: m.recordId } : {}),

  readPage(m, probe: Probe) {
    const hints = new HintsBuilder();
    const skipPreview = { exclude: PREVIEW_PANEL };
    const recordName = probe.anchor('record-title', TITLE, (els) => deepText(els[0]) || undefined, {
      ...skipPreview,
      context: true,
    });

    if (m.objectType === 'company') {
      hints.hubspotCompanyId = m.recordId;
      probe.use('url');
      hints.addName(recordName);
      probe.anchor(
        'company-domain',
        [
          `${HIGHLIGHT} a[href^="http"], [data-selenium-test="property-input-domain"], [data-test-id="property-input-domain"]`,
        ],
        (els) => {
          for (const el of els) {
            const host =
              el.localName === 'a'
                ? hostOfHref(el.getAttribute('href'))
                : cleanText((el as HTMLInputElement).value ?? '') || deepText(el);
            if (host && !NOT_COMPANY_SITES.test(host)) hints.addDomain(host);
          }
          return hints.domains.length ? hints.domains : undefined;
        },
        skipPreview,
      );
      return { hints: hints.finish(), recordName, note: 'Company page: the record is the company.' };
    }

    const anchors: [string, string[], (els: Element[]) => CompanyLink | undefined][] = [
      ['association-card', [companyCards('ASSOCIATION_V3'), 'a[href]'], companyFromLinks],
      ['association-table-card', [companyCards('ASSOCIATION_TABLE'), 'a[href]'], companyFromLinks],
      [
        'company-chicklet',
        ['[data-selenium-test="company-chicklet-title-link"], [data-test-id="company-chicklet-title-link"]'],
        companyFromChicklet,
      ],
    ];
    for (const [name, chain, read] of anchors) {
      const found = probe.anchor(
        name,
        chain,
        (els) => {
          const filtered = name.startsWith('association')
            ? els.filter((a) => {
                const card = a.closest('[data-test-id^="card-wrapper-"]');
                return !card || CARD_TYPE.test(card.getAttribute('data-test-id') ?? '');
              })
            : els;
          return filtered.length ? read(filtered) : undefined;
        },
        skipPreview,
      );
      if (!found) continue;
      hints.addName(found.name);
      if (found.id) {
        hints.hubspotCompanyId = found.id;
        probe.use(name);
        break;
      }
      probe.use(name);
    }

    if (m.objectType === 'contact') {
      probe.anchor(
        'contact-email',
        [`${HIGHLIGHT} a[href^="mailto:"]`],
        (els) => {
          const domains = els
            .flatMap((el) => emailDomainsIn(el.getAttribute('href') ?? ''))
            .filter((d) => !isFreeMailDomain(d));
          hints.addEmailDomain(...domains);
          return domains.length ? domains : undefined;
        },
        skipPreview,
      );
    }

    return { hints: hints.finish(), recordName, note: anchorNote(probe, 'associated company') };
  },
};
