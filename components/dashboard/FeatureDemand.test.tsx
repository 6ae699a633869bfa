// @vitest-environment happy-dom
/**
 * The Product tab's "Upsell by feature" list on a hand-computed dataset: per feature, the
 * accounts whose active users used it in the last 30 days although their plan lacks it.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '@/lib/dataset/schema';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import { account, dataset, revenue, shift, user } from '@/lib/metrics/testkit';
import { DEFAULT_DASHBOARD_PREFS } from '@/lib/portfolio/targets';
import { Dashboard } from './Dashboard';
import type { DashboardSource } from './source';

afterEach(cleanup);

const D = '2026-10-31';
const used = (acc: string, id: string, keys: string[], lastSeenOn = shift(D, -1)) =>
  user(acc, id, { lastSeenOn, features: Object.fromEntries(keys.map((k) => [k, shift(D, -3)])) });

const DS: Dataset = dataset({
  dataThrough: D,
  currency: 'JPY',
  plans: [
    { id: 'starter', name: 'Starter', tier: 1, seatLimit: undefined, features: ['dash'] },
    { id: 'business', name: 'Business', tier: 3, seatLimit: undefined, features: ['dash', 'auto', 'fc'] },
    { id: 'growth', name: 'Growth', tier: 2, seatLimit: undefined, features: ['dash', 'auto'] },
  ],
  features: [
    { key: 'dash', name: 'Dashboards', minTier: undefined },
    { key: 'auto', name: 'Automations', minTier: undefined },
    { key: 'fc', name: 'Forecasting', minTier: undefined },
    { key: 'lab', name: 'Labs', minTier: undefined },
  ],
  accounts: [
    account('a', { name: 'Alpha Co', planId: 'starter', segment: 'smb', crm: { hubspotCompanyId: '101' } }),
    account('b', { name: 'Beta Co', planId: 'growth', crm: { hubspotCompanyId: '202' } }),
    account('c', { name: 'Gamma Co', planId: 'starter', crm: { salesforceAccountId: '001000000000001' } }),
    // No plan: every feature is available, so no demand.
    account('d', { name: 'Delta Co' }),
    // An inactive user's use does not count.
    account('e', { name: 'Epsilon Co', planId: 'starter' }),
  ],
  revenue: [
    ...revenue('a', { '2026-10': 10_000 }),
    ...revenue('b', { '2026-10': 20_000 }),
    ...revenue('c', { '2026-10': 50_000 }),
  ],
  users: [
    used('a', 'a1', ['auto']),
    used('a', 'a2', ['auto', 'dash']),
    used('a', 'a3', ['auto']),
    used('b', 'b1', ['fc']),
    used('c', 'c1', ['auto', 'lab']),
    used('d', 'd1', ['fc', 'lab']),
    used('e', 'e1', ['fc'], shift(D, -45)),
  ],
});

function source(): DashboardSource {
  return {
    locale: 'en-US',
    now: () => new Date('2026-11-02T10:00:00Z'),
    meta: async () => ({ version: 1, dataThrough: D, currency: 'JPY', source: 'import' }),
    dataset: async () => DS,
    settings: async () => ({
      myEmail: '',
      scoring: DEFAULT_SETTINGS,
      sync: { status: 'ok', pages: 1, records: 1, rejected: 0 },
    }),
    loadPrefs: async () => ({ ...DEFAULT_DASHBOARD_PREFS, tab: 'product' }),
    savePrefs: async () => {},
    loadTargets: async () => [],
    saveTargets: async () => {},
    openOptions: vi.fn(),
    download: vi.fn(),
    newId: () => 'id',
    crmHosts: async () => ({ hubspot: 'app-eu1.hubspot.com', hubspotPortal: '4417291' }),
  };
}

const rows = (el: HTMLElement) =>
  within(el)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th,td')].map((c) => c.textContent?.trim()));

describe('Product tab: upsell by feature', () => {
  it('lists, per feature, the accounts using it outside their plan, with users, the plan that has it and CRM links', async () => {
    render(<Dashboard source={source()} />);
    const product = await screen.findByTestId('panel-product', {}, { timeout: 10_000 });
    const card = await within(product).findByTestId('product-feature-demand');
    expect(within(card).getByRole('heading', { level: 3 }).textContent).toContain('Upsell by feature');
    const features = [...card.querySelectorAll('[data-feature]')].map((e) => e.getAttribute('data-feature'));
    // Features in the collection's order; Dashboards (in every plan) has no list.
    expect(features).toEqual(['auto', 'fc', 'lab']);
    const auto = card.querySelector('[data-feature="auto"]') as HTMLElement;
    expect(within(auto).getByRole('heading', { level: 4 }).textContent).toBe('Automations 2 accounts');
    // Most users first (Alpha 3, Gamma 1), whatever the MRR.
    expect(rows(auto)).toEqual([
      ['Alpha CoSMBHubSpot', 'Starter', '3', 'Growth'],
      ['Gamma Co', 'Starter', '1', 'Growth'],
    ]);
    const link = within(auto).getByRole('link', { name: 'HubSpot' }) as HTMLAnchorElement;
    expect(link.href).toBe('https://app-eu1.hubspot.com/contacts/4417291/record/0-2/101');
    expect(link.target).toBe('_blank');
    expect(rows(card.querySelector('[data-feature="fc"]') as HTMLElement)).toEqual([
      ['Beta CoHubSpot', 'Growth', '1', 'Business'],
    ]);
    expect(rows(card.querySelector('[data-feature="lab"]') as HTMLElement)).toEqual([
      ['Gamma Co', 'Starter', '1', 'No plan yet'],
    ]);
    // Gamma has a Salesforce id but no Salesforce host was seen yet.
    expect(card.textContent).toContain(
      'Open a record in Salesforce once and links to these accounts there appear here.',
    );
    expect(card.textContent).not.toContain('Delta Co');
    expect(card.textContent).not.toContain('Epsilon Co');
  });
});
