/**
 * `stripe` source: reads customers, subscriptions, invoices (every line), prices and products
 * with the official `stripe` package and maps them with mapping.ts.
 *
 * - `apiVersion: '2025-09-30.clover'` is set explicitly; `apiBase` becomes the client's
 *   `host`/`port`/`protocol` (a path in it is not used: Stripe's paths start at `/v1`).
 * - stripe-node's own retries are off (`maxNetworkRetries: 0`) so there is one bound: a 429, a
 *   409, a 5xx or a dropped connection is retried here up to 5 times, waiting `Retry-After` when
 *   the answer gives one, else 0.5 s, 1 s, 2 s, 4 s, 8 s; the page being read is requested again.
 * - Each request is bounded by the source's `timeoutMs`; a request past it fails the source at
 *   once (a stalled API is not retried: five more stalls would only delay the failure).
 * - Prices and products are listed whole (archived ones included: no `active` filter); a price
 *   or product a subscription or line names that the lists did not hold is retrieved by id.
 */
import Stripe from 'stripe';
import { z } from 'zod';
import { fetchThenMap } from '../api-read';
import { apiBaseSchema } from '../config';
import { type SourceDefinition, SourceError } from '../types';
import { mapStripe } from './mapping';

export const STRIPE_API_VERSION = '2025-09-30.clover' as const;
export const MAX_RETRIES = 5;
const PAGE = 100;

const schema = z.object({
  apiKey: z.string().min(1),
  accountIdKey: z.string().min(1).default('healthbar_account_id'),
  apiBase: apiBaseSchema.default(new URL('https://api.stripe.com')),
});

interface StripeErrorLike {
  type?: string;
  statusCode?: number;
  message?: string;
  headers?: Record<string, string | undefined>;
  detail?: { code?: string };
}

function describe(e: StripeErrorLike): string {
  return e.message && e.message !== '' ? e.message : String(e);
}

/**
 * stripe-node's `timeout` bounds the wait for each chunk; this also bounds a response that
 * trickles in forever, as a timeout error like the client's own.
 */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject({ type: 'StripeConnectionError', detail: { code: 'ETIMEDOUT' } }), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Reads every object the mapping needs. Throws `SourceError` when Stripe cannot be read. */
export async function readStripe(
  config: { name: string; apiKey: string; apiBase: URL; timeoutMs: number },
  sleep: (ms: number) => Promise<void>,
) {
  const base = config.apiBase;
  const client = new Stripe(config.apiKey, {
    apiVersion: STRIPE_API_VERSION,
    host: base.hostname,
    port: base.port === '' ? (base.protocol === 'http:' ? 80 : 443) : Number(base.port),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    timeout: config.timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
  });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await withDeadline(fn(), config.timeoutMs + 1000);
      } catch (raw) {
        const e = raw as StripeErrorLike;
        if (e.type === 'StripeConnectionError' && e.detail?.code === 'ETIMEDOUT') {
          throw new SourceError(
            config.name,
            `Stripe did not answer ${what} within ${config.timeoutMs} ms (timeoutMs).`,
          );
        }
        if (e.statusCode === 401) {
          throw new SourceError(
            config.name,
            `Stripe refused the API key (401: ${describe(e)}). Check apiKey.`,
          );
        }
        if (e.statusCode === 403) {
          throw new SourceError(
            config.name,
            `the API key may not read ${what} (403: ${describe(e)}). Give the restricted key read access.`,
          );
        }
        const retryable =
          e.statusCode === 429 ||
          e.statusCode === 409 ||
          (e.statusCode !== undefined && e.statusCode >= 500) ||
          e.type === 'StripeConnectionError';
        if (!retryable) throw new SourceError(config.name, `reading ${what} failed: ${describe(e)}`);
        if (attempt >= MAX_RETRIES) {
          throw new SourceError(
            config.name,
            `reading ${what} still failed after ${MAX_RETRIES} retries: ${describe(e)}`,
          );
        }
        const after = Number(e.headers?.['retry-after']);
        await sleep(Number.isFinite(after) && after >= 0 ? after * 1000 : 500 * 2 ** attempt);
      }
    }
  }

  async function all<T extends { id: string }>(
    what: string,
    page: (startingAfter: string | undefined) => Promise<{ data: T[]; has_more: boolean }>,
    first?: { data: T[]; has_more: boolean },
  ): Promise<T[]> {
    const out: T[] = first ? [...first.data] : [];
    let more = first ? first.has_more : true;
    while (more) {
      const after = out.length > 0 ? out[out.length - 1].id : undefined;
      const res = await call(what, () => page(after));
      out.push(...res.data);
      more = res.has_more && res.data.length > 0;
    }
    return out;
  }

  const customers = await all('customers', (a) => client.customers.list({ limit: PAGE, starting_after: a }));
  const subscriptions = await all('subscriptions', (a) =>
    client.subscriptions.list({ status: 'all', limit: PAGE, starting_after: a }),
  );
  for (const sub of subscriptions) {
    if (!sub.items?.has_more) continue;
    const items = await all(
      `the items of subscription ${sub.id}`,
      (a) => client.subscriptionItems.list({ subscription: sub.id, limit: PAGE, starting_after: a }),
      sub.items,
    );
    sub.items = { ...sub.items, data: items, has_more: false };
  }
  const invoices = await all('invoices', (a) => client.invoices.list({ limit: PAGE, starting_after: a }));
  for (const inv of invoices) {
    if (!inv.lines?.has_more) continue;
    const lines = await all(
      `the lines of invoice ${inv.id}`,
      (a) => client.invoices.listLineItems(inv.id, { limit: PAGE, starting_after: a }),
      inv.lines,
    );
    inv.lines = { ...inv.lines, data: lines, has_more: false };
  }
  const prices = await all('prices', (a) => client.prices.list({ limit: PAGE, starting_after: a }));
  const priceIds = new Set(prices.map((p) => p.id));
  const wanted = new Set<string>();
  for (const inv of invoices)
    for (const l of inv.lines?.data ?? []) {
      const id = l.pricing?.price_details?.price;
      if (typeof id === 'string' && !priceIds.has(id)) wanted.add(id);
    }
  for (const id of wanted) prices.push(await call(`price ${id}`, () => client.prices.retrieve(id)));
  const products = await all('products', (a) => client.products.list({ limit: PAGE, starting_after: a }));
  const productIds = new Set(products.map((p) => p.id));
  const named = new Set<string>();
  for (const p of prices) if (typeof p.product === 'string') named.add(p.product);
  for (const s of subscriptions)
    for (const i of s.items?.data ?? []) if (typeof i.price?.product === 'string') named.add(i.price.product);
  for (const id of named) {
    if (productIds.has(id)) continue;
    products.push(await call(`product ${id}`, () => client.products.retrieve(id)));
  }
  return { customers, subscriptions, invoices, prices, products };
}

export const stripeSource: SourceDefinition<typeof schema> = {
  type: 'stripe',
  schema,
  read: fetchThenMap(readStripe, (objects, config, { asOf, currency, rates }) =>
    mapStripe(objects, { asOf, currency, rates, accountIdKey: config.accountIdKey }),
  ),
};
