import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  computeAccountReport,
  computePortfolioTrends,
  computeReport,
  computeWorkspaceContext,
  defaultAsOf,
  targetProgress,
} from './index';
import { account, dataset, revenue, shift, survey, ticket, usageRow, user } from './testkit';

const D = '2026-10-31';

describe('report shape', () => {
  const ds = dataset({
    currency: 'EUR',
    features: [{ key: 'f', name: 'F', minTier: undefined }],
    accounts: [account('b', { seats: 5 }), account('a')],
    usage: [usageRow('a', D, 2, { mau: 4 })],
  });
  const r = computeReport(ds, D);
  it('has the fixed keys of METRICS.md', () => {
    expect(Object.keys(r)).toEqual(['asOf', 'currency', 'portfolio', 'accounts']);
    expect(r.asOf).toBe(D);
    expect(r.currency).toBe('EUR');
    for (const k of [
      'accounts',
      'payingAccounts',
      'mrr',
      'arr',
      'arpa',
      'nrr',
      'grr',
      'logoChurnRate',
      'logoRetentionRate',
      'monthlyLogoChurnRate',
      'expansionRevenue',
      'movements',
      'ltv',
      'cac',
      'ltvToCac',
      'salesCycleDays',
      'nps',
      'csat',
      'dauMau',
      'ttvDays',
      'health',
    ]) {
      expect(r.portfolio).toHaveProperty(k);
    }
    const a = r.accounts[0];
    for (const k of [
      'id',
      'name',
      'mrr',
      'arr',
      'nrr',
      'expansionRevenue',
      'ltv',
      'renewsInDays',
      'ttvDays',
      'journeyCompletion',
    ]) {
      expect(a).toHaveProperty(k);
    }
    for (const k of [
      'dau',
      'wau',
      'mau',
      'avgDau30',
      'stickiness',
      'seatUtilization',
      'usageChange',
      'minutesPerActiveUser',
      'featureAdoption',
      'featureBreadth',
      'heatmap',
    ]) {
      expect(a.usage).toHaveProperty(k);
    }
    expect(Object.keys(a.health.components)).toEqual([
      'engagement',
      'adoption',
      'satisfaction',
      'support',
      'trend',
    ]);
    expect(a.support).toEqual({
      openTickets: 0,
      openUrgent: 0,
      tickets30: 0,
      medianFirstResponseHours: null,
      medianResolutionHours: null,
    });
  });
  it('lists accounts in dataset order', () => {
    expect(r.accounts.map((a) => a.id)).toEqual(['b', 'a']);
  });
  it('accountIds narrows accounts, not the portfolio', () => {
    const only = computeReport(ds, D, undefined, { accountIds: ['a', 'nobody'] });
    expect(only.accounts.map((a) => a.id)).toEqual(['a']);
    expect(only.portfolio).toEqual(r.portfolio);
    expect(only.accounts[0]).toEqual(r.accounts[1]);
  });
  it('rejects a malformed as-of date', () => {
    expect(() => computeReport(ds, '2026-02-30')).toThrow(
      'asOf must be a calendar date YYYY-MM-DD, got "2026-02-30"',
    );
  });
});

describe('duplicates: the later row wins', () => {
  it('for keyed rows, ids and accounts', () => {
    const ds = dataset({
      accounts: [account('a', { name: 'Old' }), account('b'), account('a', { name: 'New' })],
      revenue: [
        ...revenue('a', { '2026-10': 100 }),
        ...revenue('b', { '2026-10': 7 }),
        ...revenue('a', { '2026-10': 300 }),
      ],
      usage: [
        usageRow('a', D, 1, { mau: 1 }),
        usageRow('a', shift(D, -1), 9),
        usageRow('a', D, 5, { mau: 8 }),
      ],
      surveys: [survey('a', 's', D, 'nps', 0), survey('a', 's', D, 'nps', 10)],
      tickets: [
        ticket('a', 't', `${D}T01:00:00Z`, { status: 'open' }),
        ticket('b', 't', `${D}T01:00:00Z`, { status: 'solved' }),
      ],
      users: [user('a', 'u', { lastSeenOn: D }), user('b', 'u', { lastSeenOn: '2020-01-01' })],
    });
    const r = computeReport(ds, D);
    expect(r.accounts.map((a) => [a.id, a.name])).toEqual([
      ['a', 'New'],
      ['b', 'Account b'],
    ]);
    expect(r.accounts[0].mrr).toBe(300);
    expect(r.accounts[0].usage.dau).toBe(5);
    expect(r.accounts[0].usage.mau).toBe(8);
    expect(r.accounts[0].usage.avgDau30).toBeCloseTo(14 / 30, 15);
    expect(r.accounts[0].nps).toBe(100);
    expect(r.accounts[0].support.openTickets).toBe(0);
    expect(r.accounts[1].support.tickets30).toBe(1);
    expect(r.accounts[0].usage.activeUsers).toBe(0);
    expect(r.portfolio.mrr).toBe(307);
  });
});

describe('support component and the workspace context', () => {
  it('null for every account when the dataset has no ticket of a known account', () => {
    const ds = dataset({
      accounts: [account('a'), account('b')],
      surveys: [survey('a', 's', D, 'csat', 5)],
      tickets: [ticket('ghost', 't', `${D}T01:00:00Z`)],
    });
    const r = computeReport(ds, D);
    expect(r.accounts.map((a) => a.health.components.support)).toEqual([null, null]);
    expect(r.accounts[0].health.score).toBe(100);
  });
  it('100 for an account without tickets once any known account has one (any date, even after D)', () => {
    const ds = dataset({
      accounts: [account('a'), account('b')],
      tickets: [ticket('b', 't', '2030-01-01T00:00:00Z')],
    });
    const r = computeReport(ds, D);
    expect(r.accounts.map((a) => a.health.components.support)).toEqual([100, 100]);
    expect(computeWorkspaceContext(ds, D).ticketsTracked).toBe(true);
  });
  it('clamps at 0 and counts tickets over the free ones', () => {
    const tickets = [
      ...[0, 1, 2, 3, 4, 5, 6].map((i) =>
        ticket('a', `u${i}`, `${shift(D, -40)}T00:00:00Z`, { status: 'open', priority: 'high' }),
      ),
      ...[0, 1, 2, 3].map((i) => ticket('b', `n${i}`, `${shift(D, -i)}T00:00:00Z`)),
    ];
    const r = computeReport(dataset({ accounts: [account('a'), account('b')], tickets }), D);
    expect(r.accounts[0].health.components.support).toBe(0); // 100 − 7 × 15 < 0
    expect(r.accounts[1].health.components.support).toBe(90); // 100 − 5 × (4 − 2)
  });
  it('a book uses the workspace context for ltv, plan-headroom and support', () => {
    const whole = dataset({
      accounts: [
        account('mine', { owner: 'me@x.io', seats: 10, segment: 'smb' }),
        account('theirs', { owner: 'you@x.io', segment: 'smb' }),
        account('gone', { owner: 'you@x.io' }),
      ],
      revenue: [
        ...revenue('mine', { '2026-09': 100, '2026-10': 100 }),
        ...revenue('theirs', { '2026-09': 900, '2026-10': 900 }),
        ...revenue('gone', { '2026-09': 50, '2026-10': 0 }),
      ],
      usage: [usageRow('mine', D, 1, { mau: 9 })],
      tickets: [ticket('theirs', 't', `${D}T00:00:00Z`)],
    });
    const ctx = computeWorkspaceContext(whole, D);
    expect(ctx).toEqual({
      asOf: D,
      monthlyLogoChurnRate: 1 / 3,
      segmentMedianMrr: { smb: 500 },
      ticketsTracked: true,
    });
    const book = {
      ...whole,
      accounts: whole.accounts.slice(0, 1),
      revenue: whole.revenue.slice(0, 2),
      tickets: [],
    };
    const own = computeReport(book, D);
    expect(own.accounts[0].ltv).toBeNull(); // the book alone never churns
    expect(own.accounts[0].health.components.support).toBeNull();
    expect(own.accounts[0].signals.map((s) => s.id)).toEqual(['seat-limit']);
    const withCtx = computeReport(book, D, undefined, { context: ctx });
    const full = computeReport(whole, D).accounts[0];
    expect(withCtx.accounts[0]).toEqual(full);
    expect(withCtx.accounts[0].ltv).toBeCloseTo(300, 12);
    expect(withCtx.accounts[0].signals.map((s) => s.id)).toEqual(['seat-limit', 'plan-headroom']);
    expect(withCtx.accounts[0].health.components.support).toBe(100);
    expect(withCtx.portfolio.monthlyLogoChurnRate).toBe(0); // the book's own figure
    expect(computeAccountReport(buildIndex(book), 'mine', D, undefined, ctx)).toEqual(full);
  });
});

describe('delta30 and healthTrend hold featureBreadth at its value as of D', () => {
  const ds = dataset({
    features: [
      { key: 'f1', name: 'F1', minTier: undefined },
      { key: 'f2', name: 'F2', minTier: undefined },
    ],
    accounts: [account('a')],
    users: [user('a', 'u', { lastSeenOn: D, features: { f1: D } })],
  });
  it('the adoption component alone: breadth 0.5 now and 30 days ago → delta 0', () => {
    const h = computeReport(ds, D).accounts[0].health;
    expect(h.components.adoption).toBe(50);
    expect(h.delta30).toBe(0); // recomputed at D − 30 breadth would be 0 (user not yet seen)
  });
  it('healthTrend: 12 weekly points ending D, each from the same held breadth', () => {
    const t = computePortfolioTrends(ds, D);
    expect(t.healthTrend.map((p) => p.asOf)).toEqual(
      Array.from({ length: 12 }, (_, i) => shift(D, -7 * (11 - i))),
    );
    expect(
      t.healthTrend.every((p) => p.red === 1 && p.green === 0 && p.yellow === 0 && p.unknown === 0),
    ).toBe(true);
  });
  it('healthTrend past points move with dated inputs (surveys)', () => {
    const s = dataset({
      accounts: [account('a'), account('b')],
      surveys: [survey('a', 's', shift(D, -10), 'csat', 5)],
    });
    const t = computePortfolioTrends(s, D);
    expect(t.healthTrend.slice(0, 10).every((p) => p.unknown === 2)).toBe(true);
    expect(t.healthTrend[10]).toEqual({ asOf: shift(D, -7), green: 1, yellow: 0, red: 0, unknown: 1 });
    expect(t.healthTrend[11]).toEqual({ asOf: D, ...computeReport(s, D).portfolio.health });
    expect(computeReport(s, D).accounts[0].health.delta30).toBeNull(); // no score 30 days ago
  });
  it('delta30 follows dated inputs: journey milestones recomputed at D − 30', () => {
    const m = dataset({
      milestones: [
        { key: 'm1', name: 'M1', order: 1, firstValue: false },
        { key: 'm2', name: 'M2', order: 2, firstValue: false },
      ],
      accounts: [account('a', { milestones: { m1: '2026-01-01', m2: shift(D, -29) } })],
    });
    expect(computeReport(m, D).accounts[0].health).toMatchObject({ score: 100, delta30: 50 });
  });
});

describe('ticket timestamps at the end of D', () => {
  it('a reply at 23:59:59.999 of D counts, one at 00:00 of D + 1 does not', () => {
    const ds = dataset({
      accounts: [account('a')],
      tickets: [
        ticket('a', 't1', `${D}T20:00:00Z`, {
          firstResponseAt: `${D}T23:59:59.999Z`,
          solvedAt: `${shift(D, 1)}T00:00:00Z`,
        }),
        ticket('a', 't2', `${shift(D, -89)}T00:00:00Z`, { solvedAt: `${shift(D, -88)}T00:00:00Z` }),
        ticket('a', 't3', `${shift(D, -90)}T23:59:59Z`, { firstResponseAt: `${shift(D, -90)}T23:59:59Z` }),
      ],
    });
    const s = computeReport(ds, D).accounts[0].support;
    expect(s.medianFirstResponseHours).toBeCloseTo(3.9999997222, 9);
    expect(s.medianResolutionHours).toBe(24);
  });
});

describe('defaultAsOf', () => {
  it('dataThrough, else the latest usage date of a known account, else null', () => {
    expect(
      defaultAsOf(
        dataset({ dataThrough: '2026-09-30', usage: [usageRow('a', D, 1)], accounts: [account('a')] }),
      ),
    ).toBe('2026-09-30');
    expect(
      defaultAsOf(
        dataset({
          accounts: [account('a')],
          usage: [
            usageRow('a', '2026-10-02', 1),
            usageRow('a', '2026-10-01', 1),
            usageRow('z', '2026-12-01', 1),
          ],
        }),
      ),
    ).toBe('2026-10-02');
    expect(defaultAsOf(dataset({ accounts: [account('a')] }))).toBeNull();
  });
});

describe('time zone independence', () => {
  it('gives the same report under another TZ', () => {
    const ds = dataset({
      accounts: [account('a', { seats: 3, renewsOn: '2026-12-01', startedOn: '2026-03-01' })],
      usage: [usageRow('a', D, 2, { mau: 3 }), usageRow('a', shift(D, -35), 3)],
      tickets: [
        ticket('a', 't', '2026-10-31T23:30:00Z', {
          status: 'open',
          priority: 'urgent',
          firstResponseAt: '2026-10-31T23:45:00Z',
        }),
      ],
      surveys: [survey('a', 's', D, 'nps', 9)],
    });
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = computeReport(ds, D);
      process.env.TZ = 'Pacific/Kiritimati';
      const east = computeReport(ds, D);
      process.env.TZ = 'America/Los_Angeles';
      const west = computeReport(ds, D);
      expect(east).toEqual(utc);
      expect(west).toEqual(utc);
      expect(utc.accounts[0].support.medianFirstResponseHours).toBe(0.25);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('targetProgress', () => {
  const t = { baseline: 0.4, target: 0.75, setOn: '2026-01-01', dueOn: '2026-04-11' }; // 100 days
  it('progress, elapsed share, on track', () => {
    const p = targetProgress(t, 0.575, '2026-02-20'); // half way, 50 days in
    expect(p.progress).toBeCloseTo(0.5, 12);
    expect(p.elapsed).toBe(0.5);
    expect(p.onTrack).toBe(true);
    expect(p.status).toBe('on-track');
    expect(targetProgress(t, 0.5, '2026-02-20')).toMatchObject({
      onTrack: false,
      status: 'behind',
      met: false,
    });
  });
  it('clamps progress and says met or missed', () => {
    expect(targetProgress(t, 0.9, '2026-02-01')).toMatchObject({ progress: 1, met: true, status: 'met' });
    expect(targetProgress(t, 0.3, '2026-02-01')).toMatchObject({ progress: 0, met: false });
    expect(targetProgress(t, 0.6, '2026-05-01')).toMatchObject({ elapsed: 1, status: 'missed' });
  });
  it('works for lower-is-better metrics', () => {
    const lower = { baseline: 48, target: 24, setOn: '2026-01-01', dueOn: '2026-04-01' };
    expect(targetProgress(lower, 36, '2026-01-01')).toMatchObject({
      progress: 0.5,
      elapsed: 0,
      onTrack: true,
      met: false,
    });
    expect(targetProgress(lower, 24, '2026-03-01')).toMatchObject({ progress: 1, met: true });
    expect(targetProgress(lower, 60, '2026-03-01')).toMatchObject({ progress: 0, onTrack: false });
  });
  it('null current or target = baseline', () => {
    expect(targetProgress(t, null, '2026-02-01')).toMatchObject({
      progress: null,
      onTrack: null,
      met: false,
      status: 'unknown',
    });
    expect(targetProgress({ ...t, target: 0.4 }, 0.4, '2026-02-01')).toMatchObject({
      progress: null,
      met: true,
      status: 'met',
    });
  });
});
