/**
 * The sync API's page format (docs/DATASET.md "Sync pages"), validated record by record.
 *
 * A page whose `schemaVersion` is not one this build knows is refused whole. Otherwise every
 * change is checked on its own: a bad one is rejected with a reason and counted, the rest apply.
 */
import { z } from 'zod';
import type { Change } from '../db/apply';
import { describeIssues, readableId } from './parse';
import {
  type CollectionName,
  collectionSchemas,
  currencySchema,
  dateSchema,
  idSchema,
  monthSchema,
  SCHEMA_VERSION,
  workspaceContextSchema,
} from './schema';

export const syncEnvelopeSchema = z.object({
  schemaVersion: z.number(),
  currency: currencySchema,
  dataThrough: dateSchema.nullish().transform((v) => v ?? undefined),
  generatedAt: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  nextCursor: z.string().min(1),
  hasMore: z.boolean(),
  changes: z.array(z.unknown()),
  context: workspaceContextSchema.nullish().transform((v) => v ?? undefined),
});

const tombstoneById = z.object({
  collection: z.enum(['plans', 'features', 'milestones', 'accounts', 'users', 'tickets', 'surveys']),
  id: idSchema,
  deleted: z.literal(true),
});
const revenueTombstone = z.object({
  collection: z.literal('revenue'),
  key: z.object({ accountId: idSchema, month: monthSchema }),
  deleted: z.literal(true),
});
const usageTombstone = z.object({
  collection: z.literal('usage'),
  key: z.object({ accountId: idSchema, date: dateSchema }),
  deleted: z.literal(true),
});

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
      schemaVersion: 1;
      currency: string;
      dataThrough?: string;
      nextCursor: string;
      hasMore: boolean;
      context?: z.output<typeof workspaceContextSchema>;
      changes: Change[];
      rejected: PageRejection[];
    }
  | { ok: false; message: string; kind: 'schemaVersion' | 'format' };

const COLLECTION_NAMES = new Set(Object.keys(collectionSchemas));

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
  const env = syncEnvelopeSchema.safeParse(raw);
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
      const schema =
        name === 'revenue' ? revenueTombstone : name === 'usage' ? usageTombstone : tombstoneById;
      const t = schema.safeParse(obj);
      if (!t.success) {
        const { field, text } = describeIssues(t.error.issues, obj);
        reject(name, `tombstone ${index}`, field, text);
        return;
      }
      changes.push(t.data as Change);
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
