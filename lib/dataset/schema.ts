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
export const idSchema = z.string().min(1, { message: 'must be a non-empty string' });
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
 * A `{key: date}` map whose keys are non-empty strings. A `__proto__` key never reaches the
 * output: zod's record parser skips it (the refine is a second guard).
 */
const dateMap = z
  .record(z.string().min(1), dateSchema)
  .refine((m) => !Object.hasOwn(m, PROTO_KEY), { message: 'must not use the key "__proto__"' });

/**
 * A feature or milestone key (also a plan's feature list item): these name properties of
 * per-feature results (`featureAdoption[key]`), where `__proto__` would set the result's
 * prototype and vanish, so such a record is rejected with a reason.
 */
const keySchema = idSchema.refine((k) => k !== PROTO_KEY, { message: 'must not be "__proto__"' });

export const planSchema = z.object({
  id: idSchema,
  name: z.string(),
  tier: intSchema,
  seatLimit: opt(count),
  features: z.array(keySchema),
});

export const featureSchema = z.object({
  key: keySchema,
  name: z.string(),
  minTier: opt(intSchema),
});

export const milestoneSchema = z.object({
  key: keySchema,
  name: z.string(),
  order: intSchema,
  firstValue: z.boolean(),
});

export const segmentSchema = z.enum(['smb', 'mid-market', 'enterprise']);

export const accountSchema = z.object({
  id: idSchema,
  name: z.string(),
  domains: z.array(z.string().min(1)),
  crm: z.object({
    hubspotCompanyId: opt(z.string().min(1)),
    salesforceAccountId: opt(
      z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, {
        message: 'must be a 15- or 18-character Salesforce id',
      }),
    ),
    zendeskOrganizationId: opt(z.string().min(1)),
  }),
  planId: opt(z.string().min(1)),
  seats: opt(count),
  segment: opt(segmentSchema),
  owner: opt(z.string().min(1)),
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
  email: opt(z.string()),
  name: opt(z.string()),
  title: opt(z.string()),
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
  subject: opt(z.string()),
  csat: opt(z.enum(['good', 'bad'])),
});

export const surveySchema = z
  .object({
    id: idSchema,
    accountId: idSchema,
    respondedOn: dateSchema,
    kind: z.enum(['nps', 'csat']),
    score: z.number().int({ message: 'must be a whole number' }),
    comment: opt(z.string()),
    userId: opt(z.string().min(1)),
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
} as const;

export type CollectionName = keyof typeof collectionSchemas;
/** Collections in the order DATASET.md lists them (also the CSV file names, `<name>.csv`). */
export const COLLECTIONS = Object.keys(collectionSchemas) as CollectionName[];

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
}

/** Workspace-wide figures account metrics need when only part of a workspace is held. */
export const workspaceContextSchema = z.object({
  asOf: dateSchema,
  monthlyLogoChurnRate: z.number().finite().nullable(),
  segmentMedianMrr: z.record(z.string(), z.number().finite()),
  ticketsTracked: z.boolean(),
});
export type WorkspaceContext = z.output<typeof workspaceContextSchema>;
