/**
 * An account's daily usage: an active population following the pattern's trajectory (growth,
 * decline, seasons, contraction, ramp-up, taper before churn, return), with a weekly rhythm,
 * holidays and noise, turned into DAU, WAU, MAU, minutes and sessions.
 */
import type { UsageRow } from '../dataset/schema';
import { firstDayOfMonth } from '../metrics/dates';
import { wave } from './calendar';
import type { Ctx } from './context';
import { DEMO_DAYS } from './options';
import { activeOn, type Profile } from './profile';
import type { Rng } from './rng';

export interface GeneratedUsage {
  usage: UsageRow[];
  /** MAU on the last day of data (0 when there is no row that day). */
  mauD: number;
  /** The highest MAU of the window. */
  peakMau: number;
}

/** The usage rows of the window (a day with MAU 0 has no row). */
export function generateUsage(ctx: Ctx, rng: Rng, p: Profile, id: string): GeneratedUsage {
  const pattern = p.pattern;
  const N = DEMO_DAYS;
  const pop = new Float64Array(N);
  const base = p.util * p.seats;
  const K = N - 1;
  // Pattern-specific trajectory parameters.
  const declineFrom = K - rng.int(45, 75);
  const declineTo = K - rng.int(0, 8);
  const growFrom = rng.range(0.55, 0.7);
  const growMid = rng.range(0.66, 0.74);
  const seasonAmp = rng.range(0.22, 0.38);
  const seasonPeak = rng.next();
  const rampDays = rng.int(45, 130);
  const contractionDay =
    p.seatEvents.length > 1
      ? firstDayOfMonth(p.seatEvents[p.seatEvents.length - 1].month) - rng.int(0, 25)
      : 0;
  const preContraction = p.seatEvents.length > 0 ? p.seatEvents[0].seats / Math.max(1, p.seats) : 1;
  const taper = rng.int(25, 60);
  let ar = 0;
  for (let k = 0; k < N; k++) {
    const day = ctx.firstDay + k;
    ar = 0.92 * ar + 0.08 * rng.normal();
    if (!activeOn(p, day)) continue;
    let lvl = 1;
    switch (pattern) {
      case 'expanding':
        lvl =
          k < K - 50
            ? growFrom + ((growMid - growFrom) * k) / (K - 50)
            : k < K - 12
              ? growMid + ((1 - growMid) * (k - (K - 50))) / 38
              : 1;
        break;
      case 'declining':
        lvl =
          k < declineFrom
            ? 1
            : k < declineTo
              ? 1 - ((1 - p.declineEnd) * (k - declineFrom)) / (declineTo - declineFrom)
              : p.declineEnd;
        break;
      case 'seasonal':
        lvl = 1 + seasonAmp * wave((day % 365.2425) / 365.2425 - seasonPeak);
        break;
      case 'contracting':
        lvl = day < contractionDay ? Math.min(1.45, preContraction * rng.range(0.95, 1)) : 1;
        break;
      case 'support-spike':
        lvl = k > K - 30 ? 0.9 : 1;
        break;
      default:
        break;
    }
    const age = day - p.startDay;
    if (age < rampDays) lvl *= 0.2 + (0.8 * age) / rampDays;
    if (p.churnDay !== null && day <= p.churnDay && p.churnDay - day < taper)
      lvl *= 0.25 + (0.75 * (p.churnDay - day)) / taper;
    if (p.returnDay !== null && day >= p.returnDay && day - p.returnDay < 60)
      lvl *= 0.3 + (0.7 * (day - p.returnDay)) / 60;
    pop[k] = Math.max(0, base * lvl * (1 + 0.3 * ar));
  }
  const dau = new Int32Array(N);
  const usage: UsageRow[] = [];
  const wauFrac = Math.min(1, p.stick * 1.45 + 0.12);
  let sum30 = 0;
  let sum7 = 0;
  let mauD = 0;
  let peakMau = 0;
  for (let k = 0; k < N; k++) {
    const day = ctx.firstDay + k;
    sum30 += pop[k] - (k >= 30 ? pop[k - 30] : 0);
    sum7 += pop[k] - (k >= 7 ? pop[k - 7] : 0);
    const wd = ctx.weekdays[k];
    const wf = wd === 0 || wd === 6 ? p.weekend : wd === 5 ? p.friday : wd === 2 || wd === 3 ? 1.04 : 1;
    const holiday = ctx.holidays[k] === 1 ? 0.35 : 1;
    const dayNoise = 1 + 0.1 * rng.normal();
    dau[k] = pop[k] > 0 ? Math.max(0, Math.round(pop[k] * p.stick * wf * holiday * dayNoise)) : 0;
    // mau: distinct users over the trailing 30 days ≈ the mean active population over them
    // (counting only days since the account started and since the window began, so neither a
    // new account nor the window's first month is diluted by days that were not simulated).
    const days = Math.max(1, Math.min(day - p.startDay + 1, k + 1));
    const since = Math.min(30, days);
    const since7 = Math.min(7, days);
    let mau = Math.round((sum30 / since) * (1 + 0.02 * rng.normal()));
    let wau = Math.round((sum7 / since7) * wauFrac);
    let maxDau7 = 0;
    for (let j = Math.max(0, k - 6); j <= k; j++) if (dau[j] > maxDau7) maxDau7 = dau[j];
    if (wau < maxDau7) wau = maxDau7;
    if (mau < wau) mau = wau;
    if (mau <= 0) continue;
    if (k === K) mauD = mau;
    if (mau > peakMau) peakMau = mau;
    const d = dau[k];
    usage.push({
      accountId: id,
      date: ctx.dates[k],
      dau: d,
      wau,
      mau,
      minutes: d === 0 ? 0 : Math.round(d * p.minutesPerUser * rng.range(0.8, 1.2)),
      sessions: d === 0 ? 0 : Math.max(d, Math.round(d * p.sessionsPerUser * rng.range(0.85, 1.15))),
    });
  }
  return { usage, mauD, peakMau };
}
