// @vitest-environment happy-dom
/**
 * The four trend charts (NRR, GRR, logo churn, time to value), feature adoption's current value,
 * and the exports' trends and churned list.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDataset } from '@/lib/demo/generate';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import type { TrendPoint } from '@/lib/metrics/types';
import { formatMetric, monthLabel } from '@/lib/portfolio/catalog';
import { csvRows, type ExportInput } from '@/lib/portfolio/csv';
import { churnText } from '@/lib/portfolio/renewal';
import { FEATURE_ADOPTION_NOW, MONTHLY_TRENDS, type MonthlyTrendKey } from '@/lib/portfolio/trends';
import { computeDashboard, type DashboardView, metricValue } from '@/lib/portfolio/view';
import { pngModel } from './export';
import { FeatureAdoptionNowCard, TrendCard } from './trend-cards';

afterEach(cleanup);

const AS_OF = '2026-10-31';
const view = computeDashboard({
  dataset: generateDataset({ accounts: 30, seed: 5, asOf: AS_OF }),
  today: '2026-11-23',
  settings: DEFAULT_SETTINGS,
  filters: { owner: 'all', segment: 'all', plan: 'all' },
  myEmail: '',
});
const fmt = { currency: view.currency, locale: 'en-US' };
const f = (k: string, v: number | null) => formatMetric(k, v, view.currency, 'en-US');

/** The view with one trend's values replaced. */
function withTrend(key: MonthlyTrendKey, values: (number | null)[]): DashboardView {
  const points: TrendPoint[] = view.report.portfolio.trends[key].map((p, i) => ({ ...p, value: values[i] }));
  const portfolio = { ...view.report.portfolio, trends: { ...view.report.portfolio.trends, [key]: points } };
  return { ...view, report: { ...view.report, portfolio } };
}

const dataRows = (card: HTMLElement) =>
  within(card)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('trend charts', () => {
  it.each(MONTHLY_TRENDS.map((d) => [d.title, d] as const))(
    '%s: unit, meaning, line and data as the report has them',
    (_, d) => {
      render(<TrendCard v={view} fmt={fmt} trend={d.key} />);
      const card = screen.getByTestId(`chart-${d.id}`);
      const points = view.report.portfolio.trends[d.key];
      expect(within(card).getByRole('heading', { level: 3 }).textContent).toContain(d.title);
      expect(within(card).getByTestId('trend-unit').textContent).toBe(`${d.unit} · ${d.better} is better`);
      expect(dataRows(card)).toEqual(points.map((p) => [monthLabel(p.month), f(d.metric, p.value)]));
      const svg = within(card).getByRole('img');
      expect(svg.getAttribute('aria-label')).toBe(
        `${d.name} over 12 months: ${points.map((p) => `${monthLabel(p.month, true)} ${f(d.metric, p.value)}`).join(', ')}`,
      );
      // One dot per month with a value, titled with the metric's own format.
      const titles = [...svg.querySelectorAll('circle > title')].map((t) => t.textContent);
      expect(titles).toEqual(
        points
          .filter((p) => p.value !== null)
          .map((p) => `${d.name}, ${monthLabel(p.month)}: ${f(d.metric, p.value)}`),
      );
    },
  );

  it('the demo data has a value in every month of every trend (no gap note)', () => {
    for (const d of MONTHLY_TRENDS) {
      expect(
        view.report.portfolio.trends[d.key].every((p) => p.value !== null),
        d.key,
      ).toBe(true);
      render(<TrendCard v={view} fmt={fmt} trend={d.key} />);
      expect(within(screen.getByTestId(`chart-${d.id}`)).queryByTestId('trend-gaps')).toBeNull();
    }
  });

  it('time to value reads in days', () => {
    const v = withTrend('ttvTrend', [12, 12.5, 13, 14, 15, 15, 16, 17, 17.5, 18, 18, 18.5]);
    render(<TrendCard v={v} fmt={fmt} trend="ttvTrend" />);
    const card = screen.getByTestId('chart-ttv');
    expect(dataRows(card).slice(-2)).toEqual([
      ['Sep 2026', '18 days'],
      ['Oct 2026', '18.5 days'],
    ]);
    expect(within(card).getByTestId('trend-unit').textContent).toContain(
      'Median days from start to first value',
    );
  });

  it('a month without a value is a gap in the line, "—" in the data, and the reason under the chart', () => {
    const values = [1.02, null, null, 1.04, 1.05, 1.06, 1.07, 1.08, 1.09, 1.1, null, 1.12];
    render(<TrendCard v={withTrend('grrTrend', values)} fmt={fmt} trend="grrTrend" />);
    const card = screen.getByTestId('chart-grr');
    const path = card.querySelector('svg path[fill="none"]')?.getAttribute('d') ?? '';
    expect(path.match(/M/g)).toHaveLength(3); // three runs of values, two gaps
    expect(card.querySelectorAll('svg circle')).toHaveLength(9);
    expect(dataRows(card)[1]).toEqual(['Dec 2025', '—']);
    expect(within(card).getByTestId('trend-gaps').textContent).toBe(
      '— Dec 2025 – Jan 2026, Sep 2026: no value — no account paid 12 months before, so there was no cohort to compare.',
    );
  });

  it('no value in any month: no line, the reason for every month', () => {
    render(<TrendCard v={withTrend('ttvTrend', Array(12).fill(null))} fmt={fmt} trend="ttvTrend" />);
    const card = screen.getByTestId('chart-ttv');
    expect(within(card).queryByRole('img')).toBeNull();
    expect(within(card).getByTestId('trend-gaps').textContent).toBe(
      '— every month: no value — no account that started in the 12 months before had reached first value.',
    );
    expect(dataRows(card).every((r) => r[1] === '—')).toBe(true);
  });
});

describe('feature adoption has no history', () => {
  it('shows its current value and says why there is no line', () => {
    render(<FeatureAdoptionNowCard v={view} fmt={fmt} />);
    const card = screen.getByTestId('adoption-now');
    const now = metricValue(view, 'featureAdoption');
    expect(now).not.toBeNull();
    expect(within(card).getByTestId('kpi-featureAdoption-value').textContent).toBe(f('featureAdoption', now));
    expect(card.textContent).toContain(FEATURE_ADOPTION_NOW);
    expect(within(card).queryByRole('img')).toBeNull();
  });
});

describe('exports', () => {
  const input: ExportInput = {
    v: view,
    locale: 'en-US',
    northStar: 'nrr',
    stageLabel: 'Growth',
    filters: 'All accounts',
    tab: 'cs',
    targets: [],
  };

  it('the PNG lists churned accounts apart, with when each churned and its last MRR', () => {
    expect(view.churned.length).toBeGreaterThan(0);
    const m = pngModel(input);
    expect(m.lists.map((l) => l.title)).toEqual([
      `At risk (${view.atRisk.length})`,
      `Upsell (${view.upsell.length})`,
      `Churned (${view.churned.length})`,
    ]);
    const a = view.churned[0];
    expect(m.lists[2].rows[0]).toBe(`${a.name} — ${churnText(a, view.currency, 'en-US')}`);
    expect(m.lists[2].rows).toHaveLength(Math.min(10, view.churned.length));
    expect(m.cards.at(-1)).toEqual({
      label: 'Feature adoption (now)',
      value: f('featureAdoption', metricValue(view, 'featureAdoption')),
    });
  });

  it('the PNG says so when nobody churned', () => {
    const m = pngModel({ ...input, v: { ...view, churned: [] } });
    expect(m.lists[2]).toEqual({ title: 'Churned (0)', rows: [], empty: 'No account has churned.' });
  });

  it('the CSV has the four trends month by month, feature adoption now, and the churned accounts', () => {
    const rows = csvRows(input);
    for (const d of MONTHLY_TRENDS) {
      const points = view.report.portfolio.trends[d.key];
      expect(rows.filter((r) => r.section === d.title).map((r) => [r.name, r.value])).toEqual(
        points.map((p) => [monthLabel(p.month), f(d.metric, p.value)]),
      );
    }
    expect(rows.find((r) => r.section === 'Trends' && r.name === 'Feature adoption')).toEqual({
      section: 'Trends',
      name: 'Feature adoption',
      value: f('featureAdoption', metricValue(view, 'featureAdoption')),
      detail: FEATURE_ADOPTION_NOW,
    });
    const churned = rows.filter((r) => r.section === 'Churned');
    expect(churned.map((r) => r.name)).toEqual(view.churned.map((a) => a.name));
    const a = view.churned[0];
    expect(churned[0].value).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    expect(churned[0].detail).toContain(`last MRR ${f('mrr', a.lastMrr)}`);
  });

  it('the CSV says why a trend month has no value', () => {
    const v = withTrend('logoChurnTrend', [null, ...Array(11).fill(0.1)]);
    const row = csvRows({ ...input, v }).find((r) => r.section === 'Logo churn trend');
    expect(row).toEqual({
      section: 'Logo churn trend',
      name: 'Nov 2025',
      value: '—',
      detail: 'not available: no account paid 12 months before, so there was no cohort to compare',
    });
  });
});
