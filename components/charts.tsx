/**
 * Hand-written SVG charts. Why not a chart library: the panel needs five small, static charts
 * (lines, a sparkline, a gauge, a heatmap, bars); as SVG they cost about 3 KB and render in
 * well under a millisecond each, where the smallest good libraries add 40–100 KB gzipped to a
 * panel that must open instantly. Every chart has an accessible name (`role="img"` +
 * `aria-label` that states the data) and uses the 3–4 colours of the theme.
 */
import type { ReactNode } from 'react';
import { BAND_WORDS } from '@/lib/metrics/health';

export interface LineSeries {
  name: string;
  color: string;
  values: number[];
}

/** Multi-series line chart (e.g. DAU/WAU/MAU over 90 days). */
export function LineChart({
  series,
  label,
  width = 320,
  height = 110,
  xLabels,
}: {
  series: LineSeries[];
  label: string;
  width?: number;
  height?: number;
  xLabels?: [string, string];
}) {
  const pad = { l: 28, r: 6, t: 6, b: xLabels ? 16 : 4 };
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => pad.l + (i / Math.max(1, n - 1)) * (width - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  return (
    <figure className="hb-chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
        <line x1={pad.l} x2={width - pad.r} y1={y(0)} y2={y(0)} className="hb-axis" />
        <text x={pad.l - 4} y={y(max) + 8} className="hb-tick" textAnchor="end">
          {Math.round(max)}
        </text>
        <text x={pad.l - 4} y={y(0)} className="hb-tick" textAnchor="end">
          0
        </text>
        {series.map((s) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={s.color}
            strokeWidth={1.6}
            points={s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
        {xLabels && (
          <>
            <text x={pad.l} y={height - 3} className="hb-tick">
              {xLabels[0]}
            </text>
            <text x={width - pad.r} y={height - 3} className="hb-tick" textAnchor="end">
              {xLabels[1]}
            </text>
          </>
        )}
      </svg>
      <figcaption className="hb-legend">
        {series.map((s) => (
          <span key={s.name}>
            <i style={{ background: s.color }} aria-hidden="true" /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A tiny trend line with its last point marked. */
export function Sparkline({
  values,
  label,
  width = 120,
  height = 32,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const n = Math.max(1, values.length - 1);
  const pts = values.map((v, i) => [
    2 + (i / n) * (width - 4),
    2 + (1 - (v - min) / (max - min || 1)) * (height - 4),
  ]);
  const last = pts[pts.length - 1];
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <polyline
        fill="none"
        stroke="var(--hb-accent)"
        strokeWidth={1.5}
        points={pts.map((p) => p.join(',')).join(' ')}
      />
      {last && <circle cx={last[0]} cy={last[1]} r={2.5} fill="var(--hb-accent)" />}
    </svg>
  );
}

/** Semicircle gauge for a ratio (seat utilisation): full at 1, over 1 shows as full in the warning colour. */
export function Gauge({ value, label, text }: { value: number | null; label: string; text: ReactNode }) {
  const r = 34;
  const c = Math.PI * r;
  const v = value === null ? 0 : Math.max(0, Math.min(1, value));
  const color =
    value === null
      ? 'var(--hb-border)'
      : value >= 1
        ? 'var(--hb-red)'
        : value >= 0.9
          ? 'var(--hb-yellow)'
          : 'var(--hb-green)';
  return (
    <figure className="hb-gauge">
      <svg role="img" aria-label={label} viewBox="0 0 80 46" width={96} height={55}>
        <path d="M6 40 A34 34 0 0 1 74 40" fill="none" stroke="var(--hb-border)" strokeWidth={8} />
        <path
          d="M6 40 A34 34 0 0 1 74 40"
          fill="none"
          stroke={color}
          strokeWidth={8}
          strokeDasharray={`${(v * c).toFixed(1)} ${c.toFixed(1)}`}
        />
      </svg>
      <figcaption>{text}</figcaption>
    </figure>
  );
}

/** 12 weeks × 7 days of dots shaded by daily active users (oldest first). */
export function Heatmap({ values, label, start }: { values: number[]; label: string; start?: string }) {
  const max = Math.max(1, ...values);
  const cell = 11;
  const weeks = Math.ceil(values.length / 7);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${weeks * (cell + 2)} ${7 * (cell + 2)}`}
      width={weeks * (cell + 2)}
      height={7 * (cell + 2)}
      data-start={start}
    >
      {values.map((v, i) => {
        const w = Math.floor(i / 7);
        const d = i % 7;
        const o = v === 0 ? 0 : 0.2 + 0.8 * (v / max);
        return (
          <circle
            key={`${w}-${d}`}
            cx={w * (cell + 2) + cell / 2 + 1}
            cy={d * (cell + 2) + cell / 2 + 1}
            r={cell / 2}
            fill={v === 0 ? 'var(--hb-border)' : 'var(--hb-accent)'}
            fillOpacity={v === 0 ? 0.6 : o}
          >
            <title>{`${v} active`}</title>
          </circle>
        );
      })}
    </svg>
  );
}

/** Horizontal bars of ratios 0–1 (feature adoption); null shows "—". */
export function Bars({
  items,
  label,
}: {
  items: { name: string; value: number | null; text: string }[];
  label: string;
}) {
  return (
    <ul className="hb-bars" aria-label={label}>
      {items.map((it) => (
        <li key={it.name}>
          <span className="hb-bar-name">{it.name}</span>
          <span className="hb-bar-track" aria-hidden="true">
            <span
              className="hb-bar-fill"
              style={{ width: `${Math.round(Math.max(0, Math.min(1, it.value ?? 0)) * 100)}%` }}
            />
          </span>
          <span className="hb-bar-value">{it.text}</span>
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------
// Dashboard charts (same approach: hand-written SVG, an accessible name stating the data, the
// theme's colours — accent, green, yellow, red — plus the neutral foreground and border).

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
      {legend && series.length > 1 && (
        <figcaption className="hb-legend">
          {series.map((s) => (
            <span key={s.name}>
              <i style={{ background: s.color }} aria-hidden="true" /> {s.name}
            </span>
          ))}
        </figcaption>
      )}
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

/** Horizontal bars as SVG (so they export to an image): one row per item, the value text at the end. */
export function HBarChart({
  items,
  label,
  max = 1,
  width = 480,
  color = 'var(--hb-accent)',
}: {
  items: { name: string; value: number | null; text: string }[];
  label: string;
  max?: number;
  width?: number;
  color?: string;
}) {
  const row = 22;
  const nameW = Math.min(170, width * 0.36);
  const valueW = 64;
  const track = width - nameW - valueW - 8;
  const height = Math.max(row, items.length * row);
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width="100%" height={height}>
      {items.map((it, i) => {
        const v = it.value === null ? 0 : Math.max(0, Math.min(1, it.value / (max || 1)));
        const yy = i * row;
        return (
          <g key={it.name}>
            <text x={0} y={yy + 15} className="hb-bar-label">
              {it.name.length > 26 ? `${it.name.slice(0, 25)}…` : it.name}
            </text>
            <rect x={nameW} y={yy + 5} width={track} height={12} rx={3} fill="var(--hb-border)" />
            <rect x={nameW} y={yy + 5} width={v * track} height={12} rx={3} fill={color}>
              <title>{`${it.name}: ${it.text}`}</title>
            </rect>
            <text x={width} y={yy + 15} textAnchor="end" className="hb-bar-label">
              {it.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export type ProgressStatus = 'met' | 'on-track' | 'behind' | 'missed' | 'unknown';

const STATUS_COLOR: Record<ProgressStatus, string> = {
  met: 'var(--hb-green)',
  'on-track': 'var(--hb-green)',
  behind: 'var(--hb-yellow)',
  missed: 'var(--hb-red)',
  unknown: 'var(--hb-border)',
};

/** Progress to a target (0–1) on a semicircle, coloured by status, with a tick where progress should be by now. */
export function ProgressGauge({
  progress,
  elapsed,
  status,
  label,
  text,
}: {
  progress: number | null;
  elapsed: number;
  status: ProgressStatus;
  label: string;
  text: ReactNode;
}) {
  const r = 34;
  const c = Math.PI * r;
  const v = progress === null ? 0 : Math.max(0, Math.min(1, progress));
  const e = Math.max(0, Math.min(1, elapsed));
  // The arc runs from the left (angle π) to the right (0).
  const a = Math.PI * (1 - e);
  const tick = {
    x1: 40 + 28 * Math.cos(a),
    y1: 40 - 28 * Math.sin(a),
    x2: 40 + 42 * Math.cos(a),
    y2: 40 - 42 * Math.sin(a),
  };
  return (
    <figure className="hb-gauge">
      <svg role="img" aria-label={label} viewBox="0 0 80 46" width={112} height={64}>
        <path d="M6 40 A34 34 0 0 1 74 40" fill="none" stroke="var(--hb-border)" strokeWidth={8} />
        <path
          d="M6 40 A34 34 0 0 1 74 40"
          fill="none"
          stroke={STATUS_COLOR[status]}
          strokeWidth={8}
          strokeDasharray={`${(v * c).toFixed(1)} ${c.toFixed(1)}`}
        />
        {e > 0 && e < 1 && (
          <line {...tick} stroke="var(--hb-fg)" strokeWidth={1.5}>
            <title>Where progress should be by now</title>
          </line>
        )}
        <text x={40} y={40} textAnchor="middle" className="hb-gauge-text">
          {progress === null ? '—' : `${Math.round(v * 100)}%`}
        </text>
      </svg>
      <figcaption>{text}</figcaption>
    </figure>
  );
}

/** A ratio on a scale with the healthy mark (LTV/CAC with 3:1 marked). */
export function RatioScale({
  value,
  healthy,
  label,
  format,
  width = 240,
  height = 34,
}: {
  value: number | null;
  healthy: number;
  label: string;
  format: (v: number) => string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(healthy * 2, value === null ? 0 : Math.ceil(value * 1.15));
  const pad = 4;
  const x = (v: number) => pad + (Math.max(0, Math.min(max, v)) / max) * (width - 2 * pad);
  const color =
    value === null
      ? 'var(--hb-border)'
      : value >= healthy
        ? 'var(--hb-green)'
        : value >= 1
          ? 'var(--hb-yellow)'
          : 'var(--hb-red)';
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <rect x={pad} y={8} width={width - 2 * pad} height={8} rx={4} fill="var(--hb-border)" />
      {value !== null && <rect x={pad} y={8} width={x(value) - pad} height={8} rx={4} fill={color} />}
      <line x1={x(healthy)} x2={x(healthy)} y1={3} y2={21} stroke="var(--hb-fg)" strokeWidth={2} />
      <text x={x(healthy)} y={height - 2} textAnchor="middle" className="hb-tick">
        {format(healthy)} healthy
      </text>
    </svg>
  );
}
