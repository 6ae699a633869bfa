/**
 * Every CRM page fixture (tests/fixtures/crm) loaded into happy-dom at the URL it is served
 * at, with its inline scripts running: the right hints are found, the decoys ignored, and
 * the diagnostics say which anchor matched or that none did.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_ACCOUNTS, FIXTURE_PAGES, type FixturePage } from '@/lib/demo/crm-fixture-accounts';
import { FIXTURE_PATH, type LoadedFixture, loadFixture, readFixture } from '@/tests/fixtures/crm/load';
import { detectRecordWithDiagnostics, resolveAccount } from './index';
import type { AccountHints } from './types';

const opened: LoadedFixture[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
});

function page(file: string): FixturePage {
  const p = FIXTURE_PAGES.find((x) => x.file === file);
  if (!p) throw new Error(`no FIXTURE_PAGES entry for ${file}`);
  return p;
}

function open(file: string): LoadedFixture & { page: FixturePage } {
  const p = page(file);
  const f = loadFixture(p.file, p.url);
  opened.push(f);
  return Object.assign(f, { page: p });
}

function detect(f: LoadedFixture, url = f.url()) {
  return detectRecordWithDiagnostics(url, f.document);
}

function accountName(id: string): string | undefined {
  return FIXTURE_ACCOUNTS.find((a) => a.id === id)?.name;
}

function resolvedName(hints: AccountHints | undefined): string | undefined {
  const r = resolveAccount({ hints: hints ?? {} }, FIXTURE_ACCOUNTS);
  return r.status === 'matched' ? accountName(r.accountId) : undefined;
}

/** Every string in the hints, for "this decoy appears nowhere" checks. */
function hintText(h: AccountHints | undefined): string {
  return JSON.stringify(h ?? {});
}

describe('fixture table', () => {
  it('lists every fixture file exactly once, and only existing files', () => {
    const files = readdirSync(FIXTURE_PATH).filter((f) => f.endsWith('.html'));
    expect(FIXTURE_PAGES.map((p) => p.file).sort()).toEqual(files.sort());
  });

  it('covers every CRM × page type the brief names', () => {
    const kinds = FIXTURE_PAGES.map((p) => `${p.file.replace(/\.html$/, '')}`);
    for (const k of [
      'hubspot-company',
      'hubspot-contact',
      'hubspot-deal',
      'hubspot-ticket',
      'hubspot-list',
      'salesforce-account',
      'salesforce-opportunity',
      'salesforce-case',
      'salesforce-contact',
      'salesforce-lead',
      'salesforce-list',
      'salesforce-classic-account',
      'salesforce-classic-opportunity',
      'zendesk-ticket',
      'zendesk-organization',
      'zendesk-user',
      'zendesk-view',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('names only fixture accounts', () => {
    const names = FIXTURE_ACCOUNTS.map((a) => a.name);
    for (const p of FIXTURE_PAGES) {
      if (p.expectedAccountName) expect(names).toContain(p.expectedAccountName);
      if (p.navigation) expect(names).toContain(p.navigation.expectedAccountName);
    }
  });

  it.each(FIXTURE_PAGES.map((p) => [p.file]))('%s is self-contained (no external resources)', (file) => {
    const html = readFixture(file);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|video|audio|source|embed)[^>]+src="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
  });
});

describe.each(FIXTURE_PAGES.map((p) => [p.file, p] as const))('%s', (file, p) => {
  it('is detected as its table row says and resolves to its account', async () => {
    const f = open(file);
    const { record, diagnostics } = detect(f);
    if (p.objectType === null) {
      expect(record).toBeNull();
      expect(diagnostics.urlMatched).toBe(false);
      expect(diagnostics.detector).toBe(p.crm);
      return;
    }
    expect(record).toMatchObject({ crm: p.crm, objectType: p.objectType, recordId: p.recordId });
    expect(diagnostics.urlMatched).toBe(true);
    if (p.accountRendersAfterMs) await f.settle();
    const again = detect(f);
    expect(resolvedName(again.record?.hints)).toBe(p.expectedAccountName);
  });
});

describe('HubSpot fixtures', () => {
  it('company: the record id is the company; the child-company card and timeline are ignored', () => {
    const { record, diagnostics } = detect(open('hubspot-company.html'));
    expect(record?.hints).toEqual({
      hubspotCompanyId: '9384756102',
      domains: ['northwindtraders.com'],
      names: ['Northwind Traders'],
    });
    expect(record?.recordName).toBe('Northwind Traders');
    expect(diagnostics).toMatchObject({ detector: 'hubspot', anchorUsed: 'url' });
    for (const decoy of ['Tailspin', 'Contoso', 'Fabrikam', 'Adventure', '10294837788']) {
      expect(hintText(record?.hints)).not.toContain(decoy);
    }
  });

  it('company: an in-app switch to the child company is a new record with its own hints', () => {
    const f = open('hubspot-company.html');
    const nav = f.page.navigation!;
    (f.document.querySelector(nav.click) as HTMLElement).click();
    expect(f.url()).toBe(nav.url);
    const { record } = detect(f);
    expect(record).toMatchObject({ objectType: 'company', recordId: '10294837788' });
    expect(record?.hints).toEqual({
      hubspotCompanyId: '10294837788',
      domains: ['tailspintoys.com'],
      names: ['Tailspin Toys'],
    });
    expect(resolvedName(record?.hints)).toBe(nav.expectedAccountName);
    f.window.history.back();
  });

  it('contact: the association card wins; the free-text company and gmail address are not hints', () => {
    const { record, diagnostics } = detect(open('hubspot-contact.html'));
    expect(record?.hints).toEqual({ hubspotCompanyId: '10294837561', names: ['Fabrikam Robotics'] });
    expect(hintText(record?.hints)).not.toContain('Tailspin');
    expect(hintText(record?.hints)).not.toContain('Northwind');
    expect(hintText(record?.hints)).not.toContain('gmail');
    expect(diagnostics.anchorUsed).toBe('association-card');
    expect(diagnostics.anchorsTried.find((a) => a.name === 'contact-email')).toMatchObject({ found: false });
  });

  it('deal: before the late card renders, diagnostics say no company was found and where they looked', async () => {
    const f = open('hubspot-deal.html');
    const before = detect(f);
    expect(before.record?.hints).toEqual({});
    expect(before.diagnostics.anchorUsed).toBeUndefined();
    expect(before.diagnostics.anchorsTried.filter((a) => a.name !== 'record-title')).toEqual([
      {
        name: 'association-card',
        selector: '[data-test-id^="card-wrapper-ASSOCIATION_V3/0-2"] >>> a[href]',
        found: false,
      },
      {
        name: 'association-table-card',
        selector: '[data-test-id^="card-wrapper-ASSOCIATION_TABLE/0-2"] >>> a[href]',
        found: false,
      },
      {
        name: 'company-chicklet',
        selector:
          '[data-selenium-test="company-chicklet-title-link"], [data-test-id="company-chicklet-title-link"]',
        found: false,
      },
    ]);
    expect(before.diagnostics.note).toBe(
      'No associated company found on the page; looked for association-card, association-table-card, company-chicklet.',
    );
    await f.settle();
    const after = detect(f);
    expect(after.record?.hints).toEqual({ hubspotCompanyId: '11567320094', names: ['Wide World Importers'] });
    expect(after.diagnostics.anchorUsed).toBe('association-card');
    expect(after.diagnostics.note).toBe('Associated company found via association-card.');
  });

  it('ticket: the older ASSOCIATION_TABLE card; the hidden conversation tab chicklet is ignored', () => {
    const { record, diagnostics } = detect(open('hubspot-ticket.html'));
    expect(record?.hints).toEqual({ hubspotCompanyId: '11567321350', names: ['Adventure Works Cycles'] });
    expect(diagnostics.anchorUsed).toBe('association-table-card');
    expect(hintText(record?.hints)).not.toContain('Contoso');
  });

  it('ticket: with the cards gone, the chicklet (data-selenium-test) is the fallback, and hidden chicklets are skipped', () => {
    const f = open('hubspot-ticket.html');
    for (const el of Array.from(
      f.document.querySelectorAll('[data-test-id^="card-wrapper-ASSOCIATION_TABLE"]'),
    )) {
      el.remove();
    }
    const { record, diagnostics } = detect(f);
    expect(record?.hints.hubspotCompanyId).toBe('11567321350');
    expect(diagnostics.anchorUsed).toBe('company-chicklet');
    expect(diagnostics.anchorsTried.find((a) => a.name === 'company-chicklet')).toMatchObject({
      found: true,
      skipped: 1,
    });
  });

  it('list: a record in the preview side panel is not the page’s record', () => {
    const { record, diagnostics } = detect(open('hubspot-list.html'));
    expect(record).toBeNull();
    expect(diagnostics.note).toContain('/objects/0-2/views/all/list');
  });
});

describe('Salesforce Lightning fixtures', () => {
  it('account: read from the active view (declarative shadow DOM), not the cached Northwind view', () => {
    const { record, diagnostics } = detect(open('salesforce-account.html'));
    expect(record?.hints).toEqual({
      salesforceAccountId: '0018c00002JxR9tAAF',
      domains: ['contoso-pharma.com'],
      names: ['Contoso Pharmaceuticals'],
    });
    expect(hintText(record?.hints)).not.toContain('northwind');
    expect(hintText(record?.hints)).not.toContain('Fabrikam');
    expect(diagnostics.anchorsTried.find((a) => a.name === 'record-title')).toMatchObject({
      found: true,
      skipped: 1,
    });
  });

  it('opportunity: AccountId field inside nested shadow roots; the cached Tailspin view is skipped', () => {
    const { record, diagnostics } = detect(open('salesforce-opportunity.html'));
    expect(record?.hints).toEqual({
      salesforceAccountId: '0018c00002KbT2wAAF',
      names: ['Fabrikam Robotics'],
    });
    expect(record?.recordName).toBe('Fabrikam – Fleet Expansion 2026');
    expect(diagnostics.anchorUsed).toBe('record-field-account-id');
    expect(diagnostics.anchorsTried.find((a) => a.name === 'record-field-account-id')).toEqual({
      name: 'record-field-account-id',
      selector: '[data-target-selection-name="sfdc:RecordField.Opportunity.AccountId"] >>> a[href]',
      found: true,
      skipped: 1,
    });
  });

  it('opportunity → account: while the URL is ahead of the DOM nothing stale is read; then the account', async () => {
    const f = open('salesforce-opportunity.html');
    const nav = f.page.navigation!;
    (f.document.querySelector(nav.click) as HTMLElement).click();
    expect(f.url()).toBe(nav.url);
    const during = detect(f);
    expect(during.record).toMatchObject({ objectType: 'account', recordId: nav.recordId });
    expect(during.record?.hints).toEqual({ salesforceAccountId: '0018c00002KbT2wAAF' });
    expect(during.record?.recordName).toBeUndefined();
    expect(during.diagnostics.note).toBe(
      'The visible record view is an Opportunity, not this Account yet; nothing was read from the page.',
    );
    await f.settle();
    const after = detect(f);
    expect(after.record?.hints).toEqual({
      salesforceAccountId: '0018c00002KbT2wAAF',
      domains: ['fabrikam.io'],
      names: ['Fabrikam Robotics'],
    });
    expect(resolvedName(after.record?.hints)).toBe(nav.expectedAccountName);
  });

  it('case (console): layout item "Account Name" on runtime shadow roots; the inactive console tab is skipped', () => {
    const f = open('salesforce-case.html');
    const item = f.document.querySelector(
      '#console-tab-1342 records-record-layout-item[field-label="Account Name"]',
    );
    expect(item?.shadowRoot?.querySelector('force-lookup')?.shadowRoot?.querySelector('a')).toBeTruthy();
    const { record, diagnostics } = detect(f);
    expect(record?.hints).toEqual({ salesforceAccountId: '0018c00002KcA7pAAF', names: ['Tailspin Toys'] });
    expect(diagnostics.anchorUsed).toBe('layout-item-account-name');
    expect(diagnostics.anchorsTried.find((a) => a.name === 'record-field-account-id')?.found).toBe(false);
    expect(hintText(record?.hints)).not.toContain('Wide World');
    expect(hintText(record?.hints)).not.toContain('0038c');
  });

  it('contact (short URL, synthetic shadow): the hidden Details tab is skipped, the highlights panel gives the account', () => {
    const { record, diagnostics } = detect(open('salesforce-contact.html'));
    expect(record?.hints).toEqual({
      salesforceAccountId: '0018c00002LmV3hAAF',
      names: ['Wide World Importers'],
    });
    expect(diagnostics.anchorUsed).toBe('highlights-account');
    const tried = Object.fromEntries(diagnostics.anchorsTried.map((a) => [a.name, a]));
    expect(tried['record-field-account-id']).toMatchObject({ found: false, skipped: 1 });
    expect(tried['layout-item-account-name']).toMatchObject({ found: false, skipped: 1 });
    expect(tried['highlights-account']).toMatchObject({ found: true });
    expect(hintText(record?.hints)).not.toContain('Contoso');
  });

  it('lead: company name and e-mail domain, not the owner’s address or the previous employer', () => {
    const { record, diagnostics } = detect(open('salesforce-lead.html'));
    expect(record?.hints).toEqual({
      emailDomains: ['adventure-works.com'],
      names: ['Adventure Works Cycles, Inc.'],
    });
    expect(diagnostics.anchorUsed).toBe('lead-company');
    const r = resolveAccount(record!, FIXTURE_ACCOUNTS);
    expect(r).toEqual({ status: 'matched', accountId: 'acc_adventureworks', by: 'domain' });
    const byName = resolveAccount({ hints: { names: record!.hints.names } }, FIXTURE_ACCOUNTS);
    expect(byName).toEqual({ status: 'matched', accountId: 'acc_adventureworks', by: 'name' });
  });

  it('list view: not a record', () => {
    expect(detect(open('salesforce-list.html')).record).toBeNull();
  });

  it('a layout read with no account element says so', () => {
    const f = open('salesforce-case.html');
    for (const el of Array.from(f.document.querySelectorAll('records-record-layout-item'))) el.remove();
    const { record, diagnostics } = detect(f);
    expect(record?.hints).toEqual({});
    expect(diagnostics.anchorUsed).toBeUndefined();
    expect(diagnostics.note).toBe(
      'No account found on the page; looked for record-field-account-id, layout-item-account-name, highlights-account (1 match ignored as hidden or cached).',
    );
  });
});

describe('Salesforce Classic fixtures', () => {
  it('account: 15-character id from the URL, name and website from the detail page', () => {
    const { record, diagnostics } = detect(open('salesforce-classic-account.html'));
    expect(record?.hints).toEqual({
      salesforceAccountId: '0018c00002JxQ4m',
      domains: ['northwindtraders.com'],
      names: ['Northwind Traders'],
    });
    expect(diagnostics.detector).toBe('salesforce-classic');
    expect(resolveAccount(record!, FIXTURE_ACCOUNTS)).toEqual({
      status: 'matched',
      accountId: 'acc_northwind',
      by: 'crmId',
    });
  });

  it('opportunity: #opp4_ileinner, not the sidebar Recent Items', () => {
    const { record, diagnostics } = detect(open('salesforce-classic-opportunity.html'));
    expect(record?.hints).toEqual({
      salesforceAccountId: '0018c00002LnZ8e',
      names: ['Adventure Works Cycles'],
    });
    expect(diagnostics.anchorUsed).toBe('classic-account-lookup');
  });
});

describe('Zendesk fixtures', () => {
  it('ticket: the active workspace’s location bar and requester, not the cached workspace or the conversation', () => {
    const { record, diagnostics } = detect(open('zendesk-ticket.html'));
    expect(record?.hints).toEqual({ emailDomains: ['northwindtraders.com'], names: ['Northwind Traders'] });
    expect(record?.recordName).toBe('Shipment sync stopped after upgrade');
    expect(diagnostics.anchorUsed).toBe('location-bar-organization');
    for (const decoy of ['Wide World', 'wideworldimporters', 'contoso', 'Tailspin', '14235530128913']) {
      expect(hintText(record?.hints)).not.toContain(decoy);
    }
  });

  it('ticket: a URL ahead of the DOM reads nothing from the other ticket’s workspace', () => {
    const f = open('zendesk-ticket.html');
    const { record, diagnostics } = detect(f, 'https://acme-support.zendesk.com/agent/tickets/48190');
    expect(record).toMatchObject({ objectType: 'ticket', recordId: '48190', hints: {} });
    expect(diagnostics.note).toContain('does not show ticket 48190 yet');
  });

  it('ticket: switching tabs in-app activates the other workspace and its organization id', () => {
    const f = open('zendesk-ticket.html');
    const nav = f.page.navigation!;
    (f.document.querySelector(nav.click) as HTMLElement).click();
    expect(f.url()).toBe(nav.url);
    const { record, diagnostics } = detect(f);
    expect(record).toMatchObject({ objectType: 'ticket', recordId: '48190' });
    expect(record?.hints).toEqual({
      zendeskOrganizationId: '14235530128913',
      emailDomains: ['wideworldimporters.com'],
      names: ['Wide World Importers'],
    });
    expect(diagnostics.anchorUsed).toBe('location-bar-organization');
    expect(resolvedName(record?.hints)).toBe(nav.expectedAccountName);
  });

  it('organization: id from the URL, name and domains from the active workspace', () => {
    const { record } = detect(open('zendesk-organization.html'));
    expect(record?.hints).toEqual({
      zendeskOrganizationId: '360051877402',
      domains: ['fabrikam.io'],
      names: ['Fabrikam Robotics'],
    });
    expect(hintText(record?.hints)).not.toContain('Contoso');
  });

  it('user: organization link id and e-mail domain; not the cc in a ticket subject', () => {
    const { record, diagnostics } = detect(open('zendesk-user.html'));
    expect(record?.hints).toEqual({
      zendeskOrganizationId: '360045124017',
      emailDomains: ['contoso.eu'],
      names: ['Contoso Pharmaceuticals'],
    });
    expect(record?.recordName).toBe('Jonas Weber');
    expect(diagnostics.anchorUsed).toBe('organization-nav-item');
    expect(hintText(record?.hints)).not.toContain('fabrikam');
    expect(hintText(record?.hints)).not.toContain('Northwind');
  });

  it('view: not a record', () => {
    expect(detect(open('zendesk-view.html')).record).toBeNull();
  });
});

describe('detection is pure over the document it is given', () => {
  it('does not need the fixture scripts for static pages (a parsed, script-less document)', async () => {
    const p = page('hubspot-contact.html');
    const f = loadFixture(p.file, p.url, { scripts: false });
    opened.push(f);
    expect(detect(f).record?.hints.hubspotCompanyId).toBe('10294837561');
  });

  it('never throws on an empty document', () => {
    const f = loadFixture('zendesk-view.html', 'https://acme-support.zendesk.com/agent/filters/1');
    opened.push(f);
    f.document.documentElement.innerHTML = '<body></body>';
    for (const p of FIXTURE_PAGES) {
      const { record, diagnostics } = detectRecordWithDiagnostics(p.url, f.document);
      if (p.objectType) {
        expect(record?.recordId).toBe(p.recordId);
        expect(typeof diagnostics.note).toBe('string');
      }
    }
  });
});
