import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REVIEW_SETTINGS,
  readReviewSettings,
  type ValueStatement,
} from '../contracts/review-settings';
import type { Dataset } from '../dataset/schema';
import { generateDataset } from '../demo/generate';
import { buildIndex, computeAccountReport, computeWorkspaceContext, DEFAULT_SETTINGS } from '../metrics';
import { account, dataset, shift, survey, ticket, usageRun, user } from '../metrics/testkit';
import { choosePeriod, lastFullQuarter, type Period, previousPeriod, quarterName } from './period';
import { computeReview } from './review';

const AS_OF = '2026-10-31';
const base = generateDataset({ accounts: 24, seed: 11, asOf: AS_OF });

// The generated accounts, plus copies of one of them stripped of usage, of surveys and tickets,
// and of milestones and users: the review must still equal the core where a figure is null or 0.
const donor = base.accounts[3];
const bare = (suffix: string) => ({ ...donor, id: `${donor.id}-${suffix}`, name: `${donor.name} ${suffix}` });
const noUsage = bare('no-usage');
const noSurveys = bare('no-surveys');
const noMilestones = { ...bare('no-milestones'), milestones: undefined };
const copyRows = <T extends { accountId: string }>(rows: T[] | undefined, to: string, idSuffix?: string) =>
  (rows ?? [])
    .filter((r) => r.accountId === donor.id)
    .map((r) => ({
      ...r,
      accountId: to,
      ...(idSuffix && 'id' in r ? { id: `${(r as { id: string }).id}-${idSuffix}` } : {}),
    }));
const ds: Dataset = {
  ...base,
  accounts: [...base.accounts, noUsage, noSurveys, noMilestones],
  usage: [
    ...(base.usage ?? []),
    ...copyRows(base.usage, noSurveys.id),
    ...copyRows(base.usage, noMilestones.id),
  ],
  revenue: [...(base.revenue ?? []), ...copyRows(base.revenue, noUsage.id)],
  users: [
    ...(base.users ?? []),
    ...copyRows(base.users, noUsage.id, 'nu'),
    ...copyRows(base.users, noSurveys.id, 'ns'),
  ],
  tickets: [
    ...(base.tickets ?? []),
    ...copyRows(base.tickets, noUsage.id, 'nu'),
    ...copyRows(base.tickets, noMilestones.id, 'nm'),
  ],
  surveys: [
    ...(base.surveys ?? []),
    ...copyRows(base.surveys, noUsage.id, 'nu'),
    ...copyRows(base.surveys, noMilestones.id, 'nm'),
  ],
};
const ix = buildIndex(ds);
const context = computeWorkspaceContext(ds, AS_OF);
const ids = ds.accounts.map((a) => a.id);
const core = (id: string, day: string) => {
  const r = computeAccountReport(ix, id, day, DEFAULT_SETTINGS, context);
  if (!r) throw new Error(`no account ${id}`);
  return r;
};
const review = (id: string, period: Period, valueStatements: ValueStatement[] = []) => {
  const r = computeReview(ix, id, {
    period,
    asOf: AS_OF,
    settings: DEFAULT_SETTINGS,
    context,
    valueStatements,
  });
  if (!r) throw new Error(`no review for ${id}`);
  return r;
};
const ending = (to: string, days: number): Period => ({ from: shift(to, -(days - 1)), to });

describe('the review period', () => {
  it('defaults to the last full quarter on or before the data', () => {
    expect(lastFullQuarter('2026-10-31')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(lastFullQuarter('2026-09-30')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(lastFullQuarter('2026-09-29')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(lastFullQuarter('2026-02-10')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(lastFullQuarter('2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(choosePeriod(null, null, AS_OF)).toEqual({
      ok: true,
      period: { from: '2026-07-01', to: '2026-09-30' },
    });
  });
  it('names quarters and finds the previous period of equal length', () => {
    expect(quarterName({ from: '2026-07-01', to: '2026-09-30' })).toBe('Q3 2026');
    expect(quarterName({ from: '2026-10-01', to: '2026-12-31' })).toBe('Q4 2026');
    expect(quarterName({ from: '2026-07-01', to: '2026-09-29' })).toBeNull();
    expect(previousPeriod({ from: '2026-07-01', to: '2026-09-30' })).toEqual({
      from: '2026-03-31',
      to: '2026-06-30',
    });
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
  });
  it('refuses a period it cannot compute, saying what to change', () => {
    expect(choosePeriod('2026-08-01', null, AS_OF)).toMatchObject({ ok: false });
    expect(choosePeriod('2026-02-30', '2026-03-01', AS_OF)).toEqual({
      ok: false,
      error: '"2026-02-30" is not a date: write it as YYYY-MM-DD.',
    });
    expect(choosePeriod('2026-09-01', '2026-08-01', AS_OF)).toMatchObject({
      ok: false,
      error: expect.stringContaining('swap'),
    });
    expect(choosePeriod('2026-10-01', '2026-11-30', AS_OF)).toMatchObject({
      ok: false,
      error: expect.stringContaining('2026-10-31'),
    });
    expect(choosePeriod('2026-08-01', '2026-10-31', AS_OF)).toEqual({
      ok: true,
      period: { from: '2026-08-01', to: '2026-10-31' },
    });
  });
});

describe("the review's figures equal the metrics core's for the same period", () => {
  it('covers accounts with and without usage, surveys, milestones', () => {
    const a = (id: string) => ds.accounts.find((x) => x.id === id);
    expect(ds.usage?.some((u) => u.accountId === noUsage.id)).toBe(false);
    expect(ds.surveys?.some((s) => s.accountId === noSurveys.id)).toBe(false);
    expect(a(noMilestones.id)?.milestones).toBeUndefined();
    expect(ds.usage?.some((u) => u.accountId === noSurveys.id && u.dau > 0)).toBe(true);
    expect(ds.surveys?.filter((s) => s.accountId === donor.id).length).toBeGreaterThan(0);
    expect(Object.keys(donor.milestones ?? {}).length).toBeGreaterThan(0);
  });

  it.each(['2026-10-31', '2026-09-30', '2026-08-14'])('30-day figures as of the period end (%s)', (to) => {
    for (const id of ids) {
      const r = review(id, ending(to, 30)).customer;
      const c = core(id, to);
      const p = core(id, shift(to, -30));
      expect(r.activeUsers.mau, id).toBe(c.usage.mau);
      expect(r.activeUsers.previousMau, id).toBe(p.usage.mau);
      expect(r.activeUsers.avgDau, id).toBeCloseTo(c.usage.avgDau30, 9);
      expect(r.activeUsers.previousAvgDau, id).toBeCloseTo(p.usage.avgDau30, 9);
      expect(r.seats.used, id).toBe(c.usage.mau);
      expect(r.seats.utilization, id).toBe(c.usage.seatUtilization);
      expect(r.features.activeUsers, id).toBe(c.usage.activeUsers);
      expect(Object.fromEntries(r.features.all.map((f) => [f.key, f.share])), id).toEqual(
        c.usage.featureAdoption,
      );
      expect(r.usage.heatmap, id).toEqual(c.usage.heatmap);
      expect(r.usage.usageChange, id).toBe(c.usage.usageChange);
      expect(r.usage.minutesPerActiveUser, id).toBe(c.usage.minutesPerActiveUser);
      expect(r.support.opened, id).toBe(c.support.tickets30);
      expect(r.milestones.ttvDays, id).toBe(c.ttvDays);
      expect(r.milestones.journeyCompletion, id).toBe(c.journeyCompletion);
    }
  });

  it('90-day support medians and 180-day NPS and CSAT as of the period end', () => {
    let npsSeen = 0;
    let mediansSeen = 0;
    for (const to of ['2026-10-31', '2026-06-30']) {
      for (const id of ids) {
        const c = core(id, to);
        const s90 = review(id, ending(to, 90)).customer.support;
        expect(s90.medianFirstReplyHours, id).toBe(c.support.medianFirstResponseHours);
        expect(s90.medianResolutionHours, id).toBe(c.support.medianResolutionHours);
        const r180 = review(id, ending(to, 180)).customer;
        expect(r180.nps.score, id).toBe(c.nps);
        expect(r180.nps.responses, id).toBe(c.npsResponses);
        expect(r180.support.csat, id).toBe(c.csat);
        if (c.nps !== null) npsSeen++;
        if (c.support.medianFirstResponseHours !== null) mediansSeen++;
      }
    }
    // The comparison is not vacuous: both known and unknown values are met.
    expect(npsSeen).toBeGreaterThan(3);
    expect(mediansSeen).toBeGreaterThan(3);
    expect(review(noSurveys.id, ending(AS_OF, 180)).customer.nps.score).toBeNull();
    expect(review(noUsage.id, ending(AS_OF, 30)).customer.activeUsers).toMatchObject({
      mau: 0,
      avgDau: 0,
      mauChange: null,
    });
  });

  it('the internal prep is the core as of the data: health, signals, renewal, revenue', () => {
    for (const id of ids) {
      const { internal } = review(id, lastFullQuarter(AS_OF));
      const c = core(id, AS_OF);
      expect(internal.health.score).toBe(c.health.score);
      expect(internal.health.band).toBe(c.health.band);
      expect([...internal.risks, ...internal.upsell].map((s) => s.id).sort()).toEqual(
        c.signals.map((s) => s.id).sort(),
      );
      expect(internal.renewal.renewsInDays).toBe(c.renewsInDays);
      expect(internal.mrr).toBe(c.mrr);
    }
  });

  it('the customer version has no internal field', () => {
    const { customer } = review(donor.id, lastFullQuarter(AS_OF));
    const keys = JSON.stringify(customer);
    for (const k of [
      '"health"',
      '"band"',
      '"score":',
      '"signals"',
      '"risks"',
      '"upsell"',
      '"mrr"',
      '"arr"',
      '"owner"',
      '"renewsOn"',
    ])
      expect(keys.includes(k), k).toBe(k === '"score":'); // nps.score is the one "score"
    expect(Object.keys(customer.nps)).toContain('score');
  });

  it('an unknown account has no review', () => {
    expect(
      computeReview(ix, 'nobody', {
        period: lastFullQuarter(AS_OF),
        asOf: AS_OF,
        settings: DEFAULT_SETTINGS,
      }),
    ).toBeNull();
  });
});

describe('period figures, hand-computed', () => {
  // One account: 10 DAU every day of Q3 2026, 4 in Q2; 3 sessions a day in Q3.
  const small = dataset({
    dataThrough: '2026-10-31',
    features: [
      { key: 'reports', name: 'Reports' },
      { key: 'alerts', name: 'Alerts' },
    ],
    milestones: [
      { key: 'setup', name: 'Set up', order: 1, firstValue: false },
      { key: 'first-report', name: 'First report', order: 2, firstValue: true },
      { key: 'rollout', name: 'Rolled out', order: 3, firstValue: false },
    ],
    accounts: [
      account('a', {
        startedOn: '2026-05-01',
        seats: 20,
        milestones: { setup: '2026-05-03', 'first-report': '2026-07-15', rollout: '2026-10-02' },
      }),
    ],
    usage: [
      ...usageRun('a', '2026-04-01', '2026-06-30', () => ({ dau: 4, mau: 8 })),
      ...usageRun('a', '2026-07-01', '2026-09-30', () => ({ dau: 10, mau: 15, sessions: 3 })),
    ],
    users: [
      user('a', 'u1', {
        lastSeenOn: '2026-09-29',
        features: { reports: '2026-09-20', alerts: '2026-06-01' },
      }),
      user('a', 'u2', { lastSeenOn: '2026-09-30', features: { reports: '2026-08-02' } }),
      user('a', 'u3', { lastSeenOn: '2026-10-20', features: { reports: '2026-10-20' } }),
    ],
    tickets: [
      ticket('a', 't1', '2026-07-02T10:00:00Z', {
        firstResponseAt: '2026-07-02T12:00:00Z',
        solvedAt: '2026-07-03T10:00:00Z',
      }),
      ticket('a', 't2', '2026-08-02T10:00:00Z', { firstResponseAt: '2026-08-02T14:00:00Z' }),
      // Replied after the period: counts as opened, not in the reply median.
      ticket('a', 't3', '2026-09-30T22:00:00Z', { firstResponseAt: '2026-10-01T01:00:00Z' }),
      ticket('a', 't4', '2026-06-30T10:00:00Z', { firstResponseAt: '2026-06-30T11:00:00Z' }),
    ],
    surveys: [
      { ...survey('a', 's1', '2026-07-10', 'nps', 10), comment: 'Saves us a day a week' },
      survey('a', 's2', '2026-08-10', 'nps', 8),
      { ...survey('a', 's3', '2026-09-10', 'nps', 5), comment: 'Exports are slow' },
      survey('a', 's4', '2026-09-11', 'csat', 5),
      survey('a', 's5', '2026-09-12', 'csat', 3),
      { ...survey('a', 's6', '2026-10-10', 'nps', 0), comment: 'After the period' },
    ],
  });
  const six = buildIndex(small);
  const q3 = { from: '2026-07-01', to: '2026-09-30' };
  const statements: ValueStatement[] = [
    { id: 'v1', basis: 'feature', featureKey: 'reports', unit: 'report created', minutesPerUse: 30 },
    { id: 'v2', basis: 'session', featureKey: '', unit: 'session', minutesPerUse: 5 },
    { id: 'v3', basis: 'feature', featureKey: 'not-tracked', unit: 'thing', minutesPerUse: 5 },
  ];
  const r = computeReview(six, 'a', {
    period: q3,
    asOf: '2026-10-31',
    settings: DEFAULT_SETTINGS,
    valueStatements: statements,
  });
  const c = r?.customer;

  it('active users, seats and their change', () => {
    expect(c?.days).toBe(92);
    expect(c?.previous).toEqual({ from: '2026-03-31', to: '2026-06-30' });
    expect(c?.activeUsers).toMatchObject({ mau: 15, previousMau: 8, avgDau: 10, mauChange: 15 / 8 - 1 });
    // Previous period: 2026-03-31 has no row (0), 91 days at 4.
    expect(c?.activeUsers.previousAvgDau).toBeCloseTo((91 * 4) / 92, 12);
    expect(c?.seats).toMatchObject({ used: 15, purchased: 20, utilization: 0.75 });
  });
  it('features adopted and milestones reached in the period', () => {
    expect(c?.features.adopted.map((f) => f.key)).toEqual(['reports']);
    // Active on 30 Sep: u1, u2; of them u1 used reports in the 30 days ending then.
    expect(c?.features.all.find((f) => f.key === 'reports')?.share).toBe(0.5);
    // Nobody was active in the 30 days ending 30 June: whether reports are new cannot be told.
    expect(c?.features.undetermined.map((f) => f.key)).toEqual(['reports']);
    expect(c?.features.newlyAdopted).toEqual([]);
    expect(c?.milestones.reached).toEqual([{ key: 'first-report', name: 'First report', on: '2026-07-15' }]);
    expect(c?.milestones).toMatchObject({
      ttvDays: 75,
      firstValueOn: '2026-07-15',
      journeyCompletion: 2 / 3,
    });
  });
  it('support, NPS, comments', () => {
    expect(c?.support).toEqual({
      opened: 3,
      medianFirstReplyHours: 3,
      medianResolutionHours: 24,
      csat: 0.5,
      csatResponses: 2,
    });
    expect(c?.nps).toMatchObject({ score: 0, responses: 3, promoters: 1, passives: 1, detractors: 1 });
    expect(c?.nps.comments.map((x) => x.comment)).toEqual(['Exports are slow', 'Saves us a day a week']);
  });
  it('value statements count what the dataset has', () => {
    expect(c?.value.map((v) => [v.statement.id, v.uses, v.hours])).toEqual([
      ['v1', 2, 1],
      ['v2', 92 * 3, (92 * 3 * 5) / 60],
    ]);
  });
});

describe('review settings (local:review)', () => {
  it('keeps the valid statements and repairs the rest', () => {
    expect(readReviewSettings(null)).toEqual(DEFAULT_REVIEW_SETTINGS);
    expect(readReviewSettings('x')).toEqual(DEFAULT_REVIEW_SETTINGS);
    const good = { id: 'v1', basis: 'feature', featureKey: 'reports', unit: 'report', minutesPerUse: 30 };
    expect(
      readReviewSettings({
        workspaceName: 'Acme CS',
        valueStatements: [good, { ...good, minutesPerUse: -1 }, 7],
      }),
    ).toEqual({ workspaceName: 'Acme CS', valueStatements: [good] });
    expect(readReviewSettings({ workspaceName: 3, valueStatements: 'no' })).toEqual(DEFAULT_REVIEW_SETTINGS);
  });
});
