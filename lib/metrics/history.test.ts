/**
 * METRICS.md `healthHistory`. The property test computes each past entry separately, through the
 * public report as of that day, on a dataset whose users are moved in time so that their
 * `featureBreadth` as of that day is the one as of D ("featureBreadth held at its value as of D"):
 * a user's `lastSeenOn` and feature dates shifted by (day − D) make exactly the same users active
 * and the same features used in that day's 30-day window. The two signals that read users' own
 * dates (`champion-inactive`, `feature-demand`) are taken from the report of the unshifted
 * dataset as of that day, as METRICS.md says ("the signals of a past day computed as the report
 * would as of that day").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset/schema';
import { arbAsOf, arbDataset } from './arbitraries';
import { dateOfDay, dayNumber } from './dates';
import { changeBetween } from './history';
import { computeReport, DEFAULT_SETTINGS, parseSettings, type Settings } from './index';
import { account, dataset, revenue, shift, usageRun, user } from './testkit';
import { COMPONENT_NAMES, type ComponentName, type ComponentPoints, type HealthHistoryEntry } from './types';

const USER_DATED = new Set(['champion-inactive', 'feature-demand']);
/** METRICS.md's signal table, in its order. */
const TABLE = [
  'usage-decline',
  'champion-inactive',
  'detractor',
  'ticket-spike',
  'renewal-risk',
  'contraction',
  'low-adoption',
  'seat-limit',
  'usage-growth',
  'promoter',
  'plan-headroom',
  'feature-demand',
];
const inTableOrder = (ids: string[]) => [...ids].sort((x, y) => TABLE.indexOf(x) - TABLE.indexOf(y));

function shiftUsers(ds: Dataset, days: number): Dataset {
  return {
    ...ds,
    users: ds.users.map((u) => ({
      ...u,
      lastSeenOn: u.lastSeenOn === undefined ? undefined : shift(u.lastSeenOn, days),
      features: Object.fromEntries(Object.entries(u.features).map(([k, v]) => [k, shift(v, days)])),
    })),
  };
}

/** The component that moved most (ties: the earlier one), written out separately. */
function mostMoved(
  prev: Record<ComponentName, ComponentPoints>,
  cur: Record<ComponentName, ComponentPoints>,
): ComponentName | null {
  const moves = COMPONENT_NAMES.map((k) => Math.abs((cur[k].points ?? 0) - (prev[k].points ?? 0)));
  const top = Math.max(...moves);
  return top === 0 ? null : COMPONENT_NAMES[moves.indexOf(top)];
}

const arbSettings: fc.Arbitrary<Settings> = fc
  .record({
    engagement: fc.integer({ min: 0, max: 50 }),
    adoption: fc.integer({ min: 0, max: 50 }),
    satisfaction: fc.integer({ min: 0, max: 50 }),
    support: fc.integer({ min: 0, max: 50 }),
    trend: fc.integer({ min: 1, max: 50 }),
    red: fc.integer({ min: 20, max: 60 }),
  })
  .map(({ red, ...weights }) => {
    const r = parseSettings({ weights, bands: { redMax: red, yellowMax: red + 20 } });
    if (!r.ok) throw new Error(r.error);
    return r.settings;
  });

describe('healthHistory', () => {
  it('each past week equals the score, band, points and signals computed as of that day (random datasets and settings)', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.option(arbSettings, { nil: undefined }), (ds, asOf, set) => {
        const s = set ?? DEFAULT_SETTINGS;
        const r = computeReport(ds, asOf, s, { history: true });
        const D = dayNumber(asOf);
        for (const a of r.accounts) {
          const h = a.healthHistory as HealthHistoryEntry[];
          expect(h.map((e) => e.date)).toEqual(
            Array.from({ length: 26 }, (_, i) => dateOfDay(D - 7 * (25 - i))),
          );
          const last = h[25];
          expect([last.score, last.band, last.points]).toEqual([
            a.health.score,
            a.health.band,
            a.health.points,
          ]);
          expect(h[0].change).toBeNull();
          let prevIds: string[] = [];
          h.forEach((e, i) => {
            const x = dayNumber(e.date);
            const held = computeReport(shiftUsers(ds, x - D), e.date, s).accounts.find((b) => b.id === a.id);
            const plain = computeReport(ds, e.date, s).accounts.find((b) => b.id === a.id);
            if (held === undefined || plain === undefined) throw new Error('account missing');
            if (i < 25) {
              expect(e.score).toBe(held.health.score);
              expect(e.band).toBe(held.health.band);
              expect(e.points).toEqual(held.health.points);
            }
            const ids: string[] = [
              ...held.signals.filter((g) => !USER_DATED.has(g.id)),
              ...plain.signals.filter((g) => USER_DATED.has(g.id)),
            ].map((g) => g.id);
            expect(TABLE.includes(ids[0] ?? 'usage-decline')).toBe(true);
            if (i > 0) {
              const prev = h[i - 1];
              expect(e.change).toEqual({
                component: mostMoved(prev.points, e.points),
                signalsAppeared: inTableOrder(ids.filter((id) => !prevIds.includes(id))),
                signalsCleared: inTableOrder(prevIds.filter((id) => !ids.includes(id))),
              });
            }
            prevIds = ids;
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('is left out unless asked for, and changes no other field', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, (ds, asOf) => {
        const plain = computeReport(ds, asOf);
        const withHistory = computeReport(ds, asOf, DEFAULT_SETTINGS, { history: true });
        expect(plain.accounts.every((a) => a.healthHistory === undefined)).toBe(true);
        expect(withHistory.accounts.map(({ healthHistory: _, ...rest }) => rest)).toEqual(plain.accounts);
        expect(withHistory.portfolio).toEqual(plain.portfolio);
      }),
      { numRuns: 30 },
    );
  });

  it('weeks before any usage have no score; the week usage starts, engagement is what moved', () => {
    // One account, no seats, surveys, tickets, features or journey: only usage says anything.
    const ds = dataset({
      accounts: [account('a', { startedOn: '2026-09-01' })],
      revenue: revenue('a', { '2026-09': 1000, '2026-10': 1000 }),
      usage: usageRun('a', '2026-09-15', '2026-10-31', () => ({ dau: 4, mau: 10 })),
    });
    const [a] = computeReport(ds, '2026-10-31', DEFAULT_SETTINGS, { history: true }).accounts;
    const h = a.healthHistory as HealthHistoryEntry[];
    expect(h[0].date).toBe('2026-05-09');
    const firstKnown = h.findIndex((e) => e.score !== null);
    // The first entry on or after 2026-09-15.
    expect(h[firstKnown].date).toBe('2026-09-19');
    expect(h.slice(0, firstKnown).every((e) => e.band === null && e.change?.component !== 'engagement')).toBe(
      true,
    );
    // Five days of 4 DAU in the 30-day window: stickiness (20 / 30) / 10 against the target 0.4 →
    // engagement 16.67, the only known component; it went from no points to all of them.
    expect(h[firstKnown].score).toBeCloseTo(100 / 6, 9);
    expect(h[firstKnown].change).toEqual({
      component: 'engagement',
      signalsAppeared: [],
      signalsCleared: [],
    });
  });

  it('holds featureBreadth at its value as of D, and past signals appear and clear', () => {
    // A champion last seen 2026-09-20: champion-inactive fires from 2026-10-21 (D − 30 rule) on.
    const ds = dataset({
      features: [{ key: 'f1', name: 'F1', minTier: undefined }],
      accounts: [account('a', { seats: 10, startedOn: '2026-01-01' })],
      revenue: revenue('a', { '2026-08': 500, '2026-09': 500, '2026-10': 500 }),
      usage: usageRun('a', '2026-04-01', '2026-10-31', () => ({ dau: 4, mau: 10 })),
      users: [
        user('a', 'u1', { champion: true, lastSeenOn: '2026-09-20' }),
        user('a', 'u2', { lastSeenOn: '2026-10-30', features: { f1: '2026-10-30' } }),
      ],
    });
    const [a] = computeReport(ds, '2026-10-31', DEFAULT_SETTINGS, { history: true }).accounts;
    const h = a.healthHistory as HealthHistoryEntry[];
    // u2 used f1 in the 30 days to D: breadth 1 at every week, even before u2 was seen.
    expect(h.every((e) => e.points.adoption.value === 100)).toBe(true);
    const appeared = h.filter((e) => e.change?.signalsAppeared.includes('champion-inactive'));
    expect(appeared.map((e) => e.date)).toEqual(['2026-10-24']);
  });

  it('names the component that moved most, the earlier one on a tie, none when nothing moved', () => {
    const pts = (v: Partial<Record<ComponentName, number | null>>) =>
      Object.fromEntries(
        COMPONENT_NAMES.map((k) => [k, { value: null, weight: 1, points: v[k] === undefined ? 0 : v[k] }]),
      ) as Record<ComponentName, ComponentPoints>;
    const at = (v: Partial<Record<ComponentName, number | null>>, ids: string[] = []) => ({
      points: pts(v),
      signalIds: ids,
    });
    expect(changeBetween(at({ adoption: 10, trend: 5 }), at({ adoption: 14, trend: 0 })).component).toBe(
      'trend',
    );
    expect(
      changeBetween(at({ support: 10, satisfaction: 3 }), at({ support: 6, satisfaction: 7 })).component,
    ).toBe('satisfaction');
    expect(changeBetween(at({ engagement: 20 }), at({ engagement: null })).component).toBe('engagement');
    expect(changeBetween(at({ engagement: 20 }), at({ engagement: 20 })).component).toBeNull();
    expect(
      changeBetween(at({}, ['usage-decline', 'detractor']), at({}, ['detractor', 'seat-limit'])),
    ).toEqual({ component: null, signalsAppeared: ['seat-limit'], signalsCleared: ['usage-decline'] });
  });
});
