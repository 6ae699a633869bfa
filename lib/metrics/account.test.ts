import { describe, expect, it } from 'vitest';
import { buildIndex, computeAccountReport, computeReport } from './index';
import { account, dataset, shift, survey, ticket, usageRow, usageRun, user } from './testkit';

const D = '2026-10-31'; // W30 = 10-02 … 10-31, P30 = 09-02 … 10-01, 90 days from 08-03, 180 days from 05-05

/**
 * Account u (20 seats, plan p = f1, f2 and fX which is not a feature):
 * - usage: dau 4 / mau 10 every day of P30; dau 6 on the last 15 days of W30 (10-17 … 10-31, the
 *   other W30 days missing), 30 minutes each, wau 10 / mau 15 on D; a row after D; an orphan row.
 * - users: 2 active (u1 seen D, u2 seen 10-02), others not (10-01, unknown, after D).
 * - milestones m1 (firstValue, 2026-01-20), m2 after D, mX undefined; started 2026-01-10.
 * - surveys and tickets around every window edge.
 */
function fixture() {
  return dataset({
    plans: [{ id: 'p', name: 'Pro', tier: 2, seatLimit: undefined, features: ['f1', 'f2', 'fX', 'f1'] }],
    features: [
      { key: 'f1', name: 'One', minTier: undefined },
      { key: 'f2', name: 'Two', minTier: undefined },
      { key: 'f3', name: 'Three', minTier: 9 },
    ],
    milestones: [
      { key: 'm1', name: 'First value', order: 1, firstValue: true },
      { key: 'm2', name: 'Second', order: 2, firstValue: false },
      { key: 'm3', name: 'Third', order: 3, firstValue: false },
    ],
    accounts: [
      account('u', {
        planId: 'p',
        seats: 20,
        startedOn: '2026-01-10',
        renewsOn: '2027-01-29',
        milestones: { m1: '2026-01-20', m2: '2026-11-05', mX: '2026-01-01' },
      }),
      account('v', { planId: 'nope' }),
      account('w', { planId: 'q', seats: 0 }),
    ],
    usage: [
      ...usageRun('u', '2026-09-02', '2026-10-01', () => ({ dau: 4, wau: 8, mau: 10 })),
      ...usageRun('u', '2026-10-17', '2026-10-30', () => ({ dau: 6, wau: 10, mau: 15, minutes: 30 })),
      usageRow('u', D, 6, { wau: 10, mau: 15, minutes: 30 }),
      usageRow('u', '2026-11-01', 100, { mau: 100, minutes: 1000 }),
      usageRow('ghost', D, 50, { mau: 50 }),
      usageRow('w', D, 3, { mau: 7 }),
    ],
    users: [
      user('u', 'u1', { lastSeenOn: D, features: { f1: '2026-10-20', f2: '2026-09-01', zz: '2026-10-30' } }),
      user('u', 'u2', { lastSeenOn: '2026-10-02', features: { f1: '2026-10-02' } }),
      user('u', 'u3', { lastSeenOn: '2026-10-01', features: { f2: '2026-10-05' } }),
      user('u', 'u4', { champion: true, features: { f3: '2026-10-30' } }),
      user('u', 'u5', { lastSeenOn: '2026-11-02', features: { f3: '2026-10-30' } }),
      user('ghost', 'g1', { lastSeenOn: D, features: { f1: D } }),
    ],
    surveys: [
      survey('u', 's1', '2026-10-01', 'nps', 10),
      survey('u', 's2', '2026-05-05', 'nps', 9),
      survey('u', 's3', '2026-05-04', 'nps', 3), // outside 180 days
      survey('u', 's4', '2026-08-02', 'nps', 6), // in 180 days, not in the 90 of `detractor`
      survey('u', 's5', '2026-11-01', 'nps', 0), // after D
      survey('u', 'c1', '2026-10-31', 'csat', 5),
      survey('u', 'c2', '2026-06-01', 'csat', 3),
      survey('u', 'c3', '2026-05-05', 'csat', 4),
      survey('u', 'c4', '2026-05-04', 'csat', 1),
    ],
    tickets: [
      // opened on D late, urgent, open; its first reply comes after the end of D
      ticket('u', 't1', '2026-10-31T23:00:00Z', {
        status: 'open',
        priority: 'urgent',
        firstResponseAt: '2026-11-01T01:00:00Z',
      }),
      ticket('u', 't2', '2026-10-02T00:00:00Z', {
        status: 'pending',
        priority: 'high',
        firstResponseAt: '2026-10-02T06:00:00Z',
      }),
      ticket('u', 't3', '2026-10-01T12:00:00Z', {
        firstResponseAt: '2026-10-01T14:00:00Z',
        solvedAt: '2026-10-03T12:00:00Z',
      }),
      ticket('u', 't4', '2026-08-02T00:00:00Z', {
        status: 'closed',
        firstResponseAt: '2026-08-02T01:00:00Z',
      }),
      ticket('u', 't5', '2026-11-01T00:00:00Z', { status: 'open', priority: 'urgent' }),
      ticket('u', 't6', '2026-08-03T00:00:00Z', {
        firstResponseAt: '2026-08-03T10:00:00Z',
        solvedAt: '2026-08-05T00:00:00Z',
      }),
      // a status that says open although solvedAt is set: openTickets follows status alone
      ticket('w', 'w1', '2026-10-30T00:00:00Z', {
        status: 'open',
        priority: 'low',
        solvedAt: '2026-10-30T01:30:00Z',
      }),
    ],
  });
}

describe('one account as of 2026-10-31', () => {
  const r = computeReport(fixture(), D);
  const u = r.accounts[0];
  const v = r.accounts[1];
  const w = r.accounts[2];

  it('usage of day D and of the windows (missing days are 0; rows after D ignored)', () => {
    expect(u.usage.dau).toBe(6);
    expect(u.usage.wau).toBe(10);
    expect(u.usage.mau).toBe(15);
    expect(u.usage.avgDau30).toBe(3); // 15 × 6 / 30
    expect(u.usage.stickiness).toBeCloseTo(0.2, 15);
    expect(u.usage.seatUtilization).toBe(0.75);
    expect(u.usage.usageChange).toBeCloseTo(-0.25, 15);
    expect(u.usage.minutesPerActiveUser).toBe(5); // 450 minutes / 90 dau
  });

  it('heatmap: 84 days ending D, oldest first', () => {
    const expected = [...Array(24).fill(0), ...Array(30).fill(4), ...Array(15).fill(0), ...Array(15).fill(6)];
    expect(u.usage.heatmap).toEqual(expected);
  });

  it('null and zero usage rules', () => {
    expect([v.usage.dau, v.usage.mau, v.usage.avgDau30]).toEqual([0, 0, 0]);
    expect([
      v.usage.stickiness,
      v.usage.seatUtilization,
      v.usage.usageChange,
      v.usage.minutesPerActiveUser,
    ]).toEqual([null, null, null, null]);
    expect(w.usage.seatUtilization).toBeNull(); // seats 0
    expect(w.usage.stickiness).toBeCloseTo(0.1 / 7, 15);
    expect(w.usage.minutesPerActiveUser).toBe(0); // Σ dau 3 > 0, Σ minutes 0
  });

  it('feature adoption over active users, one key per feature', () => {
    expect(u.usage.activeUsers).toBe(2);
    expect(u.usage.featureAdoption).toEqual({ f1: 1, f2: 0, f3: 0 });
    expect(v.usage.featureAdoption).toEqual({ f1: null, f2: null, f3: null });
  });

  it('feature breadth: plan features that exist; all features for an unknown plan', () => {
    expect(u.usage.featureBreadth).toBe(0.5); // f1 of {f1, f2}
    expect(v.usage.featureBreadth).toBe(0); // unknown plan: all 3 available, no active users
    expect(w.usage.featureBreadth).toBe(0); // plan q does not exist: all features, no active users
  });

  it('journey completion, ttv, renewal', () => {
    expect(u.journeyCompletion).toBeCloseTo(1 / 3, 15);
    expect(v.journeyCompletion).toBe(0);
    expect(u.ttvDays).toBe(10);
    expect(v.ttvDays).toBeNull();
    expect(u.renewsInDays).toBe(90);
    expect(v.renewsInDays).toBeNull();
  });

  it('nps and csat over the 180 days ending D', () => {
    expect(u.nps).toBeCloseTo(100 / 3, 12); // 10, 9, 6 → (2 − 1) / 3
    expect(u.csat).toBeCloseTo(2 / 3, 15); // 5, 3, 4
    expect(v.nps).toBeNull();
    expect(v.csat).toBeNull();
  });

  it('tickets: open by status, urgent, tickets30, medians over tickets answered by the end of D', () => {
    expect(u.support).toEqual({
      openTickets: 2,
      openUrgent: 2,
      tickets30: 2,
      medianFirstResponseHours: 6, // t2 6 h, t3 2 h, t6 10 h
      medianResolutionHours: 48, // t3 48 h, t6 48 h
    });
    expect(w.support).toEqual({
      openTickets: 1,
      openUrgent: 0,
      tickets30: 1,
      medianFirstResponseHours: null,
      medianResolutionHours: 1.5,
    });
  });

  it('health components, score, band', () => {
    const c = u.health.components;
    expect(c.engagement).toBeCloseTo(65, 12); // 100 × (0.6 × 0.75 + 0.4 × 0.5)
    expect(c.adoption).toBeCloseTo((100 * (0.5 + 1 / 3)) / 2, 12);
    expect(c.satisfaction).toBeCloseTo((100 / 3 + 100) / 2, 12);
    expect(c.support).toBe(70);
    expect(c.trend).toBeCloseTo(37.5, 12);
    const score =
      (35 * 65 + 20 * ((100 * (0.5 + 1 / 3)) / 2) + 20 * ((100 / 3 + 100) / 2) + 10 * 70 + 15 * 37.5) / 100;
    expect(u.health.score).toBeCloseTo(score, 10);
    expect(u.health.band).toBe('yellow');
    expect(u.health.label).toBe('At risk');
    expect(u.health.rounded).toBe(57);
  });

  it('points per component sum to the score', () => {
    const pts = Object.values(u.health.points).reduce((s, p) => s + (p.points ?? 0), 0);
    expect(pts).toBeCloseTo(u.health.score as number, 10);
    expect(u.health.points.support).toEqual({ value: 70, weight: 10, points: 7 });
    expect(u.health.drivers[0]).toMatch(/^Usage trend 38\/100: daily active users down 25%/);
  });

  it('delta30: score as of 2026-10-01 with featureBreadth held at its value as of D', () => {
    // At 10-01: engagement 100 × (0.6 × 0.5 + 0.4 × 1) = 70; adoption with breadth 0.5 held and
    // journey 1/3; nps 10, 9, 3, 6 → 0 → satisfaction 50; support: nothing open, 1 ticket in W30 → 100;
    // trend: no usage in its P30 → null.
    const before = (35 * 70 + 20 * ((100 * (0.5 + 1 / 3)) / 2) + 20 * 50 + 10 * 100) / 85;
    expect(u.health.delta30).toBeCloseTo((u.health.score as number) - before, 10);
  });

  it('signals in table order', () => {
    expect(u.signals.map((s) => [s.id, s.severity])).toEqual([
      ['usage-decline', 'medium'],
      ['renewal-risk', 'medium'], // renews in exactly 90 days, yellow
    ]);
    expect(u.signals[0].evidence).toBe(
      'Average daily active users fell 25% over the last 30 days compared with the 30 before.',
    );
  });

  it('orphans count nowhere', () => {
    expect(r.portfolio.accounts).toBe(3);
    expect(r.portfolio.dauMau).toBeCloseTo((3 + 0.1) / (15 + 7), 15);
    expect(r.portfolio.featureAdoption).toEqual({ f1: 1, f2: 0, f3: 0 });
    expect(r.portfolio.heatmap[83]).toBe(9);
  });

  it('portfolio pools nps, csat, ttv and support', () => {
    expect(r.portfolio.nps).toBeCloseTo(100 / 3, 12);
    expect(r.portfolio.csat).toBeCloseTo(2 / 3, 15);
    expect(r.portfolio.ttvDays).toBe(10);
    expect(r.portfolio.support).toEqual({
      openTickets: 3,
      openUrgent: 2,
      tickets30: 3,
      medianFirstResponseHours: 6,
      medianResolutionHours: 48,
    });
  });

  it('computeAccountReport gives the same account without the portfolio', () => {
    const ix = buildIndex(fixture());
    expect(computeAccountReport(ix, 'u', D)).toEqual(u);
    expect(computeAccountReport(ix, 'nobody', D)).toBeNull();
  });
});

describe('edges of adoption and time to value', () => {
  const base = {
    features: [
      { key: 'f1', name: 'One', minTier: undefined },
      { key: 'f2', name: 'Two', minTier: undefined },
    ],
  };
  it('a plan whose features are all unknown leaves no feature available: breadth null even without active users', () => {
    const r = computeReport(
      dataset({
        ...base,
        plans: [{ id: 'q', name: 'Q', tier: 1, seatLimit: undefined, features: ['zz'] }],
        accounts: [account('x', { planId: 'q' })],
      }),
      D,
    );
    expect(r.accounts[0].usage.featureBreadth).toBeNull();
    expect(r.accounts[0].health.components.adoption).toBeNull();
  });
  it('no features at all: breadth null, featureAdoption {}', () => {
    const r = computeReport(
      dataset({ accounts: [account('x')], users: [user('x', 'u', { lastSeenOn: D })] }),
      D,
    );
    expect(r.accounts[0].usage.featureBreadth).toBeNull();
    expect(r.accounts[0].usage.featureAdoption).toEqual({});
    expect(r.portfolio.featureAdoption).toEqual({});
  });
  it('journey null when no milestone is defined; ttv needs the firstValue milestone on or before D', () => {
    const ms = [{ key: 'fv', name: 'FV', order: 1, firstValue: true }];
    const acc = [
      account('x', { startedOn: '2026-10-01', milestones: { fv: D } }),
      account('y', { startedOn: '2026-10-01', milestones: { fv: shift(D, 1) } }),
      account('z', { milestones: { fv: '2026-01-01' } }),
      account('n', { startedOn: '2026-10-01', milestones: { fv: '2026-09-21' } }),
    ];
    const r = computeReport(dataset({ milestones: ms, accounts: acc }), D);
    expect(r.accounts.map((a) => a.ttvDays)).toEqual([30, null, null, -10]);
    expect(r.accounts.map((a) => a.journeyCompletion)).toEqual([1, 0, 1, 1]);
    expect(r.portfolio.ttvDays).toBe(10); // median of 30 and −10 (x, n started in the 12 months)
    const none = computeReport(dataset({ accounts: acc }), D);
    expect(none.accounts.map((a) => a.journeyCompletion)).toEqual([null, null, null, null]);
    expect(none.accounts.map((a) => a.ttvDays)).toEqual([null, null, null, null]);
  });
  it('portfolio ttv only over accounts started in the 12 months ending D', () => {
    const ms = [{ key: 'fv', name: 'FV', order: 1, firstValue: true }];
    const r = computeReport(
      dataset({
        milestones: ms,
        accounts: [
          account('old', { startedOn: '2025-10-31', milestones: { fv: '2025-11-30' } }),
          account('new', { startedOn: '2025-11-01', milestones: { fv: '2025-11-03' } }),
        ],
      }),
      D,
    );
    expect(r.accounts.map((a) => a.ttvDays)).toEqual([30, 2]);
    expect(r.portfolio.ttvDays).toBe(2);
  });
  it('a user feature date after D or before W30 does not count', () => {
    const r = computeReport(
      dataset({
        ...base,
        accounts: [account('x')],
        users: [user('x', 'a', { lastSeenOn: D, features: { f1: shift(D, 1), f2: shift(D, -30) } })],
      }),
      D,
    );
    expect(r.accounts[0].usage.featureAdoption).toEqual({ f1: 0, f2: 0 });
    expect(r.accounts[0].usage.featureBreadth).toBe(0);
  });
});
