/**
 * The dashboard's line, bar and part-of-whole charts: trends with gaps, MRR movements, the band
 * mix. Hand-written SVG for the reasons in components/charts.tsx: an accessible name stating the
 * data, the theme's colours — accent, green, yellow, red — plus the neutral foreground and border.
 * (Scales and gauges: ./scales.tsx.)
 */
import { BAND_WORDS } from '@/lib/metrics/health';
import { Legend } from '../charts';

function finiteValues(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** A value range with some air, never empty. */
function niceRange(values: number[], opts: { zero?: boolean } = {}): [number, number] {
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (opts.zero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  }
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const pad = (hi - lo) * 0.08;
  return [opts.zero && lo === 0 ? 0 : lo - pad, opts.zero && hi === 0 ? 0 : hi + pad];
}

export interface TrendSeries {
  name: string;
  color: string;
  values: (number | null)[];
  dashed?: boolean;
}

/**
 * Lines over time with gaps where a value is null, formatted ticks, an optional reference line
 * (e.g. NRR 100%) and a point title per value for hover.
 */
export function TrendChart({
  series,
  label,
  format,
  points,
  reference,
  zero = false,
  legend = true,
  width = 480,
  height = 150,
}: {
  series: TrendSeries[];
  label: string;
  format: (v: number) => string;
  /** One label per point (dates or months), oldest first. */
  points: string[];
  reference?: { value: number; label: string };
  zero?: boolean;
  /** Show the series names under the chart (off when another legend already names the colours). */
  legend?: boolean;
  width?: number;
  height?: number;
}) {
  const pad = { l: 56, r: 10, t: 8, b: 20 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = finiteValues([...series.flatMap((s) => s.values), reference?.value]);
  const [lo, hi] = niceRange(all, { zero });
  const x = (i: number) => pad.l + (n === 1 ? 0.5 : i / (n - 1)) * (width - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  const pathOf = (vals: (number | null)[]) => {
    let d = '';
    let pen = false;
    vals.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const top = all.length ? Math.max(...all) : null;
  const bottom = all.length ? Math.min(...all) : null;
  return (
    <figure className="hb-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="hb-axis" />
        {top !== null && (
          <text x={pad.l - 4} y={y(top) + 4} className="hb-tick" textAnchor="end">
            {format(top)}
          </text>
        )}
        {bottom !== null && bottom !== top && (
          <text x={pad.l - 4} y={y(bottom) + 4} className="hb-tick" textAnchor="end">
            {format(bottom)}
          </text>
        )}
        {reference && (
          <g>
            <line
              x1={pad.l}
              x2={width - pad.r}
              y1={y(reference.value)}
              y2={y(reference.value)}
              stroke="var(--hb-muted)"
              strokeDasharray="4 3"
              strokeWidth={1}
            />
            <text x={width - pad.r} y={y(reference.value) - 3} className="hb-tick" textAnchor="end">
              {reference.label}
            </text>
          </g>
        )}
        {series.map((s) => (
          <g key={s.name}>
            <path
              d={pathOf(s.values)}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '5 3' : undefined}
            />
            {s.values.map((v, i) =>
              v === null || !Number.isFinite(v) ? null : (
                <circle key={points[i] ?? i} cx={x(i)} cy={y(v)} r={2.5} fill={s.color}>
                  <title>{`${s.name}, ${points[i] ?? ''}: ${format(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
        {points.length > 0 && (
          <>
            <text x={x(0)} y={height - 5} className="hb-tick">
              {points[0]}
            </text>
            <text x={x(n - 1)} y={height - 5} className="hb-tick" textAnchor="end">
              {points[points.length - 1]}
            </text>
          </>
        )}
      </svg>
      {legend && series.length > 1 && <Legend series={series} />}
    </figure>
  );
}

export interface MovementBar {
  /** Axis label (e.g. "Nov"). */
  label: string;
  /** Full label for titles (e.g. "Nov 2026"). */
  title: string;
  new: number;
  expansion: number;
  reactivation: number;
  contraction: number;
  churn: number;
  net: number;
}

export const MOVEMENT_PARTS = [
  { key: 'new', name: 'New', color: 'var(--hb-accent)', opacity: 1 },
  { key: 'expansion', name: 'Expansion', color: 'var(--hb-green)', opacity: 1 },
  { key: 'reactivation', name: 'Reactivation', color: 'var(--hb-accent)', opacity: 0.45 },
  { key: 'contraction', name: 'Contraction', color: 'var(--hb-yellow)', opacity: 1 },
  { key: 'churn', name: 'Churn', color: 'var(--hb-red)', opacity: 1 },
] as const;

/** MRR movements per month: gains stacked up, losses stacked down, the net as a line. */
export function MovementsChart({
  months,
  label,
  format,
  width = 560,
  height = 200,
}: {
  months: MovementBar[];
  label: string;
  /** Compact money for ticks and titles. */
  format: (v: number) => string;
  width?: number;
  height?: number;
}) {
  const pad = { l: 60, r: 10, t: 10, b: 22 };
  const ups = months.map((m) => m.new + m.expansion + m.reactivation);
  const downs = months.map((m) => m.contraction + m.churn);
  const [lo, hi] = niceRange([...ups, ...downs, ...months.map((m) => m.net)], { zero: true });
  const n = Math.max(1, months.length);
  const slot = (width - pad.l - pad.r) / n;
  const bw = Math.max(4, slot * 0.62);
  const cx = (i: number) => pad.l + slot * i + slot / 2;
  const y = (v: number) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  const y0 = y(0);
  return (
    <figure className="hb-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        <text x={pad.l - 4} y={y(hi) + 8} className="hb-tick" textAnchor="end">
          {format(hi)}
        </text>
        <text x={pad.l - 4} y={y0 + 4} className="hb-tick" textAnchor="end">
          {format(0)}
        </text>
        {lo < 0 && (
          <text x={pad.l - 4} y={y(lo)} className="hb-tick" textAnchor="end">
            {format(lo)}
          </text>
        )}
        {months.map((m, i) => {
          let up = 0;
          let down = 0;
          return (
            <g key={m.title}>
              {MOVEMENT_PARTS.map((p) => {
                const v = m[p.key];
                if (!v) return null;
                const from = v > 0 ? up : down;
                const to = from + v;
                if (v > 0) up = to;
                else down = to;
                const top = Math.min(y(from), y(to));
                return (
                  <rect
                    key={p.key}
                    x={cx(i) - bw / 2}
                    y={top}
                    width={bw}
                    height={Math.max(0.5, Math.abs(y(from) - y(to)))}
                    fill={p.color}
                    fillOpacity={p.opacity}
                  >
                    <title>{`${m.title} ${p.name}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              <text x={cx(i)} y={height - 6} className="hb-tick" textAnchor="middle">
                {m.label}
              </text>
            </g>
          );
        })}
        <line x1={pad.l} x2={width - pad.r} y1={y0} y2={y0} className="hb-axis" />
        <polyline
          fill="none"
          stroke="var(--hb-fg)"
          strokeWidth={1.8}
          points={months.map((m, i) => `${cx(i).toFixed(1)},${y(m.net).toFixed(1)}`).join(' ')}
        />
        {months.map((m, i) => (
          <circle key={m.title} cx={cx(i)} cy={y(m.net)} r={3} fill="var(--hb-fg)">
            <title>{`${m.title} net: ${format(m.net)}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="hb-legend">
        {MOVEMENT_PARTS.map((p) => (
          <span key={p.key}>
            <i style={{ background: p.color, opacity: p.opacity }} aria-hidden="true" /> {p.name}
          </span>
        ))}
        <span>
          <i style={{ background: 'var(--hb-fg)', height: 3 }} aria-hidden="true" /> Net
        </span>
      </figcaption>
    </figure>
  );
}

export const BAND_PARTS = [
  { key: 'green', name: BAND_WORDS.green, color: 'var(--hb-green)' },
  { key: 'yellow', name: BAND_WORDS.yellow, color: 'var(--hb-yellow)' },
  { key: 'red', name: BAND_WORDS.red, color: 'var(--hb-red)' },
  { key: 'unknown', name: BAND_WORDS.unknown, color: 'var(--hb-border)' },
] as const;

/** Part of whole: one 100% bar split by band, counts and shares in the legend. */
export function BandMix({
  counts,
  label,
  share,
  width = 480,
  height = 28,
}: {
  counts: { green: number; yellow: number; red: number; unknown: number };
  label: string;
  /** Formats a share 0–1. */
  share: (v: number) => string;
  width?: number;
  height?: number;
}) {
  const total = counts.green + counts.yellow + counts.red + counts.unknown;
  let at = 0;
  return (
    <figure className="hb-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        {total === 0 ? (
          <rect x={0} y={0} width={width} height={height} rx={4} fill="var(--hb-border)" />
        ) : (
          BAND_PARTS.map((p) => {
            const c = counts[p.key];
            if (!c) return null;
            const w = (c / total) * width;
            const x0 = at;
            at += w;
            return (
              <g key={p.key}>
                <rect x={x0} y={0} width={w} height={height} fill={p.color}>
                  <title>{`${p.name}: ${c} (${share(c / total)})`}</title>
                </rect>
                {w > 44 && (
                  <text
                    x={x0 + w / 2}
                    y={height / 2 + 4}
                    textAnchor="middle"
                    className="hb-mix-text"
                    fill={p.key === 'unknown' ? 'var(--hb-fg)' : 'var(--hb-bg)'}
                  >
                    {share(c / total)}
                  </text>
                )}
              </g>
            );
          })
        )}
      </svg>
      <figcaption className="hb-legend">
        {BAND_PARTS.map((p) => (
          <span key={p.key}>
            <i style={{ background: p.color }} aria-hidden="true" /> {p.name} {counts[p.key]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
