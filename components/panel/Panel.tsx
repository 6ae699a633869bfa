import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import { CRM_NAMES } from '@/lib/crm/names';
import type { AccountView } from '@/lib/db/account-view';
import { ago, day, signed } from '@/lib/format';
import { reviewHref } from '@/lib/review/period';
import { Brand } from '../Brand';
import { noDataText } from '../page-parts';
import { ScoreHistory } from './History';
import { bannerText, headerMeta, NO_DELTA_WHY } from './header-text';
import { BandBadge, Message, Null, Skeleton } from './parts';
import { Pipeline } from './pipeline';
import { type FirstPaint, markScoreVisible } from './score-mark';
import { Revenue, Signals, Support, Usage, Why } from './sections';
import { type PanelRecord, type PanelSource, recordKey } from './source';
import { summaryText } from './summary';

type SectionId = 'signals' | 'pipeline' | 'why' | 'usage' | 'revenue' | 'support';

/**
 * Section order per page type (docs: deal pages lead with upsell and revenue, tickets with risk and
 * support). The account's deals (pipeline.tsx) follow the signals on deal pages and for sales reps,
 * come after revenue on company pages, and are left out on ticket pages and for support agents.
 */
export function sectionOrder(objectType: string, role: string): SectionId[] {
  const deal = ['deal', 'opportunity', 'lead'].includes(objectType);
  const ticket = ['ticket', 'case'].includes(objectType);
  if (deal || (role === 'sales' && !ticket))
    return ['signals', 'pipeline', 'revenue', 'why', 'usage', 'support'];
  if (ticket || role === 'support') return ['signals', 'support', 'revenue', 'why', 'usage'];
  return ['why', 'signals', 'usage', 'revenue', 'pipeline', 'support'];
}

function Header({
  v,
  source,
  syncedAt,
  historyOpen,
  onHistory,
}: {
  v: AccountView;
  source: PanelSource;
  syncedAt?: string;
  historyOpen: boolean;
  onHistory: () => void;
}) {
  const h = v.report.health;
  const a = v.account;
  const meta = headerMeta(v);
  return (
    <header className="hb-head">
      <div className="hb-head-top">
        <h1 data-testid="account-name">{a.name}</h1>
        <button
          type="button"
          className="hb-badge-button"
          onClick={onHistory}
          aria-expanded={historyOpen}
          aria-controls="hb-history-section"
          title={historyOpen ? 'Hide the score history' : 'Show the score history (26 weeks)'}
        >
          <BandBadge band={h.band} score={h.rounded} />
        </button>
      </div>
      {meta && <p className="hb-muted">{meta}</p>}
      <p className="hb-muted hb-small">
        30-day change{' '}
        {h.delta30 === null ? (
          <Null why={NO_DELTA_WHY} />
        ) : (
          <strong className={h.delta30 < 0 ? 'hb-down' : 'hb-up'}>{signed(h.delta30, source.locale)}</strong>
        )}{' '}
        ·{' '}
        <button type="button" className="hb-link" onClick={onHistory} aria-expanded={historyOpen}>
          {historyOpen ? 'Hide score history' : 'Score history'}
        </button>{' '}
        · as of {day(v.asOf, true)} · synced {ago(syncedAt, source.now())}
      </p>
    </header>
  );
}

function CopySummary({ v, locale }: { v: AccountView; locale: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="hb-button"
      onClick={async () => {
        const text = summaryText(v, locale);
        try {
          await navigator.clipboard.writeText(text);
          setDone('copied');
        } catch {
          // Older embedding policies block the async clipboard; a selected textarea still copies.
          const ta = document.createElement('textarea');
          ta.value = text;
          document.body.append(ta);
          ta.select();
          const ok = document.execCommand('copy');
          ta.remove();
          setDone(ok ? 'copied' : 'failed');
        }
      }}
    >
      {done === 'copied'
        ? 'Summary copied'
        : done === 'failed'
          ? 'Copy failed — select and copy by hand'
          : 'Copy summary'}
    </button>
  );
}

function Picker({
  source,
  record,
  candidates,
  onPick,
}: {
  source: PanelSource;
  record: PanelRecord;
  candidates?: { id: string; name: string }[];
  onPick: () => void;
}) {
  const [q, setQ] = useState('');
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => source.search(q),
    enabled: q.trim().length >= 2,
  });
  const list = candidates ?? results.data ?? [];
  const [error, setError] = useState('');
  const pick = async (id: string) => {
    try {
      await source.remember(record, id);
      setError('');
      onPick();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="hb-picker">
      {!candidates && (
        <label>
          Find the account{' '}
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Name or domain"
          />
        </label>
      )}
      <ul>
        {list.map((c) => (
          <li key={c.id}>
            <button type="button" className="hb-link" onClick={() => pick(c.id)}>
              {c.name}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="hb-muted" data-testid="pick-error">
          {error}
        </p>
      )}
    </div>
  );
}

function Diagnostics({ record, tried }: { record: PanelRecord; tried: string[] }) {
  const d = record.diagnostics;
  return (
    <details className="hb-diag">
      <summary>What Healthbar looked for</summary>
      <p>
        Detector: {d?.detector ?? record.crm} · {CRM_NAMES[record.crm]} {record.objectType} {record.recordId}
      </p>
      {d?.note && <p>{d.note}</p>}
      {d && d.anchorsTried.length > 0 && (
        <ul>
          {d.anchorsTried.map((a) => (
            <li key={a.name}>
              {a.found ? '✓' : '✗'} {a.name} <code>{a.selector}</code>
              {a.skipped ? ` (${a.skipped} hidden skipped)` : ''}
            </li>
          ))}
        </ul>
      )}
      {tried.length > 0 && <p>Matched against the data: {tried.join('; ')}.</p>}
    </details>
  );
}

function AccountPanel({
  source,
  record,
  accountId,
  syncedAt,
}: {
  source: PanelSource;
  record: PanelRecord;
  accountId: string;
  syncedAt?: string;
}) {
  const qc = useQueryClient();
  const view = useQuery({ queryKey: viewKey(accountId), queryFn: () => source.view(accountId) });
  const [historyOpen, setHistoryOpen] = useState(false);
  const status = useQuery({ queryKey: statusKey, queryFn: () => source.status() });
  // For `npm run bench` (panel latency): the account's score is on screen for this record.
  useEffect(() => {
    if (view.data) markScoreVisible(record, view.data.account.id);
  }, [view.data, record]);
  if (view.isPending) return <Skeleton label="Loading the account…" />;
  if (view.isError) {
    return (
      <Message testId="panel-error" title="Healthbar could not read its data">
        <p>{String(view.error)}</p>
        <p>Reload the page; if it keeps happening, clear the cache in the options and sync again.</p>
      </Message>
    );
  }
  const v = view.data;
  if (!v) return <Message testId="panel-error" title="This account is no longer in the data" />;
  const featureNames = new Map(Object.entries(v.featureNames));
  const order = sectionOrder(record.objectType, status.data?.role ?? 'csm');
  const sections: Record<SectionId, ReactNode> = {
    signals: (
      <Signals
        key="signals"
        v={v}
        objectType={record.objectType}
        onSentiment={() => {
          void qc.invalidateQueries({ queryKey: viewKey(accountId) });
          void qc.invalidateQueries({ queryKey: ['history', accountId] });
        }}
      />
    ),
    pipeline: <Pipeline key="pipeline" v={v} locale={source.locale} record={record} />,
    why: <Why key="why" v={v} locale={source.locale} />,
    usage: <Usage key="usage" v={v} locale={source.locale} featureNames={featureNames} />,
    revenue: <Revenue key="revenue" v={v} locale={source.locale} />,
    support: <Support key="support" v={v} locale={source.locale} />,
  };
  return (
    <article data-testid="panel-account" data-account-id={v.account.id} data-record={recordKey(record)}>
      <Header
        v={v}
        source={source}
        syncedAt={syncedAt}
        historyOpen={historyOpen}
        onHistory={() => setHistoryOpen(!historyOpen)}
      />
      {historyOpen && (
        <div id="hb-history-section">
          <ScoreHistory source={source} accountId={v.account.id} />
        </div>
      )}
      <CopySummary v={v} locale={source.locale} />
      <a
        className="hb-button"
        href={reviewHref(v.account.id)}
        target="_blank"
        rel="noreferrer"
        data-testid="review-link"
      >
        Success review
      </a>
      {order.map((s) => sections[s])}
    </article>
  );
}

function StatusBanner({ source }: { source: PanelSource }) {
  const status = useQuery({ queryKey: statusKey, queryFn: () => source.status() });
  const text = bannerText(status.data, source.now());
  if (!text) return null;
  return (
    <p className="hb-banner" role="status" data-testid="banner">
      {text}
    </p>
  );
}

/** The panel while a query is pending (a skeleton saying `loading`) or has failed (a message titled `failed`). */
function Waiting({
  query,
  loading,
  failed,
}: {
  query: { isError: boolean; error: unknown };
  loading: string;
  failed: string;
}) {
  if (!query.isError) return <Skeleton label={loading} />;
  return (
    <Message testId="panel-error" title={failed}>
      <p>{String(query.error)}</p>
    </Message>
  );
}

function RecordPanel({ source, record }: { source: PanelSource; record: PanelRecord }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: statusKey, queryFn: () => source.status() });
  const resolution = useQuery({
    queryKey: resolveKey(record, status.data?.dataVersion),
    queryFn: () => source.resolve(record),
    enabled: Boolean(status.data?.hasData),
  });
  if (!status.isSuccess)
    return <Waiting query={status} loading="Opening Healthbar…" failed="Healthbar could not start" />;
  const s = status.data;
  if (!s.hasData) {
    return (
      <Message testId="panel-setup" title="Healthbar is not set up yet">
        <p>
          {noDataText(
            s,
            'Connect Healthbar to your data API, or import a dataset file, to see account health here.',
          )}
        </p>
        <p>
          <a href="/options.html" target="_blank" rel="noreferrer">
            Open the options
          </a>
        </p>
      </Message>
    );
  }
  if (!resolution.isSuccess) {
    return (
      <Waiting
        query={resolution}
        loading="Finding the account…"
        failed="Healthbar could not look up the account"
      />
    );
  }
  const r = resolution.data;
  const refresh = () => qc.invalidateQueries({ queryKey: ['resolve'] });
  if (r.status === 'matched') {
    return (
      <AccountPanel source={source} record={record} accountId={r.accountId} syncedAt={s.sync.lastSuccessAt} />
    );
  }
  if (r.status === 'ambiguous') {
    return (
      <Message testId="panel-ambiguous" title="Which account is this?">
        <p>
          Several accounts match this {record.objectType}. Pick one; Healthbar remembers it for this record.
        </p>
        <Picker source={source} record={record} candidates={r.candidates} onPick={refresh} />
      </Message>
    );
  }
  if (record.pending) return <Skeleton label="Waiting for the page to show the account…" />;
  return (
    <Message testId="panel-nomatch" title="No matching account">
      <p>
        Healthbar found this {CRM_NAMES[record.crm]} {record.objectType} but no account in your data that
        belongs to it.
      </p>
      <Picker source={source} record={record} onPick={refresh} />
      <Diagnostics record={record} tried={r.tried} />
    </Message>
  );
}

/** The query keys of the status, a record's resolution and an account's view. */
const statusKey = ['status'] as const;
const resolveKey = (record: PanelRecord, dataVersion: number | undefined) =>
  ['resolve', recordKey(record), JSON.stringify(record.hints), dataVersion] as const;
const viewKey = (accountId: string) => ['view', accountId] as const;

/** Puts what the first paint read (first-paint.ts) into the query cache, so it is not read again. */
function seedClient(client: QueryClient, seed: FirstPaint): void {
  client.setQueryData(statusKey, seed.status);
  client.setQueryData(resolveKey(seed.record, seed.status.dataVersion), seed.resolution);
  if (seed.resolution.status === 'matched' && seed.view !== undefined)
    client.setQueryData(viewKey(seed.resolution.accountId), seed.view);
}

/**
 * `record` undefined: still asking which record this panel shows. `seed`: what the panel's
 * first paint read (the React panel's first render then shows the same header at once).
 */
export function Panel({
  source,
  record,
  seed,
}: {
  source: PanelSource;
  record: PanelRecord | null | undefined;
  seed?: FirstPaint;
}) {
  const client = useMemo(() => {
    const c = new QueryClient({
      defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } },
    });
    if (seed) seedClient(c, seed);
    return c;
  }, [seed]);
  // The sync state lives in the background: when it changes (a sync started, moved on, finished
  // or failed), read the status, the resolution and the view again — data shown meanwhile stays.
  useEffect(() => source.subscribe?.(() => void client.invalidateQueries()), [source, client]);
  return (
    <QueryClientProvider client={client}>
      <main className="hb-panel" aria-label="Healthbar">
        <div className="hb-brand">
          <Brand />
        </div>
        <StatusBanner source={source} />
        {record === undefined ? (
          <Skeleton label="Looking for the record…" />
        ) : record ? (
          <RecordPanel key={recordKey(record)} source={source} record={record} />
        ) : (
          <Message testId="panel-empty" title="No record open">
            <p>
              Open a company, deal or ticket in HubSpot, Salesforce or Zendesk to see its account health here.
            </p>
          </Message>
        )}
      </main>
    </QueryClientProvider>
  );
}
