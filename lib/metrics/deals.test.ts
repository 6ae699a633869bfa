/**
 * Hand-computed fixtures for METRICS.md `pipelineValue`, `winRate`, `avgDealSize` and one account's
 * pipeline (deals.ts). D = 2026-10-31, so the 365 days ending D are 2025-11-01 … 2026-10-31.
 */
import { describe, expect, it } from 'vitest';
import type { Deal } from '../dataset/schema';
import { dayNumber } from './dates';
import { accountDeals, countedDeals, dealFigures, largestOpenDeals } from './deals';
import { computeReport } from './report';
import { account, dataset } from './testkit';

const D = '2026-10-31';
const d = dayNumber(D);

function deal(
  id: string,
  accountId: string,
  amount: number,
  createdOn: string,
  closed?: [string, boolean],
): Deal {
  return {
    id,
    accountId,
    name: `Deal ${id}`,
    amount,
    stage: closed ? (closed[1] ? 'closedwon' : 'closedlost') : 'proposal',
    createdOn,
    ...(closed ? { closedOn: closed[0], won: closed[1] } : {}),
  };
}

/** Every case the issue lists, on two accounts and one unknown account. */
const DEALS: Deal[] = [
  deal('d1', 'a1', 100_000, '2026-09-01'), // open
  deal('d2', 'a1', 50_000, '2026-10-31'), // created on D: open
  deal('d3', 'a2', 30_000, '2026-11-01'), // created the day after D: not open yet
  deal('d4', 'a2', 70_000, '2026-06-01', ['2026-11-01', true]), // closed the day after D: open on D
  deal('d5', 'a1', 40_000, '2026-01-10', ['2026-10-31', true]), // won on D: in the window
  deal('d6', 'a1', 20_000, '2025-06-01', ['2025-11-01', true]), // won 364 days back (the window's first day)
  deal('d7', 'a2', 90_000, '2025-05-01', ['2025-10-31', true]), // won 365 days back: out
  deal('d8', 'a2', 10_000, '2026-02-01', ['2026-03-15', false]), // lost in the window
  deal('d9', 'a1', 60_000, '2025-01-01', ['2025-10-30', false]), // lost 366 days back: out
  deal('d10', 'ghost', 999_999, '2026-01-01'), // an account not in the data: counts nowhere
];

const ds = (deals: Deal[] | undefined) =>
  dataset({
    dataThrough: D,
    accounts: [account('a1'), account('a2', { owner: 'kim@example.com' })],
    ...(deals === undefined ? {} : { deals }),
  });

describe('the portfolio deal figures (METRICS.md)', () => {
  it('pipelineValue: Σ amount open on D (created ≤ D, not closed ≤ D); winRate and avgDealSize over the 365 days ending D', () => {
    const p = computeReport(ds(DEALS), D).portfolio;
    // Open on D: d1 + d2 + d4 (closed the day after D) = 100,000 + 50,000 + 70,000.
    expect(p.pipelineValue).toBe(220_000);
    // Closed in 2025-11-01 … 2026-10-31: d5 won, d6 won, d8 lost (d7 and d9 fall outside).
    expect(p.winRate).toBe(2 / 3);
    // Mean amount of d5 and d6.
    expect(p.avgDealSize).toBe(30_000);
  });

  it('one day later the window and the open deals move', () => {
    // As of 2026-11-01: d3 is open, d4 is won (in), d6 (2025-11-01, 365 days back) falls out.
    const p = computeReport(ds(DEALS), '2026-11-01').portfolio;
    expect(p.pipelineValue).toBe(100_000 + 50_000 + 30_000);
    // Closed in 2025-11-02 … 2026-11-01: d4 won, d5 won, d8 lost.
    expect(p.winRate).toBe(2 / 3);
    expect(p.avgDealSize).toBe((70_000 + 40_000) / 2);
  });

  it('no deals at all → null, whether the collection is absent, empty or only names unknown accounts', () => {
    const none = { pipelineValue: null, winRate: null, avgDealSize: null };
    expect(computeReport(ds(undefined), D).portfolio).toMatchObject(none);
    expect(computeReport(ds([]), D).portfolio).toMatchObject(none);
    expect(computeReport(ds([DEALS[9]]), D).portfolio).toMatchObject(none);
  });

  it('deals but none closed in the window: a pipeline, no win rate, no deal size', () => {
    const p = computeReport(ds([DEALS[0], DEALS[6], DEALS[8]]), D).portfolio;
    expect(p).toMatchObject({ pipelineValue: 100_000, winRate: null, avgDealSize: null });
  });

  it('only lost deals: win rate 0, no deal size; nothing open: pipeline 0', () => {
    const p = computeReport(ds([DEALS[7]]), D).portfolio;
    expect(p).toMatchObject({ pipelineValue: 0, winRate: 0, avgDealSize: null });
  });

  it('a repeated deal id: the later record wins (here it closes the deal and moves it to a2)', () => {
    const later = deal('d1', 'a2', 80_000, '2026-09-01', ['2026-10-01', true]);
    const counted = countedDeals([...DEALS, later], (id) => id !== 'ghost');
    expect(counted.filter((x) => x.id === 'd1')).toEqual([later]);
    expect(dealFigures(counted, d)).toEqual({
      pipelineValue: 50_000 + 70_000,
      winRate: 3 / 4,
      avgDealSize: (40_000 + 20_000 + 80_000) / 3,
    });
  });

  it('a report without deals is the same as before, apart from the three null figures', () => {
    const before = computeReport(ds(undefined), D);
    const after = computeReport(ds([]), D);
    expect(after).toEqual(before);
  });
});

describe("one account's pipeline (the panel)", () => {
  const of = (id: string) =>
    accountDeals(
      countedDeals(DEALS).filter((x) => x.accountId === id),
      d,
    );
  it('lists the open deals largest first with their stage, and the won deals of the 365 days ending D', () => {
    const a1 = of('a1');
    expect(a1.open.map((o) => [o.id, o.amount, o.stage])).toEqual([
      ['d1', 100_000, 'proposal'],
      ['d2', 50_000, 'proposal'],
    ]);
    expect(a1).toMatchObject({ openAmount: 150_000, wonCount: 2, wonAmount: 60_000, lostCount: 0 });
    const a2 = of('a2');
    expect(a2.open.map((o) => o.id)).toEqual(['d4']);
    expect(a2).toMatchObject({ openAmount: 70_000, wonCount: 0, wonAmount: 0, lostCount: 1 });
  });
  it('an account without deals has an empty pipeline (the panel tells that apart from a workspace without deals)', () => {
    expect(of('a3')).toEqual({ open: [], openAmount: 0, wonCount: 0, wonAmount: 0, lostCount: 0 });
  });
  it('the largest open deals of the portfolio, at most n, ties by creation day', () => {
    const tie = deal('d11', 'a2', 100_000, '2026-08-01');
    expect(
      largestOpenDeals(
        countedDeals([...DEALS, tie], (id) => id !== 'ghost'),
        d,
        3,
      ).map((o) => o.id),
    ).toEqual(['d11', 'd1', 'd4']);
  });
});
