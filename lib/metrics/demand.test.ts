/**
 * `feature-demand` (METRICS.md "Signals") on hand-computed fixtures: active users using, in W30,
 * a feature of the `features` collection that their account's plan does not include.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset, Plan, User } from '../dataset/schema';
import { computeReport, DEFAULT_SETTINGS, parseSettings, type Settings } from './index';
import { account, dataset, shift, user } from './testkit';

const D = '2026-10-31';

const FEATURES = [
  { key: 'dash', name: 'Dashboards', minTier: undefined },
  { key: 'auto', name: 'Automations', minTier: undefined },
  { key: 'fc', name: 'Forecasting', minTier: 3 },
  { key: 'api', name: 'API access', minTier: undefined },
  { key: 'lab', name: 'Labs', minTier: undefined },
];
// Listed out of tier order on purpose: the lowest tier is read from `tier`, not from the order.
const PLANS: Plan[] = [
  { id: 'ent', name: 'Enterprise', tier: 4, seatLimit: undefined, features: ['dash', 'auto', 'fc', 'api'] },
  { id: 'starter', name: 'Starter', tier: 1, seatLimit: 10, features: ['dash'] },
  { id: 'biz', name: 'Business', tier: 3, seatLimit: undefined, features: ['dash', 'auto', 'fc'] },
  { id: 'growth', name: 'Growth', tier: 2, seatLimit: undefined, features: ['dash', 'auto'] },
];

/** An active user (seen on D − 2) who used each of `keys` on `day` (default D − 5). */
const active = (id: string, keys: string[], day = shift(D, -5), extra: Partial<User> = {}) =>
  user('x', id, {
    lastSeenOn: shift(D, -2),
    features: Object.fromEntries(keys.map((k) => [k, day])),
    ...extra,
  });

/** Account x on plan `planId` (null: no plan) with `users`. */
function ds(users: User[], planId: string | null = 'starter', parts: Partial<Dataset> = {}): Dataset {
  const a = account('x', { planId: planId ?? undefined });
  return dataset({ features: FEATURES, plans: PLANS, accounts: [a], users, ...parts });
}

function demand(d: Dataset, settings: Settings = DEFAULT_SETTINGS) {
  const a = computeReport(d, D, settings).accounts[0];
  return { signal: a.signals.find((s) => s.id === 'feature-demand') ?? null, a };
}

describe('feature-demand', () => {
  it('three active users of a feature the plan lacks → medium, with the lowest-tier plan that has it', () => {
    const { signal, a } = demand(ds([active('1', ['fc']), active('2', ['fc', 'dash']), active('3', ['fc'])]));
    expect(signal).toEqual({
      id: 'feature-demand',
      kind: 'upsell',
      severity: 'medium',
      evidence: '3 users used Forecasting, which Starter does not include, in the last 30 days.',
      action: 'Show them the plan that includes it: Business.',
    });
    expect(a.featureDemand).toEqual([{ key: 'fc', users: 3, planId: 'biz' }]);
  });

  it('one user → low', () => {
    const { signal } = demand(ds([active('1', ['auto']), active('2', ['dash'])]));
    expect(signal?.severity).toBe('low');
    expect(signal?.evidence).toBe(
      '1 user used Automations, which Starter does not include, in the last 30 days.',
    );
    expect(signal?.action).toBe('Show them the plan that includes it: Growth.');
  });

  it('counts distinct users across features; one plan for all when one includes them', () => {
    // u1: fc + auto, u2: auto → 2 distinct users (low), 3 user-feature pairs.
    const { signal, a } = demand(ds([active('1', ['fc', 'auto']), active('2', ['auto'])]));
    expect(signal?.severity).toBe('low');
    expect(signal?.evidence).toBe(
      '2 users used Automations and 1 used Forecasting, which Starter does not include, in the last 30 days (2 users in all).',
    );
    expect(signal?.action).toBe('Show them the plan that includes them: Business.');
    expect(a.featureDemand.map((f) => `${f.key}:${f.users}:${f.planId}`)).toEqual([
      'auto:2:growth',
      'fc:1:biz',
    ]);
    // Three distinct users over two features → medium; "in all" when the sums differ.
    const three = demand(ds([active('1', ['fc', 'auto']), active('2', ['auto']), active('3', ['fc'])]));
    expect(three.signal?.severity).toBe('medium');
    expect(three.signal?.evidence).toBe(
      '2 users used Automations and 2 used Forecasting, which Starter does not include, in the last 30 days (3 users in all).',
    );
  });

  it('a feature no plan includes fires and says so; mixed with one that a plan includes', () => {
    const lab = demand(ds([active('1', ['lab'])]));
    expect(lab.signal?.evidence).toBe(
      '1 user used Labs, which Starter does not include, in the last 30 days.',
    );
    expect(lab.signal?.action).toBe('No plan includes Labs yet: pass the demand on to the product team.');
    expect(lab.a.featureDemand).toEqual([{ key: 'lab', users: 1, planId: null }]);
    const both = demand(ds([active('1', ['lab', 'api'])]));
    expect(both.signal?.action).toBe(
      'Show them the plan that includes it: Enterprise. No plan includes Labs yet: pass the demand on to the product team.',
    );
  });

  it('names each feature’s own plan when no single plan includes them all', () => {
    const plans: Plan[] = [
      { id: 'starter', name: 'Starter', tier: 1, seatLimit: undefined, features: ['dash'] },
      { id: 'a', name: 'Analyst', tier: 2, seatLimit: undefined, features: ['dash', 'fc'] },
      { id: 'b', name: 'Builder', tier: 2, seatLimit: undefined, features: ['dash', 'api'] },
    ];
    const { signal } = demand(ds([active('1', ['fc']), active('2', ['api'])], 'starter', { plans }));
    expect(signal?.action).toBe(
      'Show them the plans that include them: Builder for API access; Analyst for Forecasting.',
    );
  });

  it('equal tiers: the smaller plan id, whatever the order of the plans', () => {
    const plans: Plan[] = [
      { id: 'starter', name: 'Starter', tier: 1, seatLimit: undefined, features: ['dash'] },
      { id: 'p2b', name: 'Pro', tier: 2, seatLimit: undefined, features: ['dash', 'fc', 'api'] },
      { id: 'p2', name: 'Plus', tier: 2, seatLimit: undefined, features: ['dash', 'fc'] },
    ];
    for (const order of [plans, [...plans].reverse()]) {
      expect(demand(ds([active('1', ['fc'])], 'starter', { plans: order })).signal?.action).toBe(
        'Show them the plan that includes it: Plus.',
      );
    }
  });

  it('no signal: use outside W30, by an inactive user, of a key not in features, without a plan or with an unknown plan', () => {
    // W30 = D−29 … D: D−30 is outside, D+1 (after D) is outside.
    expect(demand(ds([active('1', ['fc'], shift(D, -30))])).signal).toBeNull();
    expect(demand(ds([active('1', ['fc'], shift(D, 1))])).signal).toBeNull();
    expect(demand(ds([active('1', ['fc'], shift(D, -29))])).signal?.severity).toBe('low');
    // Inactive: last seen D − 30, unknown, or after D.
    expect(demand(ds([active('1', ['fc'], D, { lastSeenOn: shift(D, -30) })])).signal).toBeNull();
    expect(demand(ds([active('1', ['fc'], D, { lastSeenOn: undefined })])).signal).toBeNull();
    expect(demand(ds([active('1', ['fc'], D, { lastSeenOn: shift(D, 1) })])).signal).toBeNull();
    // A key outside the features collection (even one a plan lists) is ignored.
    const ghost = ds([active('1', ['ghost'])], 'starter', {
      plans: [...PLANS, { id: 'g', name: 'Ghost', tier: 9, seatLimit: undefined, features: ['ghost'] }],
    });
    expect(demand(ghost).signal).toBeNull();
    // No plan / a plan id the dataset does not define: every feature is available.
    expect(demand(ds([active('1', ['fc', 'api', 'lab'])], null)).signal).toBeNull();
    expect(demand(ds([active('1', ['fc', 'api', 'lab'])], 'gold')).signal).toBeNull();
    // A feature the plan includes.
    expect(demand(ds([active('1', ['dash'])])).signal).toBeNull();
    expect(demand(ds([active('1', ['fc', 'api'])], 'ent')).signal).toBeNull();
  });

  it('the featureDemandUsers setting moves the medium threshold', () => {
    const three = ds([active('1', ['fc']), active('2', ['fc']), active('3', ['fc'])]);
    const at = (n: number) => {
      const r = parseSettings({ featureDemandUsers: n });
      if (!r.ok) throw new Error(r.error);
      return demand(three, r.settings).signal?.severity;
    };
    expect(at(3)).toBe('medium');
    expect(at(4)).toBe('low');
    expect(at(1)).toBe('medium');
    expect(parseSettings({ featureDemandUsers: 0 })).toEqual({
      ok: false,
      error: 'setting "featureDemandUsers": must be ≥ 1',
    });
    expect(parseSettings({ featureDemandUsers: 2.5 })).toMatchObject({ ok: false });
    expect(DEFAULT_SETTINGS.featureDemandUsers).toBe(3);
  });

  it('names the right plan whatever the currency (JPY and USD)', () => {
    for (const currency of ['JPY', 'USD']) {
      const d = { ...ds([active('1', ['api']), active('2', ['api'])], 'growth'), currency };
      const { signal } = demand(d);
      expect(signal?.evidence).toBe(
        '2 users used API access, which Growth does not include, in the last 30 days.',
      );
      expect(signal?.action).toBe('Show them the plan that includes it: Enterprise.');
    }
  });

  it('comes last, after plan-headroom, in the table order', () => {
    const d = ds([active('1', ['fc'])]);
    const a = computeReport(
      { ...d, accounts: [account('x', { planId: 'starter', startedOn: '2020-01-01' })] },
      D,
    ).accounts[0];
    expect(a.signals.map((s) => s.id)).toEqual(['low-adoption', 'feature-demand']);
  });
});
