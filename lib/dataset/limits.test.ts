import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../cli/report';
import { type CsvCell, CsvImportBudget, CsvLimitError, CsvParser, parseCsvFiles } from './csv';
import { writeCommaBombZip } from './hostile-zip';
import { readDatasetPath } from './read-node';

function rows(text: string, options: ConstructorParameters<typeof CsvParser>[1] = {}): CsvCell[][] {
  const out: CsvCell[][] = [];
  const p = new CsvParser((r) => out.push(r), options);
  p.push(text);
  p.end();
  return out;
}

function limitOf(f: () => unknown): CsvLimitError {
  try {
    f();
  } catch (e) {
    if (e instanceof CsvLimitError) return e;
    throw e;
  }
  throw new Error('no CsvLimitError');
}

describe('CSV reader caps (issue 25, defect 2)', () => {
  it('counts the whole row towards the row length: delimiters and quotes too', () => {
    const e = limitOf(() => rows(`a\n${','.repeat(50)}\n`, { maxRowLength: 40, maxCells: 1000 }));
    expect(e.limit).toBe('row-length');
    expect(e.message).toBe('row 2 is longer than 40 characters');
    expect(limitOf(() => rows('""""""""""""""""""""""\n', { maxRowLength: 10 })).limit).toBe('row-length');
    expect(rows(`${','.repeat(39)}\n`, { maxRowLength: 40, maxCells: 1000 })[0]).toHaveLength(40);
  });

  it('takes 64 cells in a row and refuses the 65th, naming the row', () => {
    expect(rows(`${'x,'.repeat(63)}x\r\n`)[0]).toHaveLength(64);
    const e = limitOf(() => rows(`h\r\n1\r\n${','.repeat(64)}\r\n`));
    expect(e.limit).toBe('cells');
    expect(e.message).toBe('row 3 has more than 64 cells, the most a Healthbar CSV row may have');
  });

  it('caps the rows and the bytes of one import over all its files', () => {
    const budget = new CsvImportBudget(1000, 5);
    rows('a\n1\n2\n', { budget });
    const e = limitOf(() => rows('a\n1\n2\n', { budget }));
    expect(e.limit).toBe('rows');
    expect(e.message).toMatch(/^row 3: the import holds more than 5 CSV rows/);
    const bytes = new CsvImportBudget(10, 100);
    const p = new CsvParser(() => {}, { budget: bytes });
    p.pushBytes(new TextEncoder().encode('abcdefgh\n'));
    const b = limitOf(() => p.pushBytes(new TextEncoder().encode('ij\n')));
    expect(b.limit).toBe('bytes');
    expect(b.message).toMatch(/^row 2: the import holds more than 10 bytes of CSV text/);
  });

  it('decodes UTF-8 split across chunks', () => {
    const out: CsvCell[][] = [];
    const p = new CsvParser((r) => out.push(r));
    const bytes = new TextEncoder().encode('\uFEFFnäme,€\n');
    for (const b of bytes) p.pushBytes(Uint8Array.of(b));
    p.end();
    expect(out).toEqual([['näme', '€']]);
  });

  it('the in-memory reader refuses a 65-cell row naming the file and row', () => {
    const r = parseCsvFiles({ 'accounts.csv': `id,name\r\n${','.repeat(70)}\r\n` }, { currency: 'USD' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'unreadable',
        message:
          'Cannot read accounts.csv, row 2 has more than 64 cells, the most a Healthbar CSV row may have',
      },
    });
  });
});

describe('the 150 M-comma zip', () => {
  let dir: string;
  let zip: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-bomb-'));
    zip = join(dir, 'bomb.zip');
    await writeCommaBombZip(zip);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused by the Node reader in well under a second of parsing, naming the file and row', async () => {
    expect((await stat(zip)).size).toBeLessThan(200_000);
    const started = Date.now();
    const r = await readDatasetPath(zip, { currency: 'USD' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(
      /bomb\.zip:accounts\.csv, row 2 has more than 64 cells, the most a Healthbar CSV row may have$/,
    );
  });

  it('makes the report CLI exit 2 within seconds, naming the file and row', async () => {
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) =>
      new Writable({
        write(chunk, _enc, done) {
          f(String(chunk));
          done();
        },
      });
    const started = Date.now();
    const code = await runReport(['--dataset', zip, '--currency', 'USD'], {
      stdout: sink((s) => {
        out += s;
      }),
      stderr: sink((s) => {
        err += s;
      }),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/bomb\.zip:accounts\.csv, row 2 has more than 64 cells/);
  });
});
