import { CORE_KPIS, formatMetric, metricDef } from '@/lib/portfolio/catalog';
import { type DashboardView, metricValue } from '@/lib/portfolio/view';
import { Sparkline } from '../charts';
import { type Fmt, Kpi, MetricCard } from './parts';
import { LtvToCacScale } from './scales';

/** The north star's own 12-month trend, when the report has one (MRR per month from the movements: each net is the change). */
function northStarTrend(v: DashboardView, key: string): number[] | null {
  const p = v.report.portfolio;
  const t = p.trends;
  let vals: (number | null)[] | null = null;
  if (key === 'nrr') vals = t.nrrTrend.map((x) => x.value);
  else if (key === 'grr') vals = t.grrTrend.map((x) => x.value);
  else if (key === 'logoChurnRate') vals = t.logoChurnTrend.map((x) => x.value);
  else if (key === 'ttvDays') vals = t.ttvTrend.map((x) => x.value);
  else if (key === 'dauMau') vals = v.usageTrend.map((x) => x.dauMau);
  else if (key === 'mrr' || key === 'arr') {
    const mrr: number[] = [p.mrr];
    for (let i = p.movements.length - 1; i > 0; i--) mrr.unshift(mrr[0] - p.movements[i].net);
    vals = key === 'arr' ? mrr.map((x) => 12 * x) : mrr;
  }
  if (!vals) return null;
  const finite = vals.filter((x): x is number => x !== null);
  return finite.length >= 2 ? finite : null;
}

export function NorthStar({
  v,
  metric,
  fmt,
  presetLabel,
}: {
  v: DashboardView;
  metric: string;
  fmt: Fmt;
  presetLabel: string;
}) {
  const def = metricDef(metric, v.featureNames);
  if (!def) return null;
  const value = def.value(v.report);
  const trend = northStarTrend(v, metric);
  return (
    <div className="db-northstar" data-testid="north-star">
      <MetricCard
        def={def}
        value={value}
        fmt={fmt}
        size="large"
        cadence="weekly"
        eyebrow={`North star · ${presetLabel}`}
        extra={
          trend && (
            <Sparkline
              values={trend}
              width={220}
              height={36}
              label={`${def.label} over the last 12 months: ${trend.map((x) => formatMetric(metric, x, fmt.currency, fmt.locale)).join(', ')}`}
            />
          )
        }
      />
    </div>
  );
}

export function KpiRow({
  v,
  fmt,
  exclude,
  healthy,
}: {
  v: DashboardView;
  fmt: Fmt;
  exclude?: string;
  healthy: number;
}) {
  const p = v.report.portfolio;
  return (
    <>
      {CORE_KPIS.filter((k) => k !== exclude).map((k) => (
        <Kpi
          key={k}
          k={k}
          value={metricValue(v, k)}
          fmt={fmt}
          extra={
            k === 'ltvToCac' ? (
              <LtvToCacScale value={p.ltvToCac} healthy={healthy} locale={fmt.locale} />
            ) : undefined
          }
        />
      ))}
    </>
  );
}
