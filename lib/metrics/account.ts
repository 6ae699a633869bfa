/**
 * One account as of a day (METRICS.md): its facts, components, score, band and signals, and the
 * whole account report. `evaluateAccount` is the report's; `judgeAt` is the score and signals
 * alone, used again for each past day of `healthHistory`.
 */
import type { WorkspaceContext } from '../dataset/schema';
import { journeyAt, ttvAt, usersAt } from './adoption';
import { monthOfDay } from './dates';
import { type FeatureDemand, featureDemandAt } from './demand';
import { finiteOrNull, median, ratio, roundHalfUp } from './exact';
import {
  adoptionComponent,
  BAND_LABELS,
  bandOf,
  type Components,
  components,
  engagementComponent,
  pointsOf,
  satisfactionComponent,
  scoreOf,
  supportComponent,
  trendComponent,
} from './health';
import { type AccountIx, type DatasetIndex, lowerBound } from './indexing';
import { accountExpansion, accountNrr, accountStatusAt, CUR, ltvOf } from './revenue';
import { sentimentAt, sentimentComponent } from './sentiment';
import type { Settings } from './settings';
import { signalsOf } from './signals';
import { npsOf, renewsInDays, type SurveysAt, surveysAt, type TicketsAt, ticketsAt } from './support';
import {
  type AccountReport,
  type AccountSupport,
  type Band,
  COMPONENT_NAMES,
  COMPONENT_TITLES,
  type ComponentPoints,
  type ComponentRecord,
  componentsIn,
  type HealthComponentName,
  type SentimentReading,
  type Signal,
} from './types';
import { heatmapAt, type UsageAt, usageAt } from './usage';

/** What the portfolio pools from an account, beside its report. */
export interface AccountCore {
  report: AccountReport;
  usage: UsageAt;
  featureUsers: Int32Array;
  activeUsers: number;
  promoters: number;
  detractors: number;
  npsResponses: number;
  csatResponses: number;
  csatSatisfied: number;
  firstResponseHours: number[];
  resolutionHours: number[];
  heatmap: number[];
}

/**
 * The score as of an earlier day `x`, computed as for `delta30`: the same functions with the
 * as-of date moved, except `featureBreadth`, held at its value as of D.
 *
 * It runs 12 times per account in a report (`delta30` and the 11 points of the weekly health
 * trend), so it is written without an object per call: the usage sums, survey counts and ticket
 * counts are read into locals and the components go straight into the weighted sum. Each value is
 * computed by the same operations in the same order as `usageAt`/`surveysAt`/`ticketsAt`,
 * `components` and `scoreOf` (a test checks it against them), so the score is the same number.
 */
export function pastScore(
  ix: DatasetIndex,
  ax: AccountIx,
  x: number,
  breadthAtD: number | null,
  s: Settings,
  ticketsTracked: boolean,
): number | null {
  // Usage (`usageAt`): Σ dau over W30 and P30 oldest day first, and `mau` of day x (only that
  // day's row is read: the minutes and counts of every W30 row are not needed here).
  const days = ax.useDays;
  const dau = ax.useDau;
  let sumDau30 = 0;
  let sumDauP30 = 0;
  let mau = 0;
  for (let j = lowerBound(days, x - 59); j < days.length && days[j] <= x; j++) {
    const day = days[j];
    if (day >= x - 29) {
      sumDau30 += dau[j];
      if (day === x) {
        const r = ax.useRow[j];
        mau = ix.usageColumns === null ? ix.dataset.usage[r].mau : ix.usageColumns.mau[r];
      }
    } else {
      sumDauP30 += dau[j];
    }
  }
  const avgDau30 = sumDau30 / 30;
  const seats = ax.account.seats;
  const p30Mean = sumDauP30 / 30;
  const stickiness = ratio(avgDau30, mau);
  const seatUtilization = seats === undefined ? null : ratio(mau, seats);
  const usageChange = p30Mean === 0 ? null : avgDau30 / p30Mean - 1;

  // Surveys (`surveysAt`): NPS and CSAT over the 180 days ending x.
  let npsResponses = 0;
  let promoters = 0;
  let detractors = 0;
  let csatResponses = 0;
  let csatSatisfied = 0;
  const { day: svDay, nps: svNps, score: svScore } = ax.surveys;
  for (let i = ax.surveyFrom; i < ax.surveyTo; i++) {
    const day = svDay[i];
    if (day > x || day < x - 179) continue;
    const score = svScore[i];
    if (svNps[i] === 1) {
      npsResponses++;
      if (score >= 9) promoters++;
      else if (score <= 6) detractors++;
    } else {
      csatResponses++;
      if (score >= 4) csatSatisfied++;
    }
  }
  const nps = npsOf(promoters, detractors, npsResponses);
  const csat = csatResponses === 0 ? null : csatSatisfied / csatResponses;

  // Tickets (`ticketsAt`): open high/urgent ones and those opened in the 30 days ending x.
  let support: number | null = null;
  if (ticketsTracked) {
    let openUrgent = 0;
    let tickets30 = 0;
    const { openedDay, open, urgent } = ax.tickets;
    for (let i = ax.ticketFrom; i < ax.ticketTo; i++) {
      const od = openedDay[i];
      if (od > x) continue;
      if (open[i] === 1 && urgent[i] === 1) openUrgent++;
      if (od >= x - 29) tickets30++;
    }
    support = supportComponent(openUrgent, tickets30, s);
  }

  // `components` then `scoreOf`: Σ wᵢcᵢ / Σ wᵢ over the non-null ones, in component order.
  const w = s.weights;
  let num = 0;
  let den = 0;
  const engagement = engagementComponent(seatUtilization, stickiness, s);
  if (engagement !== null) {
    num += w.engagement * engagement;
    den += w.engagement;
  }
  const adoption = adoptionComponent(breadthAtD, journeyAt(ix, ax, x));
  if (adoption !== null) {
    num += w.adoption * adoption;
    den += w.adoption;
  }
  const satisfaction = satisfactionComponent(nps, csat);
  if (satisfaction !== null) {
    num += w.satisfaction * satisfaction;
    den += w.satisfaction;
  }
  if (support !== null) {
    num += w.support * support;
    den += w.support;
  }
  const trend = trendComponent(usageChange);
  if (trend !== null) {
    num += w.trend * trend;
    den += w.trend;
  }
  if (w.sentiment > 0) {
    const sentiment = sentimentComponent(sentimentAt(ax.sentiment, x));
    if (sentiment !== null) {
      num += w.sentiment * sentiment;
      den += w.sentiment;
    }
  }
  return den === 0 ? null : finiteOrNull(num / den);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The `sentiment` component's reason: "poor, recorded by ana@acme.com on 2026-11-03". */
export function sentimentReason(r: SentimentReading | null): string {
  if (r === null) return 'no sentiment recorded';
  return `${r.value}, recorded${r.author === null ? '' : ` by ${r.author}`} on ${r.recordedAt.slice(0, 10)}`;
}

/** Plain-words reasons behind each component, weakest first (unknown components last). */
function driversOf(
  c: Components,
  r: Omit<AccountReport, 'health' | 'signals'>,
  ticketsTracked: boolean,
  sentiment: SentimentReading | null,
): string[] {
  const u = r.usage;
  const why: Record<HealthComponentName, string> = {
    engagement:
      u.seatUtilization === null && u.stickiness === null
        ? 'no seat count and no monthly active users'
        : [
            u.seatUtilization === null
              ? 'seat utilisation unknown'
              : `seat utilisation ${pct(u.seatUtilization)}`,
            u.stickiness === null
              ? 'stickiness unknown (no monthly active users)'
              : `stickiness (DAU/MAU) ${pct(u.stickiness)}`,
          ].join(', '),
    adoption:
      r.usage.featureBreadth === null && r.journeyCompletion === null
        ? 'no features available and no journey defined'
        : [
            u.featureBreadth === null
              ? 'no feature available'
              : `${pct(u.featureBreadth)} of plan features in use`,
            r.journeyCompletion === null
              ? 'no journey defined'
              : `${pct(r.journeyCompletion)} of the onboarding journey done`,
          ].join(', '),
    satisfaction:
      r.nps !== null
        ? `NPS ${Math.round(r.nps)} over the last 180 days`
        : r.csat !== null
          ? `CSAT ${pct(r.csat)} satisfied over the last 180 days`
          : 'no NPS or CSAT response in the last 180 days',
    support: !ticketsTracked
      ? 'the workspace tracks no tickets'
      : `${r.support.openUrgent} open high/urgent ticket${r.support.openUrgent === 1 ? '' : 's'}, ${r.support.tickets30} opened in the last 30 days`,
    trend:
      u.usageChange === null
        ? 'no usage in the 30 days before the last 30'
        : `daily active users ${u.usageChange >= 0 ? 'up' : 'down'} ${pct(Math.abs(u.usageChange))} on the previous 30 days`,
    sentiment: sentimentReason(sentiment),
  };
  const order = componentsIn(c).sort((a, b) => {
    const va = c[a] as number | null;
    const vb = c[b] as number | null;
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    return va - vb;
  });
  return order.map((k) => {
    const v = c[k] as number | null;
    return `${COMPONENT_TITLES[k]} ${v === null ? 'unknown' : `${Math.round(v)}/100`}: ${why[k]}.`;
  });
}

/** The names the signal's sentences need (plan ids → names, feature keys → names). */
function demandNames(ix: DatasetIndex, fd: FeatureDemand) {
  const planName = (id: string | null) =>
    id === null ? null : (ix.plans.find((p) => p.id === id)?.name ?? id);
  const featureName = (key: string) => ix.featureNames[ix.featureKeys.indexOf(key)] ?? key;
  return {
    planName: fd.plan.name,
    users: fd.users,
    features: fd.features.map((f) => ({
      name: featureName(f.key),
      users: f.users,
      planName: planName(f.planId),
    })),
    upgradeName: planName(fd.upgradeId),
  };
}

/** What the score and the signals of one day are read from. */
interface DayFacts {
  u: UsageAt;
  sv: SurveysAt;
  t: TicketsAt;
  journey: number | null;
  /** `featureBreadth`: as of the day for the report, held at its value as of D for a past day. */
  breadth: number | null;
  demand: FeatureDemand | null;
  /** The latest sentiment entry recorded on or before the day (null: none). */
  sentiment: SentimentReading | null;
}

/** The facts of day `x` for a past day of `healthHistory` (`featureBreadth` given). */
export function factsAt(
  ix: DatasetIndex,
  ax: AccountIx,
  x: number,
  breadth: number | null,
  s: Settings,
): DayFacts {
  return {
    u: usageAt(ix, ax, x),
    sv: surveysAt(ax, x, s.detractorDays),
    t: ticketsAt(ax, x, false),
    journey: journeyAt(ix, ax, x),
    breadth,
    demand: featureDemandAt(ix, ax, x),
    sentiment: sentimentAt(ax.sentiment, x),
  };
}

/** A day's components, score, band and signals. */
export interface Judgement {
  comps: Components;
  score: number | null;
  band: Band | null;
  rounded: number | null;
  points: ComponentRecord<ComponentPoints>;
  signals: Signal[];
}

/**
 * The components, score, band and signals of day `d` from its facts. `series` is the account's
 * revenue series ending in the month of `d`; `ctx` the workspace context used on that day.
 */
export function judgeAt(
  ix: DatasetIndex,
  ax: AccountIx,
  d: number,
  s: Settings,
  ctx: WorkspaceContext,
  series: Float64Array,
  f: DayFacts,
): Judgement {
  const a = ax.account;
  const { u, sv, t } = f;
  const comps = components(
    {
      seatUtilization: u.seatUtilization,
      stickiness: u.stickiness,
      featureBreadth: f.breadth,
      journeyCompletion: f.journey,
      nps: sv.nps,
      csat: sv.csat,
      openUrgent: ctx.ticketsTracked ? t.openUrgent : null,
      tickets30: ctx.ticketsTracked ? t.tickets30 : null,
      usageChange: u.usageChange,
      sentiment: sentimentComponent(f.sentiment),
    },
    s,
  );
  for (const k of COMPONENT_NAMES) comps[k] = finiteOrNull(comps[k]);
  const score = finiteOrNull(scoreOf(comps, s));
  const band = bandOf(score, s);
  const rounded = score === null ? null : roundHalfUp(score);

  const inactiveChampions: { name: string | null; daysAgo: number }[] = [];
  const usr = ax.users;
  for (let i = ax.userFrom; i < ax.userTo; i++) {
    // An unknown last-seen day is NaN: never before anything.
    const seen = usr.lastSeenDay[i];
    if (usr.champion[i] === 1 && seen < d - s.championInactiveDays) {
      inactiveChampions.push({ name: usr.name[i], daysAgo: d - seen });
    }
  }
  inactiveChampions.sort((x, y) => y.daysAgo - x.daysAgo || (x.name ?? '').localeCompare(y.name ?? ''));
  const segment = a.segment ?? null;
  const segMedian = segment === null ? undefined : ctx.segmentMedianMrr[segment];
  const signals = signalsOf(
    {
      usageChange: finiteOrNull(u.usageChange),
      seatUtilization: finiteOrNull(u.seatUtilization),
      mau: u.mau,
      seats: a.seats ?? null,
      inactiveChampions,
      recentDetractors: sv.recentDetractors,
      lowestRecentScore: sv.lowestRecentScore,
      tickets30: t.tickets30,
      ticketsPrior: t.ticketsPrior,
      renewsInDays: renewsInDays(ax.renewsDay, d),
      band,
      rounded,
      mrr: series[CUR],
      mrr3: series[CUR - 3],
      featureBreadth: finiteOrNull(f.breadth),
      ageDays: ax.startedDay === null ? null : d - ax.startedDay,
      nps: finiteOrNull(sv.nps),
      npsResponses: sv.npsResponses,
      segment,
      segmentMedianMrr: segMedian === undefined || !Number.isFinite(segMedian) ? null : segMedian,
      currency: ix.dataset.currency,
      featureDemand: f.demand === null ? null : demandNames(ix, f.demand),
    },
    s,
  );
  return { comps, score, band, rounded, points: pointsOf(comps, s), signals };
}

export function evaluateAccount(
  ix: DatasetIndex,
  ax: AccountIx,
  d: number,
  s: Settings,
  ctx: WorkspaceContext,
  series: Float64Array,
): AccountCore {
  const a = ax.account;
  const u = usageAt(ix, ax, d);
  const us = usersAt(ix, ax, d);
  const sv = surveysAt(ax, d, s.detractorDays);
  const t = ticketsAt(ax, d, true);
  const journey = journeyAt(ix, ax, d);
  const heatmap = heatmapAt(ax, d);
  const demand = featureDemandAt(ix, ax, d);
  const sentiment = sentimentAt(ax.sentiment, d);
  const mrr = series[CUR];
  const support: AccountSupport = {
    openTickets: t.openTickets,
    openUrgent: t.openUrgent,
    tickets30: t.tickets30,
    medianFirstResponseHours: finiteOrNull(median(t.firstResponseHours)),
    medianResolutionHours: finiteOrNull(median(t.resolutionHours)),
  };
  const base = {
    id: a.id,
    name: a.name,
    ...accountStatusAt(ax, monthOfDay(d)),
    mrr,
    arr: 12 * mrr,
    nrr: finiteOrNull(accountNrr(series)),
    expansionRevenue: accountExpansion(series),
    ltv: finiteOrNull(ltvOf(mrr, s.grossMargin, ctx.monthlyLogoChurnRate)),
    renewsInDays: renewsInDays(ax.renewsDay, d),
    ttvDays: ttvAt(ax, d),
    journeyCompletion: finiteOrNull(journey),
    usage: {
      dau: u.dau,
      wau: u.wau,
      mau: u.mau,
      avgDau30: u.avgDau30,
      stickiness: finiteOrNull(u.stickiness),
      seatUtilization: finiteOrNull(u.seatUtilization),
      usageChange: finiteOrNull(u.usageChange),
      minutesPerActiveUser: finiteOrNull(u.minutesPerActiveUser),
      featureAdoption: us.featureAdoption,
      featureBreadth: finiteOrNull(us.featureBreadth),
      heatmap,
      activeUsers: us.activeUsers,
    },
    nps: finiteOrNull(sv.nps),
    csat: finiteOrNull(sv.csat),
    support,
    segment: a.segment ?? null,
    planId: a.planId ?? null,
    owner: a.owner ?? null,
    npsResponses: sv.npsResponses,
    featureDemand: demand === null ? [] : demand.features,
  };
  const j = judgeAt(ix, ax, d, s, ctx, series, {
    u,
    sv,
    t,
    journey,
    breadth: us.featureBreadth,
    demand,
    sentiment,
  });
  const before = pastScore(ix, ax, d - 30, us.featureBreadth, s, ctx.ticketsTracked);
  const delta30 = j.score === null || before === null ? null : finiteOrNull(j.score - before);
  const report: AccountReport = {
    ...base,
    health: {
      score: j.score,
      band: j.band,
      delta30,
      components: j.comps,
      rounded: j.rounded,
      label: j.band === null ? null : BAND_LABELS[j.band],
      points: j.points,
      drivers: driversOf(j.comps, base, ctx.ticketsTracked, sentiment),
      // Only when the component is weighted: at weight 0 the report is exactly as without it.
      ...(j.comps.sentiment === undefined ? {} : { sentiment }),
    },
    signals: j.signals,
  };
  return {
    report,
    usage: u,
    featureUsers: us.featureUsers,
    activeUsers: us.activeUsers,
    promoters: sv.promoters,
    detractors: sv.detractors,
    npsResponses: sv.npsResponses,
    csatResponses: sv.csatResponses,
    csatSatisfied: sv.csatSatisfied,
    firstResponseHours: t.firstResponseHours,
    resolutionHours: t.resolutionHours,
    heatmap,
  };
}
