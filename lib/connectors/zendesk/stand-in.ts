/**
 * A local Zendesk stand-in for tests: a node:http server on 127.0.0.1 answering the incremental
 * exports the Zendesk source reads, in the documented shapes
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/):
 * - `GET /api/v2/incremental/tickets/cursor.json` with `start_time` (first request) or `cursor`
 *   (`after_cursor` of the previous page), answering `tickets`, `after_cursor`, `after_url`,
 *   `before_cursor`, `before_url`, `end_of_stream`, and the sideloads `include` asks for
 *   (`metric_sets`, `users`, `organizations`) of the tickets of the page;
 * - `GET /api/v2/incremental/organizations.json?start_time=…` answering `organizations`,
 *   `count`, `end_time`, `next_page`, `end_of_stream` (time-based);
 * - basic auth `{email}/token:{api_token}` (401 otherwise), and on request a 429 with
 *   `Retry-After`.
 * Its data are change logs the tests append to between runs: each entry of `ticketLog` is one
 * change of a ticket (its whole new version), so a cursor is a position in that log.
 */
import { jsonSender, type StandInServer, startStandInServer } from '../stand-in-server';

interface WithId {
  id: number;
}

export interface ZendeskStandInData {
  /** Ticket changes in the order they happened (the export's order). */
  ticketLog: {
    ticket: WithId & { requester_id?: number | null; organization_id?: number | null };
    metricSet?: object;
  }[];
  users: WithId[];
  /** Organization changes: `at` is the change's unix time (the export's `start_time` compares to it). */
  organizations: { at: number; organization: WithId }[];
}

export interface ZendeskStandInOptions {
  email: string;
  apiToken: string;
  /** Largest page served. */
  maxPage?: number;
  /** Answer 429 with `Retry-After` to the first N requests whose path starts with this. */
  rateLimit?: { path: string; times: number; retryAfter?: string };
}

export type ZendeskStandIn = StandInServer;

const send = jsonSender({ 'content-type': 'application/json; charset=utf-8' });

const encodeCursor = (pos: number) => Buffer.from(`${pos}.0||`, 'utf8').toString('base64');
function decodeCursor(c: string): number | null {
  const m = /^(\d+)\.0\|\|$/.exec(Buffer.from(c, 'base64').toString('utf8'));
  return m ? Number(m[1]) : null;
}

export async function startZendeskStandIn(
  data: ZendeskStandInData,
  options: ZendeskStandInOptions,
): Promise<ZendeskStandIn> {
  const max = options.maxPage ?? 1000;
  let url = '';

  const tickets = (q: URLSearchParams) => {
    let pos: number | null;
    const cursor = q.get('cursor');
    if (cursor !== null) pos = decodeCursor(cursor);
    else {
      const start = Number(q.get('start_time'));
      if (!Number.isInteger(start) || start < 0) return null;
      const i = data.ticketLog.findIndex(
        (e) => ((e.ticket as { generated_timestamp?: number }).generated_timestamp ?? 0) >= start,
      );
      pos = i === -1 ? data.ticketLog.length : i;
    }
    if (pos === null) return null;
    const page = data.ticketLog.slice(pos, pos + max);
    const end = pos + page.length;
    const include = new Set((q.get('include') ?? '').split(',').filter((s) => s !== ''));
    const ids = new Set(page.map((e) => e.ticket.id));
    const after = encodeCursor(end);
    const body: Record<string, unknown> = {
      tickets: page.map((e) => e.ticket),
      after_url: `${url}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(after)}`,
      after_cursor: after,
      before_url:
        pos === 0 ? null : `${url}/api/v2/incremental/tickets/cursor.json?cursor=${encodeCursor(pos)}`,
      before_cursor: pos === 0 ? null : encodeCursor(pos),
      end_of_stream: end >= data.ticketLog.length,
    };
    if (include.has('metric_sets')) {
      body.metric_sets = page.filter((e) => e.metricSet && ids.has(e.ticket.id)).map((e) => e.metricSet);
    }
    if (include.has('users')) {
      const wanted = new Set(page.map((e) => e.ticket.requester_id));
      body.users = data.users.filter((u) => wanted.has(u.id));
    }
    if (include.has('organizations')) {
      const wanted = new Set(page.map((e) => e.ticket.organization_id));
      const latest = new Map<number, WithId>();
      for (const o of data.organizations) latest.set(o.organization.id, o.organization);
      body.organizations = [...latest.values()].filter((o) => wanted.has(o.id));
    }
    return body;
  };

  const organizations = (q: URLSearchParams) => {
    const start = Number(q.get('start_time'));
    if (!Number.isInteger(start) || start < 0) return null;
    const from = [...data.organizations].filter((o) => o.at >= start).sort((a, b) => a.at - b.at);
    const page = from.slice(0, max);
    const endTime = page.length > 0 ? page[page.length - 1].at : start;
    return {
      organizations: page.map((o) => o.organization),
      count: page.length,
      end_time: endTime,
      next_page: `${url}/api/v2/incremental/organizations.json?start_time=${endTime}`,
      end_of_stream: from.length <= max,
    };
  };

  const server = await startStandInServer({
    send,
    authorization: `Basic ${Buffer.from(`${options.email}/token:${options.apiToken}`).toString('base64')}`,
    unauthorized: { error: "Couldn't authenticate you" },
    rateLimit: options.rateLimit,
    tooManyRequests: { error: 'TooManyRequests', description: 'Rate limit exceeded' },
    route(u, res) {
      const body =
        u.pathname === '/api/v2/incremental/tickets/cursor.json'
          ? tickets(u.searchParams)
          : u.pathname === '/api/v2/incremental/organizations.json'
            ? organizations(u.searchParams)
            : undefined;
      if (body === undefined) return send(res, 404, { error: 'InvalidEndpoint', description: 'Not found' });
      if (body === null)
        return send(res, 400, { error: 'InvalidValue', description: 'start_time or cursor is invalid' });
      send(res, 200, body);
    },
  });
  url = server.url;
  return server;
}
