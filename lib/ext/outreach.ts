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
  /** Writes the server refused for good in this send, each with what happened and what to do. */
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

/** The server's `{error: {message}}`, when it sent one. */
async function serverReason(res: Response): Promise<string | null> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  const m = body?.error?.message;
  return typeof m === 'string' && m.trim() ? m.trim() : null;
}

/** What the refused write was, in words: "your task (due 2026-11-02, "call them")". */
function whatWasRefused(row: OutboxRow): string {
  const b = (row.body ?? {}) as { dueOn?: unknown; note?: unknown; value?: unknown };
  const note = typeof b.note === 'string' && b.note ? `, "${b.note}"` : '';
  switch (row.kind) {
    case 'task':
      return `your task${typeof b.dueOn === 'string' ? ` (due ${b.dueOn}${note})` : ''}`;
    case 'task-patch':
      return 'your change to a task';
    case 'sentiment':
      return `your sentiment entry${typeof b.value === 'string' ? ` (${b.value}${note})` : ''}`;
  }
}

/**
 * The sentence a person reads about a refused write: what happened, what was done with it, what
 * to do. 403 is the server's "not an account this token may write on" (unknown, or outside the
 * token's book — e.g. moved to another owner since the write was queued).
 */
export function refusalMessage(
  row: OutboxRow,
  status: number,
  reason: string | null,
  accountName: string,
): string {
  const what = whatWasRefused(row);
  const kept =
    row.kind === 'task-patch' ? 'It was not saved on the server' : 'It was removed from this browser';
  if (status === 403) {
    return `The server refused ${what} on ${accountName}: the account is not in your book on the server (it may have moved to another owner). ${kept}. Sync to see your book as it is now; if the account should be yours, ask your admin to give it back to you or for a token that covers it, or ask its owner to take it on.`;
  }
  const why = reason ?? `the server refused it (HTTP ${status})`;
  return `The server refused ${what} on ${accountName}: ${why.replace(/\.$/, '')}. ${kept}. Sync, then try again.`;
}

/**
 * Takes a refused write out of the queue and, for a new task or entry the server does not have,
 * out of the cache (so nothing shows what the team does not see and the score does not read it),
 * and keeps a notice for the person. A refused change of a task leaves the task as it is here:
 * the next sync brings the server's.
 */
async function refuse(
  db: HealthbarDB,
  row: OutboxRow,
  status: number,
  reason: string | null,
): Promise<string> {
  return db.transaction('rw', [db.outbox, db.tasks, db.sentiment, db.refused, db.accounts], async () => {
    const name = (await db.accounts.get(row.accountId))?.name ?? row.accountId;
    const message =
      status === 0 && reason !== null
        ? `The server refused ${whatWasRefused(row)} on ${name}: ${reason.replace(/\.$/, '')}. It was not sent again. Sync, then try again.`
        : refusalMessage(row, status, reason, name);
    await db.outbox.delete(row.seq as number);
    if (row.kind === 'task') await db.tasks.delete(row.id);
    // (The panel's view keys its cache on the account's sentiment entries: no version to move.)
    if (row.kind === 'sentiment') await db.sentiment.delete(row.id);
    await db.refused.add({
      at: new Date().toISOString(),
      kind: row.kind,
      recordId: row.id,
      accountId: row.accountId,
      status,
      message,
    });
    return message;
  });
}

/** The person read a refusal notice: it goes. */
export async function dismissRefused(db: HealthbarDB, id: number): Promise<void> {
  await db.refused.delete(id);
}

let chain: Promise<unknown> = Promise.resolve();

/**
 * Sends the outbox in order; stops at the first send that may succeed later (no network, 5xx,
 * 429, 401: the token may be fixed). A write refused for good (any other 4xx, 403 included) is
 * taken out of the queue — never retried — with a notice for the person (`refuse`). One flush at
 * a time, so no write is sent twice at once. `failed`: the notices of the writes refused by this
 * flush.
 */
export function flush(db: HealthbarDB, c: Connection, send = fetch): Promise<OutreachWrite> {
  const run = async (): Promise<OutreachWrite> => {
    const failed: string[] = [];
    if (connected(c)) {
      const rows = await db.outbox.orderBy('seq').toArray();
      for (const row of rows) {
        if (row.failed) {
          // Refused by an earlier version, which kept it queued: a notice now, like any refusal.
          failed.push(await refuse(db, row, 0, row.failed));
          continue;
        }
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
        failed.push(await refuse(db, row, res.status, await serverReason(res)));
      }
    }
    return { localOnly: !connected(c), pending: await db.outbox.count(), failed };
  };
  const next = chain.then(run, run);
  chain = next.catch(() => {});
  return next;
}
