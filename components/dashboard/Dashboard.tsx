/**
 * The portfolio dashboard (DASHBOARD.md): north star top-left, the core KPIs, the supporting
 * charts, the lists, the team tabs and the targets; filters by owner, segment and plan; company
 * stage presets; CSV and PNG export of the current view.
 *
 * Everything is computed by the metrics core on the cached dataset, once per dataset version,
 * scoring settings, filters and day (react-query keys), as of `min(dataThrough, today)`.
 */

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Dataset } from '@/lib/dataset/schema';
import { metricDef } from '@/lib/portfolio/catalog';
import { csvRows, type ExportInput, toCsv } from '@/lib/portfolio/csv';
import { describeFilters, filterOptions, filtersKey, scopeKey } from '@/lib/portfolio/filters';
import { dataKeyOf, headKeyOf, settingsKeyOf } from '@/lib/portfolio/head-store';
import {
  type DashboardPrefs,
  northStarOf,
  STAGE_PRESETS,
  type TabId,
  type Target,
  tabOf,
} from '@/lib/portfolio/targets';
import {
  computeDashboard,
  type DashboardHead,
  type DashboardView,
  headOf,
  scopeReport,
} from '@/lib/portfolio/view';
import { Brand } from '../Brand';
import { withPageQueries } from '../page-parts';
import { pngModel, renderPng } from './export';
import { OutreachCard } from './outreach';
import { ActionList, type Fmt } from './parts';
import { type DashboardMeta, type DashboardSettings, type DashboardSource, todayOf } from './source';
import { Targets, type TargetsContext } from './Targets';
import { TeamTabs } from './tabs';
import { Message, Skeleton } from './toolbar';
import { Rendered, Top, useSetPrefs } from './top';

function Body({
  source,
  meta,
  dataset,
  settings,
  prefs,
  targets,
  head,
}: {
  source: DashboardSource;
  meta: DashboardMeta;
  dataset: Dataset;
  settings: DashboardSettings;
  prefs: DashboardPrefs;
  targets: Target[];
  /** The kept head of this view, shown while the view is computed. */
  head?: DashboardHead | null;
}) {
  const qc = useQueryClient();
  const today = todayOf(source.now());
  const skey = settingsKeyOf(settings.scoring);
  const myEmail = settings.myEmail;
  const fkey = filtersKey(prefs.filters, myEmail);
  const view = useQuery({
    queryKey: ['view', meta.version, skey, fkey, today],
    queryFn: () => {
      const v = computeDashboard({
        dataset,
        today,
        settings: settings.scoring,
        context: meta.context,
        filters: prefs.filters,
        myEmail,
      });
      performance.mark('healthbar:dashboard-view-computed');
      return v;
    },
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: (prev) => prev,
  });
  const options = useMemo(() => filterOptions(dataset), [dataset]);
  // Keep this view's head for the next opening (its KPIs then show before the cache is read).
  const computed = view.isPlaceholderData ? undefined : view.data;
  useEffect(() => {
    if (computed)
      void source.saveHead?.(dataKeyOf(meta), headKeyOf(skey, fkey, today), headOf(computed, options));
  }, [computed, source, meta, skey, fkey, today, options]);
  const hosts = useQuery({
    queryKey: ['crmHosts'],
    queryFn: () => source.crmHosts?.() ?? Promise.resolve({}),
  });
  const rootRef = useRef<HTMLDivElement>(null);
  const [exportMsg, setExportMsg] = useState<{ ok: boolean; message: string } | null>(null);
  const setPrefs = useSetPrefs(source);
  if (view.isPending) {
    if (!head) return <Skeleton label="Computing the portfolio…" />;
    return (
      <div className="db-body" aria-busy>
        <Top source={source} meta={meta} settings={settings} prefs={prefs} head={head} setPrefs={setPrefs} />
        <Skeleton label="Computing the account lists…" />
      </div>
    );
  }
  if (view.isError) {
    return (
      <Message testId="dashboard-error" title="Healthbar could not compute the dashboard">
        <p>{String(view.error)}</p>
      </Message>
    );
  }
  const v: DashboardView = view.data;
  const fmt: Fmt = { currency: v.currency, locale: source.locale };
  const northStar = northStarOf(prefs);
  const tab = tabOf(prefs);
  const filtersText = describeFilters(prefs.filters, myEmail, v.planNames);
  const stageLabel = STAGE_PRESETS[prefs.stage].label;
  const healthy = settings.scoring.ltvToCacHealthy;
  const tctx: TargetsContext = {
    source,
    dataset,
    meta,
    settings: settings.scoring,
    settingsKey: skey,
    today,
    asOf: v.asOf,
    fmt,
    featureNames: v.featureNames,
    planNames: v.planNames,
    segments: options.segments,
    plans: options.plans,
    owners: options.owners,
    myEmail,
  };
  const exportInput = async (): Promise<ExportInput> => {
    const withValues = await Promise.all(
      targets.map(async (t) => {
        const r = await qc.ensureQueryData({
          queryKey: ['scope', meta.version, skey, scopeKey(t.scope), today],
          queryFn: () => scopeReport(dataset, today, settings.scoring, t.scope, meta.context),
        });
        return { t, current: metricDef(t.metric, v.featureNames)?.value(r) ?? null };
      }),
    );
    return {
      v,
      locale: source.locale,
      northStar,
      stageLabel,
      filters: filtersText,
      tab,
      targets: withValues,
    };
  };
  const stamp = `${v.asOf}${fkey === 'all' ? '' : '-filtered'}`;
  const exportCsv = async () => {
    const csv = toCsv(csvRows(await exportInput()));
    source.download(`healthbar-dashboard-${stamp}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    setExportMsg({ ok: true, message: 'CSV exported.' });
  };
  const exportPng = async () => {
    try {
      const root = rootRef.current;
      if (!root) return;
      const blob = await renderPng(root, pngModel(await exportInput()));
      source.download(`healthbar-dashboard-${stamp}.png`, blob);
      setExportMsg({ ok: true, message: 'Image exported.' });
    } catch (e) {
      setExportMsg({
        ok: false,
        message: `Could not export the image: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };
  return (
    <div ref={rootRef} className="db-body" aria-busy={view.isFetching}>
      <Top
        source={source}
        meta={meta}
        settings={settings}
        prefs={prefs}
        head={{ view: v, accountsInView: v.report.accounts.length, options }}
        setPrefs={setPrefs}
        actions={
          <>
            <button type="button" onClick={exportCsv}>
              Export CSV
            </button>
            <button type="button" onClick={exportPng}>
              Export PNG
            </button>
            {exportMsg && (
              <span role="status" className={exportMsg.ok ? 'db-ok' : 'db-err'}>
                {exportMsg.message}
              </span>
            )}
          </>
        }
      />
      {v.report.accounts.length > 0 && (
        <>
          <section className="db-section" aria-labelledby="db-lists">
            <h2 id="db-lists">Accounts to act on</h2>
            <div className="db-grid-2">
              <ActionList kind="risk" v={v} fmt={fmt} testId="list-at-risk" />
              <ActionList kind="upsell" v={v} fmt={fmt} testId="list-upsell" />
              <OutreachCard v={v} today={today} locale={fmt.locale} />
            </div>
            <Rendered mark="lists" />
          </section>
          <TeamTabs
            v={v}
            fmt={fmt}
            tab={tab}
            onTab={(t: TabId) => setPrefs({ ...prefs, tab: t })}
            ltvToCacHealthy={healthy}
            hosts={hosts.data ?? {}}
          />
        </>
      )}
      <Targets ctx={tctx} targets={targets} stage={prefs.stage} defaultMetric={northStar} />
    </div>
  );
}

function Shell({ source }: { source: DashboardSource }) {
  const qc = useQueryClient();
  const meta = useQuery({ queryKey: ['meta'], queryFn: () => source.meta() });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => source.settings() });
  const prefs = useQuery({ queryKey: ['prefs'], queryFn: () => source.loadPrefs() });
  const targets = useQuery({ queryKey: ['targets'], queryFn: () => source.loadTargets() });
  const version = meta.data?.version;
  const dataset = useQuery({
    queryKey: ['dataset', version],
    queryFn: async () => {
      const d = await source.dataset();
      performance.mark('healthbar:dashboard-data-read');
      return d;
    },
    enabled: version !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  // The head kept for this view from an earlier opening: its KPIs show while the cache is read.
  const today = todayOf(source.now());
  const headKey =
    meta.data && settings.data && prefs.data
      ? headKeyOf(
          settingsKeyOf(settings.data.scoring),
          filtersKey(prefs.data.filters, settings.data.myEmail),
          today,
        )
      : undefined;
  const dataKey = meta.data ? dataKeyOf(meta.data) : undefined;
  const head = useQuery({
    queryKey: ['head', dataKey, headKey],
    queryFn: async () => (await source.loadHead?.(dataKey as string, headKey as string)) ?? null,
    enabled: headKey !== undefined && dataKey !== undefined && source.loadHead !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const setPrefs = useSetPrefs(source);
  useEffect(() => {
    document.title = 'Healthbar dashboard';
    return source.subscribe?.((what) => {
      if (what === 'targets') void qc.invalidateQueries({ queryKey: ['targets'] });
      else if (what === 'settings') {
        void qc.invalidateQueries({ queryKey: ['settings'] });
        void qc.invalidateQueries({ queryKey: ['prefs'] });
      } else {
        void qc.invalidateQueries({ queryKey: ['meta'] });
        void qc.invalidateQueries({ queryKey: ['settings'] });
      }
    });
  }, [source, qc]);
  const pending = meta.isPending || settings.isPending || prefs.isPending || targets.isPending;
  const error = meta.error ?? settings.error ?? prefs.error ?? targets.error ?? dataset.error;
  let content: React.ReactNode;
  if (error) {
    content = (
      <Message testId="dashboard-error" title="Healthbar could not read its data">
        <p>{String(error)}</p>
        <p>Reload the page; if it keeps happening, clear the cache in the options and sync again.</p>
      </Message>
    );
  } else if (pending) {
    content = <Skeleton label="Opening the dashboard…" />;
  } else if (!meta.data) {
    content = (
      <Message testId="dashboard-setup" title="No data yet">
        <p>Connect Healthbar to your data API, or import a dataset file, to see your portfolio here.</p>
        <p>
          <button type="button" className="db-primary" onClick={() => source.openOptions()}>
            Open the options
          </button>
        </p>
      </Message>
    );
  } else if (dataset.isPending || !dataset.data || !settings.data || !prefs.data || !targets.data) {
    content =
      dataset.data === null ? (
        <Message testId="dashboard-setup" title="No data yet" />
      ) : head.data && settings.data && prefs.data ? (
        <div className="db-body" aria-busy>
          <Top
            source={source}
            meta={meta.data}
            settings={settings.data}
            prefs={prefs.data}
            head={head.data}
            setPrefs={setPrefs}
          />
          <Skeleton label="Reading the account lists…" />
        </div>
      ) : (
        <Skeleton label="Reading the cached data…" />
      );
  } else {
    content = (
      <Body
        source={source}
        meta={meta.data}
        dataset={dataset.data}
        settings={settings.data}
        prefs={prefs.data}
        targets={targets.data}
        head={head.data}
      />
    );
  }
  return (
    <main className="db-main" aria-label="Healthbar portfolio dashboard">
      <header className="db-head">
        <h1>
          <Brand size={26} /> <span>Portfolio</span>
        </h1>
        <button type="button" className="db-link" onClick={() => source.openOptions()}>
          Options
        </button>
      </header>
      {content}
    </main>
  );
}

export const Dashboard = withPageQueries(Shell);
