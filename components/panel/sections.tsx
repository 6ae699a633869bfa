/** The account panel's sections: why this score, signals, usage, revenue, satisfaction and support. */

import { ColumnHeads } from '@/components/page-parts';
import { SENTIMENT_LABEL } from '@/lib/contracts/outreach';
import type { AccountView } from '@/lib/db/account-view';
import { DASH, day, daysFromNow, hours, money, num, pct } from '@/lib/format';
import {
  COMPONENT_TITLES,
  componentsIn,
  type HealthComponentName,
  type SentimentReading,
  type Signal,
} from '@/lib/metrics/types';
import { churnText, renewalText } from '@/lib/portfolio/renewal';
import { Bars, Gauge, Heatmap, LineChart, Sparkline } from '../charts';
import { OpenTasks, SentimentForm, StartOutreach } from '../outreach';
import { Metric, Null, Section } from './parts';

/** Signals sorted for the page: upsell first on deal pages, risk first elsewhere; high severity first. */
export function orderSignals(signals: Signal[], objectType: string): Signal[] {
  const upsellFirst = ['deal', 'opportunity', 'lead'].includes(objectType);
  const sev = { high: 0, medium: 1, low: 2 };
  return [...signals].sort((a, b) => {
    if (a.kind !== b.kind) return (a.kind === 'upsell') === upsellFirst ? -1 : 1;
    return sev[a.severity] - sev[b.severity];
  });
}

/**
 * The `sentiment` component's reason: "Poor — recorded by ana@acme.com on 3 Nov"; with none on
 * or before the as-of day, says so (an entry recorded today counts once the data reaches today).
 */
export function sentimentReasonText(r: SentimentReading | null | undefined, asOf: string): string {
  if (!r) return `No sentiment recorded on or before ${day(asOf, true)}`;
  const by = r.author ? ` by ${r.author}` : '';
  return `${SENTIMENT_LABEL[r.value]} — recorded${by} on ${day(r.recordedAt.slice(0, 10), true)}`;
}

/** Why a component has no value (the "—" says it). */
function nullWhy(c: HealthComponentName, asOf: string): string {
  return c === 'sentiment' ? sentimentReasonText(null, asOf) : 'No data for this component';
}

export function Why({ v, locale }: { v: AccountView; locale: string }) {
  const h = v.report.health;
  // The components of this score: the five, and CSM sentiment only when the team weights it.
  return (
    <Section id="why" title="Why this score">
      <table className="hb-table">
        <ColumnHeads columns={['Component', 'Value', 'Weight', 'Points']} />
        <tbody>
          {componentsIn(h.points).map((c) => {
            const p = h.points[c];
            if (!p) return null;
            return (
              <tr key={c} data-component={c}>
                <th scope="row">
                  {COMPONENT_TITLES[c]}
                  {c === 'sentiment' && (
                    <span className="hb-why-reason" data-testid="sentiment-reason">
                      {sentimentReasonText(h.sentiment, v.asOf)}
                    </span>
                  )}
                </th>
                <td>{p.value === null ? <Null why={nullWhy(c, v.asOf)} /> : num(p.value, locale, 0)}</td>
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

export function Signals({
  v,
  objectType,
  onSentiment,
}: {
  v: AccountView;
  objectType: string;
  /** After a sentiment entry is recorded (the panel recomputes the score: it may read it). */
  onSentiment?: () => void;
}) {
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
              <StartOutreach accountId={v.account.id} signal={s} />
            </li>
          ))}
        </ul>
      )}
      <OpenTasks accountId={v.account.id} />
      <SentimentForm accountId={v.account.id} onRecorded={onSentiment} />
    </Section>
  );
}

export function Usage({
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

export function Revenue({ v, locale }: { v: AccountView; locale: string }) {
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

export function Support({ v, locale }: { v: AccountView; locale: string }) {
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
