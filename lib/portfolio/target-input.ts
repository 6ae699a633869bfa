/**
 * A target's value as a person types it (percent for ratios and growth, major units for money) and
 * back, with the unit shown beside the input (the dashboard's targets form).
 */
import { fromMajor, toMajor } from '../contracts/money';
import type { MetricKind } from './catalog';

/**
 * The value a person types for a metric (percent for ratios, major units for money).
 * @example toInput('ratio', 0.75, 'USD') // 75
 */
export function toInput(kind: MetricKind, v: number, currency: string): number {
  if (kind === 'ratio' || kind === 'growth') return Math.round(v * 100 * 1e6) / 1e6;
  if (kind === 'money') return Math.round(toMajor(v, currency) * 1e6) / 1e6;
  return v;
}

export function fromInput(kind: MetricKind, v: number, currency: string): number {
  if (kind === 'ratio' || kind === 'growth') return v / 100;
  if (kind === 'money') return fromMajor(v, currency);
  return v;
}

/** The unit shown beside a target input. */
export function inputUnit(kind: MetricKind, currency: string): string {
  switch (kind) {
    case 'ratio':
    case 'growth':
      return '%';
    case 'money':
      return currency;
    case 'multiple':
      return ': 1';
    case 'days':
      return 'days';
    case 'hours':
      return 'hours';
    default:
      return '';
  }
}
