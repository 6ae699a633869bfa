/**
 * The sync page and its changes (docs/DATASET.md "Sync pages"): the one definition, built from
 * `COLLECTIONS` and the record schemas of lib/dataset/schema.ts. The server writes pages of this
 * shape (and describes them in its OpenAPI document, server/wire.ts); the extension reads them
 * with `parseSyncPage`, record by record; tests and the benchmark import the same types.
 *
 * Two views of one page:
 * - `syncPageSchema`: the page exactly as the server writes it (strict: every change checked).
 * - `syncPageReaderSchema`: the same page as the extension accepts it — a `schemaVersion` this
 *   build does not know is refused whole (checked first), absent and `null` optional fields are
 *   alike, and the changes are checked one by one so a bad change is rejected with a reason and
 *   counted while the rest apply.
 */
import { z } from 'zod';
import { describeIssues, readableId } from '../dataset/parse';
import {
  COLLECTIONS,
  type CollectionName,
  type CollectionRecords,
  collectionSchemas,
  currencySchema,
  dateSchema,
  idSchema,
  monthSchema,
  SCHEMA_VERSION,
  timestampSchema,
  workspaceContextSchema,
} from '../dataset/schema';

/** Collections whose records are named by `id` (revenue and usage rows are named by a key). */
export type IdCollection = Exclude<CollectionName, 'revenue' | 'usage'>;
export const ID_COLLECTIONS = COLLECTIONS.filter((c): c is IdCollection => c !== 'revenue' && c !== 'usage');

/** `{ collection, record }`: the record is new or replaces the stored one with its id/key. */
export type Upsert = {
  [C in CollectionName]: { collection: C; record: CollectionRecords[C] };
}[CollectionName];

/** An upsert's schema for each collection. */
export const upsertSchemas = COLLECTIONS.map((c) =>
  z.object({ collection: z.literal(c), record: collectionSchemas[c] as z.ZodType }),
);

export const idTombstoneSchema = z.object({
  collection: z.enum(ID_COLLECTIONS as [IdCollection, ...IdCollection[]]),
  id: idSchema,
  deleted: z.literal(true),
});
export const revenueTombstoneSchema = z.object({
  collection: z.literal('revenue'),
  key: z.object({ accountId: idSchema, month: monthSchema }),
  deleted: z.literal(true),
});
export const usageTombstoneSchema = z.object({
  collection: z.literal('usage'),
  key: z.object({ accountId: idSchema, date: dateSchema }),
  deleted: z.literal(true),
});

/** A deletion: the record with this id (or key) is removed. */
export const tombstoneSchema = z.union([idTombstoneSchema, revenueTombstoneSchema, usageTombstoneSchema]);
export type Tombstone = z.output<typeof tombstoneSchema>;

/** The tombstone schema of one collection. */
export function tombstoneSchemaOf(collection: CollectionName): z.ZodType<Tombstone> {
  return collection === 'revenue'
    ? revenueTombstoneSchema
    : collection === 'usage'
      ? usageTombstoneSchema
      : idTombstoneSchema;
}

/** Whether a change deletes (narrows the union). */
export function isTombstone(c: Change): c is Tombstone {
  return 'deleted' in c;
}

export const changeSchema = z.union([...upsertSchemas, tombstoneSchema]);
export type Change = Upsert | Tombstone;

/** One page of `GET /v1/sync` as the server writes it. */
export const syncPageSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  currency: currencySchema,
  dataThrough: dateSchema.optional(),
  generatedAt: timestampSchema.optional(),
  /** The cursor this page answers (null for the first page): clients refuse a page for another position. */
  cursor: z.string().nullable().optional(),
  nextCursor: z.string().min(1),
  hasMore: z.boolean(),
  changes: z.array(changeSchema),
  context: workspaceContextSchema,
});

/** A page as the server writes it, its changes typed by collection. */
export type SyncPage = Omit<z.output<typeof syncPageSchema>, 'changes'> & { changes: Change[] };

/** The same page as the extension reads it (see the top of this file). */
export const syncPageReaderSchema = syncPageSchema.extend({
  schemaVersion: z.number(),
  dataThrough: dateSchema.nullish().transform((v) => v ?? undefined),
  generatedAt: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  changes: z.array(z.unknown()),
  context: workspaceContextSchema.nullish().transform((v) => v ?? undefined),
});

/** A change of a page the extension refused (the rest of the page applies). */
export interface PageRejection {
  index: number;
  collection: string;
  ref: string;
  field: string;
  message: string;
}

export type SyncPageResult =
  | {
      ok: true;
      schemaVersion: typeof SCHEMA_VERSION;
      currency: string;
      dataThrough?: string;
      nextCursor: string;
      hasMore: boolean;
      context?: z.output<typeof workspaceContextSchema>;
      changes: Change[];
      rejected: PageRejection[];
    }
  | { ok: false; message: string; kind: 'schemaVersion' | 'format' };

/** A page the extension accepted (`parseSyncPage`), its valid changes and its rejections. */
export type ParsedSyncPage = Extract<SyncPageResult, { ok: true }>;

const COLLECTION_NAMES = new Set<string>(COLLECTIONS);

/** Validates one page as received from `GET /v1/sync`. */
export function parseSyncPage(raw: unknown): SyncPageResult {
  if (raw && typeof raw === 'object' && 'schemaVersion' in raw) {
    const v = (raw as { schemaVersion: unknown }).schemaVersion;
    if (v !== SCHEMA_VERSION) {
      return {
        ok: false,
        kind: 'schemaVersion',
        message: `The server sent data in format version ${JSON.stringify(v)}, which this version of Healthbar does not know (it reads version ${SCHEMA_VERSION}). Update the Healthbar extension; nothing was changed in your cached data.`,
      };
    }
  }
  const env = syncPageReaderSchema.safeParse(raw);
  if (!env.success) {
    const { field, text } = describeIssues(env.error.issues, raw);
    return {
      ok: false,
      kind: 'format',
      message: `The server's answer is not a Healthbar sync page (${field ? `${field}: ` : ''}${text}). Check the API URL in the options; nothing was changed in your cached data.`,
    };
  }
  const changes: Change[] = [];
  const rejected: PageRejection[] = [];
  env.data.changes.forEach((c, index) => {
    const reject = (collection: string, ref: string, field: string, message: string) =>
      rejected.push({ index, collection, ref, field, message });
    if (!c || typeof c !== 'object' || Array.isArray(c)) {
      reject('?', `change ${index}`, '', 'is not an object');
      return;
    }
    const obj = c as Record<string, unknown>;
    const collection = obj.collection;
    if (typeof collection !== 'string' || !COLLECTION_NAMES.has(collection)) {
      reject(String(collection), `change ${index}`, 'collection', 'is not a known collection');
      return;
    }
    const name = collection as CollectionName;
    if (obj.deleted === true) {
      const t = tombstoneSchemaOf(name).safeParse(obj);
      if (!t.success) {
        const { field, text } = describeIssues(t.error.issues, obj);
        reject(name, `tombstone ${index}`, field, text);
        return;
      }
      changes.push(t.data);
      return;
    }
    const parsed = collectionSchemas[name].safeParse(obj.record);
    if (!parsed.success) {
      const { field, text } = describeIssues(parsed.error.issues, obj.record);
      reject(name, readableId(name, obj.record) ?? `change ${index}`, field, text);
      return;
    }
    changes.push({ collection: name, record: parsed.data } as Change);
  });
  return {
    ok: true,
    schemaVersion: SCHEMA_VERSION,
    currency: env.data.currency,
    dataThrough: env.data.dataThrough,
    nextCursor: env.data.nextCursor,
    hasMore: env.data.hasMore,
    context: env.data.context,
    changes,
    rejected,
  };
}
