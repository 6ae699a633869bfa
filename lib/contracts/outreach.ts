/**
 * The outreach API's request shapes (`POST /v1/tasks`, `PATCH /v1/tasks/{id}`,
 * `POST /v1/sentiments`): the one definition the server validates and the extension sends.
 * A created task or sentiment entry is the collection's own record (lib/dataset/schema.ts).
 */
import { z } from 'zod';
import { dateSchema, MAX_LENGTH, taskSchema, taskStatusSchema, timestampSchema } from '../dataset/schema';

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
export const DUE_DAYS_BY_SEVERITY = { high: 2, medium: 7, low: 14 } as const;
