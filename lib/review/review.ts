/**
 * The success review (issue 36): one account's figures for a period `[from, to]`, computed from
 * the dataset by the metrics core. Pure: the dataset index, the period, the data's as-of date,
 * the scoring settings and the workspace context come in; no clock is read.
 *
 * Each figure says the period it covers. Where the metrics core already defines a figure over a
 * window, the review uses the core's value as of the window's end:
 * - 30-day figures (MAU, seats used, feature adoption, usage change) and the 84-day heatmap are
 *   the core's as of `to` (and, for the change, as of the day before `from`);
 * - milestones, time to value and journey completion are the core's as of `to`;
 * - period figures (average DAU, tickets opened, median first reply and resolution, NPS, CSAT,
 *   value statements) follow the core's definitions with the window set to the period: a 30-day
 *   period gives the core's `avgDau30` and `tickets30`, a 90-day period its support medians, a
 *   180-day period its NPS and CSAT (the unit tests check each).
 *
 * Two versions come out: `customer` (the figures a customer may read — never the health score,
 * band, risk or upsell signals, revenue or internal notes: those fields do not exist on its type)
 * and `internal` (the health, signals, renewal and revenue a CSM prepares with).
 */
import type { ValueStatement } from '../contracts/review-settings';
import type { Survey, WorkspaceContext } from '../dataset/schema';
import {
  type AccountReport,
  type Band,
  computeAccountReport,
  type DatasetIndex,
  median,
  type Settings,
  type Signal,
} from '../metrics';
import { dateOfDay, dayNumber, MS_PER_DAY, MS_PER_HOUR } from '../metrics/dates';
import { npsOf } from '../metrics/support';
import { type Period, periodDays, previousPeriod } from './period';

/** A 30-day figure of the metrics core as of a day: the window it covers. */
export interface Window {
  from: string;
  to: string;
}

export interface ReviewFeature {
  key: string;
  name: string;
  /** Share of the active users who used it in the 30 days ending `to` (the core's featureAdoption). */
  share: number | null;
}

export interface CustomerReview {
  account: { id: string; name: string };
  period: Period;
  days: number;
  previous: Period;
  /** The last day the data covers (the review's figures never look past it). */
  dataAsOf: string;
  activeUsers: {
    /** Monthly active users on `to` (the 30 days ending `to`), and on the day before `from`. */
    mau: number;
    mauWindow: Window;
    previousMau: number;
    previousMauWindow: Window;
    /** `mau / previousMau − 1`; null when previousMau is 0. */
    mauChange: number | null;
    /** Mean daily active users over the period, and over the previous period (missing days 0). */
    avgDau: number;
    previousAvgDau: number;
    avgDauChange: number | null;
  };
  seats: {
    window: Window;
    /** MAU on `to`: the seats in use. */
    used: number;
    /** Purchased seats (the account's current `seats`), null when unknown. */
    purchased: number | null;
    utilization: number | null;
  };
  features: {
    window: Window;
    /** Users last seen in the 30 days ending `to` (the core's active users, for adoption). */
    activeUsers: number;
    /** Every tracked feature with its share (features collection order). */
    all: ReviewFeature[];
    /** Those with a share above 0. */
    adopted: ReviewFeature[];
    /** Adopted on `to` and known not adopted on the day before `from` (share 0 then). */
    newlyAdopted: ReviewFeature[];
    /** Adopted on `to` with no figure on the day before `from` (no active user then): cannot be told. */
    undetermined: ReviewFeature[];
    previousWindow: Window;
  };
  milestones: {
    /** Milestones reached in the period, by date. */
    reached: { key: string; name: string; on: string }[];
    /** Defined milestones achieved on or before `to` / defined (the core's journeyCompletion). */
    journeyCompletion: number | null;
    /** Days from the start to first value, as of `to` (the core's ttvDays), and the day of first value. */
    ttvDays: number | null;
    firstValueOn: string | null;
    firstValueName: string | null;
  };
  usage: {
    /** DAU of each day of the period, oldest first, and of the previous period's days. */
    daily: { date: string; dau: number }[];
    previousDaily: number[];
    /** The core's 84-day heatmap ending `to` (12 weeks, oldest first). */
    heatmap: number[];
    heatmapWindow: Window;
    /** The core's usageChange on `to`: average DAU of the 30 days ending `to` over the 30 before. */
    usageChange: number | null;
    usageChangeWindow: Window;
    minutesPerActiveUser: number | null;
  };
  support: {
    /** Tickets opened in the period. */
    opened: number;
    /** Medians over the period's tickets whose reply / solve came on or before the end of `to`, in hours. */
    medianFirstReplyHours: number | null;
    medianResolutionHours: number | null;
    /** Share of CSAT answers 4–5 in the period; null with none. */
    csat: number | null;
    csatResponses: number;
  };
  nps: {
    score: number | null;
    responses: number;
    promoters: number;
    passives: number;
    detractors: number;
    /** Survey comments given in the period, newest first (id for the CSM's choice). */
    comments: { id: string; on: string; kind: 'nps' | 'csat'; score: number; comment: string }[];
  };
  /** The workspace's value statements over the period. */
  value: { statement: ValueStatement; label: string; uses: number; minutes: number; hours: number }[];
}

export interface InternalPrep {
  /** The day the health, signals and renewal are computed as of (the data's as-of date). */
  asOf: string;
  currency: string;
  health: {
    score: number | null;
    rounded: number | null;
    band: Band | null;
    label: string | null;
    delta30: number | null;
    drivers: string[];
  };
  risks: Signal[];
  upsell: Signal[];
  renewal: { renewsOn: string | null; renewsInDays: number | null };
  mrr: number;
  arr: number;
  owner: string | null;
}

export interface Review {
  customer: CustomerReview;
  internal: InternalPrep;
}

export interface ReviewInput {
  period: Period;
  /** The data's as-of date (`min(dataThrough, today)`); the period must end on or before it. */
  asOf: string;
  settings: Settings;
  /** The workspace context (from the sync, or computed on the whole workspace). */
  context?: WorkspaceContext;
  valueStatements?: readonly ValueStatement[];
}

function windowEnding(to: number): Window {
  return { from: dateOfDay(to - 29), to: dateOfDay(to) };
}

function changeOf(cur: number, prev: number): number | null {
  return prev === 0 ? null : cur / prev - 1;
}

/** DAU of each day `from … to` (0 for a day without a row), from the index's sorted usage days. */
function dailyDau(ix: DatasetIndex, accountId: string, from: number, to: number): number[] {
  const ax = ix.byId.get(accountId);
  const out = new Array<number>(Math.max(0, to - from + 1)).fill(0);
  if (!ax) return out;
  for (let i = 0; i < ax.useDays.length; i++) {
    const d = ax.useDays[i];
    if (d >= from && d <= to) out[d - from] = ax.useDau[i];
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The account's surveys with their text, de-duplicated by id (the later record wins, as the core reads them). */
function surveysOf(ix: DatasetIndex, accountId: string): Survey[] {
  const byId = new Map<string, Survey>();
  for (const s of ix.dataset.surveys ?? []) byId.set(s.id, s);
  return [...byId.values()].filter((s) => s.accountId === accountId);
}

function valueStatementsOf(
  ix: DatasetIndex,
  accountId: string,
  from: number,
  to: number,
  statements: readonly ValueStatement[],
  featureNames: Map<string, string>,
): CustomerReview['value'] {
  const ax = ix.byId.get(accountId);
  if (!ax) return [];
  let sessions = 0;
  const usage = ix.dataset.usage ?? [];
  for (let i = 0; i < ax.useDays.length; i++) {
    if (ax.useDays[i] >= from && ax.useDays[i] <= to) sessions += usage[ax.useRow[i]]?.sessions ?? 0;
  }
  return statements.flatMap((statement) => {
    let uses: number;
    let label: string;
    if (statement.basis === 'session') {
      uses = sessions;
      label = `Each ${statement.unit} saves ${statement.minutesPerUse} minutes`;
    } else {
      const f = ix.featureKeys.indexOf(statement.featureKey);
      // A statement on a feature the dataset does not track cannot be counted: left out.
      if (f < 0) return [];
      // One use per user whose last use of the feature falls in the period (the data's only count).
      uses = 0;
      const { featFrom, featIdx, featDay } = ax.users;
      for (let k = featFrom[ax.userFrom]; k < featFrom[ax.userTo]; k++) {
        if (featIdx[k] === f && featDay[k] >= from && featDay[k] <= to) uses++;
      }
      label = `Each ${statement.unit} (${featureNames.get(statement.featureKey) ?? statement.featureKey}) saves ${statement.minutesPerUse} minutes`;
    }
    const minutes = uses * statement.minutesPerUse;
    return [{ statement, label, uses, minutes, hours: minutes / 60 }];
  });
}

/** The review of `accountId` for `input.period`; null for an unknown account. */
export function computeReview(ix: DatasetIndex, accountId: string, input: ReviewInput): Review | null {
  const ax = ix.byId.get(accountId);
  if (!ax) return null;
  const { period, settings, context } = input;
  const from = dayNumber(period.from);
  const to = dayNumber(period.to);
  const prev = previousPeriod(period);
  const prevTo = from - 1;
  const atTo = computeAccountReport(ix, accountId, period.to, settings, context) as AccountReport;
  const atPrev = computeAccountReport(ix, accountId, prev.to, settings, context) as AccountReport;
  const atAsOf = computeAccountReport(ix, accountId, input.asOf, settings, context) as AccountReport;
  const account = ax.account;

  const features = ix.dataset.features ?? [];
  const featureNames = new Map(features.map((f) => [f.key, f.name]));
  const all: ReviewFeature[] = ix.featureKeys.map((key) => ({
    key,
    name: featureNames.get(key) ?? key,
    share: atTo.usage.featureAdoption[key] ?? null,
  }));
  const adopted = all.filter((f) => f.share !== null && f.share > 0);
  const before = (k: string) => atPrev.usage.featureAdoption[k] ?? null;
  const newlyAdopted = adopted.filter((f) => before(f.key) === 0);
  const undetermined = adopted.filter((f) => before(f.key) === null);

  const milestoneDefs = ix.dataset.milestones ?? [];
  const reached = milestoneDefs
    .flatMap((m) => {
      const on = account.milestones?.[m.key];
      return on && on >= period.from && on <= period.to
        ? [{ key: m.key, name: m.name, on, order: m.order }]
        : [];
    })
    .sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1))
    .map(({ key, name, on }) => ({ key, name, on }));
  const firstValue = milestoneDefs.find((m) => m.firstValue);
  const firstValueOn = firstValue ? (account.milestones?.[firstValue.key] ?? null) : null;

  const daily = dailyDau(ix, accountId, from, to);
  const previousDaily = dailyDau(ix, accountId, dayNumber(prev.from), prevTo);
  const avgDau = mean(daily);
  const previousAvgDau = mean(previousDaily);

  // Support over the period, as METRICS.md defines it over its 90-day window.
  const endMs = (to + 1) * MS_PER_DAY; // exclusive
  let opened = 0;
  const reply: number[] = [];
  const resolution: number[] = [];
  const t = ax.tickets;
  for (let i = ax.ticketFrom; i < ax.ticketTo; i++) {
    if (t.openedDay[i] < from || t.openedDay[i] > to) continue;
    opened++;
    if (t.firstResponseMs[i] < endMs) reply.push((t.firstResponseMs[i] - t.openedMs[i]) / MS_PER_HOUR);
    if (t.solvedMs[i] < endMs) resolution.push((t.solvedMs[i] - t.openedMs[i]) / MS_PER_HOUR);
  }

  let npsResponses = 0;
  let promoters = 0;
  let detractors = 0;
  let csatResponses = 0;
  let csatSatisfied = 0;
  const sv = ax.surveys;
  for (let i = ax.surveyFrom; i < ax.surveyTo; i++) {
    if (sv.day[i] < from || sv.day[i] > to) continue;
    const score = sv.score[i];
    if (sv.nps[i] === 1) {
      npsResponses++;
      if (score >= 9) promoters++;
      else if (score <= 6) detractors++;
    } else {
      csatResponses++;
      if (score >= 4) csatSatisfied++;
    }
  }
  const comments = surveysOf(ix, accountId)
    .filter((s) => s.comment && s.respondedOn >= period.from && s.respondedOn <= period.to)
    .sort((a, b) =>
      a.respondedOn === b.respondedOn ? (a.id < b.id ? -1 : 1) : a.respondedOn < b.respondedOn ? 1 : -1,
    )
    .map((s) => ({
      id: s.id,
      on: s.respondedOn,
      kind: s.kind,
      score: s.score,
      comment: s.comment as string,
    }));

  const customer: CustomerReview = {
    account: { id: account.id, name: account.name },
    period: { from: period.from, to: period.to },
    days: periodDays(period),
    previous: prev,
    dataAsOf: input.asOf,
    activeUsers: {
      mau: atTo.usage.mau,
      mauWindow: windowEnding(to),
      previousMau: atPrev.usage.mau,
      previousMauWindow: windowEnding(prevTo),
      mauChange: changeOf(atTo.usage.mau, atPrev.usage.mau),
      avgDau,
      previousAvgDau,
      avgDauChange: changeOf(avgDau, previousAvgDau),
    },
    seats: {
      window: windowEnding(to),
      used: atTo.usage.mau,
      purchased: account.seats ?? null,
      utilization: atTo.usage.seatUtilization,
    },
    features: {
      window: windowEnding(to),
      previousWindow: windowEnding(prevTo),
      activeUsers: atTo.usage.activeUsers,
      all,
      adopted,
      newlyAdopted,
      undetermined,
    },
    milestones: {
      reached,
      journeyCompletion: atTo.journeyCompletion,
      ttvDays: atTo.ttvDays,
      firstValueOn: firstValueOn && firstValueOn <= period.to ? firstValueOn : null,
      firstValueName: firstValue?.name ?? null,
    },
    usage: {
      daily: daily.map((dau, i) => ({ date: dateOfDay(from + i), dau })),
      previousDaily,
      heatmap: atTo.usage.heatmap,
      heatmapWindow: { from: dateOfDay(to - 83), to: period.to },
      usageChange: atTo.usage.usageChange,
      usageChangeWindow: { from: dateOfDay(to - 59), to: period.to },
      minutesPerActiveUser: atTo.usage.minutesPerActiveUser,
    },
    support: {
      opened,
      medianFirstReplyHours: median(reply),
      medianResolutionHours: median(resolution),
      csat: csatResponses === 0 ? null : csatSatisfied / csatResponses,
      csatResponses,
    },
    nps: {
      score: npsOf(promoters, detractors, npsResponses),
      responses: npsResponses,
      promoters,
      passives: npsResponses - promoters - detractors,
      detractors,
      comments,
    },
    value: valueStatementsOf(ix, accountId, from, to, input.valueStatements ?? [], featureNames),
  };

  const h = atAsOf.health;
  const internal: InternalPrep = {
    asOf: input.asOf,
    currency: ix.dataset.currency,
    health: {
      score: h.score,
      rounded: h.rounded,
      band: h.band,
      label: h.label,
      delta30: h.delta30,
      drivers: h.drivers,
    },
    risks: atAsOf.signals.filter((s) => s.kind === 'risk'),
    upsell: atAsOf.signals.filter((s) => s.kind === 'upsell'),
    renewal: { renewsOn: account.renewsOn ?? null, renewsInDays: atAsOf.renewsInDays },
    mrr: atAsOf.mrr,
    arr: atAsOf.arr,
    owner: account.owner ?? null,
  };
  return { customer, internal };
}
