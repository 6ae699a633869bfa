/**
 * Health score (METRICS.md "Health score"): the five components (and the optional `sentiment`
 * one, present only when its weight is > 0), the weighted score, the band, and the per-component
 * points the UI uses to say why.
 */
import { clamp, lte, roundHalfUp } from './exact';
import type { Settings } from './settings';
import {
  type Band,
  COMPONENT_NAMES,
  type ComponentPoints,
  type ComponentRecord,
  componentsIn,
  type HealthComponentName,
} from './types';

export type Components = ComponentRecord<number | null>;

export interface ComponentInputs {
  seatUtilization: number | null;
  stickiness: number | null;
  featureBreadth: number | null;
  journeyCompletion: number | null;
  nps: number | null;
  csat: number | null;
  /** null when the workspace tracks no tickets (then the support component is null). */
  openUrgent: number | null;
  tickets30: number | null;
  usageChange: number | null;
  /** The `sentiment` component's value (sentiment.ts); used only when `weights.sentiment` > 0. */
  sentiment?: number | null;
}

/**
 * `engagement` = 100 × (s × min(1, seatUtilization) + k × min(1, stickiness / stickinessTarget)),
 * s, k = the engagement split (0.6 / 0.4); with one input null, 100 × the other's term rescaled to
 * weight 1. A split that does not sum to 1 is rescaled so it does (choice; the default sums to 1,
 * so the default result is exactly the spec's formula).
 */
export function engagementComponent(su: number | null, st: number | null, s: Settings): number | null {
  const a = su === null ? null : Math.min(1, su);
  const b = st === null ? null : Math.min(1, st / s.stickinessTarget);
  if (a === null && b === null) return null;
  if (a === null) return 100 * (b as number);
  if (b === null) return 100 * a;
  const ws = s.engagementSplit.seatUtilization;
  const wk = s.engagementSplit.stickiness;
  const sum = ws + wk;
  const mix = ws * a + wk * b;
  return 100 * (sum === 1 ? mix : mix / sum);
}

/** `adoption` = 100 × mean(featureBreadth, journeyCompletion) over the non-null ones. */
export function adoptionComponent(breadth: number | null, journey: number | null): number | null {
  if (breadth === null && journey === null) return null;
  if (breadth === null) return 100 * (journey as number);
  if (journey === null) return 100 * breadth;
  return 100 * ((breadth + journey) / 2);
}

/** `satisfaction` = (nps + 100) / 2 when nps is known, else 100 × csat, else null. */
export function satisfactionComponent(nps: number | null, csat: number | null): number | null {
  if (nps !== null) return (nps + 100) / 2;
  if (csat !== null) return 100 * csat;
  return null;
}

/** `support` = clamp(100 − 15 × openUrgent − 5 × max(0, tickets30 − 2), 0, 100). */
export function supportComponent(
  openUrgent: number | null,
  tickets30: number | null,
  s: Settings,
): number | null {
  if (openUrgent === null || tickets30 === null) return null;
  const p = s.support;
  return clamp(
    100 - p.perUrgent * openUrgent - p.perTicketOver * Math.max(0, tickets30 - p.freeTickets),
    0,
    100,
  );
}

/** `trend` = 50 + 50 × clamp(usageChange, −1, 1). */
export function trendComponent(usageChange: number | null): number | null {
  return usageChange === null ? null : 50 + 50 * clamp(usageChange, -1, 1);
}

/** The components a score has under `s`: the five, then `sentiment` when its weight is > 0. */
export function weightedComponents(s: Settings): readonly HealthComponentName[] {
  return s.weights.sentiment > 0 ? [...COMPONENT_NAMES, 'sentiment'] : COMPONENT_NAMES;
}

/** The five components, then `sentiment` only when its weight is > 0 (METRICS.md: left out at 0). */
export function components(i: ComponentInputs, s: Settings): Components {
  const c: Components = {
    engagement: engagementComponent(i.seatUtilization, i.stickiness, s),
    adoption: adoptionComponent(i.featureBreadth, i.journeyCompletion),
    satisfaction: satisfactionComponent(i.nps, i.csat),
    support: supportComponent(i.openUrgent, i.tickets30, s),
    trend: trendComponent(i.usageChange),
  };
  if (s.weights.sentiment > 0) c.sentiment = i.sentiment ?? null;
  return c;
}

/**
 * `score` = Σ wᵢcᵢ / Σ wᵢ over the non-null components, unrounded; null when all are null or when
 * the weights of the non-null components sum to 0 (a zero denominator). A component absent from
 * `c` (the optional ones at weight 0) is not in either sum.
 */
export function scoreOf(c: Components, s: Settings): number | null {
  let num = 0;
  let den = 0;
  for (const k of componentsIn(c)) {
    const v = c[k] as number | null;
    if (v === null) continue;
    num += s.weights[k] * v;
    den += s.weights[k];
  }
  return den === 0 ? null : num / den;
}

/** Band of a score: rounded half-up, ≤ redMax red, ≤ yellowMax yellow, else green; null for null. */
export function bandOf(score: number | null, s: Settings): Band | null {
  if (score === null) return null;
  const r = roundHalfUp(score);
  if (lte(r, s.bands.redMax)) return 'red';
  if (lte(r, s.bands.yellowMax)) return 'yellow';
  return 'green';
}

/** A band in words: the one definition every surface uses (panel, dashboard, CSV, CLI). */
export const BAND_LABELS = { red: 'Critical', yellow: 'At risk', green: 'Healthy' } as const;
/** The bands in words, with the words for an account that has no score. */
export const BAND_WORDS = {
  green: BAND_LABELS.green,
  yellow: BAND_LABELS.yellow,
  red: BAND_LABELS.red,
  unknown: 'Unknown',
} as const;

/**
 * Per component of `c` (the optional ones only when present): its value, weight and the points
 * it contributes (w × c / Σw of the non-null).
 */
export function pointsOf(c: Components, s: Settings): ComponentRecord<ComponentPoints> {
  const names = componentsIn(c);
  let den = 0;
  for (const k of names) if (c[k] !== null) den += s.weights[k];
  const out = {} as ComponentRecord<ComponentPoints>;
  for (const k of names) {
    const v = c[k] as number | null;
    out[k] = {
      value: v,
      weight: s.weights[k],
      points: v === null || den === 0 ? null : (s.weights[k] * v) / den,
    };
  }
  return out;
}
