import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetToCsvFiles } from '../lib/dataset/csv';
import { parseDataset } from '../lib/dataset/parse';
import {
  account,
  applyChanges,
  dataset,
  makeZip,
  openTestDb,
  recordCount,
  resetDb,
  startServer,
  syncAll,
  type TestDb,
  type TestServer,
} from './test/helpers';
import { importReportSchema } from './wire';

let tdb: TestDb;
let srv: TestServer;
let ws: string;

beforeAll(async () => {
  tdb = await openTestDb();
});
afterAll(async () => {
  await tdb?.close();
});
beforeEach(async () => {
  await resetDb(tdb.db);
  srv = await startServer(tdb.db, { config: { maxImportBytes: 64 * 1024, importBatchSize: 5 } });
  ws = await srv.token();
  return async () => {
    await srv.close();
  };
});

function post(body: BodyInit, contentType: string | null, token = ws, query = '') {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (contentType) headers['content-type'] = contentType;
  return fetch(`${srv.url}/v1/import${query}`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
}

async function report(r: Response) {
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return importReportSchema.parse(JSON.parse(text));
}

function csvFiles(d: Record<string, unknown>): Record<string, string> {
  const parsed = parseDataset(d);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return datasetToCsvFiles(parsed.dataset);
}

describe('POST /v1/import', () => {
  it('counts rejected records with their reasons, and reports replacements', async () => {
    const d = dataset([account('a1', 'ana@example.com'), account('a2', null)]);
    (d.usage as unknown[]).push({
      accountId: 'a1',
      date: '2026-10-32',
      dau: 1,
      wau: 1,
      mau: 1,
      minutes: 1,
      sessions: 1,
    });
    (d.revenue as unknown[]).push({ accountId: 'a1', month: '2026-10', mrr: -5 });
    (d.accounts as unknown[]).push(account('a2', null, { name: 'Second a2' }));
    (d.tickets as unknown[]).push({
      id: 'tx',
      accountId: 'a1',
      openedAt: 'yesterday',
      priority: 'normal',
      status: 'open',
    });
    const r = await report(await srv.importJson(d, ws));
    expect(r.rejected).toBe(3);
    expect(r.replaced).toBe(1);
    expect(r.accepted).toBe(recordCount(d) - 3 - 1);
    expect(r.changed).toBe(r.accepted);
    expect(r.collections.usage).toEqual({ accepted: 6, rejected: 1, replaced: 0 });
    expect(r.rejections.map((x) => [x.collection, x.field])).toEqual([
      ['revenue', 'mrr'],
      ['usage', 'date'],
      ['tickets', 'openedAt'],
    ]);
    expect(r.rejections[0].message).toMatch(/revenue\[6\].*mrr must not be negative/);
    expect(r.replacements[0].message).toMatch(/accounts\[2\].*replaces accounts\[1\]/);
    const state = applyChanges(new Map(), (await syncAll(srv.url, ws)).changes);
    expect(state.get('accounts|a2')!.name).toBe('Second a2');
    expect(state.get('revenue|a1|2026-10')!.mrr).toBe(10_000);
  });

  it('refuses a dataset of another schemaVersion as a whole', async () => {
    const d = dataset([account('a1', null)], { schemaVersion: 2 });
    const r = await srv.importJson(d, ws);
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.error.code).toBe('schema-version');
    expect(body.error.message).toMatch(/newer Healthbar/);
    expect((await syncAll(srv.url, ws)).changes).toEqual([]);
    for (const bad of [{ currency: 'USD' }, [1, 2], 'text']) {
      const x = await srv.importJson(bad, ws);
      expect(x.status).toBe(400);
      expect((await x.json()).error.message.length).toBeGreaterThan(10);
    }
    const notJson = await post('{"schemaVersion":1,', 'application/json');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('invalid-json');
  });

  it('imports a zip of CSV files, streamed, with the same result as JSON', async () => {
    const d = dataset([account('a1', 'ana@example.com'), account('a2', null), account('a3', null)]);
    const files = csvFiles(d);
    files['usage.csv'] += 'a1,2026-10-01,x,1,1,1,1\r\na1,2026-10-29,7,7,7,7,7\r\n';
    const zip = makeZip(Object.fromEntries(Object.entries(files).map(([k, v]) => [`export/${k}`, v])));
    const r = await report(await post(new Uint8Array(zip), 'application/zip'));
    expect(r.rejected).toBe(1);
    expect(r.rejections[0].message).toMatch(/usage\.csv row \d+ \(a1 2026-10-01\): dau "x" is not a number/);
    // Written in batches of 5: the repeated key is found across batches.
    expect(r.replaced).toBe(1);
    expect(r.replacements[0].message).toMatch(/usage\.csv row \d+ \(a1 2026-10-29\) replaces/);
    expect(r.accepted).toBe(recordCount(d));
    const state = applyChanges(new Map(), (await syncAll(srv.url, ws)).changes);
    expect(state.size).toBe(recordCount(d));
    expect(state.get('usage|a1|2026-10-29')!.dau).toBe(7);
    const parsed = parseDataset(d);
    expect(parsed.ok && state.get('accounts|a1')).toEqual(parsed.ok && parsed.dataset.accounts[0]);
  });

  it('imports CSV files sent as multipart form data', async () => {
    const d = dataset([account('a1', 'ana@example.com'), account('a2', null)]);
    const files = csvFiles(d);
    delete files['dataset.csv'];
    const form = new FormData();
    for (const [name, text] of Object.entries(files))
      form.append('files', new Blob([text], { type: 'text/csv' }), name);
    form.append('notes', new Blob(['hello']), 'notes.txt');
    // No dataset.csv: the currency comes from the query (or the workspace).
    const missing = await post(form, null);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe('currency');
    const r = await report(await post(form, null, ws, '?currency=USD'));
    expect(r.rejected).toBe(0);
    expect(r.accepted).toBe(recordCount(d));
    expect(r.warnings.join('\n')).toMatch(/notes\.txt/);
    expect(r.dataThrough).toBeNull();
    // Now the workspace has a currency: a CSV import without one uses it; another one is refused.
    expect((await report(await post(form, null))).changed).toBe(0);
    const eur = await srv.importJson({ schemaVersion: 1, currency: 'EUR', accounts: [] }, ws);
    expect(eur.status).toBe(409);
    expect((await eur.json()).error.code).toBe('currency-mismatch');
  });

  it('answers 413 beyond the size limit, 415 for other types, 403 for book tokens', async () => {
    const big = dataset(Array.from({ length: 200 }, (_, i) => account(`a${i}`, null)));
    const r = await srv.importJson(big, ws);
    expect(r.status).toBe(413);
    const body = await r.json();
    expect(body.error.code).toBe('payload-too-large');
    expect(body.error.message).toMatch(/64 KiB/);
    // Without a Content-Length (a stream), the limit holds while reading.
    const chunk = new Uint8Array(16 * 1024).fill(65);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await post(stream, 'application/zip');
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('payload-too-large');

    const text = await post('a,b\n1,2\n', 'text/csv');
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe('unsupported-media-type');

    const book = await srv.token('ana@example.com');
    const forbidden = await post(JSON.stringify(dataset([])), 'application/json', book);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe('forbidden');
    const del = await fetch(`${srv.url}/v1/records/accounts/a1`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${book}` },
    });
    expect(del.status).toBe(403);
  });

  it('refuses a zip that is not one, or holds no dataset', async () => {
    const notZip = await post(new TextEncoder().encode('PK this is not a zip'), 'application/zip');
    expect(notZip.status).toBe(400);
    expect((await notZip.json()).error.code).toBe('unreadable');
    const empty = await post(new Uint8Array(makeZip({ 'readme.txt': 'hi' })), 'application/zip');
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe('not-dataset');
    const broken = makeZip({
      'dataset.csv': 'schemaVersion,currency\n1,USD\n',
      'accounts.csv': 'id,name\n"a1,unclosed\n',
    });
    const r = await post(new Uint8Array(broken), 'application/zip');
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/accounts\.csv/);
    expect((await syncAll(srv.url, ws)).changes).toEqual([]);
  });
});
