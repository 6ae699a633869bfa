import { describe, expect, it } from 'vitest';
import type { Task } from '../dataset/schema';
import type { AccountReport } from '../metrics/types';
import { outreachSummary } from './outreach';

const task = (
  id: string,
  accountId: string,
  owner: string,
  dueOn: string,
  status: Task['status'] = 'open',
): Task => ({
  id,
  accountId,
  owner,
  dueOn,
  status,
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-01T00:00:00Z',
});
const acc = (id: string) => ({ id, name: `Account ${id}` }) as AccountReport;

describe('outreachSummary', () => {
  it('counts open and overdue tasks per owner (e-mails alike whatever their case) and finds at-risk accounts no one is on', () => {
    const s = outreachSummary(
      [
        task('1', 'a', 'Alice@example.com', '2026-10-30'),
        task('2', 'b', 'alice@example.com', '2026-11-05'),
        task('3', 'c', 'bob@example.com', '2026-11-01'),
        task('4', 'd', 'bob@example.com', '2026-10-01', 'done'),
      ],
      [acc('a'), acc('d'), acc('e')],
      '2026-10-31',
    );
    expect(s.perOwner).toEqual([
      { owner: 'alice@example.com', open: 2, overdue: 1 },
      { owner: 'bob@example.com', open: 1, overdue: 0 },
    ]);
    expect([s.open, s.overdue]).toEqual([3, 1]);
    // d's only task is done: no one is on it.
    expect(s.uncovered.map((a) => a.id)).toEqual(['d', 'e']);
  });
});
