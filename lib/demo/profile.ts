/**
 * An account's profile: the hidden traits its pattern draws (segment, plan, seats and price,
 * start, churn and return, seat changes, usage levels, adoption, sentiment, support load) from
 * which its records are generated, and the questions asked of it (seats in a month, active on a day).
 */
import type { Plan, Segment } from '../dataset/schema';
import { firstDayOfMonth, monthOfDay } from '../metrics/dates';
import { addYears } from './calendar';
import { DEMO_PLANS } from './catalog';
import type { Ctx } from './context';
import type { Pattern } from './options';
import type { Rng } from './rng';

/** List price per seat and month, in cents. */
const SEAT_PRICE = [4900, 8900, 14900, 24900];

export interface Profile {
  pattern: Pattern;
  segment: Segment;
  plan: Plan;
  seats: number;
  pricePerSeat: number;
  startDay: number;
  /** Last day of use before churning; null when the account never churned. */
  churnDay: number | null;
  /** First month with MRR 0. */
  churnMonth: number | null;
  /** Reactivated: first day of use after coming back, and first paying month. */
  returnDay: number | null;
  returnMonth: number | null;
  /** Seat changes: from `month` on, `seats`. */
  seatEvents: { month: number; seats: number }[];
  /** Price uplift (×1.05) from this month on; null for none. */
  upliftMonth: number | null;
  util: number;
  stick: number;
  /** Declining: the usage level reached at the end, relative to before. */
  declineEnd: number;
  weekend: number;
  friday: number;
  minutesPerUser: number;
  sessionsPerUser: number;
  /** Features (of the plan) in active use. */
  adopted: number;
  milestones: number;
  sentiment: number;
  promoter: boolean;
  detractor: boolean;
  ticketRate: number;
  spike: boolean;
  slowSupport: number;
  championLeft: boolean;
}

function pickSegment(rng: Rng): Segment {
  const x = rng.next();
  return x < 0.5 ? 'smb' : x < 0.83 ? 'mid-market' : 'enterprise';
}

function pickPlanSeats(rng: Rng, segment: Segment, small: boolean): [number, number] {
  const s = (lo: number, hi: number) => rng.int(lo, small ? lo + Math.round((hi - lo) * 0.45) : hi);
  if (segment === 'smb') return rng.chance(0.55) ? [0, s(3, 10)] : [1, s(8, 35)];
  if (segment === 'mid-market') return rng.chance(0.45) ? [1, s(18, 50)] : [2, s(40, 180)];
  return rng.chance(0.35) ? [2, s(150, 250)] : [3, s(200, 900)];
}

export function buildProfile(ctx: Ctx, rng: Rng, pattern: Pattern): Profile {
  const D = ctx.asOfDay;
  const M = ctx.asOfMonth;
  const segment = pickSegment(rng);
  const [planIdx, seats0] = pickPlanSeats(rng, segment, pattern === 'seat-pressure' || rng.chance(0.15));
  const plan = DEMO_PLANS[planIdx];
  let seats = seats0;
  const discount =
    segment === 'smb' ? 0 : segment === 'mid-market' ? rng.range(0, 0.12) : rng.range(0.1, 0.3);
  const pricePerSeat = SEAT_PRICE[planIdx] * (1 - discount);
  const startDay = pattern === 'new' ? D - rng.int(20, 350) : D - rng.int(430, 2200);
  const startMonth = monthOfDay(startDay);
  const limit = plan.seatLimit ?? Number.POSITIVE_INFINITY;

  const p: Profile = {
    pattern,
    segment,
    plan,
    seats,
    pricePerSeat,
    startDay,
    churnDay: null,
    churnMonth: null,
    returnDay: null,
    returnMonth: null,
    seatEvents: [],
    upliftMonth: null,
    util: rng.range(0.72, 0.88),
    declineEnd: rng.range(0.28, 0.55),
    stick: rng.range(0.52, 0.66),
    weekend: rng.range(0.12, 0.3),
    friday: rng.range(0.82, 0.95),
    minutesPerUser: rng.range(15, 75),
    sessionsPerUser: rng.range(1.3, 2.6),
    adopted: 0,
    milestones: 5,
    sentiment: rng.range(0.86, 0.97),
    promoter: false,
    detractor: rng.chance(0.04),
    ticketRate:
      segment === 'smb'
        ? rng.range(0.3, 1)
        : segment === 'mid-market'
          ? rng.range(0.8, 2.2)
          : rng.range(1.8, 4.5),
    spike: rng.chance(0.02),
    slowSupport: 1,
    championLeft: rng.chance(0.03),
  };
  const nFeatures = plan.features.length;
  let breadth = rng.range(0.72, 1);

  switch (pattern) {
    case 'healthy':
      p.ticketRate *= 0.8;
      p.milestones = rng.chance(0.85) ? 5 : 4;
      break;
    case 'promoter':
      p.util = rng.range(0.76, 0.9);
      p.stick = rng.range(0.56, 0.7);
      p.sentiment = rng.range(0.9, 0.98);
      p.promoter = true;
      p.detractor = false;
      breadth = rng.range(0.8, 1);
      p.ticketRate *= 0.7;
      p.championLeft = false;
      break;
    case 'expanding': {
      p.util = rng.range(0.92, 1.08);
      p.sentiment = rng.range(0.84, 0.96);
      breadth = rng.range(0.75, 1);
      if (seats < 4) seats = p.seats = 4;
      const prev = Math.max(1, Math.round(seats / rng.range(1.2, 1.6)));
      if (prev < seats) p.seatEvents.push({ month: M - rng.int(1, 8), seats });
      p.seatEvents.unshift({ month: startMonth, seats: prev });
      break;
    }
    case 'seat-pressure':
      p.util = rng.range(0.9, 1.06);
      p.sentiment = rng.range(0.78, 0.94);
      breadth = rng.range(0.6, 1);
      break;
    case 'new':
      p.util = rng.range(0.6, 0.92);
      p.stick = rng.range(0.45, 0.62);
      p.sentiment = rng.range(0.75, 0.93);
      breadth = rng.range(0.35, 0.85);
      p.milestones = 5;
      break;
    case 'seasonal':
      p.util = rng.range(0.62, 0.82);
      p.stick = rng.range(0.48, 0.62);
      p.weekend = rng.range(0.03, 0.1);
      p.sentiment = rng.range(0.74, 0.9);
      breadth = rng.range(0.55, 0.9);
      p.milestones = rng.int(4, 5);
      break;
    case 'declining':
      p.util = rng.range(0.55, 0.8);
      p.stick = rng.range(0.38, 0.52);
      p.sentiment = rng.range(0.48, 0.7);
      p.detractor = rng.chance(0.7);
      breadth = rng.range(0.35, 0.7);
      p.milestones = rng.int(3, 5);
      p.ticketRate *= 1.3;
      p.spike = rng.chance(0.3);
      p.slowSupport = rng.range(1, 2.5);
      p.championLeft = rng.chance(0.6);
      break;
    case 'low-adoption':
      p.util = rng.range(0.28, 0.5);
      p.stick = rng.range(0.26, 0.4);
      p.sentiment = rng.range(0.55, 0.75);
      p.detractor = rng.chance(0.4);
      breadth = 0;
      p.adopted = Math.max(1, Math.floor(nFeatures * 0.25));
      p.milestones = rng.int(2, 3);
      p.championLeft = rng.chance(0.25);
      break;
    case 'contracting': {
      p.util = rng.range(0.6, 0.82);
      p.stick = rng.range(0.38, 0.52);
      p.sentiment = rng.range(0.58, 0.78);
      p.detractor = rng.chance(0.4);
      breadth = rng.range(0.4, 0.75);
      p.milestones = rng.int(3, 5);
      p.championLeft = rng.chance(0.3);
      let pre = Math.min(limit, Math.max(seats + 1, Math.round(seats * rng.range(1.25, 1.7))));
      if (pre <= seats) {
        pre = seats;
        seats = p.seats = Math.max(1, Math.floor(pre * 0.7));
      }
      if (pre > seats) {
        p.seatEvents.push({ month: startMonth, seats: pre }, { month: M - rng.int(0, 2), seats });
      }
      break;
    }
    case 'support-spike':
      p.util = rng.range(0.58, 0.82);
      p.stick = rng.range(0.42, 0.56);
      p.sentiment = rng.range(0.5, 0.72);
      p.detractor = rng.chance(0.6);
      breadth = rng.range(0.5, 0.85);
      p.milestones = rng.int(3, 5);
      p.spike = true;
      p.slowSupport = rng.range(1.5, 3.5);
      p.championLeft = rng.chance(0.15);
      break;
    case 'churned': {
      p.util = rng.range(0.4, 0.62);
      p.stick = rng.range(0.35, 0.5);
      p.sentiment = rng.range(0.3, 0.6);
      breadth = rng.range(0.3, 0.7);
      p.milestones = rng.int(2, 5);
      // They did not renew: the contract ended on an anniversary 1–13 months ago; no MRR from
      // the first month that has no contract day left.
      const target = D - rng.int(25, 395);
      let ends = addYears(startDay, 1);
      while (addYears(ends, 1) <= target) ends = addYears(ends, 1);
      p.churnDay = ends - 1;
      p.churnMonth = Math.min(M, monthOfDay(ends) + (ends === firstDayOfMonth(monthOfDay(ends)) ? 0 : 1));
      p.championLeft = true;
      break;
    }
    case 'reactivated': {
      p.util = rng.range(0.55, 0.85);
      p.stick = rng.range(0.45, 0.6);
      p.sentiment = rng.range(0.65, 0.88);
      breadth = rng.range(0.45, 0.85);
      p.milestones = rng.int(4, 5);
      p.churnMonth = M - rng.int(8, 16);
      p.churnDay = firstDayOfMonth(p.churnMonth) - rng.int(1, 20);
      p.returnMonth = Math.min(M - 2, p.churnMonth + rng.int(2, 6));
      p.returnDay = firstDayOfMonth(p.returnMonth) - rng.int(0, 10);
      break;
    }
  }
  if (p.adopted === 0) p.adopted = Math.max(1, Math.min(nFeatures, Math.round(breadth * nFeatures)));
  // Older steady accounts: an earlier expansion, and some a price uplift at their last anniversary.
  // Steady accounts grew too: many added seats at some point of the last two years.
  const grows =
    pattern === 'healthy' || pattern === 'promoter' || pattern === 'seasonal' || pattern === 'reactivated';
  if (p.seatEvents.length === 0 && seats >= 4 && rng.chance(grows ? 0.55 : 0.3)) {
    const m = M - rng.int(2, 24);
    const prev = Math.round(seats / rng.range(1.1, 1.45));
    if (m > startMonth && prev < seats)
      p.seatEvents.push({ month: startMonth, seats: prev }, { month: m, seats });
  }
  if (pattern !== 'new' && pattern !== 'churned' && rng.chance(0.3)) {
    let a = startDay;
    while (addYears(a, 1) <= D) a = addYears(a, 1);
    if (a > startDay) p.upliftMonth = monthOfDay(a);
  }
  return p;
}

/**
 * Fixture accounts show their pattern unmistakably (the demo wants a clear red, yellow and
 * green among the CRM pages), whatever day the data ends.
 */
export function pinFixture(p: Profile): void {
  switch (p.pattern) {
    case 'declining':
      p.util = 0.58;
      p.stick = 0.4;
      p.declineEnd = 0.35;
      p.sentiment = 0.45;
      p.detractor = true;
      p.championLeft = true;
      p.adopted = Math.max(1, Math.round(p.plan.features.length * 0.4));
      p.milestones = 3;
      break;
    case 'contracting':
    case 'support-spike':
      p.sentiment = 0.62;
      p.detractor = true;
      p.championLeft = false;
      break;
    case 'new':
      p.adopted = Math.max(p.adopted, Math.ceil(p.plan.features.length * 0.6));
      p.sentiment = Math.max(p.sentiment, 0.9);
      p.detractor = false;
      p.championLeft = false;
      p.spike = false;
      break;
    case 'promoter':
    case 'expanding':
    case 'healthy':
      p.sentiment = Math.max(p.sentiment, 0.9);
      p.detractor = false;
      p.championLeft = false;
      p.spike = false;
      break;
    default:
      break;
  }
}

export function seatsInMonth(p: Profile, month: number): number {
  let s = p.seatEvents.length > 0 ? p.seatEvents[0].seats : p.seats;
  for (const e of p.seatEvents) if (e.month <= month) s = e.seats;
  return s;
}

/** Whether the account was a customer (using the product) on `day`. */
export function activeOn(p: Profile, day: number): boolean {
  if (day < p.startDay) return false;
  if (p.churnDay === null || day <= p.churnDay) return true;
  return p.returnDay !== null && day >= p.returnDay;
}
