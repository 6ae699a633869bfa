/**
 * Literal Zendesk objects in the shapes of Zendesk's reference (the incremental export examples:
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/),
 * for the mapping tests and the local Zendesk stand-in. Fields the mapping does not read are kept
 * where the reference shows them, so the stand-in answers what Zendesk answers.
 */

export interface TicketSpec {
  created: string;
  status?: string;
  priority?: string | null;
  subject?: string | null;
  org?: number | null;
  requester?: number;
  csat?: string | null;
  updated?: string;
}

export function zTicket(id: number, t: TicketSpec) {
  return {
    url: `https://example.zendesk.com/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: { channel: 'web' },
    created_at: t.created,
    updated_at: t.updated ?? t.created,
    generated_timestamp: Math.floor(Date.parse(t.updated ?? t.created) / 1000),
    type: 'question',
    subject: t.subject === undefined ? `Ticket ${id}` : t.subject,
    raw_subject: t.subject === undefined ? `Ticket ${id}` : t.subject,
    description: 'Details in the first comment.',
    priority: t.priority === undefined ? 'normal' : t.priority,
    status: t.status ?? 'open',
    recipient: 'support@example.com',
    requester_id: t.requester ?? 1000,
    submitter_id: t.requester ?? 1000,
    assignee_id: 900,
    organization_id: t.org === undefined ? null : t.org,
    group_id: 98738,
    collaborator_ids: [],
    follower_ids: [],
    has_incidents: false,
    due_at: null,
    tags: [],
    custom_fields: [],
    satisfaction_rating:
      t.csat === null || t.csat === undefined ? null : { id: id * 10, score: t.csat, comment: '' },
    sharing_agreement_ids: [],
  };
}

export function zMetricSet(ticketId: number, m: { reply?: number | null; solvedAt?: string | null }) {
  return {
    id: ticketId * 100,
    ticket_id: ticketId,
    url: `https://example.zendesk.com/api/v2/ticket_metrics/${ticketId * 100}.json`,
    group_stations: 1,
    assignee_stations: 1,
    reopens: 0,
    replies: m.reply == null ? 0 : 1,
    assignee_updated_at: null,
    requester_updated_at: null,
    status_updated_at: null,
    initially_assigned_at: null,
    assigned_at: null,
    solved_at: m.solvedAt ?? null,
    latest_comment_added_at: null,
    reply_time_in_minutes: { calendar: m.reply ?? null, business: m.reply ?? null },
    first_resolution_time_in_minutes: { calendar: null, business: null },
    full_resolution_time_in_minutes: { calendar: null, business: null },
    agent_wait_time_in_minutes: { calendar: null, business: null },
    requester_wait_time_in_minutes: { calendar: null, business: null },
    on_hold_time_in_minutes: { calendar: null, business: null },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

export function zUser(id: number, u: { email?: string | null; org?: number | null }) {
  return {
    id,
    url: `https://example.zendesk.com/api/v2/users/${id}.json`,
    name: `User ${id}`,
    email: u.email === undefined ? null : u.email,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    role: 'end-user',
    active: true,
    verified: true,
    organization_id: u.org === undefined ? null : u.org,
  };
}

export function zOrganization(
  id: number,
  o: {
    name?: string;
    externalId?: string | null;
    domains?: string[];
    deleted?: string | null;
    updated?: string;
  },
) {
  return {
    url: `https://example.zendesk.com/api/v2/organizations/${id}.json`,
    id,
    name: o.name ?? `Org ${id}`,
    shared_tickets: false,
    shared_comments: false,
    external_id: o.externalId === undefined ? null : o.externalId,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: o.updated ?? '2025-01-01T00:00:00Z',
    deleted_at: o.deleted ?? null,
    domain_names: o.domains ?? [],
    details: '',
    notes: '',
    group_id: null,
    tags: [],
    organization_fields: {},
  };
}
