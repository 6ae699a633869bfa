import { describe, expect, it } from 'vitest';
import type { AlertMemory } from '../contracts/alerts';
import { INITIAL_ALERTS_STATE } from '../contracts/alerts';
import type { AccountReport, Band, Signal } from '../metrics/types';
import { badgeText, markSeen, notificationOf, recordRun, unseenEntries } from './feed';
import { evaluateAlerts } from './rules';

/** The fields the rules read; the rest of a report does not matter to them. */
function acct(
  id: string,
  band: Band | null,
  extra: { score?: number; renewsInDays?: number | null; signals?: Signal[] } = {},
): AccountReport {
  return {
    id,
    name: `Account ${id}`,
    renewsInDays: extra.renewsInDays ?? null,
    health: {
      band,
      score: extra.score ?? (band === 'green' ? 80 : band === 'yellow' ? 60 : band === 'red' ? 30 : null),
    },
    signals: extra.signals ?? [],
  } as unknown as AccountReport;
}

const risk = (id: Signal['id'], severity: Signal['severity']): Signal => ({
  id,
  kind: 'risk',
  severity,
  evidence: `Evidence of ${id}.`,
  action: 'Act.',
});

const T1 = '2026-11-01T10:00:00.000Z';
const T2 = '2026-11-01T10:15:00.000Z';
const T3 = '2026-11-01T10:30:00.000Z';
const run = (memory: AlertMemory | null, accounts: AccountReport[], at = T2) =>
  evaluateAlerts(memory, accounts, at, '2026-11-01');
const keys = (r: ReturnType<typeof run>) => r.raised.map((e) => `${e.accountId}:${e.key}`);

describe('alert rules', () => {
  it('the first evaluation raises nothing: what holds now is the baseline', () => {
    const r = run(null, [
      acct('a', 'red', { renewsInDays: 10, signals: [risk('champion-inactive', 'high')] }),
      acct('b', 'green'),
    ]);
    expect(r.raised).toEqual([]);
    expect(r.memory).toEqual({
      a: { band: 'red', open: ['risk:champion-inactive', 'renewal'] },
      b: { band: 'green', open: [] },
    });
  });

  it('a band drop fires (green → yellow, green → red, yellow → red), a rise or an unknown band does not', () => {
    const before = run(null, [
      acct('g1', 'green'),
      acct('g2', 'green'),
      acct('y', 'yellow'),
      acct('r', 'red'),
      acct('u', 'green'),
    ]);
    const after = run(before.memory, [
      acct('g1', 'yellow', { score: 70 }),
      acct('g2', 'red', { score: 40 }),
      acct('y', 'red', { score: 45 }),
      acct('r', 'yellow'),
      acct('u', null),
    ]);
    expect(keys(after)).toEqual(['g1:band-drop', 'g2:band-drop', 'y:band-drop']);
    expect(after.raised[0]).toMatchObject({
      kind: 'band-drop',
      name: 'Account g1',
      text: 'Account g1 dropped from Healthy to At risk (score 70).',
      at: T2,
      asOf: '2026-11-01',
    });
    expect(after.raised[1].text).toBe('Account g2 dropped from Healthy to Critical (score 40).');
    expect(after.memory.g1).toEqual({ band: 'yellow', open: ['band-drop'], dropFrom: 'green' });
  });

  it('a band drop fires once until the band is back where it fell from', () => {
    const m0 = run(null, [acct('a', 'green')]).memory;
    const m1 = run(m0, [acct('a', 'yellow')]);
    expect(keys(m1)).toEqual(['a:band-drop']);
    // Falls further, then recovers part way: still the same open alert.
    const m2 = run(m1.memory, [acct('a', 'red')], T3);
    expect(m2.raised).toEqual([]);
    const m3 = run(m2.memory, [acct('a', 'yellow')], T3);
    expect(m3.raised).toEqual([]);
    expect(m3.memory.a.open).toEqual(['band-drop']);
    // Back to green: cleared; a new drop fires again.
    const m4 = run(m3.memory, [acct('a', 'green')], T3);
    expect(m4.memory.a).toEqual({ band: 'green', open: [] });
    expect(keys(run(m4.memory, [acct('a', 'red')], T3))).toEqual(['a:band-drop']);
  });

  it('a new high-severity risk signal fires once per signal until it clears; medium ones and upsell do not', () => {
    const m0 = run(null, [acct('a', 'yellow')]).memory;
    const m1 = run(m0, [
      acct('a', 'yellow', {
        signals: [
          risk('usage-decline', 'high'),
          risk('detractor', 'medium'),
          { id: 'seat-limit', kind: 'upsell', severity: 'high', evidence: 'e', action: 'a' },
        ],
      }),
    ]);
    expect(keys(m1)).toEqual(['a:risk:usage-decline']);
    expect(m1.raised[0].text).toBe('Account a: new high risk — Usage decline. Evidence of usage-decline.');
    expect(m1.raised[0].kind).toBe('high-risk');
    // Still firing: nothing new. Dropping to medium clears it; high again fires again.
    expect(
      run(m1.memory, [acct('a', 'yellow', { signals: [risk('usage-decline', 'high')] })]).raised,
    ).toEqual([]);
    const m3 = run(m1.memory, [acct('a', 'yellow', { signals: [risk('usage-decline', 'medium')] })]);
    expect(m3.memory.a.open).toEqual([]);
    expect(keys(run(m3.memory, [acct('a', 'yellow', { signals: [risk('usage-decline', 'high')] })]))).toEqual(
      ['a:risk:usage-decline'],
    );
  });

  it('a renewal within 30 days fires while not green (unknown counts as not green), once until it clears', () => {
    const m0 = run(null, [
      acct('a', 'yellow', { renewsInDays: 45 }),
      acct('b', 'green', { renewsInDays: 20 }),
    ]).memory;
    const m1 = run(m0, [
      acct('a', 'yellow', { renewsInDays: 30, score: 58 }),
      acct('b', 'green', { renewsInDays: 19 }),
    ]);
    expect(keys(m1)).toEqual(['a:renewal']);
    expect(m1.raised[0].text).toBe('Account a renews in 30 days and is At risk (score 58).');
    expect(run(m1.memory, [acct('a', 'yellow', { renewsInDays: 29 })]).raised).toEqual([]);
    // b turns yellow inside the window: fires; an unknown band fires too; day 0 (today) does not.
    const m2 = run(m1.memory, [
      acct('a', null, { renewsInDays: 29 }),
      acct('b', 'yellow', { renewsInDays: 1 }),
    ]);
    expect(keys(m2)).toEqual(['b:band-drop', 'b:renewal']);
    expect(m2.raised[1].text).toBe('Account b renews in 1 day and is At risk (score 60).');
    const m3 = run(null, [acct('c', 'red', { renewsInDays: 40 })]).memory;
    expect(run(m3, [acct('c', 'red', { renewsInDays: 0 })]).raised).toEqual([]);
  });

  it('an account new to the scope is a baseline; one that leaves it is forgotten', () => {
    const m0 = run(null, [acct('a', 'green')]).memory;
    const m1 = run(m0, [acct('a', 'green'), acct('b', 'red', { renewsInDays: 5 })]);
    expect(m1.raised).toEqual([]);
    expect(Object.keys(m1.memory)).toEqual(['a', 'b']);
    const m2 = run(m1.memory, [acct('b', 'red', { renewsInDays: 5 })]);
    expect(Object.keys(m2.memory)).toEqual(['b']);
    // a comes back red: a first sight again, no drop against a forgotten band.
    expect(run(m2.memory, [acct('a', 'red'), acct('b', 'red', { renewsInDays: 5 })]).raised).toEqual([]);
  });
});

describe('alert feed', () => {
  it('keeps the newest first, counts what is unseen, and clears it when seen', () => {
    const m0 = run(null, [acct('a', 'green'), acct('b', 'green')], T1);
    let s = recordRun(INITIAL_ALERTS_STATE, m0, 'v1');
    expect(unseenEntries(s)).toEqual([]);
    const r1 = run(s.memory, [acct('a', 'red'), acct('b', 'green')], T2);
    s = recordRun(s, r1, 'v2');
    expect(unseenEntries(s).map((e) => e.accountId)).toEqual(['a']);
    expect(badgeText(unseenEntries(s).length)).toBe('1');
    s = markSeen(s, T2);
    expect(unseenEntries(s)).toEqual([]);
    expect(badgeText(0)).toBe('');
    const r2 = run(s.memory, [acct('a', 'red'), acct('b', 'yellow')], T3);
    s = recordRun(s, r2, 'v3');
    expect(s.entries.map((e) => `${e.accountId}@${e.at}`)).toEqual([`b@${T3}`, `a@${T2}`]);
    expect(unseenEntries(s).map((e) => e.accountId)).toEqual(['b']);
    expect(badgeText(120)).toBe('99+');
  });

  it('summarises a sync in one notification', () => {
    expect(notificationOf([])).toBeNull();
    const r = run(run(null, [acct('a', 'green'), acct('b', 'green')]).memory, [
      acct('a', 'red', { renewsInDays: 3 }),
      acct('b', 'yellow', { renewsInDays: 9 }),
    ]);
    const n = notificationOf(r.raised);
    expect(n?.title).toBe('Healthbar: 4 alerts on 2 accounts');
    expect(n?.message.split('\n')).toEqual([
      'Account a dropped from Healthy to Critical (score 30).',
      'Account a renews in 3 days and is Critical (score 30).',
      'Account b dropped from Healthy to At risk (score 60).',
      'and 1 more — open the Healthbar popup.',
    ]);
  });
});
