/**
 * One demo account with all its rows: identity, profile, then revenue, usage, users, milestones,
 * tickets, surveys and the account record, drawn in that order from the account's own RNG (the
 * order is part of the output: changing it changes every figure after it).
 */
import type { Account, Segment } from '../dataset/schema';
import { dateOfDay } from '../metrics/dates';
import { addYears, timestamp } from './calendar';
import { DEMO_MILESTONES, DEMO_OWNERS } from './catalog';
import { accountRng, type Ctx, patternOf } from './context';
import { generateDeals } from './deals';
import { fixtureIdentity, generatedIdentity } from './identity';
import type { AccountRecords, Pattern } from './options';
import { buildProfile, pinFixture } from './profile';
import { generateRevenue } from './revenue';
import type { Rng } from './rng';
import { generateSurveys } from './surveys';
import { generateTickets } from './tickets';
import { generateUsage } from './usage';
import { addFeatureDemand, generateUsers } from './users';

export interface GeneratedAccount {
  pattern: Pattern;
  records: AccountRecords;
}

export function generateAccount(ctx: Ctx, index: number): GeneratedAccount {
  const rng = accountRng(ctx, index);
  const pattern = patternOf(ctx, index, rng);
  const fixture = index < ctx.fixtures.length ? ctx.fixtures[index] : undefined;
  const identity = fixture ? fixtureIdentity(fixture) : generatedIdentity(ctx, index, rng);
  const p = buildProfile(ctx, rng, pattern);
  if (fixture) pinFixture(p);
  const id = fixture?.id ?? `acc_${String(index + 1).padStart(5, '0')}`;
  const D = ctx.asOfDay;

  const revenue = generateRevenue(ctx, p, id);
  const { usage, mauD, peakMau } = generateUsage(ctx, rng, p, id);

  // --- users ---------------------------------------------------------------------------------
  const users = generateUsers(ctx, rng, p, id, identity.domains[0] ?? `${id}.example.com`, mauD, peakMau);
  addFeatureDemand(ctx, index, p, users);

  // --- milestones ----------------------------------------------------------------------------
  const milestones: Record<string, string> = {};
  let mDay = p.startDay + rng.int(0, 1);
  for (let i = 0; i < DEMO_MILESTONES.length && i < p.milestones; i++) {
    if (i === 1) mDay += rng.int(1, 9);
    else if (i === 2) mDay += rng.int(2, 25);
    else if (i === 3) mDay += rng.int(2, 30);
    else if (i === 4) mDay += rng.int(5, 60);
    if (mDay > D) break;
    if (p.churnDay !== null && mDay > p.churnDay && (p.returnDay === null || mDay < p.returnDay)) break;
    milestones[DEMO_MILESTONES[i].key] = dateOfDay(mDay);
  }

  // --- tickets and surveys -------------------------------------------------------------------
  const { tickets, csat } = generateTickets(ctx, rng, p, id);
  const surveys = generateSurveys(ctx, rng, p, id, users, csat);

  // --- account -------------------------------------------------------------------------------
  const account: Omit<Account, 'updatedAt'> = {
    id,
    name: identity.name,
    domains: identity.domains,
    crm: identity.crm,
    planId: p.plan.id,
    seats: p.seats,
    segment: p.segment,
    owner: pickOwner(rng, p.segment),
    startedOn: dateOfDay(p.startDay),
  };
  if (p.churnDay !== null && p.returnDay === null) {
    account.renewsOn = dateOfDay(p.churnDay + 1); // the renewal that did not happen
  } else if (p.segment !== 'smb' || rng.chance(0.75)) {
    let r = addYears(p.startDay, 1);
    while (r <= D) r = addYears(r, 1);
    account.renewsOn = dateOfDay(r);
  }
  if (pattern === 'new' || p.startDay > D - 730 || rng.chance(0.6)) {
    // Sales and marketing spent to win it: roughly 10–24 months of its first MRR.
    const firstMrr = revenue.find((r) => r.mrr > 0)?.mrr ?? Math.round(p.seats * p.pricePerSeat);
    account.acquisitionCost = Math.round((firstMrr * rng.range(10, 24)) / 100) * 100;
    const closed = p.startDay - rng.int(0, 7);
    const cycle =
      p.segment === 'smb' ? rng.int(7, 45) : p.segment === 'mid-market' ? rng.int(25, 100) : rng.int(60, 220);
    account.dealCreatedOn = dateOfDay(closed - cycle);
    account.dealClosedOn = dateOfDay(closed);
  }
  if (Object.keys(milestones).length > 0) account.milestones = milestones;
  const upd = D - rng.int(0, 60);
  const updatedAt = timestamp(upd, upd === D ? rng.int(8 * 60, 22 * 60) : rng.int(6 * 60, 20 * 60));

  const full: Account = { ...account, updatedAt };
  // Last, from the deals' own stream: nothing above depends on them.
  const deals = generateDeals(ctx, index, pattern, full, revenue);
  return {
    pattern,
    records: { account: full, revenue, usage, users, tickets, surveys, deals },
  };
}

function pickOwner(rng: Rng, segment: Segment): string {
  const [a, b, c, d, e, f, g] = DEMO_OWNERS;
  const book = segment === 'enterprise' ? [a, b] : segment === 'mid-market' ? [c, d, g] : [e, f, g, d];
  return rng.chance(0.08) ? rng.pick(DEMO_OWNERS) : rng.pick(book);
}
