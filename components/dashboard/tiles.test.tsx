// @vitest-environment happy-dom
/** KPI tiles at a large portfolio's scale (issue 37): money compact, the whole figure in the tooltip. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricDef, metricDef } from '@/lib/portfolio/catalog';
import { MetricCard } from './parts';

afterEach(cleanup);

const fmt = { currency: 'USD', locale: 'en-US' };
const def = (k: string) => metricDef(k) as MetricDef;

describe('KPI tiles', () => {
  it('MRR and ARR from a million up: compact on the tile, exact in its title', () => {
    render(
      <>
        <MetricCard def={def('mrr')} value={29695412345} fmt={fmt} />
        <MetricCard def={def('arr')} value={356344948140} fmt={fmt} size="large" />
      </>,
    );
    const mrr = screen.getByTestId('kpi-mrr-value');
    expect(mrr.textContent).toBe('$297.0M');
    expect(mrr.getAttribute('title')).toBe('$296,954,123');
    const arr = screen.getByTestId('kpi-arr-value');
    expect(arr.textContent).toBe('$3.6B');
    expect(arr.getAttribute('title')).toBe('$3,563,449,481');
  });

  it('below a million, and for other kinds, the tile shows the whole figure with no title', () => {
    render(
      <>
        <MetricCard def={def('mrr')} value={7393800} fmt={fmt} />
        <MetricCard def={def('nrr')} value={1.054} fmt={fmt} />
      </>,
    );
    const mrr = screen.getByTestId('kpi-mrr-value');
    expect(mrr.textContent).toBe('$73,938');
    expect(mrr.hasAttribute('title')).toBe(false);
    expect(screen.getByTestId('kpi-nrr-value').textContent).toBe('105.4%');
  });
});
