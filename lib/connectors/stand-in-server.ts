/**
 * What the vendor stand-ins for tests (stripe/stand-in, zendesk/stand-in,
 * surveys/delighted-stand-in) share: a node:http server on 127.0.0.1 that logs every request,
 * answers 401 to a wrong `Authorization`, 429 with `Retry-After` to the first requests when asked,
 * and hands the rest to the vendor's own routes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => void;

/** A JSON answer with these headers first (a vendor's content type, request id…). */
export function jsonSender(base: Record<string, string>): SendJson {
  return (res, status, body, headers = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...base, ...headers });
    res.end(text);
  };
}

export interface StandInServerOptions {
  send: SendJson;
  /** The `Authorization` header every request must carry, and the vendor's 401 body. */
  authorization: string;
  unauthorized: unknown;
  /** Answer 429 (with `Retry-After`) to the first N requests whose path starts with `path` (any path when absent). */
  rateLimit?: { path?: string; times: number; retryAfter?: string };
  /** The vendor's 429 body. */
  tooManyRequests: unknown;
  /** Runs after the request is logged, before the auth check (e.g. record a header). */
  onRequest?(req: IncomingMessage): void;
  /** Runs after the auth check, before the rate limit; true when it has taken the request. */
  intercept?(u: URL, res: ServerResponse): boolean;
  /** The vendor's routes. */
  route(u: URL, res: ServerResponse): void;
}

export interface StandInServer {
  url: string;
  /** Every request, as `METHOD path?query`. */
  requests: string[];
  close(): Promise<void>;
}

export async function startStandInServer(options: StandInServerOptions): Promise<StandInServer> {
  const { send } = options;
  const requests: string[] = [];
  let limited = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    options.onRequest?.(req);
    if (req.headers.authorization !== options.authorization) return send(res, 401, options.unauthorized);
    if (options.intercept?.(u, res)) return;
    const rl = options.rateLimit;
    if (rl && u.pathname.startsWith(rl.path ?? '') && limited < rl.times) {
      limited++;
      return send(res, 429, options.tooManyRequests, { 'retry-after': rl.retryAfter ?? '0' });
    }
    options.route(u, res);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
