/**
 * Outreach tasks and sentiment entries written from this browser (the background runs these):
 * each write goes into the cache at once, so the panel, popup and dashboard show it, and — when a
 * server is connected — into the outbox, which is sent in order now and after every sync or
 * reconnect until the server has it. Sends are idempotent by the id the page made (a retried
 * POST is 200 on the server, a retried PATCH changes nothing), so a write is delivered once
 * however often the connection drops. With no server (import only) the writes stay in this
 * browser's cache and the pages say so.
 *
 * Plain `fetch`, not the sync engine's ky with retries: the outbox itself is the retry (a
 * failed send stays queued for the next sync or reconnect), so one attempt per flush is right.
 */

import type { EntityTable } from 'dexie';
import { applyTaskPatch, type TaskPatch } from '../contracts/outreach';
import type { Sentiment, Task } from '../dataset/schema';
import type { HealthbarDB, OutboxRow } from '../db/db';

export interface Connection {
  apiUrl?: string;
  token?: string;
}

/** What a write did: where it is now, and how many writes still wait for the server. */
export interface OutreachWrite {
  /** No server is connected: the write is kept in this browser's cache only. */
  localOnly: boolean;
  /** Writes in the outbox (not yet delivered), this one included when the send failed. */
  pending: number;
  /** Writes the server refused for good, with their reasons. */
  failed: string[];
}

const connected = (c: Connection): c is Required<Connection> => Boolean(c.apiUrl && c.token);

async function queue(db: HealthbarDB, row: OutboxRow, c: Connection): Promise<void> {
  if (connected(c)) await db.outbox.add(row);
}

/** A new record: into its cache table and the outbox in one transaction, then to the server. */
async function writeNew<T extends Task | Sentiment>(
  db: HealthbarDB,
  table: EntityTable<T, 'id'>,
  kind: 'task' | 'sentiment',
  record: T,
  c: Connection,
  send: typeof fetch,
): Promise<OutreachWrite> {
  await db.transaction('rw', [table, db.outbox], async () => {
    await table.put(record);
    await queue(db, { kind, id: record.id, accountId: record.accountId, body: record }, c);
  });
  return flush(db, c, send);
}

/** A new task: into the cache, and to the server. */
export function writeTask(db: HealthbarDB, task: Task, c: Connection, send = fetch): Promise<OutreachWrite> {
  return writeNew(db, db.tasks, 'task', task, c, send);
}

/** A change of some fields of a task (mark done, new due day, …). */
export async function changeTask(
  db: HealthbarDB,
  id: string,
  patch: TaskPatch,
  c: Connection,
  send = fetch,
): Promise<OutreachWrite | { error: string }> {
  const found = await db.transaction('rw', [db.tasks, db.outbox], async () => {
    const task = await db.tasks.get(id);
    if (!task) return false;
    await db.tasks.put(applyTaskPatch(task, patch));
    await queue(db, { kind: 'task-patch', id, accountId: task.accountId, body: patch }, c);
    return true;
  });
  if (!found) return { error: 'That task is no longer in the cache; sync and try again.' };
  return flush(db, c, send);
}

/** A person's sentiment entry. */
export function writeSentiment(
  db: HealthbarDB,
  entry: Sentiment,
  c: Connection,
  send = fetch,
): Promise<OutreachWrite> {
  return writeNew(db, db.sentiment, 'sentiment', entry, c, send);
}

function request(row: OutboxRow): { method: string; path: string } {
  switch (row.kind) {
    case 'task':
      return { method: 'POST', path: '/v1/tasks' };
    case 'task-patch':
      return { method: 'PATCH', path: `/v1/tasks/${encodeURIComponent(row.id)}` };
    case 'sentiment':
      return { method: 'POST', path: '/v1/sentiments' };
  }
}

let chain: Promise<unknown> = Promise.resolve();

/**
 * Sends the outbox in order; stops at the first send that may succeed later (no network, 5xx,
 * 429). One flush at a time, so no write is sent twice at once.
 */
export function flush(db: HealthbarDB, c: Connection, send = fetch): Promise<OutreachWrite> {
  const run = async (): Promise<OutreachWrite> => {
    if (connected(c)) {
      const rows = await db.outbox.orderBy('seq').toArray();
      for (const row of rows) {
        if (row.failed) continue;
        const { method, path } = request(row);
        let res: Response;
        try {
          res = await send(new URL(path, c.apiUrl), {
            method,
            headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(row.body),
          });
        } catch {
          break; // offline: kept for the next sync or reconnect
        }
        // 409 on a create: the id is on the server already (with later changes); sync brings it.
        if (res.ok || (res.status === 409 && row.kind !== 'task-patch')) {
          await db.outbox.delete(row.seq!);
          continue;
        }
        if (res.status >= 500 || res.status === 429 || res.status === 401) break;
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        await db.outbox.update(row.seq!, {
          failed: body?.error?.message ?? `The server refused it (HTTP ${res.status}).`,
        });
      }
    }
    const left = await db.outbox.toArray();
    return {
      localOnly: !connected(c),
      pending: left.filter((r) => !r.failed).length,
      failed: left.flatMap((r) => (r.failed ? [r.failed] : [])),
    };
  };
  const next = chain.then(run, run);
  chain = next.catch(() => {});
  return next;
}
