/**
 * GET of a JSON API page for connector sources (here beside Zendesk's source; Delighted's uses it too) that have no official Node client we must use
 * (Zendesk, Delighted), with ky: basic auth, a per-request timeout, and the retry rule of
 * CONNECTORS.md — a 429 waits `Retry-After` (seconds), a 5xx or a dropped connection backs off
 * exponentially (0.5 s, 1 s, 2 s, 4 s, 8 s); after 5 retries the source fails. ky's own retry is
 * off so there is one bound, and every wait goes through the context's `sleep` (tests pass a
 * fast one).
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { SourceError } from '../types';

export const MAX_RETRIES = 5;

export interface GetJsonOptions {
  /** The source's name (error messages start with it). */
  source: string;
  /** The vendor's name in messages ("Zendesk"). */
  vendor: string;
  /** What is being read, for messages ("tickets"). */
  what: string;
  /** `user:password` for HTTP basic auth. */
  basicAuth: string;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  /** What to say on 401/403 (which key to check). */
  authHint: string;
}

function retryAfterMs(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : null;
}

/** GETs `url` and returns its parsed JSON body; throws `SourceError` when it cannot be read. */
export async function getJson(url: URL, o: GetJsonOptions): Promise<unknown> {
  const { basicAuth, ...rest } = o;
  return requestJson(url, {
    ...rest,
    authorization: `Basic ${Buffer.from(basicAuth, 'utf8').toString('base64')}`,
  });
}

/**
 * The same request with any method, a JSON body and a ready `Authorization` header (the CRM
 * sources' bearer tokens). `rateLimited` names more answers that are a rate limit, retried like
 * a 429 (Salesforce's 403 `REQUEST_LIMIT_EXCEEDED`): it sees the status and the body's text.
 */
export interface RequestJsonOptions extends Omit<GetJsonOptions, 'basicAuth'> {
  authorization: string;
  method?: 'get' | 'post' | 'patch';
  json?: unknown;
  rateLimited?: (status: number, body: string) => boolean;
  /** A POST that only reads (HubSpot's batch reads): its errors say "reading". */
  reads?: boolean;
}

export async function requestJson(url: URL, o: RequestJsonOptions): Promise<unknown> {
  const authorization = o.authorization;
  const doing = o.reads || o.method === undefined || o.method === 'get' ? 'reading' : 'writing';
  for (let attempt = 0; ; attempt++) {
    let wait: number;
    let why: string;
    try {
      return await ky(url, {
        method: o.method ?? 'get',
        headers: { authorization, accept: 'application/json' },
        ...(o.json === undefined ? {} : { json: o.json }),
        timeout: o.timeoutMs,
        retry: 0,
      }).json();
    } catch (e) {
      if (e instanceof TimeoutError) {
        throw new SourceError(
          o.source,
          `${o.vendor} did not answer ${o.what} within ${o.timeoutMs} ms (timeoutMs).`,
        );
      }
      if (e instanceof HTTPError) {
        const status = e.response.status;
        const limited = o.rateLimited?.(status, await e.response.text().catch(() => '')) === true;
        if (!limited && (status === 401 || status === 403)) {
          throw new SourceError(
            o.source,
            `${o.vendor} refused the credentials for ${o.what} (${status}). ${o.authHint}`,
          );
        }
        if (!limited && status !== 429 && status < 500) {
          throw new SourceError(o.source, `${doing} ${o.what} failed: ${o.vendor} answered ${status}.`);
        }
        why = `${o.vendor} answered ${status}`;
        wait =
          (status === 429 ? retryAfterMs(e.response.headers.get('retry-after')) : null) ?? 500 * 2 ** attempt;
      } else if (e instanceof SyntaxError) {
        throw new SourceError(o.source, `${doing} ${o.what} failed: ${o.vendor} did not answer JSON.`);
      } else {
        why = e instanceof Error ? e.message : String(e);
        wait = 500 * 2 ** attempt;
      }
    }
    if (attempt >= MAX_RETRIES) {
      throw new SourceError(
        o.source,
        `${doing} ${o.what} still failed after ${MAX_RETRIES} retries: ${why}.`,
      );
    }
    await o.sleep(wait);
  }
}

export const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
