/** Parts every extension page (panel, popup, options, dashboard) uses the same way. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import type { SyncState } from '@/lib/sync/state';

/** A page's query client: no retries, no refetch on window focus (the pages refresh on their own events). */
export function PageQueries({ children }: { children: ReactNode }) {
  const client = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 0, refetchOnWindowFocus: false } } }),
    [],
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** A page's root component: `Body` inside the page's query client. */
export function withPageQueries<P extends object>(Body: (props: P) => ReactNode) {
  return (props: P) => (
    <PageQueries>
      <Body {...props} />
    </PageQueries>
  );
}

export interface MessageProps {
  title: string;
  children?: ReactNode;
  testId: string;
}

/** A card with a title saying what happened, and what to do below it (`className`: the page's card look). */
export function Message({
  title,
  children,
  testId,
  className = 'hb-card',
}: MessageProps & { className?: string }) {
  return (
    <section className={className} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Why a page has no data yet; `connect` says what to do when nothing is set up. */
export function noDataText(s: { configured: boolean; sync: SyncState }, connect: string): string {
  if (!s.configured) return connect;
  return s.sync.status === 'syncing' ? 'The first sync is running…' : `No data yet. ${s.sync.error ?? ''}`;
}

/** A table's column headings (`<thead>` of `<th scope="col">`). */
export function ColumnHeads({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
