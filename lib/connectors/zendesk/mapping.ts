/**
 * Zendesk → interchange records (CONNECTORS.md, "Support: Zendesk"). Pure: the records read so
 * far and the run's `asOf` are passed in.
 *
 * - Organizations are account records (`org:<id>`) that only attach: by `external_id` (the
 *   explicit account id), then by `domain_names`; they give `crm.zendeskOrganizationId`.
 * - Tickets attach to their `organization_id`'s organization; without one, to the requester's
 *   organization; without that too, by the requester's e-mail domain (free-mail never counts).
 *   A step that is present but attaches nothing leaves the ticket unmatched.
 *
 * Choices where the contract is silent:
 * - A deleted ticket (`status: "deleted"`) gives no record: the dataset (and so the server's
 *   store) no longer holds it, which is its tombstone.
 * - Tickets created after the end of `asOf` (UTC) are not read: neither counted nor reported.
 * - `read` counts the organizations and the live tickets created by `asOf`.
 * - `openedAt`, `firstResponseAt` and `solvedAt` are written to the second, in UTC (`…Z`).
 */
import type { Ticket as TicketRecord } from '../../dataset/schema';
import { companyEmailDomain, nonEmpty, normaliseDomain } from '../domains';
import type { AccountRecord, SourceOutput, SourceRow } from '../types';
import type { MetricSet, Organization, Ticket, User } from './objects';

export interface ZendeskRecords {
  tickets: readonly Ticket[];
  metricSets: readonly MetricSet[];
  users: readonly User[];
  organizations: readonly Organization[];
}

const STATUS: Record<Exclude<Ticket['status'], 'deleted'>, TicketRecord['status']> = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  hold: 'pending',
  solved: 'solved',
  closed: 'closed',
};

/** An instant as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds). */
function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export const orgRef = (id: number) => `org:${id}`;
export const ticketId = (id: number) => `zendesk:${id}`;

/** The account record of one organization. */
export function organizationRecord(org: Organization): AccountRecord {
  const explicitId = nonEmpty(org.external_id)?.trim();
  const domains = (org.domain_names ?? []).map(normaliseDomain).filter((d): d is string => d !== null);
  return {
    sourceId: orgRef(org.id),
    identity: { ...(explicitId ? { explicitId } : {}), domains },
    fields: { crm: { zendeskOrganizationId: String(org.id) } },
    domains: [],
  };
}

/** The interchange ticket of a Zendesk ticket and its metric set; null for a deleted one. */
export function ticketRecord(
  t: Ticket,
  metrics: MetricSet | undefined,
): SourceRow<'tickets'>['record'] | null {
  if (t.status === 'deleted') return null;
  const status = STATUS[t.status];
  const opened = Date.parse(t.created_at);
  const record: SourceRow<'tickets'>['record'] = {
    id: ticketId(t.id),
    openedAt: isoSeconds(opened),
    priority: t.priority ?? 'normal',
    status,
  };
  const subject = nonEmpty(t.subject);
  if (subject !== null) record.subject = subject;
  const score = t.satisfaction_rating?.score;
  if (score === 'good' || score === 'bad') record.csat = score;
  const reply = metrics?.reply_time_in_minutes?.calendar;
  if (typeof reply === 'number') record.firstResponseAt = isoSeconds(opened + reply * 60_000);
  if ((status === 'solved' || status === 'closed') && metrics?.solved_at) {
    record.solvedAt = isoSeconds(Date.parse(metrics.solved_at));
  }
  return record;
}

/** Maps every organization and ticket read so far. */
export function mapZendesk(records: ZendeskRecords, options: { asOf: string }): SourceOutput {
  const end = Date.parse(`${options.asOf}T00:00:00Z`) + 86_400_000;
  const users = new Map(records.users.map((u) => [u.id, u]));
  const metrics = new Map(records.metricSets.map((m) => [m.ticket_id, m]));
  const accounts = records.organizations.filter((o) => !o.deleted_at).map(organizationRecord);
  const rows: SourceRow[] = [];
  for (const t of [...records.tickets].sort((a, b) => a.id - b.id)) {
    if (Date.parse(t.created_at) >= end) continue;
    const record = ticketRecord(t, metrics.get(t.id));
    if (record === null) continue;
    const requester = t.requester_id == null ? undefined : users.get(t.requester_id);
    let account: SourceRow['account'];
    if (t.organization_id != null) account = { ref: orgRef(t.organization_id) };
    else if (requester?.organization_id != null) account = { ref: orgRef(requester.organization_id) };
    else {
      const domain = companyEmailDomain(requester?.email);
      account = { identity: { domains: domain === null ? [] : [domain] } };
    }
    rows.push({ collection: 'tickets', sourceId: record.id, account, record });
  }
  return { read: accounts.length + rows.length, accounts, rows, leftOut: [] };
}
