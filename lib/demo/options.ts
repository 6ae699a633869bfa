/**
 * What the demo generator is asked for (`GenerateOptions`, checked by `validateGenerateOptions`)
 * and what it yields: the account patterns, the per-account records, the catalogue, the chunks of
 * the stream, and the fixed sizes of the demo window.
 */
import type {
  Account,
  DatasetHeader,
  Deal,
  Feature,
  Milestone,
  Plan,
  RevenueRow,
  Survey,
  Ticket,
  UsageRow,
  User,
} from '../dataset/schema';
import { isCalendarDate } from '../dataset/schema';

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
  /** From a random stream of their own (deals.ts): the other collections do not depend on them. */
  deals: Deal[];
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
