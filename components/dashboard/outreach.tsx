/** The dashboard's "Outreach" card: open tasks per owner, overdue counts, and "no one on it". */
import { useContext, useEffect, useState } from 'react';
import { ColumnHeads } from '@/components/page-parts';
import type { Task } from '@/lib/dataset/schema';
import { outreachSummary } from '@/lib/portfolio/outreach';
import type { DashboardView } from '@/lib/portfolio/view';
import { OutreachContext } from '../outreach';
import { useShowAll } from './parts';

/** "No one on it" shows this many accounts before "Show all". */
const UNCOVERED_LIMIT = 8;

export function OutreachCard({ v, today, locale }: { v: DashboardView; today: string; locale: string }) {
  const api = useContext(OutreachContext);
  const [tasks, setTasks] = useState<Task[]>([]);
  useEffect(() => (api ? api.watchTasks(null, setTasks) : undefined), [api]);
  const s = outreachSummary(tasks, v.atRisk, today);
  const { shown, toggle } = useShowAll(s.uncovered, UNCOVERED_LIMIT, locale);
  if (!api) return null;
  return (
    <div className="db-card db-span-all" data-testid="outreach">
      <h3>Outreach</h3>
      <p className="hb-muted">
        {s.open} open task{s.open === 1 ? '' : 's'}, {s.overdue} overdue.
      </p>
      {s.perOwner.length > 0 && (
        <table className="db-table" data-testid="tasks-per-owner">
          <ColumnHeads columns={['Owner', 'Open', 'Overdue']} />
          <tbody>
            {s.perOwner.map((o) => (
              <tr key={o.owner}>
                <td>{o.owner}</td>
                <td>{o.open}</td>
                <td className={o.overdue > 0 ? 'db-bad' : undefined}>{o.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>No one on it ({s.uncovered.length})</h4>
      {s.uncovered.length === 0 ? (
        <p className="hb-muted">Every at-risk account has an open task.</p>
      ) : (
        <>
          <ul data-testid="no-one-on-it">
            {shown.map((a) => (
              <li key={a.id}>
                {a.name}
                {a.owner ? ` · ${a.owner}` : ''}
              </li>
            ))}
          </ul>
          {toggle}
        </>
      )}
    </div>
  );
}
