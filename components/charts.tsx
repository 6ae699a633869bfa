/**
 * Hand-written SVG charts. Why not a chart library: the panel needs five small, static charts
 * (lines, a sparkline, a gauge, a heatmap, bars); as SVG they cost about 3 KB and render in
 * well under a millisecond each, where the smallest good libraries add 40–100 KB gzipped to a
 * panel that must open instantly. Every chart has an accessible name (`role="img"` +
 * `aria-label` that states the data) and uses the 3–4 colours of the theme. The dashboard's
 * charts, written the same way, are in components/dashboard/charts.tsx and scales.tsx.
 */
import type { ReactNode } from 'react';

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
      <Legend series={series} />
    </figure>
  );
}

/** The colour and name of each series, under a chart. */
export function Legend({ series }: { series: readonly { name: string; color: string }[] }) {
  return (
    <figcaption className="hb-legend">
      {series.map((s) => (
        <span key={s.name}>
          <i style={{ background: s.color }} aria-hidden="true" /> {s.name}
        </span>
      ))}
    </figcaption>
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
  const v = value === null ? 0 : Math.max(0, Math.min(1, value));
  const color =
    value === null
      ? 'var(--hb-border)'
      : value >= 1
        ? 'var(--hb-red)'
        : value >= 0.9
          ? 'var(--hb-yellow)'
          : 'var(--hb-green)';
  return <GaugeArc fill={v} color={color} label={label} text={text} width={96} height={55} />;
}

/**
 * The semicircle both gauges draw (the panel's seat utilisation, the dashboard's target progress):
 * the track, `fill` (0–1) of it in `color`, then `children` over it.
 */
export function GaugeArc({
  fill,
  color,
  label,
  text,
  width,
  height,
  children,
}: {
  fill: number;
  color: string;
  label: string;
  text: ReactNode;
  width: number;
  height: number;
  children?: ReactNode;
}) {
  const c = Math.PI * 34;
  return (
    <figure className="hb-gauge">
      <svg role="img" aria-label={label} viewBox="0 0 80 46" width={width} height={height}>
        <path d="M6 40 A34 34 0 0 1 74 40" fill="none" stroke="var(--hb-border)" strokeWidth={8} />
        <path
          d="M6 40 A34 34 0 0 1 74 40"
          fill="none"
          stroke={color}
          strokeWidth={8}
          strokeDasharray={`${(fill * c).toFixed(1)} ${c.toFixed(1)}`}
        />
        {children}
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
