/**
 * What the CRM sources (hubspot/, salesforce/) share (CONNECTORS.md, "CRM: HubSpot and
 * Salesforce"): reading a CRM date value as a UTC calendar date, and picking each account's first
 * closed-won deal. Pure.
 */
import type { z } from 'zod';
import { isCalendarDate } from '../dataset/schema';
import type { LeftOut } from './types';

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
