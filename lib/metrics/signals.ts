/**
 * Signals (METRICS.md "Signals"): each fires at most once per account and they are listed in the
 * table's order. Ratio thresholds are compared with the exact-arithmetic helpers; money, counts and
 * whole days are compared exactly.
 *
 * Choices where the spec is open:
 * - `champion-inactive`: "before D − 30" means `lastSeenOn < D − championInactiveDays` (strictly
 *   earlier day); a champion last seen after D does not fire.
 * - `ticket-spike`: `tickets30 ≥ ticketSpikeMin` and `3 × tickets30 ≥ ticketSpikeFactor × prior`,
 *   prior = tickets opened `D−119 … D−30`; exact for a whole factor, exact-arithmetic otherwise.
 * - `renewal-risk`: a null band is "not green" and gives `medium`.
 * - `plan-headroom`: the segment median comes from the workspace context; a segment with no
 *   paying account has no median, so the signal cannot fire.
 * - `feature-demand`: severity counts distinct users (see demand.ts for the plan chosen in the
 *   action: the lowest tier that includes the features; a feature no plan includes is passed on
 *   to the product team instead).
 */
import { plainMoney } from '../contracts/money';
import { gte, lt, lte } from './exact';
import type { Settings } from './settings';
import type { Band, Signal, SignalId } from './types';

export interface SignalInputs {
  usageChange: number | null;
  seatUtilization: number | null;
  mau: number;
  seats: number | null;
  /** Champions with a known lastSeenOn before D − championInactiveDays: their days since last seen. */
  inactiveChampions: { name: string | null; daysAgo: number }[];
  recentDetractors: number;
  lowestRecentScore: number | null;
  tickets30: number;
  ticketsPrior: number;
  renewsInDays: number | null;
  band: Band | null;
  rounded: number | null;
  mrr: number;
  mrr3: number;
  featureBreadth: number | null;
  /** D − startedOn in days (null when unknown). */
  ageDays: number | null;
  nps: number | null;
  npsResponses: number;
  segment: string | null;
  segmentMedianMrr: number | null;
  currency: string;
  /** Feature demand with names resolved (null: none, or the plan is unknown). */
  featureDemand: {
    planName: string;
    users: number;
    features: { name: string; users: number; planName: string | null }[];
    /** The one plan to show for all of them; null when none covers them all. */
    upgradeName: string | null;
  } | null;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
/** Evidence states money by its currency's minor units, locale-free ("294.00 USD", "29400 JPY"). */
const money = plainMoney;

function sig(
  id: SignalId,
  kind: Signal['kind'],
  severity: Signal['severity'],
  evidence: string,
  action: string,
): Signal {
  return { id, kind, severity, evidence, action };
}

/** Every signal that fires, in the table's order. */
export function signalsOf(i: SignalInputs, s: Settings): Signal[] {
  const out: Signal[] = [];
  if (i.usageChange !== null && lte(i.usageChange, s.usageDecline)) {
    out.push(
      sig(
        'usage-decline',
        'risk',
        lte(i.usageChange, s.usageDeclineHigh) ? 'high' : 'medium',
        `Average daily active users fell ${pct(-i.usageChange)} over the last 30 days compared with the 30 before.`,
        'Reach out to find out what changed and offer a usage review.',
      ),
    );
  }
  if (i.inactiveChampions.length > 0) {
    const c = i.inactiveChampions[0];
    const who = c.name ?? 'A champion';
    const more = i.inactiveChampions.length > 1 ? ` (${i.inactiveChampions.length} champions in all)` : '';
    out.push(
      sig(
        'champion-inactive',
        'risk',
        'high',
        `${who} was last seen ${c.daysAgo} days ago${more}.`,
        'Check in with the champion, and find a second sponsor in the account.',
      ),
    );
  }
  if (i.recentDetractors > 0) {
    out.push(
      sig(
        'detractor',
        'risk',
        'medium',
        `${i.recentDetractors} NPS response${i.recentDetractors > 1 ? 's' : ''} of 6 or less in the last ${s.detractorDays} days (lowest ${i.lowestRecentScore}).`,
        'Follow up on the feedback and close the loop with the respondent.',
      ),
    );
  }
  const factor = s.ticketSpikeFactor;
  const spike = Number.isInteger(factor)
    ? 3 * i.tickets30 >= factor * i.ticketsPrior
    : gte(3 * i.tickets30, factor * i.ticketsPrior);
  if (i.tickets30 >= s.ticketSpikeMin && spike) {
    out.push(
      sig(
        'ticket-spike',
        'risk',
        'medium',
        `${i.tickets30} tickets opened in the last 30 days against ${i.ticketsPrior} in the 90 days before.`,
        'Review the recent tickets for a common cause and brief support.',
      ),
    );
  }
  if (
    i.renewsInDays !== null &&
    i.renewsInDays > 0 &&
    i.renewsInDays <= s.renewalDays &&
    i.band !== 'green'
  ) {
    out.push(
      sig(
        'renewal-risk',
        'risk',
        i.band === 'red' ? 'high' : 'medium',
        `Renews in ${i.renewsInDays} day${i.renewsInDays === 1 ? '' : 's'} with health ${i.band === null ? 'unknown' : `${i.rounded} (${i.band})`}.`,
        'Start the renewal conversation now and agree a success plan.',
      ),
    );
  }
  if (i.mrr > 0 && i.mrr < i.mrr3) {
    out.push(
      sig(
        'contraction',
        'risk',
        'medium',
        `MRR fell from ${money(i.mrr3, i.currency)} three months ago to ${money(i.mrr, i.currency)}.`,
        'Ask what drove the downgrade and whether the value is still there.',
      ),
    );
  }
  if (
    i.featureBreadth !== null &&
    lt(i.featureBreadth, s.lowAdoptionBreadth) &&
    i.ageDays !== null &&
    i.ageDays > s.lowAdoptionAgeDays
  ) {
    out.push(
      sig(
        'low-adoption',
        'risk',
        'low',
        `Active users use ${pct(i.featureBreadth)} of the features on their plan, ${i.ageDays} days after starting.`,
        'Offer training on the unused features.',
      ),
    );
  }
  if (i.seatUtilization !== null && gte(i.seatUtilization, s.seatLimit)) {
    out.push(
      sig(
        'seat-limit',
        'upsell',
        gte(i.seatUtilization, s.seatLimitHigh) ? 'high' : 'medium',
        `${i.mau} monthly active users on ${i.seats} seats (${pct(i.seatUtilization)}).`,
        'Propose more seats before the team hits the limit.',
      ),
    );
  }
  if (i.usageChange !== null && gte(i.usageChange, s.usageGrowth)) {
    out.push(
      sig(
        'usage-growth',
        'upsell',
        'low',
        `Average daily active users grew ${pct(i.usageChange)} over the last 30 days compared with the 30 before.`,
        'Explore whether a bigger plan or more seats fit the growth.',
      ),
    );
  }
  if (
    i.nps !== null &&
    gte(i.nps, s.promoterNps) &&
    i.npsResponses >= s.promoterResponses &&
    i.band === 'green'
  ) {
    out.push(
      sig(
        'promoter',
        'upsell',
        'low',
        `NPS ${Math.round(i.nps)} from ${i.npsResponses} responses in the last 180 days, and healthy.`,
        'Ask for a referral, a case study or a review.',
      ),
    );
  }
  if (
    i.seatUtilization !== null &&
    gte(i.seatUtilization, s.planHeadroomSeats) &&
    i.segment !== null &&
    i.segmentMedianMrr !== null &&
    i.mrr < i.segmentMedianMrr
  ) {
    out.push(
      sig(
        'plan-headroom',
        'upsell',
        'low',
        `Uses ${pct(i.seatUtilization)} of its seats and pays ${money(i.mrr, i.currency)} a month, below the ${i.segment} median of ${money(i.segmentMedianMrr, i.currency)}.`,
        'Propose an upgrade to a bigger plan.',
      ),
    );
  }
  const fd = i.featureDemand;
  if (fd !== null && fd.users > 0) {
    out.push(
      sig(
        'feature-demand',
        'upsell',
        fd.users >= s.featureDemandUsers ? 'medium' : 'low',
        featureDemandEvidence(fd),
        featureDemandAction(fd),
      ),
    );
  }
  return out;
}

type Demand = NonNullable<SignalInputs['featureDemand']>;

const users = (n: number) => `${n} user${n === 1 ? '' : 's'}`;

/** "A, B and C" */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "4 users used Forecasting and 1 used API access, which Starter does not include, in the last 30 days." */
function featureDemandEvidence(fd: Demand): string {
  const parts = fd.features.map((f, k) => `${k === 0 ? users(f.users) : f.users} used ${f.name}`);
  const sum = fd.features.reduce((n, f) => n + f.users, 0);
  const all = fd.features.length > 1 && sum !== fd.users ? ` (${users(fd.users)} in all)` : '';
  return `${listText(parts)}, which ${fd.planName} does not include, in the last 30 days${all}.`;
}

/** "Show them the plan that includes it: Business." — per feature when no single plan includes them all. */
function featureDemandAction(fd: Demand): string {
  const offered = fd.features.filter((f) => f.planName !== null);
  const none = fd.features.filter((f) => f.planName === null).map((f) => f.name);
  const out: string[] = [];
  if (offered.length > 0) {
    if (fd.upgradeName !== null) {
      out.push(
        `Show them the plan that includes ${offered.length === 1 ? 'it' : 'them'}: ${fd.upgradeName}.`,
      );
    } else {
      out.push(
        `Show them the plans that include them: ${offered.map((f) => `${f.planName} for ${f.name}`).join('; ')}.`,
      );
    }
  }
  if (none.length > 0) {
    out.push(`No plan includes ${listText(none)} yet: pass the demand on to the product team.`);
  }
  return out.join(' ');
}
