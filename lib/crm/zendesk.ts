/**
 * Zendesk Support agent workspace (`{subdomain}.zendesk.com/agent/…`).
 *
 * Record URLs (ids are digits): `/agent/tickets/{id}` (and `/events`),
 * `/agent/organizations/{id}` and `/agent/users/{id}`, each with any sub-page
 * (`/tickets`, `/users`, `/requested_tickets`, `/assigned_tickets`, …), plus the old
 * hash-routed `/agent/#/tickets/{id}` form. Not records: new tickets (`/agent/tickets/new/…`),
 * filters/views, dashboard, home, search, admin, chat/talk, reporting, the help center (`/hc/…`)
 * and print views (`/tickets/{id}/print`, outside `/agent`).
 *
 * DOM: several tickets stay open as tabs and the inactive workspaces stay in the page, hidden
 * with `visibility` and marked `.is-cached`. Every read is scoped to the active workspace
 * (`.workspace` / `[data-is-active]` that passes the visibility rule in `dom.ts`); when it
 * carries the record's id (`data-entity-id`, `data-ticket-id`) that id must be the URL's,
 * else the DOM still shows the previous record and nothing is read from it. Without any
 * workspace container the whole document is the scope.
 *
 * The organization comes from the location bar's `[data-test-id="tabs-nav-item-organizations"]`
 * (`nav[aria-label="Ticket page location"]` on tickets): the organization id from its
 * `href` (`/agent/organizations/{id}`) or a `data-organization-id`/`data-org-id` attribute
 * when present, and its text as the name. The requester's e-mail domain comes from the
 * requester field and the user property box (`.property_box`), never from the conversation,
 * which names other customers freely. Zendesk's REST API (`/api/v2/tickets/{id}?include=organizations`)
 * would be sturdier than the DOM for the organization id; that network read belongs to the
 * content script, not to this pure module.
 */
import { anchorNote, type CrmDetector, type UrlMatch } from './detector';
import { cleanText, deepQueryAll, deepText, emailDomainsIn, isFreeMailDomain } from './dom';
import { isCrmHost } from './hosts';
import { HintsBuilder, type Probe } from './probe';
import type { ZendeskObjectType } from './types';

const TICKET = /^\/agent\/tickets\/(\d+)(?:\/events)?\/?$/;
const ORGANIZATION = /^\/agent\/organizations\/(\d+)(?:\/.*)?$/;
const USER = /^\/agent\/users\/(\d+)(?:\/.*)?$/;
const HASH_TICKET = /^#\/tickets\/(\d+)\/?$/;

export function matchZendeskUrl(u: URL): UrlMatch<ZendeskObjectType> | null {
  const path = u.pathname;
  const rec = (objectType: ZendeskObjectType, recordId: string, form = 'agent') => ({
    objectType,
    recordId,
    detector: 'zendesk',
    form,
  });
  let m = TICKET.exec(path);
  if (m) return rec('ticket', m[1]);
  m = ORGANIZATION.exec(path);
  if (m) return rec('organization', m[1]);
  m = USER.exec(path);
  if (m) return rec('user', m[1]);
  if (path === '/agent' || path === '/agent/') {
    m = HASH_TICKET.exec(u.hash);
    if (m) return rec('ticket', m[1], 'hash');
  }
  return null;
}

const ORG_ITEM =
  '[data-test-id="tabs-nav-item-organizations"], [data-tracking-id="tabs-nav-item-organizations"]';
const LOCATION_NAV = 'nav[aria-label="Ticket page location"]';
const ORG_HREF = /\/organizations\/(\d+)(?:[/?#]|$)/;

interface OrgRef {
  id?: string;
  name?: string;
}

function orgFromItems(elements: Element[]): OrgRef | undefined {
  for (const el of elements) {
    const link = el.matches('a[href]') ? el : (el.closest('a[href]') ?? el.querySelector('a[href]'));
    const id =
      ORG_HREF.exec(link?.getAttribute('href') ?? '')?.[1] ??
      el.getAttribute('data-organization-id') ??
      el.getAttribute('data-org-id') ??
      undefined;
    const name = deepText(el) || undefined;
    if (id || name) return { id: id && /^\d+$/.test(id) ? id : undefined, name };
  }
  return undefined;
}

type Scope = { root: Element | Document; note?: string; stale?: boolean };

/** The active workspace for the record, per the module comment. */
function activeScope(probe: Probe, recordId: string): Scope {
  let found = deepQueryAll(probe.doc, 'div.workspace');
  if (found.length === 0) found = deepQueryAll(probe.doc, '[data-is-active]');
  const workspaces = found.filter((el) => !found.some((o) => o !== el && o.contains(el)));
  if (workspaces.length === 0)
    return { root: probe.doc, note: 'no workspace container; read the whole page' };
  const active = workspaces.filter((el) => probe.isShown(el));
  const ids = (el: Element) =>
    [el.getAttribute('data-entity-id'), el.getAttribute('data-ticket-id')].filter(Boolean);
  const own = active.find((el) => ids(el).includes(recordId));
  if (own) return { root: own };
  const unlabelled = active.find((el) => ids(el).length === 0);
  if (unlabelled) return { root: unlabelled };
  if (active.length > 0) return { root: active[0], stale: true };
  return { root: probe.doc, stale: true, note: 'no active workspace' };
}

function emailAnchor(
  probe: Probe,
  hints: HintsBuilder,
  name: string,
  chain: string[],
  root: Element | Document,
) {
  probe.anchor(
    name,
    chain,
    (els) => {
      const domains = els
        .flatMap((el) =>
          emailDomainsIn(
            [
              el.getAttribute('href'),
              el.getAttribute('title'),
              (el as HTMLInputElement).value,
              deepText(el),
            ].join(' '),
          ),
        )
        .filter((d) => !isFreeMailDomain(d));
      hints.addEmailDomain(...domains);
      return domains.length ? domains : undefined;
    },
    { root },
  );
}

export const zendesk: CrmDetector<ZendeskObjectType> = {
  crm: 'zendesk',
  ownsHost: (host) => isCrmHost('zendesk', host),
  matchUrl: matchZendeskUrl,
  urlHints: (m) => (m.objectType === 'organization' ? { zendeskOrganizationId: m.recordId } : {}),

  readPage(m, probe) {
    const hints = HintsBuilder.fromUrl(zendesk.urlHints(m), probe);
    const scope = activeScope(probe, m.recordId);
    if (scope.stale) {
      return {
        hints: hints.finish(),
        note: `The active workspace does not show ${m.objectType} ${m.recordId} yet (${scope.note ?? 'another record is active'}); nothing read.`,
      };
    }
    const root = scope.root;
    const recordName =
      m.objectType === 'ticket'
        ? probe.anchor(
            'ticket-subject',
            ['input[data-test-id="omni-header-subject"], [data-test-id="omni-header-subject"]'],
            (els) => cleanText((els[0] as HTMLInputElement).value) || deepText(els[0]) || undefined,
            { root, context: true },
          )
        : undefined;

    if (m.objectType === 'organization') {
      const name = probe.anchor('organization-name', [ORG_ITEM], (els) => deepText(els[0]) || undefined, {
        root,
      });
      hints.addName(name);
      probe.anchor(
        'organization-domains',
        [
          '.property_box [data-test-id="organization-domains"], .property_box .domain_names',
          '.tag, .zd-tag-item',
        ],
        (els) => {
          for (const el of els) if (deepText(el).includes('.')) hints.addDomain(deepText(el));
          return hints.domains.length ? hints.domains : undefined;
        },
        { root },
      );
      return {
        hints: hints.finish(),
        recordName: name,
        note: 'Organization page: the record is the organization.',
      };
    }

    const orgChains: [string, string[]][] =
      m.objectType === 'ticket'
        ? [
            ['location-bar-organization', [LOCATION_NAV, ORG_ITEM]],
            ['organization-nav-item', [ORG_ITEM]],
          ]
        : [['organization-nav-item', [ORG_ITEM]]];
    for (const [name, chain] of orgChains) {
      const org = probe.anchor(name, chain, orgFromItems, { root });
      if (!org) continue;
      hints.addName(org.name);
      if (org.id) hints.zendeskOrganizationId = org.id;
      probe.use(name);
      break;
    }

    if (m.objectType === 'ticket') {
      emailAnchor(
        probe,
        hints,
        'requester-email',
        ['[data-test-id="ticket-system-field-requester-select"], [data-test-id="tabs-nav-item-users"]'],
        root,
      );
    } else {
      emailAnchor(
        probe,
        hints,
        'user-email',
        ['.property_box', 'a[href^="mailto:"], input[type="email"]'],
        root,
      );
    }
    const userName =
      m.objectType === 'user'
        ? probe.anchor(
            'user-name',
            ['[data-test-id="tabs-nav-item-users"]'],
            (els) => deepText(els[0]) || undefined,
            { root, context: true },
          )
        : undefined;
    if (!probe.used && hints.emailDomains.length)
      probe.use(m.objectType === 'ticket' ? 'requester-email' : 'user-email');
    const note = anchorNote(probe, 'organization') + (scope.note ? ` (${scope.note})` : '');
    return { hints: hints.finish(), recordName: recordName ?? userName, note };
  },
};
