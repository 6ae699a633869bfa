/**
 * The dashboard's scales and gauges: horizontal bars, progress to a target, a ratio against its
 * healthy mark. Hand-written SVG for the reasons in components/charts.tsx.
 */
import type { ReactNode } from 'react';
import { num } from '@/lib/format';
import { GaugeArc } from '../charts';

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
    <GaugeArc fill={v} color={STATUS_COLOR[status]} label={label} text={text} width={112} height={64}>
      {e > 0 && e < 1 && (
        <line {...tick} stroke="var(--hb-fg)" strokeWidth={1.5}>
          <title>Where progress should be by now</title>
        </line>
      )}
      <text x={40} y={40} textAnchor="middle" className="hb-gauge-text">
        {progress === null ? '—' : `${Math.round(v * 100)}%`}
      </text>
    </GaugeArc>
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

/** LTV / CAC on its scale with the healthy ratio marked (the KPI row and the Executive tab). */
export function LtvToCacScale({
  value,
  healthy,
  locale,
}: {
  value: number | null;
  healthy: number;
  locale: string;
}) {
  return (
    <RatioScale
      value={value}
      healthy={healthy}
      width={130}
      label={`LTV to CAC ${value === null ? 'unknown' : `${num(value, locale, 1)} to 1`}; ${healthy} to 1 is healthy`}
      format={(x) => `${num(x, locale, 1)}:1`}
    />
  );
}
