/**
 * The customer accounts the CRM page fixtures (`tests/fixtures/crm/*.html`) show, and where
 * each fixture is served. The demo data generator includes these accounts, the unit tests
 * load the fixtures against them, and the e2e suite routes each `url` to its `file`
 * (`context.route`) and expects the panel to show `expectedAccountName`.
 *
 * CRM identities used by the fixtures:
 * - HubSpot portal 4417291 on `app.hubspot.com`;
 * - Salesforce org `acme-dev-ed` (Lightning `acme-dev-ed.lightning.force.com`, Classic
 *   `acme-dev-ed.my.salesforce.com`); account ids are 18 characters with a valid checksum
 *   (some fixtures deliberately show the 15-character form);
 * - Zendesk `acme-support.zendesk.com`.
 * Plain data only: no imports, so any script can read it.
 */

export interface FixtureAccount {
  /** Suggested dataset id (a generator may use its own). */
  id: string;
  name: string;
  domains: string[];
  crm: { hubspotCompanyId: string; salesforceAccountId: string; zendeskOrganizationId: string };
}

export const FIXTURE_HUBSPOT_PORTAL = '4417291';
export const FIXTURE_HOSTS = {
  hubspot: 'app.hubspot.com',
  salesforceLightning: 'acme-dev-ed.lightning.force.com',
  salesforceClassic: 'acme-dev-ed.my.salesforce.com',
  zendesk: 'acme-support.zendesk.com',
} as const;

export const FIXTURE_ACCOUNTS: FixtureAccount[] = [
  {
    id: 'acc_northwind',
    name: 'Northwind Traders',
    domains: ['northwindtraders.com'],
    crm: {
      hubspotCompanyId: '9384756102',
      salesforceAccountId: '0018c00002JxQ4mAAF',
      zendeskOrganizationId: '360045123891',
    },
  },
  {
    id: 'acc_contoso',
    name: 'Contoso Pharmaceuticals',
    domains: ['contoso-pharma.com', 'contoso.eu'],
    crm: {
      hubspotCompanyId: '9384756231',
      salesforceAccountId: '0018c00002JxR9tAAF',
      zendeskOrganizationId: '360045124017',
    },
  },
  {
    id: 'acc_fabrikam',
    name: 'Fabrikam Robotics',
    domains: ['fabrikam.io'],
    crm: {
      hubspotCompanyId: '10294837561',
      salesforceAccountId: '0018c00002KbT2wAAF',
      zendeskOrganizationId: '360051877402',
    },
  },
  {
    id: 'acc_tailspin',
    name: 'Tailspin Toys',
    domains: ['tailspintoys.com'],
    crm: {
      hubspotCompanyId: '10294837788',
      salesforceAccountId: '0018c00002KcA7pAAF',
      zendeskOrganizationId: '360051878113',
    },
  },
  {
    id: 'acc_wideworld',
    name: 'Wide World Importers',
    domains: ['wideworldimporters.com'],
    crm: {
      hubspotCompanyId: '11567320094',
      salesforceAccountId: '0018c00002LmV3hAAF',
      zendeskOrganizationId: '14235530128913',
    },
  },
  {
    id: 'acc_adventureworks',
    name: 'Adventure Works Cycles',
    domains: ['adventure-works.com'],
    crm: {
      hubspotCompanyId: '11567321350',
      salesforceAccountId: '0018c00002LnZ8eAAF',
      zendeskOrganizationId: '14235530297754',
    },
  },
];

/** An in-app (pushState) switch to another record that a fixture performs on click. */
export interface FixtureNavigation {
  /** CSS selector of the element to click (in the light DOM). */
  click: string;
  url: string;
  objectType: string;
  recordId: string;
  expectedAccountName: string;
  /** The fixture re-renders this many ms after `pushState` (the URL changes before the DOM). */
  renderDelayMs?: number;
}

export interface FixturePage {
  /** File name under `FIXTURE_DIR`. */
  file: string;
  /** Where the e2e suite serves it. */
  url: string;
  crm: 'hubspot' | 'salesforce' | 'zendesk';
  /** null: not a record page — `detectRecord` must return null and the panel stay away. */
  objectType: string | null;
  recordId: string | null;
  /** The account the page must resolve to; null for non-record pages. */
  expectedAccountName: string | null;
  /** The element that identifies the account appears only this many ms after load. */
  accountRendersAfterMs?: number;
  navigation?: FixtureNavigation;
  /** A deal or opportunity page's deal as the page shows it (the demo holds it, open: lib/demo/deals.ts). */
  deal?: { name: string; amount: number; stage: string };
}

export const FIXTURE_DIR = 'tests/fixtures/crm';

const HS = `https://${FIXTURE_HOSTS.hubspot}/contacts/${FIXTURE_HUBSPOT_PORTAL}`;
const SF = `https://${FIXTURE_HOSTS.salesforceLightning}`;
const SFC = `https://${FIXTURE_HOSTS.salesforceClassic}`;
const ZD = `https://${FIXTURE_HOSTS.zendesk}`;

export const FIXTURE_PAGES: FixturePage[] = [
  {
    file: 'hubspot-company.html',
    url: `${HS}/record/0-2/9384756102`,
    crm: 'hubspot',
    objectType: 'company',
    recordId: '9384756102',
    expectedAccountName: 'Northwind Traders',
    navigation: {
      click: '[data-test-id="card-wrapper-ASSOCIATION_V3/0-2"] a[href$="/record/0-2/10294837788"]',
      url: `${HS}/record/0-2/10294837788`,
      objectType: 'company',
      recordId: '10294837788',
      expectedAccountName: 'Tailspin Toys',
    },
  },
  {
    file: 'hubspot-contact.html',
    url: `${HS}/record/0-1/51234098765`,
    crm: 'hubspot',
    objectType: 'contact',
    recordId: '51234098765',
    expectedAccountName: 'Fabrikam Robotics',
  },
  {
    file: 'hubspot-deal.html',
    url: `${HS}/record/0-3/18273645091/view/1`,
    crm: 'hubspot',
    objectType: 'deal',
    recordId: '18273645091',
    expectedAccountName: 'Wide World Importers',
    accountRendersAfterMs: 1500,
    deal: {
      name: 'Wide World Importers – warehouse analytics renewal',
      amount: 4_800_000,
      stage: 'contractsent',
    },
  },
  {
    file: 'hubspot-ticket.html',
    url: `${HS}/record/0-5/2849301756`,
    crm: 'hubspot',
    objectType: 'ticket',
    recordId: '2849301756',
    expectedAccountName: 'Adventure Works Cycles',
  },
  {
    file: 'hubspot-list.html',
    url: `${HS}/objects/0-2/views/all/list`,
    crm: 'hubspot',
    objectType: null,
    recordId: null,
    expectedAccountName: null,
  },
  {
    file: 'salesforce-account.html',
    url: `${SF}/lightning/r/Account/0018c00002JxR9tAAF/view`,
    crm: 'salesforce',
    objectType: 'account',
    recordId: '0018c00002JxR9tAAF',
    expectedAccountName: 'Contoso Pharmaceuticals',
  },
  {
    file: 'salesforce-opportunity.html',
    url: `${SF}/lightning/r/Opportunity/0068c00001Qr5TzAAJ/view`,
    crm: 'salesforce',
    objectType: 'opportunity',
    recordId: '0068c00001Qr5TzAAJ',
    expectedAccountName: 'Fabrikam Robotics',
    deal: { name: 'Fabrikam – Fleet Expansion 2026', amount: 24_000_000, stage: 'Negotiation/Review' },
    navigation: {
      click: '#hb-open-account',
      url: `${SF}/lightning/r/Account/0018c00002KbT2wAAF/view`,
      objectType: 'account',
      recordId: '0018c00002KbT2wAAF',
      expectedAccountName: 'Fabrikam Robotics',
      renderDelayMs: 400,
    },
  },
  {
    file: 'salesforce-case.html',
    url: `${SF}/lightning/r/Case/5008c00000Zt4HqAAJ/view?ws=%2Flightning%2Fr%2FCase%2F5008c00000Zt4HqAAJ%2Fview`,
    crm: 'salesforce',
    objectType: 'case',
    recordId: '5008c00000Zt4HqAAJ',
    expectedAccountName: 'Tailspin Toys',
  },
  {
    file: 'salesforce-contact.html',
    url: `${SF}/lightning/r/0038c00002Vb6NfAAJ/view`,
    crm: 'salesforce',
    objectType: 'contact',
    recordId: '0038c00002Vb6NfAAJ',
    expectedAccountName: 'Wide World Importers',
  },
  {
    file: 'salesforce-lead.html',
    url: `${SF}/lightning/r/Lead/00Q8c00000Ep3LdEAJ/view`,
    crm: 'salesforce',
    objectType: 'lead',
    recordId: '00Q8c00000Ep3LdEAJ',
    expectedAccountName: 'Adventure Works Cycles',
  },
  {
    file: 'salesforce-list.html',
    url: `${SF}/lightning/o/Account/list?filterName=Recent`,
    crm: 'salesforce',
    objectType: null,
    recordId: null,
    expectedAccountName: null,
  },
  {
    file: 'salesforce-classic-account.html',
    url: `${SFC}/0018c00002JxQ4m`,
    crm: 'salesforce',
    objectType: 'account',
    recordId: '0018c00002JxQ4m',
    expectedAccountName: 'Northwind Traders',
  },
  {
    file: 'salesforce-classic-opportunity.html',
    url: `${SFC}/0068c00001QsW2kAAF?srPos=0&srKp=006`,
    crm: 'salesforce',
    objectType: 'opportunity',
    recordId: '0068c00001QsW2kAAF',
    expectedAccountName: 'Adventure Works Cycles',
    deal: { name: 'AWC – Dealer portal analytics', amount: 9_600_000, stage: 'Proposal/Price Quote' },
  },
  {
    file: 'zendesk-ticket.html',
    url: `${ZD}/agent/tickets/48213`,
    crm: 'zendesk',
    objectType: 'ticket',
    recordId: '48213',
    expectedAccountName: 'Northwind Traders',
    navigation: {
      click: '[data-test-id="header-tab"][data-entity-id="48190"]',
      url: `${ZD}/agent/tickets/48190`,
      objectType: 'ticket',
      recordId: '48190',
      expectedAccountName: 'Wide World Importers',
    },
  },
  {
    file: 'zendesk-organization.html',
    url: `${ZD}/agent/organizations/360051877402/tickets`,
    crm: 'zendesk',
    objectType: 'organization',
    recordId: '360051877402',
    expectedAccountName: 'Fabrikam Robotics',
  },
  {
    file: 'zendesk-user.html',
    url: `${ZD}/agent/users/1502938475610/requested_tickets`,
    crm: 'zendesk',
    objectType: 'user',
    recordId: '1502938475610',
    expectedAccountName: 'Contoso Pharmaceuticals',
  },
  {
    file: 'zendesk-view.html',
    url: `${ZD}/agent/filters/360001234567`,
    crm: 'zendesk',
    objectType: null,
    recordId: null,
    expectedAccountName: null,
  },
];
