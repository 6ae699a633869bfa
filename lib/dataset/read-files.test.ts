import { describe, expect, it } from 'vitest';
import { datasetToCsvFiles } from './csv';
import { parseDataset } from './parse';
import { readDatasetFiles } from './read-files';
import { makeZip } from './testing';

const raw = {
  schemaVersion: 1,
  currency: 'EUR',
  dataThrough: '2026-10-31',
  accounts: [
    { id: 'a1', name: 'Acme, "the" firm', domains: ['acme.com'], crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
    {
      id: 'a2',
      name: 'Globex',
      domains: [],
      crm: { hubspotCompanyId: '7' },
      updatedAt: '2026-10-01T00:00:00Z',
    },
  ],
  usage: [
    { accountId: 'a1', date: '2026-10-31', dau: 3, wau: 4, mau: 5, minutes: 10.5, sessions: 2 },
    { accountId: 'a1', date: '2026-10-30', dau: -1, wau: 4, mau: 5, minutes: 10, sessions: 2 },
  ],
};

const file = (name: string, content: string | Uint8Array) => new File([content as BlobPart], name);

describe('readDatasetFiles (the options page import)', () => {
  it('reads one JSON file through the shared validation', async () => {
    const r = await readDatasetFiles([file('data.json', JSON.stringify(raw))]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dataset.accounts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].message).toContain('dau must not be negative');
  });

  it('reads CSV files and a zip of them to the same dataset as the JSON', async () => {
    const json = parseDataset(raw);
    if (!json.ok) throw new Error('fixture');
    const csv = datasetToCsvFiles(json.dataset);
    const fromCsv = await readDatasetFiles(Object.entries(csv).map(([n, t]) => file(n, t)));
    expect(fromCsv.ok && fromCsv.dataset).toEqual(json.dataset);
    const zip = makeZip(Object.entries(csv).map(([name, text]) => ({ name: `export/${name}`, data: text })));
    const fromZip = await readDatasetFiles([file('export.zip', zip)]);
    expect(fromZip.ok && fromZip.dataset).toEqual(json.dataset);
  });

  it('says what is missing: no currency, no files, bad JSON', async () => {
    const noHeader = await readDatasetFiles([file('accounts.csv', 'id,name,domains,updatedAt\n')]);
    expect(noHeader.ok).toBe(false);
    if (!noHeader.ok) expect(noHeader.error.message).toMatch(/currency/);
    const withCurrency = await readDatasetFiles([file('accounts.csv', 'id,name,domains,updatedAt\n')], {
      currency: 'USD',
    });
    expect(withCurrency.ok).toBe(true);
    const none = await readDatasetFiles([]);
    expect(!none.ok && none.error.message).toMatch(/Choose a dataset file/);
    const bad = await readDatasetFiles([file('x.json', '{"schemaVersion":1,')]);
    expect(!bad.ok && bad.error.message).toMatch(/not valid JSON/);
    const v2 = await readDatasetFiles([file('x.json', '{"schemaVersion":2,"currency":"USD"}')]);
    expect(!v2.ok && v2.error.code).toBe('schema-version');
  });
});
