/**
 * METRICS.md's optional `sentiment` component: 100 / 50 / 0 for good / neutral / poor from the
 * latest entry recorded on or before D, null when none, weight `weights.sentiment` (default 0: the
 * component is left out and the report is exactly the one without sentiment entries).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset, Sentiment } from '../dataset/schema';
import { arbAsOf, arbDataset, arbSentiment } from './arbitraries';
import { computeReport, parseSettings, type Settings } from './index';
import { account, dataset, revenue, survey } from './testkit';

const D = '2026-10-31';

function settings(input: unknown): Settings {
  const r = parseSettings(input);
  if (!r.ok) throw new Error(r.error);
  return r.settings;
}
/** Default weights, with `sentiment` weighted as `satisfaction` is (20). */
const W20 = settings({ weights: { sentiment: 20 } });

const entry = (
  id: string,
  accountId: string,
  value: Sentiment['value'],
  recordedAt: string,
  author?: string,
) => ({ id, accountId, value, note: undefined, author, recordedAt }) satisfies Sentiment;

/**
 * One account whose only computable components are `satisfaction` and `sentiment`: no seats, no
 * usage (engagement, trend null), no features or milestones (adoption null), no tickets anywhere
 * (support null). One NPS answer of 10 on 2026-10-01: NPS 100, so satisfaction (100 + 100) / 2 = 100
 * from that day on (null before it).
 */
function fixture(entries: Sentiment[] | undefined): Dataset {
  return dataset({
    accounts: [account('a'), account('n')],
    revenue: [...revenue('a', { '2026-10': 1000 }), ...revenue('n', { '2026-10': 1000 })],
    surveys: [survey('a', 'v1', '2026-10-01', 'nps', 10), survey('n', 'v2', '2026-10-01', 'nps', 10)],
    ...(entries === undefined ? {} : { sentiment: entries }),
  });
}
const ENTRIES = [
  entry('e1', 'a', 'good', '2026-08-01T10:00:00Z', 'ana@acme.com'),
  entry('e2', 'a', 'poor', '2026-10-20T09:00:00Z', 'bo@acme.com'),
  entry('e3', 'a', 'neutral', '2026-11-01T08:00:00Z', 'ana@acme.com'), // after D: ignored
];

describe('the sentiment component at weight 0 (the default)', () => {
  it('leaves every report field as it is without sentiment entries (history included)', () => {
    const without = computeReport(fixture(undefined), D, undefined, { history: true });
    const withEntries = computeReport(fixture(ENTRIES), D, undefined, { history: true });
    expect(withEntries).toEqual(without);
    expect(JSON.stringify(withEntries)).toBe(JSON.stringify(without));
    expect(Object.keys(withEntries.accounts[0].health.components)).toEqual([
      'engagement',
      'adoption',
      'satisfaction',
      'support',
      'trend',
    ]);
    expect(withEntries.accounts[0].health).not.toHaveProperty('sentiment');
  });
  it('on random datasets with random entries, byte for byte', () => {
    fc.assert(
      fc.property(arbDataset, arbSentiment, arbAsOf, (ds, entries, asOf) => {
        const without = JSON.stringify(computeReport(ds, asOf, undefined, { history: true }));
        const withEntries = JSON.stringify(
          computeReport({ ...ds, sentiment: entries }, asOf, undefined, { history: true }),
        );
        expect(withEntries).toBe(without);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the sentiment component at weight 20', () => {
  const r = computeReport(fixture(ENTRIES), D, W20, { history: true });
  const a = r.accounts[0];
  const n = r.accounts[1];

  it('reads the latest entry on or before D (an entry after D ignored) and moves the score', () => {
    // Latest on or before 2026-10-31: e2 (poor, 10-20) → 0; e3 (11-01) is after D.
    // score = (20 × 100 + 20 × 0) / (20 + 20) = 50 → band red (≤ 50).
    // (Without the weight: 100. Had e3 been read: (2000 + 20 × 50) / 40 = 75.)
    expect(a.health.components).toEqual({
      engagement: null,
      adoption: null,
      satisfaction: 100,
      support: null,
      trend: null,
      sentiment: 0,
    });
    expect(a.health.score).toBe(50);
    expect(a.health.band).toBe('red');
    // points = w × c / Σw of the non-null: satisfaction 20 × 100 / 40 = 50, sentiment 20 × 0 / 40 = 0.
    expect(a.health.points.satisfaction).toEqual({ value: 100, weight: 20, points: 50 });
    expect(a.health.points.sentiment).toEqual({ value: 0, weight: 20, points: 0 });
    expect(a.health.points.engagement).toEqual({ value: null, weight: 35, points: null });
    expect(a.health.sentiment).toEqual({
      value: 'poor',
      author: 'bo@acme.com',
      recordedAt: '2026-10-20T09:00:00Z',
    });
    expect(a.health.drivers[0]).toBe('CSM sentiment 0/100: poor, recorded by bo@acme.com on 2026-10-20.');
    // delta30: as of 2026-10-01 the NPS answer (that day) gives 100 and e1 (good) 100:
    // (2000 + 2000) / 40 = 100, so 50 − 100 = −50.
    expect(a.health.delta30).toBe(-50);
  });

  it('is null with no entry, and the weights renormalise over the other components', () => {
    // Account n: satisfaction 100, sentiment null → score = 20 × 100 / 20 = 100.
    expect(n.health.components.sentiment).toBeNull();
    expect(n.health.points.sentiment).toEqual({ value: null, weight: 20, points: null });
    expect(n.health.points.satisfaction).toEqual({ value: 100, weight: 20, points: 100 });
    expect(n.health.score).toBe(100);
    expect(n.health.sentiment).toBeNull();
    expect(n.health.drivers).toContain('CSM sentiment unknown: no sentiment recorded.');
  });

  it('reads, for each past day of healthHistory, the latest entry on or before that day', () => {
    const h = a.healthHistory ?? [];
    const at = (date: string) => h.find((e) => e.date === date);
    expect(h).toHaveLength(26);
    // 2026-07-25: no entry yet, no NPS answer yet → every component null → score null.
    expect(at('2026-07-25')).toMatchObject({ score: null, band: null });
    // 2026-08-01: e1 (good) recorded that day counts; satisfaction still null → 20 × 100 / 20 = 100.
    expect(at('2026-08-01')?.score).toBe(100);
    expect(at('2026-08-01')?.points.sentiment).toEqual({ value: 100, weight: 20, points: 100 });
    expect(at('2026-08-01')?.change?.component).toBe('sentiment'); // null → 100 points
    // 2026-10-03: NPS 100 and e1 good → (2000 + 2000) / 40 = 100; satisfaction 0 → 50 points and
    // sentiment 100 → 50 points since 09-26 both moved 50: the tie goes to satisfaction, sentiment
    // being last in the order.
    expect(at('2026-10-03')?.score).toBe(100);
    expect(at('2026-10-03')?.change?.component).toBe('satisfaction');
    // 2026-10-17: still e1 → 100. 2026-10-24: e2 (poor, 10-20) → (2000 + 0) / 40 = 50.
    expect(at('2026-10-17')?.score).toBe(100);
    expect(at('2026-10-24')?.score).toBe(50);
    expect(at('2026-10-24')?.points.sentiment?.points).toBe(0);
    expect(at('2026-10-24')?.change?.component).toBe('sentiment');
    expect(at(D)?.score).toBe(50);
    // healthTrend's past band counts read the entry of their day too: 2026-10-17 → a green (100).
    const week = r.portfolio.trends.healthTrend.find((p) => p.asOf === '2026-10-17');
    expect(week).toMatchObject({ green: 2, red: 0 });
    expect(r.portfolio.trends.healthTrend.at(-1)).toMatchObject({ green: 1, red: 1 });
  });

  it('breaks a tie on recordedAt by the greater id, whatever the row order', () => {
    const tie = [
      entry('b', 'a', 'neutral', '2026-10-20T09:00:00Z'),
      entry('a', 'a', 'good', '2026-10-20T09:00:00Z'),
    ];
    for (const rows of [tie, [...tie].reverse()]) {
      const x = computeReport(fixture(rows), D, W20).accounts[0];
      // id "b" > "a": neutral → 50; score (2000 + 20 × 50) / 40 = 75.
      expect(x.health.components.sentiment).toBe(50);
      expect(x.health.score).toBe(75);
      expect(x.health.drivers).toContain('CSM sentiment 50/100: neutral, recorded on 2026-10-20.');
    }
  });

  it('counts an entry up to the end of the UTC day D, not one a millisecond later', () => {
    const rows = [
      entry('x1', 'a', 'poor', '2026-10-31T23:59:59.999Z'),
      entry('x2', 'a', 'good', '2026-11-01T00:00:00.000Z'),
    ];
    expect(computeReport(fixture(rows), D, W20).accounts[0].health.components.sentiment).toBe(0);
    expect(computeReport(fixture(rows), '2026-11-01', W20).accounts[0].health.components.sentiment).toBe(100);
  });

  it('keeps the later record of a repeated id and ignores entries of unknown accounts', () => {
    const rows = [
      entry('e', 'a', 'good', '2026-10-20T09:00:00Z'),
      entry('zz', 'nobody', 'poor', '2026-10-30T09:00:00Z'),
      entry('e', 'a', 'poor', '2026-10-20T09:00:00Z'),
    ];
    const x = computeReport(fixture(rows), D, W20);
    expect(x.accounts[0].health.components.sentiment).toBe(0);
    expect(x.accounts[1].health.components.sentiment).toBeNull();
  });
});
