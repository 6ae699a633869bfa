/** The frame of every dashboard list: a card titled with its count and review cadence, then the list and its "Show all". */
import { type ReactNode, useId } from 'react';
import { CADENCE_LABEL, type Cadence } from '@/lib/portfolio/catalog';

export function ListCard({
  title,
  count,
  cadence,
  testId,
  toggle,
  children,
}: {
  title: string;
  count: number;
  cadence: Cadence;
  testId: string;
  /** The list's "Show all N" / "Show fewer" (useShowAll), or null. */
  toggle: ReactNode;
  children: ReactNode;
}) {
  const headId = useId();
  return (
    <section className="db-card db-list" aria-labelledby={headId} data-testid={testId}>
      <header className="db-card-head">
        <h3 id={headId}>
          {title} <span className="db-count">{count}</span>
        </h3>
        <span className="db-cadence">Review {CADENCE_LABEL[cadence]}</span>
      </header>
      {children}
      {toggle}
    </section>
  );
}
