import { describe, expect, it } from 'vitest';
import { CsvImportBudget, datasetToCsvFiles } from './csv';
import { parseDataset } from './parse';
import {
  type CsvSources,
  type DatasetEntry,
  pickCsvEntries,
  readCsvCollections,
  readCsvDataset,
  readJsonEntry,
} from './read-entries';

const raw = {
  schemaVersion: 1,
  currency: 'EUR',
  dataThrough: '2026-10-31',
  accounts: [{ id: 'a1', name: 'Acme', domains: ['acme.com'], crm: {}, updatedAt: '2026-10-01T00:00:00Z' }],
  usage: [
    { accountId: 'a1', date: '2026-10-31', dau: 3, wau: 4, mau: 5, minutes: 10.5, sessions: 2 },
    { accountId: 'a1', date: '2026-10-30', dau: -1, wau: 4, mau: 5, minutes: 10, sessions: 2 },
  ],
};

/** An entry whose text arrives in chunks of `size` bytes (a multi-byte character may be split). */
function entry(name: string, text: string, label = name, size = 7): DatasetEntry {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    label,
    async *chunks() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

describe('pickCsvEntries', () => {
  it('matches zip entries by base name, skips folders and macOS metadata, keeps the first of a name', () => {
    const warnings: string[] = [];
    const sources = pickCsvEntries(
      [
        entry('export/', ''),
        entry('__MACOSX/export/._accounts.csv', 'x'),
        entry('export/._usage.csv', 'x'),
        entry('export/accounts.csv', 'first'),
        entry('other/accounts.csv', 'second'),
        entry('export/notes.csv', 'x'),
        entry('export/readme.txt', 'x'),
      ],
      new Map(),
      warnings,
      { zip: true },
    );
    expect([...sources.keys()]).toEqual(['accounts']);
    expect(sources.get('accounts')?.name).toBe('export/accounts.csv');
    expect(warnings).toEqual([
      'other/accounts.csv: a second accounts.csv in the zip; only the first was read',
      'export/notes.csv is not a Healthbar CSV file name; it was ignored',
    ]);
  });

  it('warns about every ignored name, or none, when asked', () => {
    const all: string[] = [];
    pickCsvEntries([entry('readme.txt', ''), entry('usage.csv', '')], new Map(), all, { warn: 'all' });
    expect(all).toEqual(['readme.txt is not a Healthbar CSV file name; it was ignored']);
    const none: string[] = [];
    pickCsvEntries([entry('notes.csv', '')], new Map(), none, { warn: 'none' });
    expect(none).toEqual([]);
  });
});

describe('readCsvDataset and readJsonEntry', () => {
  it('read the same dataset from CSV entries and from a JSON entry as parseDataset does', async () => {
    const expected = parseDataset(raw);
    if (!expected.ok) throw new Error(expected.error.message);
    const files = datasetToCsvFiles(expected.dataset);
    files['usage.csv'] += 'a1,2026-10-30,-1,4,5,10,2\n';
    const sources = pickCsvEntries(
      Object.entries(files).map(([name, text]) => entry(name, text, `x.zip:${name}`)),
      new Map(),
      [],
    );
    const csv = await readCsvDataset(sources, [], { where: 'x.zip' });
    const json = await readJsonEntry(entry('d.json', `\uFEFF${JSON.stringify(raw)}`), {});
    expect(csv.ok && csv.dataset).toEqual(expected.dataset);
    expect(json).toEqual(expected);
    expect(csv.ok && csv.rejected.map((r) => r.message)).toEqual([
      'x.zip:usage.csv row 3 (a1 2026-10-30): dau must not be negative (found -1)',
    ]);
  });

  it('names the entry of text that is not JSON', async () => {
    const r = await readJsonEntry(entry('d.json', '{"schemaVersion": 1,'), {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('not-dataset');
    expect(!r.ok && r.error.message).toMatch(/^d\.json is not valid JSON: /);
  });

  it('streams collections in COLLECTIONS order into the sink, after-chunk hooks included', async () => {
    const sources: CsvSources = new Map([
      ['usage', entry('usage.csv', 'accountId,date\na1,2026-10-31\n')],
      ['accounts', entry('accounts.csv', 'id,name\na1,Acme\n')],
    ]);
    const seen: string[] = [];
    let chunks = 0;
    await readCsvCollections(sources, new CsvImportBudget(), (c) => ({
      onRow: (cells, row) => seen.push(`${c}:${row}:${cells.join('|')}`),
      afterChunk: async () => {
        chunks++;
      },
      end: () => {
        seen.push(`${c}:end`);
      },
    }));
    expect(seen).toEqual([
      'accounts:1:id|name',
      'accounts:2:a1|Acme',
      'accounts:end',
      'usage:1:accountId|date',
      'usage:2:a1|2026-10-31',
      'usage:end',
    ]);
    expect(chunks).toBeGreaterThan(4);
  });
});
