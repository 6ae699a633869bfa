/** Issue 25, defect 10: `report --format csv` neutralises formula cells like the dashboard export. */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse as csvParseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula } from '../dataset/csv';
import { safeText } from '../portfolio/csv';
import { runReport } from './report';

async function csvReport(dataset: unknown, settings?: unknown): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'hb-report-csv-'));
  try {
    await writeFile(join(dir, 'd.json'), JSON.stringify(dataset));
    await writeFile(join(dir, 's.json'), JSON.stringify(settings ?? {}));
    let out = '';
    const stdout = new Writable({
      write(chunk, _e, done) {
        out += String(chunk);
        done();
      },
    });
    const stderr = new Writable({ write: (_c, _e, done) => done() });
    const code = await runReport(
      [
        '--dataset',
        join(dir, 'd.json'),
        '--format',
        'csv',
        '--as-of',
        '2026-10-31',
        ...(settings === undefined ? [] : ['--settings', join(dir, 's.json')]),
      ],
      {
        stdout,
        stderr,
      },
    );
    expect(code).toBe(0);
    return csvParseSync(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const acc = (id: string, name: string) => ({
  id,
  name,
  domains: [],
  crm: {},
  updatedAt: '2026-10-01T00:00:00Z',
});

describe('report --format csv', () => {
  it('prefixes text a spreadsheet would run as a formula with an apostrophe; numbers stay numbers', async () => {
    const rows = await csvReport({
      schemaVersion: 1,
      currency: 'USD',
      dataThrough: '2026-10-31',
      accounts: [
        acc('=1+1', '=HYPERLINK("https://evil.example","click")'),
        acc('a2', '+SUM(A1)'),
        acc('a3', '-2+3'),
        acc('a4', '@cmd'),
        acc('a5', '\tTab'),
        acc('a6', 'Plain, Inc.'),
      ],
      revenue: [
        { accountId: 'a2', month: '2026-09', mrr: 5000 },
        { accountId: 'a2', month: '2026-10', mrr: 1000 },
      ],
    });
    const header = rows[0];
    const col = (name: string) => rows.slice(1).map((r) => r[header.indexOf(name)]);
    expect(col('id')).toEqual(["'=1+1", 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(col('name')).toEqual([
      `'=HYPERLINK("https://evil.example","click")`,
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\tTab",
      'Plain, Inc.',
    ]);
    expect(col('mrr')[1]).toBe('1000');
  });

  it('uses the one definition the dashboard export uses', () => {
    expect(safeText).toBe(neutraliseFormula);
  });

  it('has a health.components.sentiment column only when weights.sentiment > 0', async () => {
    const ds = {
      schemaVersion: 1,
      currency: 'USD',
      dataThrough: '2026-10-31',
      accounts: [acc('a1', 'One')],
      surveys: [{ id: 'v', accountId: 'a1', respondedOn: '2026-10-01', kind: 'nps', score: 10 }],
      sentiment: [{ id: 's', accountId: 'a1', value: 'poor', recordedAt: '2026-10-20T09:00:00Z' }],
    };
    const plain = await csvReport(ds);
    expect(plain[0].filter((h) => h.startsWith('health.components.'))).toEqual([
      'health.components.engagement',
      'health.components.adoption',
      'health.components.satisfaction',
      'health.components.support',
      'health.components.trend',
    ]);
    expect(plain[1][plain[0].indexOf('score')]).toBe('100');
    const weighted = await csvReport(ds, { weights: { sentiment: 20 } });
    expect(weighted[0].at(-1)).toBe('health.components.sentiment');
    expect(weighted[1].at(-1)).toBe('0');
    // (20 × 100 + 20 × 0) / 40
    expect(weighted[1][weighted[0].indexOf('score')]).toBe('50');
  });
});
