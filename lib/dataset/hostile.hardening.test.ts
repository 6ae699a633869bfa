/**
 * Hostile data through every reader: `parseDataset` (JSON), the CSV readers (`parseCsvFiles`,
 * the browser's streaming `readDatasetFiles`) and `parseSyncPage`. Generated (fast-check) and
 * hand-written: wrong types, huge numbers, negative money, impossible dates, repeated ids, 10 MB
 * strings, deep nesting, `__proto__` / `constructor` / `prototype` keys, markup and bidi text.
 *
 * Whatever comes in: no reader throws; every record left out is named with a reason; what is kept
 * is valid; a report computed on it has no NaN or Infinity anywhere; no prototype is polluted.
 * A 10-million-row usage CSV is refused with a size message after reading only up to the limit.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport, defaultAsOf } from '../metrics';
import { parseCsvFiles } from './csv';
import { arbHostile, arbHostileDataset, deepObject, nonFinite, type Raw } from './hostile-testing';
import { type ParseResult, type ParseSuccess, parseDataset } from './parse';
import { type FileLike, readDatasetFiles } from './read-files';
import { COLLECTIONS, type CollectionName, collectionSchemas, type Dataset } from './schema';
import { parseSyncPage } from './sync-page';

const stats = { cases: 0 };
afterAll(() => {
  console.log(`[hostile data] ${stats.cases} generated and hand-written cases`);
});

// ---------------------------------------------------------------------------------------------
// What must hold of any result

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort();

function expectNoPollution() {
  expect(({} as Raw).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_NAMES);
}

function offered(raw: unknown, c: CollectionName): number {
  const v = raw && typeof raw === 'object' ? (raw as Raw)[c] : undefined;
  return Array.isArray(v) ? v.length : 0;
}

/** The checks every accepted result passes. */
function checkAccepted(r: ParseSuccess, raw?: unknown) {
  for (const c of COLLECTIONS) {
    for (const rec of r.dataset[c] as unknown[]) {
      const again = collectionSchemas[c].safeParse(rec);
      expect(again.success, `${c} kept an invalid record`).toBe(true);
      expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
    }
    if (raw !== undefined && Array.isArray((raw as Raw)[c])) {
      expect(r.counts[c] + r.rejectedCounts[c] + r.replacedCounts[c], c).toBe(offered(raw, c));
    }
  }
  for (const x of r.rejected) {
    expect(x.message.length).toBeGreaterThan(x.collection.length + 4);
    expect(typeof x.field).toBe('string');
    expect(x.message).not.toMatch(/undefined|\[object Object\]|NaN/);
  }
  for (const x of r.replaced) expect(x.message).toMatch(/replaces/);
  checkReport(r.dataset);
}

function checkReport(d: Dataset) {
  const asOf = defaultAsOf(d) ?? '2026-10-31';
  const report = computeReport(d, asOf);
  const bad = nonFinite(report);
  expect(bad, `report as of ${asOf}: ${bad}`).toBeNull();
  for (const a of report.accounts) {
    expect(Object.getPrototypeOf(a.usage.featureAdoption)).toBe(Object.prototype);
  }
}

function checkResult(r: ParseResult, raw?: unknown) {
  stats.cases++;
  if (r.ok) checkAccepted(r, raw);
  else {
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(r.error.code).toMatch(/^[a-z-]+$/);
  }
  expectNoPollution();
}

// ---------------------------------------------------------------------------------------------

describe('parseDataset against generated hostile datasets', () => {
  it('never throws; rejects with reasons; keeps only valid records; reports stay finite', () => {
    fc.assert(
      fc.property(arbHostileDataset, (raw) => {
        checkResult(parseDataset(raw), raw);
      }),
      { numRuns: 1200, seed: 22 },
    );
  });

  it('never throws on any JSON value at all', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom(...COLLECTIONS, 'schemaVersion', 'currency', '__proto__'),
            fc.jsonValue(),
          ),
          fc.record({
            schemaVersion: fc.constant(1),
            currency: fc.constant('USD'),
            accounts: fc.array(fc.jsonValue()),
          }),
        ),
        (raw) => {
          checkResult(parseDataset(JSON.parse(JSON.stringify(raw ?? null))));
        },
      ),
      { numRuns: 800, seed: 23 },
    );
  });
});

// A CSV writer that writes anything (the real one refuses invalid records).
function cellText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(';');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
function csvCell(c: string | null): string {
  if (c === null) return '';
  return /[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c;
}
function naiveCsv(rows: unknown[]): string {
  const cols = new Set<string>();
  for (const r of rows) {
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      for (const [k, v] of Object.entries(r)) {
        if (k === 'crm' && v && typeof v === 'object') for (const ck of Object.keys(v)) cols.add(`crm.${ck}`);
        else cols.add(k);
      }
    }
  }
  const header = [...cols];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    const o = (r && typeof r === 'object' ? r : { id: r }) as Raw;
    lines.push(
      header
        .map((h) =>
          csvCell(
            cellText(
              h.startsWith('crm.') ? ((o.crm ?? {}) as Raw)[h.slice(4)] : Object.hasOwn(o, h) ? o[h] : null,
            ),
          ),
        )
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('the CSV readers against generated hostile files', () => {
  it('parseCsvFiles never throws; rejects with reasons; reports stay finite', () => {
    fc.assert(
      fc.property(arbHostileDataset, fc.boolean(), (raw, withDatasetCsv) => {
        const d = (raw && typeof raw === 'object' ? raw : {}) as Raw;
        const files: Record<string, string> = {};
        if (withDatasetCsv) {
          files['dataset.csv'] = naiveCsv([
            { schemaVersion: d.schemaVersion, currency: d.currency, dataThrough: d.dataThrough },
          ]);
        }
        for (const c of COLLECTIONS) if (Array.isArray(d[c])) files[`${c}.csv`] = naiveCsv(d[c] as unknown[]);
        checkResult(parseCsvFiles(files, { currency: 'EUR' }));
      }),
      { numRuns: 500, seed: 24 },
    );
  });

  it('survives arbitrary CSV text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COLLECTIONS),
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('"', '""', '\r', '\n', ',', '\uFEFF', '"a""b"')), {
            maxLength: 10,
          }),
          { maxLength: 10 },
        ),
        (c, rows) => {
          const text = rows.map((r) => r.join(',')).join('\n');
          checkResult(parseCsvFiles({ [`${c}.csv`]: text }, { currency: 'USD' }));
        },
      ),
      { numRuns: 500, seed: 25 },
    );
  });
});

describe('parseSyncPage against generated hostile pages', () => {
  it('refuses nothing valid, applies nothing invalid, and explains every rejection', () => {
    fc.assert(
      fc.property(arbHostileDataset, fc.array(arbHostile, { maxLength: 3 }), (raw, junk) => {
        stats.cases++;
        const d = (raw && typeof raw === 'object' ? raw : {}) as Raw;
        const changes: unknown[] = [];
        for (const c of COLLECTIONS) {
          const list = d[c];
          if (!Array.isArray(list)) continue;
          for (const record of list) changes.push({ collection: c, record });
        }
        changes.push(...junk, { collection: 'accounts', id: junk[0], deleted: true });
        changes.push({ collection: 'usage', key: { accountId: 'a1', date: '2026-02-30' }, deleted: true });
        const page = JSON.parse(
          JSON.stringify({
            schemaVersion: 1,
            currency: 'USD',
            nextCursor: 'c1',
            hasMore: false,
            changes,
          }),
        );
        const r = parseSyncPage(page);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.changes.length + r.rejected.length).toBe(changes.length);
        for (const x of r.rejected) expect(x.message.length).toBeGreaterThan(3);
        for (const ch of r.changes) {
          if ('record' in ch)
            expect(collectionSchemas[ch.collection].safeParse(ch.record).success).toBe(true);
        }
        expectNoPollution();
      }),
      { numRuns: 800, seed: 26 },
    );
  });

  it('refuses a page of another schemaVersion whole, with a message that says to update', () => {
    for (const v of [2, 0, '1', null, 1.5, -1, 'v2', [1]]) {
      stats.cases++;
      const r = parseSyncPage({
        schemaVersion: v,
        currency: 'USD',
        nextCursor: 'x',
        hasMore: false,
        changes: [
          {
            collection: 'accounts',
            record: { id: 'a', name: 'A', domains: [], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
          },
        ],
      });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.kind).toBe('schemaVersion');
      expect(r.message).toMatch(/does not know .* Update the Healthbar extension; nothing was changed/);
    }
    for (const raw of [
      null,
      'page',
      [],
      {},
      { schemaVersion: 1 },
      { schemaVersion: 1, currency: 'USD', nextCursor: '', hasMore: true, changes: [] },
    ]) {
      stats.cases++;
      const r = parseSyncPage(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/not a Healthbar sync page|nothing was changed/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written cases

const base = (): Raw => ({
  schemaVersion: 1,
  currency: 'USD',
  dataThrough: '2026-10-31',
  plans: [{ id: 'p1', name: 'Pro', tier: 2, seatLimit: 50, features: ['reports', 'constructor'] }],
  features: [
    { key: 'reports', name: 'Reports' },
    { key: 'constructor', name: 'Constructor' },
  ],
  milestones: [{ key: 'first', name: 'First', order: 1, firstValue: true }],
  accounts: [
    {
      id: 'a1',
      name: 'Acme',
      domains: ['acme.example'],
      crm: {},
      planId: 'p1',
      seats: 10,
      segment: 'smb',
      updatedAt: '2026-10-01T00:00:00Z',
    },
  ],
  revenue: [
    { accountId: 'a1', month: '2026-09', mrr: 1000 },
    { accountId: 'a1', month: '2026-10', mrr: 1200 },
  ],
  usage: [
    { accountId: 'a1', date: '2026-10-30', dau: 3, wau: 5, mau: 8, minutes: 12.5, sessions: 4 },
    { accountId: 'a1', date: '2026-10-31', dau: 4, wau: 5, mau: 8, minutes: 12.5, sessions: 4 },
  ],
  users: [
    {
      accountId: 'a1',
      id: 'u1',
      champion: true,
      lastSeenOn: '2026-10-31',
      features: { reports: '2026-10-30', constructor: '2026-10-29' },
    },
  ],
  tickets: [],
  surveys: [],
});

function ok(r: ParseResult): ParseSuccess {
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('hand-written hostile datasets', () => {
  it('rejects negative MRR, 2026-02-30, wrong types and huge numbers, naming each', () => {
    const d = base();
    (d.revenue as Raw[]).push(
      { accountId: 'a1', month: '2026-08', mrr: -100 },
      { accountId: 'a1', month: '2026-07', mrr: 1e308 },
      { accountId: 'a1', month: '2026-06', mrr: Number.MAX_SAFE_INTEGER + 2 },
      { accountId: 'a1', month: '2026-05', mrr: '1000' },
    );
    (d.usage as Raw[]).push(
      { accountId: 'a1', date: '2026-02-30', dau: 1, wau: 1, mau: 1, minutes: 1, sessions: 1 },
      { accountId: 'a1', date: '2026-10-29', dau: 1.5, wau: 1, mau: 1, minutes: -1, sessions: 1 },
    );
    (d.accounts as Raw[]).push({ id: 42, name: ['x'], domains: 'a.com', crm: null, updatedAt: 'now' });
    const r = ok(parseDataset(d));
    checkResult(r, d);
    const messages = r.rejected.map((x) => x.message);
    expect(messages).toEqual([
      expect.stringMatching(/^accounts\[1\]: id must be text \(found 42\); name must be text/),
      'revenue[2] (a1 2026-08): mrr must not be negative (found -100)',
      'revenue[3] (a1 2026-07): mrr is too large (found 1e+308)',
      'revenue[4] (a1 2026-06): mrr is too large (found 9007199254740992)',
      'revenue[5] (a1 2026-05): mrr must be a number (found "1000")',
      'usage[2] (a1 2026-02-30): date must be a calendar date YYYY-MM-DD (UTC) (found "2026-02-30")',
      expect.stringMatching(/^usage\[3\] \(a1 2026-10-29\): dau must be a whole number/),
    ]);
    expect(r.counts.revenue).toBe(2);
  });

  it('repeated ids: the later record replaces the earlier, and says so', () => {
    const d = base();
    const a = (d.accounts as Raw[])[0];
    (d.accounts as Raw[]).push({ ...a, name: 'Acme again' }, { ...a, name: 7 });
    (d.usage as Raw[]).push({ ...(d.usage as Raw[])[0], dau: 9 });
    const r = ok(parseDataset(d));
    checkResult(r, d);
    expect(r.dataset.accounts).toHaveLength(1);
    expect(r.dataset.accounts[0].name).toBe('Acme again');
    expect(r.replaced.map((x) => x.message)).toEqual([
      'accounts[1] (a1) replaces accounts[0], which has the same id',
      'usage[2] (a1 2026-10-30) replaces usage[0], which has the same key',
    ]);
    expect(r.rejected.map((x) => x.message)).toEqual([
      expect.stringContaining('accounts[2] (a1): name must be text'),
    ]);
  });

  it('__proto__, constructor and prototype keys everywhere pollute nothing', () => {
    const text = JSON.stringify(base())
      .replace(
        '"schemaVersion":1',
        '"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"schemaVersion":1',
      )
      .replace(
        '"id":"a1","name":"Acme"',
        '"__proto__":{"polluted":2},"prototype":{"polluted":2},"id":"a1","name":"Acme"',
      )
      .replace('"crm":{}', '"crm":{"__proto__":{"polluted":3},"constructor":"x"}');
    const d = JSON.parse(text);
    (d.accounts as Raw[]).push(
      {
        id: '__proto__',
        name: '__proto__',
        domains: ['__proto__'],
        crm: {},
        updatedAt: '2026-10-01T00:00:00Z',
      },
      { id: 'constructor', name: 'constructor', domains: [], crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
      {
        id: 'prototype',
        name: 'toString',
        domains: [],
        crm: {},
        updatedAt: '2026-10-01T00:00:00Z',
        milestones: JSON.parse('{"__proto__":"2026-01-01","first":"2026-02-01"}'),
      },
    );
    (d.features as Raw[]).push({ key: '__proto__', name: 'Proto' });
    (d.plans as Raw[]).push({ id: 'p2', name: 'P2', tier: 1, features: ['__proto__'] });
    const r = ok(parseDataset(d));
    checkResult(r, d);
    expect(r.dataset.accounts.map((a) => a.id)).toEqual(['a1', '__proto__', 'constructor', 'prototype']);
    expect(r.dataset.accounts[3].milestones).toEqual({ first: '2026-02-01' });
    expect(r.rejected.map((x) => x.message)).toEqual([
      'plans[1] (p2): features[0] must not be "__proto__" (found "__proto__")',
      'features[2] (__proto__): key must not be "__proto__" (found "__proto__")',
    ]);
    const report = computeReport(r.dataset, '2026-10-31');
    expect(Object.keys(report.accounts[0].usage.featureAdoption).sort()).toEqual(['constructor', 'reports']);
    expect(report.accounts[0].usage.featureAdoption.constructor).toBe(1);
  });

  it('10 MB strings reject their record alone with a short reason (JSON, CSV and sync), and a 17 MB CSV field is refused with a reason', () => {
    // Text has maximum lengths (issue 25, DATASET.md "Lengths"): names 1,000 characters.
    const big = `${'<img src=x onerror=alert(1)>'.repeat(10)}${'x'.repeat(10 * 1024 * 1024)}`;
    const reason = `name must be at most 1,000 characters long (found ${big.length.toLocaleString('en-US')} characters)`;
    const d = base();
    (d.accounts as Raw[])[0].name = big;
    const r = ok(parseDataset(d));
    checkResult(r, d);
    expect(r.dataset.accounts.map((a) => a.id)).not.toContain('a1');
    expect(r.rejected.map((x) => x.message)).toEqual([`accounts[0] (a1): ${reason}`]);

    const csv = parseCsvFiles(
      {
        'accounts.csv': `id,name,updatedAt\r\na1,"${big}",2026-10-01T00:00:00Z\r\na2,Fine,2026-10-01T00:00:00Z\r\n`,
      },
      { currency: 'USD' },
    );
    checkResult(csv);
    expect(ok(csv).dataset.accounts.map((a) => a.id)).toEqual(['a2']);
    expect(ok(csv).rejected.map((x) => x.message)).toEqual([`accounts.csv row 2 (a1): ${reason}`]);
    const huge = parseCsvFiles(
      { 'accounts.csv': `id,name,updatedAt\r\na1,${'y'.repeat(17 * 1024 * 1024)},2026-10-01T00:00:00Z\r\n` },
      { currency: 'USD' },
    );
    expect(huge.ok).toBe(false);
    if (!huge.ok)
      expect(huge.error.message).toMatch(/accounts\.csv, row 2: a field is longer than 16777216 characters/);

    const page = parseSyncPage({
      schemaVersion: 1,
      currency: 'USD',
      nextCursor: 'c',
      hasMore: false,
      changes: [{ collection: 'accounts', record: (d.accounts as Raw[])[0] }],
    });
    expect(page.ok && page.changes.length).toBe(0);
    expect(page.ok && page.rejected.map((x) => x.field)).toEqual(['name']);
    stats.cases += 3;
  });

  it('deep nesting: 100,000 levels in a field, and a JSON file nested a million deep', async () => {
    const d = base();
    (d.accounts as Raw[])[0].name = deepObject(100_000);
    (d.accounts as Raw[])[0].extra = deepObject(100_000);
    (d.users as Raw[])[0].features = { reports: deepObject(100_000) };
    const r = ok(parseDataset(d));
    checkResult(r);
    expect(r.rejected.map((x) => x.message)).toEqual([
      'accounts[0] (a1): name must be text (found an object)',
      'users[0] (u1): features.reports must be text (found an object)',
    ]);
    const text = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const file = textFile('deep.json', text);
    const deep = await readDatasetFiles([file]);
    checkResult(deep);
    expect(deep.ok).toBe(false);
  });

  it('extreme but valid numbers give a finite report', () => {
    const M = Number.MAX_SAFE_INTEGER;
    const d = base();
    const accounts: Raw[] = [];
    const revenue: Raw[] = [];
    const usage: Raw[] = [];
    for (let i = 0; i < 40; i++) {
      accounts.push({
        id: `x${i}`,
        name: `X ${i}`,
        domains: [],
        crm: {},
        seats: i % 2 ? M : 0,
        acquisitionCost: M,
        segment: 'enterprise',
        startedOn: '2025-01-01',
        dealCreatedOn: '1000-01-01',
        dealClosedOn: '2026-10-01',
        renewsOn: '9999-12-31',
        updatedAt: '2026-10-01T00:00:00Z',
      });
      for (const month of ['2025-10', '2026-09', '2026-10'])
        revenue.push({ accountId: `x${i}`, month, mrr: i % 3 ? M : 0 });
      for (const date of ['2026-10-01', '2026-10-31']) {
        usage.push({ accountId: `x${i}`, date, dau: M, wau: M, mau: i % 4 ? M : 0, minutes: M, sessions: M });
      }
    }
    d.accounts = [...(d.accounts as Raw[]), ...accounts];
    d.revenue = [...(d.revenue as Raw[]), ...revenue];
    d.usage = [...(d.usage as Raw[]), ...usage];
    d.surveys = [
      { id: 's1', accountId: 'x1', respondedOn: '2026-10-01', kind: 'nps', score: 0 },
      { id: 's2', accountId: 'x1', respondedOn: '2026-10-01', kind: 'csat', score: 5 },
    ];
    d.tickets = [
      {
        id: 't1',
        accountId: 'x1',
        openedAt: '2026-10-01T00:00:00Z',
        firstResponseAt: '1970-01-01T00:00:00Z',
        solvedAt: '9999-12-31T23:59:59.999999999Z',
        priority: 'urgent',
        status: 'solved',
      },
    ];
    const r = ok(parseDataset(d));
    checkResult(r, d);
    expect(r.rejected).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Size: a 10-million-row usage CSV

function textFile(name: string, text: string): FileLike {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    size: bytes.length,
    text: async () => text,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 65536) c.enqueue(bytes.subarray(i, i + 65536));
          c.close();
        },
      }),
  };
}

/** A usage.csv of `rows` rows, generated as it is read (never held whole). */
function lazyUsageCsv(rows: number, accounts = 5000): FileLike & { produced: () => number } {
  const enc = new TextEncoder();
  let produced = 0;
  const day0 = Date.UTC(2000, 0, 1);
  return {
    name: 'usage.csv',
    size: rows * 40,
    produced: () => produced,
    text: async () => {
      throw new Error('a reader must stream this file');
    },
    stream: () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (i === 0) c.enqueue(enc.encode('accountId,date,dau,wau,mau,minutes,sessions\n'));
          if (i >= rows) {
            c.close();
            return;
          }
          let s = '';
          const end = Math.min(rows, i + 2000);
          for (; i < end; i++) {
            const date = new Date(day0 + Math.floor(i / accounts) * 86_400_000).toISOString().slice(0, 10);
            s += `acc-${i % accounts},${date},3,5,8,42.5,4\n`;
          }
          produced = i;
          c.enqueue(enc.encode(s));
        },
      });
    },
  };
}

describe('a 10-million-row usage CSV', () => {
  it('is refused with a size message once past the limit, having read only that far', async () => {
    const rows = 10_000_000;
    const cap = 100_000;
    const file = lazyUsageCsv(rows);
    const before = process.memoryUsage().heapUsed;
    const r = await readDatasetFiles(
      [textFile('dataset.csv', 'schemaVersion,currency,dataThrough\n1,USD,\n'), file],
      {
        maxRecords: cap,
      },
    );
    const grown = process.memoryUsage().heapUsed - before;
    stats.cases++;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('too-large');
    expect(r.error.message).toBe(
      'The dataset has more than 100,000 records, the most Healthbar reads at once (the limit was passed at usage.csv row 100002). Use fewer records (e.g. fewer days of usage), or connect Healthbar to a server, which streams any size.',
    );
    // Reading stopped at the limit: a few chunks past it, not 10 million rows.
    expect(file.produced()).toBeLessThan(cap + 10_000);
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('the same limit holds for JSON and for in-memory CSV', () => {
    const d = base();
    d.usage = Array.from({ length: 50 }, (_, i) => ({
      accountId: 'a1',
      date: `2026-0${1 + (i % 9)}-${String(1 + Math.floor(i / 9)).padStart(2, '0')}`,
      dau: 1,
      wau: 1,
      mau: 1,
      minutes: 1,
      sessions: 1,
    }));
    const r = parseDataset(d, { maxRecords: 20 });
    expect(r.ok === false && r.error.code).toBe('too-large');
    expect(r.ok === false && r.error.message).toMatch(/more than 20 records.*usage\[\d+\]/);
    const csv = parseCsvFiles(
      {
        'usage.csv': `accountId,date,dau,wau,mau,minutes,sessions\n${'a1,2026-10-01,1,1,1,1,1\n'.repeat(30)}`,
      },
      { currency: 'USD', maxRecords: 20 },
    );
    expect(csv.ok === false && csv.error.message).toMatch(/more than 20 records.*usage\.csv row 22/);
    stats.cases += 2;
  });
});
