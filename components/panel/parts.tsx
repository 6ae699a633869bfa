/** Small pieces every part of the panel uses: a missing value, a metric, a section, the band badge. */
import type { ReactNode } from 'react';
import { DASH } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';

export function Null({ why }: { why: string }) {
  return (
    <abbr title={why} aria-label={`not available: ${why}`} className="hb-null">
      {DASH}
    </abbr>
  );
}

export function Metric({
  label,
  value,
  why,
  hint,
}: {
  label: string;
  value: ReactNode;
  why?: string | false;
  hint?: string;
}) {
  return (
    <div className="hb-metric" title={hint}>
      <dt>{label}</dt>
      <dd>{why ? <Null why={why} /> : value}</dd>
    </div>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="hb-section" aria-labelledby={`hb-${id}`} data-section={id}>
      <h2 id={`hb-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

export function BandBadge({
  band,
  score,
}: {
  band: 'green' | 'yellow' | 'red' | null;
  score: number | null;
}) {
  const label = BAND_WORDS[band ?? 'unknown'];
  return (
    <span className={`hb-badge hb-band-${band ?? 'none'}`} data-testid="band">
      <span aria-hidden="true" className="hb-dot" />
      {label}
      {score !== null && <strong data-testid="score">{score}</strong>}
    </span>
  );
}

export function Skeleton({ label }: { label: string }) {
  return (
    <div className="hb-skeleton" aria-busy="true" aria-live="polite">
      <p className="hb-muted">{label}</p>
      <div />
      <div />
      <div />
    </div>
  );
}

export { Message } from '../page-parts';
