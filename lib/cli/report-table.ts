/** The report CLI's `table` format: a portfolio summary, then one aligned row per account. */

import { exactMoney } from '../contracts/money';
import { BAND_LABELS } from '../metrics/health';
import { type Report, roundHalfUp } from '../metrics/index';

type AccountReport = Report['accounts'][number];

const NULL = '—';

/** Money formatter for the dataset's currency: minor units in, `$1,234.56` out (lib/contracts/money). */
export const moneyFormatter = exactMoney;

function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? NULL : `${(x * 100).toFixed(digits)}%`;
}

function num(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined
    ? NULL
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function signed(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return NULL;
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s;
  return x > 0 ? `+${s}` : `−${s}`;
}

const BAND_LABEL: Record<string, string> = BAND_LABELS;

function renewal(days: number | null | undefined): string {
  if (days === null || days === undefined) return NULL;
  if (days === 0) return 'today';
  return days > 0 ? `in ${days}d` : `${-days}d ago`;
}

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function clipText(s: string, max: number): string {
  const chars = [...s.replace(/[\r\n\t]+/g, ' ')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Widens `widths` (one per column) to fit `row`. */
function widen(widths: number[], row: readonly string[]): void {
  row.forEach((c, i) => {
    widths[i] = Math.max(widths[i] ?? 0, width(c));
  });
}

/** One row in columns of `widths`: `right[i]` right-aligns column i; a left-aligned last column is not padded. */
function padRow(r: readonly string[], widths: readonly number[], right: readonly boolean[]): string {
  return r
    .map((c, i) => {
      if (i === r.length - 1 && !right[i]) return c;
      const pad = ' '.repeat(widths[i] - width(c));
      return right[i] ? pad + c : c + pad;
    })
    .join('  ')
    .trimEnd();
}

/** Aligns rows into columns (see `padRow`). */
function alignRows(rows: string[][], right: boolean[]): string[] {
  const widths: number[] = [];
  for (const r of rows) widen(widths, r);
  return rows.map((r) => padRow(r, widths, right));
}

/** The `table` format: a portfolio summary, then one aligned row per account. */
export function* tableLines(report: Report): Generator<string> {
  const money = moneyFormatter(report.currency);
  const p = report.portfolio;
  yield `Healthbar report as of ${report.asOf} (${report.currency})`;
  yield '';
  const summary: string[][] = [
    ['Accounts', num(p.accounts), 'Paying', num(p.payingAccounts)],
    ['MRR', money(p.mrr), 'ARR', money(p.arr)],
    ['ARPA', money(p.arpa), 'Expansion (12 mo)', money(p.expansionRevenue)],
    ['NRR', pct(p.nrr), 'GRR', pct(p.grr)],
    ['Logo churn (12 mo)', pct(p.logoChurnRate), 'Monthly logo churn', pct(p.monthlyLogoChurnRate, 2)],
    ['LTV', money(p.ltv), 'CAC', money(p.cac)],
    [
      'LTV:CAC',
      num(p.ltvToCac, 1),
      'Sales cycle',
      p.salesCycleDays === null ? NULL : `${num(p.salesCycleDays, 1)} days`,
    ],
    ['NPS', num(p.nps, 0), 'CSAT', pct(p.csat, 0)],
    ['DAU/MAU', pct(p.dauMau), 'Time to value', p.ttvDays === null ? NULL : `${num(p.ttvDays, 1)} days`],
  ];
  // The deal figures only when the dataset has deals (pipelineValue is null only without any), so
  // the table of a dataset without deals is the same as before they existed.
  if (p.pipelineValue !== null) {
    summary.push(
      ['Pipeline', money(p.pipelineValue), 'Win rate (365 d)', pct(p.winRate)],
      ['Avg deal size', money(p.avgDealSize), '', ''],
    );
  }
  for (const line of alignRows(summary, [false, true, false, true])) yield line;
  const h = p.health;
  yield `Health: ${num(h.green)} healthy, ${num(h.yellow)} at risk, ${num(h.red)} critical, ${num(h.unknown)} unknown`;
  yield '';
  const header = ['Account', 'MRR', 'NRR', 'Score', 'Band', 'Δ30', 'Renewal', 'Signals'];
  const right = [false, true, true, true, false, true, true, false];
  const accounts = report.accounts;
  if (accounts.length === 0) {
    yield '(no accounts)';
    return;
  }
  // Two passes (widths, then rows) so the formatted rows are never all held at once.
  const rowOf = (a: AccountReport): string[] => [
    clipText(a.name || a.id, 32),
    money(a.mrr),
    pct(a.nrr, 0),
    a.health.score === null ? NULL : String(roundHalfUp(a.health.score)),
    a.health.band === null ? NULL : (BAND_LABEL[a.health.band] ?? a.health.band),
    signed(a.health.delta30),
    renewal(a.renewsInDays),
    a.signals.length === 0 ? NULL : a.signals.map((s) => s.id).join(', '),
  ];
  const widths = header.map(width);
  for (const a of accounts) widen(widths, rowOf(a));
  yield padRow(header, widths, right);
  for (const a of accounts) yield padRow(rowOf(a), widths, right);
}
