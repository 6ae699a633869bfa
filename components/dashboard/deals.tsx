/**
 * The Sales tab's deal part (issue 32): the three deal figures of METRICS.md as metric cards (their
 * definition on hover and focus, "—" with the reason when null) and the largest open deals.
 */
import { ColumnHeads } from '@/components/page-parts';
import { day, money } from '@/lib/format';
import { DEAL_METRIC_KEYS, metricDef, NO_DEALS_WHY, whyNullIn } from '@/lib/portfolio/catalog';
import type { DashboardView } from '@/lib/portfolio/view';
import { ListCard } from './list-card';
import { AccountName, type Fmt, MetricCard, useShowAll } from './parts';

/** Pipeline value, win rate and average deal size, each with its definition and, when null, why. */
export function DealKpis({ v, fmt }: { v: DashboardView; fmt: Fmt }) {
  return (
    <>
      {DEAL_METRIC_KEYS.map((k) => {
        const def = metricDef(k);
        if (!def) return null;
        return (
          <MetricCard
            key={k}
            def={{ ...def, whyNull: whyNullIn(def, v.report) }}
            value={def.value(v.report)}
            fmt={fmt}
            size="small"
          />
        );
      })}
    </>
  );
}

/** The deals open on the as-of day, largest first: account, deal, stage, amount, created. */
export function OpenDealsList({ v, fmt, limit = 8 }: { v: DashboardView; fmt: Fmt; limit?: number }) {
  const deals = v.openDeals ?? [];
  const { shown, toggle } = useShowAll(deals, limit, fmt.locale);
  return (
    <ListCard
      title="Largest open deals"
      count={deals.length}
      cadence="weekly"
      testId="sales-open-deals"
      toggle={toggle}
    >
      {v.openDeals === null ? (
        <p className="hb-muted">{NO_DEALS_WHY}</p>
      ) : deals.length === 0 ? (
        <p className="hb-muted">No deal is open on {day(v.asOf)}.</p>
      ) : (
        <table className="hb-table db-accounts db-deals">
          <ColumnHeads columns={['Account', 'Deal', 'Stage', 'Amount', 'Created']} />
          <tbody>
            {shown.map((d) => (
              <tr key={d.id} data-deal-id={d.id}>
                <AccountName a={d.account} />
                <td>{d.name ?? d.id}</td>
                <td>{d.stage}</td>
                <td>{money(d.amount, fmt.currency, fmt.locale)}</td>
                <td>{day(d.createdOn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListCard>
  );
}
