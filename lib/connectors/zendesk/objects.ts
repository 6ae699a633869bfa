/**
 * The parts of Zendesk Support objects the support mapping reads, as zod schemas (unknown fields
 * are dropped, so what the source keeps between runs stays small). Shapes from Zendesk's own
 * reference:
 * - Incremental exports (cursor-based ticket export with `after_cursor`/`end_of_stream`,
 *   time-based organization export with `end_time`/`end_of_stream`):
 *   https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
 *   and https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api/
 *   (deleted tickets come with `status: "deleted"` unless `exclude_deleted=true`).
 * - Tickets (`status` new/open/pending/hold/solved/closed, `priority` urgent/high/normal/low or
 *   null, `satisfaction_rating.score`): https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
 * - Ticket metric sets (`metric_sets` sideload: `ticket_id`, `reply_time_in_minutes.calendar`,
 *   `solved_at`): https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/
 * - Users (`email`, `organization_id`): https://developer.zendesk.com/api-reference/ticketing/users/users/
 * - Organizations (`external_id`, `domain_names`, `deleted_at`):
 *   https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/
 */
import { z } from 'zod';

const id = z.number().int().nonnegative();
const time = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'must be a date-time' });

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'] as const;
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

export const ticketSchema = z.object({
  id,
  created_at: time,
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES).nullish(),
  subject: z.string().nullish(),
  organization_id: id.nullish(),
  requester_id: id.nullish(),
  satisfaction_rating: z.object({ score: z.string() }).nullish(),
});

export const metricSetSchema = z.object({
  ticket_id: id,
  reply_time_in_minutes: z
    .object({ calendar: z.number().nonnegative().nullish(), business: z.number().nullish() })
    .nullish(),
  solved_at: time.nullish(),
});

export const userSchema = z.object({
  id,
  email: z.string().nullish(),
  organization_id: id.nullish(),
});

export const organizationSchema = z.object({
  id,
  name: z.string().nullish(),
  external_id: z.string().nullish(),
  domain_names: z.array(z.string()).nullish(),
  deleted_at: time.nullish(),
});

/** One page of `GET /api/v2/incremental/tickets/cursor.json` with its sideloads. */
export const ticketPageSchema = z.object({
  tickets: z.array(z.unknown()),
  metric_sets: z.array(z.unknown()).nullish(),
  users: z.array(z.unknown()).nullish(),
  organizations: z.array(z.unknown()).nullish(),
  after_cursor: z.string().nullable(),
  end_of_stream: z.boolean(),
});

/** One page of `GET /api/v2/incremental/organizations.json` (time-based). */
export const organizationPageSchema = z.object({
  organizations: z.array(z.unknown()),
  end_time: z.number().int().nullish(),
  end_of_stream: z.boolean(),
});

export type Ticket = z.output<typeof ticketSchema>;
export type MetricSet = z.output<typeof metricSetSchema>;
export type User = z.output<typeof userSchema>;
export type Organization = z.output<typeof organizationSchema>;

/**
 * What the source keeps between runs: the export cursors and its copy of every record read so far
 * (the latest version of each), so a run reads only changes and still gives the whole picture.
 */
export const zendeskStateSchema = z.object({
  version: z.literal(1),
  /** `after_cursor` of the last ticket page read (the next run starts there). */
  ticketCursor: z.string().nullable(),
  /** `end_time` of the last organization page read. */
  organizationTime: z.number().int().nullable(),
  tickets: z.record(z.string(), ticketSchema),
  metricSets: z.record(z.string(), metricSetSchema),
  users: z.record(z.string(), userSchema),
  organizations: z.record(z.string(), organizationSchema),
});
export type ZendeskState = z.output<typeof zendeskStateSchema>;

export function emptyZendeskState(): ZendeskState {
  return {
    version: 1,
    ticketCursor: null,
    organizationTime: null,
    tickets: {},
    metricSets: {},
    users: {},
    organizations: {},
  };
}
