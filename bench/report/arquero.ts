/**
 * The fixed Report JSON as arquero pipelines (filter / groupby / rollup / join / derive / window
 * `lag`), the dataframe a JavaScript engineer would reach for.
 *
 * Loading (timed apart) turns the dataset into column tables with the same normalisation as the
 * DuckDB load: integer surrogate keys, dates as day numbers, months as month numbers, timestamps
 * as epoch ms, maps and plan feature lists as rows, numeric columns without nulls as typed arrays.
 *
 * The timed work runs the pipelines and shapes their columns into the Report JSON. Two small
 * steps are plain JS in that shaping, as with DuckDB's rows: the 84-day heatmap and the
 * per-feature adoption come out of arquero as (index, value) lists per account (`array_agg`) and
 * are spread into dense arrays / objects there.
 */
import * as aq from 'arquero';
import type { Dataset } from '../../lib/dataset/schema';
import { dayNumber, monthNumber, monthString } from '../../lib/metrics/dates';
import type { AsOfParams, Band, FixedAccount, FixedReport } from './fixed';
import { signalList } from './fixed';

const { op } = aq;
type Table = ReturnType<typeof aq.table>;
// Expressions are parsed by arquero from their source text: `d` is the row, `$` the params.
// biome-ignore lint/suspicious/noExplicitAny: arquero row and params objects are untyped.
type R = any;

export interface AqTables {
  accounts: Table;
  features: Table;
  plans: Table;
  planFeatures: Table;
  accountMilestones: Table;
  revenue: Table;
  usage: Table;
  users: Table;
  userFeatures: Table;
  tickets: Table;
  surveys: Table;
  featureKeys: string[];
  milestoneCount: number;
  currency: string;
}

const optDay = (d: string | undefined) => (d === undefined ? null : dayNumber(d));

export function loadArquero(ds: Dataset): AqTables {
  const accOf = new Map<string, number>();
  ds.accounts.forEach((a, i) => {
    accOf.set(a.id, i);
  });
  const featureKeys = ds.features.map((f) => f.key);
  const fOf = new Map(featureKeys.map((k, i) => [k, i]));
  const A = ds.accounts;
  const accounts = aq.table({
    acc: Int32Array.from(A.keys()),
    id: A.map((a) => a.id),
    name: A.map((a) => a.name),
    plan_id: A.map((a) => a.planId ?? null),
    seats: A.map((a) => a.seats ?? null),
    segment: A.map((a) => a.segment ?? null),
    started: A.map((a) => optDay(a.startedOn)),
    renews: A.map((a) => optDay(a.renewsOn)),
    acq_cost: A.map((a) => a.acquisitionCost ?? null),
    deal_created: A.map((a) => optDay(a.dealCreatedOn)),
    deal_closed: A.map((a) => optDay(a.dealClosedOn)),
  });
  const pfPlan: string[] = [];
  const pfF: number[] = [];
  for (const p of ds.plans) {
    for (const k of new Set(p.features)) {
      const f = fOf.get(k);
      if (f === undefined) continue;
      pfPlan.push(p.id);
      pfF.push(f);
    }
  }
  const milestoneKeys = new Set(ds.milestones.map((m) => m.key));
  const firstValueKey = ds.milestones.find((m) => m.firstValue)?.key;
  const amAcc: number[] = [];
  const amDay: number[] = [];
  const amFv: boolean[] = [];
  A.forEach((a, i) => {
    for (const [k, d] of Object.entries(a.milestones ?? {})) {
      if (!milestoneKeys.has(k)) continue;
      amAcc.push(i);
      amDay.push(dayNumber(d));
      amFv.push(k === firstValueKey);
    }
  });
  const R_ = ds.revenue;
  const U = ds.usage;
  const dayCache = new Map<string, number>();
  const usageDay = new Int32Array(U.length);
  const usageAcc = new Int32Array(U.length);
  const dau = new Float64Array(U.length);
  const wau = new Float64Array(U.length);
  const mau = new Float64Array(U.length);
  const minutes = new Float64Array(U.length);
  for (let i = 0; i < U.length; i++) {
    const r = U[i];
    let d = dayCache.get(r.date);
    if (d === undefined) {
      d = dayNumber(r.date);
      dayCache.set(r.date, d);
    }
    usageDay[i] = d;
    usageAcc[i] = accOf.get(r.accountId)!;
    dau[i] = r.dau;
    wau[i] = r.wau;
    mau[i] = r.mau;
    minutes[i] = r.minutes;
  }
  const ufU: number[] = [];
  const ufAcc: number[] = [];
  const ufF: number[] = [];
  const ufDay: number[] = [];
  ds.users.forEach((u, i) => {
    const acc = accOf.get(u.accountId)!;
    for (const [k, d] of Object.entries(u.features)) {
      const f = fOf.get(k);
      if (f === undefined) continue;
      ufU.push(i);
      ufAcc.push(acc);
      ufF.push(f);
      ufDay.push(dayNumber(d));
    }
  });
  const T = ds.tickets;
  const S = ds.surveys;
  return {
    accounts,
    features: aq.table({ f: Int32Array.from(featureKeys.keys()), key: featureKeys }),
    plans: aq.table({ id: ds.plans.map((p) => p.id) }),
    planFeatures: aq.table({ plan_id: pfPlan, f: Int32Array.from(pfF) }),
    accountMilestones: aq.table({ acc: Int32Array.from(amAcc), day: Int32Array.from(amDay), fv: amFv }),
    revenue: aq.table({
      acc: Int32Array.from(R_, (r) => accOf.get(r.accountId)!),
      m: Int32Array.from(R_, (r) => monthNumber(r.month)),
      mrr: Float64Array.from(R_, (r) => r.mrr),
    }),
    usage: aq.table({ acc: usageAcc, day: usageDay, dau, wau, mau, minutes }),
    users: aq.table({
      u: Int32Array.from(ds.users.keys()),
      acc: Int32Array.from(ds.users, (u) => accOf.get(u.accountId)!),
      champion: ds.users.map((u) => u.champion),
      last_seen: ds.users.map((u) => optDay(u.lastSeenOn)),
    }),
    userFeatures: aq.table({
      u: Int32Array.from(ufU),
      acc: Int32Array.from(ufAcc),
      f: Int32Array.from(ufF),
      day: Int32Array.from(ufDay),
    }),
    tickets: aq.table({
      acc: Int32Array.from(T, (t) => accOf.get(t.accountId)!),
      opened_ms: Float64Array.from(T, (t) => Date.parse(t.openedAt)),
      first_ms: T.map((t) => (t.firstResponseAt === undefined ? null : Date.parse(t.firstResponseAt))),
      solved_ms: T.map((t) => (t.solvedAt === undefined ? null : Date.parse(t.solvedAt))),
      priority: T.map((t) => t.priority),
      status: T.map((t) => t.status),
    }),
    surveys: aq.table({
      acc: Int32Array.from(S, (s) => accOf.get(s.accountId)!),
      day: Int32Array.from(S, (s) => dayNumber(s.respondedOn)),
      kind: S.map((s) => s.kind),
      score: Int32Array.from(S, (s) => s.score),
    }),
    featureKeys,
    milestoneCount: milestoneKeys.size,
    currency: ds.currency,
  };
}

/** User-feature rows dated in W30 (`x−29 … x`) of active users. */
function featUsersRows(t: AqTables, active: Table, x: number): Table {
  return t.userFeatures
    .params({ lo: x - 29, x })
    .filter((d: R, $: R) => d.day >= $.lo && d.day <= $.x)
    .semijoin(active, 'u');
}

/** Usage aggregates as of day x, columns prefixed with `pre`. */
function usageAt(t: AqTables, x: number, pre: string): Table {
  return t.usage
    .params({ lo: x - 59, mid: x - 29, x })
    .filter((d: R, $: R) => d.day >= $.lo && d.day <= $.x)
    .groupby('acc')
    .rollup({
      [`${pre}sum30`]: (d: R, $: R) => op.sum(d.day >= $.mid ? d.dau : 0),
      [`${pre}sump30`]: (d: R, $: R) => op.sum(d.day < $.mid ? d.dau : 0),
      [`${pre}min30`]: (d: R, $: R) => op.sum(d.day >= $.mid ? d.minutes : 0),
      [`${pre}dau`]: (d: R, $: R) => op.max(d.day === $.x ? d.dau : null),
      [`${pre}wau`]: (d: R, $: R) => op.max(d.day === $.x ? d.wau : null),
      [`${pre}mau`]: (d: R, $: R) => op.max(d.day === $.x ? d.mau : null),
    });
}

function surveysAt(t: AqTables, x: number, pre: string, detractorDays: number): Table {
  return t.surveys
    .params({ lo: x - 179, x, recent: x - (detractorDays - 1) })
    .filter((d: R, $: R) => d.day >= $.lo && d.day <= $.x)
    .groupby('acc')
    .rollup({
      [`${pre}nps_n`]: (d: R) => op.sum(d.kind === 'nps' ? 1 : 0),
      [`${pre}prom`]: (d: R) => op.sum(d.kind === 'nps' && d.score >= 9 ? 1 : 0),
      [`${pre}detr`]: (d: R) => op.sum(d.kind === 'nps' && d.score <= 6 ? 1 : 0),
      [`${pre}recent_detr`]: (d: R, $: R) =>
        op.sum(d.kind === 'nps' && d.score <= 6 && d.day >= $.recent ? 1 : 0),
      [`${pre}csat_n`]: (d: R) => op.sum(d.kind === 'csat' ? 1 : 0),
      [`${pre}csat_sat`]: (d: R) => op.sum(d.kind === 'csat' && d.score >= 4 ? 1 : 0),
    });
}

function ticketsAt(t: AqTables, x: number, pre: string, withHours: boolean, endOfDMs: number): Table {
  const base = t.tickets
    .params({ x, w30: x - 29, p0: x - 119, p1: x - 30, h90: x - 89, end: endOfDMs })
    .derive({ od: (d: R) => op.floor(d.opened_ms / 86400000) })
    .filter((d: R, $: R) => d.od <= $.x)
    .groupby('acc');
  const counts = {
    [`${pre}open_tickets`]: (d: R) => op.sum(d.status === 'open' || d.status === 'pending' ? 1 : 0),
    [`${pre}open_urgent`]: (d: R) =>
      op.sum(
        (d.status === 'open' || d.status === 'pending') && (d.priority === 'high' || d.priority === 'urgent')
          ? 1
          : 0,
      ),
    [`${pre}tickets30`]: (d: R, $: R) => op.sum(d.od >= $.w30 ? 1 : 0),
    [`${pre}prior`]: (d: R, $: R) => op.sum(d.od >= $.p0 && d.od <= $.p1 ? 1 : 0),
  };
  if (!withHours) return base.rollup(counts);
  return base.rollup({
    ...counts,
    mfrh: (d: R, $: R) =>
      op.median(
        d.od >= $.h90 && d.first_ms != null && d.first_ms < $.end
          ? (d.first_ms - d.opened_ms) / 3600000
          : null,
      ),
    mrh: (d: R, $: R) =>
      op.median(
        d.od >= $.h90 && d.solved_ms != null && d.solved_ms < $.end
          ? (d.solved_ms - d.opened_ms) / 3600000
          : null,
      ),
  });
}

/** Components (5 columns `${k}_…`) from the `${k}_su/st/uc/journey/nps/csat/open_urgent/tickets30` inputs. */
function componentExprs(k: 'd' | 'p') {
  // arquero parses expressions from source text, so the column names are spliced in as text.
  const e = (body: string) => `(d, $) => ${body.replaceAll('K_', `d.${k}_`)}`;
  return {
    [`${k}_engagement`]: e(
      `K_su == null && K_st == null ? null : K_su == null ? 100 * op.least(1, K_st / $.target)
        : K_st == null ? 100 * op.least(1, K_su)
        : 100 * ($.ws * op.least(1, K_su) + $.wk * op.least(1, K_st / $.target))`,
    ),
    [`${k}_adoption`]: e(
      `d.breadth == null && K_journey == null ? null : d.breadth == null ? 100 * K_journey
        : K_journey == null ? 100 * d.breadth : 100 * ((d.breadth + K_journey) / 2)`,
    ),
    [`${k}_satisfaction`]: e(`K_nps != null ? (K_nps + 100) / 2 : K_csat != null ? 100 * K_csat : null`),
    [`${k}_support`]: e(
      `$.tracked ? op.greatest(0, op.least(100, 100 - $.perUrgent * K_open_urgent - $.perTicketOver * op.greatest(0, K_tickets30 - $.freeTickets))) : null`,
    ),
    [`${k}_trend`]: e(`K_uc == null ? null : 50 + 50 * op.greatest(-1, op.least(1, K_uc))`),
  };
}

function scoreExpr(k: 'd' | 'p') {
  const parts = ['engagement', 'adoption', 'satisfaction', 'support', 'trend'];
  const numr = parts.map((c) => `(d.${k}_${c} == null ? 0 : $.w_${c} * d.${k}_${c})`).join(' + ');
  const den = parts.map((c) => `(d.${k}_${c} == null ? 0 : $.w_${c})`).join(' + ');
  return `(d, $) => (${den}) === 0 ? null : (${numr}) / (${den})`;
}

const ROUND = (x: string) =>
  `(op.floor(${x}) + (${x} >= op.floor(${x}) + 0.5 - op.greatest(1e-9, 1e-9 * op.abs(op.floor(${x}) + 0.5)) ? 1 : 0))`;

/** The timed work. */
export function arqueroReport(t: AqTables, asOf: string, p: AsOfParams): FixedReport {
  const { D, M, from12 } = p;
  const s = p.settings;
  const mc = t.milestoneCount;
  const nf = t.featureKeys.length;

  const ud = usageAt(t, D, 'd_');
  const up = usageAt(t, D - 30, 'p_');
  const heat = t.usage
    .params({ lo: D - 83, x: D })
    .filter((d: R, $: R) => d.day >= $.lo && d.day <= $.x)
    .derive({ i: (d: R, $: R) => d.day - $.lo })
    .groupby('acc')
    .rollup({ hi: op.array_agg('i'), hv: op.array_agg('dau') });

  const active = t.users
    .params({ lo: D - 29, x: D })
    .filter((d: R, $: R) => d.last_seen != null && d.last_seen >= $.lo && d.last_seen <= $.x);
  const activeN = active.groupby('acc').count({ as: 'active' });
  const featUsers = featUsersRows(t, active, D).groupby('acc', 'f').count({ as: 'n' });
  const adoption = featUsers.groupby('acc').rollup({ fi: op.array_agg('f'), fn: op.array_agg('n') });
  const knownPlans = t.plans.array('id') as string[];
  const avail = t.accounts
    .select('acc', 'plan_id')
    .join(t.planFeatures, 'plan_id')
    .select('acc', 'f')
    .concat(
      t.accounts
        .params({ plans: knownPlans })
        .filter((d: R, $: R) => d.plan_id == null || !op.includes($.plans, d.plan_id))
        .select('acc')
        .cross(t.features.select('f')),
    );
  const breadth = avail
    .join_left(featUsers, [['acc', 'f']])
    .groupby('acc')
    .rollup({ n_avail: op.count(), n_used: op.valid('n') });
  // Feature demand: distinct active users using, in W30, a feature their account's (known) plan lacks.
  const demand = featUsersRows(t, active, D)
    .join(t.accounts.select('acc', 'plan_id'), 'acc')
    .params({ plans: knownPlans })
    .filter((d: R, $: R) => d.plan_id != null && op.includes($.plans, d.plan_id))
    .antijoin(t.planFeatures, [['plan_id', 'f']])
    .groupby('acc')
    .rollup({ demand_users: op.distinct('u') });
  const champions = t.users
    .params({ before: D - s.championInactiveDays })
    .filter((d: R, $: R) => d.champion && d.last_seen != null && d.last_seen < $.before)
    .groupby('acc')
    .count({ as: 'inactive_champions' });
  const journey = t.accountMilestones
    .params({ x: D, px: D - 30 })
    .groupby('acc')
    .rollup({
      n_d: (d: R, $: R) => op.sum(d.day <= $.x ? 1 : 0),
      n_p: (d: R, $: R) => op.sum(d.day <= $.px ? 1 : 0),
      fv_day: (d: R) => op.max(d.fv ? d.day : null),
    });
  const sd = surveysAt(t, D, 'd_', s.detractorDays);
  const sp = surveysAt(t, D - 30, 'p_', s.detractorDays);
  const td = ticketsAt(t, D, 'd_', true, p.endOfDMs);
  const tp = ticketsAt(t, D - 30, 'p_', false, p.endOfDMs);

  // Revenue: months M−12 … M for every account, lag, movements.
  const firstPos = t.revenue
    .filter((d: R) => d.mrr > 0)
    .groupby('acc')
    .rollup({ first_pos: op.min('m') });
  const months = aq.table({ m: Int32Array.from({ length: 13 }, (_, i) => M - 12 + i) });
  const mv = t.accounts
    .select('acc')
    .cross(months)
    .join_left(
      t.revenue.params({ lo: M - 12, hi: M }).filter((d: R, $: R) => d.m >= $.lo && d.m <= $.hi),
      [['acc', 'm']],
    )
    .derive({ cur: (d: R) => (d.mrr == null ? 0 : d.mrr) })
    .groupby('acc')
    .orderby('m')
    .derive({ prev: (d: R) => op.lag(d.cur, 1) })
    .ungroup()
    .params({ lo: M - 11 })
    .filter((d: R, $: R) => d.m >= $.lo)
    .join_left(firstPos, 'acc')
    .derive({
      new: (d: R) => (d.prev === 0 && d.cur > 0 && !(d.first_pos != null && d.first_pos < d.m) ? d.cur : 0),
      reactivation: (d: R) =>
        d.prev === 0 && d.cur > 0 && d.first_pos != null && d.first_pos < d.m ? d.cur : 0,
      expansion: (d: R) => (d.prev > 0 && d.cur > d.prev ? d.cur - d.prev : 0),
      contraction: (d: R) => (d.cur > 0 && d.cur < d.prev ? d.cur - d.prev : 0),
      churn: (d: R) => (d.prev > 0 && d.cur === 0 ? -d.prev : 0),
      churned: (d: R) => (d.prev > 0 && d.cur === 0 ? 1 : 0),
      at_risk: (d: R) => (d.prev > 0 ? 1 : 0),
    });
  const mlcrT = mv.rollup({ churned: op.sum('churned'), at_risk: op.sum('at_risk') }).objects()[0] as R;
  const mlcr = mlcrT.at_risk === 0 ? null : mlcrT.churned / mlcrT.at_risk;
  const expansion = mv.groupby('acc').rollup({ expansion: op.sum('expansion') });
  const rev = t.revenue
    .params({ M, B: M - 12, M3: M - 3 })
    .filter((d: R, $: R) => d.m === $.M || d.m === $.B || d.m === $.M3)
    .groupby('acc')
    .rollup({
      mrr: (d: R, $: R) => op.max(d.m === $.M ? d.mrr : null),
      mrr_b: (d: R, $: R) => op.max(d.m === $.B ? d.mrr : null),
      mrr3: (d: R, $: R) => op.max(d.m === $.M3 ? d.mrr : null),
    });
  // Status: the last month up to M with MRR > 0 and its MRR (churned in the month after it).
  const lastPaid = t.revenue
    .params({ M })
    .filter((d: R, $: R) => d.mrr > 0 && d.m <= $.M)
    .groupby('acc')
    .filter((d: R) => d.m === op.max(d.m))
    .rollup({ last_paid_m: op.max('m'), last_paid_mrr: op.max('mrr') });
  const withRev = t.accounts.join_left(rev, 'acc').derive({
    mrr: (d: R) => (d.mrr == null ? 0 : d.mrr),
    mrr_b: (d: R) => (d.mrr_b == null ? 0 : d.mrr_b),
    mrr3: (d: R) => (d.mrr3 == null ? 0 : d.mrr3),
  });
  const segMedian = withRev
    .filter((d: R) => d.segment != null && d.mrr > 0)
    .groupby('segment')
    .rollup({ seg_med: op.median('mrr') });
  const tracked = t.tickets.numRows() > 0;

  const params = {
    D,
    mc,
    mlcr,
    tracked,
    target: s.stickinessTarget,
    ws: s.engagementSplit.seatUtilization,
    wk: s.engagementSplit.stickiness,
    perUrgent: s.support.perUrgent,
    perTicketOver: s.support.perTicketOver,
    freeTickets: s.support.freeTickets,
    w_engagement: p.weights.engagement,
    w_adoption: p.weights.adoption,
    w_satisfaction: p.weights.satisfaction,
    w_support: p.weights.support,
    w_trend: p.weights.trend,
    gm: s.grossMargin,
    redMax: s.bands.redMax,
    yellowMax: s.bands.yellowMax,
    leDecline: p.leDecline,
    leDeclineHigh: p.leDeclineHigh,
    ltLowAdoption: p.ltLowAdoption,
    geSeatLimit: p.geSeatLimit,
    geSeatLimitHigh: p.geSeatLimitHigh,
    geUsageGrowth: p.geUsageGrowth,
    gePromoterNps: p.gePromoterNps,
    gePlanHeadroom: p.gePlanHeadroom,
    ticketSpikeMin: s.ticketSpikeMin,
    ticketSpikeFactor: s.ticketSpikeFactor,
    renewalDays: s.renewalDays,
    lowAdoptionAgeDays: s.lowAdoptionAgeDays,
    promoterResponses: s.promoterResponses,
    featureDemandUsers: s.featureDemandUsers,
  };
  const wide = withRev
    .join_left(lastPaid, 'acc')
    .join_left(expansion, 'acc')
    .join_left(segMedian, 'segment')
    .join_left(ud, 'acc')
    .join_left(up, 'acc')
    .join_left(journey, 'acc')
    .join_left(breadth, 'acc')
    .join_left(activeN, 'acc')
    .join_left(champions, 'acc')
    .join_left(demand, 'acc')
    .join_left(sd, 'acc')
    .join_left(sp, 'acc')
    .join_left(td, 'acc')
    .join_left(tp, 'acc')
    .params(params)
    .derive({
      avg30: (d: R) => (d.d_sum30 == null ? 0 : d.d_sum30) / 30,
      d_st: (d: R) =>
        d.d_mau == null || d.d_mau === 0 ? null : (d.d_sum30 == null ? 0 : d.d_sum30) / 30 / d.d_mau,
      d_su: (d: R) => (d.seats == null || d.seats === 0 ? null : (d.d_mau == null ? 0 : d.d_mau) / d.seats),
      d_uc: (d: R) =>
        d.d_sump30 == null || d.d_sump30 === 0
          ? null
          : (d.d_sum30 == null ? 0 : d.d_sum30) / 30 / (d.d_sump30 / 30) - 1,
      p_st: (d: R) =>
        d.p_mau == null || d.p_mau === 0 ? null : (d.p_sum30 == null ? 0 : d.p_sum30) / 30 / d.p_mau,
      p_su: (d: R) => (d.seats == null || d.seats === 0 ? null : (d.p_mau == null ? 0 : d.p_mau) / d.seats),
      p_uc: (d: R) =>
        d.p_sump30 == null || d.p_sump30 === 0
          ? null
          : (d.p_sum30 == null ? 0 : d.p_sum30) / 30 / (d.p_sump30 / 30) - 1,
      d_journey: (d: R, $: R) => ($.mc === 0 ? null : (d.n_d == null ? 0 : d.n_d) / $.mc),
      p_journey: (d: R, $: R) => ($.mc === 0 ? null : (d.n_p == null ? 0 : d.n_p) / $.mc),
      breadth: (d: R) =>
        d.n_avail == null || d.n_avail === 0
          ? null
          : d.active == null || d.active === 0
            ? 0
            : d.n_used / d.n_avail,
      d_nps: (d: R) =>
        d.d_nps_n == null || d.d_nps_n === 0 ? null : (100 * (d.d_prom - d.d_detr)) / d.d_nps_n,
      d_csat: (d: R) => (d.d_csat_n == null || d.d_csat_n === 0 ? null : d.d_csat_sat / d.d_csat_n),
      p_nps: (d: R) =>
        d.p_nps_n == null || d.p_nps_n === 0 ? null : (100 * (d.p_prom - d.p_detr)) / d.p_nps_n,
      p_csat: (d: R) => (d.p_csat_n == null || d.p_csat_n === 0 ? null : d.p_csat_sat / d.p_csat_n),
      d_open_urgent: (d: R) => (d.d_open_urgent == null ? 0 : d.d_open_urgent),
      d_tickets30: (d: R) => (d.d_tickets30 == null ? 0 : d.d_tickets30),
      p_open_urgent: (d: R) => (d.p_open_urgent == null ? 0 : d.p_open_urgent),
      p_tickets30: (d: R) => (d.p_tickets30 == null ? 0 : d.p_tickets30),
    })
    .derive({ ...componentExprs('d'), ...componentExprs('p') })
    .derive({ score: scoreExpr('d'), p_score: scoreExpr('p') })
    .derive({
      band: `(d, $) => d.score == null ? null : ${ROUND('d.score')} <= $.redMax ? 'red' : ${ROUND('d.score')} <= $.yellowMax ? 'yellow' : 'green'`,
    })
    .derive({
      renews_in: (d: R, $: R) => (d.renews == null ? null : d.renews - $.D),
      sig1: (d: R, $: R) =>
        d.d_uc != null && d.d_uc <= $.leDecline ? (d.d_uc <= $.leDeclineHigh ? 'high' : 'medium') : null,
      sig2: (d: R) => (d.inactive_champions > 0 ? 'high' : null),
      sig3: (d: R) => (d.d_recent_detr > 0 ? 'medium' : null),
      sig4: (d: R, $: R) =>
        d.d_tickets30 >= $.ticketSpikeMin &&
        3 * d.d_tickets30 >= $.ticketSpikeFactor * (d.d_prior == null ? 0 : d.d_prior)
          ? 'medium'
          : null,
      sig5: (d: R, $: R) =>
        d.renews != null && d.renews - $.D > 0 && d.renews - $.D <= $.renewalDays && d.band !== 'green'
          ? d.band === 'red'
            ? 'high'
            : 'medium'
          : null,
      sig6: (d: R) => (d.mrr > 0 && d.mrr < d.mrr3 ? 'medium' : null),
      sig7: (d: R, $: R) =>
        d.breadth != null &&
        d.breadth < $.ltLowAdoption &&
        d.started != null &&
        $.D - d.started > $.lowAdoptionAgeDays
          ? 'low'
          : null,
      sig8: (d: R, $: R) =>
        d.d_su != null && d.d_su >= $.geSeatLimit ? (d.d_su >= $.geSeatLimitHigh ? 'high' : 'medium') : null,
      sig9: (d: R, $: R) => (d.d_uc != null && d.d_uc >= $.geUsageGrowth ? 'low' : null),
      sig10: (d: R, $: R) =>
        d.d_nps != null &&
        d.d_nps >= $.gePromoterNps &&
        d.d_nps_n >= $.promoterResponses &&
        d.band === 'green'
          ? 'low'
          : null,
      sig11: (d: R, $: R) =>
        d.d_su != null &&
        d.d_su >= $.gePlanHeadroom &&
        d.segment != null &&
        d.seg_med != null &&
        d.mrr < d.seg_med
          ? 'low'
          : null,
      sig12: (d: R, $: R) =>
        d.demand_users == null || d.demand_users === 0
          ? null
          : d.demand_users >= $.featureDemandUsers
            ? 'medium'
            : 'low',
      ttv: (d: R, $: R) =>
        d.started == null || d.fv_day == null || d.fv_day > $.D ? null : d.fv_day - d.started,
    })
    .join_left(heat, 'acc')
    .join_left(adoption, 'acc')
    .orderby('acc');

  const port = wide
    .params({ from: from12, D })
    .rollup({
      accounts: op.count(),
      paying: (d: R) => op.sum(d.mrr > 0 ? 1 : 0),
      mrr: op.sum('mrr'),
      base: (d: R) => op.sum(d.mrr_b > 0 ? d.mrr_b : 0),
      now: (d: R) => op.sum(d.mrr_b > 0 ? d.mrr : 0),
      kept: (d: R) => op.sum(d.mrr_b > 0 ? op.least(d.mrr, d.mrr_b) : 0),
      cohort: (d: R) => op.sum(d.mrr_b > 0 ? 1 : 0),
      lost: (d: R) => op.sum(d.mrr_b > 0 && d.mrr === 0 ? 1 : 0),
      prom: (d: R) => op.sum(d.d_prom == null ? 0 : d.d_prom),
      detr: (d: R) => op.sum(d.d_detr == null ? 0 : d.d_detr),
      nps_n: (d: R) => op.sum(d.d_nps_n == null ? 0 : d.d_nps_n),
      csat_sat: (d: R) => op.sum(d.d_csat_sat == null ? 0 : d.d_csat_sat),
      csat_n: (d: R) => op.sum(d.d_csat_n == null ? 0 : d.d_csat_n),
      sum_avg30: op.sum('avg30'),
      sum_mau: (d: R) => op.sum(d.d_mau == null ? 0 : d.d_mau),
      ttv: (d: R, $: R) =>
        op.median(d.started != null && d.started >= $.from && d.started <= $.D ? d.ttv : null),
      green: (d: R) => op.sum(d.band === 'green' ? 1 : 0),
      yellow: (d: R) => op.sum(d.band === 'yellow' ? 1 : 0),
      red: (d: R) => op.sum(d.band === 'red' ? 1 : 0),
      unknown: (d: R) => op.sum(d.band == null ? 1 : 0),
      cac: (d: R, $: R) =>
        op.mean(
          d.acq_cost != null && d.started != null && d.started >= $.from && d.started <= $.D
            ? d.acq_cost
            : null,
        ),
      cycle: (d: R, $: R) =>
        op.mean(
          d.deal_created != null && d.deal_closed != null && d.deal_closed >= $.from && d.deal_closed <= $.D
            ? d.deal_closed - d.deal_created
            : null,
        ),
    })
    .objects()[0] as R;
  // ttvTrend: each trend day crossed with the accounts, the median ttv as of that day.
  const ttvT = aq
    .table({
      i: p.trendDays.map((_, i) => i),
      day: p.trendDays.map((x) => x.day),
      from_day: p.trendDays.map((x) => x.from),
    })
    .cross(wide.select('started', 'fv_day'))
    .groupby('i')
    .rollup({
      ttv: (d: R) =>
        op.median(
          d.started != null &&
            d.fv_day != null &&
            d.started >= d.from_day &&
            d.started <= d.day &&
            d.fv_day <= d.day
            ? d.fv_day - d.started
            : null,
        ),
    })
    .orderby('i')
    .objects() as R[];
  const movT = mv
    .groupby('m')
    .rollup({
      new: op.sum('new'),
      expansion: op.sum('expansion'),
      contraction: op.sum('contraction'),
      churn: op.sum('churn'),
      reactivation: op.sum('reactivation'),
    })
    .orderby('m')
    .objects() as R[];

  // Shape the columns into the Report JSON.
  const col = (name: string) => wide.array(name) as R[];
  const c = Object.fromEntries(
    [
      'id',
      'name',
      'mrr',
      'mrr_b',
      'last_paid_m',
      'last_paid_mrr',
      'expansion',
      'renews_in',
      'ttv',
      'd_journey',
      'd_dau',
      'd_wau',
      'd_mau',
      'avg30',
      'd_st',
      'd_su',
      'd_uc',
      'd_min30',
      'd_sum30',
      'breadth',
      'active',
      'hi',
      'hv',
      'fi',
      'fn',
      'd_nps',
      'd_csat',
      'd_open_tickets',
      'd_open_urgent',
      'd_tickets30',
      'mfrh',
      'mrh',
      'score',
      'p_score',
      'band',
      'd_engagement',
      'd_adoption',
      'd_satisfaction',
      'd_support',
      'd_trend',
      'sig1',
      'sig2',
      'sig3',
      'sig4',
      'sig5',
      'sig6',
      'sig7',
      'sig8',
      'sig9',
      'sig10',
      'sig11',
      'sig12',
    ].map((k) => [k, col(k)]),
  );
  const nn = (v: unknown): number | null => (v === null || v === undefined ? null : (v as number));
  const n0 = (v: unknown): number => (v === null || v === undefined ? 0 : (v as number));
  const ratio = (a: number | null, b: number | null) => {
    if (a === null || b === null || b === 0) return null;
    const r = a / b;
    return Number.isFinite(r) ? r : null;
  };
  const statusOf = (lastM: number | null, lastMrr: number | null, m: number) =>
    lastM === null
      ? { status: 'not-yet-paying' as const, churnedIn: null, lastMrr: null }
      : lastM === m
        ? { status: 'active' as const, churnedIn: null, lastMrr: null }
        : { status: 'churned' as const, churnedIn: monthString(lastM + 1), lastMrr };
  const keys = t.featureKeys;
  const accounts: FixedAccount[] = new Array(wide.numRows());
  for (let i = 0; i < accounts.length; i++) {
    const heatmap = new Array<number>(84).fill(0);
    const hi = c.hi[i] as number[] | undefined;
    if (hi) {
      const hv = c.hv[i] as number[];
      for (let j = 0; j < hi.length; j++) heatmap[hi[j]] = hv[j];
    }
    const active = n0(c.active[i]);
    const fu = new Array<number>(nf).fill(0);
    const fi = c.fi[i] as number[] | undefined;
    if (fi) {
      const fn = c.fn[i] as number[];
      for (let j = 0; j < fi.length; j++) fu[fi[j]] = fn[j];
    }
    const featureAdoption: Record<string, number | null> = {};
    for (let f = 0; f < nf; f++) featureAdoption[keys[f]] = active === 0 ? null : fu[f] / active;
    const mrr = c.mrr[i] as number;
    const score = nn(c.score[i]);
    const pScore = nn(c.p_score[i]);
    const sum30 = n0(c.d_sum30[i]);
    accounts[i] = {
      id: c.id[i],
      name: c.name[i],
      ...statusOf(nn(c.last_paid_m[i]), nn(c.last_paid_mrr[i]), M),
      mrr,
      arr: 12 * mrr,
      nrr: ratio(mrr, c.mrr_b[i]),
      expansionRevenue: n0(c.expansion[i]),
      ltv: mlcr === null || mlcr === 0 ? null : ratio(mrr * s.grossMargin, mlcr),
      renewsInDays: nn(c.renews_in[i]),
      ttvDays: nn(c.ttv[i]),
      journeyCompletion: nn(c.d_journey[i]),
      usage: {
        dau: n0(c.d_dau[i]),
        wau: n0(c.d_wau[i]),
        mau: n0(c.d_mau[i]),
        avgDau30: c.avg30[i],
        stickiness: nn(c.d_st[i]),
        seatUtilization: nn(c.d_su[i]),
        usageChange: nn(c.d_uc[i]),
        minutesPerActiveUser: sum30 === 0 ? null : n0(c.d_min30[i]) / sum30,
        featureAdoption,
        featureBreadth: nn(c.breadth[i]),
        heatmap,
      },
      nps: nn(c.d_nps[i]),
      csat: nn(c.d_csat[i]),
      support: {
        openTickets: n0(c.d_open_tickets[i]),
        openUrgent: n0(c.d_open_urgent[i]),
        tickets30: n0(c.d_tickets30[i]),
        medianFirstResponseHours: nn(c.mfrh[i]),
        medianResolutionHours: nn(c.mrh[i]),
      },
      health: {
        score,
        band: (c.band[i] ?? null) as Band | null,
        delta30: score === null || pScore === null ? null : score - pScore,
        components: {
          engagement: nn(c.d_engagement[i]),
          adoption: nn(c.d_adoption[i]),
          satisfaction: nn(c.d_satisfaction[i]),
          support: nn(c.d_support[i]),
          trend: nn(c.d_trend[i]),
        },
      },
      signals: signalList([
        c.sig1[i],
        c.sig2[i],
        c.sig3[i],
        c.sig4[i],
        c.sig5[i],
        c.sig6[i],
        c.sig7[i],
        c.sig8[i],
        c.sig9[i],
        c.sig10[i],
        c.sig11[i],
        c.sig12[i],
      ]),
    };
  }
  const movements = movT.map((m) => {
    const mv1 = {
      month: monthString(m.m),
      new: m.new,
      expansion: m.expansion,
      contraction: m.contraction,
      churn: m.churn,
      reactivation: m.reactivation,
      net: 0,
    };
    mv1.net = mv1.new + mv1.expansion + mv1.contraction + mv1.churn + mv1.reactivation;
    return mv1;
  });
  const mrr = port.mrr as number;
  const arpa = ratio(mrr, port.paying);
  const ltv = arpa === null || mlcr === null || mlcr === 0 ? null : ratio(arpa * s.grossMargin, mlcr);
  const cac = nn(port.cac);
  const logoChurn = ratio(port.lost, port.cohort);
  return {
    asOf,
    currency: t.currency,
    portfolio: {
      accounts: port.accounts,
      payingAccounts: port.paying,
      mrr,
      arr: 12 * mrr,
      arpa,
      nrr: ratio(port.now, port.base),
      grr: ratio(port.kept, port.base),
      logoChurnRate: logoChurn,
      logoRetentionRate: logoChurn === null ? null : 1 - logoChurn,
      monthlyLogoChurnRate: mlcr,
      expansionRevenue: movements.reduce((a, m) => a + m.expansion, 0),
      movements,
      ltv,
      cac,
      ltvToCac: ltv === null ? null : ratio(ltv, cac),
      salesCycleDays: nn(port.cycle),
      nps: port.nps_n === 0 ? null : (100 * (port.prom - port.detr)) / port.nps_n,
      csat: ratio(port.csat_sat, port.csat_n),
      dauMau: ratio(port.sum_avg30, port.sum_mau),
      ttvDays: nn(port.ttv),
      health: { green: port.green, yellow: port.yellow, red: port.red, unknown: port.unknown },
      trends: {
        ttvTrend: p.trendDays.map((x, i) => ({ asOf: x.asOf, month: x.month, value: nn(ttvT[i].ttv) })),
      },
    },
    accounts,
  };
}
