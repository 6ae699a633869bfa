/**
 * The portfolio metrics a person can read, pick as north star or set a target on: one entry per
 * metric of METRICS.md that has a single portfolio value, with its definition (for the hover /
 * focus explanation), its review cadence (DASHBOARD.md "Hierarchy"), how to format it, which
 * direction is better, where its value is in the Report, and why it can be null.
 *
 * `featureAdoption` (one number) is the mean of the portfolio `featureAdoption[f]` over the tracked
 * features with a value; `featureAdoption:<key>` is one feature's portfolio adoption.
 *
 * @example formatMetric('nrr', 1.054, 'USD', 'en-US') // "105.4%"
 */
import { DASH, hours, money, num, pct, tileMoney } from '../format';
import { NO_DEALS_WHY } from '../metrics/deals';
import type { Report } from '../metrics/types';

export type MetricKind = 'money' | 'ratio' | 'growth' | 'multiple' | 'days' | 'hours' | 'count' | 'score';
export type Cadence = 'daily' | 'weekly' | 'monthly' | 'quarterly';

/** The core KPI row, in DASHBOARD.md / issue order. */
const CORE_KPI_KEYS = [
  'mrr',
  'arr',
  'nrr',
  'grr',
  'logoChurnRate',
  'arpa',
  'expansionRevenue',
  'ltv',
  'cac',
  'ltvToCac',
  'salesCycleDays',
  'nps',
  'dauMau',
  'ttvDays',
] as const;

export const METRIC_KEYS = [
  ...CORE_KPI_KEYS,
  'payingAccounts',
  'logoRetentionRate',
  'monthlyLogoChurnRate',
  'mrrGrowth',
  'arrGrowth',
  'csat',
  'featureAdoption',
  'openTickets',
  'openUrgent',
  'tickets30',
  'medianFirstResponseHours',
  'medianResolutionHours',
  'pipelineValue',
  'winRate',
  'avgDealSize',
] as const;
export type BaseMetricKey = (typeof METRIC_KEYS)[number];
/** The core KPI row, in DASHBOARD.md / issue order. */
export const CORE_KPIS: readonly BaseMetricKey[] = CORE_KPI_KEYS;
/** A base key, or `featureAdoption:<feature key>`. */
export type MetricKey = BaseMetricKey | `featureAdoption:${string}`;

export interface MetricDef {
  key: MetricKey;
  /** Name for people. */
  label: string;
  /** One or two sentences from METRICS.md. */
  definition: string;
  kind: MetricKind;
  better: 'higher' | 'lower';
  cadence: Cadence;
  value(r: Report): number | null;
  /** Why the value is null, in plain words. */
  whyNull: string;
  /** When the reason depends on the report (the deal figures: no deals at all, or none closed). */
  whyNullIn?(r: Report): string;
}

type Def = Omit<MetricDef, 'key'>;

// Why the deal figures are null when the data has no deal at all (METRICS.md: "without a deals collection").
export { NO_DEALS_WHY };

/** The deal figures' reason: no deals at all (pipelineValue is null only then), else the metric's own. */
const dealWhy = (own: string) => (r: Report) => (r.portfolio.pipelineValue === null ? NO_DEALS_WHY : own);

/** The deal figures (METRICS.md), on the Sales tab and in its exports. */
export const DEAL_METRIC_KEYS = ['pipelineValue', 'winRate', 'avgDealSize'] as const;

/** Why a metric is null in this report, in plain words. */
export function whyNullIn(def: MetricDef, r: Report): string {
  return def.whyNullIn?.(r) ?? def.whyNull;
}

function meanOf(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

const DEFS: Record<BaseMetricKey, Def> = {
  mrr: {
    label: 'MRR',
    definition:
      'Monthly recurring revenue: the sum of every account’s revenue for the month of the as-of date.',
    kind: 'money',
    better: 'higher',
    cadence: 'weekly',
    value: (r) => r.portfolio.mrr,
    whyNull: '',
  },
  arr: {
    label: 'ARR',
    definition: 'Annual recurring revenue: 12 × MRR.',
    kind: 'money',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.arr,
    whyNull: '',
  },
  nrr: {
    label: 'NRR',
    definition:
      'Net revenue retention, trailing 12 months: this month’s MRR of the accounts that paid 12 months ago ÷ their MRR then (expansion included).',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.nrr,
    whyNull: 'No account had MRR 12 months ago, so there is no cohort to compare.',
  },
  grr: {
    label: 'GRR',
    definition:
      'Gross revenue retention: like NRR, but each account counts at most its MRR of 12 months ago (expansion left out).',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.grr,
    whyNull: 'No account had MRR 12 months ago, so there is no cohort to compare.',
  },
  logoChurnRate: {
    label: 'Logo churn (12 mo)',
    definition: 'Share of the accounts that paid 12 months ago and pay nothing this month.',
    kind: 'ratio',
    better: 'lower',
    cadence: 'monthly',
    value: (r) => r.portfolio.logoChurnRate,
    whyNull: 'No account had MRR 12 months ago, so there is no cohort to compare.',
  },
  arpa: {
    label: 'ARPA',
    definition: 'Average revenue per paying account: MRR ÷ accounts with MRR above 0 this month.',
    kind: 'money',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.arpa,
    whyNull: 'No account pays this month.',
  },
  expansionRevenue: {
    label: 'Expansion (12 mo)',
    definition: 'The sum of MRR increases of accounts already paying, over the last 12 months.',
    kind: 'money',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.expansionRevenue,
    whyNull: '',
  },
  ltv: {
    label: 'LTV',
    definition: 'Lifetime value: ARPA × gross margin ÷ monthly logo churn rate.',
    kind: 'money',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.ltv,
    whyNull: 'No account churned in the last 12 months (or none pays): the lifetime would be infinite.',
  },
  cac: {
    label: 'CAC',
    definition:
      'Customer acquisition cost: the mean acquisition cost of the accounts that started in the last 12 months and have one.',
    kind: 'money',
    better: 'lower',
    cadence: 'monthly',
    value: (r) => r.portfolio.cac,
    whyNull: 'No account started in the last 12 months with a known acquisition cost.',
  },
  ltvToCac: {
    label: 'LTV / CAC',
    definition: 'LTV ÷ CAC. 3:1 or better is healthy.',
    kind: 'multiple',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.ltvToCac,
    whyNull: 'LTV or CAC is unknown (or CAC is 0).',
  },
  salesCycleDays: {
    label: 'Sales cycle',
    definition: 'Mean days from deal created to deal closed, over deals closed in the last 12 months.',
    kind: 'days',
    better: 'lower',
    cadence: 'monthly',
    value: (r) => r.portfolio.salesCycleDays,
    whyNull: 'No deal closed in the last 12 months with both dates known.',
  },
  nps: {
    label: 'NPS',
    definition:
      'Net promoter score over the NPS answers of the last 180 days: % promoters (9–10) − % detractors (0–6).',
    kind: 'score',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.nps,
    whyNull: 'No NPS answers in the last 180 days.',
  },
  dauMau: {
    label: 'DAU / MAU',
    definition:
      'Stickiness of the whole base: Σ average daily active users over 30 days ÷ Σ monthly active users.',
    kind: 'ratio',
    better: 'higher',
    cadence: 'weekly',
    value: (r) => r.portfolio.dauMau,
    whyNull: 'No monthly active users on the as-of date.',
  },
  ttvDays: {
    label: 'Time to value',
    definition:
      'Median days from start to the first-value milestone, over the accounts that started in the last 12 months.',
    kind: 'days',
    better: 'lower',
    cadence: 'monthly',
    value: (r) => r.portfolio.ttvDays,
    whyNull: 'No account that started in the last 12 months has reached first value (or none started).',
  },
  payingAccounts: {
    label: 'Paying accounts',
    definition: 'Accounts with MRR above 0 this month.',
    kind: 'count',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.payingAccounts,
    whyNull: '',
  },
  logoRetentionRate: {
    label: 'Logo retention (12 mo)',
    definition: '1 − logo churn: share of the accounts that paid 12 months ago and still pay.',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.logoRetentionRate,
    whyNull: 'No account had MRR 12 months ago, so there is no cohort to compare.',
  },
  monthlyLogoChurnRate: {
    label: 'Monthly logo churn',
    definition:
      'Accounts churning in each of the last 12 months ÷ the accounts paying the month before, summed over those months.',
    kind: 'ratio',
    better: 'lower',
    cadence: 'monthly',
    value: (r) => r.portfolio.monthlyLogoChurnRate,
    whyNull: 'No account paid in the last 12 months.',
  },
  mrrGrowth: {
    label: 'MRR growth (month)',
    definition: 'MRR this month ÷ MRR last month − 1.',
    kind: 'growth',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.trends.mrrGrowth,
    whyNull: 'There was no MRR last month.',
  },
  arrGrowth: {
    label: 'ARR growth (12 mo)',
    definition: 'ARR this month ÷ ARR 12 months ago − 1.',
    kind: 'growth',
    better: 'higher',
    cadence: 'quarterly',
    value: (r) => r.portfolio.trends.arrGrowth,
    whyNull: 'There was no ARR 12 months ago.',
  },
  csat: {
    label: 'CSAT',
    definition: 'Share of CSAT answers of 4–5 over the last 180 days.',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.csat,
    whyNull: 'No CSAT answers in the last 180 days.',
  },
  featureAdoption: {
    label: 'Feature adoption',
    definition:
      'Mean over the tracked features of their adoption: users active in the last 30 days who used the feature in those days ÷ active users.',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => meanOf(Object.values(r.portfolio.trends.featureAdoption)),
    whyNull: 'No user was active in the last 30 days (or no feature is tracked).',
  },
  openTickets: {
    label: 'Open tickets',
    definition: 'Tickets with status open or pending.',
    kind: 'count',
    better: 'lower',
    cadence: 'daily',
    value: (r) => r.portfolio.support.openTickets,
    whyNull: '',
  },
  openUrgent: {
    label: 'Open urgent',
    definition: 'Open tickets of priority high or urgent.',
    kind: 'count',
    better: 'lower',
    cadence: 'daily',
    value: (r) => r.portfolio.support.openUrgent,
    whyNull: '',
  },
  tickets30: {
    label: 'Tickets (30 d)',
    definition: 'Tickets opened in the last 30 days.',
    kind: 'count',
    better: 'lower',
    cadence: 'weekly',
    value: (r) => r.portfolio.support.tickets30,
    whyNull: '',
  },
  medianFirstResponseHours: {
    label: 'First response (median)',
    definition:
      'Median hours from a ticket opened to its first reply, over tickets opened in the last 90 days.',
    kind: 'hours',
    better: 'lower',
    cadence: 'weekly',
    value: (r) => r.portfolio.support.medianFirstResponseHours,
    whyNull: 'No ticket opened in the last 90 days has been answered.',
  },
  medianResolutionHours: {
    label: 'Resolution (median)',
    definition: 'Median hours from a ticket opened to solved, over tickets opened in the last 90 days.',
    kind: 'hours',
    better: 'lower',
    cadence: 'weekly',
    value: (r) => r.portfolio.support.medianResolutionHours,
    whyNull: 'No ticket opened in the last 90 days has been solved.',
  },
  pipelineValue: {
    label: 'Pipeline value',
    definition:
      'The sum of the amounts of the deals open on the as-of date: created on or before it and not closed by then.',
    kind: 'money',
    better: 'higher',
    cadence: 'weekly',
    value: (r) => r.portfolio.pipelineValue,
    whyNull: NO_DEALS_WHY,
  },
  winRate: {
    label: 'Win rate (365 d)',
    definition: 'Deals won ÷ deals closed, over the deals closed in the 365 days ending the as-of date.',
    kind: 'ratio',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.winRate,
    whyNull: 'No deal closed in the last 365 days (or there are no deals in the data).',
    whyNullIn: dealWhy('No deal closed in the last 365 days.'),
  },
  avgDealSize: {
    label: 'Average deal size',
    definition: 'The mean amount of the deals won in the 365 days ending the as-of date.',
    kind: 'money',
    better: 'higher',
    cadence: 'monthly',
    value: (r) => r.portfolio.avgDealSize,
    whyNull: 'No deal won in the last 365 days (or there are no deals in the data).',
    whyNullIn: dealWhy('No deal won in the last 365 days.'),
  },
};

export function isBaseMetricKey(key: string): key is BaseMetricKey {
  return (METRIC_KEYS as readonly string[]).includes(key);
}

/** The definition of a metric key, or null for an unknown key. */
export function metricDef(key: string, featureNames: Record<string, string> = {}): MetricDef | null {
  if (isBaseMetricKey(key)) return { key, ...DEFS[key] };
  if (key.startsWith('featureAdoption:')) {
    const f = key.slice('featureAdoption:'.length);
    if (!f) return null;
    return {
      key: key as MetricKey,
      label: `Adoption of ${featureNames[f] ?? f}`,
      definition: `Users active in the last 30 days who used ${featureNames[f] ?? f} in those days ÷ active users, over all accounts.`,
      kind: 'ratio',
      better: 'higher',
      cadence: 'monthly',
      value: (r) => r.portfolio.trends.featureAdoption[f] ?? null,
      whyNull: 'No user was active in the last 30 days (or the feature is not tracked).',
    };
  }
  return null;
}

/** Every metric a person can pick: the base ones, then one per tracked feature. */
export function allMetrics(featureNames: Record<string, string> = {}): MetricDef[] {
  return [
    ...METRIC_KEYS.map((k) => ({ key: k, ...DEFS[k] })),
    ...Object.keys(featureNames).map((f) => metricDef(`featureAdoption:${f}`, featureNames) as MetricDef),
  ];
}

export const CADENCE_LABEL: Record<Cadence, string> = {
  daily: 'day to day',
  weekly: 'weekly',
  monthly: 'monthly',
  quarterly: 'quarterly',
};

/** A metric value for people, with the lib/format helpers (money in the dataset currency). */
export function formatValue(kind: MetricKind, v: number | null, currency: string, locale = 'en-US'): string {
  if (v === null || !Number.isFinite(v)) return DASH;
  switch (kind) {
    case 'money':
      return money(v, currency, locale);
    case 'ratio':
      return pct(v, locale, 1);
    case 'growth':
      return `${v > 0 ? '+' : ''}${pct(v, locale, 1).replace('-', '−')}`;
    case 'multiple':
      return `${num(v, locale, 1)}:1`;
    case 'days':
      return `${num(v, locale, 1)} days`;
    case 'hours':
      return hours(v, locale);
    case 'count':
      return num(v, locale, 0);
    case 'score':
      return num(v, locale, 1);
  }
}

export function formatMetric(key: string, v: number | null, currency: string, locale = 'en-US'): string {
  const def = metricDef(key);
  return formatValue(def?.kind ?? 'count', v, currency, locale);
}

/**
 * A metric on a KPI tile: as `formatMetric`, but money from a million up compact (lib/format
 * `tileMoney`), so it fits the tile; `exact` is `formatMetric`'s figure for its tooltip (null when
 * the same).
 */
export function tileMetric(
  key: string,
  v: number | null,
  currency: string,
  locale = 'en-US',
): { text: string; exact: string | null } {
  if (metricDef(key)?.kind === 'money') return tileMoney(v, currency, locale);
  return { text: formatMetric(key, v, currency, locale), exact: null };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-10" → "Oct 2026" (or "Oct" with `short`). */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split('-').map(Number);
  return short ? MONTHS[m - 1] : `${MONTHS[m - 1]} ${y}`;
}
