/**
 * The outreach API's request shapes (`POST /v1/tasks`, `PATCH /v1/tasks/{id}`,
 * `POST /v1/sentiments`): the one definition the server validates and the extension sends.
 * A created task or sentiment entry is the collection's own record (lib/dataset/schema.ts).
 */
import { z } from 'zod';
import {
  dateSchema,
  MAX_LENGTH,
  type Task,
  taskSchema,
  taskStatusSchema,
  timestampSchema,
} from '../dataset/schema';

/** The fields of a task a PATCH may change (the rest — id, account, signal, createdAt — never change). */
export const TASK_PATCH_FIELDS = ['owner', 'dueOn', 'note', 'status'] as const;
export type TaskPatchField = (typeof TASK_PATCH_FIELDS)[number];

/**
 * `PATCH /v1/tasks/{id}`: only the changed fields and the moment they were changed. The server
 * keeps a stamp per field; a field is taken when `updatedAt` is later than its stamp (so two
 * people changing two fields both keep their change). `note: null` clears the note.
 */
export const taskPatchSchema = z
  .object({
    owner: taskSchema.shape.owner.optional(),
    dueOn: dateSchema.optional(),
    note: z
      .string()
      .max(MAX_LENGTH.text, {
        message: `must be at most ${MAX_LENGTH.text.toLocaleString('en-US')} characters long`,
      })
      .nullable()
      .optional(),
    status: taskStatusSchema.optional(),
    updatedAt: timestampSchema,
  })
  .strict()
  .refine((p) => TASK_PATCH_FIELDS.some((f) => p[f] !== undefined), {
    message: `names no field to change (${TASK_PATCH_FIELDS.join(', ')})`,
  });
export type TaskPatch = z.output<typeof taskPatchSchema>;

/** Days from today (UTC) to a new task's `dueOn`, by the severity of the signal it answers. */
/** A sentiment value in words (the sentiment form, "Why this score"). */
export const SENTIMENT_LABEL = { good: 'Good', neutral: 'Neutral', poor: 'Poor' } as const;

export const DUE_DAYS_BY_SEVERITY = { high: 2, medium: 7, low: 14 } as const;

/** `YYYY-MM-DD` `days` after the UTC calendar day of `now`. */
function utcDayPlus(now: Date, days: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  return d.toISOString().slice(0, 10);
}

/**
 * The task "Start outreach" creates for a signal: the person is on it, due today (UTC) + 2 / 7 /
 * 14 days for a high / medium / low signal. `id` is made by the caller (a random UUID), so a
 * retried send is recognised by the server.
 */
export function outreachTask(input: {
  id: string;
  accountId: string;
  signal: { id: string; severity: keyof typeof DUE_DAYS_BY_SEVERITY };
  owner: string;
  now: Date;
  note?: string;
}): Task {
  const at = input.now.toISOString();
  return {
    id: input.id,
    accountId: input.accountId,
    signalId: input.signal.id,
    owner: input.owner,
    dueOn: utcDayPlus(input.now, DUE_DAYS_BY_SEVERITY[input.signal.severity]),
    ...(input.note ? { note: input.note } : {}),
    status: 'open',
    createdAt: at,
    updatedAt: at,
  };
}

/** A task with a patch applied as its sender sees it (the server merges by its stamps). */
export function applyTaskPatch(task: Task, patch: TaskPatch): Task {
  const next: Task = {
    ...task,
    updatedAt: patch.updatedAt > task.updatedAt ? patch.updatedAt : task.updatedAt,
  };
  for (const f of TASK_PATCH_FIELDS) {
    const v = patch[f];
    if (v === undefined) continue;
    if (f === 'note' && v === null) delete next.note;
    else (next as Record<string, unknown>)[f] = v;
  }
  return next;
}

/** Open tasks in the order people work them: overdue (earliest due) first, then by due day. */
export function openTasksInOrder(tasks: readonly Task[]): Task[] {
  return tasks
    .filter((t) => t.status === 'open')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.createdAt.localeCompare(b.createdAt));
}
