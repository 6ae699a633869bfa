/**
 * The deal figures (METRICS.md `pipelineValue`, `winRate`, `avgDealSize`) and one account's
 * pipeline for the panel: pure functions of the dataset's `deals` and a day number `D` (no clock).
 *
 * Readings of METRICS.md where it leaves room:
 * - "Without a `deals` collection" means no deal of a known account: the collection absent, empty
 *   (`[]`), or holding only deals of accounts not in `accounts`. The cache and the exports cannot
 *   tell an absent collection from an empty one, and a CRM source that read no deal looks the same
 *   as no CRM source, so all three read null ("no deals in the data") rather than a 0 pipeline.
 *   Once one deal of a known account exists, `pipelineValue` is a number (0 when none is open).
 * - Deals are de-duplicated by `id` (the later record wins, as for tickets and surveys; it may move
 *   a deal to another account), then deals of unknown accounts are dropped (they count nowhere).
 * - Open on D: `createdOn` ≤ D and no `closedOn` ≤ D (a deal closed after D was open on D). A deal
 *   created after D is not open yet, whatever its close date.
 * - Closed in the 365 days ending D: `closedOn` in D−364 … D, whatever `createdOn` says.
 * - `avgDealSize` is a mean of minor units and may have a fraction (as `arpa`); people see it rounded.
 */
import type { Deal } from '../dataset/schema';
import { dayNumber } from './dates';
import { mean, ratio } from './exact';

/** The three portfolio deal figures (METRICS.md). */
export interface DealFigures {
  /** Σ amount of the deals open on D; null without deals. */
  pipelineValue: number | null;
  /** Won ÷ closed among the deals closed in the 365 days ending D; null when none closed (or without deals). */
  winRate: number | null;
  /** Mean amount of those won; null when none was won (or without deals). */
  avgDealSize: number | null;
}

/** Why the deal figures are "—" without deals (the dashboard, its exports and the panel say it alike). */
export const NO_DEALS_WHY =
  'No deals in the data: connect HubSpot deals or Salesforce opportunities on the server, or import a dataset with a deals collection.';

export const NO_DEAL_FIGURES: DealFigures = { pipelineValue: null, winRate: null, avgDealSize: null };

/** Days in the win-rate window: the 365 days ending D. */
export const WIN_WINDOW_DAYS = 365;

/**
 * The dataset's deals that count: the later record of a repeated id, on a known account.
 * `known` undefined: every account is known.
 */
export function countedDeals(
  deals: readonly Deal[] | undefined,
  known?: (accountId: string) => boolean,
): Deal[] {
  if (deals === undefined || deals.length === 0) return [];
  const byId = new Map<string, Deal>();
  // Ids are usually all different: one `set` per deal, its size telling a repeated id; the
  // delete-then-set pass only for a dataset that has one.
  let unique = true;
  for (const d of deals) {
    const before = byId.size;
    byId.set(d.id, d);
    if (byId.size === before) {
      unique = false;
      break;
    }
  }
  if (!unique) {
    byId.clear();
    for (const d of deals) {
      // Delete first: a repeated id takes the later record's position too (its order does not
      // matter to the figures, but the largest-deals list breaks ties by it).
      byId.delete(d.id);
      byId.set(d.id, d);
    }
  }
  const out: Deal[] = [];
  for (const d of byId.values()) if (known === undefined || known(d.accountId)) out.push(d);
  return out;
}

/** Open on day `d`: created on or before it, and not closed on or before it. */
export function isOpenOn(deal: Deal, d: number): boolean {
  if (dayNumber(deal.createdOn) > d) return false;
  return deal.closedOn === undefined || dayNumber(deal.closedOn) > d;
}

/** Closed in the 365 days ending `d` (D−364 … D). */
export function closedInYearTo(deal: Deal, d: number): boolean {
  if (deal.closedOn === undefined) return false;
  const c = dayNumber(deal.closedOn);
  return c <= d && c > d - WIN_WINDOW_DAYS;
}

/** The portfolio figures of `deals` (already counted: see `countedDeals`) as of day `d`. */
export function dealFigures(deals: readonly Deal[], d: number): DealFigures {
  if (deals.length === 0) return NO_DEAL_FIGURES;
  let pipeline = 0;
  let closed = 0;
  const won: number[] = [];
  for (const deal of deals) {
    if (isOpenOn(deal, d)) pipeline += deal.amount;
    else if (closedInYearTo(deal, d)) {
      closed++;
      if (deal.won === true) won.push(deal.amount);
    }
  }
  return { pipelineValue: pipeline, winRate: ratio(won.length, closed), avgDealSize: mean(won) };
}

/** An open deal as the panel and the dashboard list it. */
export interface OpenDeal {
  id: string;
  accountId: string;
  name: string | null;
  stage: string;
  amount: number;
  createdOn: string;
}

/** One account's deals as of D (the panel's "Pipeline"). */
export interface AccountDeals {
  /** The deals open on D, largest amount first (ties: earlier created first, then id). */
  open: OpenDeal[];
  /** Σ amount of `open`. */
  openAmount: number;
  /** Deals won with `closedOn` in the 365 days ending D: how many and Σ amount. */
  wonCount: number;
  wonAmount: number;
  /** Deals lost in those days (for the sentence beside the won ones). */
  lostCount: number;
}

const openDeal = (d: Deal): OpenDeal => ({
  id: d.id,
  accountId: d.accountId,
  name: d.name ?? null,
  stage: d.stage,
  amount: d.amount,
  createdOn: d.createdOn,
});

/** Largest amount first; ties: created earlier first, then by id. */
function byAmount(a: OpenDeal, b: OpenDeal): number {
  if (a.amount !== b.amount) return b.amount - a.amount;
  if (a.createdOn !== b.createdOn) return a.createdOn < b.createdOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The deals open on `d`, largest first, at most `limit` of them. */
export function largestOpenDeals(
  deals: readonly Deal[],
  d: number,
  limit = Number.POSITIVE_INFINITY,
): OpenDeal[] {
  const open: OpenDeal[] = [];
  for (const deal of deals) if (isOpenOn(deal, d)) open.push(openDeal(deal));
  return open.sort(byAmount).slice(0, limit);
}

/** One account's pipeline and won deals as of `d` (`deals`: that account's counted deals). */
export function accountDeals(deals: readonly Deal[], d: number): AccountDeals {
  const open = largestOpenDeals(deals, d);
  let wonCount = 0;
  let wonAmount = 0;
  let lostCount = 0;
  for (const deal of deals) {
    if (isOpenOn(deal, d) || !closedInYearTo(deal, d)) continue;
    if (deal.won === true) {
      wonCount++;
      wonAmount += deal.amount;
    } else lostCount++;
  }
  return { open, openAmount: open.reduce((s, o) => s + o.amount, 0), wonCount, wonAmount, lostCount };
}
