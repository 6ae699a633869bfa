/**
 * Settings of the metrics core (METRICS.md, "Settings"): every default threshold and weight.
 *
 * `parseSettings(input)` deep-merges any subset over `DEFAULT_SETTINGS` and validates the result.
 * Choices where the spec is silent:
 * - An unknown key (at any depth) is an error naming it (`unknown setting "weights.foo"`), so a
 *   typo never silently falls back to a default.
 * - `null` is not "use the default": it is a wrong type and an error.
 * - `grossMargin` must be within 0–1; weights (`weights.sentiment` included) finite ≥ 0 and not all 0; the engagement split
 *   finite ≥ 0 and not both 0 (a split not summing to 1 is rescaled to sum 1);
 *   `stickinessTarget` > 0; `bands.redMax` < `bands.yellowMax`; day counts, `ticketSpikeMin`,
 *   `promoterResponses` and `featureDemandUsers` whole numbers ≥ 0 (`detractorDays` and
 *   `featureDemandUsers` ≥ 1); every other threshold a finite number.
 *
 * @example parseSettings({ weights: { trend: 0 } }) // ok, other weights keep their defaults
 * @example parseSettings({ weight: {} }) // { ok: false, error: 'unknown setting "weight"' }
 */
import { z } from 'zod';

const finite = z.number().finite({ message: 'must be a finite number' });
const nonNeg = finite.min(0, { message: 'must be ≥ 0' });
const wholeNonNeg = z.number().int({ message: 'must be a whole number' }).min(0, { message: 'must be ≥ 0' });

export const settingsSchema = z
  .strictObject({
    grossMargin: nonNeg.max(1, { message: 'must be ≤ 1' }),
    weights: z.strictObject({
      engagement: nonNeg,
      adoption: nonNeg,
      satisfaction: nonNeg,
      support: nonNeg,
      trend: nonNeg,
      /** METRICS.md's optional `sentiment` component: 0 (the default) leaves it out of the score. */
      sentiment: nonNeg,
    }),
    stickinessTarget: finite.positive({ message: 'must be > 0' }),
    engagementSplit: z.strictObject({ seatUtilization: nonNeg, stickiness: nonNeg }),
    support: z.strictObject({ perUrgent: nonNeg, perTicketOver: nonNeg, freeTickets: nonNeg }),
    bands: z.strictObject({ redMax: finite, yellowMax: finite }),
    usageDecline: finite,
    usageDeclineHigh: finite,
    championInactiveDays: wholeNonNeg,
    detractorDays: wholeNonNeg.min(1, { message: 'must be ≥ 1' }),
    ticketSpikeMin: wholeNonNeg,
    ticketSpikeFactor: nonNeg,
    renewalDays: wholeNonNeg,
    lowAdoptionBreadth: finite,
    lowAdoptionAgeDays: wholeNonNeg,
    seatLimit: finite,
    seatLimitHigh: finite,
    usageGrowth: finite,
    promoterNps: finite,
    promoterResponses: wholeNonNeg,
    planHeadroomSeats: finite,
    featureDemandUsers: wholeNonNeg.min(1, { message: 'must be ≥ 1' }),
    ltvToCacHealthy: finite.positive({ message: 'must be > 0' }),
  })
  .superRefine((s, ctx) => {
    if (!(s.bands.redMax < s.bands.yellowMax)) {
      ctx.addIssue({ code: 'custom', path: ['bands'], message: 'redMax must be below yellowMax' });
    }
    const w = s.weights;
    if (w.engagement + w.adoption + w.satisfaction + w.support + w.trend + w.sentiment <= 0) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must not all be 0' });
    }
    if (s.engagementSplit.seatUtilization + s.engagementSplit.stickiness <= 0) {
      ctx.addIssue({ code: 'custom', path: ['engagementSplit'], message: 'must not both be 0' });
    }
  });

export type Settings = z.output<typeof settingsSchema>;

/** Deep partial of Settings: what a settings file may contain. */
export type SettingsInput = {
  [K in keyof Settings]?: Settings[K] extends object ? Partial<Settings[K]> : Settings[K];
};

/**
 * The defaults of METRICS.md, verbatim; `weights.sentiment` is the optional component's weight
 * (METRICS.md "sentiment component": default 0, the component left out).
 */
export const DEFAULT_SETTINGS: Settings = Object.freeze({
  grossMargin: 1,
  weights: Object.freeze({
    engagement: 35,
    adoption: 20,
    satisfaction: 20,
    support: 10,
    trend: 15,
    sentiment: 0,
  }),
  stickinessTarget: 0.4,
  engagementSplit: Object.freeze({ seatUtilization: 0.6, stickiness: 0.4 }),
  support: Object.freeze({ perUrgent: 15, perTicketOver: 5, freeTickets: 2 }),
  bands: Object.freeze({ redMax: 50, yellowMax: 75 }),
  usageDecline: -0.25,
  usageDeclineHigh: -0.5,
  championInactiveDays: 30,
  detractorDays: 90,
  ticketSpikeMin: 3,
  ticketSpikeFactor: 2,
  renewalDays: 90,
  lowAdoptionBreadth: 0.3,
  lowAdoptionAgeDays: 90,
  seatLimit: 0.9,
  seatLimitHigh: 1,
  usageGrowth: 0.2,
  promoterNps: 50,
  promoterResponses: 3,
  planHeadroomSeats: 0.8,
  featureDemandUsers: 3,
  ltvToCacHealthy: 3,
}) as Settings;

export type ParseSettingsResult = { ok: true; settings: Settings } | { ok: false; error: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge `over` into a copy of `base`; nested plain objects merge key by key, anything else replaces. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) out[k] = isPlainObject(v) ? deepMerge(v, {}) : v;
  for (const [k, v] of Object.entries(over)) {
    const b = Object.hasOwn(base, k) ? base[k] : undefined;
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One readable line per problem: `unknown setting "weights.foo"`, `setting "grossMargin": must be ≤ 1`. */
function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`unknown setting "${pathText([...issue.path, key])}"`);
    } else if (issue.code === 'invalid_type') {
      const what =
        issue.expected === 'object'
          ? 'an object'
          : issue.expected === 'int'
            ? 'a whole number'
            : `a ${issue.expected}`;
      lines.push(`setting "${pathText(issue.path)}": must be ${what}`);
    } else {
      lines.push(`setting "${pathText(issue.path)}": ${issue.message}`);
    }
  }
  return lines.join('; ');
}

/** Deep-merge `input` (any subset of Settings; `undefined` = all defaults) over the defaults and validate. */
export function parseSettings(input: unknown): ParseSettingsResult {
  if (input === undefined) return { ok: true, settings: cloneSettings(DEFAULT_SETTINGS) };
  if (!isPlainObject(input)) return { ok: false, error: 'settings must be a JSON object' };
  const merged = deepMerge(DEFAULT_SETTINGS as unknown as Record<string, unknown>, input);
  const r = settingsSchema.safeParse(merged);
  if (!r.success) return { ok: false, error: formatIssues(r.error.issues) };
  return { ok: true, settings: r.data };
}

function cloneSettings(s: Settings): Settings {
  return deepMerge(s as unknown as Record<string, unknown>, {}) as unknown as Settings;
}
