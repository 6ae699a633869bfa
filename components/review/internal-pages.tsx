import { LineChart } from '@/components/charts';
import type { AccountHistory } from '@/lib/db/account-view';
import { DASH, localeDay, money, num, signed } from '@/lib/format';
import { COMPONENT_TITLES, SIGNAL_NAMES, type Signal } from '@/lib/metrics/types';
import type { InternalPrep, Period } from '@/lib/review';
import { Figure, Missing, orMissing, Page, PageHead } from './page';

function SignalList({ signals, empty }: { signals: Signal[]; empty: string }) {
  if (signals.length === 0) return <p className="rv-when">{empty}</p>;
  return (
    <ul className="rv-list">
      {signals.map((s) => (
        <li key={s.id}>
          <strong>
            {SIGNAL_NAMES[s.id]} ({s.severity})
          </strong>{' '}
          — {s.evidence}
          <span className="rv-when">{s.action}</span>
        </li>
      ))}
    </ul>
  );
}

export function InternalPages({
  prep,
  history,
  account,
  period,
  workspaceName,
  locale,
}: {
  prep: InternalPrep;
  history: AccountHistory | null | undefined;
  account: string;
  period: Period;
  workspaceName: string;
  locale: string;
}) {
  const head = (
    <PageHead workspaceName={workspaceName} account={account} period={period} locale={locale} internal />
  );
  const h = prep.health;
  const asOf = `as of ${localeDay(prep.asOf, locale)}`;
  const scored = (history?.history ?? []).filter((e) => e.score !== null);
  return (
    <Page id="internal" title="Internal prep — not for the customer" head={head}>
      <dl className="rv-figures">
        <Figure
          testId="fig-health"
          label="Health score"
          value={orMissing(
            h.score,
            'no component could be computed',
            (v) => `${num(v, locale, 1)} · ${h.label}`,
          )}
          note={h.delta30 === null ? undefined : `${signed(h.delta30, locale, 1)} in 30 days`}
          when={asOf}
        />
        <Figure
          testId="fig-renewal"
          label="Renewal"
          value={
            prep.renewal.renewsOn ? (
              localeDay(prep.renewal.renewsOn, locale)
            ) : (
              <Missing why="renewal date unknown" />
            )
          }
          note={
            prep.renewal.renewsInDays === null
              ? undefined
              : `${num(prep.renewal.renewsInDays, locale, 0)} days`
          }
          when={asOf}
        />
        <Figure
          testId="fig-mrr"
          label="MRR"
          value={money(prep.mrr, prep.currency, locale)}
          note={`ARR ${money(prep.arr, prep.currency, locale)}`}
          when={asOf}
        />
        <Figure label="Owner" value={prep.owner ? 'CSM' : DASH} note={prep.owner ?? undefined} when={asOf} />
      </dl>
      {h.drivers.length > 0 && (
        <>
          <h3>Why the score</h3>
          <ul className="rv-list">
            {h.drivers.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Health history</h3>
      {history === undefined ? (
        <p className="rv-when">Loading the score history…</p>
      ) : scored.length < 2 ? (
        <p className="rv-when" data-testid="health-history">
          Not enough weekly scores for a history.
        </p>
      ) : (
        <>
          <div data-testid="health-history" />
          <LineChart
            label={`Health score, weekly, ${scored[0].date} to ${scored[scored.length - 1].date}`}
            width={640}
            height={100}
            xLabels={[localeDay(scored[0].date, locale), localeDay(scored[scored.length - 1].date, locale)]}
            series={[
              {
                name: 'Health score (weekly)',
                color: 'var(--hb-accent)',
                values: scored.map((e) => e.score ?? 0),
              },
            ]}
          />
          <ul className="rv-list" data-testid="history-changes">
            {(history?.history ?? [])
              .filter((e) => e.change && (e.change.signalsAppeared.length || e.change.signalsCleared.length))
              .slice(-6)
              .map((e) => (
                <li key={e.date}>
                  {localeDay(e.date, locale)}: score {num(e.score, locale, 0)}
                  {e.change?.component ? `, most moved: ${COMPONENT_TITLES[e.change.component]}` : ''}
                  {e.change?.signalsAppeared.length
                    ? ` · appeared: ${e.change.signalsAppeared.join(', ')}`
                    : ''}
                  {e.change?.signalsCleared.length ? ` · cleared: ${e.change.signalsCleared.join(', ')}` : ''}
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>Risks</h3>
      <SignalList signals={prep.risks} empty="No risk signal." />
      <h3>Openings</h3>
      <SignalList signals={prep.upsell} empty="No upsell signal." />
    </Page>
  );
}
