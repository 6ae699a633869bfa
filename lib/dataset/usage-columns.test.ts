/**
 * `usageColumns`: the builder keeps usage rows as columns instead of row objects (the report CLI's
 * memory at 20,000 accounts × 400 days). Everything it reports — rejections, replacements, counts,
 * warnings — and every value is what the row form gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ParseSuccess, parseDataset } from './parse';
import { NumberList, type UsageColumns } from './store';
import { arbDataset, arbRecords } from './testing';

function rowsOf(c: UsageColumns): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < c.length; i++) {
    out.push({
      accountId: c.accountIds[c.acc[i]],
      date: c.dates[c.date[i]],
      dau: c.dau[i],
      wau: c.wau[i],
      mau: c.mau[i],
      minutes: c.minutes[i],
      sessions: c.sessions[i],
    });
  }
  return out;
}

function both(raw: unknown): { rows: ParseSuccess; cols: ParseSuccess } {
  const rows = parseDataset(raw);
  const cols = parseDataset(raw, { usageColumns: true });
  if (!rows.ok || !cols.ok) throw new Error('the dataset should be usable');
  return { rows, cols };
}

function expectSame(rows: ParseSuccess, cols: ParseSuccess): void {
  expect(cols.usageColumns).toBeDefined();
  expect(rowsOf(cols.usageColumns as UsageColumns)).toEqual(rows.dataset.usage);
  expect(cols.dataset.usage).toEqual([]);
  expect({ ...cols.dataset, usage: rows.dataset.usage }).toEqual(rows.dataset);
  expect(cols.counts).toEqual(rows.counts);
  expect(cols.rejected).toEqual(rows.rejected);
  expect(cols.rejectedCounts).toEqual(rows.rejectedCounts);
  expect(cols.replaced).toEqual(rows.replaced);
  expect(cols.replacedCounts).toEqual(rows.replacedCounts);
  expect(cols.warnings).toEqual(rows.warnings);
  expect(rows.usageColumns).toBeUndefined();
}

// Usage rows over few accounts and dates, so keys repeat; some name no account; numbers past
// 32 bits, fractions and −0.
const usageRow = fc.record({
  accountId: fc.constantFrom('a', 'b', 'c', 'orphan'),
  date: fc.constantFrom('2026-10-29', '2026-10-30', '2026-10-31'),
  dau: fc.oneof(fc.nat(50), fc.constant(2 ** 40)),
  wau: fc.nat(50),
  mau: fc.oneof(fc.nat(50), fc.constant(2 ** 32)),
  minutes: fc.oneof(fc.nat(500), fc.double({ min: 0, max: 500, noNaN: true }), fc.constant(-0)),
  sessions: fc.nat(50),
});

describe('DatasetBuilder usageColumns', () => {
  it('keeps what the row form keeps, replaces and reports as it does (property)', () => {
    fc.assert(
      fc.property(
        arbDataset,
        fc.array(fc.oneof(usageRow, arbRecords.usage), { maxLength: 30 }),
        fc.array(fc.constantFrom('a', 'b', 'c')),
        (ds, usage, ids) => {
          const accounts = [
            ...ds.accounts,
            ...ids.map((id) => ({ id, name: id, domains: [], crm: {}, updatedAt: '2026-10-31T00:00:00Z' })),
          ];
          const { rows, cols } = both({ ...ds, accounts, usage });
          expectSame(rows, cols);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads back large counts, fractional minutes and −0 exactly; a bad row is rejected as in the row form', () => {
    const accounts = [{ id: 'a', name: 'A', domains: [], crm: {}, updatedAt: '2026-10-31T00:00:00Z' }];
    const usage = [
      { accountId: 'a', date: '2026-10-30', dau: 1, wau: 2, mau: 3, minutes: 4, sessions: 5 },
      { accountId: 'a', date: '2026-10-31', dau: 2 ** 40, wau: 2, mau: 2 ** 32, minutes: 0.25, sessions: 1 },
      { accountId: 'zz', date: '2026-10-31', dau: 1, wau: 1, mau: 1, minutes: -0, sessions: 1 },
      { accountId: 'a', date: '2026-10-30', dau: 7, wau: 7, mau: 7, minutes: 7, sessions: 7 },
      { accountId: 'a', date: 'nope', dau: 1, wau: 1, mau: 1, minutes: 1, sessions: 1 },
    ];
    const { rows, cols } = both({ schemaVersion: 1, currency: 'USD', accounts, usage });
    expectSame(rows, cols);
    const c = cols.usageColumns as UsageColumns;
    expect(c.length).toBe(3);
    expect(c.dau[0]).toBe(7); // the later row of the same key, in the earlier one's place
    expect(c.dau[1]).toBe(2 ** 40);
    expect(c.mau[1]).toBe(2 ** 32);
    expect(c.minutes[1]).toBe(0.25);
    expect(Object.is(c.minutes[2], -0)).toBe(true);
    expect(cols.warnings.some((w) => w.startsWith('usage: 1 record names an account'))).toBe(true);
    expect(cols.replaced.map((r) => r.message)).toEqual(rows.replaced.map((r) => r.message));
    expect(cols.rejectedCounts.usage).toBe(1);
  });
});

describe('NumberList', () => {
  it('holds whole numbers in 4 bytes and widens, exactly, at the first that does not fit', () => {
    const l = new NumberList();
    for (let i = 0; i < 3000; i++) l.push(i);
    expect(l.view()).toBeInstanceOf(Uint32Array);
    l.set(5, 0.5);
    l.push(2 ** 53 - 1);
    const v = l.view();
    expect(v).toBeInstanceOf(Float64Array);
    expect(v.length).toBe(3001);
    expect([v[4], v[5], v[2999], v[3000]]).toEqual([4, 0.5, 2999, 2 ** 53 - 1]);
  });
});
