/** The dashboard's "Outreach" card: open tasks per owner, overdue counts, and "no one on it". */
import { useContext, useEffect, useState } from 'react';
import { ColumnHeads } from '@/components/page-parts';
import type { Task } from '@/lib/dataset/schema';
import { outreachSummary } from '@/lib/portfolio/outreach';
import type { DashboardView } from '@/lib/portfolio/view';
import { OutreachContext } from '../outreach';

export function OutreachCard({ v, today }: { v: DashboardView; today: string }) {
  const api = useContext(OutreachContext);
  const [tasks, setTasks] = useState<Task[]>([]);
  useEffect(() => (api ? api.watchTasks(null, setTasks) : undefined), [api]);
  if (!api) return null;
  const s = outreachSummary(tasks, v.atRisk, today);
  return (
    <div className="db-card db-span-all" data-testid="outreach">
      <h3>Outreach</h3>
      <p className="hb-muted">
        {s.open} open tasks, {s.overdue} overdue.
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
        <ul data-testid="no-one-on-it">
          {s.uncovered.map((a) => (
            <li key={a.id}>
              {a.name}
              {a.owner ? ` · ${a.owner}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
