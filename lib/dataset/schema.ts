/**
 * zod schemas for Healthbar's interchange format (docs/DATASET.md).
 *
 * These are the wire format: the sync API, JSON/CSV imports and the report CLI all
 * validate records with them. Types are inferred from the schemas.
 *
 * Choices where the contract is silent (kept here so every reader applies the same ones):
 * - Optional fields accept absent or `null`; both are normalised to "absent" (`undefined`).
 * - Unknown fields are stripped (forward compatibility); a known field of the wrong type
 *   rejects the record.
 * - Dates must be real calendar dates (`2026-02-30` is rejected), timestamps ISO-8601 in UTC
 *   (`Z`), months `YYYY-MM`.
 * - Money is an integer number of minor units within the safe-integer range; `mrr` and
 *   `acquisitionCost` are ≥ 0. Usage counts are non-negative integers; `minutes` is a
 *   non-negative number (time in product may be fractional).
 * - A survey's score must fit its kind: nps an integer 0–10, csat an integer 1–5.
 * - Text has a maximum length (`MAX_LENGTH`, DATASET.md "Lengths"): ids and keys 256 characters,
 *   e-mails and owners 320, domains 253, names 1,000, other text 10,000. A longer value rejects
 *   its record alone (a database index cannot hold an unbounded key).
 * - Inside a map (`accounts.milestones`, `users.features`) an entry whose value is `null` is
 *   unknown: it is dropped and the record kept (`nullMapEntries` counts them for the reports).
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1 as const;

/** True when `s` is `YYYY-MM-DD` and names a real day of the proleptic Gregorian calendar. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?Z$/;

export const dateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD (UTC)' });
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' });
export const timestampSchema = z.string().refine(
  (s) => {
    const m = TIMESTAMP_RE.exec(s);
    return m !== null && isCalendarDate(m[1]) && Number.isFinite(Date.parse(s));
  },
  { message: 'must be an ISO-8601 UTC timestamp such as 2026-10-31T23:00:00Z' },
);
/** Longest text accepted, in characters (UTF-16 code units), per kind of field (DATASET.md "Lengths"). */
export const MAX_LENGTH = { id: 256, email: 320, domain: 253, name: 1000, text: 10_000 } as const;

function maxText(max: number) {
  return { message: `must be at most ${max.toLocaleString('en-US')} characters long` };
}
/** Ids and keys. */
export const idSchema = z
  .string()
  .min(1, { message: 'must be a non-empty string' })
  .max(MAX_LENGTH.id, maxText(MAX_LENGTH.id));
const emailSchema = z.string().max(MAX_LENGTH.email, maxText(MAX_LENGTH.email));
const nameSchema = z.string().max(MAX_LENGTH.name, maxText(MAX_LENGTH.name));
const textSchema = z.string().max(MAX_LENGTH.text, maxText(MAX_LENGTH.text));
// The range is checked before `.int()`: zod's int also refuses whole numbers past 2^53, and
// "1e+308 is too large" is the reason a person needs, not "must be a whole number".
export const moneySchema = z
  .number()
  .min(0, { message: 'must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  .int({ message: 'must be a whole number of minor units (cents)' });
const count = z
  .number()
  .min(0, { message: 'must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  .int({ message: 'must be a whole number' });
const intSchema = z
  .number()
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .int({ message: 'must be a whole number' });

/** Optional field: absent or null both mean "unknown"; normalised to undefined. */
function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => (v === null ? undefined : v)) as unknown as z.ZodOptional<T>;
}

/** A key that would set an object's prototype instead of naming a property. */
const PROTO_KEY = '__proto__';

/**
 * A `{key: date}` map whose keys are non-empty strings of at most 256 characters. An entry whose
 * date is `null` is unknown and dropped (DATASET.md: optional values may be null). A `__proto__`
 * key never reaches the output: zod's record parser skips it (the refine is a second guard).
 */
const dateMap = z
  .record(idSchema, dateSchema.nullable())
  .refine((m) => !Object.hasOwn(m, PROTO_KEY), { message: 'must not use the key "__proto__"' })
  .transform((m) => {
    for (const k of Object.keys(m)) if (m[k] === null) delete m[k];
    return m as Record<string, string>;
  });

/** The map fields of each collection (where a `null` entry means unknown). */
const MAP_FIELDS: Partial<Record<string, readonly string[]>> = {
  accounts: ['milestones'],
  users: ['features'],
};

/**
 * The entries of a raw record's map fields whose value is `null` (`milestones.go-live`), which the
 * schemas drop: readers count them in their data-quality report. Never throws.
 */
export function nullMapEntries(collection: string, raw: unknown): string[] {
  const fields = MAP_FIELDS[collection];
  if (fields === undefined || typeof raw !== 'object' || raw === null) return [];
  const out: string[] = [];
  for (const f of fields) {
    const m = Object.hasOwn(raw, f) ? (raw as Record<string, unknown>)[f] : undefined;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
    for (const k of Object.keys(m)) if ((m as Record<string, unknown>)[k] === null) out.push(`${f}.${k}`);
  }
  return out;
}

/**
 * A feature or milestone key (also a plan's feature list item): these name properties of
 * per-feature results (`featureAdoption[key]`), where `__proto__` would set the result's
 * prototype and vanish, so such a record is rejected with a reason.
 */
const keySchema = idSchema.refine((k) => k !== PROTO_KEY, { message: 'must not be "__proto__"' });

export const planSchema = z.object({
  id: idSchema,
  name: nameSchema,
  tier: intSchema,
  seatLimit: opt(count),
  features: z.array(keySchema),
});

export const featureSchema = z.object({
  key: keySchema,
  name: nameSchema,
  minTier: opt(intSchema),
});

export const milestoneSchema = z.object({
  key: keySchema,
  name: nameSchema,
  order: intSchema,
  firstValue: z.boolean(),
});

export const segmentSchema = z.enum(['smb', 'mid-market', 'enterprise']);

export const accountSchema = z.object({
  id: idSchema,
  name: nameSchema,
  domains: z.array(z.string().min(1).max(MAX_LENGTH.domain, maxText(MAX_LENGTH.domain))),
  crm: z.object({
    hubspotCompanyId: opt(idSchema),
    salesforceAccountId: opt(
      z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, {
        message: 'must be a 15- or 18-character Salesforce id',
      }),
    ),
    zendeskOrganizationId: opt(idSchema),
  }),
  planId: opt(idSchema),
  seats: opt(count),
  segment: opt(segmentSchema),
  owner: opt(z.string().min(1).max(MAX_LENGTH.email, maxText(MAX_LENGTH.email))),
  startedOn: opt(dateSchema),
  renewsOn: opt(dateSchema),
  acquisitionCost: opt(moneySchema),
  dealCreatedOn: opt(dateSchema),
  dealClosedOn: opt(dateSchema),
  milestones: opt(dateMap),
  updatedAt: timestampSchema,
});

export const revenueSchema = z.object({
  accountId: idSchema,
  month: monthSchema,
  mrr: moneySchema,
});

export const usageSchema = z.object({
  accountId: idSchema,
  date: dateSchema,
  dau: count,
  wau: count,
  mau: count,
  minutes: z
    .number()
    .min(0, { message: 'must not be negative' })
    .max(Number.MAX_SAFE_INTEGER, { message: 'is too large' }),
  sessions: count,
});

export const userSchema = z.object({
  accountId: idSchema,
  id: idSchema,
  email: opt(emailSchema),
  name: opt(nameSchema),
  title: opt(textSchema),
  champion: z.boolean(),
  firstSeenOn: opt(dateSchema),
  lastSeenOn: opt(dateSchema),
  features: dateMap,
});

export const ticketSchema = z.object({
  id: idSchema,
  accountId: idSchema,
  openedAt: timestampSchema,
  firstResponseAt: opt(timestampSchema),
  solvedAt: opt(timestampSchema),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  status: z.enum(['open', 'pending', 'solved', 'closed']),
  subject: opt(textSchema),
  csat: opt(z.enum(['good', 'bad'])),
});

export const surveySchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    respondedOn: dateSchema,
    kind: z.enum(['nps', 'csat']),
    score: z.number().int({ message: 'must be a whole number' }),
    comment: opt(textSchema),
    userId: opt(idSchema),
  })
  .superRefine((s, ctx) => {
    const [lo, hi] = s.kind === 'nps' ? [0, 10] : [1, 5];
    if (s.score < lo || s.score > hi) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `must be between ${lo} and ${hi} for a ${s.kind} survey`,
      });
    }
  });

/**
 * A deal or opportunity from the CRM (DATASET.md `deals`, CONNECTORS.md "Deals"): open while it has
 * no `closedOn`; a closed one says whether it was `won`. Read by METRICS.md's `pipelineValue`,
 * `winRate` and `avgDealSize`.
 */
export const dealSchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    name: opt(nameSchema),
    amount: moneySchema,
    stage: z
      .string()
      .min(1, { message: 'must be a non-empty string' })
      .max(MAX_LENGTH.id, maxText(MAX_LENGTH.id)),
    createdOn: dateSchema,
    closedOn: opt(dateSchema),
    won: opt(z.boolean()),
  })
  .superRefine((d, ctx) => {
    if ((d.closedOn === undefined) !== (d.won === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [d.closedOn === undefined ? 'won' : 'closedOn'],
        message:
          'closedOn and won go together: both absent while the deal is open, both set once it is closed',
      });
    }
    // A close date before the create date is kept: CRMs hold back-dated deals (imported history),
    // and the deal metrics read each date on its own.
  });

/** An outreach task on an account (DATASET.md `tasks`): who is on it and by when. */
export const taskStatusSchema = z.enum(['open', 'done']);
export const taskSchema = z.object({
  id: idSchema,
  accountId: idSchema,
  signalId: opt(idSchema),
  owner: z
    .string()
    .min(1, { message: 'must be a non-empty string' })
    .max(MAX_LENGTH.email, maxText(MAX_LENGTH.email)),
  dueOn: dateSchema,
  note: opt(textSchema),
  status: taskStatusSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** A person's judgement of an account (DATASET.md `sentiment`, METRICS.md "sentiment component"). */
export const sentimentValueSchema = z.enum(['good', 'neutral', 'poor']);
export const sentimentSchema = z.object({
  id: idSchema,
  accountId: idSchema,
  value: sentimentValueSchema,
  note: opt(textSchema),
  author: opt(emailSchema),
  recordedAt: timestampSchema,
});

export const collectionSchemas = {
  plans: planSchema,
  features: featureSchema,
  milestones: milestoneSchema,
  accounts: accountSchema,
  revenue: revenueSchema,
  usage: usageSchema,
  users: userSchema,
  tickets: ticketSchema,
  surveys: surveySchema,
  deals: dealSchema,
  tasks: taskSchema,
  sentiment: sentimentSchema,
} as const;

export type CollectionName = keyof typeof collectionSchemas;
/** Collections in the order DATASET.md lists them (also the CSV file names, `<name>.csv`). */
export const COLLECTIONS = Object.keys(collectionSchemas) as CollectionName[];
/**
 * Collections a dataset may leave out (absent → empty): the CRM's deals (a team without a CRM
 * source has none) and people's records, not source data.
 */
export const OPTIONAL_COLLECTIONS: readonly CollectionName[] = ['deals', 'tasks', 'sentiment'];

export type Plan = z.output<typeof planSchema>;
export type Feature = z.output<typeof featureSchema>;
export type Milestone = z.output<typeof milestoneSchema>;
export type Segment = z.output<typeof segmentSchema>;
export type Account = z.output<typeof accountSchema>;
export type RevenueRow = z.output<typeof revenueSchema>;
export type UsageRow = z.output<typeof usageSchema>;
export type User = z.output<typeof userSchema>;
export type Ticket = z.output<typeof ticketSchema>;
export type Survey = z.output<typeof surveySchema>;
export type Deal = z.output<typeof dealSchema>;
export type Task = z.output<typeof taskSchema>;
export type TaskStatus = z.output<typeof taskStatusSchema>;
export type Sentiment = z.output<typeof sentimentSchema>;
export type SentimentValue = z.output<typeof sentimentValueSchema>;

export interface CollectionRecords {
  plans: Plan;
  features: Feature;
  milestones: Milestone;
  accounts: Account;
  revenue: RevenueRow;
  usage: UsageRow;
  users: User;
  tickets: Ticket;
  surveys: Survey;
  deals: Deal;
  tasks: Task;
  sentiment: Sentiment;
}

/** The key that identifies a record within its collection (DATASET.md "Keys"). */
export function recordKey<C extends CollectionName>(collection: C, r: CollectionRecords[C]): string {
  switch (collection) {
    case 'features':
    case 'milestones':
      return (r as Feature | Milestone).key;
    case 'revenue': {
      const x = r as RevenueRow;
      return `${x.accountId}\u0000${x.month}`;
    }
    case 'usage': {
      const x = r as UsageRow;
      return `${x.accountId}\u0000${x.date}`;
    }
    default:
      return (r as { id: string }).id;
  }
}

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' });

/** The dataset's header: everything but the collections. */
export const datasetHeaderSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  currency: currencySchema,
  generatedAt: opt(timestampSchema),
  dataThrough: opt(dateSchema),
});
export type DatasetHeader = z.output<typeof datasetHeaderSchema>;

/** A whole, validated dataset: every collection present (possibly empty), dataset order kept. */
export interface Dataset extends DatasetHeader {
  plans: Plan[];
  features: Feature[];
  milestones: Milestone[];
  accounts: Account[];
  revenue: RevenueRow[];
  usage: UsageRow[];
  users: User[];
  tickets: Ticket[];
  surveys: Survey[];
  /** Optional collections (absent → empty): CRM deals, outreach tasks and people's sentiment entries. */
  deals?: Deal[];
  tasks?: Task[];
  sentiment?: Sentiment[];
}

/** A dataset with this header and every collection empty (header fields first, in their order). */
export function emptyDataset(header: DatasetHeader): Dataset {
  // The optional collections stay absent (absent → empty), so a dataset that has none of them is
  // written exactly as before they existed.
  const required = COLLECTIONS.filter((c) => !OPTIONAL_COLLECTIONS.includes(c));
  return { ...header, ...Object.fromEntries(required.map((c) => [c, []])) } as Dataset;
}

/** Workspace-wide figures account metrics need when only part of a workspace is held. */
export const workspaceContextSchema = z.object({
  asOf: dateSchema,
  monthlyLogoChurnRate: z.number().finite().nullable(),
  segmentMedianMrr: z.record(z.string(), z.number().finite()),
  ticketsTracked: z.boolean(),
});
export type WorkspaceContext = z.output<typeof workspaceContextSchema>;
