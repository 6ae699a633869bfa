// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '@/lib/dataset/schema';
import { generateDataset } from '@/lib/demo/generate';
import { computeReport, DEFAULT_SETTINGS, parseSettings } from '@/lib/metrics';
import { CORE_KPIS, formatMetric, tileMetric } from '@/lib/portfolio/catalog';
import { atRiskList, upsellList } from '@/lib/portfolio/lists';
import { type DashboardPrefs, DEFAULT_DASHBOARD_PREFS, type Target } from '@/lib/portfolio/targets';
import type { DashboardHead } from '@/lib/portfolio/view';
import { Dashboard } from './Dashboard';
import type { DashboardSettings, DashboardSource } from './source';

afterEach(cleanup);

const AS_OF = '2026-10-31';
const base = generateDataset({ accounts: 30, seed: 5, asOf: AS_OF });
const first = computeReport(base, AS_OF);
const hostileId = atRiskList(first.accounts)[0].id;
const HOSTILE = 'Acme <img src=x onerror=alert(1)>';
const dataset: Dataset = {
  ...base,
  accounts: base.accounts.map((a) => (a.id === hostileId ? { ...a, name: HOSTILE } : a)),
};
const report = computeReport(dataset, AS_OF);
const f = (k: string, v: number | null) => formatMetric(k, v, report.currency, 'en-US');
/** A KPI tile's text (money from a million up compact: lib/format `tileMoney`). */
const tf = (k: string, v: number | null) => tileMetric(k, v, report.currency, 'en-US').text;

interface Fake extends DashboardSource {
  savedTargets: Target[][];
  savedPrefs: DashboardPrefs[];
  downloads: { name: string; blob: Blob }[];
}

function fake(
  over: Partial<DashboardSource> & {
    ds?: Dataset | null;
    prefs?: DashboardPrefs;
    targets?: Target[];
    myEmail?: string;
  } = {},
): Fake {
  const ds = over.ds === undefined ? dataset : over.ds;
  let targets = over.targets ?? [];
  let prefs = over.prefs ?? DEFAULT_DASHBOARD_PREFS;
  const settings: DashboardSettings = {
    myEmail: over.myEmail ?? '',
    scoring: DEFAULT_SETTINGS,
    sync: { status: 'ok', pages: 1, records: 10, rejected: 0, lastSuccessAt: '2026-11-23T09:00:00Z' },
  };
  const src: Fake = {
    savedTargets: [],
    savedPrefs: [],
    downloads: [],
    locale: 'en-US',
    now: () => new Date('2026-11-23T10:00:00Z'),
    meta: async () =>
      ds ? { version: 1, dataThrough: ds.dataThrough, currency: ds.currency, source: 'import' } : null,
    dataset: async () => ds,
    settings: async () => settings,
    loadPrefs: async () => prefs,
    savePrefs: async (p) => {
      prefs = p;
      src.savedPrefs.push(p);
    },
    loadTargets: async () => targets,
    saveTargets: async (t) => {
      targets = t;
      src.savedTargets.push(t);
    },
    openOptions: vi.fn(),
    download: (name, blob) => {
      src.downloads.push({ name, blob });
    },
    newId: () => 'id-1',
    ...over,
  };
  return src;
}

async function ready() {
  return screen.findByTestId('overview', {}, { timeout: 10_000 });
}

describe('Dashboard states', () => {
  it('loading, then the view', async () => {
    render(<Dashboard source={fake()} />);
    expect(screen.getByTestId('dashboard-loading')).toBeTruthy();
    await ready();
  });

  it('no data yet: says so and opens the options', async () => {
    const src = fake({ ds: null });
    render(<Dashboard source={src} />);
    const setup = await screen.findByTestId('dashboard-setup');
    fireEvent.click(within(setup).getByRole('button', { name: 'Open the options' }));
    expect(src.openOptions).toHaveBeenCalled();
  });

  it('an error reading the cache is shown, not thrown', async () => {
    render(
      <Dashboard
        source={fake({
          meta: async () => {
            throw new Error('IndexedDB is closed');
          },
        })}
      />,
    );
    expect((await screen.findByTestId('dashboard-error')).textContent).toContain('IndexedDB is closed');
  });

  it('no account matches the filters: an empty state', async () => {
    render(
      <Dashboard
        source={fake({
          myEmail: 'nobody@example.com',
          prefs: { ...DEFAULT_DASHBOARD_PREFS, filters: { owner: 'mine', segment: 'all', plan: 'all' } },
        })}
      />,
    );
    expect(await screen.findByTestId('dashboard-empty')).toBeTruthy();
    expect(screen.getByTestId('as-of').textContent).toContain(
      'My book (nobody@example.com) · 0 of 30 accounts',
    );
  });
});

describe('Dashboard kept head (issue 37: KPIs before the whole cache is read)', () => {
  it('keeps the computed view’s head; a later opening shows the KPIs from it while the cache is still being read', async () => {
    const kept = new Map<string, DashboardHead>();
    const store = {
      loadHead: async (data: string, key: string) => kept.get(`${data}|${key}`) ?? null,
      saveHead: async (data: string, key: string, head: DashboardHead) => {
        kept.set(`${data}|${key}`, head);
      },
    };
    render(<Dashboard source={fake(store)} />);
    await screen.findByTestId('list-at-risk', {}, { timeout: 10_000 });
    await waitFor(() => expect(kept.size).toBe(1));
    const [head] = kept.values();
    expect(head.view.report.accounts).toEqual([]);
    expect(head.accountsInView).toBe(30);
    cleanup();

    // The cache is never read now: only the head can show the KPIs.
    render(<Dashboard source={fake({ ...store, dataset: () => new Promise<Dataset | null>(() => {}) })} />);
    const overview = await ready();
    for (const k of CORE_KPIS) {
      const v = (report.portfolio as unknown as Record<string, number | null>)[k] ?? null;
      expect(within(overview).getByTestId(`kpi-${k}-value`).textContent, k).toBe(tf(k, v));
    }
    expect(screen.getByTestId('as-of').textContent).toContain('30 of 30 accounts');
    expect(screen.queryByTestId('list-at-risk')).toBeNull();
    expect(screen.getByText('Reading the account lists…')).toBeTruthy();
  });

  it('a head kept for another data version is not shown', async () => {
    const kept = new Map<string, DashboardHead>();
    const store = {
      loadHead: async (data: string, key: string) => kept.get(`${data}|${key}`) ?? null,
      saveHead: async (data: string, key: string, head: DashboardHead) => {
        kept.set(`${data}|${key}`, head);
      },
    };
    render(<Dashboard source={fake(store)} />);
    await screen.findByTestId('list-at-risk', {}, { timeout: 10_000 });
    await waitFor(() => expect(kept.size).toBe(1));
    cleanup();
    render(
      <Dashboard
        source={fake({
          ...store,
          meta: async () => ({
            version: 2,
            dataThrough: AS_OF,
            currency: dataset.currency,
            source: 'import',
          }),
          dataset: () => new Promise<Dataset | null>(() => {}),
        })}
      />,
    );
    expect(await screen.findByText('Reading the cached data…')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('overview')).toBeNull();
  });
});

describe('Dashboard view', () => {
  it('north star top-left, then every core KPI as the report has it, with definition and cadence', async () => {
    render(<Dashboard source={fake()} />);
    const overview = await ready();
    const ns = screen.getByTestId('north-star');
    expect(within(ns).getByTestId('kpi-nrr-value').textContent).toBe(tf('nrr', report.portfolio.nrr));
    expect(ns.textContent).toContain('North star · Growth preset');
    expect(overview.firstElementChild).toBe(ns);
    for (const k of CORE_KPIS) {
      const v = (report.portfolio as unknown as Record<string, number | null>)[k];
      expect(within(overview).getByTestId(`kpi-${k}-value`).textContent, k).toBe(tf(k, v));
    }
    const grr = within(overview).getByTestId('kpi-grr');
    const tip = document.getElementById(grr.getAttribute('aria-describedby') as string);
    expect(tip?.textContent).toContain('Gross revenue retention');
    expect(grr.textContent).toContain('Review monthly');
    expect(grr.tabIndex).toBe(0);
    expect(screen.getByTestId('as-of').textContent).toContain(
      'All accounts · 30 of 30 accounts · as of 31 Oct 2026',
    );
  });

  it("labels a book-scoped cache's figures as that book's own", async () => {
    render(
      <Dashboard
        source={fake({
          meta: async () => ({
            version: 1,
            dataThrough: dataset.dataThrough,
            currency: dataset.currency,
            source: 'sync',
            bookOwner: 'maria.lopez@healthbar-demo.com',
          }),
        })}
      />,
    );
    expect((await screen.findByTestId('as-of')).textContent).toMatch(
      /^Book of maria\.lopez@healthbar-demo\.com · All accounts · 30 of 30 accounts/,
    );
  });

  it('a null KPI says why', async () => {
    const noCost: Dataset = {
      ...dataset,
      accounts: dataset.accounts.map(({ acquisitionCost: _, ...a }) => a),
    };
    render(<Dashboard source={fake({ ds: noCost })} />);
    const overview = await ready();
    const cac = within(overview).getByTestId('kpi-cac-value');
    expect(cac.textContent).toBe('—');
    expect(cac.querySelector('abbr')?.getAttribute('aria-label')).toContain(
      'not available: No account started',
    );
  });

  it('charts have accessible names and data tables; lists follow DASHBOARD.md; dataset text stays text', async () => {
    render(<Dashboard source={fake()} />);
    await ready();
    expect(screen.getAllByRole('img', { name: /^MRR movements for the 12 months/ }).length).toBeGreaterThan(
      0,
    );
    expect(screen.getAllByRole('img', { name: /^NRR over 12 months/ }).length).toBeGreaterThan(0);
    const mix = screen.getAllByRole('img', { name: /^Health distribution:/ })[0];
    const h = report.portfolio.health;
    expect(mix.getAttribute('aria-label')).toBe(
      `Health distribution: ${h.green} healthy, ${h.yellow} at risk, ${h.red} critical, ${h.unknown} unknown`,
    );
    const nrrRows = within(screen.getAllByTestId('chart-nrr')[0]).getAllByRole('row').slice(1);
    expect(nrrRows.map((r) => r.lastElementChild?.textContent)).toEqual(
      report.portfolio.trends.nrrTrend.map((t) => f('nrr', t.value)),
    );
    const risk = within(screen.getByTestId('list-at-risk'))
      .getAllByTestId('list-name')
      .map((e) => e.textContent);
    expect(risk).toEqual(
      atRiskList(report.accounts)
        .slice(0, 8)
        .map((a) => a.name),
    );
    const up = within(screen.getByTestId('list-upsell'))
      .getAllByTestId('list-name')
      .map((e) => e.textContent);
    expect(up).toEqual(
      upsellList(report.accounts)
        .slice(0, 8)
        .map((a) => a.name),
    );
    expect(risk[0]).toBe(HOSTILE);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    // Each listed account opens its success review.
    const first = atRiskList(report.accounts)[0];
    const row = screen
      .getByTestId('list-at-risk')
      .querySelector(`tr[data-account-id="${first.id}"]`) as HTMLElement;
    expect(within(row).getByRole('link', { name: 'Success review' }).getAttribute('href')).toBe(
      `/review.html?account=${encodeURIComponent(first.id)}`,
    );
    const list = screen.getByTestId('list-at-risk');
    if (atRiskList(report.accounts).length > 8) {
      fireEvent.click(within(list).getByRole('button', { name: /Show all/ }));
      expect(within(list).getAllByTestId('list-name')).toHaveLength(atRiskList(report.accounts).length);
    }
  });

  it('Customer Success lists churned accounts apart, with when they churned and their last MRR; never as at risk', async () => {
    render(<Dashboard source={fake()} />);
    await ready();
    const csPanel = screen.getByTestId('panel-cs');
    const lost = report.accounts.filter((a) => a.status === 'churned');
    expect(lost.length).toBeGreaterThan(0);
    const churned = within(csPanel).getByTestId('cs-churned');
    const rows = within(churned).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(lost.length);
    for (const a of lost) {
      const row = churned.querySelector(`tr[data-account-id="${a.id}"]`) as HTMLElement;
      const [y, m] = (a.churnedIn as string).split('-').map(Number);
      const monthWord = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', {
        month: 'long',
        timeZone: 'UTC',
      });
      expect(row.textContent).toContain(`${monthWord} ${y}`);
      expect(row.textContent).toContain(f('mrr', a.lastMrr));
      expect(
        within(csPanel).getByTestId('cs-at-risk').querySelector(`tr[data-account-id="${a.id}"]`),
      ).toBeNull();
    }
  });

  it('team tabs: the growth stage opens Customer Success; clicks and arrow keys switch; the choice is saved', async () => {
    const src = fake();
    render(<Dashboard source={src} />);
    await ready();
    const cs = screen.getByRole('tab', { name: 'Customer Success' });
    expect(cs.getAttribute('aria-selected')).toBe('true');
    const csPanel = screen.getByTestId('panel-cs');
    expect(within(csPanel).getByTestId('chart-health')).toBeTruthy();
    expect(within(csPanel).getByTestId('cs-at-risk')).toBeTruthy();
    expect(within(csPanel).getByTestId('chart-feature-adoption')).toBeTruthy();
    for (const k of [
      'ttvDays',
      'openTickets',
      'openUrgent',
      'medianFirstResponseHours',
      'medianResolutionHours',
      'nps',
      'csat',
    ])
      expect(within(csPanel).getByTestId(`kpi-${k}`)).toBeTruthy();
    fireEvent.keyDown(cs, { key: 'ArrowRight' });
    const product = await screen.findByTestId('panel-product');
    for (const id of [
      'chart-dau-mau',
      'chart-feature-adoption',
      'chart-breadth-segment',
      'chart-breadth-plan',
      'chart-heatmap',
    ])
      expect(within(product).getByTestId(id)).toBeTruthy();
    expect(src.savedPrefs.at(-1)?.tab).toBe('product');
    fireEvent.click(screen.getByRole('tab', { name: 'Sales' }));
    const sales = await screen.findByTestId('panel-sales');
    expect(within(sales).getByTestId('chart-movements')).toBeTruthy();
    expect(within(sales).getByTestId('sales-upsell')).toBeTruthy();
    for (const k of ['expansionRevenue', 'salesCycleDays', 'arpa', 'cac'])
      expect(within(sales).getByTestId(`kpi-${k}`)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Executive' }));
    const exec = await screen.findByTestId('panel-executive');
    for (const k of [
      'arr',
      'arrGrowth',
      'nrr',
      'grr',
      'logoChurnRate',
      'ltv',
      'cac',
      'ltvToCac',
      'mrrGrowth',
    ])
      expect(within(exec).getByTestId(`kpi-${k}`)).toBeTruthy();
    expect(within(exec).getByTestId(`kpi-mrrGrowth-value`).textContent).toBe(
      tf('mrrGrowth', report.portfolio.trends.mrrGrowth),
    );
    expect(within(exec).getByRole('img', { name: /3 to 1 is healthy/ })).toBeTruthy();
    expect(within(exec).getByTestId('chart-nrr')).toBeTruthy();
  });

  it('stage presets pick the north star and the default tab; any metric can be the north star', async () => {
    const src = fake();
    render(<Dashboard source={src} />);
    await ready();
    fireEvent.change(screen.getByLabelText('Company stage'), { target: { value: 'early' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('north-star')).getByTestId('kpi-dauMau')).toBeTruthy(),
    );
    expect(screen.getByRole('tab', { name: 'Product' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('button', { name: 'DAU/MAU 60% → 80% in 12 months' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Company stage'), { target: { value: 'mature' } });
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Executive' }).getAttribute('aria-selected')).toBe('true'),
    );
    fireEvent.change(screen.getByLabelText('North star'), { target: { value: 'arr' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('north-star')).getByTestId('kpi-arr-value').textContent).toBe(
        tf('arr', report.portfolio.arr),
      ),
    );
    expect(src.savedPrefs.at(-1)).toMatchObject({ stage: 'mature', northStar: 'arr' });
  });

  it('filters by segment and plan: the portfolio is the filtered accounts’ own', async () => {
    render(<Dashboard source={fake()} />);
    const overview = await ready();
    const seg = report.accounts[0].segment as string;
    const plan = report.accounts[0].planId as string;
    fireEvent.change(screen.getByLabelText('Segment'), { target: { value: seg } });
    fireEvent.change(screen.getByLabelText('Plan'), { target: { value: plan } });
    const sub = report.accounts.filter((a) => a.segment === seg && a.planId === plan);
    await waitFor(() =>
      expect(screen.getByTestId('as-of').textContent).toContain(`${sub.length} of 30 accounts`),
    );
    expect(within(overview).getByTestId('kpi-mrr-value').textContent).toBe(
      tf(
        'mrr',
        sub.reduce((s, a) => s + a.mrr, 0),
      ),
    );
  });

  it('my book is disabled without an email, and filters by owner with one', async () => {
    const { unmount } = render(<Dashboard source={fake()} />);
    await ready();
    expect((screen.getByLabelText('My book') as HTMLInputElement).disabled).toBe(true);
    unmount();
    const owner = report.accounts[2].owner as string;
    render(<Dashboard source={fake({ myEmail: owner })} />);
    await ready();
    fireEvent.click(screen.getByLabelText('My book'));
    const mine = report.accounts.filter((a) => a.owner === owner);
    await waitFor(() =>
      expect(screen.getByTestId('as-of').textContent).toContain(
        `My book (${owner}) · ${mine.length} of 30 accounts`,
      ),
    );
  });

  it('uses the scoring settings in force', async () => {
    const s = parseSettings({ weights: { engagement: 0 } });
    if (!s.ok) throw new Error(s.error);
    const scored = computeReport(dataset, AS_OF, s.settings).portfolio.health;
    const src = fake({
      settings: async () => ({
        myEmail: '',
        scoring: s.settings,
        sync: { status: 'ok', pages: 0, records: 0, rejected: 0 },
      }),
    });
    render(<Dashboard source={src} />);
    await ready();
    const mix = screen.getAllByRole('img', { name: /^Health distribution:/ })[0];
    expect(mix.getAttribute('aria-label')).toContain(`${scored.green} healthy, ${scored.yellow} at risk`);
  });

  it('exports the current view as CSV', async () => {
    const src = fake();
    render(<Dashboard source={src} />);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(src.downloads).toHaveLength(1));
    expect(src.downloads[0].name).toBe('healthbar-dashboard-2026-10-31.csv');
    const text = await src.downloads[0].blob.text();
    expect(text).toContain(`North star,NRR,${f('nrr', report.portfolio.nrr)},review weekly`);
    expect(text).toContain(`Core KPIs,MRR,"${f('mrr', report.portfolio.mrr)}",review weekly`);
    expect(text).toContain(`At risk,${HOSTILE},`);
    expect(text.split('\r\n').length).toBeGreaterThan(60);
  });
});

describe('Sales tab: the deal figures (issue 32)', () => {
  const [a, b] = dataset.accounts;
  const deals: NonNullable<Dataset['deals']> = [
    {
      id: 'hubspot:1',
      accountId: a.id,
      name: 'Expansion 2027',
      amount: 900_000,
      stage: 'contractsent',
      createdOn: '2026-09-01',
    },
    { id: 'hubspot:2', accountId: b.id, amount: 250_000, stage: 'qualified', createdOn: '2026-10-01' },
    {
      id: 'hubspot:3',
      accountId: b.id,
      amount: 400_000,
      stage: 'closedwon',
      createdOn: '2026-01-01',
      closedOn: '2026-03-01',
      won: true,
    },
    {
      id: 'hubspot:4',
      accountId: a.id,
      amount: 100_000,
      stage: 'closedlost',
      createdOn: '2026-01-01',
      closedOn: '2026-04-01',
      won: false,
    },
  ];
  const salesPrefs = { ...DEFAULT_DASHBOARD_PREFS, tab: 'sales' as const };

  it('shows pipeline value, win rate and average deal size as the report has them, and the largest open deals', async () => {
    const withDeals: Dataset = { ...dataset, deals };
    const p = computeReport(withDeals, AS_OF).portfolio;
    expect(p).toMatchObject({ pipelineValue: 1_150_000, winRate: 0.5, avgDealSize: 400_000 });
    const src = fake({ ds: withDeals, prefs: salesPrefs });
    render(<Dashboard source={src} />);
    const sales = await screen.findByTestId('panel-sales', {}, { timeout: 10_000 });
    expect(within(sales).getByTestId('kpi-pipelineValue-value').textContent).toBe(
      tf('pipelineValue', 1_150_000),
    );
    expect(within(sales).getByTestId('kpi-winRate-value').textContent).toBe(tf('winRate', 0.5));
    expect(within(sales).getByTestId('kpi-avgDealSize-value').textContent).toBe(tf('avgDealSize', 400_000));
    expect(within(sales).getByTestId('kpi-winRate').textContent).toContain('deals closed in the 365 days');
    const list = within(sales).getByTestId('sales-open-deals');
    const rows = list.querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.getAttribute('data-deal-id'))).toEqual(['hubspot:1', 'hubspot:2']);
    expect(rows[0].textContent).toContain('Expansion 2027');
    expect(rows[0].textContent).toContain('contractsent');
    expect(rows[0].textContent).toContain(f('pipelineValue', 900_000));
    // The CSV of the Sales view has the figures beside the tab's other KPIs, and the deals.
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(src.downloads).toHaveLength(1));
    const text = await src.downloads[0].blob.text();
    expect(text).toContain(`Sales,Pipeline value,"${f('pipelineValue', 1_150_000)}",review weekly`);
    expect(text).toContain(`Sales,Win rate (365 d),${f('winRate', 0.5)},review monthly`);
    expect(text).toContain('Sales: largest open deals');
  });

  it('without deals: "—" with the reason, never 0, and the list says why', async () => {
    const { deals: _none, ...noDeals } = dataset;
    render(<Dashboard source={fake({ ds: noDeals, prefs: salesPrefs })} />);
    const sales = await screen.findByTestId('panel-sales', {}, { timeout: 10_000 });
    for (const k of ['pipelineValue', 'winRate', 'avgDealSize']) {
      const value = within(sales).getByTestId(`kpi-${k}-value`);
      expect(value.textContent).toBe('—');
      expect(value.querySelector('abbr')?.getAttribute('aria-label')).toContain(
        'not available: No deals in the data',
      );
    }
    expect(within(sales).getByTestId('sales-open-deals').textContent).toContain('No deals in the data');
  });
});

describe('Targets', () => {
  it('starts from a suggested preset, records the baseline, saves it and shows its gauge', async () => {
    const src = fake();
    render(<Dashboard source={src} />);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'MRR +15% in 90 days' }));
    const input = screen.getByLabelText('Target value (USD)') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe(String(Math.round(report.portfolio.mrr * 1.15) / 100)));
    expect((screen.getByLabelText('Due date') as HTMLInputElement).value).toBe('2027-01-29');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add target' }));
    });
    await waitFor(() => expect(src.savedTargets).toHaveLength(1));
    expect(src.savedTargets[0][0]).toMatchObject({
      metric: 'mrr',
      scope: { kind: 'all' },
      baseline: report.portfolio.mrr,
      target: Math.round(report.portfolio.mrr * 1.15),
      setOn: AS_OF,
      dueOn: '2027-01-29',
      presetId: 'mrr-growth',
    });
    const card = await screen.findByTestId('target');
    expect(card.getAttribute('data-status')).toBe('on-track');
    expect(within(card).getByRole('img').getAttribute('aria-label')).toMatch(
      /MRR, All accounts: 0% of the way.*On track/,
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Remove target' }));
    await waitFor(() => expect(src.savedTargets.at(-1)).toEqual([]));
  });

  it('shows met, behind and missed; refuses a target without a baseline', async () => {
    const nrr = report.portfolio.nrr as number;
    const t = (id: string, target: number, setOn: string, dueOn: string, baseline = nrr - 0.1): Target => ({
      id,
      metric: 'nrr',
      scope: { kind: 'all' },
      baseline,
      target,
      setOn,
      dueOn,
    });
    const noDeals: Dataset = {
      ...dataset,
      accounts: dataset.accounts.map(({ dealClosedOn: _, ...a }) => a),
    };
    render(
      <Dashboard
        source={fake({
          ds: noDeals,
          targets: [
            t('met', nrr - 0.05, '2026-09-01', '2026-12-31'),
            t('behind', nrr + 0.5, '2026-01-01', '2026-12-31'),
            t('missed', nrr + 0.5, '2026-01-01', '2026-10-01'),
          ],
        })}
      />,
    );
    await ready();
    await waitFor(() =>
      expect(screen.getAllByTestId('target').map((e) => e.getAttribute('data-status'))).toEqual([
        'met',
        'behind',
        'missed',
      ]),
    );
    expect(
      screen.getAllByTestId('target').map((e) => within(e).getByText(/Met|Behind|Missed/).textContent),
    ).toEqual(['Met', 'Behind', 'Missed']);
    // The sales cycle is unknown without closed deals: no baseline, so no target.
    fireEvent.change(screen.getByLabelText('Metric'), { target: { value: 'salesCycleDays' } });
    fireEvent.change(screen.getByLabelText('Target value (days)'), { target: { value: '30' } });
    await waitFor(() => expect(screen.getByTestId('target-baseline').textContent).toContain('—'));
    fireEvent.click(screen.getByRole('button', { name: 'Add target' }));
    expect((await screen.findByRole('alert')).textContent).toContain('no baseline');
  });
});
