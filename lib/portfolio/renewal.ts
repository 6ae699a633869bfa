/**
 * How an account's renewal reads for people, one definition for the panel, the popup, the
 * dashboard lists and the exports (issue 33):
 * - a churned account has no renewal to count down: "Churned in October 2026 — last MRR $2,392";
 * - a renewal date already past is stale CRM data, not a countdown: "renewal date passed on
 *   3 Jan 2025 — update it in the CRM" (never "renewal 668 days ago");
 * - otherwise "in 45 days", "today", "tomorrow" (daysFromNow).
 */
import { day, daysFromNow, fullMonth, money } from '../format';
import { dateOfDay, dayNumber } from '../metrics/dates';
import type { AccountReport } from '../metrics/types';

type StatusFields = Pick<AccountReport, 'status' | 'churnedIn' | 'lastMrr'>;

/** "Churned in October 2026 — last MRR $2,392" for a churned account; null for any other. */
export function churnText(a: StatusFields, currency: string, locale = 'en-US'): string | null {
  if (a.status !== 'churned') return null;
  return `Churned in ${fullMonth(a.churnedIn)} — last MRR ${money(a.lastMrr, currency, locale)}`;
}

/** The renewal date, from the report's date and `renewsInDays` (null when unknown). */
export function renewalDate(asOf: string, renewsInDays: number | null): string | null {
  return renewsInDays === null ? null : dateOfDay(dayNumber(asOf) + renewsInDays);
}

/** The renewal countdown: "in 45 days", or for a past date "renewal date passed on … — update it in the CRM"; null when unknown. */
export function renewalText(asOf: string, renewsInDays: number | null): string | null {
  if (renewsInDays === null) return null;
  if (renewsInDays < 0)
    return `renewal date passed on ${day(renewalDate(asOf, renewsInDays))} — update it in the CRM`;
  return daysFromNow(renewsInDays);
}

/**
 * One line for a list row: the churn sentence for a churned account, else "renewal in 45 days" /
 * "renewal date passed on … — update it in the CRM" / "renewal unknown".
 */
export function renewalLine(
  a: StatusFields & Pick<AccountReport, 'renewsInDays'>,
  asOf: string,
  currency: string,
  locale = 'en-US',
): string {
  const churn = churnText(a, currency, locale);
  if (churn !== null) return churn;
  const t = renewalText(asOf, a.renewsInDays);
  if (t === null) return 'renewal unknown';
  return a.renewsInDays !== null && a.renewsInDays < 0 ? t : `renewal ${t}`;
}
