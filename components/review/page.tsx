/**
 * The pieces every success review page is made of: the period's wording, a figure, a "—" with its
 * reason, the printed page and its header (used by customer-pages.tsx and internal-pages.tsx).
 */
import type { ReactNode } from 'react';
import { DASH, localeDay, signed } from '@/lib/format';
import type { Period, Window } from '@/lib/review';
import { quarterName } from '@/lib/review';

export function range(p: Period | Window, locale: string): string {
  return `${localeDay(p.from, locale)} – ${localeDay(p.to, locale)}`;
}

/** The period for people: "Q3 2026 (1 Jul 2026 – 30 Sep 2026)" or the two dates. */
export function periodTitle(p: Period, locale: string): string {
  const q = quarterName(p);
  return q ? `${q} (${range(p, locale)})` : range(p, locale);
}

/** "—" with its reason written out (a printed page has no tooltip). */
export function Missing({ why }: { why: string }) {
  return (
    <span className="rv-null">
      {DASH} <small>{why}</small>
    </span>
  );
}

/** A figure's value, or "—" with the reason when it cannot be computed. */
export function orMissing<T>(v: T | null, why: string, show: (v: T) => ReactNode): ReactNode {
  return v === null ? <Missing why={why} /> : show(v);
}

export function Figure({
  label,
  value,
  when,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  when: string;
  note?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="rv-figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note && <span className="rv-note">{note}</span>}
        <span className="rv-when">{when}</span>
      </dd>
    </div>
  );
}

export function Change({ v, locale, what }: { v: number | null; locale: string; what: string }) {
  if (v === null) return <Missing why={`no ${what} in the previous period to compare with`} />;
  return (
    <span className={v < 0 ? 'rv-down' : 'rv-up'}>{signed(v * 100, locale, 1)}% vs previous period</span>
  );
}

/** The header every printed page starts with: workspace, account, period. */
export function PageHead({
  workspaceName,
  account,
  period,
  locale,
  internal,
}: {
  workspaceName: string;
  account: string;
  period: Period;
  locale: string;
  internal?: boolean;
}) {
  return (
    <header className="rv-pagehead">
      <span>
        {workspaceName ? `${workspaceName} · ` : ''}Success review · {account}
      </span>
      <span>{internal ? 'Internal prep — not for the customer' : periodTitle(period, locale)}</span>
    </header>
  );
}

export function Page({
  id,
  title,
  head,
  children,
}: {
  id: string;
  title: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="rv-page" data-section={id} aria-labelledby={`rv-${id}`}>
      {head}
      <h2 id={`rv-${id}`}>{title}</h2>
      {children}
    </section>
  );
}
