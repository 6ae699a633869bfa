import { describe, expect, it } from 'vitest';
import type { Account, Dataset } from '../dataset/schema';
import { computeReport, DEFAULT_SETTINGS, type Settings } from './index';
import { account, dataset, revenue, shift, survey, ticket, usageRow, user } from './testkit';

const D = '2026-10-31';

function ids(ds: Dataset, settings: Settings = DEFAULT_SETTINGS, id = 'x'): string[] {
  const a = computeReport(ds, D, settings).accounts.find((x) => x.id === id);
  return (a?.signals ?? []).map((s) => `${s.id}:${s.severity}`);
}

/** Account x whose P30 dau sums to `prior` and W30 dau to `recent` (one row each), `extra` fields. */
function usageDs(prior: number, recent: number, extra: Partial<Account> = {}): Dataset {
  return dataset({
    accounts: [account('x', extra)],
    usage: [usageRow('x', shift(D, -45), prior), usageRow('x', shift(D, -5), recent)],
  });
}

/** n csat responses of which k are satisfied: the only known component, so score = 100 k / n. */
function csatDs(k: number, n: number, extra: Partial<Account> = {}): Dataset {
  const surveys = Array.from({ length: n }, (_, i) => survey('x', `s${i}`, D, 'csat', i < k ? 5 : 1));
  return dataset({ accounts: [account('x', extra)], surveys });
}

describe('usage-decline and usage-growth', () => {
  it('usage-decline at −0.25 (medium) and −0.5 (high), not just above', () => {
    expect(ids(usageDs(120, 90))).toEqual(['usage-decline:medium']);
    expect(ids(usageDs(120, 91))).toEqual([]);
    expect(ids(usageDs(120, 60))).toEqual(['usage-decline:high']);
    expect(ids(usageDs(120, 61))).toEqual(['usage-decline:medium']);
  });
  it('usage-growth at exactly +0.2 although 120/100 − 1 < 0.2 in floating point', () => {
    expect(120 / 100 - 1 < 0.2).toBe(true);
    expect(ids(usageDs(100, 120))).toEqual(['usage-growth:low']);
    expect(ids(usageDs(100, 119))).toEqual([]);
  });
  it('no signal without usage in P30', () => {
    expect(ids(usageDs(0, 500))).toEqual([]);
  });
});

describe('champion-inactive', () => {
  const ds = (lastSeenOn: string | undefined, champion = true) =>
    dataset({ accounts: [account('x')], users: [user('x', 'c', { champion, lastSeenOn, name: 'Dana' })] });
  it('fires when a champion was last seen before D − 30', () => {
    expect(ids(ds(shift(D, -31)))).toEqual(['champion-inactive:high']);
    expect(computeReport(ds(shift(D, -31)), D).accounts[0].signals[0].evidence).toBe(
      'Dana was last seen 31 days ago.',
    );
  });
  it('not on D − 30, not for an unknown date, not for a non-champion', () => {
    expect(ids(ds(shift(D, -30)))).toEqual([]);
    expect(ids(ds(undefined))).toEqual([]);
    expect(ids(ds(shift(D, -100), false))).toEqual([]);
  });
  it('fires once for several champions', () => {
    const two = dataset({
      accounts: [account('x')],
      users: [
        user('x', 'c1', { champion: true, lastSeenOn: shift(D, -40) }),
        user('x', 'c2', { champion: true, lastSeenOn: shift(D, -50) }),
      ],
    });
    expect(ids(two)).toEqual(['champion-inactive:high']);
  });
});

describe('detractor', () => {
  const ds = (score: number, on: string) =>
    dataset({ accounts: [account('x')], surveys: [survey('x', 's', on, 'nps', score)] });
  it('an nps response ≤ 6 in the 90 days ending D', () => {
    expect(ids(ds(6, shift(D, -89)))).toEqual(['detractor:medium']);
    expect(ids(ds(0, D))).toEqual(['detractor:medium']);
  });
  it('not 7, not on D − 90, not after D', () => {
    expect(ids(ds(7, shift(D, -89)))).toEqual([]);
    expect(ids(ds(6, shift(D, -90)))).toEqual([]);
    expect(ids(ds(6, shift(D, 1)))).toEqual([]);
  });
});

describe('ticket-spike', () => {
  const ds = (recent: number, prior: number) => {
    const tickets = [
      ...Array.from({ length: recent }, (_, i) => ticket('x', `r${i}`, `${shift(D, -29)}T00:00:00Z`)),
      ...Array.from({ length: prior }, (_, i) =>
        ticket('x', `p${i}`, `${shift(D, i % 2 ? -30 : -119)}T12:00:00Z`),
      ),
      ticket('x', 'old', `${shift(D, -120)}T12:00:00Z`),
    ];
    return dataset({ accounts: [account('x')], tickets });
  };
  it('3 × tickets30 ≥ 2 × prior (exact), with tickets30 ≥ 3', () => {
    expect(ids(ds(3, 4))).toEqual(['ticket-spike:medium']); // 9 ≥ 8
    expect(ids(ds(4, 6))).toEqual(['ticket-spike:medium']); // 12 ≥ 12
    expect(ids(ds(3, 5))).toEqual([]); // 9 < 10
    expect(ids(ds(2, 0))).toEqual([]); // below the minimum
    expect(ids(ds(3, 0))).toEqual(['ticket-spike:medium']);
  });
});

describe('renewal-risk', () => {
  it('0 < renewsInDays ≤ 90 and not green; high when red', () => {
    expect(ids(csatDs(0, 1, { renewsOn: shift(D, 90) }))).toEqual(['renewal-risk:high']);
    expect(ids(csatDs(0, 1, { renewsOn: shift(D, 1) }))).toEqual(['renewal-risk:high']);
    expect(ids(csatDs(0, 1, { renewsOn: shift(D, 91) }))).toEqual([]);
    expect(ids(csatDs(0, 1, { renewsOn: D }))).toEqual([]);
    expect(ids(csatDs(0, 1, { renewsOn: shift(D, -5) }))).toEqual([]);
    expect(ids(csatDs(3, 5, { renewsOn: shift(D, 30) }))).toEqual(['renewal-risk:medium']); // 60: yellow
    expect(ids(csatDs(1, 1, { renewsOn: shift(D, 30) }))).toEqual([]); // green
  });
  it('a null band counts as not green (medium)', () => {
    expect(ids(dataset({ accounts: [account('x', { renewsOn: shift(D, 10) })] }))).toEqual([
      'renewal-risk:medium',
    ]);
  });
});

describe('contraction', () => {
  const ds = (m3: number, m: number) =>
    dataset({
      accounts: [account('x')],
      revenue: revenue('x', { '2026-07': m3, '2026-08': 5, '2026-10': m }),
    });
  it('0 < MRR(M) < MRR(M − 3)', () => {
    expect(ids(ds(1000, 999))).toEqual(['contraction:medium']);
    expect(ids(ds(1000, 1000))).toEqual([]);
    expect(ids(ds(1000, 0))).toEqual([]);
  });
});

describe('low-adoption', () => {
  const features = Array.from({ length: 10 }, (_, i) => ({
    key: `f${i}`,
    name: `F${i}`,
    minTier: undefined,
  }));
  const ds = (used: number, startedOn?: string) =>
    dataset({
      features,
      accounts: [account('x', { startedOn })],
      users: [
        user('x', 'u', {
          lastSeenOn: D,
          features: Object.fromEntries(features.slice(0, used).map((f) => [f.key, D])),
        }),
      ],
    });
  it('featureBreadth < 0.3 and started more than 90 days before D', () => {
    expect(ids(ds(2, shift(D, -91)))).toEqual(['low-adoption:low']);
    expect(ids(ds(3, shift(D, -91)))).toEqual([]); // 0.3 is not below 0.3
    expect(ids(ds(2, shift(D, -90)))).toEqual([]);
    expect(ids(ds(2, undefined))).toEqual([]);
  });
  it('breadth 0 without active users counts; null breadth does not', () => {
    const none = dataset({ features, accounts: [account('x', { startedOn: '2020-01-01' })] });
    expect(ids(none)).toEqual(['low-adoption:low']);
    const nofeat = dataset({ accounts: [account('x', { startedOn: '2020-01-01' })] });
    expect(ids(nofeat)).toEqual([]);
  });
});

describe('seat-limit and plan-headroom', () => {
  const ds = (mau: number, seats: number) =>
    dataset({ accounts: [account('x', { seats })], usage: [usageRow('x', D, 0, { mau })] });
  it('seat-limit at 0.9 (medium) and 1 (high)', () => {
    expect(ids(ds(9, 10))).toEqual(['seat-limit:medium']);
    expect(ids(ds(899, 1000))).toEqual([]);
    expect(ids(ds(10, 10))).toEqual(['seat-limit:high']);
    expect(ids(ds(999, 1000))).toEqual(['seat-limit:medium']);
  });
  const book = (mrr: number, mau: number) =>
    dataset({
      accounts: [
        account('x', { seats: 100, segment: 'smb' }),
        account('y', { segment: 'smb' }),
        account('z', { segment: 'smb' }),
        account('w', { segment: 'smb' }),
        account('e', { segment: 'enterprise' }),
      ],
      revenue: [
        ...revenue('x', { '2026-10': mrr }),
        ...revenue('y', { '2026-10': 200 }),
        ...revenue('z', { '2026-10': 300 }),
        ...revenue('w', { '2026-10': 0 }),
        ...revenue('e', { '2026-10': 100000 }),
      ],
      usage: [usageRow('x', D, 0, { mau })],
    });
  it('plan-headroom: seats ≥ 0.8 and MRR strictly below the median of paying accounts of its segment', () => {
    expect(ids(book(160, 80))).toEqual(['plan-headroom:low']); // median of 160, 200, 300 = 200 (w not paying)
    expect(ids(book(160, 79))).toEqual([]);
    expect(ids(book(200, 80))).toEqual([]); // median 200: not strictly below
    expect(ids(book(0, 80))).toEqual(['plan-headroom:low']); // median of 200, 300 = 250
  });
  it('plan-headroom needs a segment', () => {
    const noseg = dataset({
      accounts: [account('x', { seats: 100 })],
      usage: [usageRow('x', D, 0, { mau: 85 })],
    });
    expect(ids(noseg)).toEqual([]);
  });
});

describe('promoter', () => {
  const greenAt70 = { ...DEFAULT_SETTINGS, bands: { redMax: 50, yellowMax: 70 } };
  const ds = (scores: number[]) =>
    dataset({
      accounts: [account('x')],
      surveys: scores.map((s, i) => survey('x', `s${i}`, shift(D, -i), 'nps', s)),
    });
  it('nps ≥ 50 from ≥ 3 responses and band green', () => {
    expect(ids(ds([10, 10, 10]))).toEqual(['promoter:low']);
    expect(ids(ds([10, 10, 5, 9]), greenAt70)).toEqual(['detractor:medium', 'promoter:low']); // nps exactly 50, score 75
    expect(ids(ds([10, 10, 5, 8]), greenAt70)).toEqual(['detractor:medium']); // nps 25
    expect(ids(ds([10, 10]))).toEqual([]); // 2 responses
    expect(ids(ds([10, 10, 5, 9]))).toEqual(['detractor:medium']); // nps 50 but band yellow (75)
  });
});

describe('bands from the score rounded half-up', () => {
  const band = (k: number, n: number) => computeReport(csatDs(k, n), D).accounts[0].health;
  it('50.5 → 51 yellow, 50 red, 75.5 → 76 green, 75.4 yellow', () => {
    expect(band(101, 200)).toMatchObject({ band: 'yellow', rounded: 51 });
    expect(band(100, 200)).toMatchObject({ band: 'red', rounded: 50 });
    expect(band(151, 200)).toMatchObject({ band: 'green', rounded: 76 });
    expect(band(377, 500)).toMatchObject({ band: 'yellow', rounded: 75 }); // 75.4
    expect(band(0, 1)).toMatchObject({ band: 'red', score: 0, label: 'Critical' });
    expect(band(1, 1)).toMatchObject({ band: 'green', score: 100, label: 'Healthy' });
  });
  it('no component known: score, band and delta30 null, counted unknown', () => {
    const r = computeReport(dataset({ accounts: [account('x')] }), D);
    expect(r.accounts[0].health).toMatchObject({ score: null, band: null, delta30: null, label: null });
    expect(r.portfolio.health).toEqual({ green: 0, yellow: 0, red: 0, unknown: 1 });
  });
});

describe('signal order', () => {
  it('lists every firing signal once in the table order', () => {
    const features = [{ key: 'f', name: 'F', minTier: undefined }];
    const ds = dataset({
      features,
      accounts: [
        account('x', { seats: 10, segment: 'smb', startedOn: '2020-01-01', renewsOn: shift(D, 10) }),
        account('y', { segment: 'smb' }),
      ],
      revenue: [...revenue('x', { '2026-07': 500, '2026-10': 100 }), ...revenue('y', { '2026-10': 1000 })],
      usage: [usageRow('x', shift(D, -40), 100), usageRow('x', D, 10, { mau: 10 })],
      users: [user('x', 'c', { champion: true, lastSeenOn: '2026-01-01' })],
      surveys: [survey('x', 's', D, 'nps', 2)],
      tickets: [0, 1, 2].map((i) =>
        ticket('x', `t${i}`, `${D}T0${i}:00:00Z`, { status: 'open', priority: 'urgent' }),
      ),
    });
    expect(ids(ds)).toEqual([
      'usage-decline:high',
      'champion-inactive:high',
      'detractor:medium',
      'ticket-spike:medium',
      'renewal-risk:high',
      'contraction:medium',
      'low-adoption:low',
      'seat-limit:high',
      'plan-headroom:low',
    ]);
    const a = computeReport(ds, D).accounts[0];
    for (const s of a.signals) {
      expect(s.evidence.length).toBeGreaterThan(10);
      expect(s.action.length).toBeGreaterThan(10);
      expect(['risk', 'upsell']).toContain(s.kind);
    }
  });
});
