/**
 * The panel's "Deals" section (issue 32): the account's open pipeline on the as-of day (Σ amount,
 * how many, each deal with its stage) and its deals won in the 365 days ending then. A sales rep on
 * a deal or opportunity page reads it right after the upsell signals; the deal the page shows is
 * marked. Without any deal in the data it says so ("—" with the reason), never a 0 pipeline.
 */
import type { AccountView } from '@/lib/db/account-view';
import { day, money, num } from '@/lib/format';
import { NO_DEALS_WHY } from '@/lib/metrics/deals';
import { Metric, Section } from './parts';
import type { PanelRecord } from './source';

/** Whether `dealId` (`hubspot:<id>` / `salesforce:<id>`, CONNECTORS.md "Deals") is the deal this page shows. */
export function isRecordDeal(
  dealId: string,
  record: Pick<PanelRecord, 'crm' | 'objectType' | 'recordId'>,
): boolean {
  if (record.crm === 'hubspot' && record.objectType === 'deal')
    return dealId === `hubspot:${record.recordId}`;
  if (record.crm === 'salesforce' && record.objectType === 'opportunity') {
    // Salesforce ids come in a 15-character (case-sensitive) and an 18-character form of the same record.
    const id = dealId.startsWith('salesforce:') ? dealId.slice('salesforce:'.length) : null;
    return id !== null && id.slice(0, 15) === record.recordId.slice(0, 15);
  }
  return false;
}

const deals = (n: number, locale: string) => `${num(n, locale, 0)} deal${n === 1 ? '' : 's'}`;

export function Pipeline({ v, locale, record }: { v: AccountView; locale: string; record: PanelRecord }) {
  const p = v.pipeline;
  const cur = v.currency;
  if (p === null) {
    return (
      <Section id="pipeline" title="Deals">
        <dl className="hb-grid">
          <Metric label="Open pipeline" value={null} why={NO_DEALS_WHY} />
          <Metric label="Won (365 days)" value={null} why={NO_DEALS_WHY} />
        </dl>
        <p className="hb-muted hb-small" data-testid="pipeline-none">
          {NO_DEALS_WHY}
        </p>
      </Section>
    );
  }
  return (
    <Section id="pipeline" title="Deals">
      <dl className="hb-grid">
        <Metric
          label="Open pipeline"
          value={
            <>
              <span data-testid="pipeline-open">{money(p.openAmount, cur, locale)}</span>
              <span className="hb-sub" data-testid="pipeline-open-count">
                {deals(p.open.length, locale)} open
              </span>
            </>
          }
          hint={`Deals open on ${day(v.asOf)}: created by then and not closed.`}
        />
        <Metric
          label="Won (365 days)"
          value={
            <>
              <span data-testid="pipeline-won">{money(p.wonAmount, cur, locale)}</span>
              <span className="hb-sub" data-testid="pipeline-won-count">
                {deals(p.wonCount, locale)} won
                {p.lostCount ? `, ${num(p.lostCount, locale, 0)} lost` : ''}
              </span>
            </>
          }
          hint={`Deals won in the 365 days ending ${day(v.asOf)}${p.lostCount ? `; ${deals(p.lostCount, locale)} lost then` : ''}.`}
        />
      </dl>
      {p.open.length === 0 ? (
        <p className="hb-muted">No deal of this account is open on {day(v.asOf)}.</p>
      ) : (
        <ul className="hb-deals" data-testid="pipeline-deals">
          {p.open.map((d) => {
            const here = isRecordDeal(d.id, record);
            return (
              <li key={d.id} data-deal-id={d.id} className={here ? 'hb-deal-here' : undefined}>
                <span className="hb-deal-name">
                  {d.name ?? d.id}
                  {here && <span className="hb-muted"> (this deal)</span>}
                </span>
                <span className="hb-muted hb-small">
                  {d.stage} · created {day(d.createdOn)}
                </span>
                <strong>{money(d.amount, cur, locale)}</strong>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
