/**
 * Targets (DASHBOARD.md "Targets"): a metric, a scope, a target value and a due date, with the
 * baseline recorded when the target is set; progress by the metrics core's `targetProgress`.
 * Kept in extension storage (`local:targets`, validated with `targetsSchema`), not in the cache,
 * so a re-sync or "Clear cache" never loses them.
 *
 * Company-stage presets (DASHBOARD.md "Company-stage presets") pick the north star, the default
 * tab and the suggested targets. Suggested targets (short term 90 days, long term 12 months):
 * feature adoption → 75% (long), median first response → 24 h (short), MRR +15% in 90 days
 * (short), ARR +100% in 12 months (long), DAU/MAU → 80% (long). "40% →", "under 48 h →" and
 * "60% →" are the typical starting points the guide names; the recorded baseline is always the
 * value measured when the target is set.
 *
 * `setOn` is the as-of date of the data the baseline was measured on (so progress and the time
 * share are read on the same calendar as the numbers); `dueOn` defaults to setOn + the term.
 */
import { z } from 'zod';
import { dateOfDay, dayNumber, isDate } from '../metrics/dates';
import { type TargetProgress, targetProgress } from '../metrics/targets';
import { type MetricKey, metricDef } from './catalog';
import { type Filters, filtersSchema, type Scope, scopeSchema } from './filters';

const dateString = z.string().refine((s) => isDate(s), { message: 'must be a date YYYY-MM-DD' });

export const targetSchema = z
  .object({
    id: z.string().min(1).max(64),
    metric: z
      .string()
      .max(200)
      .refine((k) => metricDef(k) !== null, { message: 'unknown metric' }),
    scope: scopeSchema,
    baseline: z.number().finite(),
    target: z.number().finite(),
    setOn: dateString,
    dueOn: dateString,
    /** The suggested preset it started from, if any. */
    presetId: z.string().max(64).optional(),
  })
  .refine((t) => t.dueOn > t.setOn, {
    message: 'the due date must be after the date it is set',
    path: ['dueOn'],
  });
export type Target = z.output<typeof targetSchema>;

export const targetsSchema = z.array(targetSchema).max(100);

/** Reads a stored value: every valid target, in order; anything damaged is left out. */
export function readTargets(raw: unknown): Target[] {
  if (!Array.isArray(raw)) return [];
  const out: Target[] = [];
  for (const t of raw) {
    const r = targetSchema.safeParse(t);
    if (r.success) out.push(r.data);
  }
  return out.slice(0, 100);
}

export type Stage = 'early' | 'growth' | 'mature';
export const STAGES: readonly Stage[] = ['early', 'growth', 'mature'];
export type TabId = 'cs' | 'product' | 'sales' | 'executive';
export const TABS: readonly TabId[] = ['cs', 'product', 'sales', 'executive'];
export const TAB_LABEL: Record<TabId, string> = {
  cs: 'Customer Success',
  product: 'Product',
  sales: 'Sales',
  executive: 'Executive',
};

export type PresetId = 'feature-adoption' | 'first-response' | 'mrr-growth' | 'arr-growth' | 'dau-mau';

export interface TargetPreset {
  id: PresetId;
  label: string;
  metric: MetricKey;
  term: 'short' | 'long';
  days: number;
  /** The target value for a baseline (absolute, or relative to the baseline). */
  targetFor(baseline: number): number;
}

export const TARGET_PRESETS: readonly TargetPreset[] = [
  {
    id: 'feature-adoption',
    label: 'Feature adoption 40% → 75% in 12 months',
    metric: 'featureAdoption',
    term: 'long',
    days: 365,
    targetFor: () => 0.75,
  },
  {
    id: 'first-response',
    label: 'Median first response under 48 h → under 24 h in 90 days',
    metric: 'medianFirstResponseHours',
    term: 'short',
    days: 90,
    targetFor: () => 24,
  },
  {
    id: 'mrr-growth',
    label: 'MRR +15% in 90 days',
    metric: 'mrr',
    term: 'short',
    days: 90,
    targetFor: (b) => Math.round(b * 1.15),
  },
  {
    id: 'arr-growth',
    label: 'ARR +100% in 12 months',
    metric: 'arr',
    term: 'long',
    days: 365,
    targetFor: (b) => Math.round(b * 2),
  },
  {
    id: 'dau-mau',
    label: 'DAU/MAU 60% → 80% in 12 months',
    metric: 'dauMau',
    term: 'long',
    days: 365,
    targetFor: () => 0.8,
  },
];

export interface StagePreset {
  label: string;
  emphasis: string;
  northStar: MetricKey;
  tab: TabId;
  targets: PresetId[];
}

export const STAGE_PRESETS: Record<Stage, StagePreset> = {
  early: {
    label: 'Early (before product–market fit)',
    emphasis: 'usage, adoption, satisfaction, churn, activation and time to value',
    northStar: 'dauMau',
    tab: 'product',
    targets: ['dau-mau', 'feature-adoption', 'first-response'],
  },
  growth: {
    label: 'Growth',
    emphasis: 'revenue from existing customers, acquisition efficiency, sales cycle, LTV vs CAC',
    northStar: 'nrr',
    tab: 'cs',
    targets: ['mrr-growth', 'arr-growth', 'feature-adoption'],
  },
  mature: {
    label: 'Mature',
    emphasis: 'retention and efficiency',
    northStar: 'nrr',
    tab: 'executive',
    targets: ['first-response', 'mrr-growth', 'dau-mau'],
  },
};

export function presetById(id: string): TargetPreset | undefined {
  return TARGET_PRESETS.find((p) => p.id === id);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

export type NewTarget = { ok: true; target: Target } | { ok: false; error: string };

/**
 * A new target with its baseline recorded (the current value of the metric in its scope).
 * Refuses what cannot be tracked: an unknown baseline, a target equal to it, a due date not after today.
 */
export function makeTarget(input: {
  id: string;
  metric: string;
  scope: Scope;
  baseline: number | null;
  target: number;
  setOn: string;
  dueOn: string;
  presetId?: string;
}): NewTarget {
  const def = metricDef(input.metric);
  if (!def) return { ok: false, error: 'Pick a metric.' };
  if (input.baseline === null || !Number.isFinite(input.baseline)) {
    return {
      ok: false,
      error: `${def.label} has no value in this scope today (${def.whyNull}), so there is no baseline to measure progress from.`,
    };
  }
  if (!Number.isFinite(input.target)) return { ok: false, error: 'Enter the target value as a number.' };
  if (input.target === input.baseline) {
    return { ok: false, error: 'The target equals the current value; pick a value to reach.' };
  }
  if (!isDate(input.dueOn) || input.dueOn <= input.setOn) {
    return { ok: false, error: `Pick a due date after ${input.setOn}.` };
  }
  const r = targetSchema.safeParse({ ...input, metric: def.key });
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, target: r.data };
}

export function evaluateTarget(t: Target, current: number | null, asOf: string): TargetProgress {
  return targetProgress(
    { baseline: t.baseline, target: t.target, setOn: t.setOn, dueOn: t.dueOn },
    current,
    asOf,
  );
}

export const STATUS_LABEL: Record<TargetProgress['status'], string> = {
  met: 'Met',
  'on-track': 'On track',
  behind: 'Behind',
  missed: 'Missed',
  unknown: 'Unknown',
};

// ---------------------------------------------------------------------------------------------
// Dashboard preferences (`local:dashboard`)

export const dashboardPrefsSchema = z.object({
  stage: z.enum(['early', 'growth', 'mature']),
  /** A north star other than the stage's. */
  northStar: z
    .string()
    .refine((k) => metricDef(k) !== null)
    .optional(),
  /** The tab last chosen (else the stage's default tab). */
  tab: z.enum(['cs', 'product', 'sales', 'executive']).optional(),
  filters: filtersSchema,
});
export type DashboardPrefs = z.output<typeof dashboardPrefsSchema>;

export const DEFAULT_DASHBOARD_PREFS: DashboardPrefs = {
  stage: 'growth',
  filters: { owner: 'all', segment: 'all', plan: 'all' } satisfies Filters,
};

export function readDashboardPrefs(raw: unknown): DashboardPrefs {
  const r = dashboardPrefsSchema.safeParse(raw);
  return r.success ? r.data : DEFAULT_DASHBOARD_PREFS;
}

export function northStarOf(p: DashboardPrefs): MetricKey {
  return (p.northStar as MetricKey | undefined) ?? STAGE_PRESETS[p.stage].northStar;
}

export function tabOf(p: DashboardPrefs): TabId {
  return p.tab ?? STAGE_PRESETS[p.stage].tab;
}
