import { describe, expect, it } from 'vitest';
import { run, simple } from './mapping-testkit';
import { customer, invoice, item, line, price, subscription } from './testing';

describe('Stripe MRR: intervals, rounding and amounts', () => {
  const cases: {
    name: string;
    price: ReturnType<typeof price>;
    periods: [string, string, number][];
    want: Record<string, number>;
  }[] = [
    {
      name: 'monthly 50.00 → 5000 a month',
      price: price('price_m', { amount: 5000 }),
      periods: [
        ['2026-10-01', '2026-11-01', 5000],
        ['2026-11-01', '2026-12-01', 5000],
      ],
      want: { '2026-10': 5000, '2026-11': 5000 },
    },
    {
      name: 'annual 1,200.00 → 10000 a month for every month of the year',
      price: price('price_y', { amount: 120000, interval: 'year' }),
      periods: [['2026-08-01', '2027-08-01', 120000]],
      want: { '2026-08': 10000, '2026-09': 10000, '2026-10': 10000, '2026-11': 10000 },
    },
    {
      name: 'quarterly 300.00 (month × 3) → 10000',
      price: price('price_q', { amount: 30000, interval: 'month', count: 3 }),
      periods: [['2026-09-01', '2026-12-01', 30000]],
      want: { '2026-09': 10000, '2026-10': 10000, '2026-11': 10000 },
    },
    {
      name: 'weekly 10.00 → 1000 × 52 / 12 = 4333.33 → 4333',
      price: price('price_w', { amount: 1000, interval: 'week' }),
      periods: [
        ['2026-10-26', '2026-11-02', 1000],
        ['2026-11-09', '2026-11-16', 1000],
      ],
      // 31 Oct 23:59:59 is inside the first week; 15 Nov 23:59:59 inside the last one.
      want: { '2026-10': 4333, '2026-11': 4333 },
    },
    {
      name: 'daily 1.00 → 100 × 365 / 12 = 3041.67 → 3042',
      price: price('price_d', { amount: 100, interval: 'day' }),
      periods: [['2026-11-15', '2026-11-16', 100]],
      want: { '2026-11': 3042 },
    },
    {
      name: 'half a cent rounds away from zero: 1002 a year → 83.5 → 84',
      price: price('price_h', { amount: 1002, interval: 'year' }),
      periods: [['2026-11-01', '2027-11-01', 1002]],
      want: { '2026-11': 84 },
    },
    {
      name: 'quantity: the line amount is unit × quantity (5 × 20.00 → 10000)',
      price: price('price_seat', { amount: 2000 }),
      periods: [['2026-11-01', '2026-12-01', 10000]],
      want: { '2026-11': 10000 },
    },
  ];
  it.each(cases)('$name', ({ price: p, periods, want }) => {
    const r = run(simple('acme', p, periods));
    expect(r.revenue('stripe:cus_acme')).toEqual(want);
  });

  it('discounts: line discount_amounts are subtracted (20 % of 100.00, then 15.00 off)', () => {
    const p = price('price_m', { amount: 10000 });
    const sub = 'sub_d';
    const r = run({
      customers: [customer('cus_d', { email: 'a@d.com' })],
      subscriptions: [subscription(sub, 'cus_d', [item('si_d', sub, p, 1, '2026-12-01')])],
      invoices: [
        invoice('in_1', 'cus_d', 'paid', [
          line('il_1', {
            price: p,
            sub,
            amount: 10000,
            start: '2026-10-01',
            end: '2026-11-01',
            discounts: [2000],
          }),
        ]),
        invoice('in_2', 'cus_d', 'paid', [
          line('il_2', {
            price: p,
            sub,
            amount: 10000,
            start: '2026-11-01',
            end: '2026-12-01',
            discounts: [1500],
          }),
        ]),
      ],
      prices: [p],
    });
    expect(r.revenue('stripe:cus_d')).toEqual({ '2026-10': 8000, '2026-11': 8500 });
  });

  it('a trial adds 0; MRR and startedOn begin with the first paid period', () => {
    const r = run(
      simple('t', price('price_m', { amount: 5000 }), [
        ['2026-09-20', '2026-10-04', 0],
        ['2026-10-04', '2026-11-04', 5000],
        ['2026-11-04', '2026-12-04', 5000],
      ]),
    );
    expect(r.account('stripe:cus_t')?.startedOn).toBe('2026-10-04');
    expect(r.revenue('stripe:cus_t')).toEqual({ '2026-10': 5000, '2026-11': 5000 });
  });

  it('an upgrade in mid-period shows from the next period; proration lines never count', () => {
    const basic = price('price_basic', { amount: 5000 });
    const pro = price('price_pro', { amount: 10000 });
    const sub = 'sub_u';
    const r = run({
      customers: [customer('cus_u', { email: 'a@u.com' })],
      subscriptions: [subscription(sub, 'cus_u', [item('si_u', sub, pro, 1, '2026-12-01')])],
      invoices: [
        invoice('in_1', 'cus_u', 'paid', [
          line('il_1', { price: basic, sub, amount: 5000, start: '2026-10-01', end: '2026-11-01' }),
        ]),
        invoice('in_2', 'cus_u', 'paid', [
          line('il_2a', {
            price: basic,
            sub,
            amount: -2500,
            start: '2026-10-16',
            end: '2026-11-01',
            proration: true,
          }),
          line('il_2b', {
            price: pro,
            sub,
            amount: 5000,
            start: '2026-10-16',
            end: '2026-11-01',
            proration: true,
          }),
        ]),
        invoice('in_3', 'cus_u', 'paid', [
          line('il_3', { price: pro, sub, amount: 10000, start: '2026-11-01', end: '2026-12-01' }),
        ]),
      ],
      prices: [basic, pro],
    });
    expect(r.revenue('stripe:cus_u')).toEqual({ '2026-10': 5000, '2026-11': 10000 });
  });

  it('a downgrade shows from the next period; the proration credit does not count', () => {
    const pro = price('price_pro', { amount: 10000 });
    const basic = price('price_basic', { amount: 5000 });
    const sub = 'sub_g';
    const r = run({
      customers: [customer('cus_g', { email: 'a@g.io' })],
      subscriptions: [subscription(sub, 'cus_g', [item('si_g', sub, basic, 1, '2026-12-01')])],
      invoices: [
        invoice('in_1', 'cus_g', 'paid', [
          line('il_1', { price: pro, sub, amount: 10000, start: '2026-10-01', end: '2026-11-01' }),
        ]),
        invoice('in_2', 'cus_g', 'paid', [
          line('il_2a', {
            price: pro,
            sub,
            amount: -5000,
            start: '2026-10-16',
            end: '2026-11-01',
            proration: true,
          }),
          line('il_2', { price: basic, sub, amount: 5000, start: '2026-11-01', end: '2026-12-01' }),
        ]),
      ],
      prices: [pro, basic],
    });
    expect(r.revenue('stripe:cus_g')).toEqual({ '2026-10': 10000, '2026-11': 5000 });
  });

  it('cancellation: MRR stops when the subscription ended (a zero month is churn); the account stays', () => {
    const p = price('price_m', { amount: 5000 });
    const o = simple('c', p, [
      ['2026-09-01', '2026-10-01', 5000],
      ['2026-10-01', '2026-11-01', 5000],
    ]);
    o.subscriptions = [
      subscription('sub_c', 'cus_c', [item('si_c', 'sub_c', p, 1, '2026-11-01')], {
        status: 'canceled',
        endedAt: '2026-10-20',
      }),
    ];
    const r = run(o);
    expect(r.revenue('stripe:cus_c')).toEqual({ '2026-09': 5000, '2026-10': 0, '2026-11': 0 });
    expect(r.account('stripe:cus_c')?.startedOn).toBe('2026-09-01');
  });

  it('cancel_at_period_end: MRR still counts, but there is no renewal date', () => {
    const p = price('price_y', { amount: 120000, interval: 'year' });
    const o = simple('e', p, [['2026-03-01', '2027-03-01', 120000]], { periodEnd: '2027-03-01' });
    const live = run(o);
    expect(live.account('stripe:cus_e')?.renewsOn).toBe('2027-03-01');
    o.subscriptions = [
      subscription('sub_e', 'cus_e', [item('si_e', 'sub_e', p, 1, '2027-03-01')], {
        cancelAtPeriodEnd: true,
      }),
    ];
    const r = run(o);
    expect(r.revenue('stripe:cus_e')['2026-11']).toBe(10000);
    expect(r.account('stripe:cus_e')?.renewsOn).toBeUndefined();
  });

  it('monthly plans have no renewal date; a 12-month interval has one', () => {
    expect(
      run(simple('m', price('p', { amount: 5000 }), [['2026-11-01', '2026-12-01', 5000]])).account(
        'stripe:cus_m',
      )?.renewsOn,
    ).toBeUndefined();
    const r = run(
      simple(
        'n',
        price('p', { amount: 120000, interval: 'month', count: 12 }),
        [['2026-11-01', '2027-11-01', 120000]],
        { periodEnd: '2027-11-01' },
      ),
    );
    expect(r.account('stripe:cus_n')?.renewsOn).toBe('2027-11-01');
  });

  it('invoice status: paid and open (past_due) count; draft, void and uncollectible never do', () => {
    const p = price('price_m', { amount: 5000 });
    const o = simple('s', p, [
      ['2026-07-01', '2026-08-01', 5000, 'paid'],
      ['2026-08-01', '2026-09-01', 5000, 'void'],
      ['2026-09-01', '2026-10-01', 5000, 'uncollectible'],
      ['2026-10-01', '2026-11-01', 5000, 'open'],
      ['2026-11-01', '2026-12-01', 5000, 'draft'],
    ]);
    o.subscriptions[0].status = 'past_due';
    expect(run(o).revenue('stripe:cus_s')).toEqual({
      '2026-07': 5000,
      '2026-08': 0,
      '2026-09': 0,
      '2026-10': 5000,
      '2026-11': 0,
    });
  });

  it('a metered item is not recurring revenue', () => {
    const seat = price('price_m', { amount: 5000 });
    const usage = price('price_usage', { amount: 10, usage: 'metered' });
    const sub = 'sub_x';
    const r = run({
      customers: [customer('cus_x', { email: 'a@x.com' })],
      subscriptions: [
        subscription(sub, 'cus_x', [
          item('si_x1', sub, seat, 1, '2026-12-01'),
          item('si_x2', sub, usage, undefined, '2026-12-01'),
        ]),
      ],
      invoices: [
        invoice('in_1', 'cus_x', 'paid', [
          line('il_1', { price: seat, sub, amount: 5000, start: '2026-11-01', end: '2026-12-01' }),
          line('il_2', {
            price: usage,
            sub,
            amount: 3000,
            start: '2026-11-01',
            end: '2026-12-01',
            quantity: 300,
          }),
        ]),
      ],
      prices: [seat, usage],
    });
    expect(r.revenue('stripe:cus_x')).toEqual({ '2026-11': 5000 });
  });
});
