/** The background's outreach writes: the cache at once, the outbox until the server has them. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openTasksInOrder, outreachTask } from '../contracts/outreach';
import { openDb } from '../db/db';
import { changeTask, dismissRefused, flush, writeSentiment, writeTask } from './outreach';

const conn = { apiUrl: 'http://127.0.0.1:9/', token: 'hb_test' };
const now = new Date('2026-10-31T23:30:00Z');
const task = outreachTask({
  id: 'task-1',
  accountId: 'a1',
  signal: { id: 'usage-decline', severity: 'high' },
  owner: 'alice@example.com',
  now,
});

/** A server stand-in: answers each send with the next status, or throws (offline) when `online` is false. */
function server() {
  const sent: { method: string; url: string; body: unknown }[] = [];
  const s = {
    online: true,
    status: 201,
    sent,
    fetch: (async (url: URL, init: RequestInit) => {
      if (!s.online) throw new TypeError('Failed to fetch');
      sent.push({ method: String(init.method), url: String(url), body: JSON.parse(String(init.body)) });
      return new Response(
        JSON.stringify(s.status < 300 ? {} : { error: { code: 'x', message: 'refused: outside the book' } }),
        {
          status: s.status,
          headers: { 'content-type': 'application/json' },
        },
      );
    }) as unknown as typeof fetch,
  };
  return s;
}

describe('outreachTask', () => {
  it('is due today (UTC) + 2 / 7 / 14 days by severity, owned by me, open', () => {
    expect(task).toEqual({
      id: 'task-1',
      accountId: 'a1',
      signalId: 'usage-decline',
      owner: 'alice@example.com',
      dueOn: '2026-11-02',
      status: 'open',
      createdAt: '2026-10-31T23:30:00.000Z',
      updatedAt: '2026-10-31T23:30:00.000Z',
    });
    const due = (severity: 'medium' | 'low') =>
      outreachTask({ id: 'x', accountId: 'a1', signal: { id: 's', severity }, owner: 'a', now }).dueOn;
    expect([due('medium'), due('low')]).toEqual(['2026-11-07', '2026-11-14']);
  });

  it('orders open tasks overdue first (earliest due), leaving done ones out', () => {
    const t = (id: string, dueOn: string, status: 'open' | 'done' = 'open') => ({
      ...task,
      id,
      dueOn,
      status,
    });
    expect(
      openTasksInOrder([t('b', '2026-11-09'), t('c', '2026-10-01', 'done'), t('a', '2026-10-20')]).map(
        (x) => x.id,
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('outreach writes', () => {
  it('a task written offline is kept, then delivered once on reconnect', async () => {
    const db = openDb({ name: 'outreach-offline' });
    const s = server();
    s.online = false;
    const w = await writeTask(db, task, conn, s.fetch);
    expect(w).toEqual({ localOnly: false, pending: 1, failed: [] });
    expect(await db.tasks.get('task-1')).toEqual(task);
    // A change while still offline queues behind the create.
    const c = await changeTask(
      db,
      'task-1',
      { status: 'done', updatedAt: '2026-11-01T08:00:00Z' },
      conn,
      s.fetch,
    );
    expect(c).toEqual({ localOnly: false, pending: 2, failed: [] });
    expect((await db.tasks.get('task-1'))?.status).toBe('done');
    s.online = true;
    // Two flushes at once (a sync and the reconnect) still send each write once, in order.
    const [a, b] = await Promise.all([flush(db, conn, s.fetch), flush(db, conn, s.fetch)]);
    expect(a.pending).toBe(0);
    expect(b.pending).toBe(0);
    expect(s.sent.map((x) => `${x.method} ${x.url}`)).toEqual([
      'POST http://127.0.0.1:9/v1/tasks',
      'PATCH http://127.0.0.1:9/v1/tasks/task-1',
    ]);
    expect(s.sent[0].body).toEqual(task);
    expect(s.sent[1].body).toEqual({ status: 'done', updatedAt: '2026-11-01T08:00:00Z' });
  });

  it('with no server the writes stay in this browser (nothing queued)', async () => {
    const db = openDb({ name: 'outreach-local' });
    const s = server();
    const w = await writeSentiment(
      db,
      { id: 'se-1', accountId: 'a1', value: 'poor', recordedAt: '2026-10-31T09:00:00Z' },
      {},
      s.fetch,
    );
    expect(w).toEqual({ localOnly: true, pending: 0, failed: [] });
    expect(await db.sentiment.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(s.sent).toEqual([]);
  });

  it('a task refused with 403 (outside the book) leaves the queue and the cache, with a notice saying what to do; a 5xx or 401 stays queued', async () => {
    const db = openDb({ name: 'outreach-refused' });
    await db.accounts.put({
      id: 'a1',
      name: 'Acme',
      domains: [],
      crm: {},
      updatedAt: '2026-10-01T00:00:00Z',
      _order: 0,
      _domains: [],
      _name: 'acme',
    });
    const s = server();
    s.status = 503;
    expect((await writeTask(db, task, conn, s.fetch)).pending).toBe(1);
    s.status = 401;
    expect((await flush(db, conn, s.fetch)).pending).toBe(1);
    s.status = 403;
    const r = await flush(db, conn, s.fetch);
    expect(r.pending).toBe(0);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]).toBe(
      `The server refused your task (due ${task.dueOn}) on Acme: the account is not in your book on the server (it may have moved to another owner). It was removed from this browser. Sync to see your book as it is now; if the account should be yours, ask your admin to give it back to you or for a token that covers it, or ask its owner to take it on.`,
    );
    expect(await db.outbox.count()).toBe(0);
    expect(await db.tasks.get('task-1')).toBeUndefined();
    expect(await db.refused.toArray()).toMatchObject([
      { kind: 'task', recordId: 'task-1', accountId: 'a1', status: 403, message: r.failed[0] },
    ]);
    // Never sent again: three sends (503, 401, 403), none after.
    expect((await flush(db, conn, s.fetch)).failed).toEqual([]);
    expect(s.sent).toHaveLength(3);
    const [row] = await db.refused.toArray();
    await dismissRefused(db, row.id as number);
    expect(await db.refused.count()).toBe(0);
  });

  it('a refused sentiment entry leaves the cache (so the score no longer reads it); a 400 says the server’s reason', async () => {
    const db = openDb({ name: 'outreach-refused-sentiment' });
    const s = server();
    s.online = false;
    const entry = {
      id: 'se-1',
      accountId: 'gone',
      value: 'poor' as const,
      note: 'slow',
      recordedAt: '2026-10-31T09:00:00Z',
    };
    await writeSentiment(db, entry, conn, s.fetch);
    s.online = true;
    s.status = 400;
    const r = await flush(db, conn, s.fetch);
    expect(r.failed).toEqual([
      'The server refused your sentiment entry (poor, "slow") on gone: refused: outside the book. It was removed from this browser. Sync, then try again.',
    ]);
    expect(await db.sentiment.count()).toBe(0);
  });

  it('a row an earlier version kept as failed becomes a notice and leaves the queue', async () => {
    const db = openDb({ name: 'outreach-legacy-failed' });
    await db.outbox.add({
      kind: 'task',
      id: 'old',
      accountId: 'a9',
      body: task,
      failed: 'The account is unknown.',
    });
    const s = server();
    const r = await flush(db, conn, s.fetch);
    expect(r).toEqual({
      localOnly: false,
      pending: 0,
      failed: [
        `The server refused your task (due ${task.dueOn}) on a9: The account is unknown. It was not sent again. Sync, then try again.`,
      ],
    });
    expect(s.sent).toEqual([]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a change of a task that is not in the cache is refused with what to do', async () => {
    const db = openDb({ name: 'outreach-missing' });
    expect(await changeTask(db, 'nope', { status: 'done', updatedAt: '2026-11-01T08:00:00Z' }, conn)).toEqual(
      {
        error: 'That task is no longer in the cache; sync and try again.',
      },
    );
  });
});
