/**
 * The dashboard's supporting charts (DASHBOARD.md "Hierarchy"): MRR movements, the trends, and the
 * health distribution with its weekly trend.
 */
import { day, money, num, pct } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { formatMetric } from '@/lib/portfolio/catalog';
import type { DashboardView } from '@/lib/portfolio/view';
import { BandMix, MovementsChart, TrendChart } from './charts';
import { ChartCard, type Fmt, monthLabel, Sized } from './parts';

export function MovementsCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const mv = v.report.portfolio.movements;
  const compact = (x: number) => money(x, fmt.currency, fmt.locale, true);
  const full = (x: number) => money(x, fmt.currency, fmt.locale);
  const last = mv.at(-1);
  return (
    <ChartCard
      title="MRR movements, 12 months"
      cadence="monthly"
      definition="Each month’s MRR change by kind: new, expansion and reactivation add; contraction and churn subtract; the line is the net change (the sum of the five)."
      testId="chart-movements"
      table={{
        columns: ['Month', 'New', 'Expansion', 'Reactivation', 'Contraction', 'Churn', 'Net'],
        rows: mv.map((m) => [
          monthLabel(m.month),
          full(m.new),
          full(m.expansion),
          full(m.reactivation),
          full(m.contraction),
          full(m.churn),
          full(m.net),
        ]),
      }}
    >
      <Sized>
        {(w) => (
          <MovementsChart
            width={w}
            months={mv.map((m) => ({ ...m, label: monthLabel(m.month, true), title: monthLabel(m.month) }))}
            format={compact}
            label={`MRR movements for the 12 months to ${last ? monthLabel(last.month) : ''}: net ${mv
              .map((m) => `${monthLabel(m.month, true)} ${compact(m.net)}`)
              .join(', ')}`}
          />
        )}
      </Sized>
    </ChartCard>
  );
}

export function NrrTrendCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const t = v.report.portfolio.trends.nrrTrend;
  const f = (x: number) => pct(x, fmt.locale, 1);
  return (
    <ChartCard
      title="NRR trend"
      cadence="monthly"
      definition="Net revenue retention as of the end of each of the last 11 months, then as of the as-of date. Above 100% the customers of a year ago pay more today than then."
      testId="chart-nrr"
      table={{
        columns: ['Month', 'NRR'],
        rows: t.map((p) => [monthLabel(p.month), formatMetric('nrr', p.value, fmt.currency, fmt.locale)]),
      }}
    >
      <Sized>
        {(w) => (
          <TrendChart
            width={w}
            series={[{ name: 'NRR', color: 'var(--hb-accent)', values: t.map((p) => p.value) }]}
            points={t.map((p) => monthLabel(p.month))}
            format={f}
            reference={{ value: 1, label: '100%' }}
            label={`NRR over 12 months: ${t.map((p) => `${monthLabel(p.month, true)} ${formatMetric('nrr', p.value, fmt.currency, fmt.locale)}`).join(', ')}`}
          />
        )}
      </Sized>
    </ChartCard>
  );
}

export function HealthCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const h = v.report.portfolio.health;
  const t = v.report.portfolio.trends.healthTrend;
  const share = (x: number) => pct(x, fmt.locale, 0);
  const hasUnknown = t.some((p) => p.unknown > 0);
  return (
    <ChartCard
      title="Health distribution"
      cadence="weekly"
      definition="Accounts by health band (Healthy ≥ 76, At risk 51–75, Critical ≤ 50 by default; Unknown without a score), and the band counts each week for 12 weeks."
      testId="chart-health"
      table={{
        columns: ['Week', BAND_WORDS.green, BAND_WORDS.yellow, BAND_WORDS.red, BAND_WORDS.unknown],
        rows: t.map((p) => [day(p.asOf), p.green, p.yellow, p.red, p.unknown]),
      }}
    >
      <Sized>
        {(w) => (
          <>
            <BandMix
              width={w}
              counts={h}
              share={share}
              label={`Health distribution: ${h.green} healthy, ${h.yellow} at risk, ${h.red} critical, ${h.unknown} unknown`}
            />
            <TrendChart
              width={w}
              legend={false}
              height={120}
              zero
              series={[
                { name: BAND_WORDS.green, color: 'var(--hb-green)', values: t.map((p) => p.green) },
                { name: BAND_WORDS.yellow, color: 'var(--hb-yellow)', values: t.map((p) => p.yellow) },
                { name: BAND_WORDS.red, color: 'var(--hb-red)', values: t.map((p) => p.red) },
                ...(hasUnknown
                  ? [
                      {
                        name: BAND_WORDS.unknown,
                        color: 'var(--hb-muted)',
                        values: t.map((p) => p.unknown),
                        dashed: true,
                      },
                    ]
                  : []),
              ]}
              points={t.map((p) => day(p.asOf, true))}
              format={(x) => num(x, fmt.locale, 0)}
              label={`Accounts per band each week for 12 weeks: ${t.map((p) => `${day(p.asOf, true)} ${p.green} healthy, ${p.yellow} at risk, ${p.red} critical`).join('; ')}`}
            />
          </>
        )}
      </Sized>
    </ChartCard>
  );
}
