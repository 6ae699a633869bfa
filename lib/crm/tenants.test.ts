import { describe, expect, it } from 'vitest';
import {
  formatTenantAllowList,
  parseTenantEntry,
  tenantAllowed,
  tenantAllowListText,
  tenantOf,
} from './tenants';

describe('tenantOf: the tenant a CRM page belongs to', () => {
  it.each([
    ['https://acme.zendesk.com/agent/tickets/1', 'zendesk:acme'],
    ['https://ACME.zendesk.com/agent/tickets/1', 'zendesk:acme'],
    ['https://acme.my.salesforce.com/0018c00002JxQ4m', 'salesforce:acme'],
    ['https://acme.lightning.force.com/lightning/r/Account/0018c00002JxQ4mAAF/view', 'salesforce:acme'],
    [
      'https://acme--uat.sandbox.lightning.force.com/lightning/r/Case/5008c00000Zt4HqAAJ/view',
      'salesforce:acme',
    ],
    ['https://acme--uat.sandbox.my.salesforce.com/0018c00002JxQ4m', 'salesforce:acme'],
    [
      'https://acme-dev-ed.develop.lightning.force.com/lightning/r/Account/x/view',
      'salesforce:acme-dev-ed.develop',
    ],
    ['https://app.hubspot.com/contacts/4417291/record/0-2/9384756102', 'hubspot:4417291'],
    ['https://app-eu1.hubspot.com/help-desk/55/tickets/1', 'hubspot:55'],
    ['https://app.hubspot.com/sales/77/deal/1', 'hubspot:77'],
    // No portal in the path, or not a CRM page Healthbar knows: no tenant.
    ['https://app.hubspot.com/reports-dashboard/4417291', null],
    ['https://app.hubspot.com/contacts/', null],
    ['https://acme.zendesk.com.evil.io/agent/tickets/1', null],
    ['https://evil.io/acme.zendesk.com', null],
    ['http://acme.zendesk.com/agent/tickets/1', null],
    ['https://acme.zendesk.com:8443/agent/tickets/1', null],
    ['https://a.b.zendesk.com/agent/tickets/1', null],
    ['https://acme.salesforce.com/001', null],
    ['not a url', null],
  ])('%s → %s', (url, tenant) => {
    expect(tenantOf(url)).toBe(tenant);
  });
});

describe('tenantAllowed', () => {
  const list = ['zendesk:acme', 'salesforce:acme', 'hubspot:4417291'];
  it.each([
    [[], 'https://evil.zendesk.com/agent/tickets/1', true],
    [[], 'https://app.hubspot.com/reports-dashboard/1', true],
    [list, 'https://acme.zendesk.com/agent/tickets/1', true],
    [list, 'https://evil.zendesk.com/agent/tickets/1', false],
    [list, 'https://acme.lightning.force.com/lightning/r/Account/x/view', true],
    [list, 'https://acme--qa.sandbox.lightning.force.com/lightning/r/Account/x/view', true],
    [list, 'https://acmeco.lightning.force.com/lightning/r/Account/x/view', false],
    [list, 'https://acme-evil.my.salesforce.com/001', false],
    [list, 'https://app.hubspot.com/contacts/4417291/record/0-3/1', true],
    [list, 'https://app.hubspot.com/contacts/44172910/record/0-3/1', false],
    [list, 'https://app.hubspot.com/contacts/1/record/0-3/1', false],
    [list, 'https://app.hubspot.com/settings', false],
  ] as const)('%j on %s → %s', (allow, url, ok) => {
    expect(tenantAllowed(allow, url)).toBe(ok);
  });
});

describe('parseTenantEntry: one line of the options field', () => {
  it.each([
    ['acme.zendesk.com', 'zendesk:acme'],
    ['  Acme.Zendesk.com  ', 'zendesk:acme'],
    ['https://acme.zendesk.com/agent/', 'zendesk:acme'],
    ['acme.my.salesforce.com', 'salesforce:acme'],
    ['acme.lightning.force.com', 'salesforce:acme'],
    ['acme-dev-ed.develop.my.salesforce.com', 'salesforce:acme-dev-ed.develop'],
    ['hubspot:4417291', 'hubspot:4417291'],
    ['HubSpot: 4417291', 'hubspot:4417291'],
  ])('%s → %s', (line, key) => {
    expect(parseTenantEntry(line)).toEqual({ ok: true, key });
  });
  it.each([
    ['hubspot:acme', /portal id \(digits\)/],
    ['app.hubspot.com', /hubspot: and the portal id/],
    ['acme--uat.sandbox.my.salesforce.com', /acme\.my\.salesforce\.com\): it covers its sandboxes/],
    ['zendesk.com', /not a CRM tenant/],
    ['*.zendesk.com', /not a CRM tenant/],
    ['acme.zendesk.com.evil.io', /not a CRM tenant/],
    ['https://', /not a valid address/],
  ])('%s is rejected: %s', (line, error) => {
    const r = parseTenantEntry(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('tenantAllowListText: the whole field', () => {
  it('keeps entries in order, once each, ignoring blanks and # comments', () => {
    const r = tenantAllowListText.safeParse(
      '# our tenants\nacme.zendesk.com\n\nacme.my.salesforce.com\nhubspot:4417291\nACME.zendesk.com\n',
    );
    expect(r.success && r.data).toEqual(['zendesk:acme', 'salesforce:acme', 'hubspot:4417291']);
  });
  it('an empty field is an empty list (every tenant)', () => {
    expect(tenantAllowListText.parse('  \n')).toEqual([]);
  });
  it('rejects the bad lines, each with its line number and what is wrong', () => {
    const r = tenantAllowListText.safeParse('acme.zendesk.com\nhubspot:acme\nexample.com');
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error.issues.map((i) => i.message)).toEqual([
        expect.stringMatching(/^Line 2 \(“hubspot:acme”\): a HubSpot entry is hubspot: and the portal id/),
        expect.stringMatching(/^Line 3 \(“example.com”\): not a CRM tenant/),
      ]);
    }
  });
  it('formats stored keys back into lines that parse to the same keys', () => {
    const keys = ['zendesk:acme', 'salesforce:acme', 'salesforce:x.develop', 'hubspot:4417291'];
    expect(tenantAllowListText.parse(formatTenantAllowList(keys))).toEqual(keys);
  });
});
