// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '@/lib/demo/generate';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import { sameEmail } from '@/lib/portfolio/filters';
import { atRiskList, upsellList } from '@/lib/portfolio/lists';
import { accountReports } from '@/lib/portfolio/view';
import { Popup } from './Popup';
import type { PopupLists, PopupSource, PopupState } from './source';

afterEach(cleanup);

const AS_OF = '2026-10-31';
const ds = generateDataset({ accounts: 30, seed: 9, asOf: AS_OF });
const crm = new Map(ds.accounts.map((a) => [a.id, a.crm]));
const owner = ds.accounts[0].owner as string;

function listsFor(email: string): PopupLists {
  const { asOf, accounts } = accountReports(ds, '2026-11-23', DEFAULT_SETTINGS, (a) =>
    email ? sameEmail(a.owner, email) : true,
  );
  const wrap = (l: typeof accounts) => l.map((report) => ({ report, crm: crm.get(report.id) ?? {} }));
  return {
    asOf,
    currency: ds.currency,
    scope: email ? 'book' : 'all',
    owner: email,
    total: accounts.length,
    atRisk: wrap(atRiskList(accounts)),
    upsell: wrap(upsellList(accounts)),
  };
}

const okState: PopupState = {
  configured: true,
  hasData: true,
  sync: { status: 'ok', pages: 1, records: 10, rejected: 0, lastSuccessAt: '2026-11-23T09:30:00Z' },
  myEmail: owner,
  staleAfterHours: 24,
  version: 1,
};

function fake(over: Partial<PopupSource> & { stateValue?: PopupState } = {}): PopupSource {
  const state = over.stateValue ?? okState;
  return {
    locale: 'en-US',
    now: () => new Date('2026-11-23T10:00:00Z'),
    state: async () => state,
    lists: async () => listsFor(state.myEmail),
    search: async (q) =>
      ds.accounts
        .filter((a) => a.name.toLowerCase().includes(q.toLowerCase()))
        .slice(0, 8)
        .map((a) => ({ id: a.id, name: a.name, segment: a.segment, owner: a.owner, crm: a.crm })),
    hosts: async () => ({ hubspot: 'app.hubspot.com', hubspotPortal: '4417291' }),
    alerts: async () => ({ unseen: [], earlier: [] }),
    alertsSeen: vi.fn(async () => {}),
    syncNow: vi.fn(async () => state.sync),
    openDashboard: vi.fn(),
    openOptions: vi.fn(),
    openUrl: vi.fn(),
    ...over,
  };
}

const alert = (i: number, at: string, text: string) => ({
  id: `a${i}@${at}`,
  accountId: ds.accounts[i].id,
  name: ds.accounts[i].name,
  kind: 'band-drop' as const,
  key: 'band-drop',
  text,
  at,
  asOf: AS_OF,
  crm: { hubspotCompanyId: '777' },
});

describe('Popup: what changed', () => {
  it('lists the alerts since I last looked with a CRM link each, then says they are seen', async () => {
    const src = fake({
      alerts: async () => ({
        unseen: [alert(1, '2026-11-23T09:30:00Z', 'Beta dropped from Healthy to Critical (score 38).')],
        earlier: [alert(2, '2026-11-20T09:30:00Z', 'Gamma renews in 12 days and is At risk (score 60).')],
      }),
    });
    render(<Popup source={src} />);
    const section = await screen.findByTestId('popup-alerts');
    const items = within(section).getAllByTestId('alert');
    expect(items[0].textContent).toContain('Beta dropped from Healthy to Critical (score 38).');
    expect(items[0].textContent).toContain('30 min ago');
    fireEvent.click(within(items[0]).getByRole('link', { name: /HubSpot/ }));
    expect(src.openUrl).toHaveBeenCalledWith('https://app.hubspot.com/contacts/4417291/record/0-2/777');
    await waitFor(() => expect(src.alertsSeen).toHaveBeenCalledTimes(1));
    // Earlier ones are folded away.
    expect(within(section).getByText('Earlier')).toBeTruthy();
  });

  it('says when nothing changed', async () => {
    render(<Popup source={fake()} />);
    const section = await screen.findByTestId('popup-alerts');
    expect(section.textContent).toContain('Nothing new since you last looked.');
  });
});

describe('Popup', () => {
  it('shows the sync state and the at-risk and upsell lists of my book', async () => {
    render(<Popup source={fake()} />);
    const scope = await screen.findByTestId('popup-scope');
    const l = listsFor(owner);
    expect(scope.textContent).toBe(`Your book: ${owner} — ${l.total} accounts`);
    expect(screen.getByTestId('popup-sync').textContent).toBe('Up to date — synced 30 min ago');
    const names = (id: string) =>
      within(screen.getByTestId(id))
        .queryAllByTestId('popup-name')
        .map((e) => e.textContent);
    expect(names('popup-at-risk')).toEqual(l.atRisk.slice(0, 5).map((a) => a.report.name));
    expect(names('popup-upsell')).toEqual(l.upsell.slice(0, 5).map((a) => a.report.name));
  });

  it('a renewal date already past reads as a date to update in the CRM, never "N days ago"', async () => {
    const base = listsFor('');
    const first = base.atRisk[0];
    const lists = {
      ...base,
      atRisk: [{ ...first, report: { ...first.report, renewsInDays: -668 } }, ...base.atRisk.slice(1)],
    };
    render(<Popup source={fake({ lists: async () => lists })} />);
    await screen.findByTestId('popup-scope');
    const row = within(screen.getByTestId('popup-at-risk')).getAllByRole('listitem')[0];
    // 668 days before the report's date, 31 Oct 2026.
    expect(lists.asOf).toBe('2026-10-31');
    expect(row.textContent).toContain('renewal date passed on 1 Jan 2025 — update it in the CRM');
    expect(screen.getByTestId('popup-at-risk').textContent).not.toContain('days ago');
  });

  it("shows the active tab's account and band, and nothing when the tab shows no record", async () => {
    render(
      <Popup
        source={fake({
          currentTab: async () => ({
            crm: 'salesforce',
            objectType: 'opportunity',
            name: 'Acme',
            band: 'yellow',
            score: 62,
          }),
        })}
      />,
    );
    const current = await screen.findByTestId('popup-current');
    expect(current.textContent).toContain('On this Salesforce opportunity');
    expect(current.textContent).toContain('Acme');
    expect(within(current).getByTestId('band').textContent).toContain('At risk');
    cleanup();
    render(<Popup source={fake({ currentTab: async () => null })} />);
    await screen.findByTestId('popup-scope');
    expect(screen.queryByTestId('popup-current')).toBeNull();
  });

  it('says when it shows every account because no email is set', async () => {
    render(<Popup source={fake({ stateValue: { ...okState, myEmail: '' } })} />);
    expect((await screen.findByTestId('popup-scope')).textContent).toBe(
      'All 30 accounts (set your email in the options to see your book)',
    );
  });

  it('searches accounts and opens them in the CRM; says which CRM addresses are missing', async () => {
    const src = fake();
    render(<Popup source={src} />);
    await screen.findByTestId('popup-scope');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find an account' }), {
      target: { value: 'Northwind' },
    });
    const results = await screen.findByTestId('search-results');
    const link = within(results).getByRole('link', { name: 'HubSpot' });
    expect(link.getAttribute('href')).toBe('https://app.hubspot.com/contacts/4417291/record/0-2/9384756102');
    fireEvent.click(link);
    expect(src.openUrl).toHaveBeenCalledWith(
      'https://app.hubspot.com/contacts/4417291/record/0-2/9384756102',
    );
    expect(within(results).queryByRole('link', { name: 'Salesforce' })).toBeNull();
    expect(screen.getByTestId('no-host')).toBeTruthy();
  });

  it('syncs on demand, opens the dashboard and the options', async () => {
    const src = fake();
    render(<Popup source={src} />);
    await screen.findByTestId('popup-scope');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(src.syncNow).toHaveBeenCalled());
    fireEvent.click(screen.getByRole('button', { name: 'Open dashboard' }));
    expect(src.openDashboard).toHaveBeenCalled();
    fireEvent.click(screen.getAllByRole('button', { name: 'Options' })[0]);
    expect(src.openOptions).toHaveBeenCalled();
  });

  it('a failed sync says why', async () => {
    const src = fake({
      syncNow: async () => {
        throw new Error('The server refused this token (401).');
      },
    });
    render(<Popup source={src} />);
    await screen.findByTestId('popup-scope');
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('The server refused this token (401).')).toBeTruthy();
  });

  it('while a full refresh is under way, keeps the lists and says the previous data is shown', async () => {
    render(
      <Popup
        source={fake({
          stateValue: {
            ...okState,
            sync: { status: 'syncing', pages: 2, records: 4000, rejected: 0, refreshing: true },
          },
        })}
      />,
    );
    expect((await screen.findByTestId('popup-sync')).textContent).toBe(
      'Refreshing all data… 4000 records so far',
    );
    expect(screen.getByTestId('popup-refreshing').textContent).toContain(
      'the previous complete data is shown until it has finished',
    );
    expect(await screen.findByRole('region', { name: /at risk/i })).toBeTruthy();
  });

  it('not set up: points to the options, and "Sync now" waits for a connection', async () => {
    render(
      <Popup
        source={fake({
          stateValue: {
            ...okState,
            configured: false,
            hasData: false,
            sync: { status: 'never', pages: 0, records: 0, rejected: 0 },
          },
        })}
      />,
    );
    expect((await screen.findByTestId('popup-setup')).textContent).toContain('in the options');
    expect(screen.getByTestId('popup-sync').textContent).toBe('Never synced');
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offline and stale states, and account names as text', async () => {
    const hostile = 'Evil <img src=x onerror=alert(1)>';
    const l = listsFor(owner);
    l.atRisk[0] = { ...l.atRisk[0], report: { ...l.atRisk[0].report, name: hostile } };
    render(
      <Popup
        source={fake({
          stateValue: {
            ...okState,
            sync: { ...okState.sync, status: 'offline', lastSuccessAt: '2026-11-20T10:00:00Z' },
          },
          lists: async () => l,
        })}
      />,
    );
    expect((await screen.findByTestId('popup-sync')).textContent).toBe('Offline — data from 3 days ago');
    expect(await screen.findByText(hostile)).toBeTruthy();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    cleanup();
    render(
      <Popup
        source={fake({
          stateValue: { ...okState, sync: { ...okState.sync, lastSuccessAt: '2026-11-21T10:00:00Z' } },
        })}
      />,
    );
    expect((await screen.findByTestId('popup-sync')).textContent).toBe('Stale — synced 2 days ago');
  });
});
