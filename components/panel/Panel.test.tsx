// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '@/lib/dataset/parse';
import { type AccountHistory, type AccountView, accountHistory, accountView } from '@/lib/db/account-view';
import { openDb } from '@/lib/db/db';
import { importDataset } from '@/lib/db/import';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import type { Signal } from '@/lib/metrics/types';
import { REFRESHING_NOTE } from '@/lib/sync/state';
import { Panel, sectionOrder } from './Panel';
import { panelRecordSchema } from './record';
import { orderSignals } from './sections';
import type { PanelRecord, PanelResolution, PanelSource, PanelStatus } from './source';
import { summaryText } from './summary';
import { TEST_RECORD, testUsage } from './testing';

afterEach(cleanup);

const record: PanelRecord = TEST_RECORD;

let view: AccountView;
let history: AccountHistory;

beforeAll(async () => {
  const usage = testUsage();
  const parsed = parseDataset({
    schemaVersion: 1,
    currency: 'USD',
    dataThrough: '2026-10-31',
    features: [{ key: 'reports', name: 'Reports' }],
    accounts: [
      {
        id: 'a1',
        name: 'Acme <img src=x onerror=alert(1)>',
        domains: ['acme.com'],
        crm: { hubspotCompanyId: '2' },
        seats: 10,
        renewsOn: '2026-12-01',
        updatedAt: '2026-10-01T00:00:00Z',
      },
    ],
    revenue: [
      { accountId: 'a1', month: '2025-10', mrr: 10000 },
      { accountId: 'a1', month: '2026-10', mrr: 12000 },
    ],
    usage,
    users: [
      {
        accountId: 'a1',
        id: 'u1',
        champion: true,
        lastSeenOn: '2026-09-01',
        features: { reports: '2026-09-01' },
      },
    ],
    surveys: [
      {
        id: 's1',
        accountId: 'a1',
        respondedOn: '2026-10-10',
        kind: 'nps',
        score: 2,
        comment: 'Slow exports',
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const db = openDb({ name: 'panel-test' });
  await importDataset(db, parsed.dataset, { rejected: [], replaced: [] }, new Date());
  const v = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
  if (!v) throw new Error('no view');
  view = v;
  const h = await accountHistory(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
  if (!h) throw new Error('no history');
  history = h;
});

const okStatus: PanelStatus = {
  configured: true,
  hasData: true,
  sync: { status: 'ok', pages: 1, records: 10, rejected: 0, lastSuccessAt: '2026-11-23T09:00:00Z' },
  staleAfterHours: 24,
  role: 'csm',
  dataVersion: 1,
};

function fake(
  over: Partial<PanelSource> & { resolution?: PanelResolution; statusValue?: PanelStatus } = {},
): PanelSource {
  return {
    locale: 'en-US',
    now: () => new Date('2026-11-23T10:00:00Z'),
    status: async () => over.statusValue ?? okStatus,
    resolve: async () => over.resolution ?? { status: 'matched', accountId: 'a1', by: 'crmId' },
    view: async () => view,
    history: async () => history,
    remember: async () => {},
    search: async () => [{ id: 'a1', name: 'Acme' }],
    ...over,
  };
}

describe('Panel states', () => {
  it('shows the account: header, band in words, score, why, signals, sections', async () => {
    render(<Panel source={fake()} record={record} />);
    const name = await screen.findByTestId('account-name');
    // Dataset text is rendered as text, never as markup.
    expect(name.textContent).toBe('Acme <img src=x onerror=alert(1)>');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByTestId('band').textContent).toContain(view.report.health.label ?? 'Unknown');
    expect(screen.getByRole('heading', { name: 'Why this score' })).toBeTruthy();
    expect(screen.getByRole('table')).toBeTruthy();
    expect(document.querySelector('[data-signal="champion-inactive"]')).not.toBeNull();
    expect(screen.getByRole('img', { name: /Daily, weekly and monthly active users/ })).toBeTruthy();
    expect(screen.getByText('Slow exports')).toBeTruthy();
    expect(screen.getByText(/synced 1 h ago/)).toBeTruthy();
  });

  it('opens the score history from the score: the weekly line over the band zones and what changed', async () => {
    render(<Panel source={fake()} record={record} />);
    await screen.findByTestId('account-name');
    expect(screen.queryByTestId('history-chart')).toBeNull();
    const badge = screen.getByTitle('Show the score history (26 weeks)');
    fireEvent.click(badge);
    const chart = await screen.findByTestId('history-chart');
    const h = history.history;
    expect(h).toHaveLength(26);
    const last = h[25];
    expect(chart.querySelector('svg')?.getAttribute('aria-label')).toContain(
      `${Math.round(last.score ?? Number.NaN)} on 31 Oct 2026`,
    );
    expect(chart.querySelectorAll('.hb-zone')).toHaveLength(3);
    expect(chart.querySelectorAll('circle')).toHaveLength(h.filter((e) => e.score !== null).length);
    fireEvent.click(screen.getByRole('button', { name: /Show all \d+ weeks with a change/ }));
    // The champion was last seen on 1 Sep: the signal fires from the first week 30 days later.
    const week = document.querySelector(
      '[data-testid="history-week"][data-date="2026-10-03"]',
    ) as HTMLElement;
    expect(week.textContent).toContain('New: Champion inactive');
    // The NPS 2 of 10 Oct: a detractor from the week of 10 Oct.
    const detractor = document.querySelector('[data-date="2026-10-10"]') as HTMLElement;
    expect(detractor.textContent).toContain('New: Detractor');
    // Satisfaction enters at 0 points, so every other component's share of the score drops.
    expect(detractor.textContent).toMatch(
      /^10 Oct 52 At risk \(−19\.2\)Engagement moved most \(−11\.1 points\)/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Hide score history' }));
    expect(screen.queryByTestId('history-chart')).toBeNull();
  });

  it('shows "—" with a reason for a metric that cannot be computed', async () => {
    render(<Panel source={fake()} record={record} />);
    await screen.findByTestId('account-name');
    const csat = screen.getByText('CSAT (180 d)').parentElement as HTMLElement;
    expect(within(csat).getByLabelText('not available: No CSAT answers in 180 days').textContent).toBe('—');
  });

  it('says when it is not set up, with a link to the options', async () => {
    render(
      <Panel
        source={fake({
          statusValue: {
            ...okStatus,
            configured: false,
            hasData: false,
            sync: { status: 'never', pages: 0, records: 0, rejected: 0 },
          },
        })}
        record={record}
      />,
    );
    expect((await screen.findByTestId('panel-setup')).textContent).toContain('not set up yet');
    expect(screen.getByRole('link', { name: 'Open the options' }).getAttribute('href')).toBe('/options.html');
  });

  it('offers diagnostics and a picker when no account matches', async () => {
    let remembered = '';
    const src = fake({
      resolution: { status: 'none', tried: ['HubSpot company id 2'] },
      remember: async (_r, id) => {
        remembered = id;
      },
    });
    render(
      <Panel
        source={src}
        record={{
          ...record,
          diagnostics: {
            detector: 'hubspot',
            urlMatched: true,
            anchorsTried: [{ name: 'association card', selector: '[data-test-id]', found: false }],
            note: 'No associated company found.',
          },
        }}
      />,
    );
    expect((await screen.findByTestId('panel-nomatch')).textContent).toContain('No matching account');
    expect(screen.getByText(/Matched against the data: HubSpot company id 2/)).toBeTruthy();
    expect(screen.getByText('No associated company found.')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'acm' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Acme' }));
    await waitFor(() => expect(remembered).toBe('a1'));
  });

  it('asks which account when several match', async () => {
    render(
      <Panel
        source={fake({
          resolution: {
            status: 'ambiguous',
            by: 'domain',
            candidates: [
              { id: 'a1', name: 'Acme' },
              { id: 'a2', name: 'Acme EU' },
            ],
          },
        })}
        record={record}
      />,
    );
    expect((await screen.findByTestId('panel-ambiguous')).textContent).toContain('Which account is this?');
    expect(screen.getByRole('button', { name: 'Acme EU' })).toBeTruthy();
  });

  it('says so when the background refuses to remember a pick', async () => {
    render(
      <Panel
        source={fake({
          resolution: {
            status: 'ambiguous',
            by: 'domain',
            candidates: [
              { id: 'a1', name: 'Acme' },
              { id: 'a2', name: 'Acme EU' },
            ],
          },
          remember: async () => {
            throw new Error('Healthbar remembers a pick only for the record open in this tab.');
          },
        })}
        record={record}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Acme EU' }));
    expect((await screen.findByTestId('pick-error')).textContent).toContain(
      'only for the record open in this tab',
    );
  });

  it('while it asks the background which record it shows, it says so (not "no record")', async () => {
    render(<Panel source={fake()} record={undefined} />);
    expect(await screen.findByText('Looking for the record…')).toBeTruthy();
    expect(screen.queryByTestId('panel-empty')).toBeNull();
  });

  it('waits while the page has not shown the account yet', async () => {
    render(
      <Panel
        source={fake({ resolution: { status: 'none', tried: [] } })}
        record={{ ...record, pending: true }}
      />,
    );
    expect(await screen.findByText('Waiting for the page to show the account…')).toBeTruthy();
  });

  it('marks stale and offline data but keeps showing it', async () => {
    render(
      <Panel
        source={fake({
          statusValue: {
            ...okStatus,
            sync: { ...okStatus.sync, status: 'offline', lastSuccessAt: '2026-11-20T10:00:00Z' },
          },
        })}
        record={record}
      />,
    );
    expect((await screen.findByTestId('banner')).textContent).toContain(
      'Offline — showing cached data from 3 days ago',
    );
    expect(await screen.findByTestId('account-name')).toBeTruthy();
    cleanup();
    render(
      <Panel
        source={fake({
          statusValue: { ...okStatus, sync: { ...okStatus.sync, lastSuccessAt: '2026-11-21T10:00:00Z' } },
        })}
        record={record}
      />,
    );
    expect((await screen.findByTestId('banner')).textContent).toContain('Stale — last synced 2 days ago');
  });

  it('follows the sync: opened before the first sync, it shows the account once the sync ends', async () => {
    const notSetUp: PanelStatus = {
      ...okStatus,
      configured: true,
      hasData: false,
      sync: { status: 'syncing', pages: 0, records: 0, rejected: 0 },
    };
    let current = notSetUp;
    const listeners = new Set<() => void>();
    render(
      <Panel
        source={fake({
          status: async () => current,
          subscribe: (onChange) => {
            listeners.add(onChange);
            return () => listeners.delete(onChange);
          },
        })}
        record={record}
      />,
    );
    expect(await screen.findByTestId('panel-setup')).toBeTruthy();
    current = okStatus;
    for (const l of listeners) l();
    expect(await screen.findByTestId('account-name')).toBeTruthy();
    expect(screen.queryByTestId('panel-setup')).toBeNull();
    // A full re-fetch under way: the data stays and the banner says why it may be behind.
    current = { ...okStatus, sync: { ...okStatus.sync, status: 'syncing', refreshing: true } };
    for (const l of listeners) l();
    expect((await screen.findByTestId('banner')).textContent).toBe(REFRESHING_NOTE);
    expect(screen.getByTestId('account-name')).toBeTruthy();
  });

  it('shows an error that says what to do', async () => {
    render(
      <Panel
        source={fake({ view: async () => Promise.reject(new Error('IndexedDB broke')) })}
        record={record}
      />,
    );
    const err = await screen.findByTestId('panel-error', {}, { timeout: 4000 });
    expect(err.textContent).toContain('IndexedDB broke');
    expect(err.textContent).toContain('clear the cache in the options');
  });

  it('shows a loading skeleton first, never a blank panel', () => {
    render(<Panel source={fake()} record={record} />);
    expect(screen.getByText('Opening Healthbar…')).toBeTruthy();
  });

  it('explains itself when no record is open', () => {
    render(<Panel source={fake()} record={null} />);
    expect(screen.getByTestId('panel-empty').textContent).toContain('Open a company, deal or ticket');
  });
});

describe('page-type order', () => {
  it('leads with signals and revenue on deals, support on tickets, the full view on companies', () => {
    expect(sectionOrder('opportunity', 'csm').slice(0, 3)).toEqual(['signals', 'pipeline', 'revenue']);
    expect(sectionOrder('deal', 'csm').slice(0, 3)).toEqual(['signals', 'pipeline', 'revenue']);
    expect(sectionOrder('company', 'csm')).toContain('pipeline');
    expect(sectionOrder('ticket', 'sales')).not.toContain('pipeline');
    expect(sectionOrder('ticket', 'csm').slice(0, 2)).toEqual(['signals', 'support']);
    expect(sectionOrder('company', 'csm')[0]).toBe('why');
    expect(sectionOrder('company', 'support')[1]).toBe('support');
  });
  it('puts upsell signals first on deals and risks first elsewhere', () => {
    const s = (id: string, kind: 'risk' | 'upsell', severity: 'high' | 'low') =>
      ({ id, kind, severity, evidence: '', action: '' }) as unknown as Signal;
    const list = [s('a', 'risk', 'low'), s('b', 'upsell', 'high'), s('c', 'risk', 'high')];
    expect(orderSignals(list, 'deal').map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(orderSignals(list, 'ticket').map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('record schema and summary', () => {
  it('accepts a detected record and refuses malformed ones', () => {
    expect(panelRecordSchema.parse(record)).toEqual(record);
    expect(panelRecordSchema.safeParse('not-json').success).toBe(false);
    expect(panelRecordSchema.safeParse({ crm: 'evilcrm', objectType: 'x', recordId: '1' }).success).toBe(
      false,
    );
    expect(panelRecordSchema.safeParse({ crm: 'hubspot', objectType: 'x', recordId: '' }).success).toBe(
      false,
    );
  });
  it('summarises in plain text', () => {
    const text = summaryText(view);
    expect(text.split('\n')[0]).toContain('Acme <img src=x onerror=alert(1)> — ');
    expect(text).toContain('as of 31 Oct 2026');
    expect(text).toContain('MRR $120 · NRR 120%');
    expect(text).toContain('Next step:');
  });
});

describe('account status in the panel (issue 33)', () => {
  let churned: AccountView;
  let stale: AccountView;
  beforeAll(async () => {
    const parsed = parseDataset({
      schemaVersion: 1,
      currency: 'USD',
      dataThrough: '2026-10-31',
      accounts: [
        // Paid $2,392 in August and September 2026, nothing in October: churned in October 2026.
        {
          id: 'gone',
          name: 'Amberstream Labs',
          crm: { hubspotCompanyId: '7' },
          renewsOn: '2027-01-19',
          domains: ['amber.example'],
          updatedAt: '2026-10-01T00:00:00Z',
        },
        // Paying, but the CRM's renewal date is 668 days before 31 Oct 2026.
        {
          id: 'stale',
          name: 'Birchwood Co',
          crm: { hubspotCompanyId: '8' },
          renewsOn: '2025-01-01',
          domains: ['birch.example'],
          updatedAt: '2026-10-01T00:00:00Z',
        },
      ],
      revenue: [
        { accountId: 'gone', month: '2026-08', mrr: 239200 },
        { accountId: 'gone', month: '2026-09', mrr: 239200 },
        { accountId: 'stale', month: '2026-10', mrr: 50000 },
      ],
    });
    if (!parsed.ok || parsed.rejected.length > 0) throw new Error('the status fixture does not parse');
    const db = openDb({ name: 'panel-status-test' });
    await importDataset(db, parsed.dataset, { rejected: [], replaced: [] }, new Date());
    const g = await accountView(db, 'gone', '2026-11-23', DEFAULT_SETTINGS);
    const s = await accountView(db, 'stale', '2026-11-23', DEFAULT_SETTINGS);
    if (!g || !s) throw new Error('no view');
    churned = g;
    stale = s;
  });

  it("a churned account's panel says when it churned and its last MRR instead of a renewal countdown", async () => {
    render(<Panel source={fake({ view: async () => churned })} record={record} />);
    await screen.findByTestId('account-name');
    expect(screen.getByTestId('churned').textContent).toBe('Churned in October 2026 — last MRR $2,392');
    expect(screen.queryByText('Renewal')).toBeNull();
    const revenue = document.querySelector('[data-section="revenue"]') as HTMLElement;
    expect(revenue.textContent).toContain('StatusChurned in October 2026');
    expect(revenue.textContent).not.toMatch(/in \d+ days|days ago/);
    expect(summaryText(churned)).toContain('Churned in October 2026 — last MRR $2,392');
  });

  it('a renewal date already past reads as a date to update in the CRM, never "N days ago"', async () => {
    expect(stale.report.status).toBe('active');
    expect(stale.report.renewsInDays).toBe(-668);
    render(<Panel source={fake({ view: async () => stale })} record={record} />);
    await screen.findByTestId('account-name');
    const renewal = screen.getByText('Renewal').parentElement as HTMLElement;
    expect(renewal.textContent).toContain('renewal date passed on 1 Jan 2025 — update it in the CRM');
    expect(document.body.textContent).not.toContain('days ago');
    expect(summaryText(stale)).toContain('renewal date passed on 1 Jan 2025 — update it in the CRM');
    expect(summaryText(stale)).not.toContain('days ago');
  });
});

describe("the account's deals on a deal page (issue 32)", () => {
  const dealRecord: PanelRecord = {
    crm: 'hubspot',
    objectType: 'deal',
    recordId: '501',
    hints: { hubspotCompanyId: '2' },
  };
  const withDeals = (): AccountView => ({
    ...view,
    pipeline: {
      open: [
        {
          id: 'hubspot:777',
          accountId: 'a1',
          name: 'Platform upgrade',
          stage: 'contractsent',
          amount: 1_200_000,
          createdOn: '2026-09-14',
        },
        {
          id: 'hubspot:501',
          accountId: 'a1',
          name: 'Add 20 seats',
          stage: 'qualifiedtobuy',
          amount: 480_000,
          createdOn: '2026-10-02',
        },
      ],
      openAmount: 1_680_000,
      wonCount: 2,
      wonAmount: 950_000,
      lostCount: 1,
    },
  });

  it('shows the open pipeline and the won deals right after the signals, and marks the deal of the page', async () => {
    render(<Panel source={fake({ view: async () => withDeals() })} record={dealRecord} />);
    await screen.findByTestId('account-name');
    const sections = [...document.querySelectorAll('[data-section]')].map((s) =>
      s.getAttribute('data-section'),
    );
    expect(sections.slice(0, 3)).toEqual(['signals', 'pipeline', 'revenue']);
    expect(screen.getByTestId('pipeline-open').textContent).toBe('$16,800');
    expect(screen.getByTestId('pipeline-open-count').textContent).toBe('2 deals open');
    expect(screen.getByTestId('pipeline-won').textContent).toBe('$9,500');
    expect(screen.getByTestId('pipeline-won-count').textContent).toBe('2 deals won, 1 lost');
    const rows = screen.getByTestId('pipeline-deals').querySelectorAll('li');
    expect(rows[0].textContent).toContain('Platform upgrade');
    expect(rows[0].textContent).toContain('contractsent');
    expect(rows[1].textContent).toContain('(this deal)');
    expect(rows[0].textContent).not.toContain('(this deal)');
  });

  it('"Copy summary" carries the pipeline when the data has deals, and nothing about deals otherwise', () => {
    expect(summaryText(withDeals()).split('\n')[2]).toBe(
      'Pipeline $16,800 open (2 deals) · won $9,500 in 365 days (2 deals)',
    );
    expect(summaryText(view)).not.toContain('Pipeline');
  });

  it('without deals in the data: "—" with the reason, never a 0 pipeline', async () => {
    expect(view.pipeline).toBeNull();
    render(<Panel source={fake()} record={dealRecord} />);
    await screen.findByTestId('account-name');
    const section = document.querySelector('[data-section="pipeline"]') as HTMLElement;
    expect(section.querySelectorAll('abbr[aria-label^="not available: No deals in the data"]')).toHaveLength(
      2,
    );
    expect(section.textContent).not.toMatch(/\$0/);
    expect(screen.getByTestId('pipeline-none').textContent).toContain('No deals in the data');
  });

  it('matches a Salesforce opportunity by its 15- or 18-character id', async () => {
    const { isRecordDeal } = await import('./pipeline');
    const opp = { crm: 'salesforce' as const, objectType: 'opportunity', recordId: '006Dn00000AbCdE' };
    expect(isRecordDeal('salesforce:006Dn00000AbCdEIAV', opp)).toBe(true);
    expect(isRecordDeal('salesforce:006Dn00000AbCdF', opp)).toBe(false);
    expect(isRecordDeal('hubspot:006Dn00000AbCdE', opp)).toBe(false);
  });
});
