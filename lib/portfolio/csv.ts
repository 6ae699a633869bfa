/**
 * CSV of the dashboard's current view (DASHBOARD.md "Exports"): the numbers as shown, one row per
 * metric or account, as RFC 4180 text (CRLF, quotes doubled). Text from the dataset (account
 * names, owners) that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is
 * prefixed with `'`.
 */

import { neutraliseFormula as safeText } from '../dataset/csv';
import { day, fullMonth, pct } from '../format';
import { BAND_WORDS } from '../metrics/health';
import type { AccountReport } from '../metrics/types';
import { CORE_KPIS, DEAL_METRIC_KEYS, formatMetric, metricDef, monthLabel, whyNullIn } from './catalog';
import { describeScope } from './filters';
import { topSignal } from './lists';
import { renewalLine } from './renewal';
import { evaluateTarget, STATUS_LABEL, TAB_LABEL, type TabId, type Target } from './targets';
import { FEATURE_ADOPTION_NOW, MONTHLY_TRENDS } from './trends';
import { type DashboardView, metricValue } from './view';

export interface CsvRow {
  section: string;
  name: string;
  value: string;
  detail?: string;
}

export const CSV_HEADER = ['section', 'name', 'value', 'detail'] as const;

/** Neutralises a cell a spreadsheet would read as a formula (one definition, shared with the report CLI). */
export { neutraliseFormula as safeText } from '../dataset/csv';

export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly CsvRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) lines.push([r.section, r.name, r.value, r.detail ?? ''].map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export interface ExportInput {
  v: DashboardView;
  locale: string;
  northStar: string;
  stageLabel: string;
  filters: string;
  tab: TabId;
  /** Targets with their current values (null while unknown). */
  targets: { t: Target; current: number | null }[];
}

const TAB_METRICS: Record<TabId, string[]> = {
  cs: [
    'ttvDays',
    'openTickets',
    'openUrgent',
    'medianFirstResponseHours',
    'medianResolutionHours',
    'nps',
    'csat',
  ],
  product: ['dauMau'],
  sales: ['expansionRevenue', 'salesCycleDays', 'arpa', 'cac', ...DEAL_METRIC_KEYS],
  executive: ['arr', 'arrGrowth', 'nrr', 'grr', 'logoChurnRate', 'ltv', 'cac', 'ltvToCac', 'mrrGrowth'],
};

function accountRow(
  section: string,
  a: AccountReport,
  kind: 'risk' | 'upsell',
  v: DashboardView,
  locale: string,
): CsvRow {
  const s = topSignal(a, kind);
  return {
    section,
    name: safeText(a.name),
    value: a.health.rounded === null ? 'unknown' : String(a.health.rounded),
    detail: [
      a.health.label ?? BAND_WORDS.unknown,
      `MRR ${formatMetric('mrr', a.mrr, v.currency, locale)}`,
      a.renewsInDays === null ? null : renewalLine(a, v.asOf, v.currency, locale),
      s ? `${s.id} (${s.severity})` : null,
      a.owner ? safeText(a.owner) : null,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

/** One row per metric or account, as shown. */
export function csvRows(x: ExportInput): CsvRow[] {
  const { v, locale } = x;
  const p = v.report.portfolio;
  const f = (k: string, val: number | null) => formatMetric(k, val, v.currency, locale);
  const metricRow = (section: string, k: string, cadence?: string): CsvRow => {
    const def = metricDef(k, v.featureNames);
    const val = metricValue(v, k);
    return {
      section,
      name: def?.label ?? k,
      value: f(k, val),
      detail:
        val === null
          ? `not available: ${def ? whyNullIn(def, v.report) : ''}`
          : `review ${cadence ?? def?.cadence ?? ''}`,
    };
  };
  const rows: CsvRow[] = [
    { section: 'View', name: 'As of', value: day(v.asOf) },
    {
      section: 'View',
      name: 'Accounts',
      value: String(v.report.accounts.length),
      detail: safeText(x.filters),
    },
    { section: 'View', name: 'Currency', value: v.currency },
    { section: 'View', name: 'Company stage', value: x.stageLabel },
    metricRow('North star', x.northStar, 'weekly'),
    ...CORE_KPIS.map((k) => metricRow('Core KPIs', k)),
    metricRow('Trends', 'mrrGrowth'),
    metricRow('Trends', 'arrGrowth'),
    ...p.movements.flatMap((m) =>
      (['new', 'expansion', 'reactivation', 'contraction', 'churn', 'net'] as const).map((k) => ({
        section: 'MRR movements',
        name: `${monthLabel(m.month)} ${k}`,
        value: f('mrr', m[k]),
      })),
    ),
    ...MONTHLY_TRENDS.flatMap((d) =>
      p.trends[d.key].map((t) => ({
        section: d.title,
        name: monthLabel(t.month),
        value: f(d.metric, t.value),
        ...(t.value === null ? { detail: `not available: ${d.whyNull}` } : {}),
      })),
    ),
    { ...metricRow('Trends', 'featureAdoption'), detail: FEATURE_ADOPTION_NOW },
    ...(['green', 'yellow', 'red', 'unknown'] as const).map((b) => ({
      section: 'Health distribution',
      name: BAND_WORDS[b],
      value: String(p.health[b]),
      detail: p.accounts ? pct(p.health[b] / p.accounts, locale, 0) : '',
    })),
    ...p.trends.healthTrend.map((t) => ({
      section: 'Health trend',
      name: day(t.asOf),
      value: `${t.green} healthy, ${t.yellow} at risk, ${t.red} critical, ${t.unknown} unknown`,
    })),
    ...TAB_METRICS[x.tab].map((k) => metricRow(TAB_LABEL[x.tab], k)),
  ];
  if (x.tab === 'cs' || x.tab === 'product') {
    for (const [k, val] of Object.entries(p.trends.featureAdoption)) {
      rows.push({
        section: `${TAB_LABEL[x.tab]}: feature adoption`,
        name: safeText(v.featureNames[k] ?? k),
        value: pct(val, locale, 0),
      });
    }
  }
  if (x.tab === 'product') {
    for (const u of v.usageTrend)
      rows.push({
        section: 'Product: DAU/MAU',
        name: day(u.asOf),
        value: pct(u.dauMau, locale, 1),
        detail: `stickiness ${pct(u.stickiness, locale, 1)}`,
      });
    for (const g of v.breadthBySegment)
      rows.push({
        section: 'Product: feature breadth by segment',
        name: g.name,
        value: pct(g.value, locale, 0),
      });
    for (const g of v.breadthByPlan)
      rows.push({
        section: 'Product: feature breadth by plan',
        name: safeText(g.name),
        value: pct(g.value, locale, 0),
      });
    for (const l of v.featureDemand)
      for (const e of l.accounts)
        rows.push({
          section: `Product: upsell by feature: ${safeText(v.featureNames[l.key] ?? l.key)}`,
          name: safeText(e.account.name),
          value: `${e.users} user${e.users === 1 ? '' : 's'}`,
          detail: `plan with it: ${e.planId === null ? 'none' : safeText(v.planNames[e.planId] ?? e.planId)}`,
        });
  }
  if (x.tab === 'sales')
    for (const d of v.openDeals ?? [])
      rows.push({
        section: 'Sales: largest open deals',
        name: safeText(d.account.name),
        value: f('pipelineValue', d.amount),
        detail: [d.name === null ? null : safeText(d.name), safeText(d.stage), `created ${day(d.createdOn)}`]
          .filter(Boolean)
          .join(' · '),
      });
  rows.push(...v.atRisk.map((a) => accountRow('At risk', a, 'risk', v, locale)));
  rows.push(...v.upsell.map((a) => accountRow('Upsell', a, 'upsell', v, locale)));
  rows.push(
    ...v.churned.map((a) => ({
      section: 'Churned',
      name: safeText(a.name),
      value: fullMonth(a.churnedIn),
      detail: [
        `last MRR ${formatMetric('mrr', a.lastMrr, v.currency, locale)}`,
        a.owner ? safeText(a.owner) : null,
      ]
        .filter(Boolean)
        .join(' · '),
    })),
  );
  for (const { t, current } of x.targets) {
    const pr = evaluateTarget(t, current, v.asOf);
    rows.push({
      section: 'Targets',
      name: `${metricDef(t.metric, v.featureNames)?.label ?? t.metric} (${safeText(describeScope(t.scope, v.planNames))})`,
      value: STATUS_LABEL[pr.status],
      detail: `baseline ${f(t.metric, t.baseline)} on ${t.setOn}; target ${f(t.metric, t.target)} by ${t.dueOn}; now ${f(t.metric, current)}`,
    });
  }
  return rows;
}
