/**
 * fast-check arbitraries for the metrics tests (test-only; not used by the product code): small
 * random datasets around 2025-01 … 2026-11-30 with orphan rows, unknown plans, gaps in days and
 * months, and every optional field sometimes absent. Revenue and usage come in runs (a level that
 * drifts), so cohorts, trends and signals fire often enough to be exercised. Keys are unique unless
 * `withDuplicates` adds later rows that repeat earlier keys.
 */
import fc from 'fast-check';
import type { Dataset, RevenueRow, Ticket, UsageRow } from '../dataset/schema';
import { dateOfDay, dayNumber, monthNumber, monthString } from './dates';
import { account, dataset, survey, ticket, user } from './testkit';

const BASE = dayNumber('2026-06-01'); // usage, users, tickets, surveys span BASE … BASE + 182 (2026-11-30)
const IDS = ['a', 'b', 'c', 'd', 'e'];
const ACC_OR_ORPHAN = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'a', 'b', 'c', 'zz');
const FEATURES = ['f1', 'f2', 'f3'];
const day = (o: number) => dateOfDay(BASE + o);
const MONTH0 = monthNumber('2025-01'); // revenue spans 2025-01 … 2026-12
const recentDay = fc.oneof(fc.integer({ min: 0, max: 182 }), fc.integer({ min: 120, max: 182 }));

const arbAccount = (id: string) =>
  fc
    .record({
      seats: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined, freq: 4 }),
      planId: fc.constantFrom(undefined, 'p1', 'p2', 'p3', 'nope'),
      segment: fc.constantFrom(undefined, 'smb' as const, 'smb' as const, 'enterprise' as const),
      startedOn: fc.option(fc.integer({ min: -400, max: 182 }).map(day), { nil: undefined }),
      renewsOn: fc.option(fc.integer({ min: 60, max: 300 }).map(day), { nil: undefined }),
      acquisitionCost: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: undefined }),
      dealCreatedOn: fc.option(fc.integer({ min: -500, max: 100 }).map(day), { nil: undefined }),
      dealClosedOn: fc.option(fc.integer({ min: -400, max: 182 }).map(day), { nil: undefined }),
      m1: fc.option(fc.integer({ min: -300, max: 182 }).map(day), { nil: undefined }),
      m2: fc.option(fc.integer({ min: -300, max: 182 }).map(day), { nil: undefined }),
    })
    .map(({ m1, m2, ...rest }) => {
      const milestones: Record<string, string> = {};
      if (m1) milestones.m1 = m1;
      if (m2) milestones.m2 = m2;
      return account(id, { ...rest, milestones });
    });

const revenueRun = fc.record({
  accountId: ACC_OR_ORPHAN,
  from: fc.integer({ min: 0, max: 23 }),
  len: fc.integer({ min: 1, max: 24 }),
  mrr: fc.constantFrom(0, 100, 250, 999, 1000, 4000),
  step: fc.constantFrom(0, 0, 50, -50, 250),
  gap: fc.integer({ min: 0, max: 5 }),
});

const usageRun = fc.record({
  accountId: ACC_OR_ORPHAN,
  from: fc.integer({ min: 0, max: 182 }),
  len: fc.integer({ min: 1, max: 120 }),
  dau: fc.integer({ min: 0, max: 25 }),
  slope: fc.constantFrom(0, 0.1, -0.1, 0.3),
  mau: fc.integer({ min: 0, max: 45 }),
  gap: fc.integer({ min: 0, max: 9 }),
  minutes: fc.double({ min: 0, max: 40, noNaN: true }),
});

/** Expand runs into rows, keeping the first row of a key (so keys stay unique). */
function expand<R, T>(runs: R[], rows: (r: R) => T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of runs) {
    for (const t of rows(r)) {
      const k = key(t);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

export const arbDataset: fc.Arbitrary<Dataset> = fc
  .record({
    ids: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 5 }),
    revenue: fc.array(revenueRun, { maxLength: 8 }),
    usage: fc.array(usageRun, { maxLength: 8 }),
    users: fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 99 }).map(String),
        accountId: ACC_OR_ORPHAN,
        champion: fc.boolean(),
        lastSeen: fc.option(recentDay, { nil: undefined, freq: 6 }),
        feats: fc.dictionary(fc.constantFrom('f1', 'f2', 'f3', 'fz'), recentDay.map(day)),
      }),
      { selector: (u) => u.id, maxLength: 16 },
    ),
    tickets: fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 999 }).map(String),
        accountId: ACC_OR_ORPHAN,
        openedMin: fc.oneof(
          fc.integer({ min: 0, max: 182 * 1440 }),
          fc.integer({ min: 140 * 1440, max: 182 * 1440 }),
          fc.integer({ min: 165 * 1440, max: 182 * 1440 }),
        ),
        fr: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
        solved: fc.option(fc.integer({ min: 0, max: 20000 }), { nil: undefined }),
        priority: fc.constantFrom('low' as const, 'normal' as const, 'high' as const, 'urgent' as const),
        status: fc.constantFrom('open' as const, 'pending' as const, 'solved' as const, 'closed' as const),
      }),
      { selector: (t) => t.id, maxLength: 30 },
    ),
    surveys: fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 0, max: 999 }).map(String),
        accountId: ACC_OR_ORPHAN,
        d: recentDay,
        nps: fc.boolean(),
        score: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(9, 10)),
      }),
      { selector: (s) => s.id, maxLength: 40 },
    ),
    // Deals around the win-rate window's edges: as of BASE + 152 or + 182 (arbAsOf's favourites),
    // the window starts 364 days back, so closes at −212/−213 and −182/−183 sit on its first day
    // and the day before.
    deals: fc.option(
      fc.uniqueArray(
        fc.record({
          id: fc.integer({ min: 0, max: 99 }).map(String),
          accountId: ACC_OR_ORPHAN,
          amount: fc.constantFrom(0, 500, 1200, 9999, 250_000),
          created: fc.oneof(fc.integer({ min: -500, max: 190 }), fc.constantFrom(152, 153, 182, 183)),
          closed: fc.option(
            fc.oneof(
              fc.integer({ min: -400, max: 190 }),
              fc.constantFrom(-213, -212, -183, -182, 152, 153, 182, 183),
            ),
            { nil: undefined },
          ),
          won: fc.boolean(),
        }),
        { selector: (x) => x.id, maxLength: 12 },
      ),
      { nil: undefined, freq: 4 },
    ),
  })
  .chain((g) =>
    fc.tuple(...g.ids.map(arbAccount)).map((accounts) => {
      const ts = (min: number) => new Date((BASE * 1440 + min) * 60_000).toISOString();
      const revenue = expand(
        g.revenue,
        (r): RevenueRow[] =>
          Array.from({ length: r.len }, (_, i) => i)
            .filter((i) => r.gap === 0 || i % (r.gap + 3) !== r.gap)
            .filter((i) => r.from + i <= 23)
            .map((i) => ({
              accountId: r.accountId,
              month: monthString(MONTH0 + r.from + i),
              mrr: Math.max(0, r.mrr + r.step * Math.floor(i / 4)),
            })),
        (r) => `${r.accountId}/${r.month}`,
      );
      const usage = expand(
        g.usage,
        (u): UsageRow[] =>
          Array.from({ length: u.len }, (_, i) => i)
            .filter((i) => u.from + i <= 182 && (u.gap === 0 || i % (u.gap + 2) !== 0))
            .map((i) => {
              const dau = Math.max(0, Math.round(u.dau * (1 + (u.slope * i) / 30)));
              return {
                accountId: u.accountId,
                date: day(u.from + i),
                dau,
                wau: dau,
                mau: Math.max(dau, u.mau),
                minutes: dau * u.minutes,
                sessions: dau,
              };
            }),
        (u) => `${u.accountId}/${u.date}`,
      );
      return dataset({
        plans: [
          { id: 'p1', name: 'P1', tier: 1, seatLimit: undefined, features: ['f1'] },
          { id: 'p2', name: 'P2', tier: 2, seatLimit: undefined, features: ['f1', 'f2', 'fz'] },
          { id: 'p3', name: 'P3', tier: 3, seatLimit: undefined, features: ['fz'] },
        ],
        features: FEATURES.map((key) => ({ key, name: key, minTier: undefined })),
        milestones: [
          { key: 'm1', name: 'M1', order: 1, firstValue: true },
          { key: 'm2', name: 'M2', order: 2, firstValue: false },
        ],
        accounts,
        revenue,
        usage,
        users: g.users.map((u) =>
          user(u.accountId, u.id, {
            champion: u.champion,
            lastSeenOn: u.lastSeen === undefined ? undefined : day(u.lastSeen),
            features: u.feats,
          }),
        ),
        tickets: g.tickets.map(
          (t): Ticket =>
            ticket(t.accountId, t.id, ts(t.openedMin), {
              firstResponseAt: t.fr === undefined ? undefined : ts(t.openedMin + t.fr),
              solvedAt: t.solved === undefined ? undefined : ts(t.openedMin + t.solved),
              priority: t.priority,
              status: t.status,
            }),
        ),
        surveys: g.surveys.map((s) =>
          survey(s.accountId, s.id, day(s.d), s.nps ? 'nps' : 'csat', s.nps ? s.score : 1 + (s.score % 5)),
        ),
        ...(g.deals === undefined
          ? {}
          : {
              deals: g.deals.map((x) => ({
                id: x.id,
                accountId: x.accountId,
                amount: x.amount,
                stage: x.closed === undefined ? 'open' : x.won ? 'won' : 'lost',
                createdOn: day(x.created),
                ...(x.closed === undefined ? {} : { closedOn: day(x.closed), won: x.won }),
              })),
            }),
      });
    }),
  );

export const arbAsOf = fc.oneof(fc.integer({ min: 60, max: 182 }), fc.constantFrom(152, 182)).map(day);

/** The dataset with some rows repeated later with other values (the later row must win). */
export function withDuplicates(ds: Dataset, seed: number): Dataset {
  const pick = <T>(rows: T[], k: number): T[] => rows.filter((_, i) => (i * 7 + seed + k) % 3 === 0);
  return {
    ...ds,
    revenue: [...ds.revenue, ...pick(ds.revenue, 1).map((r) => ({ ...r, mrr: (r.mrr + 137) % 1500 }))],
    usage: [
      ...ds.usage,
      ...pick(ds.usage, 2).map((u) => ({ ...u, dau: u.dau + 3, mau: u.mau + 3, minutes: u.minutes / 2 })),
    ],
    users: [...ds.users, ...pick(ds.users, 3).map((u) => ({ ...u, champion: !u.champion }))],
    tickets: [
      ...ds.tickets,
      ...pick(ds.tickets, 4).map((t) => ({
        ...t,
        status: t.status === 'open' ? ('solved' as const) : ('open' as const),
      })),
    ],
    surveys: [
      ...ds.surveys,
      ...pick(ds.surveys, 5).map((x) => ({ ...x, score: x.kind === 'nps' ? 10 - x.score : 6 - x.score })),
    ],
    ...(ds.deals === undefined
      ? {}
      : {
          deals: [
            ...ds.deals,
            ...pick(ds.deals, 6).map((x) =>
              x.closedOn === undefined
                ? { ...x, accountId: x.accountId === 'a' ? 'b' : 'a', amount: x.amount + 1 }
                : { ...x, won: !x.won },
            ),
          ],
        }),
  };
}

/**
 * Sentiment entries (METRICS.md "sentiment component") for a dataset of `arbDataset`: some of an
 * unknown account, some sharing an id (the later row wins) or a `recordedAt` (the greater id wins),
 * some after any as-of date. Kept apart from `arbDataset` so its datasets stay as they were.
 */
export const arbSentiment = fc
  .array(
    fc.record({
      id: fc.constantFrom('s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'),
      accountId: ACC_OR_ORPHAN,
      value: fc.constantFrom('good' as const, 'neutral' as const, 'poor' as const),
      // Minutes from BASE: any day, or often one of a few days around the usual as-of dates (the
      // first and last minute of a day among them), so equal timestamps and entries on D happen.
      at: fc
        .tuple(
          fc.oneof(fc.integer({ min: -10, max: 190 }), fc.constantFrom(151, 152, 153, 181, 182, 183)),
          fc.constantFrom(0, 600, 1439),
        )
        .map(([d, min]) => d * 1440 + min),
      author: fc.constantFrom(undefined, 'ana@acme.com'),
      /** Same account and time as the entry before it (a tie on recordedAt). */
      twin: fc.boolean(),
    }),
    { maxLength: 12 },
  )
  .map((rows) =>
    rows.map(({ at, author, twin, ...r }, i) => {
      const p = twin && i > 0 ? rows[i - 1] : undefined;
      return {
        ...r,
        accountId: p ? p.accountId : r.accountId,
        note: undefined,
        author,
        recordedAt: new Date((BASE * 1440 + (p ? p.at : at)) * 60_000).toISOString(),
      };
    }),
  );
