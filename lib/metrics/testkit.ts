/**
 * Builders for the metrics tests (not used by the product code): literal datasets with only the
 * fields a test cares about, everything else defaulted.
 */
import {
  type Account,
  type Dataset,
  emptyDataset,
  type RevenueRow,
  type Survey,
  type Ticket,
  type UsageRow,
  type User,
} from '../dataset/schema';
import { dateOfDay, dayNumber } from './dates';

export function account(id: string, extra: Partial<Account> = {}): Account {
  return {
    id,
    name: `Account ${id}`,
    domains: [],
    crm: {},
    updatedAt: '2026-10-31T00:00:00Z',
    planId: undefined,
    seats: undefined,
    segment: undefined,
    owner: undefined,
    startedOn: undefined,
    renewsOn: undefined,
    acquisitionCost: undefined,
    dealCreatedOn: undefined,
    dealClosedOn: undefined,
    milestones: undefined,
    ...extra,
  };
}

export function dataset(parts: Partial<Dataset> = {}): Dataset {
  return {
    ...emptyDataset({ schemaVersion: 1, currency: 'USD', generatedAt: undefined, dataThrough: undefined }),
    ...parts,
  };
}

/** Revenue rows from a `{month: mrr}` map. */
export function revenue(accountId: string, byMonth: Record<string, number>): RevenueRow[] {
  return Object.entries(byMonth).map(([month, mrr]) => ({ accountId, month, mrr }));
}

export function usageRow(
  accountId: string,
  date: string,
  dau: number,
  extra: Partial<UsageRow> = {},
): UsageRow {
  return { accountId, date, dau, wau: dau, mau: dau, minutes: 0, sessions: 0, ...extra };
}

/** One usage row per day from `from` to `to` inclusive; `f(date, i)` gives the row's fields. */
export function usageRun(
  accountId: string,
  from: string,
  to: string,
  f: (date: string, i: number) => Partial<UsageRow> & { dau: number },
): UsageRow[] {
  const out: UsageRow[] = [];
  const a = dayNumber(from);
  const b = dayNumber(to);
  for (let d = a; d <= b; d++) {
    const date = dateOfDay(d);
    const { dau, ...rest } = f(date, d - a);
    out.push(usageRow(accountId, date, dau, rest));
  }
  return out;
}

export function user(accountId: string, id: string, extra: Partial<User> = {}): User {
  return {
    accountId,
    id,
    email: undefined,
    name: undefined,
    title: undefined,
    champion: false,
    firstSeenOn: undefined,
    lastSeenOn: undefined,
    features: {},
    ...extra,
  };
}

export function ticket(accountId: string, id: string, openedAt: string, extra: Partial<Ticket> = {}): Ticket {
  return {
    id,
    accountId,
    openedAt,
    firstResponseAt: undefined,
    solvedAt: undefined,
    priority: 'normal',
    status: 'solved',
    subject: undefined,
    csat: undefined,
    ...extra,
  };
}

export function survey(
  accountId: string,
  id: string,
  respondedOn: string,
  kind: 'nps' | 'csat',
  score: number,
): Survey {
  return { id, accountId, respondedOn, kind, score, comment: undefined, userId: undefined };
}

/** `date` shifted by `days` (negative: earlier). */
export function shift(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** Every number reachable from `x` (paths included), for NaN/Infinity checks. */
export function numbersIn(x: unknown, path = '$', out: [string, number][] = []): [string, number][] {
  if (typeof x === 'number') out.push([path, x]);
  else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) numbersIn(x[i], `${path}[${i}]`, out);
  } else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) numbersIn(v, `${path}.${k}`, out);
  return out;
}
