// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import * as charts from '../charts';
import { BandMix, MovementsChart, TrendChart } from './charts';
import { HBarChart, ProgressGauge, RatioScale } from './scales';

afterEach(cleanup);

describe('dashboard charts', () => {
  it('keeps the panel’s exports', () => {
    for (const name of ['LineChart', 'Sparkline', 'Gauge', 'Heatmap', 'Bars'])
      expect(typeof (charts as Record<string, unknown>)[name]).toBe('function');
  });

  it('MRR movements: gains up, losses down, the net as a line, each part titled', () => {
    const months = [
      {
        label: 'Sep',
        title: 'Sep 2026',
        new: 100,
        expansion: 50,
        reactivation: 0,
        contraction: -20,
        churn: -30,
        net: 100,
      },
      {
        label: 'Oct',
        title: 'Oct 2026',
        new: 0,
        expansion: 10,
        reactivation: 5,
        contraction: 0,
        churn: -60,
        net: -45,
      },
    ];
    render(<MovementsChart months={months} label="MRR movements" format={(v) => `$${v}`} />);
    const svg = screen.getByRole('img', { name: 'MRR movements' });
    const titles = [...svg.querySelectorAll('rect > title')].map((t) => t.textContent);
    expect(titles).toEqual([
      'Sep 2026 New: $100',
      'Sep 2026 Expansion: $50',
      'Sep 2026 Contraction: $-20',
      'Sep 2026 Churn: $-30',
      'Oct 2026 Expansion: $10',
      'Oct 2026 Reactivation: $5',
      'Oct 2026 Churn: $-60',
    ]);
    expect(svg.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(2);
    // The zero axis lies between the stacks: gains above it, losses below.
    const zero = Number(svg.querySelector('line.hb-axis')?.getAttribute('y1'));
    const rects = [...svg.querySelectorAll('rect')];
    const gain = rects[0];
    const loss = rects[2];
    expect(Number(gain.getAttribute('y')) + Number(gain.getAttribute('height'))).toBeCloseTo(zero, 5);
    expect(Number(loss.getAttribute('y'))).toBeCloseTo(zero, 5);
    expect(screen.getByText('Net')).toBeTruthy();
  });

  it('band mix: parts proportional to counts, with counts in the legend', () => {
    render(
      <BandMix
        counts={{ green: 6, yellow: 3, red: 1, unknown: 0 }}
        label="Bands"
        share={(v) => `${Math.round(v * 100)}%`}
        width={200}
      />,
    );
    const rects = [...screen.getByRole('img', { name: 'Bands' }).querySelectorAll('rect')];
    expect(rects.map((r) => Number(r.getAttribute('width')))).toEqual([120, 60, 20]);
    expect(screen.getByText(/Healthy 6/)).toBeTruthy();
    expect(screen.getByText(/Unknown 0/)).toBeTruthy();
  });

  it('trend lines break at null values and mark the reference', () => {
    render(
      <TrendChart
        label="NRR"
        points={['a', 'b', 'c', 'd']}
        format={(v) => v.toFixed(2)}
        series={[{ name: 'NRR', color: 'red', values: [1, null, 1.1, 1.2] }]}
        reference={{ value: 1, label: '100%' }}
      />,
    );
    const svg = screen.getByRole('img', { name: 'NRR' });
    const d = svg.querySelector('path')?.getAttribute('d') ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(svg.querySelectorAll('circle')).toHaveLength(3);
    expect(screen.getByText('100%')).toBeTruthy();
  });

  it('horizontal bars, progress gauge and ratio scale have accessible names', () => {
    render(
      <>
        <HBarChart
          label="Adoption"
          items={[
            { name: 'Reports', value: 0.5, text: '50%' },
            { name: 'API', value: null, text: '—' },
          ]}
        />
        <ProgressGauge progress={0.4} elapsed={0.5} status="behind" label="Target progress" text="Behind" />
        <RatioScale value={4} healthy={3} label="LTV to CAC 4 to 1" format={(v) => `${v}:1`} />
      </>,
    );
    expect(screen.getByRole('img', { name: 'Adoption' }).textContent).toContain('Reports');
    const gauge = screen.getByRole('img', { name: 'Target progress' });
    expect(gauge.querySelectorAll('path')[1].getAttribute('stroke')).toBe('var(--hb-yellow)');
    expect(gauge.querySelector('line')).not.toBeNull();
    expect(screen.getByRole('img', { name: 'LTV to CAC 4 to 1' }).textContent).toContain('3:1 healthy');
  });
});
