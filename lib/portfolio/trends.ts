/**
 * The four monthly portfolio trends the dashboard charts and exports (METRICS.md "Portfolio
 * trends" and `ttvTrend`): what each is called, its unit and meaning for people, which way is
 * better and why a month can have no value. One definition for the dashboard's trend cards and
 * the CSV export. Values are formatted with the metric's own format (`formatMetric`).
 *
 * Feature adoption has no trend: users carry only the date they last used each feature, so an
 * earlier month's adoption cannot be computed; the dashboard shows its current value
 * (`FEATURE_ADOPTION_NOW`).
 */
import { DASH } from '../format';
import type { TrendPoint } from '../metrics/types';
import { type BaseMetricKey, monthLabel } from './catalog';

export type MonthlyTrendKey = 'nrrTrend' | 'grrTrend' | 'logoChurnTrend' | 'ttvTrend';

export interface MonthlyTrendDef {
  key: MonthlyTrendKey;
  /** A short id (test ids, file names). */
  id: string;
  /** The metric whose format and direction the points share. */
  metric: BaseMetricKey;
  title: string;
  /** The series' name (the data table's column). */
  name: string;
  /** The unit and what the number means, in one visible line. */
  unit: string;
  /** The longer definition (hover / focus). */
  definition: string;
  better: 'higher' | 'lower';
  /** Why a point is null, as a clause after "no value:". */
  whyNull: string;
  /** A line drawn across the chart (100% for retention). */
  reference?: { value: number; label: string };
}

const COHORT_NULL = 'no account paid 12 months before, so there was no cohort to compare';

export const MONTHLY_TRENDS: readonly MonthlyTrendDef[] = [
  {
    key: 'nrrTrend',
    id: 'nrr',
    metric: 'nrr',
    title: 'NRR trend',
    name: 'NRR',
    unit: 'Percent of the MRR of 12 months before, expansion included',
    definition:
      'Net revenue retention as of the end of each of the last 11 months, then as of the as-of date. Above 100% the customers of a year ago pay more today than then.',
    better: 'higher',
    whyNull: COHORT_NULL,
    reference: { value: 1, label: '100%' },
  },
  {
    key: 'grrTrend',
    id: 'grr',
    metric: 'grr',
    title: 'GRR trend',
    name: 'GRR',
    unit: 'Percent of the MRR of 12 months before kept, expansion left out',
    definition:
      'Gross revenue retention as of the end of each of the last 11 months, then as of the as-of date: each account counts at most its MRR of 12 months before, so 100% means nothing was lost to churn or contraction.',
    better: 'higher',
    whyNull: COHORT_NULL,
    reference: { value: 1, label: '100%' },
  },
  {
    key: 'logoChurnTrend',
    id: 'logo-churn',
    metric: 'logoChurnRate',
    title: 'Logo churn trend',
    name: 'Logo churn',
    unit: 'Percent of the accounts paying 12 months before that pay nothing now',
    definition:
      'Logo churn over 12 months as of the end of each of the last 11 months, then as of the as-of date: of the accounts that paid 12 months before, the share paying nothing that month. A rising line means churn is creeping up.',
    better: 'lower',
    whyNull: COHORT_NULL,
  },
  {
    key: 'ttvTrend',
    id: 'ttv',
    metric: 'ttvDays',
    title: 'Time to value trend',
    name: 'Time to value',
    unit: 'Median days from start to first value, accounts started in the 12 months before',
    definition:
      'Time to value as of the end of each of the last 11 months, then as of the as-of date: the median days from start to the first-value milestone over the accounts that started in the 12 months before that day. A rising line means new customers take longer to get value.',
    better: 'lower',
    whyNull: 'no account that started in the 12 months before had reached first value',
  },
];

/** The definition of a trend by key. */
export function monthlyTrendDef(key: MonthlyTrendKey): MonthlyTrendDef {
  return MONTHLY_TRENDS.find((d) => d.key === key) as MonthlyTrendDef;
}

/**
 * The months without a value, as runs: "Nov 2025 – Aug 2026", "Jan 2026" (oldest first).
 * @example nullRuns(points) // ['Nov 2025 – Aug 2026']
 */
export function nullRuns(points: readonly TrendPoint[]): string[] {
  const runs: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  const close = () => {
    if (start === null || prev === null) return;
    runs.push(start === prev ? monthLabel(start) : `${monthLabel(start)} – ${monthLabel(prev)}`);
    start = null;
  };
  for (const p of points) {
    if (p.value === null) {
      if (start === null) start = p.month;
      prev = p.month;
    } else close();
  }
  close();
  return runs;
}

/** "— Nov 2025 – Aug 2026: no value: no account paid 12 months before …" (null when every month has a value). */
export function gapNote(def: MonthlyTrendDef, points: readonly TrendPoint[]): string | null {
  const runs = nullRuns(points);
  if (runs.length === 0) return null;
  const when = points.every((p) => p.value === null) ? 'every month' : runs.join(', ');
  return `${DASH} ${when}: no value — ${def.whyNull}.`;
}

/** What the dashboard says of feature adoption, which has no history. */
export const FEATURE_ADOPTION_NOW =
  'No trend: users carry only the date they last used each feature, so an earlier month’s adoption cannot be computed. This is the last 30 days; each feature’s adoption is in the Customer Success and Product tabs.';
