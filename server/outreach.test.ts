import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTombstone } from '../lib/contracts/sync-page';
import type { Task } from '../lib/dataset/schema';
import { mergeTaskPatch } from './outreach';
import {
  account,
  dataset,
  openTestDb,
  resetDb,
  startServer,
  syncAll,
  type TestDb,
  type TestServer,
} from './test/helpers';

let tdb: TestDb;
let srv: TestServer;
let admin: string;

beforeAll(async () => {
  tdb = await openTestDb();
});
afterAll(async () => {
  await tdb?.close();
});
beforeEach(async () => {
  await resetDb(tdb.db);
  srv = await startServer(tdb.db);
  admin = await srv.token();
  const r = await srv.importJson(
    dataset([account('a1', 'alice@example.com'), account('b1', 'bob@example.com')]),
    admin,
  );
  expect(r.status).toBe(200);
  return async () => {
    await srv.close();
  };
});

const task = (extra: Partial<Task> = {}): Task => ({
  id: 'task-1',
  accountId: 'a1',
  signalId: 'usage-decline',
  owner: 'alice@example.com',
  dueOn: '2026-11-02',
  status: 'open',
  createdAt: '2026-10-31T09:00:00Z',
  updatedAt: '2026-10-31T09:00:00Z',
  ...extra,
});

function send(method: string, path: string, token: string, body: unknown, type = 'application/json') {
  return fetch(new URL(path, srv.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function syncedTasks(token: string, cursor?: string) {
  const { changes, cursor: next } = await syncAll(srv.url, token, { cursor });
  return {
    cursor: next,
    changes: changes.filter((c) => c.collection === 'tasks' || c.collection === 'sentiment'),
  };
}

describe('POST /v1/tasks', () => {
  it('creates (201), answers 200 for the same id and content, 409 for other content, and syncs once', async () => {
    const before = await syncedTasks(admin);
    expect(before.changes).toEqual([]);
    const r1 = await send('POST', '/v1/tasks', admin, task());
    expect(r1.status).toBe(201);
    expect(await r1.json()).toEqual(task());
    const r2 = await send('POST', '/v1/tasks', admin, task());
    expect(r2.status).toBe(200);
    const r3 = await send('POST', '/v1/tasks', admin, task({ note: 'other' }));
    expect(r3.status).toBe(409);
    expect((await r3.json()).record).toEqual(task());
    const after = await syncedTasks(admin, before.cursor);
    expect(after.changes).toEqual([{ collection: 'tasks', record: task() }]);
    // The retried POST wrote nothing: the feed is caught up.
    expect((await syncedTasks(admin, after.cursor)).changes).toEqual([]);
  });

  it("a book token writes on its book's accounts only; unknown accounts are refused alike (403)", async () => {
    const alice = await srv.token('alice@example.com');
    const bob = await srv.token('bob@example.com');
    expect((await send('POST', '/v1/tasks', alice, task())).status).toBe(201);
    const other = await send('POST', '/v1/tasks', alice, task({ id: 'task-2', accountId: 'b1' }));
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe('forbidden');
    expect((await send('POST', '/v1/tasks', admin, task({ id: 'task-3', accountId: 'nope' }))).status).toBe(
      403,
    );
    // Bob cannot read or overwrite Alice's task through its id either.
    expect((await send('POST', '/v1/tasks', bob, task())).status).toBe(403);
    expect(
      (await send('PATCH', '/v1/tasks/task-1', bob, { status: 'done', updatedAt: '2026-10-31T10:00:00Z' }))
        .status,
    ).toBe(403);
    // Each book sees its own book's tasks through sync; the workspace sees them all.
    expect((await syncedTasks(alice)).changes).toEqual([{ collection: 'tasks', record: task() }]);
    expect((await syncedTasks(bob)).changes).toEqual([]);
    expect((await syncedTasks(admin)).changes).toHaveLength(1);
  });

  it('refuses an invalid task with the field and reason (400), a non-JSON body (415) and bad JSON (400)', async () => {
    const r = await send('POST', '/v1/tasks', admin, task({ dueOn: '2026-02-30' }));
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/dueOn/);
    expect((await send('POST', '/v1/tasks', admin, '{}', 'text/plain')).status).toBe(415);
    expect((await send('POST', '/v1/tasks', admin, '{nope')).status).toBe(400);
  });
});

describe('PATCH /v1/tasks/{id}', () => {
  it('keeps both of two concurrent edits of two fields, and the later stamp of one field', async () => {
    expect((await send('POST', '/v1/tasks', admin, task())).status).toBe(201);
    const { cursor } = await syncedTasks(admin);
    // Two people edited offline: one marked it done at 10:05, the other changed the due day at 10:00.
    const done = await send('PATCH', '/v1/tasks/task-1', admin, {
      status: 'done',
      updatedAt: '2026-10-31T10:05:00Z',
    });
    expect(done.status).toBe(200);
    const due = await send('PATCH', '/v1/tasks/task-1', admin, {
      dueOn: '2026-11-05',
      updatedAt: '2026-10-31T10:00:00Z',
    });
    expect(due.status).toBe(200);
    const expected = task({ status: 'done', dueOn: '2026-11-05', updatedAt: '2026-10-31T10:05:00Z' });
    expect(await due.json()).toEqual(expected);
    // An older change of a field already changed later is not taken.
    const stale = await send('PATCH', '/v1/tasks/task-1', admin, {
      status: 'open',
      updatedAt: '2026-10-31T10:01:00Z',
    });
    expect(await stale.json()).toEqual(expected);
    const { changes } = await syncedTasks(admin, cursor);
    expect(changes.at(-1)).toEqual({ collection: 'tasks', record: expected });
    expect(changes).toHaveLength(1); // one live row: the feed carries its latest version
  });

  it('clears the note with null; refuses unknown fields, an empty change (400) and an unknown task (404)', async () => {
    expect((await send('POST', '/v1/tasks', admin, task({ note: 'call Monday' }))).status).toBe(201);
    const cleared = await send('PATCH', '/v1/tasks/task-1', admin, {
      note: null,
      updatedAt: '2026-10-31T11:00:00Z',
    });
    expect(await cleared.json()).toEqual(task({ updatedAt: '2026-10-31T11:00:00Z' }));
    expect(
      (await send('PATCH', '/v1/tasks/task-1', admin, { accountId: 'b1', updatedAt: '2026-10-31T12:00:00Z' }))
        .status,
    ).toBe(400);
    expect(
      (await send('PATCH', '/v1/tasks/task-1', admin, { updatedAt: '2026-10-31T12:00:00Z' })).status,
    ).toBe(400);
    expect(
      (await send('PATCH', '/v1/tasks/nope', admin, { status: 'done', updatedAt: '2026-10-31T12:00:00Z' }))
        .status,
    ).toBe(404);
  });

  it('an imported task (no stamps) takes a change later than its updatedAt; a re-import with other content resets the stamps', async () => {
    const imported = await srv.importJson(
      dataset([account('a1', 'alice@example.com')], { tasks: [task({ updatedAt: '2026-10-31T12:00:00Z' })] }),
      admin,
    );
    expect(imported.status).toBe(200);
    const early = await send('PATCH', '/v1/tasks/task-1', admin, {
      status: 'done',
      updatedAt: '2026-10-31T11:00:00Z',
    });
    expect((await early.json()).status).toBe('open');
    const late = await send('PATCH', '/v1/tasks/task-1', admin, {
      status: 'done',
      updatedAt: '2026-10-31T13:00:00Z',
    });
    expect((await late.json()).status).toBe('done');
    const again = await srv.importJson(
      dataset([account('a1', 'alice@example.com')], {
        tasks: [task({ note: 'from the CRM', updatedAt: '2026-10-31T12:30:00Z' })],
      }),
      admin,
    );
    expect(again.status).toBe(200);
    // The stamps went with the replaced record: 12:45 is later than the imported task's updatedAt.
    const after = await send('PATCH', '/v1/tasks/task-1', admin, {
      status: 'done',
      updatedAt: '2026-10-31T12:45:00Z',
    });
    expect(await after.json()).toEqual(
      task({ note: 'from the CRM', status: 'done', updatedAt: '2026-10-31T12:45:00Z' }),
    );
  });
});

describe('mergeTaskPatch', () => {
  it('takes a field only when the change is later than its stamp (equal stamps keep the stored value)', () => {
    const t = task();
    const same = mergeTaskPatch(t, {}, { status: 'done', updatedAt: t.updatedAt });
    expect(same.taken).toEqual([]);
    const later = mergeTaskPatch(
      t,
      { status: '2026-10-31T10:00:00Z' },
      {
        status: 'done',
        owner: 'bob@example.com',
        updatedAt: '2026-10-31T09:30:00Z',
      },
    );
    expect(later.taken).toEqual(['owner']);
    expect(later.task.owner).toBe('bob@example.com');
    expect(later.task.status).toBe('open');
    expect(later.stamps).toEqual({
      owner: '2026-10-31T09:30:00Z',
      dueOn: t.updatedAt,
      note: t.updatedAt,
      status: '2026-10-31T10:00:00Z',
    });
  });
});

describe('POST /v1/sentiments', () => {
  const entry = {
    id: 'sent-1',
    accountId: 'a1',
    value: 'poor',
    note: 'angry about the outage',
    author: 'alice@example.com',
    recordedAt: '2026-10-31T09:00:00Z',
  };
  it('records (201), is idempotent (200), refuses another book (403), and syncs to the book', async () => {
    const alice = await srv.token('alice@example.com');
    expect((await send('POST', '/v1/sentiments', alice, entry)).status).toBe(201);
    expect((await send('POST', '/v1/sentiments', alice, entry)).status).toBe(200);
    expect(
      (await send('POST', '/v1/sentiments', alice, { ...entry, id: 'sent-2', accountId: 'b1' })).status,
    ).toBe(403);
    expect(
      (await send('POST', '/v1/sentiments', alice, { ...entry, id: 'sent-3', value: 'great' })).status,
    ).toBe(400);
    expect((await syncedTasks(alice)).changes).toEqual([{ collection: 'sentiment', record: entry }]);
  });

  it('an account that changes owner takes its tasks and sentiment to the new book', async () => {
    const alice = await srv.token('alice@example.com');
    const bob = await srv.token('bob@example.com');
    expect((await send('POST', '/v1/tasks', alice, task())).status).toBe(201);
    expect((await send('POST', '/v1/sentiments', alice, entry)).status).toBe(201);
    const a = await syncedTasks(alice);
    const b = await syncedTasks(bob);
    expect((await srv.importJson(dataset([account('a1', 'bob@example.com')]), admin)).status).toBe(200);
    const aAfter = await syncedTasks(alice, a.cursor);
    expect(aAfter.changes.filter(isTombstone).map((c) => ('id' in c ? c.id : ''))).toEqual(
      expect.arrayContaining(['task-1', 'sent-1']),
    );
    const bAfter = await syncedTasks(bob, b.cursor);
    expect(bAfter.changes.filter((c) => !isTombstone(c))).toHaveLength(2);
  });
});

describe('OpenAPI', () => {
  it('describes the outreach endpoints', async () => {
    const doc = await (await fetch(new URL('/v1/openapi.json', srv.url))).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/tasks', '/v1/tasks/{id}', '/v1/sentiments']),
    );
    expect(doc.components.schemas.TaskPatch.additionalProperties).toBe(false);
  });
});
