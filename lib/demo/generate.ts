/**
 * Deterministic demo dataset generator (issue 16, "Demo data").
 *
 * `generateDataset({ accounts, seed, asOf })` builds a whole dataset in the interchange form of
 * DATASET.md; `generateDatasetStream(opts)` yields the same records piecemeal (the catalogue first,
 * then one account with all its rows at a time) so a writer can stream 50,000 accounts × 400 days
 * without holding them. Both are pure: the output depends on the options only — a seeded PRNG
 * (sfc32), calendar arithmetic on day numbers, no clock, no `Math.random`, no transcendental maths
 * (whose last bits may differ between engines).
 *
 * Each account is generated on its own from `(seed, index)`, so account `i` is the same whatever
 * the number of accounts. The accounts of the CRM page fixtures (`FIXTURE_ACCOUNTS`) come first,
 * with their names, domains and CRM ids, a fixed pattern each and a seed of their own: they look
 * the same in every demo dataset of a given `asOf`, whatever `seed`.
 *
 * Each account follows one pattern (`PATTERN_SHARES`): healthy, promoter, expanding,
 * seat-pressure, new, seasonal, declining, low-adoption, contracting, support-spike, churned,
 * reactivated. On top of that every account has a weekly rhythm (weekdays high, weekends low),
 * a holiday dip, noise, renewals spread over the year (so about a quarter renew within 90 days),
 * and occasional champions leaving, detractors and ticket bursts outside their pattern.
 */
import type {
  Account,
  Dataset,
  DatasetHeader,
  Feature,
  Milestone,
  Plan,
  RevenueRow,
  Segment,
  Survey,
  Ticket,
  UsageRow,
  User,
} from '../dataset/schema';
import { isCalendarDate, SCHEMA_VERSION } from '../dataset/schema';
import { FIXTURE_ACCOUNTS } from './crm-fixture-accounts';

// ---------------------------------------------------------------------------------------------
// Public API

export interface GenerateOptions {
  /** Number of accounts (the fixture accounts included), a whole number ≥ 0. */
  accounts: number;
  /** Any safe integer; the same seed gives the same dataset. */
  seed: number;
  /** `YYYY-MM-DD`: the last day of data; becomes `dataThrough`. */
  asOf: string;
}

export type Pattern =
  | 'healthy'
  | 'promoter'
  | 'expanding'
  | 'seat-pressure'
  | 'new'
  | 'seasonal'
  | 'declining'
  | 'low-adoption'
  | 'contracting'
  | 'support-spike'
  | 'churned'
  | 'reactivated';

/** The share of generated (non-fixture) accounts that follows each pattern, in percent. */
export const PATTERN_SHARES: Readonly<Record<Pattern, number>> = {
  healthy: 16,
  promoter: 6,
  expanding: 9,
  'seat-pressure': 7,
  new: 11,
  seasonal: 5,
  declining: 14,
  'low-adoption': 7,
  contracting: 6,
  'support-spike': 6,
  churned: 9,
  reactivated: 4,
};

/** The patterns of the fixture accounts, in order (cycled when there are more fixtures). */
export const FIXTURE_PATTERNS: readonly Pattern[] = [
  'promoter',
  'declining',
  'expanding',
  'contracting',
  'new',
  'support-spike',
  'healthy',
  'churned',
];

/** An account the CRM page fixtures show (`lib/demo/crm-fixture-accounts.ts`). */
export interface FixtureAccountLike {
  /** The dataset id to use; generated (`acc_00001` style) when absent. */
  id?: string;
  name: string;
  domains: readonly string[];
  crm: {
    hubspotCompanyId?: string | null;
    salesforceAccountId?: string | null;
    zendeskOrganizationId?: string | null;
  };
}

/** One account and all its rows. */
export interface AccountRecords {
  account: Account;
  revenue: RevenueRow[];
  usage: UsageRow[];
  users: User[];
  tickets: Ticket[];
  surveys: Survey[];
}

/** The part of a dataset that is not per account. */
export interface DatasetCatalog {
  header: DatasetHeader;
  plans: Plan[];
  features: Feature[];
  milestones: Milestone[];
}

export type DatasetChunk =
  | ({ kind: 'catalog' } & DatasetCatalog)
  | ({ kind: 'account'; index: number; pattern: Pattern } & AccountRecords);

/** Per-account collections, in DATASET.md order. */
export const ACCOUNT_COLLECTIONS = ['accounts', 'revenue', 'usage', 'users', 'tickets', 'surveys'] as const;

export const DEMO_DAYS = 400;
export const DEMO_MONTHS = 28;
export const DEMO_CURRENCY = 'USD';

export const DEMO_OWNERS = [
  'maria.lopez@healthbar-demo.com',
  'james.chen@healthbar-demo.com',
  'aisha.khan@healthbar-demo.com',
  'tom.becker@healthbar-demo.com',
  'sofia.rossi@healthbar-demo.com',
  'david.okafor@healthbar-demo.com',
  'priya.nair@healthbar-demo.com',
] as const;

export const DEMO_FEATURES: readonly Feature[] = [
  { key: 'dashboards', name: 'Dashboards', minTier: 1 },
  { key: 'reports', name: 'Scheduled reports', minTier: 1 },
  { key: 'alerts', name: 'Alerts', minTier: 1 },
  { key: 'imports', name: 'Data imports', minTier: 1 },
  { key: 'integrations', name: 'Integrations', minTier: 2 },
  { key: 'automations', name: 'Automations', minTier: 2 },
  { key: 'forecasting', name: 'Forecasting', minTier: 3 },
  { key: 'api', name: 'API access', minTier: 4 },
];

export const DEMO_PLANS: readonly Plan[] = [
  {
    id: 'starter',
    name: 'Starter',
    tier: 1,
    seatLimit: 10,
    features: ['dashboards', 'reports', 'alerts', 'imports'],
  },
  {
    id: 'growth',
    name: 'Growth',
    tier: 2,
    seatLimit: 50,
    features: ['dashboards', 'reports', 'alerts', 'imports', 'integrations', 'automations'],
  },
  {
    id: 'business',
    name: 'Business',
    tier: 3,
    seatLimit: 250,
    features: ['dashboards', 'reports', 'alerts', 'imports', 'integrations', 'automations', 'forecasting'],
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    tier: 4,
    features: [
      'dashboards',
      'reports',
      'alerts',
      'imports',
      'integrations',
      'automations',
      'forecasting',
      'api',
    ],
  },
];

export const DEMO_MILESTONES: readonly Milestone[] = [
  { key: 'workspace-created', name: 'Workspace created', order: 1, firstValue: false },
  { key: 'data-connected', name: 'Data source connected', order: 2, firstValue: false },
  { key: 'first-dashboard', name: 'First dashboard shared', order: 3, firstValue: true },
  { key: 'team-invited', name: 'Team invited', order: 4, firstValue: false },
  { key: 'integration-live', name: 'First integration live', order: 5, firstValue: false },
];

/** Throws a `RangeError` naming the bad option. */
export function validateGenerateOptions(opts: GenerateOptions): void {
  if (!Number.isSafeInteger(opts.accounts) || opts.accounts < 0) {
    throw new RangeError(`accounts must be a whole number ≥ 0 (got ${String(opts.accounts)})`);
  }
  if (!Number.isSafeInteger(opts.seed)) {
    throw new RangeError(`seed must be a whole number (got ${String(opts.seed)})`);
  }
  if (typeof opts.asOf !== 'string' || !isCalendarDate(opts.asOf)) {
    throw new RangeError(`asOf must be a date YYYY-MM-DD (got ${JSON.stringify(opts.asOf)})`);
  }
}

/** The dataset header and the catalogue collections (plans, features, milestones). */
export function generateCatalog(opts: GenerateOptions): DatasetCatalog {
  validateGenerateOptions(opts);
  return {
    header: {
      schemaVersion: SCHEMA_VERSION,
      currency: DEMO_CURRENCY,
      generatedAt: `${opts.asOf}T23:00:00Z`,
      dataThrough: opts.asOf,
    },
    plans: DEMO_PLANS.map((p) => ({ ...p, features: [...p.features] })),
    features: DEMO_FEATURES.map((f) => ({ ...f })),
    milestones: DEMO_MILESTONES.map((m) => ({ ...m })),
  };
}

/**
 * The dataset piece by piece: first `{kind: 'catalog'}`, then `{kind: 'account'}` per account in
 * dataset order, each with the account's records of every per-account collection.
 */
export function* generateDatasetStream(
  opts: GenerateOptions,
  fixtures: readonly FixtureAccountLike[] = FIXTURE_ACCOUNTS,
): Generator<DatasetChunk> {
  const catalog = generateCatalog(opts);
  yield { kind: 'catalog', ...catalog };
  const ctx = makeContext(opts, fixtures);
  for (let i = 0; i < opts.accounts; i++) {
    const g = generateAccount(ctx, i);
    yield { kind: 'account', index: i, pattern: g.pattern, ...g.records };
  }
}

/** The whole dataset in memory (practical up to about 5,000 accounts). */
export function generateDataset(
  opts: GenerateOptions,
  fixtures: readonly FixtureAccountLike[] = FIXTURE_ACCOUNTS,
): Dataset {
  const d: Dataset = {
    schemaVersion: SCHEMA_VERSION,
    currency: DEMO_CURRENCY,
    plans: [],
    features: [],
    milestones: [],
    accounts: [],
    revenue: [],
    usage: [],
    users: [],
    tickets: [],
    surveys: [],
  };
  for (const chunk of generateDatasetStream(opts, fixtures)) {
    if (chunk.kind === 'catalog') {
      Object.assign(d, chunk.header);
      d.plans = chunk.plans;
      d.features = chunk.features;
      d.milestones = chunk.milestones;
      continue;
    }
    d.accounts.push(chunk.account);
    for (const r of chunk.revenue) d.revenue.push(r);
    for (const r of chunk.usage) d.usage.push(r);
    for (const r of chunk.users) d.users.push(r);
    for (const r of chunk.tickets) d.tickets.push(r);
    for (const r of chunk.surveys) d.surveys.push(r);
  }
  return d;
}

/** The pattern each account of a dataset follows (for tests and diagnostics; not part of the data). */
export function generatePatterns(
  opts: GenerateOptions,
  fixtures: readonly FixtureAccountLike[] = FIXTURE_ACCOUNTS,
): Pattern[] {
  validateGenerateOptions(opts);
  const ctx = makeContext(opts, fixtures);
  const out: Pattern[] = [];
  for (let i = 0; i < opts.accounts; i++) out.push(patternOf(ctx, i, accountRng(ctx, i)));
  return out;
}

// ---------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through murmur3's finaliser

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(s0: number, s1: number, s2: number) {
    this.a = fmix32(s0 ^ 0x9e3779b9);
    this.b = fmix32(s1 ^ 0x243f6a88);
    this.c = fmix32(s2 ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform whole number in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Approximately standard normal (Irwin–Hall of 4 uniforms), in about [−3.5, 3.5]. */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508075688772;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar on day numbers (days since 1970-01-01), no Date objects

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dayString(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function parseDay(s: string): number {
  return daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

/** Month number `y × 12 + (m − 1)`. */
function monthOfDay(day: number): number {
  const [y, m] = civilFromDays(day);
  return y * 12 + m - 1;
}

function monthString(month: number): string {
  return `${Math.floor(month / 12)}-${pad2((month % 12) + 1)}`;
}

function firstDayOfMonth(month: number): number {
  return daysFromCivil(Math.floor(month / 12), (month % 12) + 1, 1);
}

function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/** The same calendar day `years` later (29 Feb → 28 Feb in common years). */
function addYears(day: number, years: number): number {
  const [y, m, d] = civilFromDays(day);
  return daysFromCivil(y + years, m, Math.min(d, daysInMonth(y + years, m)));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function timestamp(day: number, minuteOfDay: number): string {
  const m = Math.max(0, Math.min(1439, Math.floor(minuteOfDay)));
  return `${dayString(day)}T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00Z`;
}

/** A smooth periodic bump in [−1, 1] with period 1 (cosine-like, polynomial). */
function wave(x: number): number {
  const f = x - Math.floor(x);
  const t = Math.abs(2 * f - 1);
  return 2 * (t * t * (3 - 2 * t)) - 1;
}

// ---------------------------------------------------------------------------------------------
// Word lists

// biome-ignore format: a word list reads better packed
const NAME_PREFIX = [
  'North', 'Blue', 'Silver', 'Bright', 'Iron', 'Green', 'Red', 'Stone', 'Clear', 'Swift',
  'High', 'Oak', 'Pine', 'Cedar', 'Maple', 'Summit', 'River', 'Harbor', 'Golden', 'Crystal',
  'Falcon', 'Eagle', 'Copper', 'Granite', 'Sky', 'Sun', 'Moon', 'Star', 'Polar', 'Coral',
  'Amber', 'Jade', 'Indigo', 'Crimson', 'Violet', 'Arrow', 'Atlas', 'Nova', 'Echo', 'Orbit',
];
// biome-ignore format: a word list reads better packed
const NAME_ROOT = [
  'wind', 'peak', 'field', 'line', 'gate', 'bridge', 'stone', 'wave', 'light', 'point',
  'ridge', 'brook', 'haven', 'crest', 'forge', 'works', 'path', 'leaf', 'rock', 'vale',
  'port', 'wood', 'view', 'side', 'shore', 'mark', 'spring', 'fall', 'land', 'crown',
  'hill', 'lake', 'dale', 'ford', 'grove', 'key', 'mill', 'stream', 'town', 'way',
];
// biome-ignore format: a word list reads better packed
const NAME_INDUSTRY = [
  'Logistics', 'Analytics', 'Health', 'Foods', 'Robotics', 'Media', 'Labs', 'Capital',
  'Energy', 'Software', 'Apparel', 'Freight', 'Dental', 'Legal', 'Realty', 'Bakery',
  'Studios', 'Systems', 'Clinics', 'Insurance', 'Consulting', 'Networks', 'Pharma', 'Outdoors',
  'Hospitality', 'Education', 'Security', 'Payments', 'Marine', 'Motors', 'Architects', 'Biotech',
];
const NAME_COMBOS = NAME_PREFIX.length * NAME_ROOT.length * NAME_INDUSTRY.length; // 51,200
const NAME_STRIDE = 7919; // prime, coprime with NAME_COMBOS: consecutive accounts look unrelated

// biome-ignore format: a word list reads better packed
const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Zoe', 'Mateo',
  'Hannah', 'Arjun', 'Chloe', 'Kenji', 'Grace', 'Omar', 'Nora', 'Felix', 'Leila', 'Daniel',
  'Sara', 'Jonas', 'Ines', 'Hugo', 'Maya', 'Ravi', 'Elena', 'Samuel', 'Yara', 'Theo',
  'Amara', 'Victor', 'Lena', 'Diego', 'Ruth', 'Kofi', 'Julia', 'Ivan', 'Mei', 'Adam',
];
// biome-ignore format: a word list reads better packed
const LAST_NAMES = [
  'Smith', 'Garcia', 'Nguyen', 'Müller', 'Kowalski', 'Brown', 'Silva', 'Tanaka', 'Johnson', 'Patel',
  'Martin', 'Rossi', 'Dubois', 'Andersen', 'Kim', 'Okafor', 'Novak', 'Schmidt', 'Moreau', 'Lee',
  'Walker', 'Haddad', 'Costa', 'Fischer', 'Ivanova', 'Clarke', 'Santos', 'Yilmaz', 'Larsen', 'Reyes',
  'Murphy', 'Becker', 'Cohen', 'Wright', 'Sato', 'Mensah', 'Lopez', 'Berg', 'Hughes', 'Ali',
];
// biome-ignore format: a word list reads better packed
const CHAMPION_TITLES = [
  'Head of Operations', 'VP Customer Success', 'Director of Revenue Operations', 'RevOps Lead',
  'Head of Analytics', 'COO', 'Director of Sales Operations', 'Head of Support',
];
// biome-ignore format: a word list reads better packed
const USER_TITLES = [
  'Account Executive', 'Analyst', 'Support Agent', 'Operations Manager', 'Data Engineer',
  'Customer Success Manager', 'Sales Manager', 'Finance Manager', 'Marketing Manager', 'Team Lead',
];
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
// biome-ignore format: a word list reads better packed
const PROMOTER_COMMENTS = [
  'Love how quickly we can see which accounts need attention.', 'The dashboards are our Monday ritual now.',
  'Support is fast and friendly.', 'Saved my team hours every week.', 'Easy to roll out to the whole team.',
  'Forecasting alone paid for it.', 'Best tool we added this year.', 'Great product, keep going!',
];
// biome-ignore format: a word list reads better packed
const PASSIVE_COMMENTS = [
  'Does the job, a few rough edges.', 'Good, but reports could be more flexible.',
  'Useful, though onboarding took a while.', 'Fine for now; we miss a few integrations.',
  'Solid, pricing is a bit high for us.',
];
// biome-ignore format: a word list reads better packed
const DETRACTOR_COMMENTS = [
  'Too slow, and the data is often stale.', 'We struggled to get the team to use it.',
  'Support took days to answer an urgent issue.', 'Too expensive for what we use.',
  'The integration keeps breaking.', 'Hard to find anything; we went back to spreadsheets.',
  'Our main contact left and nobody knows how to use it.',
];
// biome-ignore format: a word list reads better packed
const CSAT_GOOD_COMMENTS = ['Quick and helpful, thanks!', 'Solved on the first reply.', 'Great support as always.'];
// biome-ignore format: a word list reads better packed
const CSAT_BAD_COMMENTS = ['Took far too long.', 'The issue is not really fixed.', 'Had to explain it three times.'];

// ---------------------------------------------------------------------------------------------
// Context

interface Ctx {
  seed: number;
  seedLo: number;
  seedHi: number;
  asOfDay: number;
  /** First usage day: `asOfDay − (DEMO_DAYS − 1)`. */
  firstDay: number;
  /** Date strings of the usage window, shared by every usage row. */
  dates: string[];
  asOfMonth: number;
  firstMonth: number;
  months: string[];
  nameOffset: number;
  /** Per usage-window day: weekday (0 = Sunday) and whether it is a holiday (24 Dec – 1 Jan). */
  weekdays: Uint8Array;
  holidays: Uint8Array;
  fixtures: readonly FixtureAccountLike[];
  /** Names, domains and CRM ids the fixtures use (lower-cased), which generated accounts avoid. */
  taken: Set<string>;
}

const FIXTURE_SEED = 0x4865616c; // 'Heal'

function makeContext(opts: GenerateOptions, fixtures: readonly FixtureAccountLike[]): Ctx {
  const asOfDay = parseDay(opts.asOf);
  const firstDay = asOfDay - (DEMO_DAYS - 1);
  const dates: string[] = [];
  const weekdays = new Uint8Array(DEMO_DAYS);
  const holidays = new Uint8Array(DEMO_DAYS);
  for (let k = 0; k < DEMO_DAYS; k++) {
    dates.push(dayString(firstDay + k));
    weekdays[k] = weekday(firstDay + k);
    const [, mo, dd] = civilFromDays(firstDay + k);
    holidays[k] = (mo === 12 && dd >= 24) || (mo === 1 && dd === 1) ? 1 : 0;
  }
  const asOfMonth = monthOfDay(asOfDay);
  const firstMonth = asOfMonth - (DEMO_MONTHS - 1);
  const months: string[] = [];
  for (let m = firstMonth; m <= asOfMonth; m++) months.push(monthString(m));
  const seedLo = opts.seed >>> 0;
  const seedHi = Math.floor(opts.seed / 4294967296) >>> 0;
  const taken = new Set<string>();
  for (const f of fixtures) {
    taken.add(f.name.toLowerCase());
    for (const d of f.domains) taken.add(d.toLowerCase());
    for (const v of [f.crm.hubspotCompanyId, f.crm.salesforceAccountId, f.crm.zendeskOrganizationId]) {
      if (v) taken.add(v.toLowerCase().slice(0, 15));
    }
  }
  return {
    seed: opts.seed,
    seedLo,
    seedHi,
    asOfDay,
    firstDay,
    dates,
    asOfMonth,
    firstMonth,
    months,
    nameOffset: fmix32(seedLo ^ fmix32(seedHi ^ 0x6e616d65)) % NAME_COMBOS,
    weekdays,
    holidays,
    fixtures,
    taken,
  };
}

function accountRng(ctx: Ctx, index: number): Rng {
  if (index < ctx.fixtures.length) return new Rng(FIXTURE_SEED, index, 0x66697874);
  return new Rng(ctx.seedLo, fmix32(ctx.seedHi) ^ index, index);
}

const PATTERN_LIST = Object.keys(PATTERN_SHARES) as Pattern[];
const PATTERN_TOTAL = PATTERN_LIST.reduce((s, p) => s + PATTERN_SHARES[p], 0);

/** Draws the pattern: must be the account RNG's first draw (generatePatterns relies on it). */
function patternOf(ctx: Ctx, index: number, rng: Rng): Pattern {
  const x = rng.next() * PATTERN_TOTAL;
  if (index < ctx.fixtures.length) return FIXTURE_PATTERNS[index % FIXTURE_PATTERNS.length];
  let acc = 0;
  for (const p of PATTERN_LIST) {
    acc += PATTERN_SHARES[p];
    if (x < acc) return p;
  }
  return 'healthy';
}

// ---------------------------------------------------------------------------------------------
// Identity: names, domains, CRM ids

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SF_SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character case-checksum suffix that makes a 15-character Salesforce id 18 characters long. */
export function salesforceSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SF_SUFFIX[bits];
  }
  return out;
}

function base62(n: number, width: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < width; i++) {
    s = BASE62[x % 62] + s;
    x = Math.floor(x / 62);
  }
  return s;
}

interface Identity {
  name: string;
  domains: string[];
  crm: Account['crm'];
}

function generatedIdentity(ctx: Ctx, index: number, rng: Rng): Identity {
  const g = index - ctx.fixtures.length;
  const k = ((((g % NAME_COMBOS) * NAME_STRIDE) % NAME_COMBOS) + ctx.nameOffset) % NAME_COMBOS;
  const round = Math.floor(g / NAME_COMBOS);
  const prefix = NAME_PREFIX[k % NAME_PREFIX.length];
  const root = NAME_ROOT[Math.floor(k / NAME_PREFIX.length) % NAME_ROOT.length];
  const industry = NAME_INDUSTRY[Math.floor(k / (NAME_PREFIX.length * NAME_ROOT.length))];
  let name = `${prefix}${root} ${industry}${round > 0 ? ` ${round + 1}` : ''}`;
  let slug = `${prefix}${root}`.toLowerCase();
  let ind = `${industry.toLowerCase()}${round > 0 ? round + 1 : ''}`;
  const clash = () =>
    ctx.taken.has(name.toLowerCase()) ||
    ctx.taken.has(`${slug}-${ind}.com`) ||
    ctx.taken.has(`${slug}${ind}.io`);
  if (clash()) {
    name = `${name} Group`;
    slug = `${slug}group`;
    ind = `${ind}group`;
  }
  const domains = [`${slug}-${ind}.com`];
  if (rng.chance(0.25)) domains.push(`${slug}${ind}.io`);

  // Each account owns a slot of ids; a random one in the slot, skipping any a fixture uses.
  const pick = (slots: number, make: (r: number) => string) => {
    const r0 = rng.int(0, slots - 1);
    for (let i = 0; i < slots; i++) {
      const v = make((r0 + i) % slots);
      if (!ctx.taken.has(v.toLowerCase().slice(0, 15))) return v;
    }
    return make(r0);
  };
  const hubspot = pick(97, (r) => String(7_000_000_000 + g * 97 + r));
  const sf15 = pick(61, (r) => `0018d0000${base62(1_000_000 + g * 61 + r, 6)}`);
  const zendesk = pick(89, (r) => String(360_000_000_000 + g * 89 + r));
  return {
    name,
    domains,
    crm: {
      hubspotCompanyId: hubspot,
      salesforceAccountId: sf15 + salesforceSuffix(sf15),
      zendeskOrganizationId: zendesk,
    },
  };
}

function fixtureIdentity(f: FixtureAccountLike): Identity {
  const crm: Account['crm'] = {};
  if (f.crm.hubspotCompanyId) crm.hubspotCompanyId = f.crm.hubspotCompanyId;
  if (f.crm.salesforceAccountId) crm.salesforceAccountId = f.crm.salesforceAccountId;
  if (f.crm.zendeskOrganizationId) crm.zendeskOrganizationId = f.crm.zendeskOrganizationId;
  return { name: f.name, domains: [...f.domains], crm };
}

// ---------------------------------------------------------------------------------------------
// Per-account profile

/** List price per seat and month, in cents. */
const SEAT_PRICE = [4900, 8900, 14900, 24900];

interface Profile {
  pattern: Pattern;
  segment: Segment;
  plan: Plan;
  seats: number;
  pricePerSeat: number;
  startDay: number;
  /** Last day of use before churning; null when the account never churned. */
  churnDay: number | null;
  /** First month with MRR 0. */
  churnMonth: number | null;
  /** Reactivated: first day of use after coming back, and first paying month. */
  returnDay: number | null;
  returnMonth: number | null;
  /** Seat changes: from `month` on, `seats`. */
  seatEvents: { month: number; seats: number }[];
  /** Price uplift (×1.05) from this month on; null for none. */
  upliftMonth: number | null;
  util: number;
  stick: number;
  /** Declining: the usage level reached at the end, relative to before. */
  declineEnd: number;
  weekend: number;
  friday: number;
  minutesPerUser: number;
  sessionsPerUser: number;
  /** Features (of the plan) in active use. */
  adopted: number;
  milestones: number;
  sentiment: number;
  promoter: boolean;
  detractor: boolean;
  ticketRate: number;
  spike: boolean;
  slowSupport: number;
  championLeft: boolean;
}

function pickSegment(rng: Rng): Segment {
  const x = rng.next();
  return x < 0.5 ? 'smb' : x < 0.83 ? 'mid-market' : 'enterprise';
}

function pickPlanSeats(rng: Rng, segment: Segment, small: boolean): [number, number] {
  const s = (lo: number, hi: number) => rng.int(lo, small ? lo + Math.round((hi - lo) * 0.45) : hi);
  if (segment === 'smb') return rng.chance(0.55) ? [0, s(3, 10)] : [1, s(8, 35)];
  if (segment === 'mid-market') return rng.chance(0.45) ? [1, s(18, 50)] : [2, s(40, 180)];
  return rng.chance(0.35) ? [2, s(150, 250)] : [3, s(200, 900)];
}

function buildProfile(ctx: Ctx, rng: Rng, pattern: Pattern): Profile {
  const D = ctx.asOfDay;
  const M = ctx.asOfMonth;
  const segment = pickSegment(rng);
  const [planIdx, seats0] = pickPlanSeats(rng, segment, pattern === 'seat-pressure' || rng.chance(0.15));
  const plan = DEMO_PLANS[planIdx];
  let seats = seats0;
  const discount =
    segment === 'smb' ? 0 : segment === 'mid-market' ? rng.range(0, 0.12) : rng.range(0.1, 0.3);
  const pricePerSeat = SEAT_PRICE[planIdx] * (1 - discount);
  const startDay = pattern === 'new' ? D - rng.int(20, 350) : D - rng.int(430, 2200);
  const startMonth = monthOfDay(startDay);
  const limit = plan.seatLimit ?? Number.POSITIVE_INFINITY;

  const p: Profile = {
    pattern,
    segment,
    plan,
    seats,
    pricePerSeat,
    startDay,
    churnDay: null,
    churnMonth: null,
    returnDay: null,
    returnMonth: null,
    seatEvents: [],
    upliftMonth: null,
    util: rng.range(0.72, 0.88),
    declineEnd: rng.range(0.28, 0.55),
    stick: rng.range(0.52, 0.66),
    weekend: rng.range(0.12, 0.3),
    friday: rng.range(0.82, 0.95),
    minutesPerUser: rng.range(15, 75),
    sessionsPerUser: rng.range(1.3, 2.6),
    adopted: 0,
    milestones: 5,
    sentiment: rng.range(0.86, 0.97),
    promoter: false,
    detractor: rng.chance(0.04),
    ticketRate:
      segment === 'smb'
        ? rng.range(0.3, 1)
        : segment === 'mid-market'
          ? rng.range(0.8, 2.2)
          : rng.range(1.8, 4.5),
    spike: rng.chance(0.02),
    slowSupport: 1,
    championLeft: rng.chance(0.03),
  };
  const nFeatures = plan.features.length;
  let breadth = rng.range(0.72, 1);

  switch (pattern) {
    case 'healthy':
      p.ticketRate *= 0.8;
      p.milestones = rng.chance(0.85) ? 5 : 4;
      break;
    case 'promoter':
      p.util = rng.range(0.76, 0.9);
      p.stick = rng.range(0.56, 0.7);
      p.sentiment = rng.range(0.9, 0.98);
      p.promoter = true;
      p.detractor = false;
      breadth = rng.range(0.8, 1);
      p.ticketRate *= 0.7;
      p.championLeft = false;
      break;
    case 'expanding': {
      p.util = rng.range(0.92, 1.08);
      p.sentiment = rng.range(0.84, 0.96);
      breadth = rng.range(0.75, 1);
      if (seats < 4) seats = p.seats = 4;
      const prev = Math.max(1, Math.round(seats / rng.range(1.2, 1.6)));
      if (prev < seats) p.seatEvents.push({ month: M - rng.int(1, 8), seats });
      p.seatEvents.unshift({ month: startMonth, seats: prev });
      break;
    }
    case 'seat-pressure':
      p.util = rng.range(0.9, 1.06);
      p.sentiment = rng.range(0.78, 0.94);
      breadth = rng.range(0.6, 1);
      break;
    case 'new':
      p.util = rng.range(0.6, 0.92);
      p.stick = rng.range(0.45, 0.62);
      p.sentiment = rng.range(0.75, 0.93);
      breadth = rng.range(0.35, 0.85);
      p.milestones = 5;
      break;
    case 'seasonal':
      p.util = rng.range(0.62, 0.82);
      p.stick = rng.range(0.48, 0.62);
      p.weekend = rng.range(0.03, 0.1);
      p.sentiment = rng.range(0.74, 0.9);
      breadth = rng.range(0.55, 0.9);
      p.milestones = rng.int(4, 5);
      break;
    case 'declining':
      p.util = rng.range(0.55, 0.8);
      p.stick = rng.range(0.38, 0.52);
      p.sentiment = rng.range(0.48, 0.7);
      p.detractor = rng.chance(0.7);
      breadth = rng.range(0.35, 0.7);
      p.milestones = rng.int(3, 5);
      p.ticketRate *= 1.3;
      p.spike = rng.chance(0.3);
      p.slowSupport = rng.range(1, 2.5);
      p.championLeft = rng.chance(0.6);
      break;
    case 'low-adoption':
      p.util = rng.range(0.28, 0.5);
      p.stick = rng.range(0.26, 0.4);
      p.sentiment = rng.range(0.55, 0.75);
      p.detractor = rng.chance(0.4);
      breadth = 0;
      p.adopted = Math.max(1, Math.floor(nFeatures * 0.25));
      p.milestones = rng.int(2, 3);
      p.championLeft = rng.chance(0.25);
      break;
    case 'contracting': {
      p.util = rng.range(0.6, 0.82);
      p.stick = rng.range(0.38, 0.52);
      p.sentiment = rng.range(0.58, 0.78);
      p.detractor = rng.chance(0.4);
      breadth = rng.range(0.4, 0.75);
      p.milestones = rng.int(3, 5);
      p.championLeft = rng.chance(0.3);
      let pre = Math.min(limit, Math.max(seats + 1, Math.round(seats * rng.range(1.25, 1.7))));
      if (pre <= seats) {
        pre = seats;
        seats = p.seats = Math.max(1, Math.floor(pre * 0.7));
      }
      if (pre > seats) {
        p.seatEvents.push({ month: startMonth, seats: pre }, { month: M - rng.int(0, 2), seats });
      }
      break;
    }
    case 'support-spike':
      p.util = rng.range(0.58, 0.82);
      p.stick = rng.range(0.42, 0.56);
      p.sentiment = rng.range(0.5, 0.72);
      p.detractor = rng.chance(0.6);
      breadth = rng.range(0.5, 0.85);
      p.milestones = rng.int(3, 5);
      p.spike = true;
      p.slowSupport = rng.range(1.5, 3.5);
      p.championLeft = rng.chance(0.15);
      break;
    case 'churned': {
      p.util = rng.range(0.4, 0.62);
      p.stick = rng.range(0.35, 0.5);
      p.sentiment = rng.range(0.3, 0.6);
      breadth = rng.range(0.3, 0.7);
      p.milestones = rng.int(2, 5);
      // They did not renew: the contract ended on an anniversary 1–13 months ago; no MRR from
      // the first month that has no contract day left.
      const target = D - rng.int(25, 395);
      let ends = addYears(startDay, 1);
      while (addYears(ends, 1) <= target) ends = addYears(ends, 1);
      p.churnDay = ends - 1;
      p.churnMonth = Math.min(M, monthOfDay(ends) + (ends === firstDayOfMonth(monthOfDay(ends)) ? 0 : 1));
      p.championLeft = true;
      break;
    }
    case 'reactivated': {
      p.util = rng.range(0.55, 0.85);
      p.stick = rng.range(0.45, 0.6);
      p.sentiment = rng.range(0.65, 0.88);
      breadth = rng.range(0.45, 0.85);
      p.milestones = rng.int(4, 5);
      p.churnMonth = M - rng.int(8, 16);
      p.churnDay = firstDayOfMonth(p.churnMonth) - rng.int(1, 20);
      p.returnMonth = Math.min(M - 2, p.churnMonth + rng.int(2, 6));
      p.returnDay = firstDayOfMonth(p.returnMonth) - rng.int(0, 10);
      break;
    }
  }
  if (p.adopted === 0) p.adopted = Math.max(1, Math.min(nFeatures, Math.round(breadth * nFeatures)));
  // Older steady accounts: an earlier expansion, and some a price uplift at their last anniversary.
  // Steady accounts grew too: many added seats at some point of the last two years.
  const grows =
    pattern === 'healthy' || pattern === 'promoter' || pattern === 'seasonal' || pattern === 'reactivated';
  if (p.seatEvents.length === 0 && seats >= 4 && rng.chance(grows ? 0.55 : 0.3)) {
    const m = M - rng.int(2, 24);
    const prev = Math.round(seats / rng.range(1.1, 1.45));
    if (m > startMonth && prev < seats)
      p.seatEvents.push({ month: startMonth, seats: prev }, { month: m, seats });
  }
  if (pattern !== 'new' && pattern !== 'churned' && rng.chance(0.3)) {
    let a = startDay;
    while (addYears(a, 1) <= D) a = addYears(a, 1);
    if (a > startDay) p.upliftMonth = monthOfDay(a);
  }
  return p;
}

/**
 * Fixture accounts show their pattern unmistakably (the demo wants a clear red, yellow and
 * green among the CRM pages), whatever day the data ends.
 */
function pinFixture(p: Profile): void {
  switch (p.pattern) {
    case 'declining':
      p.util = 0.58;
      p.stick = 0.4;
      p.declineEnd = 0.35;
      p.sentiment = 0.45;
      p.detractor = true;
      p.championLeft = true;
      p.adopted = Math.max(1, Math.round(p.plan.features.length * 0.4));
      p.milestones = 3;
      break;
    case 'contracting':
    case 'support-spike':
      p.sentiment = 0.62;
      p.detractor = true;
      p.championLeft = false;
      break;
    case 'new':
      p.adopted = Math.max(p.adopted, Math.ceil(p.plan.features.length * 0.6));
      p.sentiment = Math.max(p.sentiment, 0.9);
      p.detractor = false;
      p.championLeft = false;
      p.spike = false;
      break;
    case 'promoter':
    case 'expanding':
    case 'healthy':
      p.sentiment = Math.max(p.sentiment, 0.9);
      p.detractor = false;
      p.championLeft = false;
      p.spike = false;
      break;
    default:
      break;
  }
}

function seatsInMonth(p: Profile, month: number): number {
  let s = p.seatEvents.length > 0 ? p.seatEvents[0].seats : p.seats;
  for (const e of p.seatEvents) if (e.month <= month) s = e.seats;
  return s;
}

/** Whether the account was a customer (using the product) on `day`. */
function activeOn(p: Profile, day: number): boolean {
  if (day < p.startDay) return false;
  if (p.churnDay === null || day <= p.churnDay) return true;
  return p.returnDay !== null && day >= p.returnDay;
}

// ---------------------------------------------------------------------------------------------
// Generation of one account

interface GeneratedAccount {
  pattern: Pattern;
  records: AccountRecords;
}

function generateAccount(ctx: Ctx, index: number): GeneratedAccount {
  const rng = accountRng(ctx, index);
  const pattern = patternOf(ctx, index, rng);
  const fixture = index < ctx.fixtures.length ? ctx.fixtures[index] : undefined;
  const identity = fixture ? fixtureIdentity(fixture) : generatedIdentity(ctx, index, rng);
  const p = buildProfile(ctx, rng, pattern);
  if (fixture) pinFixture(p);
  const id = fixture?.id ?? `acc_${String(index + 1).padStart(5, '0')}`;
  const D = ctx.asOfDay;
  const M = ctx.asOfMonth;

  // --- revenue -------------------------------------------------------------------------------
  const revenue: RevenueRow[] = [];
  const startMonth = monthOfDay(p.startDay);
  for (let m = Math.max(startMonth, ctx.firstMonth); m <= M; m++) {
    let mrr = 0;
    const churned =
      p.churnMonth !== null && m >= p.churnMonth && (p.returnMonth === null || m < p.returnMonth);
    if (!churned) {
      const uplift = p.upliftMonth !== null && m >= p.upliftMonth ? 1.05 : 1;
      mrr = Math.round((seatsInMonth(p, m) * p.pricePerSeat * uplift) / 100) * 100;
    }
    revenue.push({ accountId: id, month: ctx.months[m - ctx.firstMonth], mrr });
  }

  // --- usage ---------------------------------------------------------------------------------
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
    milestones[DEMO_MILESTONES[i].key] = dayString(mDay);
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
    startedOn: dayString(p.startDay),
  };
  if (p.churnDay !== null && p.returnDay === null) {
    account.renewsOn = dayString(p.churnDay + 1); // the renewal that did not happen
  } else if (p.segment !== 'smb' || rng.chance(0.75)) {
    let r = addYears(p.startDay, 1);
    while (r <= D) r = addYears(r, 1);
    account.renewsOn = dayString(r);
  }
  if (pattern === 'new' || p.startDay > D - 730 || rng.chance(0.6)) {
    // Sales and marketing spent to win it: roughly 10–24 months of its first MRR.
    const firstMrr = revenue.find((r) => r.mrr > 0)?.mrr ?? Math.round(p.seats * p.pricePerSeat);
    account.acquisitionCost = Math.round((firstMrr * rng.range(10, 24)) / 100) * 100;
    const closed = p.startDay - rng.int(0, 7);
    const cycle =
      p.segment === 'smb' ? rng.int(7, 45) : p.segment === 'mid-market' ? rng.int(25, 100) : rng.int(60, 220);
    account.dealCreatedOn = dayString(closed - cycle);
    account.dealClosedOn = dayString(closed);
  }
  if (Object.keys(milestones).length > 0) account.milestones = milestones;
  const upd = D - rng.int(0, 60);
  const updatedAt = timestamp(upd, upd === D ? rng.int(8 * 60, 22 * 60) : rng.int(6 * 60, 20 * 60));

  return {
    pattern,
    records: { account: { ...account, updatedAt }, revenue, usage, users, tickets, surveys },
  };
}

function pickOwner(rng: Rng, segment: Segment): string {
  const [a, b, c, d, e, f, g] = DEMO_OWNERS;
  const book = segment === 'enterprise' ? [a, b] : segment === 'mid-market' ? [c, d, g] : [e, f, g, d];
  return rng.chance(0.08) ? rng.pick(DEMO_OWNERS) : rng.pick(book);
}

function generateUsers(
  ctx: Ctx,
  rng: Rng,
  p: Profile,
  accountId: string,
  domain: string,
  mauD: number,
  peakMau: number,
): User[] {
  const D = ctx.asOfDay;
  const USER_CAP = 40;
  const inactiveExtra = p.segment === 'smb' ? rng.int(0, 2) : rng.int(1, 4);
  const nUsers = Math.max(2, Math.min(USER_CAP, Math.max(peakMau, mauD) + inactiveExtra));
  const nChampions = nUsers >= 15 && rng.chance(0.5) ? 2 : 1;
  // Who is active (seen in the last 30 days): as many as the usage says, leaving room for the
  // inactive ones; a champion who left is never among them.
  const firstActive = p.championLeft ? 1 : 0;
  const churned = p.churnDay !== null && p.returnDay === null;
  const nActive = churned
    ? 0
    : Math.max(0, Math.min(mauD, nUsers - Math.max(1, inactiveExtra) - firstActive));
  const lastUseDay = churned ? (p.churnDay as number) : D;
  const everStart = p.startDay;
  const plan = p.plan.features;
  // The plan features in active use: the first `adopted` in a per-account order, dashboards first.
  const order = plan.slice(1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const adopted = [plan[0], ...order].slice(0, p.adopted);
  const notAdopted = plan.filter((f) => !adopted.includes(f));

  const users: User[] = [];
  const seen = new Set<string>();
  for (let u = 0; u < nUsers; u++) {
    const champion = u < nChampions;
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    let tries = 0;
    while (seen.has(`${first} ${last}`) && tries++ < 10) {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    }
    const suffixed = seen.has(`${first} ${last}`);
    const fullName = suffixed ? `${first} ${last} ${u + 1}` : `${first} ${last}`;
    seen.add(fullName);
    const active = u >= firstActive && u < firstActive + nActive;
    const title = champion ? rng.pick(CHAMPION_TITLES) : rng.pick(USER_TITLES);
    const email = `${emailLocal(first, last)}${suffixed ? u + 1 : ''}@${domain}`;
    if (!active && everStart > D - 31) {
      // Invited to a new account but never seen yet.
      users.push({
        accountId,
        id: `${accountId}-u${u + 1}`,
        email,
        name: fullName,
        title,
        champion,
        features: {},
      });
      continue;
    }
    let lastSeen: number;
    if (active) {
      lastSeen = D - Math.floor(rng.next() * rng.next() * 22);
    } else if (u === 0 && p.championLeft && lastUseDay === D) {
      lastSeen = D - rng.int(35, 140);
    } else {
      lastSeen = lastUseDay - (lastUseDay === D ? rng.int(31, 300) : rng.int(0, 120));
    }
    if (lastSeen < everStart) lastSeen = everStart + Math.min(D - everStart, rng.int(0, 5));
    if (!active && lastSeen >= D - 29) lastSeen = Math.max(everStart, D - 30);
    if (p.churnDay !== null && p.returnDay !== null && lastSeen > p.churnDay && lastSeen < p.returnDay)
      lastSeen = p.churnDay;
    const span = Math.max(0, lastSeen - everStart);
    const firstSeen = champion
      ? everStart + Math.min(span, rng.int(0, 6))
      : everStart + Math.floor(span * rng.next() * rng.next());
    const features: Record<string, string> = {};
    for (let fi = 0; fi < adopted.length; fi++) {
      const f = adopted[fi];
      // Every adopted feature has at least one active user.
      const mustHave = active && u - firstActive === fi % nActive;
      if (mustHave || rng.chance(active ? 0.55 : 0.4)) {
        const window = active
          ? Math.min(lastSeen - Math.max(firstSeen, D - 29), 12)
          : Math.min(lastSeen - firstSeen, 40);
        features[f] = dayString(lastSeen - rng.int(0, Math.max(0, window)));
      }
    }
    for (const f of notAdopted) {
      // Tried once long ago, not in use now.
      if (rng.chance(0.15) && lastSeen - firstSeen > 45) {
        const latest = Math.min(lastSeen, D - 31);
        if (latest > firstSeen) features[f] = dayString(firstSeen + rng.int(0, latest - firstSeen));
      }
    }
    users.push({
      accountId,
      id: `${accountId}-u${u + 1}`,
      email,
      name: fullName,
      title,
      champion,
      firstSeenOn: dayString(firstSeen),
      lastSeenOn: dayString(lastSeen),
      features,
    });
  }
  return users;
}

/** The share of accounts (by pattern) whose active users reach for a feature of the next plan up. */
const DEMAND_CHANCE: Readonly<Record<Pattern, number>> = {
  healthy: 0.2,
  promoter: 0.25,
  expanding: 0.45,
  'seat-pressure': 0.35,
  new: 0.12,
  seasonal: 0.1,
  declining: 0.04,
  'low-adoption': 0.04,
  contracting: 0.04,
  'support-spike': 0.06,
  churned: 0,
  reactivated: 0.1,
};

/**
 * Feature demand (the `feature-demand` upsell): in some accounts, a few active users used, in the
 * last 30 days, a feature of the next plan up (a trial, a shared link). Drawn from an RNG of its
 * own, after everything else, so that every other figure of the demo stays as it was; only
 * `users[].features` gains entries (dated on or before the user's `lastSeenOn`). The fixture
 * account with the `expanding` pattern always has it, so the CRM page fixtures show the signal.
 */
function addFeatureDemand(ctx: Ctx, index: number, p: Profile, users: User[]): void {
  const fixture = index < ctx.fixtures.length;
  const rng = fixture
    ? new Rng(FIXTURE_SEED ^ 0x64656d64, index, 0x66697874)
    : new Rng(ctx.seedLo ^ 0x64656d64, fmix32(ctx.seedHi ^ 0x64656d64) ^ index, index);
  const planIdx = DEMO_PLANS.findIndex((x) => x.id === p.plan.id);
  const next = DEMO_PLANS[planIdx + 1];
  const chance = fixture && p.pattern === 'expanding' ? 1 : DEMAND_CHANCE[p.pattern];
  if (!next || !rng.chance(chance)) return;
  const D = ctx.asOfDay;
  const active = users.filter((u) => u.lastSeenOn !== undefined && parseDay(u.lastSeenOn) >= D - 29);
  if (active.length === 0) return;
  const extra = next.features.filter((f) => !p.plan.features.includes(f));
  const wanted = rng.chance(0.25) && extra.length > 1 ? extra : [rng.pick(extra)];
  const n = Math.min(active.length, rng.chance(0.45) ? rng.int(3, 6) : rng.int(1, 2));
  for (let k = 0; k < n; k++) {
    const u = active[(k * 7 + index) % active.length];
    const last = parseDay(u.lastSeenOn as string);
    const from = Math.max(D - 29, u.firstSeenOn ? parseDay(u.firstSeenOn) : D - 29);
    for (const f of wanted)
      u.features[f] = dayString(last - rng.int(0, Math.max(0, Math.min(12, last - from))));
  }
}

function emailLocal(first: string, last: string): string {
  return `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
}

interface CsatSeed {
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

function generateTickets(
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

function npsScore(rng: Rng, sentiment: number): number {
  // Unhappy accounts have mixed voices: some users still like the product.
  const spread = sentiment >= 0.75 ? 1.3 : 2;
  return Math.max(0, Math.min(10, Math.round(sentiment * 10 + rng.normal() * spread)));
}

function npsComment(rng: Rng, score: number): string | undefined {
  if (!rng.chance(0.6)) return undefined;
  return rng.pick(score >= 9 ? PROMOTER_COMMENTS : score >= 7 ? PASSIVE_COMMENTS : DETRACTOR_COMMENTS);
}

function generateSurveys(
  ctx: Ctx,
  rng: Rng,
  p: Profile,
  accountId: string,
  users: User[],
  csat: CsatSeed[],
): Survey[] {
  const D = ctx.asOfDay;
  const out: { day: number; s: Omit<Survey, 'id'> }[] = [];
  const respondent = () => (users.length > 0 && rng.chance(0.9) ? rng.pick(users).id : undefined);
  const add = (day: number, kind: Survey['kind'], score: number, comment: string | undefined) => {
    const s: Omit<Survey, 'id'> = { accountId, respondedOn: dayString(day), kind, score };
    if (comment !== undefined) s.comment = comment;
    const u = respondent();
    if (u !== undefined) s.userId = u;
    out.push({ day, s });
  };
  // NPS waves every quarter, a few responses each.
  const phase = rng.int(0, 90);
  let recent = 0;
  let recentPromoters = 0;
  for (let wave = D - phase; wave >= ctx.firstDay; wave -= 91) {
    const n =
      p.segment === 'smb'
        ? rng.chance(0.55)
          ? 1
          : 0
        : p.segment === 'mid-market'
          ? rng.int(0, 2)
          : rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const day = Math.min(D, wave + rng.int(0, 13));
      if (!activeOn(p, day) || day - p.startDay < 30) continue;
      let score = npsScore(rng, p.sentiment);
      // Promoters' and the forced detractor's responses are added below; keep others honest.
      if (p.promoter && score < 7) score = 7 + rng.int(0, 3);
      if (day > D - 180) {
        recent++;
        if (score >= 9) recentPromoters++;
      }
      add(day, 'nps', score, npsComment(rng, score));
    }
  }
  if (p.promoter && activeOn(p, D)) {
    // At least three responses in the last 180 days, most of them 9–10.
    while (recent < 3 || recentPromoters * 2 < recent + 2) {
      const day = D - rng.int(3, 170);
      if (!activeOn(p, day)) break;
      const score = rng.chance(0.75) ? 10 : 9;
      add(day, 'nps', score, npsComment(rng, score));
      recent++;
      recentPromoters++;
    }
  }
  if (p.detractor && activeOn(p, D) && D - p.startDay > 40) {
    const score = rng.int(1, 6);
    let day = D - rng.int(2, Math.min(75, D - p.startDay - 10));
    if (!activeOn(p, day)) day = D - 2;
    add(day, 'nps', score, rng.pick(DETRACTOR_COMMENTS));
  }
  for (const c of csat) {
    const score = c.good ? rng.int(4, 5) : rng.int(1, 2);
    const comment = rng.chance(0.4) ? rng.pick(c.good ? CSAT_GOOD_COMMENTS : CSAT_BAD_COMMENTS) : undefined;
    add(c.day, 'csat', score, comment);
  }
  out.sort((a, b) => a.day - b.day);
  return out.map(({ s }, i) => ({ id: `${accountId}-s${i + 1}`, ...s }));
}
