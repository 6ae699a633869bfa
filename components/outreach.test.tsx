// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sentiment, Task } from '@/lib/dataset/schema';
import type { RefusedRow } from '@/lib/db/db';
import type { Request } from '@/lib/ext/messages';
import type { Signal } from '@/lib/metrics/types';
import {
  MyTasks,
  OpenTasks,
  type OutreachApi,
  OutreachContext,
  SentimentForm,
  StartOutreach,
} from './outreach';

afterEach(cleanup);

const signal: Signal = { id: 'usage-decline', kind: 'risk', severity: 'medium', evidence: 'e', action: 'a' };

/** A fake API over an in-memory task list; `send` applies what the background would. */
function fake(
  options: {
    tasks?: Task[];
    me?: string;
    connected?: boolean;
    localOnly?: boolean;
    refused?: RefusedRow[];
  } = {},
) {
  let tasks = options.tasks ?? [];
  let refused = options.refused ?? [];
  const sentiments: Sentiment[] = [];
  const watchers = new Set<() => void>();
  const sent: Request[] = [];
  const api: OutreachApi = {
    watchTasks(accountId, on) {
      const w = () => on(tasks.filter((t) => accountId === null || t.accountId === accountId));
      watchers.add(w);
      w();
      return () => watchers.delete(w);
    },
    watchRefused(accountId, on) {
      const w = () => on(refused.filter((r) => accountId === null || r.accountId === accountId));
      watchers.add(w);
      w();
      return () => watchers.delete(w);
    },
    watchSentiment(accountId, on) {
      const w = () => on(sentiments.filter((x) => x.accountId === accountId).at(-1));
      watchers.add(w);
      w();
      return () => watchers.delete(w);
    },
    me: async () => options.me,
    accountNames: async (ids) => new Map(ids.map((id) => [id, id === 'a1' ? 'Acme' : id])),
    connected: async () => options.connected ?? true,
    async send(req) {
      sent.push(req);
      if (req.type === 'task-create') tasks = [...tasks, req.task];
      if (req.type === 'sentiment-record') sentiments.push(req.entry);
      if (req.type === 'refused-dismiss') refused = refused.filter((r) => r.id !== req.id);
      if (req.type === 'task-update')
        tasks = tasks.map((t) => (t.id === req.id ? { ...t, ...(req.patch as Partial<Task>) } : t));
      for (const w of watchers) w();
      return { ok: true, data: { localOnly: options.localOnly ?? false, pending: 0, failed: [] } };
    },
    now: () => new Date('2026-10-31T12:00:00Z'),
    newId: () => 'id-1',
  };
  return { api, sent };
}

const task = (id: string, dueOn: string, extra: Partial<Task> = {}): Task => ({
  id,
  accountId: 'a1',
  owner: 'alice@example.com',
  dueOn,
  status: 'open',
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-01T00:00:00Z',
  ...extra,
});

describe('outreach in the panel', () => {
  it('"Start outreach" creates my task due in 7 days for a medium signal, then shows who is on it', async () => {
    const { api, sent } = fake({ me: 'alice@example.com' });
    render(
      <OutreachContext.Provider value={api}>
        <StartOutreach accountId="a1" signal={signal} />
        <OpenTasks accountId="a1" />
      </OutreachContext.Provider>,
    );
    expect(screen.getByText('No one is on this account yet.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('start-outreach-usage-decline'));
    await waitFor(() =>
      expect(screen.getByText(/^On it: alice@example.com, due 2026-11-07/).textContent).toContain(
        'Saved and shared with your team.',
      ),
    );
    expect(sent).toEqual([
      {
        type: 'task-create',
        task: {
          id: 'id-1',
          accountId: 'a1',
          signalId: 'usage-decline',
          owner: 'alice@example.com',
          dueOn: '2026-11-07',
          status: 'open',
          createdAt: '2026-10-31T12:00:00.000Z',
          updatedAt: '2026-10-31T12:00:00.000Z',
        },
      },
    ]);
    expect(screen.getByTestId('open-tasks').textContent).toContain('alice@example.com · due 2026-11-07');
  });

  it('says a task stays in this browser when no server is connected, and asks for my e-mail first', async () => {
    const { api, sent } = fake({ connected: false });
    render(
      <OutreachContext.Provider value={api}>
        <StartOutreach accountId="a1" signal={signal} />
        <OpenTasks accountId="a1" />
      </OutreachContext.Provider>,
    );
    await waitFor(() =>
      expect(screen.getByText(/Tasks stay in this browser: no server is connected/)).toBeTruthy(),
    );
    fireEvent.click(screen.getByTestId('start-outreach-usage-decline'));
    await waitFor(() => expect(screen.getByText(/Set "My email" in the options first/)).toBeTruthy());
    expect(sent).toEqual([]);
  });

  it('"Done" sends only the status with its time, and the task leaves the open list', async () => {
    const { api, sent } = fake({ tasks: [task('t1', '2026-10-20')] });
    render(
      <OutreachContext.Provider value={api}>
        <OpenTasks accountId="a1" />
      </OutreachContext.Provider>,
    );
    expect(screen.getByTestId('open-tasks').textContent).toContain('(overdue)');
    fireEvent.click(screen.getByText('Done'));
    await waitFor(() => expect(screen.getByText('No one is on this account yet.')).toBeTruthy());
    expect(sent).toEqual([
      { type: 'task-update', id: 't1', patch: { status: 'done', updatedAt: '2026-10-31T12:00:00.000Z' } },
    ]);
  });
});

describe('My tasks (popup)', () => {
  it('lists my open tasks, overdue first, named by account', async () => {
    const { api } = fake({
      me: 'Alice@example.com',
      tasks: [
        task('later', '2026-11-20'),
        task('overdue', '2026-10-25'),
        task('bobs', '2026-10-01', { owner: 'bob@example.com' }),
        task('done', '2026-10-02', { status: 'done' }),
      ],
    });
    render(
      <OutreachContext.Provider value={api}>
        <MyTasks />
      </OutreachContext.Provider>,
    );
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(2));
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('data-task'))).toEqual([
      'overdue',
      'later',
    ]);
    await waitFor(() =>
      expect(screen.getAllByRole('listitem')[0].textContent).toContain('Acme · due 2026-10-25 (overdue)'),
    );
  });
});

describe('sentiment (panel)', () => {
  it('records good / neutral / poor with a note and my e-mail, and shows the latest entry', async () => {
    const { api, sent } = fake({ me: 'alice@example.com' });
    render(
      <OutreachContext.Provider value={api}>
        <SentimentForm accountId="a1" />
      </OutreachContext.Provider>,
    );
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'angry about the outage' } });
    fireEvent.click(screen.getByText('Poor'));
    await waitFor(() =>
      expect(screen.getByTestId('sentiment-latest').textContent).toBe(
        'Poor · 2026-10-31 · alice@example.com — angry about the outage',
      ),
    );
    expect(sent).toEqual([
      {
        type: 'sentiment-record',
        entry: {
          id: 'id-1',
          accountId: 'a1',
          value: 'poor',
          note: 'angry about the outage',
          author: 'alice@example.com',
          recordedAt: '2026-10-31T12:00:00.000Z',
        },
      },
    ]);
  });

  it('shows a refused write where tasks show (the account’s in the panel, all in the popup) until dismissed', async () => {
    const notice = (id: number, accountId: string, message: string): RefusedRow => ({
      id,
      at: '2026-10-31T12:00:00Z',
      kind: 'task',
      recordId: `t${id}`,
      accountId,
      status: 403,
      message,
    });
    const { api, sent } = fake({
      me: 'alice@example.com',
      refused: [notice(1, 'a1', 'Refused on Acme.'), notice(2, 'a2', 'Refused on Globex.')],
    });
    const { unmount } = render(
      <OutreachContext.Provider value={api}>
        <OpenTasks accountId="a1" />
      </OutreachContext.Provider>,
    );
    expect(screen.getByTestId('refused').textContent).toContain('Refused on Acme.');
    expect(screen.getByTestId('refused').textContent).not.toContain('Globex');
    unmount();
    render(
      <OutreachContext.Provider value={api}>
        <MyTasks />
      </OutreachContext.Provider>,
    );
    const all = screen.getByRole('alert');
    expect(all.textContent).toContain('Refused on Acme.');
    expect(all.textContent).toContain('Refused on Globex.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss' })[0]);
    await waitFor(() => expect(screen.getByRole('alert').textContent).not.toContain('Acme'));
    expect(sent).toContainEqual({ type: 'refused-dismiss', id: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
