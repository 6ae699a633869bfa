/**
 * What the CRM sources (hubspot/, salesforce/) share (CONNECTORS.md, "CRM: HubSpot and
 * Salesforce"): reading a CRM date value as a UTC calendar date, picking each account's first
 * closed-won deal, and turning a deal or opportunity into a `deals` record. Pure.
 */
import type { z } from 'zod';
import { dealSchema, isCalendarDate } from '../dataset/schema';
import { nonEmpty } from './domains';
import { convertMinor, decimalFraction, decimalText, minorUnitExponent } from './money';
import type { CrmDealMoney, LeftOut, RowRecord } from './types';

/**
 * The UTC calendar date of a CRM date or date-time value: `YYYY-MM-DD` as it is; a date-time with
 * a zone (`Z`, `+00:00`, Salesforce's `+0000`) as its UTC date; a whole number of milliseconds
 * since 1970 (how HubSpot's date properties used to travel) as its UTC date. Anything else
 * (empty, a date-time without a zone, words) is no value: null.
 */
export function crmUtcDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return isCalendarDate(s) ? s : null;
  let ms: number;
  if (/^\d{10,15}$/.test(s)) ms = Number(s);
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/i.test(s)) ms = Date.parse(s);
  else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms).toISOString().slice(0, 10);
  return isCalendarDate(d) ? d : null;
}

/** Numeric ids (HubSpot's) compare as numbers; others (Salesforce's) in code-unit order. */
export function compareCrmIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface WonDeal {
  id: string;
  /** The keys of the accounts (company / account ids) the deal is associated with. */
  accounts: readonly string[];
  createdOn: string;
  closedOn: string;
}

/**
 * Each account's first closed-won deal: the earliest close date, ties → the lowest deal id; a deal
 * counts for every account it is associated with.
 */
export function firstWonDeals(deals: readonly WonDeal[]): Map<string, WonDeal> {
  const first = new Map<string, WonDeal>();
  for (const d of deals) {
    for (const key of new Set(d.accounts)) {
      const held = first.get(key);
      if (
        held === undefined ||
        d.closedOn < held.closedOn ||
        (d.closedOn === held.closedOn && compareCrmIds(d.id, held.id) < 0)
      ) {
        first.set(key, d);
      }
    }
  }
  return first;
}

/** A value read from a CRM as the string write-back compares (numbers and booleans printed). */
export function crmText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Each record that fits `schema`; the others are left out as `invalid` (`label:id`). */
export function parseAll<T>(
  list: readonly unknown[],
  schema: z.ZodType<T>,
  label: string,
  leftOut: LeftOut[],
  idKey = 'id',
): T[] {
  const out: T[] = [];
  for (const raw of list) {
    const p = schema.safeParse(raw);
    if (p.success) out.push(p.data);
    else {
      const id = (raw as Record<string, unknown> | null)?.[idKey];
      const issue = p.error.issues[0];
      leftOut.push({
        reason: 'invalid',
        sourceId: `${label}:${typeof id === 'string' || typeof id === 'number' ? id : '?'}`,
        why: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
      });
    }
  }
  return out;
}

/** True when a creation time (ISO, or ms since 1970) is at or after `end` (ms). */
export function createdAfter(value: string | null | undefined, end: number): boolean {
  if (typeof value !== 'string') return false;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) && ms >= end;
}

/** One deal or opportunity as the CRM gave it, before conversion. */
export interface CrmDealInput {
  /** The dataset id: `hubspot:<id>` / `salesforce:<18-char id>`. */
  id: string;
  name: string | null | undefined;
  /** In major units, as the CRM gives it: HubSpot a decimal string, Salesforce a number; null/'' = none. */
  amount: string | number | null | undefined;
  /** The deal's ISO 4217 code, when the CRM gives one. */
  currency: string | null | undefined;
  stage: string | null | undefined;
  /** The CRM's creation and close values (any form `crmUtcDate` reads). */
  created: unknown;
  closed: boolean;
  won: boolean;
  closeDate: unknown;
}

/**
 * A `deals` record (without `accountId`, which the resolver sets) from one CRM deal, or why it is
 * left out:
 * - `amount`: the CRM's major units × 10^(the deal currency's ISO 4217 exponent), converted to the
 *   workspace currency with `rates` and rounded once, half away from zero (as Stripe's lines,
 *   money.ts); no amount (null, empty) is 0 — the deal still counts for the win rate; an amount
 *   that is not a number is `invalid`, a negative one `invalid` (the dataset's rule);
 * - the currency: the deal's own code, else `dealCurrency`, else the workspace's; a code without a
 *   rate leaves the deal out as `unknownCurrency`, never counted as if it were the workspace's;
 * - `closedOn`/`won` only when the CRM says the deal is closed (an open deal's close date is its
 *   expected close date and is not read); a closed deal without a close date is `invalid`;
 * - the whole record is then checked with the dataset's `dealSchema`.
 */
export function crmDealRecord(
  d: CrmDealInput,
  money: CrmDealMoney,
): { record: RowRecord<'deals'> } | { leftOut: LeftOut } {
  const invalid = (why: string) => ({ leftOut: { reason: 'invalid' as const, sourceId: d.id, why } });
  const currency = (nonEmpty(d.currency) ?? money.dealCurrency ?? money.currency).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    return invalid(`currency: ${JSON.stringify(d.currency)} is not an ISO 4217 code`);
  let amount = 0;
  const raw = typeof d.amount === 'string' ? d.amount.trim() : d.amount;
  if (raw !== null && raw !== undefined && raw !== '') {
    const major =
      typeof raw === 'number' ? (Number.isFinite(raw) ? decimalFraction(raw) : null) : decimalText(raw);
    if (major === null) return invalid(`amount: ${JSON.stringify(d.amount)} is not a number`);
    const minor = convertMinor(major.n, currency, money.currency, money.rates, {
      n: 10n ** BigInt(minorUnitExponent(currency)),
      d: major.d,
    });
    if (minor === null) {
      return {
        leftOut: {
          reason: 'unknownCurrency',
          sourceId: d.id,
          why: `its amount is in ${currency}, which has no rate in the config`,
        },
      };
    }
    amount = minor;
  }
  const createdOn = crmUtcDate(d.created);
  if (createdOn === null) return invalid('createdOn: the CRM gave no creation date');
  const record: RowRecord<'deals'> = {
    id: d.id,
    amount,
    stage: nonEmpty(d.stage)?.trim() ?? '',
    createdOn,
  };
  const name = nonEmpty(d.name)?.trim();
  if (name) record.name = name;
  if (d.closed) {
    const closedOn = crmUtcDate(d.closeDate);
    if (closedOn === null) return invalid('closedOn: the deal is closed but the CRM gave no close date');
    record.closedOn = closedOn;
    record.won = d.won;
  }
  const check = dealSchema.safeParse({ ...record, accountId: 'account' });
  if (!check.success) {
    const issue = check.error.issues[0];
    return invalid(`${issue?.path.join('.') || 'deal'}: ${issue?.message ?? 'invalid'}`);
  }
  return { record };
}
