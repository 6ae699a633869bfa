/**
 * The ingest benchmark's Stripe account: `customers` customers, each with one monthly subscription
 * and one paid invoice (one line) per month for `months` months ending with the as-of month.
 * Built with the same Stripe object builders as the tests (lib/connectors/stripe/testing.ts).
 */
import {
  customer,
  invoice,
  item,
  line,
  price,
  product,
  subscription,
} from '../../lib/connectors/stripe/testing';

function monthStart(asOf: string, back: number): string {
  const [y, m] = asOf.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 10);
}

export function benchStripeData(customers: number, months: number, asOf: string) {
  const prices = [
    price('price_starter', { amount: 4900, product: 'prod_starter' }),
    price('price_growth', { amount: 19900, product: 'prod_growth' }),
    price('price_scale', { amount: 99900, product: 'prod_scale' }),
  ];
  const products = [
    product('prod_starter', { healthbar_plan: 'starter' }),
    product('prod_growth', { healthbar_plan: 'growth' }),
    product('prod_scale', { healthbar_plan: 'scale' }),
  ];
  const data = {
    customers: [] as ReturnType<typeof customer>[],
    subscriptions: [] as ReturnType<typeof subscription>[],
    invoices: [] as ReturnType<typeof invoice>[],
    prices,
    products,
  };
  const end = monthStart(asOf, -1);
  for (let i = 0; i < customers; i++) {
    const id = `cus_${String(i).padStart(6, '0')}`;
    const sub = `sub_${i}`;
    const p = prices[i % prices.length];
    data.customers.push(
      customer(id, {
        email: `billing@company${i}.com`,
        name: `Company ${i}`,
        metadata: { healthbar_account_id: `acc_${i}` },
      }),
    );
    data.subscriptions.push(subscription(sub, id, [item(`si_${sub}`, sub, p, 1, end)]));
    for (let k = months - 1; k >= 0; k--) {
      const start = monthStart(asOf, k);
      const stop = monthStart(asOf, k - 1);
      data.invoices.push(
        invoice(`in_${i}_${k}`, id, 'paid', [
          line(`il_${i}_${k}`, { price: p, sub, amount: p.unit_amount ?? 0, start, end: stop }),
        ]),
      );
    }
  }
  return data;
}
