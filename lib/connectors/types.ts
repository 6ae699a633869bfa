/**
 * The contract between connector sources and the ingest pipeline.
 *
 * A source turns what it reads into `SourceOutput`: account records (which may create accounts,
 * when the source is a creating one) and rows of the dataset's collections that name their
 * account either by a record of the same source or by an identity to resolve. Identity
 * resolution, merging, validation and the data-quality report are the pipeline's (resolve.ts),
 * so a new source (events, Zendesk, surveys, CRM) is one file registered in sources/index.ts.
 */
import type { z } from 'zod';
import type { Account, CollectionRecords, Feature, Milestone, Plan } from '../dataset/schema';
import type { Rates } from './money';
import type { Match } from './resolve';

/** Why a source record was left out (the report's `leftOut` keys, CONNECTORS.md). */
export const LEFT_OUT_REASONS = [
  'unmatched',
  'ambiguous',
  'invalid',
  'unknownCurrency',
  'anonymous',
  'zonelessTimestamp',
] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export interface LeftOut {
  reason: LeftOutReason;
  sourceId: string;
  why: string;
  /** How many records this entry stands for (default 1; it is their example). */
  count?: number;
}

/** How a record names its company. Values are already normalised (domains.ts). */
export interface Identity {
  /** The value of the source's configured account-id key. */
  explicitId?: string;
  /** An explicit id that names no account leaves the record unmatched (events' group keys). */
  explicitOnly?: boolean;
  /** Company domains (free-mail domains already removed). */
  domains?: readonly string[];
  /**
   * A person's e-mail (survey responses): the record attaches first to the account of the product
   * user with this e-mail (case-insensitive, users given by earlier sources), and a row of a
   * collection with `userId` gets that user's id; only when no user has it, `domains` are tried.
   */
  userEmail?: string;
}

/** Account fields a source may give (first source wins per field; `crm` per id). */
export type AccountFields = Partial<Omit<Account, 'id' | 'name' | 'domains' | 'crm' | 'updatedAt'>> & {
  name?: string;
  crm?: Account['crm'];
};

export interface AccountRecord {
  /** The record's id in its source (`cus_123`); rows of the same source refer to it. */
  sourceId: string;
  identity: Identity;
  /** Set by creating sources: the id of the account this record creates when nothing matches. */
  newAccountId?: string;
  fields: AccountFields;
  /** Domains the record adds to its account (normalised). */
  domains: readonly string[];
}

export type RowCollection = 'revenue' | 'usage' | 'users' | 'tickets' | 'surveys' | 'deals';
export type RowRecord<C extends RowCollection = RowCollection> = Omit<CollectionRecords[C], 'accountId'>;

export interface SourceRow<C extends RowCollection = RowCollection> {
  collection: C;
  sourceId: string;
  /**
   * `ref`: the `sourceId` of an account record of the same source; `refs`: the first of these
   * account records of the same source that attached (a CRM deal's companies, in the order the
   * source prefers them; the row is given once, so it is never counted on two accounts); else an
   * identity to resolve.
   */
  account: { ref: string } | { refs: readonly string[] } | { identity: Identity };
  record: RowRecord<C>;
  /**
   * Computed from account records rather than read (Stripe's revenue months): not counted as
   * read or attached, and not reported when its account is left out (the account is).
   */
  derived?: boolean;
  /**
   * The source already validated the record with its collection's schema, its `accountId` being
   * the identity's `explicitId` (events: in the run that made the row, which its carry remembers),
   * and `record` is that schema's output. When the row resolves to that very account the resolver
   * takes the record as it is instead of validating it again (an incremental events run hands back
   * hundreds of thousands of unchanged usage rows); otherwise it is validated as any other row.
   */
  checked?: boolean;
}

export interface SourceOutput {
  /** Records read, as the source counts them (Stripe: customers; dataset: records). */
  read: number;
  accounts: AccountRecord[];
  rows: SourceRow[];
  /** Records the source itself left out (malformed, unknown currency, …). */
  leftOut: LeftOut[];
  /**
   * Records attached that are not rows of their own (events: the active events attributed to an
   * account; their rows are `derived`). Added to the report's `attached`.
   */
  attached?: number;
  /**
   * What the source keeps for its next run (events: the carry of an incremental rollup; Zendesk:
   * its cursors and its copy of the records read so far). Opaque to the pipeline, JSON only; it is
   * handed back as `SourceContext.previous.carry`.
   */
  carry?: unknown;
  plans?: Plan[];
  features?: Feature[];
  milestones?: Milestone[];
  /**
   * A CRM source whose config has `writeBack`: what each record read held in the properties or
   * fields write-back targets, by the record's CRM id (CONNECTORS.md, "Write-back").
   */
  crmValues?: Record<string, Record<string, string | null>>;
}

/**
 * The options of a CRM mapping, with the names the CRM gives its keys (HubSpot: properties,
 * Salesforce: fields): `Id` the key of the explicit account id, `Renewal` the key of the renewal
 * date, `WriteBack` the write-back targets (their values are kept in `crmValues`).
 */
export type CrmMappingOptions<Id extends string, Renewal extends string, WriteBack extends string> = {
  asOf: string;
  createAccounts: boolean;
  /** How deals' amounts become workspace money (CONNECTORS.md "Deals"). */
  money: CrmDealMoney;
} & { [K in Id | Renewal]?: string } & { [K in WriteBack]?: readonly string[] };

/** What a CRM mapping needs to give `deals` records: the workspace's money and the CRM's own currency. */
export interface CrmDealMoney {
  /** The workspace currency (upper case) and the config's `rates`. */
  currency: string;
  rates: Rates;
  /** The currency of a deal that names none (the portal's / org's currency); default `currency`. */
  dealCurrency?: string;
}

/** What every source receives besides its own config. */
export interface SourceContext {
  /** The last day the run covers (`dataThrough`): nothing after its end is read or counted. */
  asOf: string;
  /** Workspace currency (upper case). */
  currency: string;
  rates: Rates;
  /** The config file's folder: relative paths resolve from it. */
  configDir: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  /** Waits `ms` (tests may pass a faster one). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Matches an identity against the accounts as the sources before this one left them (the
   * pipeline's one resolver). Absent: no account matches.
   */
  match?: (identity: Identity) => Match;
  /** This source's previous run: its last complete day and the `carry` it kept, if any. */
  previous?: { lastCompleteDay: string; carry?: unknown };
}

/** Keys every source accepts besides its own. */
export interface CommonSourceConfig {
  type: string;
  name: string;
  timeoutMs: number;
}

export interface SourceDefinition<S extends z.ZodObject = z.ZodObject> {
  type: string;
  /** The source's own keys (`type`, `name` and `timeoutMs` are added by the config schema). */
  schema: S;
  read(config: z.output<S> & CommonSourceConfig, ctx: SourceContext): Promise<SourceOutput>;
  /** CRM sources: how write-back writes into the CRM (lib/connectors/writeback). */
  writeBack?: CrmWriter<z.output<S> & CommonSourceConfig>;
}

/** One CRM record's new values (`null` clears; the score is a number), by its CRM id. */
export interface CrmWrite {
  id: string;
  values: Record<string, string | number | null>;
}

export interface CrmWriter<C> {
  /** The account's `crm` key that names the record this source writes. */
  crmKey: 'hubspotCompanyId' | 'salesforceAccountId';
  /** The form `crmValues` is keyed by (Salesforce: 18 characters); null when not an id. */
  normaliseId(id: string): string | null;
  /** The config's targets: `{score, band, driver}` → property/field name (absent: not written). */
  targets(config: C): Partial<Record<'score' | 'band' | 'driver', string>> | undefined;
  /** Writes in batches; says which ids were written and which failed, and why. */
  write(
    config: C,
    writes: readonly CrmWrite[],
    sleep: (ms: number) => Promise<void>,
  ): Promise<{ written: string[]; failed: { id: string; why: string }[] }>;
}

/** A source could not be read at all (auth, network, timeout, retries exhausted): exit 2. */
export class SourceError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}
