/**
 * The dashboard's outreach figures (issue 35): open tasks per owner with how many are overdue,
 * and the active at-risk accounts nobody has an open task on ("no one on it"). Pure: `today`
 * (a UTC date) is given.
 */
import type { Task } from '../dataset/schema';
import type { AccountReport } from '../metrics/types';

export interface OwnerTasks {
  owner: string;
  open: number;
  overdue: number;
}

export interface OutreachSummary {
  /** Owners with open tasks, most overdue first, then most open, then by name. */
  perOwner: OwnerTasks[];
  open: number;
  overdue: number;
  /** At-risk accounts (in the list's order) with no open task. */
  uncovered: AccountReport[];
}

export function outreachSummary(
  tasks: readonly Task[],
  atRisk: readonly AccountReport[],
  today: string,
): OutreachSummary {
  const byOwner = new Map<string, OwnerTasks>();
  const covered = new Set<string>();
  let open = 0;
  let overdue = 0;
  for (const t of tasks) {
    if (t.status !== 'open') continue;
    covered.add(t.accountId);
    const key = t.owner.trim().toLowerCase();
    const o = byOwner.get(key) ?? { owner: key, open: 0, overdue: 0 };
    o.open++;
    open++;
    if (t.dueOn < today) {
      o.overdue++;
      overdue++;
    }
    byOwner.set(key, o);
  }
  const perOwner = [...byOwner.values()].sort(
    (a, b) => b.overdue - a.overdue || b.open - a.open || a.owner.localeCompare(b.owner),
  );
  return { perOwner, open, overdue, uncovered: atRisk.filter((a) => !covered.has(a.id)) };
}
