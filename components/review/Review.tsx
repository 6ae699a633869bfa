/**
 * The success review page (issue 36): `review.html?account=ID&version=customer|internal&from=&to=`
 * (`paper=a4|letter`). Computes the figures with lib/review from the account's cached records,
 * lays them out as print-ready pages and prints them ("Save as PDF") through the browser.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useMemo, useState } from 'react';
import { localeDay } from '@/lib/format';
import { buildIndex, DEFAULT_SETTINGS } from '@/lib/metrics';
import { dayNumber } from '@/lib/metrics/dates';
import {
  choosePeriod,
  computeReview,
  lastFullQuarter,
  type Period,
  previousPeriod,
  quarterName,
} from '@/lib/review';
import { CustomerPages } from './customer-pages';
import { InternalPages } from './internal-pages';
import { periodTitle } from './page';
import { ReviewSettingsCard } from './SettingsCard';
import type { ReviewSource } from './source';

export type Version = 'customer' | 'internal';
export type Paper = 'a4' | 'letter';

export interface ReviewParams {
  account: string | null;
  version: Version;
  from: string | null;
  to: string | null;
  paper: Paper;
}

/** The page's address → its parameters (anything unknown falls back: customer version, A4). */
export function parseParams(search: string): ReviewParams {
  const q = new URLSearchParams(search);
  return {
    account: q.get('account') || null,
    version: q.get('version') === 'internal' ? 'internal' : 'customer',
    from: q.get('from') || null,
    to: q.get('to') || null,
    paper: q.get('paper') === 'letter' ? 'letter' : 'a4',
  };
}

export function searchOf(p: ReviewParams): string {
  const q = new URLSearchParams();
  if (p.account) q.set('account', p.account);
  q.set('version', p.version);
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  if (p.paper !== 'a4') q.set('paper', p.paper);
  return `?${q}`;
}

/** The last `n` full quarters as of `asOf`, newest first. */
function recentQuarters(asOf: string, n: number): Period[] {
  const out: Period[] = [];
  let at = asOf;
  for (let i = 0; i < n; i++) {
    const q = lastFullQuarter(at);
    out.push(q);
    at = previousPeriod({ from: q.from, to: q.from }).to;
  }
  return out;
}

function Message({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rv-message" role="alert" data-testid="review-message">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

export function Review({
  source,
  initial,
  onNavigate,
}: {
  source: ReviewSource;
  initial: ReviewParams;
  /** Called with the page's new address when the person changes the version, period or paper. */
  onNavigate?: (search: string) => void;
}) {
  const [params, setParams] = useState(initial);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [draft, setDraft] = useState({ from: initial.from ?? '', to: initial.to ?? '' });
  const qc = useQueryClient();
  const go = (next: ReviewParams) => {
    setParams(next);
    onNavigate?.(searchOf(next));
  };
  const id = params.account;
  const data = useQuery({
    queryKey: ['review', id],
    enabled: id !== null,
    queryFn: async () => {
      const [account, scoring, settings] = await Promise.all([
        source.account(id as string),
        source.scoring(),
        source.loadSettings(),
      ]);
      return { account, scoring, settings };
    },
  });
  const history = useQuery({
    queryKey: ['review-history', id, data.data?.account?.asOf],
    enabled: params.version === 'internal' && Boolean(data.data?.account),
    queryFn: () => source.history(id as string, data.data?.scoring ?? DEFAULT_SETTINGS),
  });
  const ix = useMemo(() => (data.data?.account ? buildIndex(data.data.account.dataset) : null), [data.data]);
  const asOf = data.data?.account?.asOf ?? null;
  const chosen = asOf ? choosePeriod(params.from, params.to, asOf) : null;
  const periodKey = chosen?.ok ? `${chosen.period.from}/${chosen.period.to}` : null;
  const review = useMemo(() => {
    if (!ix || !data.data?.account || !periodKey || !id) return null;
    const [from, to] = periodKey.split('/');
    const { account, scoring, settings } = data.data;
    return computeReview(ix, id, {
      period: { from, to },
      asOf: account.asOf,
      settings: scoring,
      context: account.context,
      valueStatements: settings.valueStatements,
    });
  }, [ix, data.data, periodKey, id]);

  if (!id) {
    return (
      <Message title="Which account?">
        <p>
          Open the success review from an account's panel (“Success review”) or add ?account=ID to the
          address.
        </p>
      </Message>
    );
  }
  if (data.isPending) return <p className="rv-message">Preparing the review…</p>;
  if (data.isError) {
    return (
      <Message title="The review could not be prepared">
        <p>{String(data.error)} Reload the page; if it persists, check the options page's diagnostics.</p>
      </Message>
    );
  }
  if (!data.data.account) {
    return (
      <Message title="No such account in the cache">
        <p>
          Healthbar has no account “{id}”. Sync or import your data in the options, then open the review from
          the account's panel.
        </p>
      </Message>
    );
  }
  const { settings } = data.data;
  const dataAsOf = data.data.account.asOf;
  const features = (data.data.account.dataset.features ?? []).map((f) => ({ key: f.key, name: f.name }));
  const quarters = recentQuarters(dataAsOf, 8);
  const period = chosen?.ok ? chosen.period : null;
  if (review && period) {
    document.title = `${review.customer.account.name} — Success review ${quarterName(period) ?? `${period.from} – ${period.to}`}`;
  }
  return (
    <div className="rv" data-version={params.version}>
      <style>{`@page { size: ${params.paper === 'letter' ? 'letter' : 'A4'}; margin: 14mm 14mm 16mm; }`}</style>
      <div className="rv-toolbar" data-testid="review-toolbar">
        <nav aria-label="Version">
          {(['customer', 'internal'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={params.version === v}
              onClick={() => go({ ...params, version: v })}
            >
              {v === 'customer' ? 'For the customer' : 'Internal prep'}
            </button>
          ))}
        </nav>
        <label>
          Quarter{' '}
          <select
            value={period && quarterName(period) ? `${period.from}/${period.to}` : ''}
            onChange={(e) => {
              const [from, to] = e.target.value.split('/');
              if (!from) return;
              setDraft({ from, to });
              go({ ...params, from, to });
            }}
          >
            <option value="">Custom dates</option>
            {quarters.map((q) => (
              <option key={q.from} value={`${q.from}/${q.to}`}>
                {quarterName(q)}
              </option>
            ))}
          </select>
        </label>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            go({ ...params, from: draft.from || null, to: draft.to || null });
          }}
        >
          {(
            [
              ['From', 'from'],
              ['to', 'to'],
            ] as const
          ).map(([label, end]) => (
            <Fragment key={end}>
              <label>
                {label}{' '}
                <input
                  type="date"
                  value={draft[end] || period?.[end] || ''}
                  max={dataAsOf}
                  onChange={(e) => setDraft({ ...draft, [end]: e.target.value })}
                />
              </label>{' '}
            </Fragment>
          ))}
          <button type="submit">Show</button>
        </form>
        <label>
          Paper{' '}
          <select value={params.paper} onChange={(e) => go({ ...params, paper: e.target.value as Paper })}>
            <option value="a4">A4</option>
            <option value="letter">Letter</option>
          </select>
        </label>
        <button type="button" className="rv-print" onClick={() => source.print()} data-testid="save-pdf">
          Save as PDF
        </button>
        <span className="rv-when">Data through {localeDay(dataAsOf, source.locale)}</span>
        <ReviewSettingsCard
          key={JSON.stringify(settings)}
          settings={settings}
          features={features}
          onSave={async (s) => {
            await source.saveSettings(s);
            await qc.invalidateQueries({ queryKey: ['review', id] });
          }}
        />
      </div>
      {chosen && !chosen.ok && (
        <Message title="Choose another period">
          <p>{chosen.error}</p>
        </Message>
      )}
      {review && period && (
        <main className="rv-doc" data-testid="review-doc" data-period={`${period.from}/${period.to}`}>
          <CustomerPages
            review={review.customer}
            workspaceName={settings.workspaceName}
            locale={source.locale}
            excluded={excluded}
            onToggleComment={(c) => {
              const next = new Set(excluded);
              if (!next.delete(c)) next.add(c);
              setExcluded(next);
            }}
          />
          {params.version === 'internal' && (
            <InternalPages
              prep={review.internal}
              history={history.data}
              account={review.customer.account.name}
              period={period}
              workspaceName={settings.workspaceName}
              locale={source.locale}
            />
          )}
          <footer className="rv-foot">
            Figures computed from data through {localeDay(dataAsOf, source.locale)} ·{' '}
            {periodTitle(period, source.locale)} · {dayNumber(period.to) - dayNumber(period.from) + 1} days
          </footer>
        </main>
      )}
    </div>
  );
}
