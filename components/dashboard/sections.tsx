/**
 * The dashboard's sections (DASHBOARD.md): north star and core KPIs; the supporting charts (MRR
 * movements, NRR trend, health distribution); the team tabs with exactly the table's metrics and
 * charts.
 */
import { type KeyboardEvent, useId, useRef } from 'react';
import { DASH, day, money, num, pct } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import { CORE_KPIS, formatMetric, metricDef } from '@/lib/portfolio/catalog';
import { crmLinks, type LastCrmHosts } from '@/lib/portfolio/crm-links';
import { SEGMENT_LABEL } from '@/lib/portfolio/filters';
import type { FeatureDemandList } from '@/lib/portfolio/lists';
import { TAB_LABEL, TABS, type TabId } from '@/lib/portfolio/targets';
import { type DashboardView, metricValue } from '@/lib/portfolio/view';
import { BandMix, HBarChart, Heatmap, MovementsChart, RatioScale, Sparkline, TrendChart } from '../charts';
import {
  AccountList,
  ChartCard,
  ChurnedList,
  CrmLinks,
  type Fmt,
  Kpi,
  MetricCard,
  monthLabel,
  Sized,
  useShowAll,
} from './parts';

/** The north star's own 12-month trend, when the report has one (MRR per month from the movements: each net is the change). */
function northStarTrend(v: DashboardView, key: string): number[] | null {
  const p = v.report.portfolio;
  const t = p.trends;
  let vals: (number | null)[] | null = null;
  if (key === 'nrr') vals = t.nrrTrend.map((x) => x.value);
  else if (key === 'grr') vals = t.grrTrend.map((x) => x.value);
  else if (key === 'logoChurnRate') vals = t.logoChurnTrend.map((x) => x.value);
  else if (key === 'dauMau') vals = v.usageTrend.map((x) => x.dauMau);
  else if (key === 'mrr' || key === 'arr') {
    const mrr: number[] = [p.mrr];
    for (let i = p.movements.length - 1; i > 0; i--) mrr.unshift(mrr[0] - p.movements[i].net);
    vals = key === 'arr' ? mrr.map((x) => 12 * x) : mrr;
  }
  if (!vals) return null;
  const finite = vals.filter((x): x is number => x !== null);
  return finite.length >= 2 ? finite : null;
}

export function NorthStar({
  v,
  metric,
  fmt,
  presetLabel,
}: {
  v: DashboardView;
  metric: string;
  fmt: Fmt;
  presetLabel: string;
}) {
  const def = metricDef(metric, v.featureNames);
  if (!def) return null;
  const value = def.value(v.report);
  const trend = northStarTrend(v, metric);
  return (
    <div className="db-northstar" data-testid="north-star">
      <MetricCard
        def={def}
        value={value}
        fmt={fmt}
        size="large"
        cadence="weekly"
        eyebrow={`North star · ${presetLabel}`}
        extra={
          trend && (
            <Sparkline
              values={trend}
              width={220}
              height={36}
              label={`${def.label} over the last 12 months: ${trend.map((x) => formatMetric(metric, x, fmt.currency, fmt.locale)).join(', ')}`}
            />
          )
        }
      />
    </div>
  );
}

export function KpiRow({
  v,
  fmt,
  exclude,
  healthy,
}: {
  v: DashboardView;
  fmt: Fmt;
  exclude?: string;
  healthy: number;
}) {
  const p = v.report.portfolio;
  return (
    <>
      {CORE_KPIS.filter((k) => k !== exclude).map((k) => (
        <Kpi
          key={k}
          k={k}
          value={metricValue(v, k)}
          fmt={fmt}
          extra={
            k === 'ltvToCac' ? (
              <RatioScale
                value={p.ltvToCac}
                healthy={healthy}
                width={130}
                label={`LTV to CAC ${p.ltvToCac === null ? 'unknown' : `${num(p.ltvToCac, fmt.locale, 1)} to 1`}; ${healthy} to 1 is healthy`}
                format={(x) => `${num(x, fmt.locale, 1)}:1`}
              />
            ) : undefined
          }
        />
      ))}
    </>
  );
}

export function MovementsCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const mv = v.report.portfolio.movements;
  const compact = (x: number) => money(x, fmt.currency, fmt.locale, true);
  const full = (x: number) => money(x, fmt.currency, fmt.locale);
  const last = mv.at(-1);
  return (
    <ChartCard
      title="MRR movements, 12 months"
      cadence="monthly"
      definition="Each month’s MRR change by kind: new, expansion and reactivation add; contraction and churn subtract; the line is the net change (the sum of the five)."
      testId="chart-movements"
      table={{
        columns: ['Month', 'New', 'Expansion', 'Reactivation', 'Contraction', 'Churn', 'Net'],
        rows: mv.map((m) => [
          monthLabel(m.month),
          full(m.new),
          full(m.expansion),
          full(m.reactivation),
          full(m.contraction),
          full(m.churn),
          full(m.net),
        ]),
      }}
    >
      <Sized>
        {(w) => (
          <MovementsChart
            width={w}
            months={mv.map((m) => ({ ...m, label: monthLabel(m.month, true), title: monthLabel(m.month) }))}
            format={compact}
            label={`MRR movements for the 12 months to ${last ? monthLabel(last.month) : ''}: net ${mv
              .map((m) => `${monthLabel(m.month, true)} ${compact(m.net)}`)
              .join(', ')}`}
          />
        )}
      </Sized>
    </ChartCard>
  );
}

export function NrrTrendCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const t = v.report.portfolio.trends.nrrTrend;
  const f = (x: number) => pct(x, fmt.locale, 1);
  return (
    <ChartCard
      title="NRR trend"
      cadence="monthly"
      definition="Net revenue retention as of the end of each of the last 11 months, then as of the as-of date. Above 100% the customers of a year ago pay more today than then."
      testId="chart-nrr"
      table={{
        columns: ['Month', 'NRR'],
        rows: t.map((p) => [monthLabel(p.month), formatMetric('nrr', p.value, fmt.currency, fmt.locale)]),
      }}
    >
      <Sized>
        {(w) => (
          <TrendChart
            width={w}
            series={[{ name: 'NRR', color: 'var(--hb-accent)', values: t.map((p) => p.value) }]}
            points={t.map((p) => monthLabel(p.month))}
            format={f}
            reference={{ value: 1, label: '100%' }}
            label={`NRR over 12 months: ${t.map((p) => `${monthLabel(p.month, true)} ${formatMetric('nrr', p.value, fmt.currency, fmt.locale)}`).join(', ')}`}
          />
        )}
      </Sized>
    </ChartCard>
  );
}

export function HealthCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const h = v.report.portfolio.health;
  const t = v.report.portfolio.trends.healthTrend;
  const share = (x: number) => pct(x, fmt.locale, 0);
  const hasUnknown = t.some((p) => p.unknown > 0);
  return (
    <ChartCard
      title="Health distribution"
      cadence="weekly"
      definition="Accounts by health band (Healthy ≥ 76, At risk 51–75, Critical ≤ 50 by default; Unknown without a score), and the band counts each week for 12 weeks."
      testId="chart-health"
      table={{
        columns: ['Week', BAND_WORDS.green, BAND_WORDS.yellow, BAND_WORDS.red, BAND_WORDS.unknown],
        rows: t.map((p) => [day(p.asOf), p.green, p.yellow, p.red, p.unknown]),
      }}
    >
      <Sized>
        {(w) => (
          <>
            <BandMix
              width={w}
              counts={h}
              share={share}
              label={`Health distribution: ${h.green} healthy, ${h.yellow} at risk, ${h.red} critical, ${h.unknown} unknown`}
            />
            <TrendChart
              width={w}
              legend={false}
              height={120}
              zero
              series={[
                { name: BAND_WORDS.green, color: 'var(--hb-green)', values: t.map((p) => p.green) },
                { name: BAND_WORDS.yellow, color: 'var(--hb-yellow)', values: t.map((p) => p.yellow) },
                { name: BAND_WORDS.red, color: 'var(--hb-red)', values: t.map((p) => p.red) },
                ...(hasUnknown
                  ? [
                      {
                        name: BAND_WORDS.unknown,
                        color: 'var(--hb-muted)',
                        values: t.map((p) => p.unknown),
                        dashed: true,
                      },
                    ]
                  : []),
              ]}
              points={t.map((p) => day(p.asOf, true))}
              format={(x) => num(x, fmt.locale, 0)}
              label={`Accounts per band each week for 12 weeks: ${t.map((p) => `${day(p.asOf, true)} ${p.green} healthy, ${p.yellow} at risk, ${p.red} critical`).join('; ')}`}
            />
          </>
        )}
      </Sized>
    </ChartCard>
  );
}

function FeatureAdoptionCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const fa = v.report.portfolio.trends.featureAdoption;
  const items = Object.entries(fa).map(([k, val]) => ({
    name: v.featureNames[k] ?? k,
    value: val,
    text: pct(val, fmt.locale, 0),
  }));
  return (
    <ChartCard
      title="Feature adoption"
      cadence="monthly"
      definition="For each feature: users active in the last 30 days who used it in those days ÷ all active users, over every account in view."
      testId="chart-feature-adoption"
      table={{ columns: ['Feature', 'Adoption'], rows: items.map((i) => [i.name, i.text]) }}
    >
      {items.length === 0 ? (
        <p className="hb-muted">The dataset tracks no features.</p>
      ) : (
        <Sized>
          {(w) => (
            <HBarChart
              width={w}
              items={items}
              label={`Feature adoption: ${items.map((i) => `${i.name} ${i.text}`).join(', ')}`}
            />
          )}
        </Sized>
      )}
    </ChartCard>
  );
}

const DEMAND_LIMIT = 5;

/** One feature's upsell list: its accounts, the first few, then "Show all". */
function FeatureDemandFeature({
  v,
  fmt,
  list,
  hosts,
}: {
  v: DashboardView;
  fmt: Fmt;
  list: FeatureDemandList;
  hosts: LastCrmHosts;
}) {
  const { shown, toggle } = useShowAll(list.accounts, DEMAND_LIMIT, fmt.locale);
  const headId = useId();
  const name = v.featureNames[list.key] ?? list.key;
  const planName = (id: string | null) => (id === null ? null : (v.planNames[id] ?? id));
  return (
    <div className="db-demand" data-feature={list.key}>
      <h4 id={headId}>
        {name}{' '}
        <span className="db-count">
          {list.accounts.length} account{list.accounts.length === 1 ? '' : 's'}
        </span>
      </h4>
      <table className="hb-table db-accounts" aria-labelledby={headId}>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Plan</th>
            <th scope="col">Users</th>
            <th scope="col">Plan with it</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ account: a, users, planId }) => (
            <tr key={a.id} data-account-id={a.id}>
              <th scope="row" className="db-account-name">
                <span data-testid="list-name">{a.name}</span>
                <span className="db-sub">
                  {[a.segment ? SEGMENT_LABEL[a.segment] : null, a.owner].filter(Boolean).join(' · ')}
                </span>
                <CrmLinks crm={v.crmIds[a.id]} hosts={hosts} />
              </th>
              <td>{planName(a.planId) ?? DASH}</td>
              <td>{num(users, fmt.locale, 0)}</td>
              <td>{planName(planId) ?? 'No plan yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {toggle}
    </div>
  );
}

/** Upsell by feature (beside feature adoption): the accounts using a feature their plan lacks. */
export function FeatureDemandCard({ v, fmt, hosts }: { v: DashboardView; fmt: Fmt; hosts: LastCrmHosts }) {
  const lists = v.featureDemand;
  const planName = (id: string | null) => (id === null ? 'none' : (v.planNames[id] ?? id));
  // CRMs the accounts have ids in but whose host nobody has opened yet (no link can be built).
  const missing = [
    ...new Set(
      lists.flatMap((l) => l.accounts.flatMap((e) => crmLinks(v.crmIds[e.account.id] ?? {}, hosts).missing)),
    ),
  ];
  return (
    <ChartCard
      title="Upsell by feature"
      cadence="weekly"
      definition="For each feature: the accounts whose active users used it in the last 30 days although their plan does not include it (the feature-demand upsell signal), with those users and the lowest-tier plan that includes the feature. Most users first."
      testId="product-feature-demand"
      table={{
        columns: ['Feature · account', 'Users', 'Plan with it'],
        rows: lists.flatMap((l) =>
          l.accounts.map((e) => [
            `${v.featureNames[l.key] ?? l.key} · ${e.account.name}`,
            e.users,
            planName(e.planId),
          ]),
        ),
      }}
    >
      {lists.length === 0 ? (
        <p className="hb-muted">No account’s users reach for a feature outside their plan.</p>
      ) : (
        <>
          {lists.map((l) => (
            <FeatureDemandFeature key={l.key} v={v} fmt={fmt} list={l} hosts={hosts} />
          ))}
          {missing.length > 0 && (
            <p className="hb-muted db-note">
              Open a record in {missing.join(' or ')} once and links to these accounts there appear here.
            </p>
          )}
        </>
      )}
    </ChartCard>
  );
}

function CsTab({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  const p = v.report.portfolio;
  return (
    <div className="db-tab-grid">
      <HealthCard v={v} fmt={fmt} />
      <AccountList
        kind="risk"
        title="At risk"
        accounts={v.atRisk}
        asOf={v.asOf}
        fmt={fmt}
        testId="cs-at-risk"
        empty="No account is at risk."
      />
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

function ProductTab({ v, fmt, hosts }: { v: DashboardView; fmt: Fmt; hosts: LastCrmHosts }) {
  const u = v.usageTrend;
  const f = (x: number) => pct(x, fmt.locale, 0);
  const seg = v.breadthBySegment.map((g) => ({
    name: g.name,
    value: g.value,
    text: pct(g.value, fmt.locale, 0),
  }));
  const plan = v.breadthByPlan.map((g) => ({
    name: g.name,
    value: g.value,
    text: pct(g.value, fmt.locale, 0),
  }));
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
      <ChartCard
        title="Feature breadth by segment"
        cadence="monthly"
        definition="Mean feature breadth (features of the plan used by at least one active user ÷ features of the plan) of the accounts of each segment."
        testId="chart-breadth-segment"
        table={{ columns: ['Segment', 'Mean breadth'], rows: seg.map((s) => [s.name, s.text]) }}
      >
        {seg.length ? (
          <Sized>
            {(w) => (
              <HBarChart
                width={w}
                items={seg}
                label={`Mean feature breadth by segment: ${seg.map((s) => `${s.name} ${s.text}`).join(', ')}`}
              />
            )}
          </Sized>
        ) : (
          <p className="hb-muted">No account has a segment.</p>
        )}
      </ChartCard>
      <ChartCard
        title="Feature breadth by plan"
        cadence="monthly"
        definition="Mean feature breadth of the accounts on each plan."
        testId="chart-breadth-plan"
        table={{ columns: ['Plan', 'Mean breadth'], rows: plan.map((s) => [s.name, s.text]) }}
      >
        {plan.length ? (
          <Sized>
            {(w) => (
              <HBarChart
                width={w}
                items={plan}
                color="var(--hb-green)"
                label={`Mean feature breadth by plan: ${plan.map((s) => `${s.name} ${s.text}`).join(', ')}`}
              />
            )}
          </Sized>
        ) : (
          <p className="hb-muted">No account has a plan.</p>
        )}
      </ChartCard>
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
      <AccountList
        kind="upsell"
        title="Upsell"
        accounts={v.upsell}
        asOf={v.asOf}
        fmt={fmt}
        testId="sales-upsell"
        empty="No account shows an upsell signal."
      />
      <div className="db-kpis db-kpis-small db-span-all">
        <Kpi k="salesCycleDays" value={p.salesCycleDays} fmt={fmt} size="small" />
        <Kpi k="arpa" value={p.arpa} fmt={fmt} size="small" />
        <Kpi k="cac" value={p.cac} fmt={fmt} size="small" />
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
          extra={
            <RatioScale
              value={p.ltvToCac}
              healthy={healthy}
              width={130}
              label={`LTV to CAC ${p.ltvToCac === null ? 'unknown' : `${num(p.ltvToCac, fmt.locale, 1)} to 1`}; ${healthy} to 1 is healthy`}
              format={(x) => `${num(x, fmt.locale, 1)}:1`}
            />
          }
        />
        <Kpi k="mrrGrowth" value={t.mrrGrowth} fmt={fmt} size="small" />
      </div>
      <div className="db-span-all">
        <NrrTrendCard v={v} fmt={fmt} />
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
