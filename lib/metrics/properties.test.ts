/**
 * Invariants checked on random small datasets (fast-check): movement sums, GRR ≤ 1 and ≤ NRR,
 * scores within 0–100, no NaN/Infinity anywhere, engagement monotone in dau, and independence from
 * the order of rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset/schema';
import { arbAsOf, arbDataset } from './arbitraries';
import { dateOfDay, dayNumber, monthNumber } from './dates';
import { computePortfolioTrends, computeReport } from './index';
import { numbersIn } from './testkit';

const PARAMS = { numRuns: 150 };

function shuffled<T>(rows: readonly T[], seed: number): T[] {
  const out = [...rows];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('properties', () => {
  it('movements of a month sum to that month’s MRR change', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, (ds, asOf) => {
        const known = new Set(ds.accounts.map((a) => a.id));
        const total = new Map<number, number>();
        for (const r of ds.revenue) {
          if (!known.has(r.accountId)) continue;
          const m = monthNumber(r.month);
          total.set(m, (total.get(m) ?? 0) + r.mrr);
        }
        const p = computeReport(ds, asOf).portfolio;
        for (const mv of p.movements) {
          const m = monthNumber(mv.month);
          expect(mv.net).toBe(mv.new + mv.expansion + mv.contraction + mv.churn + mv.reactivation);
          expect(mv.net).toBe((total.get(m) ?? 0) - (total.get(m - 1) ?? 0));
          expect(mv.new).toBeGreaterThanOrEqual(0);
          expect(mv.reactivation).toBeGreaterThanOrEqual(0);
          expect(mv.expansion).toBeGreaterThanOrEqual(0);
          expect(mv.contraction).toBeLessThanOrEqual(0);
          expect(mv.churn).toBeLessThanOrEqual(0);
        }
        expect(p.movements[11].month).toBe(asOf.slice(0, 7));
      }),
      PARAMS,
    );
  });

  it('GRR ≤ 1 and GRR ≤ NRR, now and in every trend point', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, (ds, asOf) => {
        const t = computePortfolioTrends(ds, asOf);
        for (let i = 0; i < 12; i++) {
          const g = t.grrTrend[i].value;
          const n = t.nrrTrend[i].value;
          expect(g === null).toBe(n === null);
          if (g !== null && n !== null) {
            expect(g).toBeLessThanOrEqual(1);
            expect(g).toBeGreaterThanOrEqual(0);
            expect(g).toBeLessThanOrEqual(n + 1e-12);
          }
        }
        const p = computeReport(ds, asOf).portfolio;
        expect([p.nrr, p.grr]).toEqual([t.nrrTrend[11].value, t.grrTrend[11].value]);
      }),
      PARAMS,
    );
  });

  it('scores and components within 0–100; bands match the rounded score; no NaN or Infinity anywhere', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, (ds, asOf) => {
        const r = computeReport(ds, asOf);
        for (const [path, x] of numbersIn(r)) {
          if (!Number.isFinite(x)) throw new Error(`${path} = ${x}`);
        }
        for (const a of r.accounts) {
          const h = a.health;
          for (const c of Object.values(h.components)) {
            if (c !== null) {
              expect(c).toBeGreaterThanOrEqual(0);
              expect(c).toBeLessThanOrEqual(100);
            }
          }
          if (h.score !== null) {
            expect(h.score).toBeGreaterThanOrEqual(0);
            expect(h.score).toBeLessThanOrEqual(100);
          }
          expect(h.band === null).toBe(h.score === null);
          const ids = a.signals.map((s) => s.id);
          expect(new Set(ids).size).toBe(ids.length);
        }
        const c = r.portfolio.health;
        expect(c.green + c.yellow + c.red + c.unknown).toBe(r.accounts.length);
      }),
      PARAMS,
    );
  });

  it('raising an account’s dau on a day of W30 never lowers its engagement component', () => {
    fc.assert(
      fc.property(
        arbDataset,
        arbAsOf,
        fc.nat(),
        fc.integer({ min: 0, max: 29 }),
        fc.integer({ min: 1, max: 50 }),
        (ds, asOf, pick, back, more) => {
          const id = ds.accounts[pick % ds.accounts.length].id;
          const date = dateOfDay(dayNumber(asOf) - back);
          const usage = ds.usage.map((u) => ({ ...u }));
          const row = usage.find((u) => u.accountId === id && u.date === date);
          if (row) row.dau += more;
          else usage.push({ accountId: id, date, dau: more, wau: 0, mau: 0, minutes: 0, sessions: 0 });
          const before = computeReport(ds, asOf, undefined, { accountIds: [id] }).accounts[0].health
            .components.engagement;
          const after = computeReport({ ...ds, usage }, asOf, undefined, { accountIds: [id] }).accounts[0]
            .health.components.engagement;
          if (before === null) return;
          expect(after).not.toBeNull();
          expect(after as number).toBeGreaterThanOrEqual(before);
        },
      ),
      PARAMS,
    );
  });

  it('shuffling the rows of every collection but accounts leaves the report unchanged', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.integer(), (ds, asOf, seed) => {
        const mixed: Dataset = {
          ...ds,
          plans: shuffled(ds.plans, seed),
          features: shuffled(ds.features, seed + 1),
          milestones: shuffled(ds.milestones, seed + 2),
          revenue: shuffled(ds.revenue, seed + 3),
          usage: shuffled(ds.usage, seed + 4),
          users: shuffled(ds.users, seed + 5),
          tickets: shuffled(ds.tickets, seed + 6),
          surveys: shuffled(ds.surveys, seed + 7),
        };
        expect(computeReport(mixed, asOf)).toEqual(computeReport(ds, asOf));
      }),
      PARAMS,
    );
  });
});
