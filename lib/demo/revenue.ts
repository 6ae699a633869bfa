/** An account's monthly revenue: seats × price per seat (with any uplift), none while churned. */
import type { RevenueRow } from '../dataset/schema';
import { monthOfDay } from '../metrics/dates';
import type { Ctx } from './context';
import { type Profile, seatsInMonth } from './profile';

/** One row per month from the account's start (or the window's first month) to the last month. */
export function generateRevenue(ctx: Ctx, p: Profile, id: string): RevenueRow[] {
  const M = ctx.asOfMonth;
  const revenue: RevenueRow[] = [];
  const startMonth = monthOfDay(p.startDay);
  for (let m = Math.max(startMonth, ctx.firstMonth); m <= M; m++) {
    let mrr = 0;
    const churned =
      p.churnMonth !== null && m >= p.churnMonth && (p.returnMonth === null || m < p.returnMonth);
    if (!churned) {
      const uplift = p.upliftMonth !== null && m >= p.upliftMonth ? 1.05 : 1;
      mrr = Math.round((seatsInMonth(p, m) * p.pricePerSeat * uplift) / 100) * 100;
    }
    revenue.push({ accountId: id, month: ctx.months[m - ctx.firstMonth], mrr });
  }
  return revenue;
}
