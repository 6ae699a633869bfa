import { parse as csvParseSync } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  type CsvCell,
  CsvParser,
  CsvSyntaxError,
  CsvWriteError,
  csvFileCollection,
  csvRowConverter,
  datasetToCsvFiles,
  formatCsvRow,
  parseCsvFiles,
  parseCsvText,
  recordToCsvCells,
} from './csv';
import { type ParseResult, type ParseSuccess, parseDataset } from './parse';
import { COLLECTIONS } from './schema';
import { arbDataset } from './testing';

function ok(r: ParseResult): ParseSuccess {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message}`);
  return r;
}

const HEADER = 'schemaVersion,currency,dataThrough\r\n1,USD,2026-10-31\r\n';

describe('CsvParser (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,""\r\n';
    expect(parseCsvText(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['plain', null, ''],
    ]);
  });

  it('tells an empty cell (absent) from a quoted empty one (empty text)', () => {
    expect(parseCsvText(',"",\n')).toEqual([[null, '', null]]);
  });

  it('accepts LF, CRLF and CR line ends, a BOM, and skips empty lines', () => {
    expect(parseCsvText('\uFEFFa,b\n\n1,2\r\n\r\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps stray quotes as text', () => {
    expect(parseCsvText('ab"c,"q"x\n')).toEqual([['ab"c', 'qx']]);
  });

  it('refuses an unterminated quote and an over-long field', () => {
    expect(() => parseCsvText('a,"never closed\n1,2\n')).toThrow(CsvSyntaxError);
    const p = new CsvParser(() => {}, { maxFieldLength: 10 });
    expect(() => p.push(`"${'x'.repeat(20)}`)).toThrow(/longer than 10 characters/);
  });

  it('numbers rows from 1, counting a row with embedded line breaks once', () => {
    const rows: number[] = [];
    const p = new CsvParser((_c, n) => rows.push(n));
    p.push('h\n"a\nb"\nc\n');
    p.end();
    expect(rows).toEqual([1, 2, 3]);
  });

  const arbCell: fc.Arbitrary<CsvCell> = fc.oneof(
    fc.constant(null),
    fc.string({ maxLength: 6 }),
    fc.constantFrom('', '"', '""', ',', '\r\n', '\n', '\r', ' a ', 'é€'),
  );
  // A lone empty cell on a line is an empty line; keep rows of one cell non-empty.
  const arbRows = fc.array(
    fc
      .array(arbCell, { minLength: 1, maxLength: 5 })
      .filter((r) => r.length > 1 || (r[0] !== null && r[0] !== '')),
    { maxLength: 6 },
  );

  it('reads back what formatCsvRow writes, however the text is chunked (property)', () => {
    fc.assert(
      fc.property(arbRows, fc.array(fc.nat({ max: 40 }), { maxLength: 8 }), (rows, cuts) => {
        const text = rows.map(formatCsvRow).join('');
        const got: CsvCell[][] = [];
        const p = new CsvParser((r) => got.push(r));
        let at = 0;
        for (const c of cuts) {
          p.push(text.slice(at, at + c));
          at += c;
        }
        p.push(text.slice(at));
        p.end();
        expect(got).toEqual(rows);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with csv-parse on the text of every cell (property)', () => {
    fc.assert(
      fc.property(arbRows, (rows) => {
        const text = rows.map(formatCsvRow).join('');
        const theirs = csvParseSync(text, {
          relax_column_count: true,
          skip_empty_lines: false,
        }) as string[][];
        const ours = parseCsvText(text).map((r) => r.map((c) => c ?? ''));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatCsvRow', () => {
  it('quotes only when needed and writes "" for empty text', () => {
    expect(formatCsvRow(['a', null, '', 'x,y', 'q"q', 'l\nl', ' s'])).toBe(
      'a,,"","x,y","q""q","l\nl"," s"\r\n',
    );
  });
});

describe('row → record', () => {
  const usageHeader = ['accountId', 'date', 'dau', 'wau', 'mau', 'minutes', 'sessions'];

  it('parses numbers, booleans, lists and maps by column', () => {
    const acc = csvRowConverter('accounts', [
      'id',
      'name',
      'domains',
      'crm.hubspotCompanyId',
      'seats',
      'milestones',
      'updatedAt',
      'futureColumn',
    ]);
    expect(acc.unknownColumns).toEqual(['futureColumn']);
    expect(acc.missingRequired).toEqual([]);
    expect(
      acc.convert(['a1', 'Acme', 'a.com;;b.com;', '00123', ' 12 ', '{"setup":"2026-01-01"}', 'T', 'x']),
    ).toEqual({
      ok: true,
      record: {
        id: 'a1',
        name: 'Acme',
        domains: ['a.com', 'b.com'],
        crm: { hubspotCompanyId: '00123' },
        seats: 12,
        milestones: { setup: '2026-01-01' },
        updatedAt: 'T',
      },
    });
    const users = csvRowConverter('users', ['accountId', 'id', 'champion', 'features', 'email']);
    expect(users.convert(['a1', 'u1', 'TRUE', null, ''])).toEqual({
      ok: true,
      record: { accountId: 'a1', id: 'u1', champion: true, features: {}, email: '' },
    });
  });

  it.each([
    [['a1', '2026-10-31', '12a', '1', '1', '1', '1'], 'dau', 'dau "12a" is not a number'],
    [['a1', '2026-10-31', '1', '1', '1', '1,5', '1'], 'minutes', 'minutes "1,5" is not a number'],
    [['a1', '2026-10-31', '1', '1'], '', 'the row has 4 cells but the header has 7'],
  ])('rejects %j', (cells, field, message) => {
    const r = csvRowConverter('usage', usageHeader).convert(cells);
    expect(r).toMatchObject({ ok: false, field, message });
  });

  it('rejects a bad boolean and a map that is not a JSON object', () => {
    const users = csvRowConverter('users', ['accountId', 'id', 'champion', 'features']);
    expect(users.convert(['a1', 'u1', 'yes', '{}'])).toMatchObject({
      ok: false,
      field: 'champion',
      message: 'champion "yes" must be true or false',
    });
    expect(users.convert(['a1', 'u1', 'true', '[1]'])).toMatchObject({
      ok: false,
      field: 'features',
      message: 'features must be a JSON object such as {"key":"2026-10-31"} (found "[1]")',
    });
  });

  it('accepts number notations that String(n) writes', () => {
    const conv = csvRowConverter('usage', usageHeader);
    for (const n of [0, -0, 1.5, 1e21, 5e-7, Number.MAX_SAFE_INTEGER]) {
      const r = conv.convert([
        'a',
        'd',
        '1',
        '1',
        '1',
        recordToCsvCells('usage', {
          accountId: 'a',
          date: 'd',
          dau: 1,
          wau: 1,
          mau: 1,
          minutes: n,
          sessions: 1,
        })[5],
        '1',
      ]);
      expect(r.ok && r.record.minutes).toBe(n);
    }
  });

  it('lists required columns that are missing', () => {
    expect(csvRowConverter('usage', ['accountId', 'date', 'dau']).missingRequired).toEqual([
      'wau',
      'mau',
      'minutes',
      'sessions',
    ]);
  });
});

describe('writer', () => {
  it('writes the columns of DATASET.md in order', () => {
    const files = datasetToCsvFiles(ok(parseDataset({ schemaVersion: 1, currency: 'USD' })).dataset);
    expect(Object.keys(files)).toEqual(['dataset.csv', ...COLLECTIONS.map((c) => `${c}.csv`)]);
    expect(files['dataset.csv']).toBe('schemaVersion,currency,dataThrough\r\n1,USD,\r\n');
    expect(files['accounts.csv']).toBe(
      'id,name,domains,crm.hubspotCompanyId,crm.salesforceAccountId,crm.zendeskOrganizationId,planId,seats,segment,owner,startedOn,renewsOn,acquisitionCost,dealCreatedOn,dealClosedOn,milestones,updatedAt\r\n',
    );
    expect(files['usage.csv']).toBe('accountId,date,dau,wau,mau,minutes,sessions\r\n');
    for (const c of COLLECTIONS) expect(csvFileCollection(`${c}.csv`)).toBe(c);
    expect(CSV_COLUMNS.plans.map((c) => c.name)).toEqual(['id', 'name', 'tier', 'seatLimit', 'features']);
  });

  it('refuses a list item containing ";"', () => {
    expect(() =>
      recordToCsvCells('plans', { id: 'p', name: 'P', tier: 1, features: ['a;b'], seatLimit: undefined }),
    ).toThrow(CsvWriteError);
  });
});

describe('CSV round trip', () => {
  it('JSON → CSV → parse gives the same dataset (property)', () => {
    fc.assert(
      fc.property(arbDataset, (raw) => {
        const fromJson = ok(parseDataset(raw));
        const files = datasetToCsvFiles(fromJson.dataset);
        const fromCsv = ok(parseCsvFiles(files));
        expect(fromCsv.rejected).toEqual([]);
        expect(fromCsv.replaced).toEqual([]);
        // generatedAt is not part of the CSV form.
        expect(fromCsv.dataset).toEqual({ ...fromJson.dataset, generatedAt: undefined });
        // Writing again gives the same text.
        expect(datasetToCsvFiles(fromCsv.dataset)).toEqual(files);
      }),
      { numRuns: 200 },
    );
  });

  it('reports CSV rejections with file and row', () => {
    const r = ok(
      parseCsvFiles({
        'dataset.csv': HEADER,
        'usage.csv':
          'accountId,date,dau,wau,mau,minutes,sessions\r\na1,2026-10-31,x,1,1,1,1\r\na1,2026-10-30,1,1,1,1,1\r\n',
        'accounts.csv': 'id,name,updatedAt\r\na1,"Acme, ""the"" company",2026-10-01T00:00:00Z\r\n',
        'notes.csv': 'whatever\r\n',
      }),
    );
    expect(r.rejected.map((x) => x.message)).toEqual([
      'usage.csv row 2 (a1 2026-10-31): dau "x" is not a number',
    ]);
    expect(r.dataset.accounts).toEqual([
      { id: 'a1', name: 'Acme, "the" company', domains: [], crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
    ]);
    expect(r.dataset.usage).toHaveLength(1);
    expect(r.warnings).toEqual(['notes.csv is not a Healthbar CSV file name; it was ignored']);
  });

  it('needs dataset.csv or a currency', () => {
    const files = { 'accounts.csv': 'id,name,updatedAt\r\n' };
    const r = parseCsvFiles(files);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('currency');
      expect(r.error.message).toContain('no dataset.csv');
      expect(r.error.message).toContain('--currency');
    }
    expect(ok(parseCsvFiles(files, { currency: 'EUR' })).dataset.currency).toBe('EUR');
  });

  it('reads schemaVersion from dataset.csv and refuses an unknown one', () => {
    const r = parseCsvFiles({ 'dataset.csv': 'schemaVersion,currency,dataThrough\n2,USD,\n' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'schema-version',
        message: 'Unknown schemaVersion 2: this file was made for a newer Healthbar; update the extension.',
      },
    });
    const empty = parseCsvFiles({ 'dataset.csv': 'schemaVersion,currency,dataThrough\n' });
    expect(empty.ok === false && empty.error.message).toBe(
      'dataset.csv must have a header row (schemaVersion,currency,dataThrough) and one row of values.',
    );
  });

  it('does not pollute prototypes from CSV map cells', () => {
    const r = ok(
      parseCsvFiles({
        'dataset.csv': HEADER,
        'users.csv':
          'accountId,id,champion,features\r\na1,u1,false,"{""__proto__"":{""polluted"":1},""x"":""2026-01-01""}"\r\n',
      }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.dataset.users[0].features).toEqual({ x: '2026-01-01' });
  });
});
