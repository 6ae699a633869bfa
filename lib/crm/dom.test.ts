// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import {
  deepChain,
  deepQueryAll,
  deepText,
  emailDomainsIn,
  hasLayout,
  isFreeMailDomain,
  visibilityFor,
} from './dom';
import { detectRecord, detectRecordWithDiagnostics } from './index';
import { accountIdFromHref } from './salesforce';

function html(markup: string): Document {
  document.body.innerHTML = markup;
  return document;
}

afterEach(() => {
  document.body.innerHTML = '';
});

/** Build `<tag>` with an open shadow root holding `inner`, programmatically. */
function shadowHost(tag: string, inner: string, attrs: Record<string, string> = {}): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.attachShadow({ mode: 'open' }).innerHTML = inner;
  return el;
}

describe('deepQueryAll / deepChain', () => {
  it('finds elements inside nested open shadow roots, in composed tree order', () => {
    html('<div id="a"></div><p class="x" id="last"></p>');
    const outer = shadowHost('x-outer', '<p class="x" id="s1"></p><x-inner></x-inner>');
    outer.shadowRoot!.querySelector('x-inner')!.attachShadow({ mode: 'open' }).innerHTML =
      '<p class="x" id="s2"></p>';
    document.getElementById('a')!.appendChild(outer);
    expect(document.querySelectorAll('.x')).toHaveLength(1);
    expect(deepQueryAll(document, '.x').map((e) => e.id)).toEqual(['s1', 's2', 'last']);
  });

  it('walks a chain across shadow boundaries', () => {
    html('');
    const item = shadowHost('records-record-layout-item', '<force-lookup></force-lookup>', {
      'field-label': 'Account Name',
    });
    item.shadowRoot!.querySelector('force-lookup')!.attachShadow({ mode: 'open' }).innerHTML =
      '<a href="/lightning/r/Account/0018c00002KbT2wAAF/view">Fabrikam Robotics</a>';
    document.body.appendChild(item);
    expect(
      document.querySelector('records-record-layout-item[field-label="Account Name"] force-lookup a'),
    ).toBeNull();
    const links = deepChain(document, [
      'records-record-layout-item[field-label="Account Name"]',
      'force-lookup',
      'a[href]',
    ]);
    expect(links.map((a) => a.textContent)).toEqual(['Fabrikam Robotics']);
    expect(deepText(item)).toBe('Fabrikam Robotics');
  });

  it('ignores closed shadow roots (not reachable, by design)', () => {
    html('');
    const host = document.createElement('x-closed');
    host.attachShadow({ mode: 'closed' }).innerHTML = '<a href="/x">secret</a>';
    document.body.appendChild(host);
    expect(deepQueryAll(document, 'a')).toEqual([]);
  });
});

describe('visibility rule (no layout: attributes decide)', () => {
  const cases: [string, string, boolean?][] = [
    ['plain element', '<div><a id="t" href="#">x</a></div>'],
    ['hidden attribute on an ancestor', '<div hidden><a id="t" href="#">x</a></div>'],
    ['aria-hidden="true"', '<div aria-hidden="true"><a id="t" href="#">x</a></div>'],
    ['inline display:none', '<div style="display: none"><a id="t" href="#">x</a></div>'],
    ['inline visibility:hidden', '<div style="visibility: hidden"><a id="t" href="#">x</a></div>'],
    ['slds-hide', '<div class="slds-tabs_default__content slds-hide"><a id="t" href="#">x</a></div>'],
    ['Zendesk .is-cached', '<div class="workspace is-cached"><a id="t" href="#">x</a></div>'],
    ['data-is-active="false"', '<div data-is-active="false"><a id="t" href="#">x</a></div>'],
    [
      'tabpanel whose tab is aria-selected="false"',
      '<button role="tab" aria-selected="false" aria-controls="p2"></button><div role="tabpanel" id="p2"><a id="t" href="#">x</a></div>',
    ],
    [
      'tabpanel whose tab is selected',
      '<button role="tab" aria-selected="true" aria-controls="p1"></button><div role="tabpanel" id="p1"><a id="t" href="#">x</a></div>',
    ],
  ];
  const expected = [true, false, false, false, false, false, false, false, false, true];
  it.each(cases.map((c, i) => [c[0], c[1], expected[i]] as const))(
    '%s → shown: %s',
    (_name, markup, shown) => {
      const doc = html(markup);
      expect(visibilityFor(doc)(doc.getElementById('t')!)).toBe(shown);
    },
  );

  it('Lightning view containers count only on Salesforce (lightningViews)', () => {
    const doc = html(
      '<div class="oneContent"><a id="cached" href="#">x</a></div><div class="oneContent active"><a id="active" href="#">y</a></div>' +
        '<section class="tabContent oneConsoleTab" role="tabpanel" aria-expanded="false"><a id="tab" href="#">z</a></section>',
    );
    const sf = visibilityFor(doc, { lightningViews: true });
    expect(sf(doc.getElementById('cached')!)).toBe(false);
    expect(sf(doc.getElementById('active')!)).toBe(true);
    expect(sf(doc.getElementById('tab')!)).toBe(false);
    const other = visibilityFor(doc);
    expect(other(doc.getElementById('cached')!)).toBe(true);
  });

  it('walks from inside a shadow root up through its host', () => {
    html('<div class="workspace is-cached" id="ws"></div>');
    const host = shadowHost('x-card', '<a id="inner" href="#">x</a>');
    document.getElementById('ws')!.appendChild(host);
    const inner = host.shadowRoot!.getElementById('inner')!;
    expect(visibilityFor(document)(inner)).toBe(false);
  });

  it('has no layout in happy-dom', () => {
    expect(hasLayout(document)).toBe(false);
  });

  it('with layout, also asks the browser (checkVisibility, else getClientRects)', () => {
    const doc = html('<a id="a" href="#">a</a><a id="b" href="#">b</a>');
    const root = doc.documentElement;
    const rect = { width: 1280, height: 800, x: 0, y: 0, top: 0, left: 0, right: 1280, bottom: 800 };
    const restore = root.getBoundingClientRect;
    root.getBoundingClientRect = () => ({ ...rect, toJSON: () => rect }) as DOMRect;
    try {
      expect(hasLayout(doc)).toBe(true);
      const a = doc.getElementById('a')!;
      const b = doc.getElementById('b')!;
      Object.assign(a, { checkVisibility: () => true });
      Object.assign(b, { checkVisibility: () => false });
      const shown = visibilityFor(doc);
      expect(shown(a)).toBe(true);
      expect(shown(b)).toBe(false);
      Object.assign(a, { checkVisibility: undefined, getClientRects: () => [] });
      expect(visibilityFor(doc)(a)).toBe(false);
    } finally {
      root.getBoundingClientRect = restore;
    }
  });
});

describe('text helpers', () => {
  it('finds e-mail domains and knows free-mail providers', () => {
    expect(emailDomainsIn('Maria <maria.anders@NorthwindTraders.com>, x@y')).toEqual([
      'northwindtraders.com',
    ]);
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('yahoo.co.uk')).toBe(true);
    expect(isFreeMailDomain('northwindtraders.com')).toBe(false);
  });
});

describe('HubSpot anchors (programmatic DOM)', () => {
  const url = 'https://app.hubspot.com/contacts/4417291/record/0-3/18273645091';

  it('matches the chicklet under data-test-id as well as data-selenium-test', () => {
    const doc = html(
      '<a data-test-id="company-chicklet-title-link" href="/contacts/4417291/record/0-2/777">Acme</a>',
    );
    const d = detectRecordWithDiagnostics(url, doc);
    expect(d.record?.hints).toEqual({ hubspotCompanyId: '777', names: ['Acme'] });
    expect(d.diagnostics.anchorUsed).toBe('company-chicklet');
  });

  it('takes a name-only chicklet as a name hint', () => {
    const doc = html('<span data-selenium-test="company-chicklet-title-link">Acme Corp</span>');
    expect(detectRecord(url, doc)?.hints).toEqual({ names: ['Acme Corp'] });
  });

  it('does not take a 0-20-something card for the companies card', () => {
    const doc = html(
      '<div data-test-id="card-wrapper-ASSOCIATION_V3/0-27"><a href="/contacts/1/record/0-2/5">x</a></div>',
    );
    expect(detectRecord(url, doc)?.hints).toEqual({});
  });

  it('ignores links to other object types inside the companies card', () => {
    const doc = html(
      '<div data-test-id="card-wrapper-ASSOCIATION_V3/0-2"><a href="/contacts/1/record/0-1/9">contact</a><a href="/contacts/1/record/0-2/42">Real Co</a></div>',
    );
    expect(detectRecord(url, doc)?.hints).toEqual({ hubspotCompanyId: '42', names: ['Real Co'] });
  });

  it('on a company page, takes the site link but not social profiles from the highlight card', () => {
    const doc = html(
      '<div data-card-type="OBJECT_HIGHLIGHT"><h2 data-selenium-test="highlightTitle">Acme</h2>' +
        '<a href="https://www.linkedin.com/company/acme">in</a><a href="https://acme.example/">acme.example</a></div>',
    );
    const record = detectRecord('https://app-eu1.hubspot.com/contacts/1/record/0-2/42', doc);
    expect(record?.hints).toEqual({ hubspotCompanyId: '42', domains: ['acme.example'], names: ['Acme'] });
  });

  it('ignores anything in a list preview panel', () => {
    const doc = html(
      '<div data-test-id="IndexPageInlineSidebar"><div data-test-id="card-wrapper-ASSOCIATION_V3/0-2"><a href="/contacts/1/record/0-2/42">x</a></div></div>',
    );
    const d = detectRecordWithDiagnostics(url, doc);
    expect(d.record?.hints).toEqual({});
    expect(d.diagnostics.anchorsTried.find((a) => a.name === 'association-card')).toMatchObject({
      skipped: 1,
    });
  });
});

describe('Salesforce account hrefs', () => {
  it.each([
    ['/lightning/r/Account/0018c00002KbT2wAAF/view', '0018c00002KbT2wAAF'],
    ['/lightning/r/account/0018c00002KbT2wAAF/view', '0018c00002KbT2wAAF'],
    ['/lightning/r/0018c00002KbT2wAAF/view', '0018c00002KbT2wAAF'],
    ['https://acme.lightning.force.com/lightning/r/Account/0018c00002KbT2w/view', '0018c00002KbT2w'],
    ['/0018c00002KbT2w', '0018c00002KbT2w'],
    ['/one/one.app#/sObject/0018c00002KbT2wAAF/view', '0018c00002KbT2wAAF'],
    ['/lightning/r/0038c00002Vb6NfAAJ/view', null],
    ['/lightning/r/Contact/0038c00002Vb6NfAAJ/view', null],
    ['/0058c00000Ab12C', null],
    ['javascript:void(0)', null],
    [null, null],
  ])('%s → %s', (href, id) => {
    expect(accountIdFromHref(href)).toBe(id);
  });
});

describe('Zendesk scope (programmatic DOM)', () => {
  const ticket = 'https://acme.zendesk.com/agent/tickets/5';

  it('reads the whole page when there is no workspace container', () => {
    const doc = html(
      '<nav aria-label="Ticket page location"><span data-test-id="tabs-nav-item-organizations" data-organization-id="99">Acme</span></nav>',
    );
    const d = detectRecordWithDiagnostics(ticket, doc);
    expect(d.record?.hints).toEqual({ zendeskOrganizationId: '99', names: ['Acme'] });
    expect(d.diagnostics.note).toContain('no workspace container');
  });

  it('reads nothing when every workspace is cached', () => {
    const doc = html(
      '<div class="workspace is-cached"><nav aria-label="Ticket page location"><span data-test-id="tabs-nav-item-organizations">Acme</span></nav></div>',
    );
    const d = detectRecordWithDiagnostics(ticket, doc);
    expect(d.record?.hints).toEqual({});
    expect(d.diagnostics.note).toContain('no active workspace');
  });

  it('uses the data-tracking-id variant of the organization item', () => {
    const doc = html(
      '<div class="workspace" data-ticket-id="5"><nav aria-label="Ticket page location"><button data-tracking-id="tabs-nav-item-organizations">Globex</button></nav></div>',
    );
    expect(detectRecord(ticket, doc)?.hints).toEqual({ names: ['Globex'] });
  });
});
