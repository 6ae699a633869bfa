/**
 * `zendesk` source: Zendesk Support's incremental exports, read with ky (Zendesk has no official
 * Node client), mapped with mapping.ts.
 *
 * - Tickets: `GET /api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets,users,organizations`
 *   the first time, then `?cursor=<after_cursor>` page after page until `end_of_stream`; the last
 *   `after_cursor` is kept, so the next run starts there and reads only the tickets that changed
 *   (https://developer.zendesk.com/documentation/ticketing/managing-tickets/using-the-incremental-export-api/#cursor-based-incremental-exports).
 *   The sideloads give each ticket's metric set and its requester (users "as needed": only the
 *   users the tickets name) and organization.
 * - Organizations: `GET /api/v2/incremental/organizations.json?start_time=…`, the next page's
 *   `start_time` being the page's `end_time`, until `end_of_stream`; the last `end_time` is kept.
 * - API-token auth: basic `{email}/token:{api_token}`; secrets only from the environment
 *   (`"apiToken": "env:ZENDESK_API_TOKEN"`). 429 waits `Retry-After` (http.ts).
 *
 * Choices where the contract is silent:
 * - The source keeps its copy of every ticket (latest version), metric set, requester and
 *   organization read so far in the ingest state (`state`), so each run maps the whole picture
 *   from the changes alone. A state that is not this source's (other subdomain, unreadable) is
 *   ignored and the export starts again from `start_time=0`.
 * - A record of a page that does not fit the schema is left out as `invalid` (the copy keeps its
 *   previous version, if any); the rest of the page is applied.
 * - A deleted organization (`deleted_at`) stays in the copy and attaches nothing.
 */
import { z } from 'zod';
import { apiBaseSchema } from '../config';
import type { LeftOut, SourceDefinition } from '../types';
import { defaultSleep, getJson } from './http';
import { mapZendesk } from './mapping';
import {
  emptyZendeskState,
  metricSetSchema,
  organizationPageSchema,
  organizationSchema,
  ticketPageSchema,
  ticketSchema,
  userSchema,
  type ZendeskState,
  zendeskStateSchema,
} from './objects';

const schema = z.object({
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, { message: 'must be the subdomain of {subdomain}.zendesk.com' }),
  email: z.string().min(3).includes('@', { message: 'must be the e-mail of the API token’s Zendesk user' }),
  apiToken: z.string().min(1),
  apiBase: apiBaseSchema.optional(),
});

/** The ticket export's sideloads. */
export const TICKET_INCLUDE = 'metric_sets,users,organizations';

export interface ZendeskReadConfig {
  name: string;
  subdomain: string;
  email: string;
  apiToken: string;
  apiBase?: URL;
  timeoutMs: number;
}

/** The state kept for one Zendesk account (its base URL): another account's state is not reused. */
const keptSchema = z.object({ base: z.string(), zendesk: zendeskStateSchema });

/**
 * Reads the changes since `previous` (the state this source kept) and returns the updated copy
 * with the records the source left out.
 */
export async function readZendesk(
  config: ZendeskReadConfig,
  previous: unknown,
  sleep: (ms: number) => Promise<void>,
): Promise<{ state: ZendeskState; base: string; leftOut: LeftOut[]; requests: number }> {
  const base = (config.apiBase ?? new URL(`https://${config.subdomain}.zendesk.com`)).toString();
  const kept = keptSchema.safeParse(previous);
  const state = kept.success && kept.data.base === base ? kept.data.zendesk : emptyZendeskState();
  const leftOut: LeftOut[] = [];
  let requests = 0;
  const get = async (path: string, params: Record<string, string>, what: string) => {
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    requests++;
    return getJson(url, {
      source: config.name,
      vendor: 'Zendesk',
      what,
      basicAuth: `${config.email}/token:${config.apiToken}`,
      timeoutMs: config.timeoutMs,
      sleep,
      authHint:
        'Check email and apiToken (an API token of an admin: Admin Center → Apps and integrations → Zendesk API).',
    });
  };
  const put = <T extends { id: number }>(
    list: readonly unknown[] | null | undefined,
    s: z.ZodType<T>,
    into: Record<string, T>,
    label: string,
  ) => {
    for (const raw of list ?? []) {
      const p = s.safeParse(raw);
      if (p.success) into[String(p.data.id)] = p.data;
      else {
        const id = (raw as { id?: unknown } | null)?.id;
        leftOut.push({
          reason: 'invalid',
          sourceId: `${label}:${typeof id === 'number' || typeof id === 'string' ? id : '?'}`,
          why: `${p.error.issues[0]?.path.join('.') || 'record'}: ${p.error.issues[0]?.message ?? 'invalid'}`,
        });
      }
    }
  };

  // Tickets, cursor-based, from the kept cursor.
  for (;;) {
    const params: Record<string, string> =
      state.ticketCursor === null
        ? { start_time: '0', include: TICKET_INCLUDE }
        : { cursor: state.ticketCursor, include: TICKET_INCLUDE };
    const raw = await get('/api/v2/incremental/tickets/cursor.json', params, 'the ticket export');
    const page = ticketPageSchema.safeParse(raw);
    if (!page.success) {
      throw new Error(`the ticket export answered an unexpected page (${page.error.issues[0]?.message}).`);
    }
    put(page.data.tickets, ticketSchema, state.tickets, 'zendesk');
    for (const m of page.data.metric_sets ?? []) {
      const p = metricSetSchema.safeParse(m);
      if (p.success) state.metricSets[String(p.data.ticket_id)] = p.data;
    }
    put(page.data.users, userSchema, state.users, 'user');
    put(page.data.organizations, organizationSchema, state.organizations, 'org');
    const next = page.data.after_cursor;
    const moved = next !== null && next !== state.ticketCursor;
    if (next !== null) state.ticketCursor = next;
    if (page.data.end_of_stream || !moved) break;
  }

  // Organizations, time-based, from the kept end_time.
  for (;;) {
    const start = state.organizationTime ?? 0;
    const raw = await get(
      '/api/v2/incremental/organizations.json',
      { start_time: String(start) },
      'the organization export',
    );
    const page = organizationPageSchema.safeParse(raw);
    if (!page.success) {
      throw new Error(
        `the organization export answered an unexpected page (${page.error.issues[0]?.message}).`,
      );
    }
    put(page.data.organizations, organizationSchema, state.organizations, 'org');
    const end = page.data.end_time ?? null;
    const moved = end !== null && end > start;
    if (end !== null && end >= start) state.organizationTime = end;
    // A page whose end_time did not move would be asked again for ever: stop there.
    if (page.data.end_of_stream || !moved) break;
  }
  return { state, base, leftOut, requests };
}

export const zendeskSource: SourceDefinition<typeof schema> = {
  type: 'zendesk',
  schema,
  async read(config, ctx) {
    const r = await readZendesk(config, ctx.previous?.carry, ctx.sleep ?? defaultSleep);
    const s = r.state;
    const output = mapZendesk(
      {
        tickets: Object.values(s.tickets),
        metricSets: Object.values(s.metricSets),
        users: Object.values(s.users),
        organizations: Object.values(s.organizations),
      },
      { asOf: ctx.asOf },
    );
    return {
      ...output,
      read: output.read + r.leftOut.length,
      leftOut: [...output.leftOut, ...r.leftOut],
      carry: { base: r.base, zendesk: s },
    };
  },
};
