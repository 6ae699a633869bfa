/**
 * The toolbar popup (~360 px): sync state and "Sync now"; the at-risk and upsell lists of the
 * person's book (every account when no email is set — it says which); a search that opens an
 * account in the CRM; "Open dashboard" and "Options".
 *
 * Not here yet: the current tab's account and band (it needs the content script to report the
 * record of the active tab to the popup).
 */

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { crmName } from '@/lib/crm/names';
import { ago, money, num } from '@/lib/format';
import { crmLinks, type LastCrmHosts } from '@/lib/portfolio/crm-links';
import { SEGMENT_LABEL } from '@/lib/portfolio/filters';
import { topSignal } from '@/lib/portfolio/lists';
import { renewalLine } from '@/lib/portfolio/renewal';
import { REFRESHING_NOTE, type SyncState } from '@/lib/sync/state';
import { Brand } from '../Brand';
import { MyTasks } from '../outreach';
import { noDataText, withPageQueries } from '../page-parts';
import { BandBadge } from '../panel/parts';
import { Links } from './links';
import type { PopupAccount, PopupSource, PopupState } from './source';
import { WhatChanged } from './WhatChanged';

const LIST_LIMIT = 5;

function syncText(s: SyncState, now: Date, staleAfterHours: number): string {
  const stale =
    s.lastSuccessAt !== undefined &&
    now.getTime() - Date.parse(s.lastSuccessAt) > staleAfterHours * 3_600_000;
  switch (s.status) {
    case 'never':
      return 'Never synced';
    case 'syncing':
      return s.refreshing
        ? `Refreshing all data… ${s.records} records so far`
        : `Syncing… ${s.records} records so far`;
    case 'ok':
      return `${stale ? 'Stale' : 'Up to date'} — synced ${ago(s.lastSuccessAt, now)}`;
    case 'offline':
      return `Offline — data from ${ago(s.lastSuccessAt, now)}`;
    case 'error':
      return `Sync failed: ${s.error ?? 'unknown error'}`;
  }
}

/** The popup's two lists of the book, in order. */
const POPUP_LISTS = [
  { kind: 'risk', title: 'At risk', testId: 'popup-at-risk' },
  { kind: 'upsell', title: 'Upsell', testId: 'popup-upsell' },
] as const;

function List({
  title,
  kind,
  items,
  source,
  hosts,
  currency,
  asOf,
  testId,
}: {
  title: string;
  kind: 'risk' | 'upsell';
  items: PopupAccount[];
  source: PopupSource;
  hosts: LastCrmHosts;
  currency: string;
  asOf: string;
  testId: string;
}) {
  return (
    <section className="pp-section" aria-label={title} data-testid={testId}>
      <h2>
        {title} <span className="pp-count">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="hb-muted">{kind === 'risk' ? 'No account at risk.' : 'No upsell signal.'}</p>
      ) : (
        <ul className="pp-list">
          {items.slice(0, LIST_LIMIT).map(({ report: a, crm }) => {
            const s = topSignal(a, kind);
            return (
              <li key={a.id}>
                <div className="pp-row">
                  <span className="pp-name" data-testid="popup-name">
                    {a.name}
                  </span>
                  <BandBadge band={a.health.band} score={a.health.rounded} />
                </div>
                <div className="pp-meta">
                  {kind === 'risk'
                    ? renewalLine(a, asOf, currency, source.locale)
                    : `MRR ${money(a.mrr, currency, source.locale)}`}
                  {s ? ` · ${s.id.replace(/-/g, ' ')} (${s.severity})` : ''}
                  <Links source={source} crm={crm} hosts={hosts} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {items.length > LIST_LIMIT && (
        <p className="pp-more hb-muted">
          {items.length - LIST_LIMIT} more in the{' '}
          <button type="button" className="pp-link" onClick={() => source.openDashboard()}>
            dashboard
          </button>
        </p>
      )}
    </section>
  );
}

function Search({ source, hosts }: { source: PopupSource; hosts: LastCrmHosts }) {
  const [q, setQ] = useState('');
  const results = useQuery({
    queryKey: ['search', q.trim()],
    queryFn: () => source.search(q),
    enabled: q.trim().length >= 2,
  });
  const hits = q.trim().length >= 2 ? (results.data ?? []) : [];
  const noHost = hits.some((h) => crmLinks(h.crm, hosts).missing.length > 0);
  return (
    <section className="pp-section" aria-label="Account search">
      <label className="pp-search">
        Find an account
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or domain" />
      </label>
      {q.trim().length >= 2 && results.isSuccess && hits.length === 0 && (
        <p className="hb-muted">No account matches “{q.trim()}”.</p>
      )}
      {hits.length > 0 && (
        <ul className="pp-list" data-testid="search-results">
          {hits.map((h) => (
            <li key={h.id}>
              <div className="pp-row">
                <span className="pp-name">{h.name}</span>
              </div>
              <div className="pp-meta">
                {[h.segment ? SEGMENT_LABEL[h.segment] : null, h.owner].filter(Boolean).join(' · ')}
                <Links source={source} crm={h.crm} hosts={hosts} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {noHost && (
        <p className="hb-muted pp-note" data-testid="no-host">
          Some CRM links are missing: Healthbar learns each CRM’s address when you open a record there.
        </p>
      )}
    </section>
  );
}

function Body({ source, state }: { source: PopupSource; state: PopupState }) {
  const lists = useQuery({
    queryKey: ['lists', state.version, state.myEmail],
    queryFn: () => source.lists(),
    enabled: state.hasData,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const hosts = useQuery({ queryKey: ['hosts'], queryFn: () => source.hosts() });
  if (!state.hasData) {
    return (
      <section className="pp-section" data-testid="popup-setup">
        <p>
          {noDataText(state, 'Connect Healthbar to your data API, or import a dataset file, in the options.')}
        </p>
      </section>
    );
  }
  if (lists.isPending)
    return (
      <p className="hb-muted" aria-busy="true">
        Computing your accounts…
      </p>
    );
  if (lists.isError) return <p className="pp-err">Could not compute the lists: {String(lists.error)}</p>;
  const l = lists.data;
  if (!l) return null;
  const h = hosts.data ?? {};
  return (
    <>
      <p className="pp-scope" data-testid="popup-scope">
        {l.scope === 'book' ? (
          <>
            Your book: <strong>{l.owner}</strong> — {num(l.total, source.locale, 0)} accounts
          </>
        ) : (
          <>All {num(l.total, source.locale, 0)} accounts (set your email in the options to see your book)</>
        )}
      </p>
      <WhatChanged source={source} hosts={h} />
      <MyTasks />
      <Search source={source} hosts={h} />
      {POPUP_LISTS.map(({ kind, title, testId }) => (
        <List
          key={kind}
          title={title}
          kind={kind}
          items={kind === 'risk' ? l.atRisk : l.upsell}
          source={source}
          hosts={h}
          currency={l.currency}
          asOf={l.asOf}
          testId={testId}
        />
      ))}
    </>
  );
}

/** "On this page": the account of the record in the active tab, with its band. */
function CurrentTab({ source }: { source: PopupSource }) {
  const current = useQuery({
    queryKey: ['current-tab'],
    queryFn: () => source.currentTab?.() ?? Promise.resolve(null),
  });
  const c = current.data;
  if (!c) return null;
  return (
    <section className="pp-current" data-testid="popup-current" aria-label="On this page">
      <span className="hb-muted">
        On this {crmName(c.crm)} {c.objectType}
      </span>
      <span className="pp-current-row">
        <strong>{c.name}</strong> <BandBadge band={c.band} score={c.score} />
      </span>
    </section>
  );
}

function Shell({ source }: { source: PopupSource }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [syncError, setSyncError] = useState<string | null>(null);
  const state = useQuery({
    queryKey: ['state'],
    queryFn: () => source.state(),
    refetchInterval: (q) => (q.state.data?.sync.status === 'syncing' ? 1000 : false),
  });
  const s = state.data;
  return (
    <main className="pp-main" aria-label="Healthbar">
      <header className="pp-head">
        <Brand />
      </header>
      {state.isError && <p className="pp-err">Could not read Healthbar’s state: {String(state.error)}</p>}
      {s && (
        <>
          <div className="pp-sync">
            <span data-testid="popup-sync" role="status">
              {syncText(s.sync, source.now(), s.staleAfterHours)}
            </span>
            <button
              type="button"
              disabled={busy || s.sync.status === 'syncing' || !s.configured}
              title={s.configured ? undefined : 'Set up a connection in the options first'}
              onClick={async () => {
                setBusy(true);
                setSyncError(null);
                try {
                  await source.syncNow();
                } catch (e) {
                  setSyncError(e instanceof Error ? e.message : String(e));
                } finally {
                  setBusy(false);
                  void qc.invalidateQueries();
                }
              }}
            >
              {busy ? 'Syncing…' : 'Sync now'}
            </button>
          </div>
          {syncError && <p className="pp-err">{syncError}</p>}
          {s.hasData && s.sync.refreshing && s.sync.status !== 'error' && s.sync.status !== 'offline' && (
            <p className="hb-muted pp-note" data-testid="popup-refreshing">
              {REFRESHING_NOTE}
            </p>
          )}
          {s.hasData && <CurrentTab source={source} />}
          <Body source={source} state={s} />
        </>
      )}
      <footer className="pp-foot">
        <button type="button" className="pp-primary" onClick={() => source.openDashboard()}>
          Open dashboard
        </button>
        <button type="button" onClick={() => source.openOptions()}>
          Options
        </button>
      </footer>
    </main>
  );
}

export const Popup = withPageQueries(Shell);
