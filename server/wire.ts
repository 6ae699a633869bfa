/**
 * The API's wire shapes as zod schemas (the sync page is lib/contracts/sync-page.ts; the record
 * schemas are lib/dataset/schema.ts), and the OpenAPI document generated from them (`GET /v1/openapi.json`).
 */
import { z } from 'zod';
import { latestIngestRunSchema } from '../lib/connectors/report';
import { taskPatchSchema } from '../lib/contracts/outreach';
import { syncPageSchema } from '../lib/contracts/sync-page';
import {
  COLLECTIONS,
  collectionSchemas,
  dateSchema,
  SCHEMA_VERSION,
  timestampSchema,
  workspaceContextSchema,
} from '../lib/dataset/schema';

export const meSchema = z.union([
  z.object({ scope: z.literal('workspace'), tokenId: z.number().int(), label: z.string().nullable() }),
  z.object({
    scope: z.literal('book'),
    owner: z.string(),
    tokenId: z.number().int(),
    label: z.string().nullable(),
  }),
]);

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

const perCollection = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  replaced: z.number().int(),
});

export const importReportSchema = z.object({
  currency: z.string(),
  dataThrough: z.string().nullable(),
  accepted: z.number().int().describe('valid records kept (after replacements)'),
  rejected: z.number().int(),
  replaced: z.number().int().describe('records whose id or key repeated an earlier one of the same import'),
  changed: z.number().int().describe('records whose stored version changed (new or different)'),
  collections: z.record(z.string(), perCollection),
  rejections: z.array(
    z.object({
      collection: z.string(),
      index: z.number().int(),
      id: z.string().optional(),
      field: z.string(),
      message: z.string(),
    }),
  ),
  replacements: z.array(z.object({ collection: z.string(), id: z.string(), message: z.string() })),
  warnings: z.array(z.string()),
  truncated: z.boolean().describe('true when more rejections or replacements happened than are listed'),
});
export type ImportReport = z.output<typeof importReportSchema>;

export const deleteResultSchema = z.object({ deleted: z.number().int().describe('tombstones written') });

export const healthSchema = z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']) });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const s = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const js = ctx.jsonSchema as Record<string, unknown>;
      if (ctx.zodSchema === dateSchema) js.format = 'date';
      if (ctx.zodSchema === timestampSchema) js.format = 'date-time';
    },
  }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

let cached: Record<string, unknown> | null = null;

/** The OpenAPI 3.1 description of the API, generated from the zod schemas. */
/** A POST that creates a record idempotently by the client's id: 201 written, 200 the same one there. */
const createPath = (
  summary: string,
  record: string,
  created: string,
  same: string,
  errors: Record<string, unknown>,
) => {
  const body = { 'application/json': { schema: { $ref: `#/components/schemas/${record}` } } };
  return {
    post: {
      summary,
      requestBody: { content: body },
      responses: {
        '201': { description: created, content: body },
        '200': { description: same, content: body },
        ...errors,
      },
    },
  };
};

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const schemas: Record<string, unknown> = {
    SyncPage: jsonSchema(syncPageSchema, 'input'),
    Me: jsonSchema(meSchema),
    Error: jsonSchema(errorSchema),
    ImportReport: jsonSchema(importReportSchema),
    DeleteResult: jsonSchema(deleteResultSchema),
    Health: jsonSchema(healthSchema),
    WorkspaceContext: jsonSchema(workspaceContextSchema),
    IngestRun: jsonSchema(latestIngestRunSchema),
    TaskPatch: jsonSchema(taskPatchSchema, 'input'),
  };
  for (const c of COLLECTIONS)
    schemas[`record_${c}`] = jsonSchema(collectionSchemas[c] as z.ZodType, 'input');
  const common = {
    '401': errorResponse('No token, or an unknown one'),
    '429': {
      ...errorResponse('Too many requests for this token'),
      headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } },
    },
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Healthbar sync API',
      version: String(SCHEMA_VERSION),
      description:
        'Serves a Healthbar workspace dataset (DATASET.md) to the extension: incremental sync pages, imports, deletions.',
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/sync': {
        get: {
          summary: 'Changes since a cursor (no cursor: a full snapshot), in pages',
          parameters: [
            {
              name: 'cursor',
              in: 'query',
              schema: { type: 'string' },
              description: 'nextCursor of the previous page',
            },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1 },
              description: 'changes per page',
            },
            { name: 'If-None-Match', in: 'header', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'A page of changes',
              headers: { ETag: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncPage' } } },
            },
            '304': { description: 'Nothing changed since the ETag given in If-None-Match' },
            '400': errorResponse('Bad cursor or limit'),
            '410': errorResponse('The cursor belongs to an earlier database; sync from the start'),
            ...common,
          },
        },
      },
      '/v1/import': {
        post: {
          summary:
            'Upserts a dataset (JSON, a zip of CSV files, or CSV files as multipart) in one transaction',
          description:
            'Workspace tokens only. CSV without dataset.csv takes its currency from ?currency= or the workspace.',
          parameters: [{ name: 'currency', in: 'query', schema: { type: 'string' } }],
          requestBody: {
            content: {
              'application/json': { schema: { type: 'object' } },
              'application/zip': { schema: { type: 'string', format: 'binary' } },
              'multipart/form-data': { schema: { type: 'object' } },
            },
          },
          responses: {
            '200': {
              description: 'What was accepted, rejected (and why) and replaced',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportReport' } } },
            },
            '400': errorResponse(
              'The dataset is unusable as a whole (schemaVersion, currency, not a dataset)',
            ),
            '403': errorResponse('A book token may not import'),
            '409': errorResponse('The dataset has another currency than the workspace'),
            '413': errorResponse('The body is larger than the configured limit'),
            '415': errorResponse('Not JSON, zip or multipart'),
            ...common,
          },
        },
      },
      '/v1/records/{collection}/{id}': {
        delete: {
          summary: 'Deletes a record (an account takes its rows with it); clients receive tombstones',
          parameters: [
            { name: 'collection', in: 'path', required: true, schema: { type: 'string', enum: COLLECTIONS } },
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string' },
              description: 'accountId for revenue/usage',
            },
            { name: 'month', in: 'query', schema: { type: 'string' }, description: 'revenue' },
            { name: 'date', in: 'query', schema: { type: 'string' }, description: 'usage' },
          ],
          responses: {
            '200': {
              description: 'Tombstones written',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/DeleteResult' } } },
            },
            '400': errorResponse('Bad collection or key'),
            '403': errorResponse('A book token may not delete'),
            '404': errorResponse('No such record'),
            ...common,
          },
        },
      },
      '/v1/tasks': createPath(
        "Creates an outreach task on an account of the token's scope (idempotent by the client's id)",
        'record_tasks',
        'Created',
        'A task with this id exists with the same content (nothing written)',
        {
          '400': errorResponse('Not a valid task'),
          '403': errorResponse("The account is unknown or outside the token's book"),
          '409': errorResponse('A task with this id exists with other content (it is sent back as `record`)'),
          '413': errorResponse('The body is larger than 64 KiB'),
          '415': errorResponse('Not JSON'),
          ...common,
        },
      ),
      '/v1/tasks/{id}': {
        patch: {
          summary:
            'Changes some fields of a task; each field keeps the stamp of its last change and the later stamp wins',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/TaskPatch' } } },
          },
          responses: {
            '200': {
              description: 'The task as stored after the change',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/record_tasks' } } },
            },
            '400': errorResponse('Not a valid change (unknown field, no field, bad value)'),
            '403': errorResponse("The task's account is outside the token's book"),
            '404': errorResponse('No such task'),
            ...common,
          },
        },
      },
      '/v1/sentiments': createPath(
        "Records a person's sentiment on an account of the token's scope (idempotent by the client's id)",
        'record_sentiment',
        'Recorded',
        'An entry with this id exists with the same content (nothing written)',
        {
          '400': errorResponse('Not a valid sentiment entry'),
          '403': errorResponse("The account is unknown or outside the token's book"),
          '409': errorResponse('An entry with this id exists with other content'),
          ...common,
        },
      ),
      '/v1/ingest/run': {
        post: {
          summary: 'Starts a connector ingest run now (a server started with HEALTHBAR_SOURCES)',
          description: 'Workspace tokens only. One run at a time; its report is at /v1/ingest/runs/latest.',
          responses: {
            '202': {
              description: 'The run started',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { runId: { type: 'string' } }, required: ['runId'] },
                },
              },
            },
            '403': errorResponse('A book token may not start a run'),
            '404': errorResponse('The server has no connector sources (no-sources)'),
            '409': errorResponse('A run is under way (ingest-running)'),
            ...common,
          },
        },
      },
      '/v1/ingest/runs/latest': {
        get: {
          summary: "The last finished ingest run's data-quality report (CONNECTORS.md)",
          responses: {
            '200': {
              description: 'The report, with the run id, status and when it finished',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestRun' } } },
            },
            '404': errorResponse('No connector sources (no-sources), or no run has ended yet (no-runs)'),
            ...common,
          },
        },
      },
      '/v1/me': {
        get: {
          summary: "The token's scope",
          responses: {
            '200': {
              description: 'Scope',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Me' } } },
            },
            ...common,
          },
        },
      },
      '/v1/health': {
        get: {
          summary: 'Liveness (no token needed)',
          security: [],
          responses: {
            '200': {
              description: 'Up',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } },
            },
          },
        },
      },
      '/v1/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
  };
  return cached;
}
