/**
 * The parts of Stripe objects (API version 2025-09-30.clover) the billing mapping reads, as zod
 * schemas. Each schema's input type is checked at compile time against the `stripe` package's
 * own type for that object (see the `Fits` checks at the end), so a field here cannot be invented:
 * it must exist in Stripe's types with a compatible type. Unknown fields are ignored.
 */
import type Stripe from 'stripe';
import { z } from 'zod';

const unix = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.string());
const idOrObject = z.union([z.string(), z.object({ id: z.string() })]);

export const priceSchema = z.object({
  id: z.string().min(1),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  unit_amount: z.number().int().nullable(),
  recurring: z
    .object({
      interval: z.enum(['day', 'week', 'month', 'year']),
      interval_count: z.number().int().positive(),
      usage_type: z.enum(['licensed', 'metered']),
    })
    .nullable(),
  product: idOrObject,
  metadata,
});

export const productSchema = z.object({ id: z.string().min(1), metadata });

export const customerSchema = z.object({
  id: z.string().min(1),
  email: z.string().nullable(),
  name: z.string().nullish(),
  metadata,
});

export const subscriptionItemSchema = z.object({
  id: z.string().min(1),
  current_period_end: unix,
  price: priceSchema,
  quantity: z.number().int().nonnegative().optional(),
});

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  customer: idOrObject,
  status: z.enum([
    'active',
    'canceled',
    'incomplete',
    'incomplete_expired',
    'past_due',
    'paused',
    'trialing',
    'unpaid',
  ]),
  cancel_at_period_end: z.boolean(),
  ended_at: unix.nullable(),
  items: z.object({ data: z.array(subscriptionItemSchema), has_more: z.boolean() }),
});

export const invoiceLineSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int(),
  currency: z.string().regex(/^[A-Za-z]{3}$/),
  discount_amounts: z.array(z.object({ amount: z.number().int() })).nullable(),
  parent: z
    .object({
      type: z.enum(['invoice_item_details', 'subscription_item_details']),
      subscription_item_details: z
        .object({
          proration: z.boolean(),
          subscription: z.string().nullable(),
          subscription_item: z.string(),
        })
        .nullable(),
    })
    .nullable(),
  period: z.object({ start: unix, end: unix }),
  pricing: z
    .object({ price_details: z.object({ price: z.string(), product: z.string() }).optional() })
    .nullable(),
});

export const invoiceSchema = z.object({
  id: z.string().min(1),
  customer: idOrObject.nullable(),
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).nullable(),
  lines: z.object({ data: z.array(z.unknown()), has_more: z.boolean() }),
});

export type Price = z.output<typeof priceSchema>;
export type Product = z.output<typeof productSchema>;
export type Customer = z.output<typeof customerSchema>;
export type SubscriptionItem = z.output<typeof subscriptionItemSchema>;
export type Subscription = z.output<typeof subscriptionSchema>;
export type InvoiceLine = z.output<typeof invoiceLineSchema>;
export type Invoice = z.output<typeof invoiceSchema>;

/** Compile-time proof that every Stripe object of the package's types fits its schema's input. */
type Fits<T extends U, U> = T;
export type ShapeChecks = [
  Fits<Stripe.Price, z.input<typeof priceSchema>>,
  Fits<Stripe.Product, z.input<typeof productSchema>>,
  Fits<Stripe.Customer, z.input<typeof customerSchema>>,
  Fits<Stripe.SubscriptionItem, z.input<typeof subscriptionItemSchema>>,
  Fits<Stripe.Subscription, z.input<typeof subscriptionSchema>>,
  Fits<Stripe.InvoiceLineItem, z.input<typeof invoiceLineSchema>>,
  Fits<Stripe.Invoice, z.input<typeof invoiceSchema>>,
];

/** The id of a field that is an id or an expanded object. */
export function idOf(v: string | { id: string }): string {
  return typeof v === 'string' ? v : v.id;
}
