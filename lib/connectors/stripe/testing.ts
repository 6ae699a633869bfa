/**
 * Literal Stripe objects (API version 2025-09-30.clover, the `stripe` package's shapes) for tests
 * of the mapping and for the local Stripe stand-in.
 */
import type Stripe from 'stripe';

/** Unix seconds of the start of a UTC day. */
export const ts = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;

export interface PriceSpec {
  amount: number | null;
  interval?: Stripe.Price.Recurring.Interval;
  count?: number;
  currency?: string;
  usage?: Stripe.Price.Recurring.UsageType;
  product?: string;
  metadata?: Record<string, string>;
}

export function price(id: string, p: PriceSpec) {
  return {
    id,
    object: 'price' as const,
    active: true,
    billing_scheme: 'per_unit' as const,
    created: ts('2025-01-01'),
    currency: p.currency ?? 'usd',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: p.metadata ?? {},
    nickname: null,
    product: p.product ?? 'prod_basic',
    recurring: {
      interval: p.interval ?? 'month',
      interval_count: p.count ?? 1,
      meter: null,
      trial_period_days: null,
      usage_type: p.usage ?? 'licensed',
    },
    tax_behavior: 'unspecified' as const,
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring' as const,
    unit_amount: p.amount,
    unit_amount_decimal: p.amount === null ? null : String(p.amount),
  };
}
export type TestPrice = ReturnType<typeof price>;

export function product(id: string, metadata: Record<string, string> = {}) {
  return {
    id,
    object: 'product' as const,
    active: true,
    created: ts('2025-01-01'),
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata,
    name: id,
    package_dimensions: null,
    shippable: null,
    tax_code: null,
    type: 'service' as const,
    updated: ts('2025-01-01'),
    url: null,
  };
}

export function customer(
  id: string,
  c: { email?: string | null; name?: string | null; metadata?: Record<string, string> },
) {
  return {
    id,
    object: 'customer' as const,
    balance: 0,
    created: ts('2025-01-01'),
    currency: 'usd',
    default_source: null,
    delinquent: false,
    description: null,
    email: c.email ?? null,
    invoice_prefix: id.toUpperCase().slice(4, 12),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: c.metadata ?? {},
    name: c.name ?? null,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none' as const,
    test_clock: null,
  };
}

export function item(id: string, sub: string, p: TestPrice, quantity: number | undefined, periodEnd: string) {
  return {
    id,
    object: 'subscription_item' as const,
    created: ts('2025-01-01'),
    current_period_end: ts(periodEnd),
    current_period_start: ts(periodEnd) - 86_400 * 28,
    discounts: [],
    metadata: {},
    price: p,
    ...(quantity === undefined ? {} : { quantity }),
    subscription: sub,
    tax_rates: [],
  };
}

export function subscription(
  id: string,
  customerId: string,
  items: ReturnType<typeof item>[],
  s: { status?: Stripe.Subscription.Status; cancelAtPeriodEnd?: boolean; endedAt?: string | null } = {},
) {
  return {
    id,
    object: 'subscription' as const,
    billing_cycle_anchor: ts('2025-01-01'),
    cancel_at: null,
    cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
    canceled_at: s.endedAt ? ts(s.endedAt) : null,
    collection_method: 'charge_automatically' as const,
    created: ts('2025-01-01'),
    currency: 'usd',
    customer: customerId,
    ended_at: s.endedAt ? ts(s.endedAt) : null,
    items: {
      object: 'list' as const,
      data: items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    livemode: false,
    metadata: {},
    start_date: ts('2025-01-01'),
    status: s.status ?? 'active',
    trial_end: null,
    trial_start: null,
  };
}

export interface LineSpec {
  price: TestPrice;
  sub: string;
  amount: number;
  start: string;
  end: string;
  proration?: boolean;
  discounts?: number[];
  quantity?: number;
}

export function line(id: string, l: LineSpec) {
  return {
    id,
    object: 'line_item' as const,
    amount: l.amount,
    currency: l.price.currency,
    description: null,
    discount_amounts: (l.discounts ?? []).map((amount, i) => ({ amount, discount: `di_${id}_${i}` })),
    discountable: true,
    discounts: (l.discounts ?? []).map((_, i) => `di_${id}_${i}`),
    invoice: null,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details' as const,
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: l.proration ? `ii_${id}` : null,
        proration: l.proration ?? false,
        proration_details: { credited_items: null },
        subscription: l.sub,
        subscription_item: `si_${l.sub}`,
      },
    },
    period: { start: ts(l.start), end: ts(l.end) },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details' as const,
      price_details: { price: l.price.id, product: l.price.product },
      unit_amount_decimal: l.price.unit_amount_decimal,
    },
    quantity: l.quantity ?? 1,
    subscription: l.sub,
    taxes: [],
  };
}

export function invoice(
  id: string,
  customerId: string,
  status: Stripe.Invoice.Status,
  lines: ReturnType<typeof line>[],
  hasMore = false,
) {
  const currency = lines[0]?.currency ?? 'usd';
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    id,
    object: 'invoice' as const,
    amount_due: total,
    amount_paid: status === 'paid' ? total : 0,
    amount_remaining: status === 'paid' ? 0 : total,
    billing_reason: 'subscription_cycle' as const,
    collection_method: 'charge_automatically' as const,
    created: lines[0]?.period.start ?? ts('2025-01-01'),
    currency,
    customer: customerId,
    livemode: false,
    lines: { object: 'list' as const, data: lines, has_more: hasMore, url: `/v1/invoices/${id}/lines` },
    metadata: {},
    period_end: lines[0]?.period.end ?? 0,
    period_start: lines[0]?.period.start ?? 0,
    status,
    subtotal: total,
    total,
  };
}
