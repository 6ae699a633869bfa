/**
 * An account's support tickets (a rate by segment and pattern, bursts, priorities, response and
 * solve times slowed by poor support, the last spike ticket left open) and the CSAT ratings their
 * solved tickets received, which become CSAT survey responses.
 */
import type { Ticket } from '../dataset/schema';
import { timestamp } from './calendar';
import type { Ctx } from './context';
import { DEMO_DAYS } from './options';
import { activeOn, type Profile } from './profile';
import type { Rng } from './rng';

// biome-ignore format: a word list reads better packed
const TICKET_SUBJECTS = [
  'Dashboard not loading', 'How do I export a report to CSV?', 'SSO login fails for new users',
  'Scheduled report arrived empty', 'Integration sync stuck', 'Cannot invite a teammate',
  'Alert fired twice', 'Question about our invoice', 'Data import rejected some rows',
  'Need more seats for the sales team', 'API rate limit errors', 'Wrong totals on revenue chart',
  'Automation did not trigger', 'Forecast numbers look off', 'Timezone of reports is wrong',
  'Password reset email not received', 'Slow page loads since yesterday', 'How to set up alerts for churn risk',
  'Webhook returns 500', 'Request: dark mode', 'Users see an empty workspace', 'Permissions for read-only users',
];
// biome-ignore format: a word list reads better packed
const URGENT_SUBJECTS = [
  'Production dashboards down', 'All users locked out', 'Data missing since last sync',
  'Integration broke after update', 'Reports show another customer’s data?', 'Billing charged twice',
];

export interface CsatSeed {
  day: number;
  good: boolean;
  ticketNo: number;
}

const PRIORITY_HOURS: Record<Ticket['priority'], [number, number]> = {
  urgent: [0.1, 2],
  high: [0.3, 8],
  normal: [1, 30],
  low: [2, 60],
};

export function generateTickets(
  ctx: Ctx,
  rng: Rng,
  p: Profile,
  accountId: string,
): { tickets: Ticket[]; csat: CsatSeed[] } {
  const D = ctx.asOfDay;
  const cutoffMinute = 23 * 60; // generatedAt: asOf T23:00Z
  const days: number[] = [];
  const spikeDays: number[] = [];
  const pDay = p.ticketRate / 30;
  let prior = 0;
  for (let k = 0; k < DEMO_DAYS; k++) {
    const day = ctx.firstDay + k;
    const wd = ctx.weekdays[k];
    const f = wd === 0 || wd === 6 ? 0.35 : 1.25;
    const x = rng.next();
    if (!activeOn(p, day)) continue;
    if (x < pDay * f) {
      days.push(day);
      if (day >= D - 119 && day <= D - 30) prior++;
      if (rng.chance(pDay * f * 0.5)) days.push(day);
    }
  }
  if (p.spike && activeOn(p, D)) {
    const inW30 = days.filter((d) => d > D - 30).length;
    const want = Math.max(4, Math.ceil((2 * prior) / 3) + rng.int(1, 3));
    for (let i = inW30; i < want; i++) spikeDays.push(D - rng.int(0, 24));
  }
  const all = [...days.map((d) => ({ d, spike: false })), ...spikeDays.map((d) => ({ d, spike: true }))].sort(
    (a, b) => a.d - b.d,
  );
  const tickets: Ticket[] = [];
  const csat: CsatSeed[] = [];
  let lastSpike = -1;
  for (let i = 0; i < all.length; i++) if (all[i].spike) lastSpike = i;
  for (let i = 0; i < all.length; i++) {
    const { d, spike } = all[i];
    const x = rng.next();
    let priority: Ticket['priority'] = spike
      ? x < 0.2
        ? 'urgent'
        : x < 0.55
          ? 'high'
          : 'normal'
      : x < 0.25
        ? 'low'
        : x < 0.8
          ? 'normal'
          : x < 0.95
            ? 'high'
            : 'urgent';
    const openedMin = d === D ? rng.int(7 * 60, 21 * 60) : rng.int(6 * 60, 20 * 60);
    const openedAbs = d * 1440 + openedMin;
    const [lo, hi] = PRIORITY_HOURS[priority];
    const frHours = rng.range(lo, hi) * p.slowSupport;
    const solveHours = frHours + rng.range(0.5, priority === 'low' ? 200 : 96) * p.slowSupport;
    let frAbs = openedAbs + Math.round(frHours * 60);
    let solvedAbs = openedAbs + Math.round(solveHours * 60);
    // The last spike ticket stays open and urgent: the spike is not over.
    if (i === lastSpike) {
      priority = 'urgent';
      solvedAbs = Number.POSITIVE_INFINITY;
    }
    const cutoff = D * 1440 + cutoffMinute;
    if (frAbs > cutoff) frAbs = Number.POSITIVE_INFINITY;
    if (solvedAbs > cutoff) solvedAbs = Number.POSITIVE_INFINITY;
    const solved = Number.isFinite(solvedAbs);
    const status: Ticket['status'] = solved
      ? Math.floor(solvedAbs / 1440) < D - 4
        ? 'closed'
        : 'solved'
      : Number.isFinite(frAbs)
        ? 'pending'
        : 'open';
    const subjectPool = priority === 'urgent' ? URGENT_SUBJECTS : TICKET_SUBJECTS;
    const t: Ticket = {
      id: `${accountId}-t${i + 1}`,
      accountId,
      openedAt: timestamp(d, openedMin),
      priority,
      status,
      subject: rng.pick(subjectPool),
    };
    if (Number.isFinite(frAbs)) t.firstResponseAt = timestamp(Math.floor(frAbs / 1440), frAbs % 1440);
    if (solved) {
      t.solvedAt = timestamp(Math.floor(solvedAbs / 1440), solvedAbs % 1440);
      if (rng.chance(0.35)) {
        const good = rng.chance(Math.min(0.95, 0.25 + p.sentiment * 0.75) / Math.sqrt(p.slowSupport));
        t.csat = good ? 'good' : 'bad';
        csat.push({ day: Math.min(D, Math.floor(solvedAbs / 1440) + rng.int(0, 1)), good, ticketNo: i + 1 });
      }
    }
    tickets.push(t);
  }
  return { tickets, csat };
}
