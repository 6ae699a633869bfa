/**
 * A local HubSpot stand-in for tests: a node:http server on 127.0.0.1 answering the CRM v3 paths
 * the HubSpot source uses, in the documented shapes:
 * - `GET /crm/v3/objects/companies` and `GET /crm/v3/objects/deals` with `limit` (at most 100),
 *   `after`, `properties` (comma-separated: only those come back, with `hs_object_id`,
 *   `createdate` and `hs_lastmodifieddate`, null when unset);
 *   `{results, paging: {next: {after, link}}}` while more follow
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/get-companies);
 * - `GET /crm/v3/owners` with `limit`/`after` (https://developers.hubspot.com/docs/api-reference/crm-crm-owners-v3/guide);
 * - `POST /crm/v4/associations/deals/companies/batch/read` `{inputs: [{id, after?}]}` (more than
 *   100 inputs: 400, HubSpot's limit): `{status: "COMPLETE", results: [{from: {id}, to:
 *   [{toObjectId, associationTypes}], paging?: {next: {after}}}], startedAt, completedAt}`, each
 *   deal's companies `maxPage` at a time; a deal without companies has no result
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations);
 * - `POST /crm/v3/objects/companies/batch/update` `{inputs: [{id, properties}]}`: applies them and
 *   answers `{status: "COMPLETE", results, startedAt, completedAt}`, or 207 with `errors` naming
 *   unknown ids in `context.ids`
 *   (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/companies/batch/update-companies);
 * - bearer auth (401 otherwise), and on request a 429 with `Retry-After` to the first N requests
 *   whose path starts with a prefix.
 * Every update is recorded in `writes`, one entry per company per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface HsObject {
  id: string;
  properties: Record<string, string | null>;
  [k: string]: unknown;
}

/** One deal's companies, as `hsDealCompanies` (testing.ts) gives them. */
export interface HsDealCompanies {
  from: { id: string };
  to: {
    toObjectId: number | string;
    associationTypes: { category: string; typeId: number; label: string | null }[];
  }[];
}

export interface HubSpotStandInData {
  companies: HsObject[];
  owners: { id: string; [k: string]: unknown }[];
  deals: HsObject[];
  /** Each deal's companies (absent: no deal has any). */
  dealCompanies?: HsDealCompanies[];
}

export interface HubSpotStandInOptions {
  accessToken: string;
  maxPage?: number;
  rateLimit?: { path: string; times: number; retryAfter?: string };
}

export interface HubSpotStandIn {
  url: string;
  requests: string[];
  /** Each company update received: `{id, properties}`. */
  writes: { id: string; properties: Record<string, string> }[];
  close(): Promise<void>;
}

const ALWAYS = ['hs_object_id', 'createdate', 'hs_lastmodifieddate'];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function startHubSpotStandIn(
  data: HubSpotStandInData,
  options: HubSpotStandInOptions,
): Promise<HubSpotStandIn> {
  const requests: string[] = [];
  const writes: HubSpotStandIn['writes'] = [];
  const max = options.maxPage ?? 100;
  let limited = 0;
  let url = '';

  const page = <T>(list: T[], q: URLSearchParams, path: string, shape: (x: T) => unknown) => {
    const limit = Math.min(max, Number(q.get('limit') ?? 10) || 10);
    const start = Number(q.get('after') ?? 0) || 0;
    const slice = list.slice(start, start + limit);
    const next = start + slice.length;
    const body: Record<string, unknown> = { results: slice.map(shape) };
    if (next < list.length) {
      const link = new URL(path, url);
      for (const [k, v] of q) link.searchParams.set(k, v);
      link.searchParams.set('after', String(next));
      body.paging = { next: { after: String(next), link: link.toString() } };
    }
    return body;
  };
  const withProperties = (o: HsObject, q: URLSearchParams) => {
    const wanted = new Set([...ALWAYS, ...(q.get('properties') ?? '').split(',').filter((s) => s !== '')]);
    const properties: Record<string, string | null> = {};
    for (const p of wanted) properties[p] = o.properties[p] ?? null;
    return { ...o, properties };
  };

  const associations = (body: unknown) => {
    const inputs = (body as { inputs?: { id: string; after?: string }[] }).inputs ?? [];
    if (inputs.length > 100) {
      return {
        status: 400,
        body: {
          status: 'error',
          message: 'Batch input size exceeds the limit of 100',
          category: 'VALIDATION_ERROR',
        },
      };
    }
    const now = new Date().toISOString();
    const results: unknown[] = [];
    for (const input of inputs) {
      const links = data.dealCompanies?.find((l) => l.from.id === String(input.id));
      if (!links || links.to.length === 0) continue;
      const start = Number(input.after ?? 0) || 0;
      const to = links.to.slice(start, start + max);
      const next = start + to.length;
      results.push({
        from: { id: String(input.id) },
        to,
        ...(next < links.to.length ? { paging: { next: { after: String(next) } } } : {}),
      });
    }
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: now, completedAt: now } };
  };

  const update = (body: unknown) => {
    const inputs = (body as { inputs?: { id: string; properties: Record<string, string> }[] }).inputs ?? [];
    const results: unknown[] = [];
    const missing: string[] = [];
    const now = new Date().toISOString();
    for (const input of inputs) {
      const company = data.companies.find((c) => c.id === input.id);
      if (!company) {
        missing.push(input.id);
        continue;
      }
      writes.push({ id: input.id, properties: input.properties });
      for (const [k, v] of Object.entries(input.properties)) company.properties[k] = v === '' ? null : v;
      results.push({ ...company, updatedAt: now });
    }
    const body2: Record<string, unknown> = {
      status: 'COMPLETE',
      results,
      requestedAt: now,
      startedAt: now,
      completedAt: now,
    };
    if (missing.length > 0) {
      body2.numErrors = missing.length;
      body2.errors = [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: 'Could not get some COMPANY objects, they may be deleted or not exist.',
          context: { ids: missing },
          links: {},
        },
      ];
    }
    return { status: missing.length > 0 ? 207 : 200, body: body2 };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return send(res, 401, {
        status: 'error',
        message: 'Authentication credentials not found.',
        category: 'INVALID_AUTHENTICATION',
      });
    }
    const rl = options.rateLimit;
    if (rl && u.pathname.startsWith(rl.path) && limited < rl.times) {
      limited++;
      return send(
        res,
        429,
        {
          status: 'error',
          message: 'You have reached your secondly limit.',
          errorType: 'RATE_LIMIT',
          policyName: 'SECONDLY',
        },
        { 'retry-after': rl.retryAfter ?? '0' },
      );
    }
    const q = u.searchParams;
    if (req.method === 'GET' && u.pathname === '/crm/v3/objects/companies')
      return send(
        res,
        200,
        page(data.companies, q, u.pathname, (c) => withProperties(c, q)),
      );
    if (req.method === 'GET' && u.pathname === '/crm/v3/objects/deals')
      return send(
        res,
        200,
        page(data.deals, q, u.pathname, (d) => withProperties(d, q)),
      );
    if (req.method === 'GET' && u.pathname === '/crm/v3/owners')
      return send(
        res,
        200,
        page(data.owners, q, u.pathname, (o) => o),
      );
    if (req.method === 'POST' && u.pathname === '/crm/v4/associations/deals/companies/batch/read') {
      const r = associations(await bodyOf(req));
      return send(res, r.status, r.body);
    }
    if (req.method === 'POST' && u.pathname === '/crm/v3/objects/companies/batch/update') {
      const r = update(await bodyOf(req));
      return send(res, r.status, r.body);
    }
    send(res, 404, { status: 'error', message: 'Not found', category: 'OBJECT_NOT_FOUND' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      send(res, 400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    writes,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
