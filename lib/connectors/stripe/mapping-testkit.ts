/** Test support for the Stripe mapping tests: runs the mapping and the resolver on literal objects. */
import { resolveSources } from '../resolve';
import { mapStripe, type StripeObjects } from './mapping';
import { customer, invoice, item, line, type price, product, subscription } from './testing';

export const AS_OF = '2026-11-15';
const RATES = new Map([
  ['EUR', 1.08],
  ['JPY', 0.0066],
]);

export function run(o: Partial<StripeObjects>) {
  const objects: StripeObjects = {
    customers: [],
    subscriptions: [],
    invoices: [],
    prices: [],
    products: [],
    ...o,
  };
  const output = mapStripe(objects, {
    asOf: AS_OF,
    currency: 'USD',
    rates: RATES,
    accountIdKey: 'healthbar_account_id',
  });
  const r = resolveSources({
    currency: 'USD',
    generatedAt: '2026-11-16T02:00:00Z',
    asOf: AS_OF,
    plans: [],
    features: [],
    milestones: [],
    sources: [{ name: 'stripe', type: 'stripe', output }],
    previous: {},
  });
  const revenue = (id: string) =>
    Object.fromEntries(r.dataset.revenue.filter((x) => x.accountId === id).map((x) => [x.month, x.mrr]));
  const account = (id: string) => r.dataset.accounts.find((a) => a.id === id);
  return { ...r, revenue, account, stripe: r.report.sources[0] };
}

/** One customer, one subscription of one item, paid invoices of one line each. */
export function simple(
  id: string,
  p: ReturnType<typeof price>,
  periods: [string, string, number, ('paid' | 'open' | 'draft' | 'void' | 'uncollectible')?][],
  opts: {
    email?: string;
    name?: string;
    metadata?: Record<string, string>;
    quantity?: number;
    periodEnd?: string;
  } = {},
) {
  const sub = `sub_${id}`;
  return {
    customers: [
      customer(`cus_${id}`, {
        email: opts.email ?? `billing@${id}.com`,
        name: opts.name,
        metadata: opts.metadata,
      }),
    ],
    subscriptions: [
      subscription(sub, `cus_${id}`, [
        item(`si_${id}`, sub, p, opts.quantity ?? 1, opts.periodEnd ?? '2026-12-01'),
      ]),
    ],
    invoices: periods.map(([start, end, amount, status], i) =>
      invoice(`in_${id}_${i}`, `cus_${id}`, status ?? 'paid', [
        line(`il_${id}_${i}`, { price: p, sub, amount, start, end }),
      ]),
    ),
    prices: [p],
    products: [product('prod_basic')],
  };
}
