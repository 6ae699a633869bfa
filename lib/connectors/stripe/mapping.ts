/**
 * Stripe billing → Healthbar account records and revenue rows (CONNECTORS.md, "Billing: Stripe").
 * Pure: the objects as read, the as-of day, the currency and rates are passed in; no clock.
 *
 * Choices where the contract is silent:
 * - A malformed object is left out alone (`invalid`, its id): a customer with it, a subscription
 *   or invoice without it, a line without it. A counted line whose price was not read is invalid.
 * - `read` counts the customer objects read; customers with no subscription other than
 *   `incomplete_expired` are not accounts and are not reported.
 * - Customers sharing an explicit id: `name` from the one whose own MRR starts first (those that
 *   never had MRR last, ties → lowest customer id); `renewsOn`, `seats` and `planId` are computed
 *   over the items of all of them; the record's id is the lowest customer id.
 * - An item without `quantity` counts as 1 for `planId` (Stripe's default) and 0 for `seats`;
 *   a price without `unit_amount` (tiered) is worth 0 for `planId`.
 * - `startedOn` and revenue months look no further than the as-of day.
 */
import { companyEmailDomain, nonEmpty, splitDomains } from '../domains';
import { conversionFactor, convertMinor, type Fraction, type Rates } from '../money';
import type { AccountRecord, LeftOut, SourceOutput, SourceRow } from '../types';
import {
  type Customer,
  customerSchema,
  type Invoice,
  type InvoiceLine,
  idOf,
  invoiceLineSchema,
  invoiceSchema,
  type Price,
  type Product,
  priceSchema,
  productSchema,
  type Subscription,
  subscriptionSchema,
} from './objects';

export interface StripeObjects {
  customers: readonly unknown[];
  subscriptions: readonly unknown[];
  /** Invoices whose `lines.data` holds every line (the source reads past the first page). */
  invoices: readonly unknown[];
  prices: readonly unknown[];
  products: readonly unknown[];
}

export interface StripeMappingOptions {
  asOf: string;
  currency: string;
  rates: Rates;
  accountIdKey: string;
}

/** The monthly factor of a price's interval (month 1/c, year 1/(12c), week 52/(12c), day 365/(12c)). */
export function monthlyFactor(interval: 'day' | 'week' | 'month' | 'year', count: number): Fraction {
  const c = BigInt(count);
  switch (interval) {
    case 'month':
      return { n: 1n, d: c };
    case 'year':
      return { n: 1n, d: 12n * c };
    case 'week':
      return { n: 52n, d: 12n * c };
    case 'day':
      return { n: 365n, d: 12n * c };
  }
}

/** A line that counts towards MRR, with its value in workspace minor units. */
interface CountedLine {
  id: string;
  start: number;
  end: number;
  subscription: string | null;
  value: number;
}

const DAY = 86_400;

function dayEnd(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000 + DAY - 1;
}

function monthEnd(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Date.UTC(y, m, 1) / 1000 - 1;
}

function utcDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function readable(v: unknown): string {
  const id = (v as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : '(no id)';
}

function issue(e: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const i = e.issues[0];
  return i ? `${i.path.map(String).join('.') || 'object'}: ${i.message}` : 'malformed';
}

export function mapStripe(objects: StripeObjects, options: StripeMappingOptions): SourceOutput {
  const leftOut: LeftOut[] = [];
  const invalid = (raw: unknown, kind: string, why: string) =>
    leftOut.push({ reason: 'invalid', sourceId: readable(raw), why: `malformed ${kind}: ${why}` });
  function parseAll<T>(
    list: readonly unknown[],
    schema: {
      safeParse(
        v: unknown,
      ): { success: true; data: T } | { success: false; error: Parameters<typeof issue>[0] };
    },
    kind: string,
  ): T[] {
    const out: T[] = [];
    for (const raw of list) {
      const r = schema.safeParse(raw);
      if (r.success) out.push(r.data);
      else invalid(raw, kind, issue(r.error));
    }
    return out;
  }
  const prices = new Map(parseAll<Price>(objects.prices, priceSchema, 'price').map((p) => [p.id, p]));
  const products = new Map(
    parseAll<Product>(objects.products, productSchema, 'product').map((p) => [p.id, p]),
  );
  const customers = parseAll<Customer>(objects.customers, customerSchema, 'customer');
  const subscriptions = parseAll<Subscription>(objects.subscriptions, subscriptionSchema, 'subscription');
  const invoices = parseAll<Invoice>(objects.invoices, invoiceSchema, 'invoice');
  const asOfEnd = dayEnd(options.asOf);

  const subsByCustomer = new Map<string, Subscription[]>();
  const subById = new Map<string, Subscription>();
  for (const s of subscriptions) {
    const c = idOf(s.customer);
    subsByCustomer.set(c, [...(subsByCustomer.get(c) ?? []), s]);
    subById.set(s.id, s);
  }
  const invoicesByCustomer = new Map<string, Invoice[]>();
  for (const inv of invoices) {
    if (inv.customer === null) continue;
    const c = idOf(inv.customer);
    invoicesByCustomer.set(c, [...(invoicesByCustomer.get(c) ?? []), inv]);
  }

  /** A customer's counted lines, or why it is left out. */
  function countedLines(customer: Customer): CountedLine[] | LeftOut {
    const out: CountedLine[] = [];
    for (const inv of invoicesByCustomer.get(customer.id) ?? []) {
      if (inv.status !== 'paid' && inv.status !== 'open') continue;
      for (const raw of inv.lines.data) {
        const parsed = invoiceLineSchema.safeParse(raw);
        if (!parsed.success) {
          invalid(raw, `line of invoice ${inv.id}`, issue(parsed.error));
          continue;
        }
        const line: InvoiceLine = parsed.data;
        const details = line.parent?.subscription_item_details;
        if (line.parent?.type !== 'subscription_item_details' || !details || details.proration !== false)
          continue;
        const priceId = line.pricing?.price_details?.price;
        const price = priceId === undefined ? undefined : prices.get(priceId);
        if (price === undefined) {
          leftOut.push({
            reason: 'invalid',
            sourceId: line.id,
            why: `line of invoice ${inv.id} names price ${priceId ?? '(none)'}, which was not read`,
          });
          continue;
        }
        if (price.recurring === null || price.recurring.usage_type !== 'licensed') continue;
        const discounts = (line.discount_amounts ?? []).reduce((s, d) => s + BigInt(d.amount), 0n);
        const factor = monthlyFactor(price.recurring.interval, price.recurring.interval_count);
        const value = convertMinor(
          BigInt(line.amount) - discounts,
          line.currency,
          options.currency,
          options.rates,
          factor,
        );
        if (value === null) {
          return {
            reason: 'unknownCurrency',
            sourceId: customer.id,
            why: `invoice ${inv.id} line ${line.id} is in ${line.currency.toUpperCase()}, which has no rate in the config`,
          };
        }
        out.push({
          id: line.id,
          start: line.period.start,
          end: line.period.end,
          subscription: details.subscription,
          value,
        });
      }
    }
    return out;
  }

  function mrrAt(lines: readonly CountedLine[], t: number): number {
    let sum = 0;
    for (const l of lines) {
      if (l.start > t || t >= l.end) continue;
      const ended = l.subscription === null ? null : (subById.get(l.subscription)?.ended_at ?? null);
      if (ended !== null && ended <= t) continue;
      sum += l.value;
    }
    return sum;
  }

  function firstPaying(lines: readonly CountedLine[]): number | null {
    const starts = [...new Set(lines.map((l) => l.start))].filter((s) => s <= asOfEnd).sort((a, b) => a - b);
    for (const s of starts) if (mrrAt(lines, s) > 0) return s;
    return null;
  }

  // Which customers, and their groups by account id.
  interface Member {
    customer: Customer;
    lines: CountedLine[];
    subs: Subscription[];
    started: number | null;
  }
  const groups = new Map<string, Member[]>();
  for (const customer of customers) {
    const subs = subsByCustomer.get(customer.id) ?? [];
    if (!subs.some((s) => s.status !== 'incomplete_expired')) continue;
    const lines = countedLines(customer);
    if (!Array.isArray(lines)) {
      leftOut.push(lines);
      continue;
    }
    const explicit = nonEmpty(customer.metadata[options.accountIdKey]);
    const key = explicit ?? `stripe:${customer.id}`;
    groups.set(key, [...(groups.get(key) ?? []), { customer, lines, subs, started: firstPaying(lines) }]);
  }

  const accounts: AccountRecord[] = [];
  const rows: SourceRow[] = [];
  for (const [key, members] of groups) {
    members.sort((a, b) => (a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0));
    const sourceId = members[0].customer.id;
    const earliest = [...members].sort(
      (a, b) => (a.started ?? Number.POSITIVE_INFINITY) - (b.started ?? Number.POSITIVE_INFINITY),
    )[0];
    const lines = members.flatMap((m) => m.lines);
    const started = firstPaying(lines);
    const domains = new Set<string>();
    for (const m of members) {
      const d = companyEmailDomain(m.customer.email);
      if (d) domains.add(d);
      for (const x of splitDomains(m.customer.metadata.domains)) domains.add(x);
    }
    const c = earliest.customer;
    const name = nonEmpty(c.name) ?? companyEmailDomain(c.email) ?? c.id;
    const explicit = nonEmpty(c.metadata[options.accountIdKey]) ?? undefined;
    accounts.push({
      sourceId,
      identity: { explicitId: explicit, domains: [...domains] },
      newAccountId: key,
      domains: [...domains],
      fields: {
        name,
        startedOn: started === null ? undefined : utcDate(started),
        ...itemFields(
          members.flatMap((m) => m.subs),
          products,
          options,
        ),
      },
    });
    if (started === null) continue;
    const last = options.asOf.slice(0, 7);
    for (let month = utcDate(started).slice(0, 7); month <= last; month = nextMonth(month)) {
      const t = month === last ? asOfEnd : monthEnd(month);
      rows.push({
        collection: 'revenue',
        sourceId: `${sourceId} ${month}`,
        account: { ref: sourceId },
        record: { month, mrr: mrrAt(lines, t) },
        derived: true,
      });
    }
  }
  return { read: objects.customers.length, accounts, rows, leftOut };
}

/** `renewsOn`, `seats` and `planId` from the items of subscriptions that have not ended. */
function itemFields(
  subs: readonly Subscription[],
  products: ReadonlyMap<string, Product>,
  options: StripeMappingOptions,
): { renewsOn?: string; seats?: number; planId?: string } {
  let renews: number | null = null;
  let seats: number | null = null;
  let best: { item: string; value: Fraction; price: Price } | null = null;
  for (const sub of subs) {
    if (sub.ended_at !== null) continue;
    for (const item of sub.items.data) {
      const price = item.price;
      const rec = price.recurring;
      const product = products.get(idOf(price.product));
      const yearly =
        rec !== null && (rec.interval === 'year' || (rec.interval === 'month' && rec.interval_count >= 12));
      if (yearly && !sub.cancel_at_period_end && (renews === null || item.current_period_end > renews)) {
        renews = item.current_period_end;
      }
      if (price.metadata.healthbar_seats === 'true' || product?.metadata.healthbar_seats === 'true') {
        seats = (seats ?? 0) + (item.quantity ?? 0);
      }
      if (rec === null || rec.usage_type !== 'licensed') continue;
      const conv = conversionFactor(price.currency, options.currency, options.rates);
      if (conv === null) continue;
      const f = monthlyFactor(rec.interval, rec.interval_count);
      const value: Fraction = {
        n: BigInt(price.unit_amount ?? 0) * BigInt(item.quantity ?? 1) * f.n * conv.n,
        d: f.d * conv.d,
      };
      if (best === null) best = { item: item.id, value, price };
      else {
        const cmp = value.n * best.value.d - best.value.n * value.d;
        if (cmp > 0n || (cmp === 0n && item.id < best.item)) best = { item: item.id, value, price };
      }
    }
  }
  const plan =
    best === null ? undefined : nonEmpty(products.get(idOf(best.price.product))?.metadata.healthbar_plan);
  return {
    renewsOn: renews === null ? undefined : utcDate(renews),
    seats: seats ?? undefined,
    planId: plan ?? undefined,
  };
}
