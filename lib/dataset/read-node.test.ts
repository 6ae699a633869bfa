import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetToCsvFiles } from './csv';
import { type ParseResult, type ParseSuccess, parseDataset } from './parse';
import { readDatasetPath } from './read-node';
import { makeZip } from './testing';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function ok(r: ParseResult): ParseSuccess {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.message}`);
  return r;
}
function err(r: ParseResult): { code: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const sample = {
  schemaVersion: 1,
  currency: 'EUR',
  dataThrough: '2026-10-31',
  accounts: [
    {
      id: 'a1',
      name: 'Acme, "the" company',
      domains: ['acme.com', 'acme.de'],
      crm: { hubspotCompanyId: '42' },
      milestones: { setup: '2026-01-02' },
      updatedAt: '2026-10-01T00:00:00Z',
    },
    { id: 'a2', name: 'Beta\nGmbH', domains: [], crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
  ],
  usage: [
    { accountId: 'a1', date: '2026-10-31', dau: 3, wau: 4, mau: 5, minutes: 7.25, sessions: 2 },
    { accountId: 'a2', date: '2026-10-31', dau: 1, wau: 1, mau: 1, minutes: 0, sessions: 1 },
  ],
  users: [{ accountId: 'a1', id: 'u1', champion: true, features: { reports: '2026-10-30' } }],
};
const expected = ok(parseDataset(sample)).dataset;

async function folderWith(name: string, files: Record<string, string>): Promise<string> {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) await writeFile(join(d, f), text);
  return d;
}

describe('readDatasetPath', () => {
  it('reads a JSON file', async () => {
    const p = join(dir, 'sample.json');
    await writeFile(p, `\uFEFF${JSON.stringify(sample)}`);
    expect(ok(await readDatasetPath(p)).dataset).toEqual(expected);
  });

  it('reads a folder of CSV files, streaming, and warns about unknown CSV names', async () => {
    const files = datasetToCsvFiles(expected);
    const p = await folderWith('csv', { ...files, 'notes.csv': 'x\n', 'README.txt': 'hi' });
    const r = ok(await readDatasetPath(p));
    expect(r.dataset).toEqual(expected);
    expect(r.warnings).toEqual(['notes.csv is not a Healthbar CSV file name; it was ignored']);
  });

  it('reads a zip of CSV files (inside a folder, with macOS clutter)', async () => {
    const files = datasetToCsvFiles(expected);
    const entries = Object.entries(files).map(([name, data]) => ({ name: `export/${name}`, data }));
    entries.push({ name: '__MACOSX/export/._accounts.csv', data: 'junk' });
    entries.push({ name: 'export/', data: '' });
    const p = join(dir, 'export.zip');
    await writeFile(p, makeZip(entries));
    const r = ok(await readDatasetPath(p));
    expect(r.dataset).toEqual(expected);
    expect(r.warnings).toEqual([]);
  });

  it('recognises a zip or JSON without the usual extension', async () => {
    const z = join(dir, 'export.bin');
    await writeFile(
      z,
      makeZip(Object.entries(datasetToCsvFiles(expected)).map(([name, data]) => ({ name, data }))),
    );
    expect(ok(await readDatasetPath(z)).dataset).toEqual(expected);
    const j = join(dir, 'export.txt');
    await writeFile(j, JSON.stringify(sample));
    expect(ok(await readDatasetPath(j)).dataset).toEqual(expected);
  });

  it('streams a larger CSV file, settling repeated keys (later wins)', async () => {
    const rows = ['accountId,date,dau,wau,mau,minutes,sessions'];
    const dateOf = (k: number) =>
      `${2000 + Math.floor(k / 336)}-${String(1 + (Math.floor(k / 28) % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`;
    for (let i = 0; i < 40_000; i++) rows.push(`a${i % 3},${dateOf(i % 5000)},${i % 7},1,2,${i / 8},1`);
    rows.push('a1,2001-01-01,oops,1,1,1,1');
    const p = await folderWith('big', {
      'dataset.csv': 'schemaVersion,currency,dataThrough\n1,USD,\n',
      'usage.csv': `${rows.join('\n')}\n`,
    });
    const r = ok(await readDatasetPath(p));
    expect(r.rejectedCounts.usage).toBe(1);
    expect(r.rejected[0].message).toBe('usage.csv row 40002 (a1 2001-01-01): dau "oops" is not a number');
    // (i mod 3, i mod 5000) repeats every 15,000 rows.
    expect(r.counts.usage).toBe(15_000);
    expect(r.replacedCounts.usage).toBe(25_000);
    expect(r.replaced).toHaveLength(1000);
    expect(r.dataset.usage[0]).toEqual({
      accountId: 'a0',
      date: dateOf(0),
      dau: 30_000 % 7,
      wau: 1,
      mau: 2,
      minutes: 30_000 / 8,
      sessions: 1,
    });
    expect(r.replaced[0].message).toBe(
      `usage.csv row 15002 (a0 ${dateOf(0)}) replaces row 2, which has the same key`,
    );
  });

  it('uses --currency when there is no dataset.csv, and says what is missing otherwise', async () => {
    const p = await folderWith('nocurrency', {
      'accounts.csv': 'id,name,updatedAt\na1,A,2026-10-01T00:00:00Z\n',
    });
    const e = err(await readDatasetPath(p));
    expect(e.code).toBe('currency');
    expect(e.message).toContain('has no dataset.csv');
    expect(e.message).toContain('--currency');
    const r = ok(await readDatasetPath(p, { currency: 'GBP' }));
    expect(r.dataset.currency).toBe('GBP');
    expect(r.dataset.schemaVersion).toBe(1);
    expect(r.dataset.accounts).toHaveLength(1);
  });

  it('prefers dataset.csv over --currency, with a warning when they differ', async () => {
    const p = await folderWith('both', {
      'dataset.csv': 'schemaVersion,currency,dataThrough\n1,USD,2026-10-31\n',
    });
    const r = ok(await readDatasetPath(p, { currency: 'GBP' }));
    expect(r.dataset.currency).toBe('USD');
    expect(r.dataset.dataThrough).toBe('2026-10-31');
    expect(r.warnings).toEqual(['dataset.csv says the currency is USD; the given currency GBP was not used']);
  });

  it.each([
    ['missing', async () => join(dir, 'nope.json'), 'unreadable', /no such file or folder/],
    [
      'not JSON',
      async () => {
        const p = join(dir, 'bad.json');
        await writeFile(p, '{"schemaVersion":1,');
        return p;
      },
      'not-dataset',
      /is not valid JSON/,
    ],
    [
      'unknown schemaVersion',
      async () => {
        const p = join(dir, 'v2.json');
        await writeFile(p, '{"schemaVersion":2,"currency":"USD"}');
        return p;
      },
      'schema-version',
      /^Unknown schemaVersion 2: this file was made for a newer Healthbar; update the extension\.$/,
    ],
    [
      'a single CSV file',
      async () => {
        const p = join(dir, 'accounts.csv');
        await writeFile(p, 'id\n');
        return p;
      },
      'not-dataset',
      /single CSV file/,
    ],
    [
      'a folder without Healthbar files',
      async () => folderWith('empty', { 'a.txt': 'x' }),
      'not-dataset',
      /holds no Healthbar CSV files/,
    ],
    [
      'a broken zip',
      async () => {
        const p = join(dir, 'broken.zip');
        await writeFile(p, 'PK\u0003\u0004 not really a zip');
        return p;
      },
      'unreadable',
      /is not a readable zip file/,
    ],
    [
      'an unterminated quote',
      async () =>
        folderWith('quote', {
          'dataset.csv': 'schemaVersion,currency,dataThrough\n1,USD,\n',
          'accounts.csv': 'id,name,updatedAt\na1,"Acme,2026-10-01T00:00:00Z\n',
        }),
      'unreadable',
      /accounts\.csv, row 2: a quoted field is never closed/,
    ],
    [
      'something else',
      async () => {
        const p = join(dir, 'image.png');
        await writeFile(p, '\u0089PNG');
        return p;
      },
      'not-dataset',
      /is not a Healthbar dataset/,
    ],
  ])('refuses %s', async (_name, make, code, message) => {
    const e = err(await readDatasetPath(await make()));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('refuses JSON larger than the limit, suggesting CSV', async () => {
    const p = join(dir, 'sample-limit.json');
    await writeFile(p, JSON.stringify(sample));
    const e = err(await readDatasetPath(p, { maxJsonBytes: 100 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/as CSV/);
  });
});
