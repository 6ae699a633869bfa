// @vitest-environment happy-dom
/** The dashboard's "Outreach" card: tasks per owner, overdue, and "No one on it" with "Show all". */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '@/lib/dataset/schema';
import { generateDataset } from '@/lib/demo/generate';
import { DEFAULT_SETTINGS } from '@/lib/metrics';
import { computeDashboard } from '@/lib/portfolio/view';
import { type OutreachApi, OutreachContext } from '../outreach';
import { OutreachCard } from './outreach';

afterEach(cleanup);

const view = computeDashboard({
  dataset: generateDataset({ accounts: 120, seed: 42, asOf: '2026-10-31' }),
  today: '2026-11-23',
  settings: DEFAULT_SETTINGS,
  filters: { owner: 'all', segment: 'all', plan: 'all' },
  myEmail: '',
});

function api(tasks: Task[]): OutreachApi {
  return {
    watchTasks: (_id, on) => {
      on(tasks);
      return () => {};
    },
    watchRefused: (_id, on) => {
      on([]);
      return () => {};
    },
    watchSentiment: () => () => {},
    me: async () => undefined,
    accountNames: async () => new Map(),
    connected: async () => true,
    send: async () => {
      throw new Error('not used');
    },
    now: () => new Date('2026-11-23T10:00:00Z'),
    newId: () => 'id',
  };
}

const task = (accountId: string, owner: string, dueOn: string): Task => ({
  id: `t-${accountId}`,
  accountId,
  owner,
  dueOn,
  status: 'open',
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z',
});

describe('Outreach card', () => {
  it('lists the first at-risk accounts no one is on, then shows them all on request', () => {
    const atRisk = view.atRisk;
    expect(atRisk.length).toBeGreaterThan(10);
    // One overdue task on the first at-risk account takes it off the list.
    const tasks = [task(atRisk[0].id, 'Ana@acme.com', '2026-11-20')];
    render(
      <OutreachContext.Provider value={api(tasks)}>
        <OutreachCard v={view} today="2026-11-23" locale="en-US" />
      </OutreachContext.Provider>,
    );
    const card = screen.getByTestId('outreach');
    expect(card.textContent).toContain('1 open task, 1 overdue.');
    const owners = within(screen.getByTestId('tasks-per-owner')).getAllByRole('row');
    expect(owners[1].textContent).toBe('ana@acme.com11');
    const uncovered = atRisk.length - 1;
    expect(card.textContent).toContain(`No one on it (${uncovered})`);
    const items = () => within(screen.getByTestId('no-one-on-it')).getAllByRole('listitem');
    expect(items()).toHaveLength(8);
    expect(items()[0].textContent).toContain(atRisk[1].name);
    fireEvent.click(within(card).getByRole('button', { name: `Show all ${uncovered}` }));
    expect(items()).toHaveLength(uncovered);
    fireEvent.click(within(card).getByRole('button', { name: 'Show fewer' }));
    expect(items()).toHaveLength(8);
  });

  it('says so when every at-risk account has an open task, and shows nothing without outreach', () => {
    const tasks = view.atRisk.map((a) => task(a.id, 'ana@acme.com', '2026-12-01'));
    const { unmount } = render(
      <OutreachContext.Provider value={api(tasks)}>
        <OutreachCard v={view} today="2026-11-23" locale="en-US" />
      </OutreachContext.Provider>,
    );
    expect(screen.getByTestId('outreach').textContent).toContain('Every at-risk account has an open task.');
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
    unmount();
    render(<OutreachCard v={view} today="2026-11-23" locale="en-US" />);
    expect(screen.queryByTestId('outreach')).toBeNull();
  });
});
