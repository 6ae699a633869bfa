import { describe, expect, it } from 'vitest';
import { run, simple } from './mapping-testkit';
import { customer, invoice, item, line, price, product, subscription } from './testing';

describe('Stripe currencies', () => {
  it('EUR and JPY convert with the config rates and each currency’s minor units', () => {
    // 50.00 EUR × 1.08 = 54.00 USD; 10,000 EUR cents a year × 1.08 / 12 = 900;
    // ¥12,345 (JPY has no minor unit) × 0.0066 = 81.477 USD = 8147.7 cents → 8148.
    const eur = price('price_eur', { amount: 5000, currency: 'eur' });
    const eurYear = price('price_eur_y', { amount: 10000, currency: 'eur', interval: 'year' });
    const jpy = price('price_jpy', { amount: 12345, currency: 'jpy' });
    expect(run(simple('eu', eur, [['2026-11-01', '2026-12-01', 5000]])).revenue('stripe:cus_eu')).toEqual({
      '2026-11': 5400,
    });
    expect(
      run(simple('ey', eurYear, [['2026-11-01', '2027-11-01', 10000]])).revenue('stripe:cus_ey'),
    ).toEqual({ '2026-11': 900 });
    expect(run(simple('jp', jpy, [['2026-11-01', '2026-12-01', 12345]])).revenue('stripe:cus_jp')).toEqual({
      '2026-11': 8148,
    });
  });

  it('a customer with a line in a currency without a rate is left out whole and reported', () => {
    const gbp = price('price_gbp', { amount: 5000, currency: 'gbp' });
    const usd = price('price_usd', { amount: 5000 });
    const a = simple('gb', gbp, [['2026-11-01', '2026-12-01', 5000]]);
    const b = simple('us', usd, [['2026-11-01', '2026-12-01', 5000]]);
    const r = run({
      customers: [...a.customers, ...b.customers],
      subscriptions: [...a.subscriptions, ...b.subscriptions],
      invoices: [...a.invoices, ...b.invoices],
      prices: [gbp, usd],
    });
    expect(r.dataset.accounts.map((x) => x.id)).toEqual(['stripe:cus_us']);
    expect(r.dataset.revenue.every((x) => x.accountId === 'stripe:cus_us')).toBe(true);
    expect(r.stripe.leftOut.unknownCurrency).toBe(1);
    expect(r.stripe.examples.unknownCurrency?.[0]).toEqual({
      sourceId: 'cus_gb',
      why: 'invoice in_gb_0 line il_gb_0 is in GBP, which has no rate in the config',
    });
  });
});

describe('Stripe accounts', () => {
  it('explicit account id vs stripe: ids; customers sharing an id merge (MRR summed, domains unioned)', () => {
    const p = price('price_m', { amount: 5000 });
    const a = simple('a1', p, [['2026-10-01', '2026-12-01', 5000]], {
      name: 'Acme EU',
      metadata: { healthbar_account_id: 'acme' },
    });
    const b = simple('a2', p, [['2026-09-01', '2026-12-01', 5000]], {
      name: 'Acme Inc',
      metadata: { healthbar_account_id: 'acme' },
    });
    const c = simple('c3', p, [['2026-11-01', '2026-12-01', 5000]], {
      name: 'Other',
      metadata: { healthbar_account_id: '' },
    });
    const r = run({
      customers: [...a.customers, ...b.customers, ...c.customers],
      subscriptions: [...a.subscriptions, ...b.subscriptions, ...c.subscriptions],
      invoices: [...a.invoices, ...b.invoices, ...c.invoices],
      prices: [p],
    });
    expect(r.dataset.accounts.map((x) => x.id).sort()).toEqual(['acme', 'stripe:cus_c3']);
    expect(r.account('acme')).toMatchObject({
      name: 'Acme Inc',
      startedOn: '2026-09-01',
      domains: ['a1.com', 'a2.com'],
    });
    expect(r.revenue('acme')).toEqual({ '2026-09': 5000, '2026-10': 10000, '2026-11': 10000 });
    expect(r.stripe).toMatchObject({ read: 3, attached: 2 });
  });

  it('free-mail e-mails give no domain and no name; company e-mails and metadata.domains do', () => {
    const p = price('price_m', { amount: 5000 });
    const free = simple('f', p, [['2026-11-01', '2026-12-01', 5000]], { email: 'Jane@Gmail.com' });
    const company = simple('k', p, [['2026-11-01', '2026-12-01', 5000]], {
      email: 'ops@Kappa.COM',
      metadata: { domains: ' www.Kappa.io ;kappa.co.uk;;' },
    });
    const r = run({
      customers: [...free.customers, ...company.customers],
      subscriptions: [...free.subscriptions, ...company.subscriptions],
      invoices: [...free.invoices, ...company.invoices],
      prices: [p],
    });
    expect(r.account('stripe:cus_f')).toMatchObject({ name: 'cus_f', domains: [] });
    expect(r.account('stripe:cus_k')).toMatchObject({
      name: 'kappa.com',
      domains: ['kappa.co.uk', 'kappa.com', 'kappa.io'],
    });
  });

  it('seats and plan come from metadata: plan of the largest licensed item, seats of flagged items', () => {
    const seat = price('price_seat', {
      amount: 2000,
      product: 'prod_growth',
      metadata: { healthbar_seats: 'true' },
    });
    const addon = price('price_addon', { amount: 3000, product: 'prod_addon' });
    const yearly = price('price_big', { amount: 300000, interval: 'year', product: 'prod_enterprise' });
    const sub = 'sub_p';
    const r = run({
      customers: [customer('cus_p', { email: 'x@p.com', name: 'P' })],
      subscriptions: [
        subscription(sub, 'cus_p', [
          item('si_b', sub, seat, 12, '2026-12-01'),
          item('si_a', sub, addon, 1, '2026-12-01'),
        ]),
        subscription('sub_old', 'cus_p', [item('si_z', 'sub_old', yearly, 1, '2026-06-01')], {
          status: 'canceled',
          endedAt: '2026-06-01',
        }),
      ],
      invoices: [
        invoice('in_1', 'cus_p', 'paid', [
          line('il_1', {
            price: seat,
            sub,
            amount: 24000,
            start: '2026-11-01',
            end: '2026-12-01',
            quantity: 12,
          }),
        ]),
      ],
      prices: [seat, addon, yearly],
      products: [
        product('prod_growth', { healthbar_plan: 'growth' }),
        product('prod_addon', { healthbar_plan: 'addon' }),
        product('prod_enterprise', { healthbar_plan: 'enterprise' }),
      ],
    });
    // 12 × 20.00 = 240.00 beats 30.00; the ended yearly subscription does not count.
    expect(r.account('stripe:cus_p')).toMatchObject({ seats: 12, planId: 'growth' });
    expect(r.account('stripe:cus_p')?.renewsOn).toBeUndefined();
  });

  it('a customer whose only subscription is incomplete_expired is no account', () => {
    const o = simple('i', price('p', { amount: 5000 }), []);
    o.subscriptions[0].status = 'incomplete_expired';
    const r = run(o);
    expect(r.dataset.accounts).toEqual([]);
    expect(r.stripe.read).toBe(1);
  });

  it('a customer who never paid has an account without startedOn or revenue rows', () => {
    const r = run(simple('z', price('p', { amount: 5000 }), [['2026-11-01', '2026-12-01', 5000, 'draft']]));
    expect(r.account('stripe:cus_z')).toMatchObject({ name: 'z.com' });
    expect(r.account('stripe:cus_z')?.startedOn).toBeUndefined();
    expect(r.revenue('stripe:cus_z')).toEqual({});
  });

  it('a malformed object is rejected alone and reported', () => {
    const p = price('price_m', { amount: 5000 });
    const o = simple('ok', p, [['2026-11-01', '2026-12-01', 5000]]);
    const badLine = {
      ...line('il_bad', { price: p, sub: 'sub_ok', amount: 5000, start: '2026-10-01', end: '2026-11-01' }),
      amount: 'fifty',
    };
    const badInvoice = {
      ...invoice('in_bad', 'cus_ok', 'paid', []),
      lines: { data: [badLine], has_more: false },
    };
    const r = run({
      ...o,
      customers: [...o.customers, { id: 'cus_broken', metadata: 'nope' }],
      invoices: [...o.invoices, badInvoice],
    });
    expect(r.revenue('stripe:cus_ok')).toEqual({ '2026-11': 5000 });
    expect(r.stripe.leftOut.invalid).toBe(2);
    expect(r.stripe.examples.invalid?.map((e) => e.sourceId).sort()).toEqual(['cus_broken', 'il_bad']);
  });
});
