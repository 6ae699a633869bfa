import type { ReactNode } from 'react';

export function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="hb-card opt-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Result({ r }: { r: { ok: boolean; message: string } | null }) {
  if (!r) return null;
  return (
    <p role="status" className={r.ok ? 'opt-ok' : 'opt-err'} data-testid="result">
      {r.message}
    </p>
  );
}

/** A size in bytes as mebibytes with one decimal (`12.3 MB`). */
export function mb(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}
