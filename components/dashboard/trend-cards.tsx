/**
 * The dashboard's supporting charts (DASHBOARD.md "Hierarchy"): MRR movements, the trends, and the
 * health distribution with its weekly trend.
 */
import { day, money, num, pct } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { formatMetric } from '@/lib/portfolio/catalog';
import { FEATURE_ADOPTION_NOW, gapNote, type MonthlyTrendKey, monthlyTrendDef } from '@/lib/portfolio/trends';
import { type DashboardView, metricValue } from '@/lib/portfolio/view';
import { BandMix, MovementsChart, TrendChart } from './charts';
import { ChartCard, type Fmt, Kpi, monthLabel, Sized } from './parts';

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

/**
 * One of the four monthly trends (lib/portfolio/trends.ts): its unit and meaning in words, the
 * line with a gap where a month has no value and the reason under it, the numbers as a table.
 */
export function TrendCard({ v, fmt, trend }: { v: DashboardView; fmt: Fmt; trend: MonthlyTrendKey }) {
  const def = monthlyTrendDef(trend);
  const t = v.report.portfolio.trends[trend];
  const f = (x: number | null) => formatMetric(def.metric, x, fmt.currency, fmt.locale);
  const gaps = gapNote(def, t);
  const empty = t.every((p) => p.value === null);
  return (
    <ChartCard
      title={def.title}
      cadence="monthly"
      definition={def.definition}
      testId={`chart-${def.id}`}
      table={{ columns: ['Month', def.name], rows: t.map((p) => [monthLabel(p.month), f(p.value)]) }}
    >
      <p className="db-chart-unit" data-testid="trend-unit">
        {def.unit} · {def.better} is better
      </p>
      {!empty && (
        <Sized>
          {(w) => (
            <TrendChart
              width={w}
              series={[{ name: def.name, color: 'var(--hb-accent)', values: t.map((p) => p.value) }]}
              points={t.map((p) => monthLabel(p.month))}
              format={f}
              reference={def.reference}
              label={`${def.name} over 12 months: ${t.map((p) => `${monthLabel(p.month, true)} ${f(p.value)}`).join(', ')}`}
            />
          )}
        </Sized>
      )}
      {gaps !== null && (
        <p className="hb-muted db-note" data-testid="trend-gaps">
          {gaps}
        </p>
      )}
    </ChartCard>
  );
}

/** Feature adoption has no history: its current value, said to be the current one, and why there is no line. */
export function FeatureAdoptionNowCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  return (
    <section className="db-card db-adoption-now" data-testid="adoption-now" aria-label="Feature adoption now">
      <Kpi k="featureAdoption" value={metricValue(v, 'featureAdoption')} fmt={fmt} size="small" />
      <p className="hb-muted db-note">{FEATURE_ADOPTION_NOW}</p>
    </section>
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
