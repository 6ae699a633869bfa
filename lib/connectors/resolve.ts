/**
 * Identity resolution and merging (CONNECTORS.md, "Accounts: the spine and identity resolution").
 * Pure: the run's `generatedAt` and `asOf` and the previous run's state are passed in.
 *
 * Choices where the contract is silent:
 * - "Lowest record id" compares source ids as strings (code-unit order).
 * - A second record of one source that matches an account already matched by that source is
 *   left out as `ambiguous`, naming the record that won.
 * - A row whose key (an id, or account + month/date) an earlier source already gave is dropped
 *   silently (first source wins), like a field.
 * - Every output record is validated with the dataset's own schemas; one that fails is left out
 *   as `invalid` and counted against the source that gave it. A row its source already validated
 *   (`SourceRow.checked`) is taken as it is when it resolves to the account it was checked with.
 * - `identity.userEmail` (survey responses): users of earlier sources with that e-mail
 *   (case-insensitive) in one account attach the record there, with the lowest user id as
 *   `userId`; users with that e-mail in two accounts make it ambiguous; no such user: domains.
 */
import { createHash } from 'node:crypto';
import {
  type Account,
  type CollectionName,
  type CollectionRecords,
  collectionSchemas,
  type Dataset,
  type Feature,
  type Milestone,
  type Plan,
  recordKey,
  SCHEMA_VERSION,
} from '../dataset/schema';
import { addLeftOut, addOverridden, emptySourceReport, type IngestReport, type SourceReport } from './report';
import type { AccountRecord, Identity, RowCollection, SourceOutput } from './types';

/** What a run remembers about the accounts it wrote (kept in the ingest state). */
export interface AccountState {
  /** SHA-256 of the account's contract fields except `updatedAt`. */
  hash: string;
  updatedAt: string;
}

export interface ResolveInput {
  currency: string;
  generatedAt: string;
  asOf: string;
  plans: readonly Plan[];
  features: readonly Feature[];
  milestones: readonly Milestone[];
  sources: readonly { name: string; type: string; output: SourceOutput }[];
  previous: Readonly<Record<string, AccountState>>;
}

export interface ResolveResult {
  dataset: Dataset;
  report: IngestReport;
  accounts: Record<string, AccountState>;
}

interface Draft {
  id: string;
  fields: Record<string, unknown>;
  crm: Record<string, string>;
  domains: Set<string>;
  /** The source that created the account (its validation failures are counted there). */
  source: number;
  /** Name of the source each field and crm id came from. */
  from: Map<string, string>;
}

const ROW_COLLECTIONS: RowCollection[] = ['revenue', 'usage', 'users', 'tickets', 'surveys', 'deals'];

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable JSON: object keys sorted, undefined left out. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    const parts: string[] = [];
    for (const k of keys) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) parts.push(`${JSON.stringify(k)}:${canonical(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v);
}

export function accountHash(a: Omit<Account, 'updatedAt'> & { updatedAt?: string }): string {
  const { updatedAt: _, ...rest } = a;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

/** How an identity matches the accounts as the sources added so far left them. */
export type Match =
  | { kind: 'account'; id: string; userId?: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; ids: string[] };

/**
 * Resolution one source at a time: `match` answers against the accounts as the sources added so
 * far left them (a source that needs the accounts while it reads — the events rollup attributes
 * users in SQL — gets it through `SourceContext.match`); `finish` gives what `resolveSources` does.
 */
export interface Resolver {
  add(source: ResolveInput['sources'][number]): void;
  match(identity: Identity): Match;
  finish(): ResolveResult;
}

export function resolveSources(input: ResolveInput): ResolveResult {
  const r = createResolver(input);
  for (const s of input.sources) r.add(s);
  return r.finish();
}

export function createResolver(input: Omit<ResolveInput, 'sources'>): Resolver {
  const added_: ResolveInput['sources'][number][] = [];
  const accounts = new Map<string, Draft>();
  /** domain → accounts claiming it, as the previous sources left them. */
  const domainIndex = new Map<string, Set<string>>();
  /** lower-cased e-mail → account id → user ids, as the previous sources left them. */
  const userIndex = new Map<string, Map<string, string[]>>();
  const rows = new Map<
    RowCollection,
    Map<string, { record: CollectionRecords[RowCollection]; source: number; checked: boolean }>
  >();
  for (const c of ROW_COLLECTIONS) rows.set(c, new Map());
  const reports: SourceReport[] = [];

  const match = (identity: Identity): Match => {
    if (identity.explicitId !== undefined && identity.explicitId !== '') {
      if (accounts.has(identity.explicitId)) return { kind: 'account', id: identity.explicitId };
      if (identity.explicitOnly) return { kind: 'none' };
    }
    const users = identity.userEmail ? userIndex.get(identity.userEmail.toLowerCase()) : undefined;
    if (users && users.size === 1) {
      const [[id, userIds]] = [...users.entries()];
      return { kind: 'account', id, userId: [...userIds].sort(compareIds)[0] };
    }
    if (users && users.size > 1) return { kind: 'ambiguous', ids: [...users.keys()].sort(compareIds) };
    const found = new Set<string>();
    for (const d of identity.domains ?? []) for (const id of domainIndex.get(d) ?? []) found.add(id);
    if (found.size === 1) return { kind: 'account', id: [...found][0] };
    if (found.size > 1) return { kind: 'ambiguous', ids: [...found].sort(compareIds) };
    return { kind: 'none' };
  };
  const describeIdentity = (identity: Identity): string => {
    const parts: string[] = [];
    if (identity.explicitId) parts.push(`account id "${identity.explicitId}" names no account`);
    if (identity.userEmail) parts.push(`no product user has the e-mail ${identity.userEmail}`);
    const ds = identity.domains ?? [];
    parts.push(ds.length > 0 ? `no account has the domain ${ds.join(', ')}` : 'no company domain to match');
    return parts.join('; ');
  };

  const add = (source: ResolveInput['sources'][number]) => {
    const si = added_.length;
    added_.push(source);
    const report = emptySourceReport(source.name, source.type);
    reports.push(report);
    const out = source.output;
    report.read = out.read;
    report.attached += out.attached ?? 0;
    for (const item of out.leftOut) addLeftOut(report, item);

    const matchedBy = new Map<string, string>();
    const refs = new Map<string, string>();
    const added: [string, string][] = [];
    const addedUsers: { email: string; accountId: string; userId: string }[] = [];
    const records = [...out.accounts].sort((a, b) => compareIds(a.sourceId, b.sourceId));
    for (const rec of records) {
      const m = match(rec.identity);
      if (m.kind === 'ambiguous') {
        addLeftOut(report, {
          reason: 'ambiguous',
          sourceId: rec.sourceId,
          why: `accounts ${m.ids.join(', ')} claim its domain`,
        });
        continue;
      }
      let id: string;
      if (m.kind === 'account') {
        const winner = matchedBy.get(m.id);
        if (winner !== undefined) {
          addLeftOut(report, {
            reason: 'ambiguous',
            sourceId: rec.sourceId,
            why: `account ${m.id} is already matched by ${winner} of this source`,
          });
          continue;
        }
        id = m.id;
      } else if (rec.newAccountId !== undefined) {
        id = rec.identity.explicitId || rec.newAccountId;
        accounts.set(id, { id, fields: {}, crm: {}, domains: new Set(), source: si, from: new Map() });
      } else {
        addLeftOut(report, {
          reason: 'unmatched',
          sourceId: rec.sourceId,
          why: describeIdentity(rec.identity),
        });
        continue;
      }
      matchedBy.set(id, rec.sourceId);
      refs.set(rec.sourceId, id);
      mergeInto(accounts.get(id) as Draft, rec, added, source.name, (why) =>
        addOverridden(report, rec.sourceId, why),
      );
      report.attached++;
    }

    for (const row of out.rows) {
      let accountId: string | undefined;
      let userId: string | undefined;
      if ('ref' in row.account) accountId = refs.get(row.account.ref);
      else if ('refs' in row.account) {
        const list = row.account.refs;
        accountId = list.map((r) => refs.get(r)).find((id) => id !== undefined);
        if (accountId === undefined) {
          addLeftOut(report, {
            reason: 'unmatched',
            sourceId: row.sourceId,
            why:
              list.length === 1
                ? `${list[0]} attached to no account`
                : `none of ${list.join(', ')} attached to an account`,
          });
          continue;
        }
      } else {
        const m = match(row.account.identity);
        if (m.kind === 'ambiguous') {
          addLeftOut(report, {
            reason: 'ambiguous',
            sourceId: row.sourceId,
            why: row.account.identity.userEmail
              ? `users of accounts ${m.ids.join(', ')} have the e-mail ${row.account.identity.userEmail}`
              : `accounts ${m.ids.join(', ')} claim its domain`,
          });
          continue;
        }
        if (m.kind === 'account') {
          accountId = m.id;
          if (m.userId !== undefined && row.collection === 'surveys') userId = m.userId;
        } else {
          addLeftOut(report, {
            reason: 'unmatched',
            sourceId: row.sourceId,
            why: describeIdentity(row.account.identity),
          });
          continue;
        }
      }
      if (accountId === undefined) {
        if (!row.derived) {
          addLeftOut(report, {
            reason: 'unmatched',
            sourceId: row.sourceId,
            why: 'its account was left out',
          });
        }
        continue;
      }
      // A checked row (see `SourceRow.checked`) is the schema's output for this very account.
      const checked =
        row.checked === true &&
        userId === undefined &&
        (row.record as { accountId?: string }).accountId === accountId;
      const record = (
        checked
          ? row.record
          : {
              ...row.record,
              ...(userId === undefined ? {} : { userId }),
              accountId,
            }
      ) as CollectionRecords[RowCollection];
      const byKey = rows.get(row.collection) as Map<
        string,
        { record: CollectionRecords[RowCollection]; source: number; checked: boolean }
      >;
      const key = recordKey(row.collection as CollectionName, record);
      if (!byKey.has(key)) {
        byKey.set(key, { record, source: si, checked });
        const email = row.collection === 'users' ? (record as { email?: string | null }).email : undefined;
        if (typeof email === 'string' && email !== '')
          addedUsers.push({ email: email.toLowerCase(), accountId, userId: (record as { id: string }).id });
      }
      if (!row.derived) report.attached++;
    }
    // Domains this source added take part in the next sources' matching only.
    for (const [domain, id] of added) {
      const set = domainIndex.get(domain) ?? new Set<string>();
      set.add(id);
      domainIndex.set(domain, set);
    }
    // So are the users (by e-mail) it added.
    for (const u of addedUsers) {
      const byAccount = userIndex.get(u.email) ?? new Map<string, string[]>();
      byAccount.set(u.accountId, [...(byAccount.get(u.accountId) ?? []), u.userId]);
      userIndex.set(u.email, byAccount);
    }
  };

  const finish = (): ResolveResult => {
    const nextState: Record<string, AccountState> = {};
    const outAccounts: Account[] = [];
    for (const d of accounts.values()) {
      const candidate = {
        id: d.id,
        name: (d.fields.name as string | undefined) ?? d.id,
        domains: [...d.domains].sort(compareIds),
        crm: d.crm,
        ...Object.fromEntries(Object.entries(d.fields).filter(([k]) => k !== 'name')),
      } as Omit<Account, 'updatedAt'>;
      const hash = accountHash(candidate);
      const prev = input.previous[d.id];
      const updatedAt = prev && prev.hash === hash ? prev.updatedAt : input.generatedAt;
      const parsed = collectionSchemas.accounts.safeParse({ ...candidate, updatedAt });
      if (!parsed.success) {
        addLeftOut(reports[d.source], {
          reason: 'invalid',
          sourceId: d.id,
          why: parsed.error.issues[0]?.message ?? 'invalid account',
        });
        reports[d.source].attached--;
        continue;
      }
      outAccounts.push(parsed.data);
      nextState[d.id] = { hash, updatedAt };
    }
    const known = new Set(outAccounts.map((a) => a.id));
    const dataset: Dataset = {
      schemaVersion: SCHEMA_VERSION,
      currency: input.currency,
      generatedAt: input.generatedAt,
      dataThrough: input.asOf,
      plans: [...input.plans],
      features: [...input.features],
      milestones: [...input.milestones],
      accounts: outAccounts,
      revenue: [],
      usage: [],
      users: [],
      tickets: [],
      surveys: [],
      // Optional (absent → empty): present when a source gave deals, so a run without a CRM writes
      // the dataset exactly as before deals existed.
      ...(rows.get('deals')?.size ? { deals: [] } : {}),
    };
    mergeShared(dataset, added_);
    for (const c of ROW_COLLECTIONS) {
      const list = dataset[c] as CollectionRecords[RowCollection][] | undefined;
      if (list === undefined) continue;
      const byKey = rows.get(c) as Map<
        string,
        { record: CollectionRecords[RowCollection]; source: number; checked: boolean }
      >;
      const sorted = [...byKey.entries()].sort((a, b) => compareIds(a[0], b[0]));
      for (const [key, { record, source, checked }] of sorted) {
        if (!known.has(record.accountId)) continue;
        if (checked) {
          list.push(record);
          continue;
        }
        const parsed = collectionSchemas[c].safeParse(record);
        if (!parsed.success) {
          addLeftOut(reports[source], {
            reason: 'invalid',
            sourceId: key.replace('\u0000', ' '),
            why: parsed.error.issues[0]?.message ?? 'invalid record',
          });
          continue;
        }
        list.push(parsed.data as CollectionRecords[RowCollection]);
      }
    }
    return {
      dataset,
      report: { generatedAt: input.generatedAt, asOf: input.asOf, sources: reports },
      accounts: nextState,
    };
  };
  return { add, match, finish };
}

function mergeInto(
  draft: Draft,
  rec: AccountRecord,
  added: [string, string][],
  sourceName: string,
  overridden: (why: string) => void,
): void {
  const take = (target: Record<string, unknown>, key: string, label: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    if (target[key] === undefined) {
      target[key] = v;
      draft.from.set(label, sourceName);
    } else if (canonical(target[key]) !== canonical(v)) {
      overridden(
        `${label}: kept ${JSON.stringify(target[key])} from ${draft.from.get(label)}, not ${JSON.stringify(v)}`,
      );
    }
  };
  for (const [k, v] of Object.entries(rec.fields)) if (k !== 'crm') take(draft.fields, k, k, v);
  for (const [k, v] of Object.entries(rec.fields.crm ?? {})) take(draft.crm, k, `crm.${k}`, v);
  for (const d of rec.domains) {
    if (!draft.domains.has(d)) {
      draft.domains.add(d);
      added.push([d, draft.id]);
    }
  }
}

/** Plans, features and milestones: the config's first, then each source's, first key wins. */
function mergeShared(dataset: Dataset, sources: ResolveInput['sources']): void {
  const plans = new Set(dataset.plans.map((p) => p.id));
  const features = new Set(dataset.features.map((f) => f.key));
  const milestones = new Set(dataset.milestones.map((m) => m.key));
  for (const { output } of sources) {
    for (const p of output.plans ?? []) if (!plans.has(p.id)) plans.add(p.id) && dataset.plans.push(p);
    for (const f of output.features ?? [])
      if (!features.has(f.key)) features.add(f.key) && dataset.features.push(f);
    for (const m of output.milestones ?? [])
      if (!milestones.has(m.key)) milestones.add(m.key) && dataset.milestones.push(m);
  }
}
