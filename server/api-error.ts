/** The API's error shape (`{error: {code, message}}`) and the Hono environment its routes share. */
import type { Context } from 'hono';
import type { Scope } from './store';
import type { TokenInfo } from './tokens-store';

export type Env = { Variables: { token: TokenInfo; scope: Scope } };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, e: ApiError): Response {
  for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
  return c.json({ error: { code: e.code, message: e.message } }, e.status);
}
