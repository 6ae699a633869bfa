import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { CRM_NAMES } from '@/lib/crm/names';
import type { AccountView } from '@/lib/db/account-view';
import { ago, DASH, day, daysFromNow, hours, money, num, pct, signed } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import type { ComponentName, Signal } from '@/lib/metrics/types';
import { churnText, renewalText } from '@/lib/portfolio/renewal';
import { REFRESHING_NOTE } from '@/lib/sync/state';
import { Brand } from '../Brand';
import { Bars, Gauge, Heatmap, LineChart, Sparkline } from '../charts';
import { type PanelRecord, type PanelSource, recordKey } from './source';
import { summaryText } from './summary';

const COMPONENT_LABEL: Record<ComponentName, string> = {
  engagement: 'Engagement',
  adoption: 'Adoption',
  satisfaction: 'Satisfaction',
  support: 'Support',
  trend: 'Usage trend',
};

type SectionId = 'signals' | 'why' | 'usage' | 'revenue' | 'support';

/** Section order per page type (docs: deal pages lead with upsell and revenue, tickets with risk and support). */
export function sectionOrder(objectType: string, role: string): SectionId[] {
  const deal = ['deal', 'opportunity', 'lead'].includes(objectType);
  const ticket = ['ticket', 'case'].includes(objectType);
  if (deal || (role === 'sales' && !ticket)) return ['signals', 'revenue', 'why', 'usage', 'support'];
  if (ticket || role === 'support') return ['signals', 'support', 'revenue', 'why', 'usage'];
  return ['why', 'signals', 'usage', 'revenue', 'support'];
}

/** Signals sorted for the page: upsell first on deal pages, risk first elsewhere; high severity first. */
export function orderSignals(signals: Signal[], objectType: string): Signal[] {
  const upsellFirst = ['deal', 'opportunity', 'lead'].includes(objectType);
  const sev = { high: 0, medium: 1, low: 2 };
  return [...signals].sort((a, b) => {
    if (a.kind !== b.kind) return (a.kind === 'upsell') === upsellFirst ? -1 : 1;
    return sev[a.severity] - sev[b.severity];
  });
}

function Null({ why }: { why: string }) {
  return (
    <abbr title={why} aria-label={`not available: ${why}`} className="hb-null">
      {DASH}
    </abbr>
  );
}

function Metric({
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

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
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

function Header({ v, source, syncedAt }: { v: AccountView; source: PanelSource; syncedAt?: string }) {
  const h = v.report.health;
  const a = v.account;
  const meta = [v.plan?.name, a.segment, a.owner].filter(Boolean).join(' · ');
  return (
    <header className="hb-head">
      <div className="hb-head-top">
        <h1 data-testid="account-name">{a.name}</h1>
        <BandBadge band={h.band} score={h.rounded} />
      </div>
      {meta && <p className="hb-muted">{meta}</p>}
      <p className="hb-muted hb-small">
        30-day change{' '}
        {h.delta30 === null ? (
          <Null why="No score 30 days ago or today" />
        ) : (
          <strong className={h.delta30 < 0 ? 'hb-down' : 'hb-up'}>{signed(h.delta30, source.locale)}</strong>
        )}{' '}
        · as of {day(v.asOf, true)} · synced {ago(syncedAt, source.now())}
      </p>
    </header>
  );
}

function Why({ v, locale }: { v: AccountView; locale: string }) {
  const h = v.report.health;
  return (
    <Section id="why" title="Why this score">
      <table className="hb-table">
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Value</th>
            <th scope="col">Weight</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(COMPONENT_LABEL) as ComponentName[]).map((c) => {
            const p = h.points[c];
            return (
              <tr key={c}>
                <th scope="row">{COMPONENT_LABEL[c]}</th>
                <td>
                  {p.value === null ? <Null why="No data for this component" /> : num(p.value, locale, 0)}
                </td>
                <td>{p.weight}</td>
                <td>{p.points === null ? <Null why="Left out of the score" /> : num(p.points, locale, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {h.drivers.length > 0 && (
        <ul className="hb-drivers">
          {h.drivers.slice(0, 3).map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Signals({ v, objectType }: { v: AccountView; objectType: string }) {
  const list = orderSignals(v.report.signals, objectType);
  return (
    <Section id="signals" title="Signals">
      {list.length === 0 ? (
        <p className="hb-muted">No risk or upsell signal for this account.</p>
      ) : (
        <ul className="hb-signals">
          {list.map((s) => (
            <li key={s.id} className={`hb-signal hb-${s.kind}`} data-signal={s.id}>
              <span className={`hb-sev hb-sev-${s.severity}`}>
                {s.kind === 'risk' ? 'Risk' : 'Upsell'} · {s.severity}
              </span>
              <p>{s.evidence}</p>
              <p className="hb-action">→ {s.action}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Usage({
  v,
  locale,
  featureNames,
}: {
  v: AccountView;
  locale: string;
  featureNames: Map<string, string>;
}) {
  const u = v.report.usage;
  const first = v.daily[0]?.date;
  const last = v.daily[v.daily.length - 1]?.date;
  return (
    <Section id="usage" title="Usage">
      <LineChart
        label={`Daily, weekly and monthly active users over the 90 days to ${day(v.asOf)}; today DAU ${u.dau}, WAU ${u.wau}, MAU ${u.mau}`}
        xLabels={[day(first, true), day(last, true)]}
        series={[
          { name: 'DAU', color: 'var(--hb-accent)', values: v.daily.map((d) => d.dau) },
          { name: 'WAU', color: 'var(--hb-green)', values: v.daily.map((d) => d.wau) },
          { name: 'MAU', color: 'var(--hb-yellow)', values: v.daily.map((d) => d.mau) },
        ]}
      />
      <div className="hb-row">
        <Gauge
          value={u.seatUtilization}
          label={`Seat utilisation ${pct(u.seatUtilization, locale, 0)}`}
          text={
            <>
              Seats used{' '}
              {u.seatUtilization === null ? (
                <Null why="Seats purchased unknown" />
              ) : (
                pct(u.seatUtilization, locale, 0)
              )}
            </>
          }
        />
        <dl className="hb-grid">
          <Metric
            label="Stickiness"
            value={pct(u.stickiness, locale, 0)}
            why={u.stickiness === null && 'No monthly active users'}
            hint="Average DAU over 30 days ÷ MAU"
          />
          <Metric
            label="30-day change"
            value={pct(u.usageChange, locale, 0)}
            why={u.usageChange === null && 'No usage in the 30 days before'}
          />
          <Metric
            label="Minutes / active user"
            value={num(u.minutesPerActiveUser, locale, 0)}
            why={u.minutesPerActiveUser === null && 'No active users in 30 days'}
          />
        </dl>
      </div>
      <h3>Activity, 12 weeks</h3>
      <Heatmap values={u.heatmap} label={`Daily active users for the 84 days to ${day(v.asOf)}`} />
      <h3>Feature adoption</h3>
      <Bars
        label="Share of active users using each feature in the last 30 days"
        items={Object.entries(u.featureAdoption).map(([k, val]) => ({
          name: featureNames.get(k) ?? k,
          value: val,
          text: val === null ? DASH : pct(val, locale, 0),
        }))}
      />
    </Section>
  );
}

function Revenue({ v, locale }: { v: AccountView; locale: string }) {
  const r = v.report;
  const cur = v.currency;
  return (
    <Section id="revenue" title="Revenue">
      <dl className="hb-grid">
        <Metric label="MRR" value={money(r.mrr, cur, locale)} />
        <Metric label="ARR" value={money(r.arr, cur, locale)} />
        <Metric
          label="NRR (12 mo)"
          value={pct(r.nrr, locale)}
          why={r.nrr === null && 'No MRR 12 months ago'}
        />
        <Metric label="Expansion (12 mo)" value={money(r.expansionRevenue, cur, locale)} />
        <Metric
          label="LTV"
          value={money(r.ltv, cur, locale)}
          why={r.ltv === null && 'No logo churn to divide by'}
        />
        {r.status === 'churned' ? (
          <Metric label="Status" value={<span data-testid="churned">{churnText(r, cur, locale)}</span>} />
        ) : (
          <Metric
            label="Renewal"
            value={
              r.renewsInDays !== null && r.renewsInDays < 0
                ? renewalText(v.asOf, r.renewsInDays)
                : `${day(v.account.renewsOn)} (${daysFromNow(r.renewsInDays)})`
            }
            why={r.renewsInDays === null && 'Renewal date unknown'}
          />
        )}
      </dl>
      <Sparkline
        values={v.monthlyMrr.map((m) => m.mrr)}
        width={300}
        label={`MRR over the 12 months to ${v.monthlyMrr.at(-1)?.month}: ${v.monthlyMrr.map((m) => money(m.mrr, cur, locale)).join(', ')}`}
      />
    </Section>
  );
}

function Support({ v, locale }: { v: AccountView; locale: string }) {
  const s = v.report.support;
  return (
    <Section id="support" title="Satisfaction and support">
      <dl className="hb-grid">
        <Metric
          label="NPS (180 d)"
          value={num(v.report.nps, locale, 0)}
          why={v.report.nps === null && 'No NPS answers in 180 days'}
        />
        <Metric
          label="CSAT (180 d)"
          value={pct(v.report.csat, locale, 0)}
          why={v.report.csat === null && 'No CSAT answers in 180 days'}
        />
        <Metric label="Open tickets" value={num(s.openTickets, locale, 0)} />
        <Metric label="Open urgent" value={num(s.openUrgent, locale, 0)} />
        <Metric label="Tickets (30 d)" value={num(s.tickets30, locale, 0)} />
        <Metric
          label="First reply (median)"
          value={hours(s.medianFirstResponseHours, locale)}
          why={s.medianFirstResponseHours === null && 'No answered ticket in 90 days'}
        />
        <Metric
          label="Resolution (median)"
          value={hours(s.medianResolutionHours, locale)}
          why={s.medianResolutionHours === null && 'No solved ticket in 90 days'}
        />
      </dl>
      {v.comments.length > 0 && (
        <ul className="hb-comments" aria-label="Recent survey comments">
          {v.comments.map((c) => (
            <li key={`${c.respondedOn}-${c.comment}`}>
              <q>{c.comment}</q>{' '}
              <span className="hb-muted hb-small">
                {c.kind.toUpperCase()} {c.score} · {day(c.respondedOn, true)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
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

function Skeleton({ label }: { label: string }) {
  return (
    <div className="hb-skeleton" aria-busy="true" aria-live="polite">
      <p className="hb-muted">{label}</p>
      <div />
      <div />
      <div />
    </div>
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

function Message({ title, children, testId }: { title: string; children?: ReactNode; testId: string }) {
  return (
    <section className="hb-card" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
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
  const view = useQuery({ queryKey: ['view', accountId], queryFn: () => source.view(accountId) });
  const status = useQuery({ queryKey: ['status'], queryFn: () => source.status() });
  // For `npm run bench` (panel latency): the account's score is on screen for this record.
  useEffect(() => {
    if (view.data)
      performance.mark('healthbar:score-visible', {
        detail: { record: recordKey(record), accountId: view.data.account.id },
      });
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
    signals: <Signals key="signals" v={v} objectType={record.objectType} />,
    why: <Why key="why" v={v} locale={source.locale} />,
    usage: <Usage key="usage" v={v} locale={source.locale} featureNames={featureNames} />,
    revenue: <Revenue key="revenue" v={v} locale={source.locale} />,
    support: <Support key="support" v={v} locale={source.locale} />,
  };
  return (
    <article data-testid="panel-account" data-account-id={v.account.id} data-record={recordKey(record)}>
      <Header v={v} source={source} syncedAt={syncedAt} />
      <CopySummary v={v} locale={source.locale} />
      {order.map((s) => sections[s])}
    </article>
  );
}

function StatusBanner({ source }: { source: PanelSource }) {
  const status = useQuery({ queryKey: ['status'], queryFn: () => source.status() });
  const s = status.data;
  if (!s?.hasData) return null;
  const last = s.sync.lastSuccessAt ? Date.parse(s.sync.lastSuccessAt) : null;
  const stale = last !== null && source.now().getTime() - last > s.staleAfterHours * 3_600_000;
  if (s.sync.status === 'offline') {
    return (
      <p className="hb-banner" role="status" data-testid="banner">
        Offline — showing cached data from {ago(s.sync.lastSuccessAt, source.now())}.
      </p>
    );
  }
  if (s.sync.status === 'error') {
    return (
      <p className="hb-banner" role="status" data-testid="banner">
        Sync failed: {s.sync.error} Showing cached data.
      </p>
    );
  }
  if (s.sync.status === 'syncing' && s.sync.refreshing) {
    return (
      <p className="hb-banner" role="status" data-testid="banner">
        {REFRESHING_NOTE}
      </p>
    );
  }
  if (stale) {
    return (
      <p className="hb-banner" role="status" data-testid="banner">
        Stale — last synced {ago(s.sync.lastSuccessAt, source.now())}.
      </p>
    );
  }
  return null;
}

function RecordPanel({ source, record }: { source: PanelSource; record: PanelRecord }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['status'], queryFn: () => source.status() });
  const resolution = useQuery({
    queryKey: ['resolve', recordKey(record), JSON.stringify(record.hints), status.data?.dataVersion],
    queryFn: () => source.resolve(record),
    enabled: Boolean(status.data?.hasData),
  });
  if (status.isPending) return <Skeleton label="Opening Healthbar…" />;
  if (status.isError) {
    return (
      <Message testId="panel-error" title="Healthbar could not start">
        <p>{String(status.error)}</p>
      </Message>
    );
  }
  const s = status.data;
  if (!s.hasData) {
    return (
      <Message testId="panel-setup" title="Healthbar is not set up yet">
        <p>
          {s.configured
            ? s.sync.status === 'syncing'
              ? 'The first sync is running…'
              : `No data yet. ${s.sync.error ?? ''}`
            : 'Connect Healthbar to your data API, or import a dataset file, to see account health here.'}
        </p>
        <p>
          <a href="/options.html" target="_blank" rel="noreferrer">
            Open the options
          </a>
        </p>
      </Message>
    );
  }
  if (resolution.isPending) return <Skeleton label="Finding the account…" />;
  if (resolution.isError) {
    return (
      <Message testId="panel-error" title="Healthbar could not look up the account">
        <p>{String(resolution.error)}</p>
      </Message>
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

/** `record` undefined: still asking which record this panel shows. */
export function Panel({ source, record }: { source: PanelSource; record: PanelRecord | null | undefined }) {
  const client = useMemo(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: 1, staleTime: 30_000, refetchOnWindowFocus: false } },
      }),
    [],
  );
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
