/**
 * The demo's CRM deals (DATASET.md `deals`, issue 32), drawn from a random stream of their own:
 * each account's deals come from `dealRng(ctx, index)`, never from the account's RNG, and are
 * derived from records already generated (the account's first deal dates, its revenue, its
 * pattern), so every other collection of a demo dataset is byte-identical to what it was before
 * deals existed.
 *
 * Per account: the new-business deal it was won with (`dealCreatedOn` … `dealClosedOn`, a year of
 * its first MRR); a won expansion deal for each month its MRR rose (a year of the rise); a few lost
 * deals; and open upsell deals, more often for expanding, seat-pressure and promoter accounts.
 * The accounts of the CRM deal and opportunity fixture pages (FIXTURE_PAGES) also hold the deal
 * their page shows (its name, amount and stage), open, so the panel marks it.
 */
import { salesforceChecksum } from '../crm/salesforce-id';
import type { Account, Deal, RevenueRow } from '../dataset/schema';
import { dateOfDay, dayNumber } from '../metrics/dates';
import type { Ctx } from './context';
import { FIXTURE_PAGES } from './crm-fixture-accounts';
import { base62 } from './identity';
import type { Pattern } from './options';
import { fmix32, Rng } from './rng';

type Crm = 'hubspot' | 'salesforce';

const OPEN_STAGES: Record<Crm, readonly string[]> = {
  hubspot: [
    'appointmentscheduled',
    'qualifiedtobuy',
    'presentationscheduled',
    'decisionmakerboughtin',
    'contractsent',
  ],
  salesforce: [
    'Qualification',
    'Needs Analysis',
    'Value Proposition',
    'Proposal/Price Quote',
    'Negotiation/Review',
  ],
};
const CLOSED_STAGE: Record<Crm, { won: string; lost: string }> = {
  hubspot: { won: 'closedwon', lost: 'closedlost' },
  salesforce: { won: 'Closed Won', lost: 'Closed Lost' },
};
const UPSELL_NAMES = [
  'Seat expansion',
  'Plan upgrade',
  'Add-on bundle',
  'Second team',
  'Multi-year extension',
];

/** How likely an account of each pattern has an open upsell deal, and at most how many. */
const OPEN_CHANCE: Record<Pattern, number> = {
  healthy: 0.35,
  promoter: 0.7,
  expanding: 0.85,
  'seat-pressure': 0.85,
  new: 0.3,
  seasonal: 0.25,
  declining: 0.1,
  'low-adoption': 0.1,
  contracting: 0.05,
  'support-spike': 0.15,
  churned: 0,
  reactivated: 0.3,
};

const DEAL_SALT = 0x6465616c; // 'deal'

/** The deals' own stream for account `index` (independent of the account's RNG). */
export function dealRng(ctx: Ctx, index: number): Rng {
  return new Rng(ctx.seedLo ^ DEAL_SALT, fmix32(ctx.seedHi ^ DEAL_SALT) ^ index, index ^ DEAL_SALT);
}

/** Money rounded to whole hundreds of minor units (deal amounts are round figures). */
const round100 = (x: number) => Math.max(0, Math.round(x / 100) * 100);

export function generateDeals(
  ctx: Ctx,
  index: number,
  pattern: Pattern,
  account: Account,
  revenue: readonly RevenueRow[],
): Deal[] {
  const rng = dealRng(ctx, index);
  const D = ctx.asOfDay;
  // Most of the demo's teams run HubSpot; every third account is in Salesforce.
  const crm: Crm = index % 3 === 2 ? 'salesforce' : 'hubspot';
  let serial = 0;
  const nextId = (c: Crm = crm): string => {
    const n = index * 64 + serial++;
    if (c === 'hubspot') return `hubspot:${String(20_000_000_000 + n)}`;
    const id15 = `0068d0000${base62(n, 6)}`;
    return `salesforce:${id15}${salesforceChecksum(id15)}`;
  };
  const deals: Deal[] = [];
  const positive = revenue.filter((r) => r.mrr > 0);
  const firstMrr = positive[0]?.mrr ?? 0;
  const lastMrr = revenue.length > 0 ? revenue[revenue.length - 1].mrr : 0;

  // The new-business deal the account was won with.
  if (account.dealCreatedOn !== undefined && account.dealClosedOn !== undefined && firstMrr > 0) {
    deals.push({
      id: nextId(),
      accountId: account.id,
      name: 'New business',
      amount: round100(12 * firstMrr),
      stage: CLOSED_STAGE[crm].won,
      createdOn: account.dealCreatedOn,
      closedOn: account.dealClosedOn,
      won: true,
    });
  }

  // A won expansion deal for each month the MRR rose by 5 % or more.
  for (let i = 1; i < revenue.length; i++) {
    const before = revenue[i - 1].mrr;
    const after = revenue[i].mrr;
    if (before <= 0 || after < before * 1.05) continue;
    const closed = dayNumber(`${revenue[i].month}-01`) - rng.int(0, 9);
    if (closed > D) continue;
    deals.push({
      id: nextId(),
      accountId: account.id,
      name: rng.pick(UPSELL_NAMES),
      amount: round100(12 * (after - before)),
      stage: CLOSED_STAGE[crm].won,
      createdOn: dateOfDay(closed - rng.int(14, 75)),
      closedOn: dateOfDay(closed),
      won: true,
    });
  }

  // Lost deals over the last 500 days.
  const base = Math.max(lastMrr, firstMrr, 10_000);
  const lost = rng.int(0, pattern === 'declining' || pattern === 'contracting' ? 3 : 2);
  for (let k = 0; k < lost; k++) {
    const closed = D - rng.int(0, 500);
    deals.push({
      id: nextId(),
      accountId: account.id,
      name: rng.pick(UPSELL_NAMES),
      amount: round100(12 * base * rng.range(0.1, 0.6)),
      stage: CLOSED_STAGE[crm].lost,
      createdOn: dateOfDay(closed - rng.int(10, 120)),
      closedOn: dateOfDay(closed),
      won: false,
    });
  }

  // Open upsell deals.
  const open = rng.chance(OPEN_CHANCE[pattern]) ? rng.int(1, pattern === 'expanding' ? 3 : 2) : 0;
  for (let k = 0; k < open; k++) deals.push(openDeal(rng, crm, nextId(), account.id, base, D));

  // The deal a CRM fixture page shows, open on this account.
  if (index < ctx.fixtures.length) {
    for (const page of FIXTURE_PAGES) {
      if (page.objectType !== 'deal' && page.objectType !== 'opportunity') continue;
      if (page.expectedAccountName !== account.name || page.recordId === null) continue;
      const c: Crm = page.crm === 'salesforce' ? 'salesforce' : 'hubspot';
      const deal = openDeal(rng, c, `${c}:${page.recordId}`, account.id, base, D);
      deals.push(page.deal ? { ...deal, ...page.deal } : deal);
    }
  }
  return deals;
}

function openDeal(rng: Rng, crm: Crm, id: string, accountId: string, base: number, D: number): Deal {
  const age = rng.int(3, 150);
  const stages = OPEN_STAGES[crm];
  // Older deals are further along.
  const stage = stages[Math.min(stages.length - 1, Math.floor((age / 150) * stages.length + rng.next()))];
  return {
    id,
    accountId,
    name: rng.pick(UPSELL_NAMES),
    amount: round100(12 * base * rng.range(0.15, 0.6)),
    stage,
    createdOn: dateOfDay(D - age),
  };
}
