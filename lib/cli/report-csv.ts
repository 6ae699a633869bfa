/** The report CLI's `csv` format: the fixed Report JSON account fields, one RFC 4180 row per account. */

import { formatCsvRow, neutraliseFormula } from '../dataset/csv';
import type { Report } from '../metrics/index';
import { COMPONENT_NAMES, type HealthComponentName } from '../metrics/types';

type AccountReport = Report['accounts'][number];

type CsvValue = string | number | boolean | null | undefined;

/** A cell's text; text from the dataset (ids, names) is neutralised against spreadsheet formulas. */
function csvText(v: CsvValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string') return neutraliseFormula(v);
  return String(v);
}

/**
 * The `csv` format's columns for a report (feature keys from the dataset, in its order);
 * `components`: the health components the report has (`weightedComponents(settings)`: the five,
 * and `sentiment` only when weighted, so a report at the defaults keeps its columns).
 */
export function reportCsvColumns(
  featureKeys: readonly string[],
  components: readonly HealthComponentName[] = COMPONENT_NAMES,
): { name: string; get: (a: AccountReport) => CsvValue }[] {
  const cols: { name: string; get: (a: AccountReport) => CsvValue }[] = [
    { name: 'id', get: (a) => a.id },
    { name: 'name', get: (a) => a.name },
    { name: 'mrr', get: (a) => a.mrr },
    { name: 'arr', get: (a) => a.arr },
    { name: 'nrr', get: (a) => a.nrr },
    { name: 'score', get: (a) => a.health.score },
    { name: 'band', get: (a) => a.health.band },
    { name: 'delta30', get: (a) => a.health.delta30 },
    { name: 'renewsInDays', get: (a) => a.renewsInDays },
    { name: 'signals', get: (a) => (a.signals.length === 0 ? null : a.signals.map((s) => s.id).join(';')) },
    { name: 'expansionRevenue', get: (a) => a.expansionRevenue },
    { name: 'ltv', get: (a) => a.ltv },
    { name: 'ttvDays', get: (a) => a.ttvDays },
    { name: 'journeyCompletion', get: (a) => a.journeyCompletion },
  ];
  for (const k of [
    'dau',
    'wau',
    'mau',
    'avgDau30',
    'stickiness',
    'seatUtilization',
    'usageChange',
    'minutesPerActiveUser',
  ] as const) {
    cols.push({ name: `usage.${k}`, get: (a) => a.usage[k] });
  }
  for (const f of featureKeys) {
    cols.push({
      name: `usage.featureAdoption.${f}`,
      get: (a) => (Object.hasOwn(a.usage.featureAdoption, f) ? a.usage.featureAdoption[f] : null),
    });
  }
  cols.push({ name: 'usage.featureBreadth', get: (a) => a.usage.featureBreadth });
  cols.push({ name: 'usage.heatmap', get: (a) => a.usage.heatmap.join(';') });
  cols.push({ name: 'nps', get: (a) => a.nps });
  cols.push({ name: 'csat', get: (a) => a.csat });
  for (const k of [
    'openTickets',
    'openUrgent',
    'tickets30',
    'medianFirstResponseHours',
    'medianResolutionHours',
  ] as const) {
    cols.push({ name: `support.${k}`, get: (a) => a.support[k] });
  }
  for (const k of components) {
    cols.push({ name: `health.components.${k}`, get: (a) => a.health.components[k] });
  }
  return cols;
}

/** The `csv` format: header, then one RFC 4180 row per account. */
export function* csvLines(
  report: Report,
  featureKeys: readonly string[],
  components: readonly HealthComponentName[] = COMPONENT_NAMES,
): Generator<string> {
  const cols = reportCsvColumns(featureKeys, components);
  yield formatCsvRow(cols.map((c) => c.name));
  for (const a of report.accounts) yield formatCsvRow(cols.map((c) => csvText(c.get(a))));
}
