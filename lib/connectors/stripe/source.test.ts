import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../types';
import { FIXTURE_AS_OF, stripeFixture } from './fixture';
import { mapStripe } from './mapping';
import { readStripe, STRIPE_API_VERSION } from './source';
import { type StandIn, type StandInOptions, startStripeStandIn } from './stand-in';

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function read(options: Partial<StandInOptions> = {}, apiKey = 'sk_test_good', timeoutMs = 5000) {
  standIn = await startStripeStandIn(stripeFixture() as never, {
    apiKey: 'sk_test_good',
    maxPage: 2,
    linesPerInvoice: 2,
    ...options,
  });
  const sleeps: number[] = [];
  const objects = readStripe(
    { name: 'billing', apiKey, apiBase: new URL(standIn.url), timeoutMs },
    async (ms) => {
      sleeps.push(ms);
    },
  );
  return { objects, sleeps, standIn };
}

describe('Stripe source through the stripe client', () => {
  it('reads every page, invoice lines past the first page, retries a 429 after Retry-After', async () => {
    const r = await read({ rateLimit: { path: '/v1/invoices', times: 1, retryAfter: '1' } });
    const objects = await r.objects;
    const fixture = stripeFixture();
    expect(objects.customers.map((c) => c.id)).toEqual(fixture.customers.map((c) => c.id));
    expect(objects.subscriptions).toHaveLength(5);
    expect(objects.invoices.find((i) => i.id === 'in_1c')?.lines.data.map((l) => l.id)).toEqual([
      'il_1c1',
      'il_1c2',
      'il_1c3',
    ]);
    expect(r.standIn.requests).toContain('GET /v1/customers?limit=100&starting_after=cus_2');
    expect(r.standIn.requests).toContain('GET /v1/invoices/in_1c/lines?limit=100&starting_after=il_1c2');
    expect(r.standIn.requests.filter((q) => q === 'GET /v1/invoices?limit=100')).toHaveLength(2);
    expect(r.sleeps).toEqual([1000]);
    expect([...r.standIn.versions]).toEqual([STRIPE_API_VERSION]);
    // What was read maps to the hand-computed figures of the fixture.
    const out = mapStripe(objects, {
      asOf: FIXTURE_AS_OF,
      currency: 'USD',
      rates: new Map([['EUR', 1.08]]),
      accountIdKey: 'healthbar_account_id',
    });
    const acme = out.rows.filter((x) => x.sourceId.startsWith('cus_1 ')).map((x) => x.record);
    expect(acme).toEqual([
      { month: '2026-09', mrr: 10000 },
      { month: '2026-10', mrr: 10000 },
      { month: '2026-11', mrr: 11000 },
    ]);
  });

  it('a wrong key (401) fails the source with its name', async () => {
    const r = await read({}, 'sk_test_wrong');
    await expect(r.objects).rejects.toThrow(SourceError);
    await expect(r.objects).rejects.toThrow(
      /^billing: Stripe refused the API key \(401: Invalid API Key provided/,
    );
    expect(r.standIn.requests).toHaveLength(1);
  });

  it('a stand-in that stalls is bounded by timeoutMs', async () => {
    const started = Date.now();
    const r = await read({ stall: '/v1/subscriptions' }, 'sk_test_good', 300);
    await expect(r.objects).rejects.toThrow(
      'billing: Stripe did not answer subscriptions within 300 ms (timeoutMs).',
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('429 is retried 5 times with exponential back-off, then the source fails', async () => {
    const r = await read({ rateLimit: { path: '/v1/customers', times: 99, retryAfter: 'soon' } });
    await expect(r.objects).rejects.toThrow('billing: reading customers still failed after 5 retries');
    expect(r.sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(r.standIn.requests).toHaveLength(6);
  });
});
