/**
 * A local Stripe stand-in for tests and benchmarks: a node:http server on 127.0.0.1 answering the
 * endpoints the Stripe source reads, in API version 2025-09-30.clover's shapes — list objects
 * paged with `limit`/`starting_after`/`has_more`, invoices with their first `linesPerInvoice`
 * lines embedded, Bearer auth with 401 for a wrong key, and faults on request (429s, a stall).
 */
import type { ServerResponse } from 'node:http';
import { jsonSender, type StandInServer, startStandInServer } from '../stand-in-server';

interface WithId {
  id: string;
}

export interface StandInData {
  customers: WithId[];
  subscriptions: (WithId & { items: { data: WithId[] } })[];
  invoices: (WithId & { lines: { data: WithId[] } })[];
  prices: WithId[];
  products: WithId[];
}

export interface StandInOptions {
  apiKey: string;
  /** Lines embedded in an invoice of a list answer (the rest through `/v1/invoices/:id/lines`). */
  linesPerInvoice?: number;
  /** Largest page served, whatever `limit` asks. */
  maxPage?: number;
  /** Answer 429 (with `Retry-After`) to the first N requests whose path starts with this. */
  rateLimit?: { path: string; times: number; retryAfter?: string };
  /** Never answer requests whose path starts with this. */
  stall?: string;
}

export interface StandIn extends StandInServer {
  /** The Stripe-Version header of every request. */
  versions: Set<string>;
}

const send = jsonSender({ 'content-type': 'application/json', 'request-id': 'req_standin' });

const positions = new WeakMap<readonly WithId[], Map<string, number>>();

/** Where `id` sits in `list` (an index built once per list, so paging a large list stays linear). */
function positionOf(list: readonly WithId[], id: string): number {
  let index = positions.get(list);
  if (!index) {
    index = new Map(list.map((x, i) => [x.id, i]));
    positions.set(list, index);
  }
  return index.get(id) ?? -1;
}

function page<T extends WithId>(all: readonly T[], q: URLSearchParams, url: string, max: number) {
  const limit = Math.min(Number(q.get('limit') ?? 10), max);
  const after = q.get('starting_after');
  const start = after ? positionOf(all, after) + 1 : 0;
  const data = all.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < all.length, url };
}

export async function startStripeStandIn(data: StandInData, options: StandInOptions): Promise<StandIn> {
  const versions = new Set<string>();
  const max = options.maxPage ?? 100;
  const embed = options.linesPerInvoice ?? 10;
  const stalled: ServerResponse[] = [];
  const byId = <T extends WithId>(list: readonly T[], id: string) => list.find((x) => x.id === id);
  const invoiceOut = (inv: StandInData['invoices'][number]) => ({
    ...inv,
    lines: {
      object: 'list',
      data: inv.lines.data.slice(0, embed),
      has_more: inv.lines.data.length > embed,
      url: `/v1/invoices/${inv.id}/lines`,
    },
  });

  const route = (u: URL, res: ServerResponse) => {
    const q = u.searchParams;
    const path = u.pathname;
    if (path === '/v1/customers') return send(res, 200, page(data.customers, q, path, max));
    if (path === '/v1/subscriptions') {
      if (q.get('status') !== 'all')
        return send(res, 400, {
          error: { type: 'invalid_request_error', message: 'expected status=all in this stand-in' },
        });
      return send(res, 200, page(data.subscriptions, q, path, max));
    }
    if (path === '/v1/subscription_items') {
      const sub = byId(data.subscriptions, q.get('subscription') ?? '');
      return send(res, 200, page(sub?.items.data ?? [], q, path, max));
    }
    if (path === '/v1/invoices') {
      const p = page(data.invoices, q, path, max);
      return send(res, 200, { ...p, data: p.data.map(invoiceOut) });
    }
    const m = /^\/v1\/invoices\/([^/]+)\/lines$/.exec(path);
    if (m) {
      const inv = byId(data.invoices, decodeURIComponent(m[1]));
      if (!inv)
        return send(res, 404, { error: { type: 'invalid_request_error', message: 'No such invoice' } });
      return send(res, 200, page(inv.lines.data, q, path, max));
    }
    for (const [name, list] of [
      ['prices', data.prices],
      ['products', data.products],
    ] as const) {
      if (path === `/v1/${name}`) return send(res, 200, page(list, q, path, max));
      if (path.startsWith(`/v1/${name}/`)) {
        const x = byId(list, decodeURIComponent(path.slice(name.length + 5)));
        return x
          ? send(res, 200, x)
          : send(res, 404, { error: { type: 'invalid_request_error', message: `No such ${name}` } });
      }
    }
    send(res, 404, {
      error: { type: 'invalid_request_error', message: `Unrecognized request URL (GET: ${path})` },
    });
  };

  const server = await startStandInServer({
    send,
    authorization: `Bearer ${options.apiKey}`,
    unauthorized: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_***' } },
    rateLimit: options.rateLimit,
    tooManyRequests: {
      error: { type: 'rate_limit_error', message: 'Too many requests hit the API too quickly.' },
    },
    onRequest: (req) => versions.add(String(req.headers['stripe-version'])),
    intercept(u, res) {
      if (!options.stall || !u.pathname.startsWith(options.stall)) return false;
      stalled.push(res);
      return true;
    },
    route,
  });
  return {
    ...server,
    versions,
    async close() {
      for (const r of stalled) r.destroy();
      await server.close();
    },
  };
}
