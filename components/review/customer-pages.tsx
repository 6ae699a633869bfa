import { Heatmap, LineChart } from '@/components/charts';
import { hours, localeDay, num, pct, signed } from '@/lib/format';
import type { CustomerReview } from '@/lib/review';
import { ShareBars } from './charts';
import { Change, Figure, Missing, orMissing, Page, PageHead, periodTitle, range } from './page';

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
            note={orMissing(
              r.seats.utilization,
              'purchased seats unknown',
              (v) => `${pct(v, locale, 0)} of purchased seats`,
            )}
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
            value={orMissing(
              r.milestones.ttvDays,
              'start date or first-value milestone not reached by the period end',
              (v) => `${num(v, locale, 0)} days`,
            )}
            note={
              r.milestones.firstValueOn && r.milestones.firstValueName
                ? `${r.milestones.firstValueName} on ${localeDay(r.milestones.firstValueOn, locale)}`
                : undefined
            }
            when={`as of ${localeDay(r.period.to, locale)}`}
          />
          <Figure
            label="Onboarding journey"
            value={orMissing(r.milestones.journeyCompletion, 'no milestones defined', (v) =>
              pct(v, locale, 0),
            )}
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
            value={orMissing(
              r.usage.usageChange,
              'no usage in the 30 days before',
              (v) => `${signed(v * 100, locale, 1)}%`,
            )}
            note="average daily active users, last 30 days vs the 30 before"
            when={range(r.usage.usageChangeWindow, locale)}
          />
          <Figure
            label="Time in product per active user"
            value={orMissing(
              r.usage.minutesPerActiveUser,
              'no active users',
              (v) => `${num(v, locale, 0)} min a day`,
            )}
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
            value={orMissing(r.support.medianFirstReplyHours, 'no replied request in the period', (v) =>
              hours(v, locale),
            )}
            when={when}
          />
          <Figure
            label="Median resolution"
            value={orMissing(r.support.medianResolutionHours, 'no solved request in the period', (v) =>
              hours(v, locale),
            )}
            when={when}
          />
          <Figure
            testId="fig-csat"
            label="Satisfaction (CSAT)"
            value={orMissing(r.support.csat, 'no CSAT answer in the period', (v) => pct(v, locale, 0))}
            note={r.support.csatResponses ? `${num(r.support.csatResponses, locale, 0)} answers` : undefined}
            when={when}
          />
          <Figure
            testId="fig-nps"
            label="Net Promoter Score"
            value={orMissing(r.nps.score, 'no NPS answer in the period', (v) => num(v, locale, 0))}
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
