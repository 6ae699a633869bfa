/**
 * The dashboard's top (north star, KPIs, the revenue and health charts, the trends) and the keys
 * its kept heads are stored under — shown from the computed view, or from the head kept by an
 * earlier opening while the cache is read (Dashboard.tsx).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ago, day, num } from '@/lib/format';
import { describeFilters } from '@/lib/portfolio/filters';
import { type DashboardPrefs, northStarOf, STAGE_PRESETS } from '@/lib/portfolio/targets';
import { MONTHLY_TRENDS } from '@/lib/portfolio/trends';
import type { DashboardHead } from '@/lib/portfolio/view';
import { REFRESHING_NOTE } from '@/lib/sync/state';
import type { Fmt } from './parts';
import { KpiRow, NorthStar } from './sections';
import type { DashboardMeta, DashboardSettings, DashboardSource } from './source';
import { Message, Toolbar } from './toolbar';
import { FeatureAdoptionNowCard, HealthCard, MovementsCard, TrendCard } from './trend-cards';

/**
 * For `npm run bench -- --large`: a performance mark when this part of the dashboard is first on
 * screen (`healthbar:dashboard-kpis`, `healthbar:dashboard-lists`), like the panel's
 * `healthbar:score-visible`.
 */
export function Rendered({ mark }: { mark: string }) {
  useEffect(() => {
    performance.mark(`healthbar:dashboard-${mark}`);
  }, [mark]);
  return null;
}

export function useSetPrefs(source: DashboardSource) {
  const qc = useQueryClient();
  return (p: DashboardPrefs) => {
    // Both synchronous, inside the input's event: a controlled input must see its new state at
    // once, and an in-flight re-read (a settings change elsewhere) must not land later and undo it.
    void qc.cancelQueries({ queryKey: ['prefs'] }, { revert: false });
    qc.setQueryData(['prefs'], p);
    void source.savePrefs(p);
  };
}

/**
 * The dashboard's top — the as-of line, the filters, the north star and KPIs, the revenue and
 * health charts and the trends — from a view's head: the computed view, or the head kept from an
 * earlier opening while the cache is read and the view computed.
 */
export function Top({
  source,
  meta,
  settings,
  prefs,
  head,
  setPrefs,
  actions,
}: {
  source: DashboardSource;
  meta: DashboardMeta;
  settings: DashboardSettings;
  prefs: DashboardPrefs;
  head: DashboardHead;
  setPrefs: (p: DashboardPrefs) => void;
  /** The export buttons, once the whole view is there. */
  actions?: React.ReactNode;
}) {
  const v = head.view;
  const myEmail = settings.myEmail;
  const fmt: Fmt = { currency: v.currency, locale: source.locale };
  const northStar = northStarOf(prefs);
  const stageLabel = STAGE_PRESETS[prefs.stage].label;
  const healthy = settings.scoring.ltvToCacHealthy;
  return (
    <>
      <div className="db-subhead">
        <p className="hb-muted" data-testid="as-of">
          {meta.bookOwner ? `Book of ${meta.bookOwner} · ` : ''}
          {describeFilters(prefs.filters, myEmail, v.planNames)} · {num(head.accountsInView, fmt.locale, 0)}{' '}
          of {num(v.totalAccounts, fmt.locale, 0)} accounts · as of {day(v.asOf)} ·{' '}
          {meta.source === 'sync' ? 'synced' : 'imported'} {ago(settings.sync.lastSuccessAt, source.now())} ·
          money in {v.currency}
        </p>
        <div className="db-actions">{actions}</div>
      </div>
      {settings.sync.refreshing && (
        <p className="db-refreshing" role="status" data-testid="refreshing">
          {REFRESHING_NOTE}
        </p>
      )}
      <Toolbar
        prefs={prefs}
        setPrefs={setPrefs}
        myEmail={myEmail}
        options={head.options}
        northStar={northStar}
        featureNames={v.featureNames}
      />
      {head.accountsInView === 0 ? (
        <Message testId="dashboard-empty" title="No accounts match these filters">
          <p>Pick another owner, segment or plan.</p>
        </Message>
      ) : (
        <>
          <section className="db-top" aria-label="North star and core KPIs" data-testid="overview">
            <NorthStar v={v} metric={northStar} fmt={fmt} presetLabel={`${stageLabel} preset`} />
            <KpiRow v={v} fmt={fmt} exclude={northStar} healthy={healthy} />
            <Rendered mark="kpis" />
          </section>
          <section className="db-section" aria-labelledby="db-supporting">
            <h2 id="db-supporting">Revenue and health</h2>
            <div className="db-grid-2">
              <MovementsCard v={v} fmt={fmt} />
              <HealthCard v={v} fmt={fmt} />
            </div>
          </section>
          <section className="db-section" aria-labelledby="db-trends" data-testid="trends">
            <h2 id="db-trends">Trends, 12 months</h2>
            <div className="db-grid-2">
              {MONTHLY_TRENDS.map((t) => (
                <TrendCard key={t.key} v={v} fmt={fmt} trend={t.key} />
              ))}
              <div className="db-span-all">
                <FeatureAdoptionNowCard v={v} fmt={fmt} />
              </div>
            </div>
          </section>
        </>
      )}
    </>
  );
}
