/**
 * How the builder holds millions of rows: `RunList` (positions and source rows as runs) answers
 * what a plain list answers, and a CSV file of known size has its keyed rows' arrays sized once
 * from how far it is read (`expectRows`), not doubled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvDatasetReader } from './csv';
import { type CsvSources, type DatasetEntry, readCsvCollections } from './read-entries';
import { NumberList, RunList, U32List } from './store';

describe('RunList', () => {
  it('gives back every value pushed (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5)), fc.nat(1000), (steps, from) => {
        const list = new RunList();
        const values: number[] = [];
        let v = from;
        for (const step of steps) {
          v += step === 0 ? 1 : step; // mostly +1, sometimes further
          values.push(v);
          list.push(v);
        }
        expect(list.length).toBe(values.length);
        expect(values.map((_, i) => list.get(i))).toEqual(values);
      }),
    );
  });

  it('holds a run of consecutive values as one run', () => {
    const list = new RunList();
    for (let i = 0; i < 100_000; i++) list.push(i + 2 + (i >= 50_000 ? 1 : 0));
    expect(list.get(0)).toBe(2);
    expect(list.get(49_999)).toBe(50_001);
    expect(list.get(50_000)).toBe(50_003);
    expect(list.get(99_999)).toBe(100_002);
    expect((list as unknown as { starts: number[] }).starts).toEqual([0, 50_000]);
  });
});

describe('reserve', () => {
  it('keeps the entries and makes room without growing again', () => {
    const u = new U32List();
    const n = new NumberList();
    for (let i = 0; i < 3000; i++) {
      u.push(i);
      n.push(i === 2999 ? 0.5 : i);
    }
    u.reserve(10_000);
    n.reserve(10_000);
    expect(u.capacity).toBe(10_000);
    expect(Array.from(u.view())).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(Array.from(n.view())).toEqual(Array.from({ length: 3000 }, (_, i) => (i === 2999 ? 0.5 : i)));
    u.reserve(5); // never less than there is room for
    expect(u.capacity).toBe(10_000);
  });
});

/** usage.csv of `accounts` × `days`, streamed in 64 KiB chunks, with its size known or not. */
function usageEntry(accounts: number, days: number, size?: (real: number) => number): DatasetEntry {
  const lines = ['accountId,date,dau,wau,mau,minutes,sessions'];
  for (let a = 0; a < accounts; a++) {
    for (let d = 1; d <= days; d++) {
      const day = `2026-${String(1 + Math.floor((d - 1) / 28)).padStart(2, '0')}-${String(1 + ((d - 1) % 28)).padStart(2, '0')}`;
      lines.push(`acc_${a},${day},${(a * d) % 97},${a % 50},${a % 300},${(a + d) % 1000},${d % 7}`);
    }
  }
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  return {
    name: 'usage.csv',
    label: 'usage.csv',
    ...(size === undefined ? {} : { size: size(bytes.length) }),
    async *chunks() {
      for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
    },
  };
}

async function readUsage(entry: DatasetEntry): Promise<{ room: number; rows: number; dau: number[] }> {
  const reader = new CsvDatasetReader({ currency: 'EUR', usageColumns: true });
  reader.setHeaderRows(null);
  const sources: CsvSources = new Map([['usage', entry]]);
  await readCsvCollections(sources, reader.budget, (name, e) => reader.collectionSink(name, e.label, e.size));
  const room = reader.builder.rowCapacity('usage');
  const r = reader.finish();
  if (!r.ok || r.usageColumns === undefined) throw new Error('the usage rows should be read');
  return { room, rows: r.usageColumns.length, dau: Array.from(r.usageColumns.dau) };
}

describe('keyed rows sized from the file size', () => {
  it('sizes the arrays to the rows the file holds (within 10 %), not the next power of two', async () => {
    const { room, rows } = await readUsage(usageEntry(250, 300, (real) => real));
    expect(rows).toBe(75_000);
    expect(room).toBeGreaterThanOrEqual(rows);
    expect(room).toBeLessThanOrEqual(rows * 1.1 + 1024);
    // Without a size they double: 1,024 × 2⁷ = 131,072.
    expect((await readUsage(usageEntry(250, 300))).room).toBe(131_072);
  });

  it('reads every row the same whatever size the file claims', async () => {
    const real = await readUsage(usageEntry(120, 300));
    for (const claim of [(n: number) => Math.floor(n / 3), (n: number) => n * 4]) {
      const read = await readUsage(usageEntry(120, 300, claim));
      expect(read.rows).toBe(real.rows);
      expect(read.dau).toEqual(real.dau);
      expect(read.room).toBeGreaterThanOrEqual(read.rows);
    }
  });
});
