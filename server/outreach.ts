/**
 * Outreach tasks and sentiment entries written through the API (`POST /v1/tasks`,
 * `PATCH /v1/tasks/{id}`, `POST /v1/sentiments`). They are records of the `tasks` and
 * `sentiment` collections, stored like every other record (owner = their account's owner, a new
 * seq per change), so every client receives them through `GET /v1/sync`.
 *
 * - Creating is idempotent by the client's id: the same record again is 200 and writes nothing;
 *   the id with other content is 409 (the stored record is sent back).
 * - A task's fields each keep the stamp of their last change (`records.stamps`); a PATCH takes a
 *   field only when its `updatedAt` is later than the field's stamp (equal: the stored value
 *   stays, so a retried PATCH changes nothing). A record written by an import has no stamps: its
 *   `updatedAt` stands for every field.
 * - A token may write only on an account of its scope; an unknown account is refused the same way
 *   (403), so a book token cannot learn which account ids exist elsewhere.
 */
import type { z } from 'zod';
import { TASK_PATCH_FIELDS, type TaskPatch, taskPatchSchema } from '../lib/contracts/outreach';
import { describeIssues } from '../lib/dataset/parse';
import { type Sentiment, sentimentSchema, type Task, taskSchema } from '../lib/dataset/schema';
import type { Db, Queryable } from './db';
import { type Scope, writeTransaction } from './store';

export class OutreachError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: string,
    message: string,
    readonly record?: unknown,
  ) {
    super(message);
  }
}

export interface Written<T> {
  status: 200 | 201;
  record: T;
}

function parseBody<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const { field, text } = describeIssues(r.error.issues, raw);
    throw new OutreachError(
      400,
      'invalid-record',
      `The ${what} is not valid: ${field ? `${field} ` : ''}${text}.`,
    );
  }
  return r.data;
}

/** The account's owner when the scope may write on it; otherwise 403. */
async function accountInScope(q: Queryable, scope: Scope, accountId: string): Promise<string | null> {
  const { rows } = await q.query<{ owner: string | null }>(
    `SELECT owner FROM records WHERE collection = 'accounts' AND rid = $1 AND rsub = '' AND NOT deleted LIMIT 1`,
    [accountId],
  );
  const row = rows[0];
  if (!row || (scope.kind === 'book' && row.owner !== scope.owner)) {
    throw new OutreachError(
      403,
      'forbidden',
      `The account ${accountId} is not one this token may write on (it is unknown or outside the token's book).`,
    );
  }
  return row.owner;
}

interface StoredRow {
  account_id: string | null;
  owner: string | null;
  record: unknown;
  stamps: unknown;
  same: boolean;
}

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

async function create<T extends { id: string; accountId: string }>(
  db: Db,
  scope: Scope,
  collection: 'tasks' | 'sentiment',
  record: T,
  stamps: Record<string, string> | null,
): Promise<Written<T>> {
  return writeTransaction(db, async (tx) => {
    const q = tx.q;
    const existing = await q.query<StoredRow>(
      `SELECT account_id, owner, record, stamps, record = $3::text::jsonb AS same
       FROM records WHERE collection = $1 AND rid = $2 AND rsub = '' AND NOT deleted`,
      [collection, record.id, JSON.stringify(record)],
    );
    const old = existing.rows[0];
    if (old) {
      await accountInScope(q, scope, old.account_id ?? '');
      if (old.same) return { status: 200 as const, record: json<T>(old.record) };
      throw new OutreachError(
        409,
        'exists',
        `A ${collection === 'tasks' ? 'task' : 'sentiment entry'} with the id ${record.id} exists with other content; change a task with PATCH /v1/tasks/{id}.`,
        json<T>(old.record),
      );
    }
    const owner = await accountInScope(q, scope, record.accountId);
    await q.query(
      `INSERT INTO records AS r (collection, rid, rsub, account_id, owner, shared, deleted, record, seq, stamps)
       VALUES ($1, $2, '', $3, $4, false, false, $5::text::jsonb, nextval('change_seq'), $6::text::jsonb)
       ON CONFLICT (collection, rid, rsub) DO UPDATE SET
         account_id = EXCLUDED.account_id, owner = EXCLUDED.owner, deleted = false,
         record = EXCLUDED.record, seq = EXCLUDED.seq, stamps = EXCLUDED.stamps, import_id = NULL`,
      [
        collection,
        record.id,
        record.accountId,
        owner,
        JSON.stringify(record),
        stamps && JSON.stringify(stamps),
      ],
    );
    return { status: 201 as const, record };
  });
}

/** `POST /v1/tasks`. */
export function createTask(db: Db, scope: Scope, raw: unknown): Promise<Written<Task>> {
  const task = parseBody(taskSchema, raw, 'task');
  const stamps = Object.fromEntries(TASK_PATCH_FIELDS.map((f) => [f, task.updatedAt]));
  return create(db, scope, 'tasks', task, stamps);
}

/** `POST /v1/sentiments`. */
export function createSentiment(db: Db, scope: Scope, raw: unknown): Promise<Written<Sentiment>> {
  return create(db, scope, 'sentiment', parseBody(sentimentSchema, raw, 'sentiment entry'), null);
}

/**
 * Merges a patch into a task by per-field stamps (pure: the server's rule, tested on its own).
 * Returns the new task and stamps, and the fields taken.
 */
export function mergeTaskPatch(
  task: Task,
  stamps: Partial<Record<string, string>>,
  patch: TaskPatch,
): { task: Task; stamps: Record<string, string>; taken: string[] } {
  const next: Task = { ...task };
  const nextStamps: Record<string, string> = {};
  const taken: string[] = [];
  const at = Date.parse(patch.updatedAt);
  for (const f of TASK_PATCH_FIELDS) {
    const stamp = stamps[f] ?? task.updatedAt;
    nextStamps[f] = stamp;
    const value = patch[f];
    if (value === undefined || !(at > Date.parse(stamp))) continue;
    if (f === 'note') {
      if (value === null) delete next.note;
      else next.note = value as string;
    } else {
      (next as Record<string, unknown>)[f] = value;
    }
    nextStamps[f] = patch.updatedAt;
    taken.push(f);
  }
  if (taken.length > 0 && at > Date.parse(task.updatedAt)) next.updatedAt = patch.updatedAt;
  return { task: next, stamps: nextStamps, taken };
}

/** `PATCH /v1/tasks/{id}`: 200 with the task as stored after the merge. */
export async function patchTask(db: Db, scope: Scope, id: string, raw: unknown): Promise<Written<Task>> {
  const patch = parseBody(taskPatchSchema, raw, 'change');
  return writeTransaction(db, async (tx) => {
    const q = tx.q;
    const { rows } = await q.query<StoredRow>(
      `SELECT account_id, owner, record, stamps, false AS same
       FROM records WHERE collection = 'tasks' AND rid = $1 AND rsub = '' AND NOT deleted`,
      [id],
    );
    const old = rows[0];
    if (!old) throw new OutreachError(404, 'not-found', `No task ${id}.`);
    await accountInScope(q, scope, old.account_id ?? '');
    const task = json<Task>(old.record);
    const merged = mergeTaskPatch(task, json<Record<string, string> | null>(old.stamps) ?? {}, patch);
    if (merged.taken.length === 0) return { status: 200 as const, record: task };
    await q.query(
      `UPDATE records SET record = $2::text::jsonb, stamps = $3::text::jsonb, seq = nextval('change_seq'), import_id = NULL
       WHERE collection = 'tasks' AND rid = $1 AND rsub = ''`,
      [id, JSON.stringify(merged.task), JSON.stringify(merged.stamps)],
    );
    return { status: 200 as const, record: merged.task };
  });
}
