/**
 * The outreach routes (tasks and CSM sentiment), registered by the HTTP API (app.ts) behind its
 * token check; the writes themselves are in outreach.ts.
 *
 *   POST   /v1/tasks        an outreach task (201; 200 when that id exists alike; 409 otherwise)
 *   PATCH  /v1/tasks/{id}   changed fields + updatedAt (the later stamp per field wins)
 *   POST   /v1/sentiments   a person's sentiment entry on an account
 */
import type { Context, Hono } from 'hono';
import { idSchema, MAX_LENGTH } from '../lib/dataset/schema';
import { ApiError, type Env } from './api-error';
import type { Db } from './db';
import { createSentiment, createTask, OutreachError, patchTask, type Written } from './outreach';
import { limitedBody, mib, TooLarge } from './request-body';

/** A small JSON body (a task, a change, a sentiment entry): at most 64 KiB. */
async function smallJson(c: Context<Env>): Promise<unknown> {
  const limit = 64 * 1024;
  const type = (c.req.header('Content-Type') ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(type))
    throw new ApiError(415, 'unsupported-media-type', 'Send the body as application/json.');
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of limitedBody(c.req.raw, limit)) chunks.push(chunk);
  } catch (e) {
    if (e instanceof TooLarge)
      throw new ApiError(413, 'payload-too-large', `The body is larger than ${mib(limit)}.`);
    throw e;
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new ApiError(400, 'invalid-json', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

export function registerOutreachRoutes(app: Hono<Env>, db: Db, info: (message: string) => void): void {
  const outreach = async <T>(c: Context<Env>, write: () => Promise<Written<T>>, what: string) => {
    try {
      const r = await write();
      if (r.status === 201) info(`${what} by token ${c.get('token').id}`);
      return c.json(r.record as object, r.status);
    } catch (e) {
      if (e instanceof OutreachError) {
        return c.json(
          { error: { code: e.code, message: e.message }, ...(e.record ? { record: e.record } : {}) },
          e.status,
        );
      }
      throw e;
    }
  };
  app.post('/v1/tasks', async (c) => {
    const body = await smallJson(c);
    return outreach(c, () => createTask(db, c.get('scope'), body), 'task created');
  });
  app.patch('/v1/tasks/:id', async (c) => {
    const id = c.req.param('id');
    if (!idSchema.safeParse(id).success)
      throw new ApiError(400, 'bad-request', `The task id is longer than ${MAX_LENGTH.id} characters.`);
    const body = await smallJson(c);
    return outreach(c, () => patchTask(db, c.get('scope'), id, body), 'task changed');
  });
  app.post('/v1/sentiments', async (c) => {
    const body = await smallJson(c);
    return outreach(c, () => createSentiment(db, c.get('scope'), body), 'sentiment recorded');
  });
}
