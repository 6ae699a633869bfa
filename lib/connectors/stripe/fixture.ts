/**
 * A small Stripe account for the source and CLI tests (hand-computed figures in the comments),
 * as of 2026-11-15 with rates EUR 1.08 and no GBP rate.
 */
import { customer, invoice, item, line, price, product, subscription } from './testing';

const monthly = price('price_team', {
  amount: 5000,
  product: 'prod_team',
  metadata: { healthbar_seats: 'true' },
});
const addon = price('price_addon', { amount: 1000, product: 'prod_addon' });
const yearlyEur = price('price_eur_year', {
  amount: 120000,
  currency: 'eur',
  interval: 'year',
  product: 'prod_growth',
});
const gbp = price('price_gbp', { amount: 3000, currency: 'gbp', product: 'prod_team' });
const solo = price('price_solo', { amount: 2000, product: 'prod_solo' });

/**
 * - cus_1 "Acme" (explicit id `acme`, acme.com): 2 × 50.00 seats from September; in November an
 *   add-on line too, on an invoice of 3 lines (one of them a proration, which never counts).
 *   MRR: 2026-09 10000, 2026-10 10000, 2026-11 11000. seats 2, plan `team`.
 * - cus_2 "Beta GmbH" (beta.io): 1,200.00 EUR a year from 2026-08-01 → 120000 × 1.08 / 12 = 10800
 *   a month; renews 2027-08-01; plan `growth`.
 * - cus_3 (GBP, no rate): left out as unknown currency.
 * - cus_4 (a gmail address, no name): name `cus_4`, no domain, 20.00 a month from 2026-11-01.
 * - cus_5: malformed (metadata is not an object): rejected alone.
 */
export function stripeFixture() {
  const s1 = 'sub_1';
  const s2 = 'sub_2';
  const s3 = 'sub_3';
  const s4 = 'sub_4';
  return {
    customers: [
      customer('cus_1', {
        email: 'billing@acme.com',
        name: 'Acme',
        metadata: { healthbar_account_id: 'acme' },
      }),
      customer('cus_2', { email: 'ap@beta.io', name: 'Beta GmbH' }),
      customer('cus_3', { email: 'x@gamma.co.uk', name: 'Gamma Ltd' }),
      customer('cus_4', { email: 'solo.founder@gmail.com' }),
      { ...customer('cus_5', { email: 'x@broken.com' }), metadata: 'not an object' },
    ],
    subscriptions: [
      subscription(s1, 'cus_1', [
        item('si_1a', s1, monthly, 2, '2026-12-01'),
        item('si_1b', s1, addon, 1, '2026-12-01'),
      ]),
      subscription(s2, 'cus_2', [item('si_2', s2, yearlyEur, 1, '2027-08-01')]),
      subscription(s3, 'cus_3', [item('si_3', s3, gbp, 1, '2026-12-01')]),
      subscription(s4, 'cus_4', [item('si_4', s4, solo, 1, '2026-12-01')]),
      subscription('sub_5', 'cus_5', [item('si_5', 'sub_5', solo, 1, '2026-12-01')]),
    ],
    invoices: [
      invoice('in_1a', 'cus_1', 'paid', [
        line('il_1a', {
          price: monthly,
          sub: s1,
          amount: 10000,
          start: '2026-09-01',
          end: '2026-10-01',
          quantity: 2,
        }),
      ]),
      invoice('in_1b', 'cus_1', 'paid', [
        line('il_1b', {
          price: monthly,
          sub: s1,
          amount: 10000,
          start: '2026-10-01',
          end: '2026-11-01',
          quantity: 2,
        }),
      ]),
      invoice('in_1c', 'cus_1', 'paid', [
        line('il_1c1', {
          price: addon,
          sub: s1,
          amount: 500,
          start: '2026-10-16',
          end: '2026-11-01',
          proration: true,
        }),
        line('il_1c2', {
          price: monthly,
          sub: s1,
          amount: 10000,
          start: '2026-11-01',
          end: '2026-12-01',
          quantity: 2,
        }),
        line('il_1c3', { price: addon, sub: s1, amount: 1000, start: '2026-11-01', end: '2026-12-01' }),
      ]),
      invoice('in_2', 'cus_2', 'paid', [
        line('il_2', { price: yearlyEur, sub: s2, amount: 120000, start: '2026-08-01', end: '2027-08-01' }),
      ]),
      invoice('in_3', 'cus_3', 'paid', [
        line('il_3', { price: gbp, sub: s3, amount: 3000, start: '2026-11-01', end: '2026-12-01' }),
      ]),
      invoice('in_4', 'cus_4', 'open', [
        line('il_4', { price: solo, sub: s4, amount: 2000, start: '2026-11-01', end: '2026-12-01' }),
      ]),
    ],
    prices: [monthly, addon, yearlyEur, gbp, solo],
    products: [
      product('prod_team', { healthbar_plan: 'team' }),
      product('prod_addon'),
      product('prod_growth', { healthbar_plan: 'growth' }),
      product('prod_solo', { healthbar_plan: 'solo' }),
    ],
  };
}

export const FIXTURE_RATES = { EUR: 1.08 };
export const FIXTURE_AS_OF = '2026-11-15';
