/**
 * A local Salesforce stand-in for tests: a node:http server on 127.0.0.1 answering the REST paths
 * the Salesforce source uses, in the documented shapes:
 * - `GET /services/data/{v}/query?q=SELECT … FROM Account|Opportunity [WHERE …] [ORDER BY Id]`:
 *   the selected fields of each row (`Owner.Email` as an `Owner` object, null when the row has
 *   no owner), `{totalSize, done, nextRecordsUrl?, records}`; the rest of a long answer at
 *   `GET /services/data/{v}/query/01g…-N` (https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html).
 *   WHERE understands what the tests send: `Field = 'text'`, `Field = true`, `Field != null`,
 *   joined by AND. Selecting `CurrencyIsoCode` from Opportunity in an org without multiple
 *   currencies answers 400 `INVALID_FIELD`, as Salesforce does for a field the org lacks.
 * - `GET /services/data/{v}/sobjects/Opportunity/describe`: `{name, label, fields: [{name, type,
 *   label}]}`, with `CurrencyIsoCode` only when `multiCurrency`
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm).
 * - `PATCH /services/data/{v}/composite/sobjects` `{allOrNone, records: [{attributes: {type}, id, …}]}`:
 *   applies them and answers a SaveResult per record
 *   (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html);
 * - bearer auth (401 `INVALID_SESSION_ID` otherwise), and on request the first N requests whose
 *   path starts with a prefix answered 429, or 403 `REQUEST_LIMIT_EXCEEDED`.
 * Every update is recorded in `writes`, one entry per record per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { salesforceId18 } from '../../crm/salesforce-id';

type Row = Record<string, unknown> & { Id: string };

export interface SalesforceStandInData {
  /** Account rows: field → value, with `Owner: {Email}` or null. */
  accounts: Row[];
  opportunities: (Row & { IsWon: boolean })[];
}

/** The Opportunity fields the stand-in describes (and their SOAP types), besides `CurrencyIsoCode`. */
const OPPORTUNITY_FIELDS: [string, string][] = [
  ['Id', 'id'],
  ['AccountId', 'reference'],
  ['Name', 'string'],
  ['Amount', 'currency'],
  ['StageName', 'picklist'],
  ['CreatedDate', 'datetime'],
  ['CloseDate', 'date'],
  ['IsClosed', 'boolean'],
  ['IsWon', 'boolean'],
];

export interface SalesforceStandInOptions {
  accessToken: string;
  apiVersion?: string;
  maxPage?: number;
  rateLimit?: { path: string; times: number; status: 429 | 403 };
  /** The org has multiple currencies enabled (Opportunity has `CurrencyIsoCode`). */
  multiCurrency?: boolean;
}

export interface SalesforceStandIn {
  url: string;
  requests: string[];
  writes: Record<string, unknown>[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function get(row: Row, field: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? null : row[key];
}

function matches(row: Row, where: string | undefined): boolean {
  if (!where) return true;
  return where.split(/\s+AND\s+/i).every((cond) => {
    const m = /^(\w+)\s*(=|!=)\s*(.+)$/.exec(cond.trim());
    if (!m) throw new Error(`unsupported condition ${cond}`);
    const raw = m[3].trim();
    const want =
      raw === 'null' ? null : raw === 'true' ? true : raw === 'false' ? false : raw.replace(/^'|'$/g, '');
    const have = get(row, m[1]) ?? null;
    return m[2] === '=' ? have === want : have !== want;
  });
}

export async function startSalesforceStandIn(
  data: SalesforceStandInData,
  options: SalesforceStandInOptions,
): Promise<SalesforceStandIn> {
  const v = options.apiVersion ?? 'v62.0';
  const requests: string[] = [];
  const writes: Record<string, unknown>[] = [];
  const max = options.maxPage ?? 2000;
  const locators = new Map<string, unknown[]>();
  let limited = 0;

  const query = (soql: string) => {
    const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER BY Id)?$/i.exec(soql.trim());
    if (!m) return null;
    const fields = m[1].split(',').map((f) => f.trim());
    if (m[2] === 'Opportunity' && !options.multiCurrency && fields.includes('CurrencyIsoCode'))
      return 'INVALID_FIELD';
    const table = m[2] === 'Account' ? data.accounts : m[2] === 'Opportunity' ? data.opportunities : null;
    if (table === null) return null;
    const rows = table
      .filter((r) => matches(r, m[3]))
      .sort((a, b) => (a.Id < b.Id ? -1 : 1))
      .map((r) => {
        const out: Record<string, unknown> = {
          attributes: { type: m[2], url: `/services/data/${v}/sobjects/${m[2]}/${r.Id}` },
        };
        for (const f of fields) {
          if (f === 'Owner.Email') {
            const owner = r.Owner as { Email?: string | null } | null | undefined;
            out.Owner = owner
              ? {
                  attributes: { type: 'User', url: `/services/data/${v}/sobjects/User/0058c000000A1bCAAS` },
                  Email: owner.Email ?? null,
                }
              : null;
          } else {
            const key = Object.keys(r).find((k) => k.toLowerCase() === f.toLowerCase()) ?? f;
            out[key] = r[key] ?? null;
          }
        }
        return out;
      });
    return rows;
  };
  const pageOf = (rows: unknown[], locator: string, offset: number) => {
    const records = rows.slice(offset, offset + max);
    const next = offset + records.length;
    const done = next >= rows.length;
    return {
      totalSize: rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${v}/query/${locator}-${next}` }),
      records,
    };
  };

  const update = (body: unknown) => {
    const records = (body as { records?: Record<string, unknown>[] }).records ?? [];
    return records.map((rec) => {
      const { attributes: _, id, ...fields } = rec;
      const row = data.accounts.find((a) => salesforceId18(a.Id) === salesforceId18(String(id)));
      if (!row) {
        return {
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      }
      writes.push(rec);
      for (const [k, value] of Object.entries(fields)) {
        const key = Object.keys(row).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
        row[key] = value;
      }
      return { id, success: true, errors: [] };
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    const rl = options.rateLimit;
    if (rl && u.pathname.startsWith(rl.path) && limited < rl.times) {
      limited++;
      return rl.status === 403
        ? send(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])
        : send(res, 429, [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    const base = `/services/data/${v}`;
    if (req.method === 'GET' && u.pathname === `${base}/query`) {
      const rows = query(u.searchParams.get('q') ?? '');
      if (rows === null)
        return send(res, 400, [{ message: 'unexpected token', errorCode: 'MALFORMED_QUERY' }]);
      if (rows === 'INVALID_FIELD')
        return send(res, 400, [
          {
            message:
              "No such column 'CurrencyIsoCode' on entity 'Opportunity'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.",
            errorCode: 'INVALID_FIELD',
          },
        ]);
      const locator = `01gD0000002HU6K${String(locators.size).padStart(3, '0')}`;
      locators.set(locator, rows);
      return send(res, 200, pageOf(rows, locator, 0));
    }
    if (req.method === 'GET' && u.pathname === `${base}/sobjects/Opportunity/describe`) {
      const fields = [
        ...OPPORTUNITY_FIELDS,
        ...(options.multiCurrency ? [['CurrencyIsoCode', 'picklist']] : []),
      ];
      return send(res, 200, {
        name: 'Opportunity',
        label: 'Opportunity',
        queryable: true,
        fields: fields.map(([name, type]) => ({ name, type, label: name })),
      });
    }
    const more = new RegExp(`^${base}/query/(\\w+)-(\\d+)$`).exec(u.pathname);
    if (req.method === 'GET' && more) {
      const rows = locators.get(more[1]);
      if (!rows)
        return send(res, 400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
      return send(res, 200, pageOf(rows, more[1], Number(more[2])));
    }
    if (req.method === 'PATCH' && u.pathname === `${base}/composite/sobjects`) {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      return send(res, 200, update(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    }
    send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() =>
      send(res, 400, [{ message: 'JSON parser error', errorCode: 'JSON_PARSER_ERROR' }]),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
