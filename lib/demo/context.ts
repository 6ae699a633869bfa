/**
 * The generation context shared by every account of one dataset (the usage window's dates,
 * weekdays and holidays, the month list, the seed halves, what the fixtures take), each account's
 * own RNG, and its pattern.
 */
import { civilFromDays, dateOfDay, dayNumber, monthOfDay, monthString } from '../metrics/dates';
import { weekday } from './calendar';
import { NAME_COMBOS } from './identity';
import {
  DEMO_DAYS,
  DEMO_MONTHS,
  FIXTURE_PATTERNS,
  type FixtureAccountLike,
  type GenerateOptions,
  PATTERN_SHARES,
  type Pattern,
} from './options';
import { fmix32, Rng } from './rng';

export interface Ctx {
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

export const FIXTURE_SEED = 0x4865616c; // 'Heal'

export function makeContext(opts: GenerateOptions, fixtures: readonly FixtureAccountLike[]): Ctx {
  const asOfDay = dayNumber(opts.asOf);
  const firstDay = asOfDay - (DEMO_DAYS - 1);
  const dates: string[] = [];
  const weekdays = new Uint8Array(DEMO_DAYS);
  const holidays = new Uint8Array(DEMO_DAYS);
  for (let k = 0; k < DEMO_DAYS; k++) {
    dates.push(dateOfDay(firstDay + k));
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

export function accountRng(ctx: Ctx, index: number): Rng {
  if (index < ctx.fixtures.length) return new Rng(FIXTURE_SEED, index, 0x66697874);
  return new Rng(ctx.seedLo, fmix32(ctx.seedHi) ^ index, index);
}

const PATTERN_LIST = Object.keys(PATTERN_SHARES) as Pattern[];
const PATTERN_TOTAL = PATTERN_LIST.reduce((s, p) => s + PATTERN_SHARES[p], 0);

/** Draws the pattern: must be the account RNG's first draw (generatePatterns relies on it). */
export function patternOf(ctx: Ctx, index: number, rng: Rng): Pattern {
  const x = rng.next() * PATTERN_TOTAL;
  if (index < ctx.fixtures.length) return FIXTURE_PATTERNS[index % FIXTURE_PATTERNS.length];
  let acc = 0;
  for (const p of PATTERN_LIST) {
    acc += PATTERN_SHARES[p];
    if (x < acc) return p;
  }
  return 'healthy';
}
