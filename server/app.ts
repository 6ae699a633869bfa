/**
 * The HTTP API (Hono), separate from the listener so tests run it in-process.
 *
 *   GET    /v1/health                       no token
 *   GET    /v1/openapi.json                 no token
 *   GET    /v1/me                           the token's scope
 *   GET    /v1/sync?cursor=&limit=          pages of changes (ETag / If-None-Match → 304)
 *   POST   /v1/import[?currency=]           JSON, application/zip, or multipart CSV files (workspace tokens)
 *   DELETE /v1/records/{collection}/{id}    tombstones (revenue/usage: id = accountId, ?month= / ?date=)
 *   POST   /v1/tasks                        an outreach task (201; 200 when that id exists alike; 409 otherwise)
 *   PATCH  /v1/tasks/{id}                   changed fields + updatedAt (the later stamp per field wins)
 *   POST   /v1/sentiments                   a person's sentiment entry on an account
 *   POST   /v1/ingest/run                   start a connector ingest run (HEALTHBAR_SOURCES; workspace tokens)
 *   GET    /v1/ingest/runs/latest           the last finished run's data-quality report
 *
 * The outreach routes (tasks, sentiments) are in outreach-routes.ts. Errors are `{error: {code, message}}`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { compress } from 'hono/compress';
import { csvFileCollection } from '../lib/dataset/csv';
import { JsonSyntaxError } from '../lib/dataset/json-stream';
import {
  COLLECTIONS,
  type CollectionName,
  dateSchema,
  idSchema,
  MAX_LENGTH,
  monthSchema,
} from '../lib/dataset/schema';
import { ApiError, type Env, errorResponse } from './api-error';
import { encodePage, pageEncoding } from './compression';
import { resolveConfig, type ServerConfig } from './config';
import type { Db } from './db';
import { type ImportOptions, ImportRefused, importFolder, importJsonStream, importZip } from './import';
import type { IngestRunner } from './ingest';
import { MultipartError, multipartBoundary, saveMultipart } from './multipart';
import { originAllowed } from './origins';
import { registerOutreachRoutes } from './outreach-routes';
import { RateLimiter } from './rate-limit';
import { bodyToFile, limitedBody, mib, TooLarge } from './request-body';
import { writeTransaction } from './store';
import { SyncService, todayUtc } from './sync';
import { findToken, tokenScope } from './tokens-store';
import { type ImportReport, openApiDocument } from './wire';

export interface AppOptions {
  db: Db;
  config?: Partial<ServerConfig>;
  /** The clock (rate limits; the as-of day of a workspace without dates). Default Date.now. */
  now?: () => number;
  /** Logs one line per failed request with a 5xx (default console.error). */
  log?: (message: string) => void;
  /** Logs one line per import or deletion (default: nothing). */
  info?: (message: string) => void;
  /** The connector ingest (`HEALTHBAR_SOURCES`); absent: the ingest endpoints answer 404. */
  ingest?: IngestRunner;
}

export function createApp(options: AppOptions): Hono<Env> {
  const { db } = options;
  const config = resolveConfig(options.config);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const info = options.info ?? (() => {});
  const limiter = new RateLimiter(config.rateBurst, config.ratePerMinute, now);
  // Per address: failed authentications and the endpoints that need no token.
  const addressLimiter = new RateLimiter(config.authFailPerMinute, config.authFailPerMinute, now);
  const addressOf = (c: Context): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // not served by @hono/node-server (in-process requests)
    }
  };
  const tooManyFromAddress = (retryAfter: number) =>
    new ApiError(
      429,
      'rate-limited',
      `Too many requests without a valid token from this address; retry in ${retryAfter} s.`,
      { 'Retry-After': String(retryAfter) },
    );
  /** Counts one unauthenticated request or failed authentication of the caller's address. */
  const chargeAddress = (c: Context) => {
    const r = addressLimiter.take(`a${addressOf(c)}`);
    if (!r.ok) throw tooManyFromAddress(r.retryAfter);
  };
  const sync = new SyncService(db, {
    defaultCurrency: config.defaultCurrency,
    today: () => todayUtc(new Date(now())),
  });
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    log(`${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return errorResponse(c, new ApiError(500, 'internal', 'The server failed to answer; see its log.'));
  });
  app.notFound((c) =>
    errorResponse(c, new ApiError(404, 'not-found', `No such endpoint: ${c.req.method} ${c.req.path}`)),
  );

  // CORS: browser extensions only (configurable). A refused preflight gets 403 and no CORS headers.
  app.use('*', async (c, next) => {
    const origin = c.req.header('Origin');
    const allowed = origin !== undefined && originAllowed(origin, config.corsOrigins);
    if (c.req.method === 'OPTIONS' && origin !== undefined && c.req.header('Access-Control-Request-Method')) {
      if (!allowed) {
        return errorResponse(
          c,
          new ApiError(403, 'cors-origin', `The origin ${origin} may not call this API.`),
        );
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-None-Match');
      c.header('Access-Control-Max-Age', '600');
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }
    await next();
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', 'ETag, Retry-After');
      c.res.headers.append('Vary', 'Origin');
    }
  });
  app.use('*', compress());

  app.get('/v1/health', async (c) => {
    chargeAddress(c);
    await db.query('SELECT 1');
    return c.json({ ok: true, database: db.kind });
  });
  app.get('/v1/openapi.json', (c) => {
    chargeAddress(c);
    return c.json(openApiDocument());
  });

  // Everything else needs a token.
  app.use('/v1/*', async (c, next) => {
    const auth = c.req.header('Authorization');
    const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
    const unauthorized = (message: string) =>
      new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer realm="healthbar"' });
    // An address whose failures used up its bucket gets no token checked at all (no guessing).
    const address = `a${addressOf(c)}`;
    const blocked = addressLimiter.peek(address);
    if (blocked > 0) throw tooManyFromAddress(blocked);
    const fail = (message: string) => {
      addressLimiter.take(address);
      return unauthorized(message);
    };
    if (!m) throw fail('Send the API token as "Authorization: Bearer <token>".');
    const token = await findToken(db, m[1]);
    if (!token) throw fail('The token is unknown or was revoked.');
    const rate = limiter.take(`t${token.id}`);
    if (!rate.ok) {
      throw new ApiError(
        429,
        'rate-limited',
        `Too many requests for this token; retry in ${rate.retryAfter} s.`,
        {
          'Retry-After': String(rate.retryAfter),
        },
      );
    }
    c.set('token', token);
    c.set('scope', tokenScope(token));
    await next();
  });

  const requireWorkspace = (c: Context<Env>, what: string) => {
    if (c.get('scope').kind !== 'workspace') {
      throw new ApiError(
        403,
        'forbidden',
        `A token for one owner's book may not ${what}; use a workspace token.`,
      );
    }
  };

  app.get('/v1/me', (c) => {
    const t = c.get('token');
    const scope = c.get('scope');
    return c.json(
      scope.kind === 'workspace'
        ? { scope: 'workspace' as const, tokenId: t.id, label: t.name }
        : { scope: 'book' as const, owner: scope.owner, tokenId: t.id, label: t.name },
    );
  });

  app.get('/v1/sync', async (c) => {
    const scope = c.get('scope');
    const rawLimit = c.req.query('limit');
    let limit = config.defaultLimit;
    if (rawLimit !== undefined && rawLimit !== '') {
      const n = Number(rawLimit);
      if (!Number.isInteger(n) || n < 1)
        throw new ApiError(400, 'bad-request', 'limit must be a whole number ≥ 1.');
      limit = Math.min(n, config.maxLimit);
    }
    const cursor = c.req.query('cursor') ?? '';
    c.header('Cache-Control', 'private, no-cache');
    // The page's encoding follows Accept-Encoding (server/compression.ts).
    c.header('Vary', 'Authorization, Accept-Encoding');
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch) {
      const etag = await sync.currentEtag(scope, cursor, limit);
      const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
      if (tags.includes('*') || tags.includes(etag.replace(/^W\//, ''))) {
        c.header('ETag', etag);
        return c.body(null, 304);
      }
    }
    const r = await sync.page(scope, cursor === '' ? undefined : cursor, limit, c.req.raw.signal);
    // A client that gave up (its page timeout) reads no answer: 499, nginx's "client closed request".
    if (!r.ok && r.status === 499) return c.body(null, 499 as never);
    if (!r.ok) throw new ApiError(r.status, r.code, r.message);
    c.header('ETag', r.etag);
    // Compressed here in one call (server/compression.ts); hono/compress leaves an encoded body as is.
    const { encoding, bytes } = await encodePage(r.body, pageEncoding(c.req.header('Accept-Encoding')));
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    return c.body(bytes, 200, headers);
  });

  const reported = async (c: Context<Env>, started: number, report: ImportReport) => {
    // The new data's workspace context, computed now rather than by the next sync page.
    if (report.changed > 0) await sync.prepare().catch(() => {});
    const seconds = ((now() - started) / 1000).toFixed(1);
    info(
      `import by token ${c.get('token').id}: ${report.accepted} accepted, ${report.rejected} rejected, ${report.replaced} replaced, ${report.changed} changed (${seconds} s)`,
    );
    return c.json(report);
  };

  app.post('/v1/import', async (c) => {
    requireWorkspace(c, 'import');
    const started = now();
    const req = c.req.raw;
    const type = (c.req.header('Content-Type') ?? '').toLowerCase();
    const length = Number(c.req.header('Content-Length') ?? Number.NaN);
    const currency = c.req.query('currency');
    const importOptions: ImportOptions = {
      batchSize: config.importBatchSize,
      currency: currency || undefined,
    };
    const isJson = /^application\/([\w.+-]+\+)?json\b/.test(type);
    const limit = isJson ? config.maxJsonBytes : config.maxImportBytes;
    const tooLarge = () =>
      new ApiError(
        413,
        'payload-too-large',
        `The import is larger than this server accepts (${mib(limit)}${isJson ? ' for JSON; send large datasets as a zip of CSV files' : ''}).`,
        { Connection: 'close' },
      );
    if (Number.isFinite(length) && length > limit) throw tooLarge();
    try {
      if (isJson) {
        // Streamed: the body is parsed as it arrives, one record at a time.
        try {
          return reported(c, started, await importJsonStream(db, limitedBody(req, limit), importOptions));
        } catch (e) {
          if (e instanceof JsonSyntaxError)
            throw new ApiError(400, 'invalid-json', `The body is not valid JSON: ${e.message}`);
          throw e;
        }
      }
      const boundary = multipartBoundary(type);
      const isZip = /^application\/(zip|x-zip-compressed|x-zip|octet-stream)\b/.test(type);
      if (!boundary && !isZip) {
        throw new ApiError(
          415,
          'unsupported-media-type',
          'Send the dataset as application/json, as a zip of CSV files (application/zip), or as CSV files in multipart/form-data.',
        );
      }
      const dir = await mkdtemp(join(tmpdir(), 'healthbar-import-'));
      try {
        if (isZip) {
          const path = join(dir, 'upload.zip');
          await bodyToFile(req, path, limit);
          return reported(c, started, await importZip(db, path, 'the uploaded zip', importOptions));
        }
        const warnings: string[] = [];
        let zipPart: string | null = null;
        const parts = await saveMultipart(limitedBody(req, limit), boundary!, (name) => {
          const which = csvFileCollection(name);
          if (which !== null) return join(dir, `${which}.csv`);
          if (/\.zip$/i.test(name) && zipPart === null) {
            zipPart = join(dir, 'upload.zip');
            return zipPart;
          }
          warnings.push(
            `${name || 'a part without a name'} is not a Healthbar CSV file name; it was ignored`,
          );
          return null;
        });
        if (zipPart !== null && parts.every((p) => p.path === zipPart || p.path === null)) {
          return reported(c, started, await importZip(db, zipPart, 'the uploaded zip', importOptions));
        }
        return reported(
          c,
          started,
          await importFolder(db, dir, 'the uploaded files', warnings, importOptions),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (e) {
      if (e instanceof TooLarge) throw tooLarge();
      if (e instanceof MultipartError)
        throw new ApiError(400, 'bad-multipart', `The upload is not readable: ${e.message}.`);
      if (e instanceof ImportRefused) throw new ApiError(e.status, e.code, e.message);
      throw e;
    }
  });

  const deleteRecord = async (c: Context<Env>, collectionRaw: string, idRaw: string | undefined) => {
    requireWorkspace(c, 'delete records');
    if (!(COLLECTIONS as readonly string[]).includes(collectionRaw)) {
      throw new ApiError(
        404,
        'not-found',
        `No collection "${collectionRaw}" (collections: ${COLLECTIONS.join(', ')}).`,
      );
    }
    const collection = collectionRaw as CollectionName;
    let rid = idRaw ?? '';
    let rsub = '';
    if (collection === 'revenue' || collection === 'usage') {
      const field = collection === 'revenue' ? 'month' : 'date';
      rid = idRaw ?? c.req.query('accountId') ?? '';
      rsub = c.req.query(field) ?? '';
      const ok =
        collection === 'revenue' ? monthSchema.safeParse(rsub).success : dateSchema.safeParse(rsub).success;
      if (!ok) {
        throw new ApiError(
          400,
          'bad-request',
          `A ${collection} row is named by its account and ${field}: DELETE /v1/records/${collection}/{accountId}?${field}=${collection === 'revenue' ? 'YYYY-MM' : 'YYYY-MM-DD'}.`,
        );
      }
    }
    if (!idSchema.safeParse(rid).success) {
      throw new ApiError(
        400,
        'bad-request',
        rid === ''
          ? 'The record id is missing.'
          : `The record id is longer than ${MAX_LENGTH.id} characters.`,
      );
    }
    const n = await writeTransaction(db, (tx) => tx.tombstone(collection, rid, rsub));
    if (n === 0)
      throw new ApiError(404, 'not-found', `No ${collection} record ${rid}${rsub ? ` ${rsub}` : ''}.`);
    info(
      `delete by token ${c.get('token').id}: ${collection} ${rid}${rsub ? ` ${rsub}` : ''} (${n} tombstones)`,
    );
    return c.json({ deleted: n });
  };
  app.delete('/v1/records/:collection/:id', (c) =>
    deleteRecord(c, c.req.param('collection'), c.req.param('id')),
  );
  app.delete('/v1/records/:collection', (c) => deleteRecord(c, c.req.param('collection'), undefined));

  registerOutreachRoutes(app, db, info);

  const noSources = () =>
    new ApiError(
      404,
      'no-sources',
      'This server has no connector sources: start it with HEALTHBAR_SOURCES=<config file> (docs/CONNECTORS.md).',
    );
  app.post('/v1/ingest/run', async (c) => {
    requireWorkspace(c, 'start an ingest run');
    const ingest = options.ingest;
    if (!ingest) throw noSources();
    const r = await ingest.trigger();
    if (!r.ok)
      throw new ApiError(409, 'ingest-running', 'An ingest run is under way; try again when it ends.');
    info(`ingest run ${r.runId} started by token ${c.get('token').id}`);
    return c.json({ runId: r.runId }, 202);
  });
  app.get('/v1/ingest/runs/latest', async (c) => {
    const ingest = options.ingest;
    if (!ingest) throw noSources();
    const latest = await ingest.latest();
    c.header('Cache-Control', 'private, no-cache');
    if (!latest) {
      throw new ApiError(
        404,
        'no-runs',
        ingest.running
          ? 'The first ingest run is under way; its report will be here when it ends.'
          : 'No ingest run has ended yet.',
      );
    }
    return c.json(latest);
  });

  return app;
}
