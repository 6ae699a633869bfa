/**
 * The options page's scoring section: the editable settings (weights, band limits, thresholds),
 * the form ↔ settings conversion (validation is the metrics core's `parseSettings`), the overrides
 * saved in `preferences.scoring` (only what differs from the defaults), and the live preview: which
 * accounts of the cached dataset would change band, computed by the metrics core.
 */
import type { Dataset, WorkspaceContext } from '../dataset/schema';
import {
  asOfDay,
  type Band,
  buildIndex,
  computeAccountReport,
  type DatasetIndex,
  DEFAULT_SETTINGS,
  type HealthCounts,
  parseSettings,
  type Settings,
  workspaceContextOf,
} from '../metrics';
import { BAND_WORDS } from '../metrics/health';
import { asOfFor } from './view';

export interface ScoringField {
  /** Dotted path in Settings. */
  path: string;
  label: string;
  hint?: string;
  group: 'weights' | 'bands' | 'thresholds';
  step?: number;
}

/** What the `weights.sentiment` setting does (the Scoring card says it under the weights). */
export const SENTIMENT_WEIGHT_HINT =
  'CSM sentiment: the latest good / neutral / poor judgement recorded on the account (100 / 50 / 0 points). At 0, the default, it is left out of the score.';

export const SCORING_FIELDS: readonly ScoringField[] = [
  { path: 'weights.engagement', label: 'Engagement', group: 'weights', hint: 'Seat use and stickiness' },
  { path: 'weights.adoption', label: 'Adoption', group: 'weights', hint: 'Feature breadth and journey' },
  { path: 'weights.satisfaction', label: 'Satisfaction', group: 'weights', hint: 'NPS, else CSAT' },
  { path: 'weights.support', label: 'Support', group: 'weights', hint: 'Urgent and recent tickets' },
  { path: 'weights.trend', label: 'Usage trend', group: 'weights', hint: '30-day usage change' },
  {
    path: 'weights.sentiment',
    label: 'CSM sentiment',
    group: 'weights',
    hint: SENTIMENT_WEIGHT_HINT,
  },
  { path: 'bands.redMax', label: 'Critical up to (score)', group: 'bands' },
  { path: 'bands.yellowMax', label: 'At risk up to (score)', group: 'bands', hint: 'Above: Healthy' },
  { path: 'stickinessTarget', label: 'Stickiness for full engagement', group: 'thresholds', step: 0.01 },
  {
    path: 'engagementSplit.seatUtilization',
    label: 'Engagement share: seat use',
    group: 'thresholds',
    step: 0.05,
  },
  {
    path: 'engagementSplit.stickiness',
    label: 'Engagement share: stickiness',
    group: 'thresholds',
    step: 0.05,
  },
  { path: 'support.perUrgent', label: 'Support points lost per urgent ticket', group: 'thresholds' },
  { path: 'support.perTicketOver', label: 'Points lost per ticket over the free ones', group: 'thresholds' },
  { path: 'support.freeTickets', label: 'Free tickets per 30 days', group: 'thresholds' },
  { path: 'usageDecline', label: 'Usage decline fires at (change)', group: 'thresholds', step: 0.05 },
  { path: 'usageDeclineHigh', label: 'Usage decline is high at', group: 'thresholds', step: 0.05 },
  { path: 'championInactiveDays', label: 'Champion inactive after (days)', group: 'thresholds' },
  { path: 'detractorDays', label: 'Detractor window (days)', group: 'thresholds' },
  { path: 'ticketSpikeMin', label: 'Ticket spike: at least (tickets in 30 days)', group: 'thresholds' },
  { path: 'ticketSpikeFactor', label: 'Ticket spike factor', group: 'thresholds', step: 0.5 },
  { path: 'renewalDays', label: 'Renewal risk window (days)', group: 'thresholds' },
  { path: 'lowAdoptionBreadth', label: 'Low adoption below (breadth)', group: 'thresholds', step: 0.05 },
  { path: 'lowAdoptionAgeDays', label: 'Low adoption after (days as customer)', group: 'thresholds' },
  { path: 'seatLimit', label: 'Seat limit upsell at (utilisation)', group: 'thresholds', step: 0.05 },
  { path: 'seatLimitHigh', label: 'Seat limit is high at', group: 'thresholds', step: 0.05 },
  { path: 'usageGrowth', label: 'Usage growth upsell at (change)', group: 'thresholds', step: 0.05 },
  { path: 'promoterNps', label: 'Promoter at NPS', group: 'thresholds' },
  { path: 'promoterResponses', label: 'Promoter: at least (NPS answers)', group: 'thresholds' },
  {
    path: 'planHeadroomSeats',
    label: 'Plan headroom at (seat utilisation)',
    group: 'thresholds',
    step: 0.05,
  },
  {
    path: 'featureDemandUsers',
    label: 'Feature demand is medium from (users)',
    group: 'thresholds',
    hint: 'Active users on features their plan lacks',
  },
  { path: 'grossMargin', label: 'Gross margin (for LTV)', group: 'thresholds', step: 0.05 },
  { path: 'ltvToCacHealthy', label: 'Healthy LTV/CAC from', group: 'thresholds', step: 0.5 },
];

function getPath(o: unknown, path: string): unknown {
  let cur = o;
  for (const k of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return cur;
}

function setPath(o: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = v;
}

export type ScoringForm = Record<string, string>;

export function formFromSettings(s: Settings): ScoringForm {
  const out: ScoringForm = {};
  for (const f of SCORING_FIELDS) out[f.path] = String(getPath(s, f.path));
  return out;
}

/** The settings input a form stands for: numbers where a number was typed, the raw text otherwise (so `parseSettings` names it). */
export function inputFromForm(form: ScoringForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SCORING_FIELDS) {
    const raw = form[f.path];
    if (raw === undefined) continue;
    const t = raw.trim();
    const n = Number(t);
    setPath(out, f.path, t !== '' && Number.isFinite(n) ? n : raw);
  }
  return out;
}

export type FormCheck = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/** Validates a form with the metrics core; one message per problem. */
export function checkForm(form: ScoringForm): FormCheck {
  const r = parseSettings(inputFromForm(form));
  if (r.ok) return { ok: true, settings: r.settings };
  return { ok: false, errors: r.error.split('; ') };
}

/** Only the settings that differ from the defaults (what `preferences.scoring` keeps). */
export function overridesOf(s: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (cur: Record<string, unknown>, def: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(cur)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const d = def[k];
      if (typeof v === 'object' && v !== null && typeof d === 'object' && d !== null) {
        walk(v as Record<string, unknown>, d as Record<string, unknown>, path);
      } else if (v !== d) {
        setPath(out, path, v);
      }
    }
  };
  walk(s as unknown as Record<string, unknown>, DEFAULT_SETTINGS as unknown as Record<string, unknown>, '');
  return out;
}

export interface BandChange {
  id: string;
  name: string;
  from: Band | null;
  to: Band | null;
}

export interface ScoringPreview {
  asOf: string;
  accounts: number;
  changes: BandChange[];
  before: HealthCounts;
  after: HealthCounts;
}

const indexMemo = new WeakMap<Dataset, DatasetIndex>();
const bandsMemo = new WeakMap<Dataset, Map<string, (Band | null)[]>>();

function indexOf(ds: Dataset): DatasetIndex {
  let ix = indexMemo.get(ds);
  if (!ix) {
    ix = buildIndex(ds);
    indexMemo.set(ds, ix);
  }
  return ix;
}

/** Each account's band (dataset order) under `settings`, memoised per dataset object, day and settings. */
export function bandsUnder(
  ds: Dataset,
  asOf: string,
  settings: Settings,
  context?: WorkspaceContext,
): (Band | null)[] {
  const key = `${asOf}\u0000${JSON.stringify(settings)}\u0000${context ? 'ctx' : ''}`;
  let m = bandsMemo.get(ds);
  if (!m) {
    m = new Map();
    bandsMemo.set(ds, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const ix = indexOf(ds);
  const ctx = context ?? workspaceContextOf(ix, asOfDay(asOf));
  const bands = ix.accounts.map(
    (ax) => computeAccountReport(ix, ax.account.id, asOf, settings, ctx)?.health.band ?? null,
  );
  if (m.size > 8) m.clear();
  m.set(key, bands);
  return bands;
}

function countBands(bands: readonly (Band | null)[]): HealthCounts {
  const c: HealthCounts = { green: 0, yellow: 0, red: 0, unknown: 0 };
  for (const b of bands) c[b ?? 'unknown']++;
  return c;
}

/** Which accounts would change band going from `current` to `proposed` settings, as of `min(dataThrough, today)`. */
export function scoringPreview(
  ds: Dataset,
  today: string,
  current: Settings,
  proposed: Settings,
  context?: WorkspaceContext,
): ScoringPreview {
  const asOf = asOfFor(ds, today);
  const before = bandsUnder(ds, asOf, current, context);
  const after = bandsUnder(ds, asOf, proposed, context);
  const ix = indexOf(ds);
  const changes: BandChange[] = [];
  ix.accounts.forEach((ax, i) => {
    if (before[i] !== after[i])
      changes.push({ id: ax.account.id, name: ax.account.name, from: before[i], to: after[i] });
  });
  return {
    asOf,
    accounts: ix.accounts.length,
    changes,
    before: countBands(before),
    after: countBands(after),
  };
}

export const BAND_WORD: Record<Band | 'unknown', string> = BAND_WORDS;
