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
 *
 * The parts, one job each: `options` (what is asked and what comes out), `catalog` (plans,
 * features, milestones, owners), `rng`, `calendar`, `context` (the per-dataset window and each
 * account's RNG and pattern), `identity` (names, domains, CRM ids), `profile` (the traits a pattern
 * draws), `revenue`, `usage`, `users`, `tickets`, `surveys`, and `account` (one account's records,
 * in a fixed order of draws), and `deals` (the CRM's deals, from a random stream of their own, so
 * every other collection is the same as before the demo had deals). This module is the generator's
 * public face.
 */
import type { Dataset } from '../dataset/schema';
import { emptyDataset, SCHEMA_VERSION } from '../dataset/schema';
import { generateAccount } from './account';
import { generateCatalog } from './catalog';
import { accountRng, makeContext, patternOf } from './context';
import { FIXTURE_ACCOUNTS } from './crm-fixture-accounts';
import {
  type DatasetChunk,
  DEMO_CURRENCY,
  type FixtureAccountLike,
  type GenerateOptions,
  type Pattern,
  validateGenerateOptions,
} from './options';

export { DEMO_FEATURES, DEMO_MILESTONES, DEMO_OWNERS, DEMO_PLANS, generateCatalog } from './catalog';
export * from './options';

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
  const d = emptyDataset({ schemaVersion: SCHEMA_VERSION, currency: DEMO_CURRENCY });
  // The CRM's deals (optional collection), after every other: from a stream of their own (deals.ts).
  const deals: NonNullable<Dataset['deals']> = [];
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
    for (const r of chunk.deals) deals.push(r);
  }
  d.deals = deals;
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
