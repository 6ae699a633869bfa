/**
 * The feature cards of the Customer Success and Product tabs: portfolio feature adoption, and the
 * upsell-by-feature lists (the accounts using a feature their plan lacks).
 */
import { useId } from 'react';
import { ColumnHeads } from '@/components/page-parts';
import { DASH, num, pct } from '@/lib/format';
import { crmLinks, type LastCrmHosts } from '@/lib/portfolio/crm-links';
import type { FeatureDemandList } from '@/lib/portfolio/lists';
import type { DashboardView } from '@/lib/portfolio/view';
import { AccountName, ChartCard, CrmLinks, type Fmt, Sized, useShowAll } from './parts';
import { HBarChart } from './scales';

export function FeatureAdoptionCard({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
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
      <p className="db-chart-unit" data-testid="adoption-unit">
        Percent of the users active in the last 30 days · now only, no history
      </p>
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
        <ColumnHeads columns={['Account', 'Plan', 'Users', 'Plan with it']} />
        <tbody>
          {shown.map(({ account: a, users, planId }) => (
            <tr key={a.id} data-account-id={a.id}>
              <AccountName a={a}>
                <CrmLinks crm={v.crmIds[a.id]} hosts={hosts} />
              </AccountName>
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
