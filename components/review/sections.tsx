/**
 * The success review's pages. `CustomerPages` receives only the customer figures (its type has no
 * health, band, signals, revenue, renewal or owner), so nothing internal can reach the version a
 * CSM sends; `InternalPages` adds the prep a CSM reads before the meeting.
 */
import type { ReactNode } from 'react';
import { Heatmap, LineChart } from '@/components/charts';
import type { AccountHistory } from '@/lib/db/account-view';
import { DASH, hours, localeDay, money, num, pct, signed } from '@/lib/format';
import { COMPONENT_TITLES, SIGNAL_NAMES, type Signal } from '@/lib/metrics/types';
import type { CustomerReview, InternalPrep, Period, Window } from '@/lib/review';
import { quarterName } from '@/lib/review';
import { ShareBars } from './charts';

export function range(p: Period | Window, locale: string): string {
  return `${localeDay(p.from, locale)} – ${localeDay(p.to, locale)}`;
}

/** The period for people: "Q3 2026 (1 Jul 2026 – 30 Sep 2026)" or the two dates. */
export function periodTitle(p: Period, locale: string): string {
  const q = quarterName(p);
  return q ? `${q} (${range(p, locale)})` : range(p, locale);
}

/** "—" with its reason written out (a printed page has no tooltip). */
export function Missing({ why }: { why: string }) {
  return (
    <span className="rv-null">
      {DASH} <small>{why}</small>
    </span>
  );
}

function Figure({
  label,
  value,
  when,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  when: string;
  note?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="rv-figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note && <span className="rv-note">{note}</span>}
        <span className="rv-when">{when}</span>
      </dd>
    </div>
  );
}

function Change({ v, locale, what }: { v: number | null; locale: string; what: string }) {
  if (v === null) return <Missing why={`no ${what} in the previous period to compare with`} />;
  return (
    <span className={v < 0 ? 'rv-down' : 'rv-up'}>{signed(v * 100, locale, 1)}% vs previous period</span>
  );
}

/** The header every printed page starts with: workspace, account, period. */
export function PageHead({
  workspaceName,
  account,
  period,
  locale,
  internal,
}: {
  workspaceName: string;
  account: string;
  period: Period;
  locale: string;
  internal?: boolean;
}) {
  return (
    <header className="rv-pagehead">
      <span>
        {workspaceName ? `${workspaceName} · ` : ''}Success review · {account}
      </span>
      <span>{internal ? 'Internal prep — not for the customer' : periodTitle(period, locale)}</span>
    </header>
  );
}

function Page({
  id,
  title,
  head,
  children,
}: {
  id: string;
  title: string;
  head: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="rv-page" data-section={id} aria-labelledby={`rv-${id}`}>
      {head}
      <h2 id={`rv-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

export interface CustomerPagesProps {
  review: CustomerReview;
  workspaceName: string;
  locale: string;
  /** Comment ids the CSM left out (not printed). */
  excluded: ReadonlySet<string>;
  onToggleComment?: (id: string) => void;
}

export function CustomerPages({
  review: r,
  workspaceName,
  locale,
  excluded,
  onToggleComment,
}: CustomerPagesProps) {
  const head = (
    <PageHead workspaceName={workspaceName} account={r.account.name} period={r.period} locale={locale} />
  );
  const when = range(r.period, locale);
  const prevWhen = range(r.previous, locale);
  const au = r.activeUsers;
  const totalHours = r.value.reduce((s, v) => s + v.hours, 0);
  return (
    <>
      <section className="rv-page rv-cover" data-section="summary" aria-labelledby="rv-summary">
        {head}
        <p className="rv-kicker">{workspaceName || 'Success review'}</p>
        <h1 data-testid="review-title">{r.account.name}</h1>
        <p className="rv-period" data-testid="review-period">
          Success review · {periodTitle(r.period, locale)}
        </p>
        <h2 id="rv-summary">At a glance</h2>
        <dl className="rv-figures">
          <Figure
            testId="fig-mau"
            label="Monthly active users"
            value={num(au.mau, locale, 0)}
            note={
              <>
                {num(au.previousMau, locale, 0)} on {localeDay(au.previousMauWindow.to, locale)} ·{' '}
                <Change v={au.mauChange} locale={locale} what="active users" />
              </>
            }
            when={`30 days ending ${localeDay(au.mauWindow.to, locale)}`}
          />
          <Figure
            testId="fig-dau"
            label="Average daily active users"
            value={num(au.avgDau, locale, 1)}
            note={
              <>
                {num(au.previousAvgDau, locale, 1)} in {prevWhen} ·{' '}
                <Change v={au.avgDauChange} locale={locale} what="daily active users" />
              </>
            }
            when={when}
          />
          <Figure
            testId="fig-seats"
            label="Seats in use"
            value={
              r.seats.purchased === null ? (
                num(r.seats.used, locale, 0)
              ) : (
                <>
                  {num(r.seats.used, locale, 0)} of {num(r.seats.purchased, locale, 0)}
                </>
              )
            }
            note={
              r.seats.utilization === null ? (
                <Missing why="purchased seats unknown" />
              ) : (
                `${pct(r.seats.utilization, locale, 0)} of purchased seats`
              )
            }
            when={`30 days ending ${localeDay(r.seats.window.to, locale)}`}
          />
          <Figure
            testId="fig-milestones"
            label="Milestones reached"
            value={num(r.milestones.reached.length, locale, 0)}
            when={when}
          />
          {r.value.length > 0 && (
            <Figure
              testId="fig-hours"
              label="Time saved"
              value={`${num(totalHours, locale, 0)} hours`}
              when={when}
            />
          )}
        </dl>
        {r.value.length > 0 && (
          <>
            <h3>Your outcomes</h3>
            <ul className="rv-list" data-testid="value-statements">
              {r.value.map((v) => (
                <li key={v.statement.id}>
                  <strong>{num(v.hours, locale, 1)} hours saved</strong> — {num(v.uses, locale, 0)} ×{' '}
                  {v.statement.unit} at {num(v.statement.minutesPerUse, locale, 0)} minutes each
                  <span className="rv-when">
                    {v.label} · {when}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <Page id="adoption" title="Adoption" head={head}>
        <h3>Features used</h3>
        <p className="rv-when">
          Share of the {num(r.features.activeUsers, locale, 0)} active users who used each feature in the 30
          days ending {localeDay(r.features.window.to, locale)}
        </p>
        {r.features.activeUsers === 0 ? (
          <Missing
            why={`no user was last seen in the 30 days ending ${localeDay(r.features.window.to, locale)} (the data keeps each user's latest activity only)`}
          />
        ) : (
          <ShareBars
            label={`Feature adoption, 30 days ending ${r.features.window.to}`}
            items={r.features.all.map((f) => ({
              name: f.name,
              value: f.share,
              text: pct(f.share, locale, 0),
            }))}
          />
        )}
        <dl className="rv-figures">
          <Figure
            testId="fig-adopted"
            label="Features in use"
            value={`${num(r.features.adopted.length, locale, 0)} of ${num(r.features.all.length, locale, 0)}`}
            when={`30 days ending ${localeDay(r.features.window.to, locale)}`}
          />
          <Figure
            testId="fig-new-features"
            label="Newly adopted"
            value={
              r.features.newlyAdopted.length ? r.features.newlyAdopted.map((f) => f.name).join(', ') : 'none'
            }
            note={
              r.features.undetermined.length > 0
                ? `${r.features.undetermined.map((f) => f.name).join(', ')}: in use, earlier use not known (no active user in the 30 days ending ${localeDay(r.features.previousWindow.to, locale)})`
                : undefined
            }
            when={`in use by ${localeDay(r.features.window.to, locale)}, not by ${localeDay(r.features.previousWindow.to, locale)}`}
          />
        </dl>
        <h3>Onboarding milestones</h3>
        {r.milestones.reached.length === 0 ? (
          <p className="rv-when">No milestone reached in {when}.</p>
        ) : (
          <ol className="rv-list" data-testid="milestones">
            {r.milestones.reached.map((m) => (
              <li key={m.key}>
                <strong>{m.name}</strong> — {localeDay(m.on, locale)}
              </li>
            ))}
          </ol>
        )}
        <dl className="rv-figures">
          <Figure
            testId="fig-ttv"
            label="Time to value"
            value={
              r.milestones.ttvDays === null ? (
                <Missing why="start date or first-value milestone not reached by the period end" />
              ) : (
                `${num(r.milestones.ttvDays, locale, 0)} days`
              )
            }
            note={
              r.milestones.firstValueOn && r.milestones.firstValueName
                ? `${r.milestones.firstValueName} on ${localeDay(r.milestones.firstValueOn, locale)}`
                : undefined
            }
            when={`as of ${localeDay(r.period.to, locale)}`}
          />
          <Figure
            label="Onboarding journey"
            value={
              r.milestones.journeyCompletion === null ? (
                <Missing why="no milestones defined" />
              ) : (
                pct(r.milestones.journeyCompletion, locale, 0)
              )
            }
            note="of the milestones completed"
            when={`as of ${localeDay(r.period.to, locale)}`}
          />
        </dl>
      </Page>

      <Page id="usage" title="Usage" head={head}>
        <h3>Daily active users</h3>
        <LineChart
          label={`Daily active users, ${r.period.from} to ${r.period.to}, against the previous period`}
          width={640}
          height={170}
          xLabels={[localeDay(r.period.from, locale), localeDay(r.period.to, locale)]}
          series={[
            { name: when, color: 'var(--hb-accent)', values: r.usage.daily.map((d) => d.dau) },
            {
              name: `Previous period (${prevWhen})`,
              color: 'var(--hb-muted)',
              values: r.usage.previousDaily,
            },
          ]}
        />
        <dl className="rv-figures">
          <Figure
            label="Usage trend"
            value={
              r.usage.usageChange === null ? (
                <Missing why="no usage in the 30 days before" />
              ) : (
                `${signed(r.usage.usageChange * 100, locale, 1)}%`
              )
            }
            note="average daily active users, last 30 days vs the 30 before"
            when={range(r.usage.usageChangeWindow, locale)}
          />
          <Figure
            label="Time in product per active user"
            value={
              r.usage.minutesPerActiveUser === null ? (
                <Missing why="no active users" />
              ) : (
                `${num(r.usage.minutesPerActiveUser, locale, 0)} min a day`
              )
            }
            when={`30 days ending ${localeDay(r.period.to, locale)}`}
          />
        </dl>
        <h3>Activity, day by day</h3>
        <p className="rv-when">
          12 weeks, {range(r.usage.heatmapWindow, locale)}: one dot per day, darker is more active users
        </p>
        <div className="rv-heatmap">
          <Heatmap
            values={r.usage.heatmap}
            label={`Daily active users, ${r.usage.heatmapWindow.from} to ${r.usage.heatmapWindow.to}`}
            start={r.usage.heatmapWindow.from}
          />
        </div>
      </Page>

      <Page id="support" title="Support and satisfaction" head={head}>
        <dl className="rv-figures">
          <Figure
            testId="fig-tickets"
            label="Support requests"
            value={num(r.support.opened, locale, 0)}
            when={when}
          />
          <Figure
            testId="fig-first-reply"
            label="Median first reply"
            value={
              r.support.medianFirstReplyHours === null ? (
                <Missing why="no replied request in the period" />
              ) : (
                hours(r.support.medianFirstReplyHours, locale)
              )
            }
            when={when}
          />
          <Figure
            label="Median resolution"
            value={
              r.support.medianResolutionHours === null ? (
                <Missing why="no solved request in the period" />
              ) : (
                hours(r.support.medianResolutionHours, locale)
              )
            }
            when={when}
          />
          <Figure
            testId="fig-csat"
            label="Satisfaction (CSAT)"
            value={
              r.support.csat === null ? (
                <Missing why="no CSAT answer in the period" />
              ) : (
                pct(r.support.csat, locale, 0)
              )
            }
            note={r.support.csatResponses ? `${num(r.support.csatResponses, locale, 0)} answers` : undefined}
            when={when}
          />
          <Figure
            testId="fig-nps"
            label="Net Promoter Score"
            value={
              r.nps.score === null ? (
                <Missing why="no NPS answer in the period" />
              ) : (
                num(r.nps.score, locale, 0)
              )
            }
            note={
              r.nps.responses
                ? `${num(r.nps.responses, locale, 0)} answers: ${num(r.nps.promoters, locale, 0)} promoters, ${num(r.nps.passives, locale, 0)} passives, ${num(r.nps.detractors, locale, 0)} detractors`
                : undefined
            }
            when={when}
          />
        </dl>
        <h3>In your words</h3>
        {r.nps.comments.length === 0 ? (
          <p className="rv-when">No comments in {when}.</p>
        ) : (
          <ul className="rv-comments" data-testid="comments">
            {r.nps.comments.map((c) => {
              const out = excluded.has(c.id);
              return (
                <li key={c.id} className={out ? 'rv-excluded' : undefined}>
                  {onToggleComment && (
                    <label className="rv-screen-only">
                      <input type="checkbox" checked={!out} onChange={() => onToggleComment(c.id)} /> include
                    </label>
                  )}
                  <blockquote>“{c.comment}”</blockquote>
                  <span className="rv-when">
                    {c.kind === 'nps' ? 'NPS' : 'CSAT'} {num(c.score, locale, 0)} · {localeDay(c.on, locale)}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </Page>
    </>
  );
}

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
          value={
            h.score === null ? (
              <Missing why="no component could be computed" />
            ) : (
              `${num(h.score, locale, 1)} · ${h.label}`
            )
          }
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
