/**
 * The team tabs (DASHBOARD.md "Team tabs"): each tab with exactly the table's metrics, in that
 * order, with their charts.
 */
import { type KeyboardEvent, useRef } from 'react';
import { day, num, pct } from '@/lib/format';
import type { LastCrmHosts } from '@/lib/portfolio/crm-links';
import { TAB_LABEL, TABS, type TabId } from '@/lib/portfolio/targets';
import type { DashboardView, GroupMean } from '@/lib/portfolio/view';
import { Heatmap } from '../charts';
import { TrendChart } from './charts';
import { DealKpis, OpenDealsList } from './deals';
import { FeatureAdoptionCard, FeatureDemandCard } from './features';
import { ActionList, ChartCard, ChurnedList, type Fmt, Kpi, Sized } from './parts';
import { HBarChart, LtvToCacScale } from './scales';
import { HealthCard, MovementsCard, TrendCard } from './trend-cards';

function CsTab({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const p = v.report.portfolio;
  return (
    <div className="db-tab-grid">
      <HealthCard v={v} fmt={fmt} />
      <ActionList kind="risk" v={v} fmt={fmt} testId="cs-at-risk" />
      <ChurnedList accounts={v.churned} fmt={fmt} />
      <FeatureAdoptionCard v={v} fmt={fmt} />
      <div className="db-kpis db-kpis-small">
        <Kpi k="ttvDays" value={p.ttvDays} fmt={fmt} size="small" />
        <Kpi k="openTickets" value={p.support.openTickets} fmt={fmt} size="small" />
        <Kpi k="openUrgent" value={p.support.openUrgent} fmt={fmt} size="small" />
        <Kpi k="medianFirstResponseHours" value={p.support.medianFirstResponseHours} fmt={fmt} size="small" />
        <Kpi k="medianResolutionHours" value={p.support.medianResolutionHours} fmt={fmt} size="small" />
        <Kpi k="nps" value={p.nps} fmt={fmt} size="small" />
        <Kpi k="csat" value={p.csat} fmt={fmt} size="small" />
      </div>
    </div>
  );
}

/** The Product tab's two feature-breadth cards: by segment, by plan. */
const BREADTH_CARDS = [
  {
    title: 'Feature breadth by segment',
    definition:
      'Mean feature breadth (features of the plan used by at least one active user ÷ features of the plan) of the accounts of each segment.',
    testId: 'chart-breadth-segment',
    by: 'Segment',
    view: 'breadthBySegment',
    empty: 'No account has a segment.',
  },
  {
    title: 'Feature breadth by plan',
    definition: 'Mean feature breadth of the accounts on each plan.',
    testId: 'chart-breadth-plan',
    by: 'Plan',
    view: 'breadthByPlan',
    empty: 'No account has a plan.',
    color: 'var(--hb-green)',
  },
] as const;

/** Mean feature breadth by segment or by plan, as bars. */
function BreadthCard({
  title,
  definition,
  testId,
  by,
  groups,
  fmt,
  empty,
  color,
}: {
  title: string;
  definition: string;
  testId: string;
  by: 'Segment' | 'Plan';
  groups: GroupMean[];
  fmt: Fmt;
  empty: string;
  color?: string;
}) {
  const items = groups.map((g) => ({ name: g.name, value: g.value, text: pct(g.value, fmt.locale, 0) }));
  return (
    <ChartCard
      title={title}
      cadence="monthly"
      definition={definition}
      testId={testId}
      table={{ columns: [by, 'Mean breadth'], rows: items.map((s) => [s.name, s.text]) }}
    >
      {items.length ? (
        <Sized>
          {(w) => (
            <HBarChart
              width={w}
              items={items}
              color={color}
              label={`Mean feature breadth by ${by.toLowerCase()}: ${items.map((s) => `${s.name} ${s.text}`).join(', ')}`}
            />
          )}
        </Sized>
      ) : (
        <p className="hb-muted">{empty}</p>
      )}
    </ChartCard>
  );
}

function ProductTab({ v, fmt, hosts }: { v: DashboardView; fmt: Fmt; hosts: LastCrmHosts }) {
  const u = v.usageTrend;
  const f = (x: number) => pct(x, fmt.locale, 0);
  const hm = v.report.portfolio.heatmap;
  return (
    <div className="db-tab-grid">
      <ChartCard
        title="DAU/MAU and stickiness, 12 weeks"
        cadence="weekly"
        definition="DAU/MAU: Σ average daily active users over 30 days ÷ Σ monthly active users, over all accounts in view. Stickiness: the average account’s average DAU over 30 days ÷ its MAU. One point a week."
        testId="chart-dau-mau"
        table={{
          columns: ['Week', 'DAU/MAU', 'Stickiness'],
          rows: u.map((p) => [day(p.asOf), pct(p.dauMau, fmt.locale, 1), pct(p.stickiness, fmt.locale, 1)]),
        }}
      >
        <Sized>
          {(w) => (
            <TrendChart
              width={w}
              series={[
                { name: 'DAU/MAU', color: 'var(--hb-accent)', values: u.map((p) => p.dauMau) },
                {
                  name: 'Stickiness (mean of accounts)',
                  color: 'var(--hb-green)',
                  values: u.map((p) => p.stickiness),
                  dashed: true,
                },
              ]}
              points={u.map((p) => day(p.asOf, true))}
              format={f}
              label={`DAU/MAU each week for 12 weeks: ${u.map((p) => `${day(p.asOf, true)} ${pct(p.dauMau, fmt.locale, 0)}`).join(', ')}`}
            />
          )}
        </Sized>
      </ChartCard>
      <FeatureAdoptionCard v={v} fmt={fmt} />
      <FeatureDemandCard v={v} fmt={fmt} hosts={hosts} />
      {BREADTH_CARDS.map(({ view, ...c }) => (
        <BreadthCard key={c.testId} {...c} groups={v[view]} fmt={fmt} />
      ))}
      <ChartCard
        title="Activity of the whole base, 12 weeks"
        cadence="weekly"
        definition="Daily active users summed over every account in view, for each of the 84 days to the as-of date (one column a week)."
        testId="chart-heatmap"
      >
        <div className="db-heatmap">
          <Heatmap
            values={hm}
            label={`Daily active users of the whole base for the 84 days to ${day(v.asOf)}: highest ${num(Math.max(0, ...hm), fmt.locale, 0)} a day`}
          />
        </div>
      </ChartCard>
    </div>
  );
}

function SalesTab({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const p = v.report.portfolio;
  return (
    <div className="db-tab-grid">
      <div className="db-stack">
        <div className="db-kpis db-kpis-small">
          <Kpi k="expansionRevenue" value={p.expansionRevenue} fmt={fmt} size="small" />
        </div>
        <MovementsCard v={v} fmt={fmt} />
      </div>
      <ActionList kind="upsell" v={v} fmt={fmt} testId="sales-upsell" />
      <div className="db-kpis db-kpis-small db-span-all">
        <Kpi k="salesCycleDays" value={p.salesCycleDays} fmt={fmt} size="small" />
        <Kpi k="arpa" value={p.arpa} fmt={fmt} size="small" />
        <Kpi k="cac" value={p.cac} fmt={fmt} size="small" />
        <DealKpis v={v} fmt={fmt} />
      </div>
      <div className="db-span-all">
        <OpenDealsList v={v} fmt={fmt} />
      </div>
    </div>
  );
}

function ExecutiveTab({ v, fmt, healthy }: { v: DashboardView; fmt: Fmt; healthy: number }) {
  const p = v.report.portfolio;
  const t = p.trends;
  return (
    <div className="db-tab-grid">
      <div className="db-kpis db-kpis-small db-span-all">
        <Kpi k="arr" value={p.arr} fmt={fmt} size="small" />
        <Kpi k="arrGrowth" value={t.arrGrowth} fmt={fmt} size="small" />
        <Kpi k="nrr" value={p.nrr} fmt={fmt} size="small" />
        <Kpi k="grr" value={p.grr} fmt={fmt} size="small" />
        <Kpi k="logoChurnRate" value={p.logoChurnRate} fmt={fmt} size="small" />
        <Kpi k="ltv" value={p.ltv} fmt={fmt} size="small" />
        <Kpi k="cac" value={p.cac} fmt={fmt} size="small" />
        <Kpi
          k="ltvToCac"
          value={p.ltvToCac}
          fmt={fmt}
          size="small"
          extra={<LtvToCacScale value={p.ltvToCac} healthy={healthy} locale={fmt.locale} />}
        />
        <Kpi k="mrrGrowth" value={t.mrrGrowth} fmt={fmt} size="small" />
      </div>
      <div className="db-span-all">
        <TrendCard v={v} fmt={fmt} trend="nrrTrend" />
      </div>
    </div>
  );
}

export function TeamTabs({
  v,
  fmt,
  tab,
  onTab,
  ltvToCacHealthy,
  hosts = {},
}: {
  v: DashboardView;
  fmt: Fmt;
  tab: TabId;
  onTab: (t: TabId) => void;
  ltvToCacHealthy: number;
  /** CRM hosts last seen, for links to accounts' records. */
  hosts?: LastCrmHosts;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : null;
    if (!next) return;
    e.preventDefault();
    onTab(next);
    refs.current[next]?.focus();
  };
  return (
    <section className="db-section" aria-labelledby="db-teams">
      <h2 id="db-teams">Team views</h2>
      <div role="tablist" aria-label="Team views" className="db-tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`db-tab-${t}`}
            aria-selected={t === tab}
            aria-controls={`db-panel-${t}`}
            tabIndex={t === tab ? 0 : -1}
            onClick={() => onTab(t)}
          >
            {TAB_LABEL[t]}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`db-panel-${tab}`}
        aria-labelledby={`db-tab-${tab}`}
        data-testid={`panel-${tab}`}
      >
        {tab === 'cs' && <CsTab v={v} fmt={fmt} />}
        {tab === 'product' && <ProductTab v={v} fmt={fmt} hosts={hosts} />}
        {tab === 'sales' && <SalesTab v={v} fmt={fmt} />}
        {tab === 'executive' && <ExecutiveTab v={v} fmt={fmt} healthy={ltvToCacHealthy} />}
      </div>
    </section>
  );
}
