import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../dataset/schema';
import { parseConfig } from '../config';
import { runIngest } from '../ingest';
import type { SourceReport } from '../report';
import { SOURCES } from '../sources/index';
import {
  eventOptions,
  GROUP_PROPERTY,
  GROUP_TYPE,
  gzip,
  mixpanelLines,
  posthogCsv,
  posthogLines,
  ruleEvents,
  segmentLines,
  spine,
  type TestEvent,
  track,
} from './testkit';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-events-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const AS_OF = '2026-11-10';

async function writeConfig(name: string, source: Record<string, unknown>) {
  await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
  return parseConfig(
    {
      currency: 'USD',
      features: [
        { key: 'reports', name: 'Reports' },
        { key: 'exports', name: 'Exports' },
      ],
      sources: [
        { type: 'dataset', path: 'spine.json' },
        { ...source, name },
      ],
    },
    { env: {}, configDir: dir, registry: SOURCES },
  );
}

async function ingest(name: string, source: Record<string, unknown>, asOf = AS_OF) {
  const config = await writeConfig(name, source);
  const r = await runIngest(config, { asOf, generatedAt: '2026-11-11T06:00:00Z' });
  return { dataset: r.dataset, report: r.report.sources[1] };
}

async function file(name: string, content: string | Buffer): Promise<string> {
  const p = join(dir, name);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, content);
  return p;
}

const usageOf = (ds: Dataset, accountId: string) =>
  Object.fromEntries(
    ds.usage
      .filter((u) => u.accountId === accountId)
      .map(({ date, dau, wau, mau, sessions, minutes }) => [date, [dau, wau, mau, sessions, minutes]]),
  );

function leftOut(r: SourceReport) {
  return Object.fromEntries(Object.entries(r.leftOut).filter(([, v]) => v > 0));
}

describe('segment source: every rule', () => {
  it('rolls literal events up into usage rows, users and the report', async () => {
    await file('seg/rules.jsonl', segmentLines(ruleEvents()));
    const { dataset, report } = await ingest('segment', { type: 'segment', path: 'seg/', ...eventOptions });

    expect(leftOut(report)).toEqual({ anonymous: 1, unmatched: 2, ambiguous: 1 });
    expect(report.examples.unmatched).toEqual([
      { sourceId: 'u11', why: 'group key "nope" names no account' },
      { sourceId: 'u5', why: 'no group, and the e-mail domain gmail.com is free-mail' },
    ]);
    expect(report.examples.ambiguous).toEqual([
      { sourceId: 'u6', why: 'no group, and accounts twin1, twin2 claim shared.com' },
    ]);
    expect(report.read).toBe(27); // 28 messages, one after dataThrough
    expect(report.attached).toBe(13); // active events attributed, the repeated one once

    // acme: u1 (11-01, once), u2 (11-02, before the change), u4 (11-02, by domain), u3 (11-04,
    // by its group call: no context.groupId that day).
    expect(usageOf(dataset, 'acme')).toMatchObject({
      '2026-11-01': [1, 1, 1, 1, 0],
      '2026-11-02': [2, 3, 3, 2, 0],
      '2026-11-04': [1, 4, 4, 1, 0],
      '2026-11-07': [0, 4, 4, 0, 0],
      '2026-11-08': [0, 3, 4, 0, 0], // u1's 11-01 leaves the week
      '2026-11-10': [0, 1, 4, 0, 0],
    });
    expect(Object.keys(usageOf(dataset, 'acme'))).toHaveLength(10); // 11-01 … 11-10
    const beta = usageOf(dataset, 'beta');
    // 11-03: u3 (context.groupId) and u7 (session from 23:50 to 00:10 next day: 20 minutes).
    expect(beta['2026-11-03']).toEqual([2, 2, 2, 2, 20]);
    // 11-04: u7 (its session continues from 11-03), u9 (+02:00 → 11-04 UTC); u3 is in acme.
    expect(beta['2026-11-04']).toEqual([2, 3, 3, 1, 0]);
    // 11-05: u8: 10:00 → 10:30 (30:00 continues) and 11:00:01 (30:01 starts a new one).
    expect(beta['2026-11-05']).toEqual([1, 4, 4, 2, 30]);
    // 11-06: u2 after the change, u10 by its e-mail's domain (identify-only 11-07 is not active).
    expect(beta['2026-11-06']).toEqual([2, 6, 6, 2, 0]);
    expect(beta['2026-11-07']).toEqual([0, 6, 6, 0, 0]);

    const users = Object.fromEntries(dataset.users.map((u) => [u.id, u]));
    expect(Object.keys(users).sort()).toEqual(['u1', 'u10', 'u2', 'u3', 'u4', 'u7', 'u8', 'u9']);
    expect(users.u2).toEqual({
      accountId: 'beta',
      id: 'u2',
      champion: false,
      firstSeenOn: '2026-11-02',
      lastSeenOn: '2026-11-06',
      features: { exports: '2026-11-02' },
    });
    expect(users.u4).toEqual({
      accountId: 'acme',
      id: 'u4',
      email: 'ann@Acme.com',
      name: 'Ann',
      title: 'CFO',
      champion: true,
      firstSeenOn: '2026-11-02',
      lastSeenOn: '2026-11-02',
      features: {},
    });
    // Latest role wins (admin on 11-07); the e-mail from 11-06 stays; identify-only 11-07 not seen.
    expect(users.u10).toMatchObject({
      accountId: 'beta',
      email: 'eve@beta.io',
      name: 'Eve',
      champion: true,
      firstSeenOn: '2026-11-06',
      lastSeenOn: '2026-11-06',
      features: { reports: '2026-11-06' },
    });
    expect(users.u3.features).toEqual({ reports: '2026-11-03' });
    expect(users.u3.accountId).toBe('acme');
    expect(users.u9).toMatchObject({ firstSeenOn: '2026-11-04', features: { exports: '2026-11-04' } });
  });
});

describe('the same events as Segment, PostHog and Mixpanel exports', () => {
  it('give identical usage rows, users and counts', async () => {
    const events = ruleEvents();
    await file('same/segment.jsonl.gz', gzip(segmentLines(events)));
    await file('same/posthog.jsonl', posthogLines(events));
    await file('same/posthog.csv', posthogCsv(events));
    await file('same/mixpanel.jsonl', mixpanelLines(events));
    const seg = await ingest('segment', { type: 'segment', path: 'same/segment.jsonl.gz', ...eventOptions });
    const ph = await ingest('posthog', {
      type: 'posthog',
      path: 'same/posthog.jsonl',
      groupType: GROUP_TYPE,
      ...eventOptions,
    });
    const phCsv = await ingest('posthog', {
      type: 'posthog',
      path: 'same/posthog.csv',
      groupType: GROUP_TYPE,
      ...eventOptions,
    });
    const mp = await ingest('mixpanel', {
      type: 'mixpanel',
      path: 'same/mixpanel.jsonl',
      groupProperty: GROUP_PROPERTY,
      ...eventOptions,
    });
    expect(seg.dataset.usage).toHaveLength(18);
    expect(seg.dataset.users).toHaveLength(8);
    for (const other of [ph, phCsv]) {
      expect(other.dataset.usage).toEqual(seg.dataset.usage);
      expect(other.dataset.users).toEqual(seg.dataset.users);
      expect(other.report.leftOut).toEqual(seg.report.leftOut);
      expect(other.report.examples).toEqual(seg.report.examples);
      expect([other.report.read, other.report.attached]).toEqual([seg.report.read, seg.report.attached]);
    }
    // Mixpanel has no group calls (3 fewer messages read); the rest is the same.
    expect(mp.dataset.usage).toEqual(seg.dataset.usage);
    expect(mp.dataset.users).toEqual(seg.dataset.users);
    expect(mp.report.leftOut).toEqual(seg.report.leftOut);
    expect([mp.report.read, mp.report.attached]).toEqual([seg.report.read - 3, seg.report.attached]);
  });
});

describe('timestamps', () => {
  it('refuses zone-less timestamps and counts them (Segment, PostHog); offsets convert to UTC', async () => {
    const events: TestEvent[] = [
      track('z1', '2026-11-02T10:00:00', 'Page Viewed', 'acme'),
      track('z1', '2026-11-02 10:00:00', 'Page Viewed', 'acme'),
      track('z1', 'yesterday', 'Page Viewed', 'acme'),
      track('z1', '2026-11-03T00:30:00.250+01:00', 'Page Viewed', 'acme'),
      track('z1', '2026-11-02T18:00:00-07:00', 'Page Viewed', 'acme'),
    ];
    await file('tz/segment.jsonl', segmentLines(events));
    await file('tz/posthog.jsonl', posthogLines(events));
    for (const source of [
      { type: 'segment', path: 'tz/segment.jsonl' },
      { type: 'posthog', path: 'tz/posthog.jsonl', groupType: GROUP_TYPE },
    ]) {
      const { dataset, report } = await ingest(source.type, source);
      expect(leftOut(report)).toEqual({ zonelessTimestamp: 2, invalid: 1 });
      expect(report.examples.zonelessTimestamp?.[0].why).toBe(
        'timestamp "2026-11-02T10:00:00" has no time zone',
      );
      // 00:30+01:00 on 11-03 is 23:30 UTC on 11-02; 18:00-07:00 on 11-02 is 01:00 UTC on 11-03,
      // 89:45 later: a second session.
      expect(usageOf(dataset, 'acme')).toEqual({
        '2026-11-02': [1, 1, 1, 1, 0],
        '2026-11-03': [1, 1, 1, 1, 0],
        ...Object.fromEntries([4, 5, 6, 7, 8, 9].map((d) => [`2026-11-0${d}`, [0, 1, 1, 0, 0]])),
        ...Object.fromEntries([['2026-11-10', [0, 0, 1, 0, 0]]]),
      });
    }
  });
});

describe('PostHog $session_id', () => {
  it('defines the session where present; the 30-minute rule applies to events without one', async () => {
    const at = (t: string) => `2026-11-04T${t}Z`;
    const ev = (uuid: string, t: string, sid?: string) => ({
      uuid,
      event: 'Page Viewed',
      distinct_id: 'p1',
      timestamp: at(t),
      properties: { $groups: { company: 'acme' }, ...(sid ? { $session_id: sid } : {}) },
    });
    const lines = [
      ev('a', '09:00:00', 's1'),
      ev('b', '11:00:00', 's1'), // two hours later, same session id: one session of 120 minutes
      ev('c', '09:10:00', 's2'), // another session id in between
      ev('d', '12:00:00'),
      ev('e', '12:20:00'), // no session id: 30-minute rule, one session of 20 minutes
    ].map((r) => JSON.stringify(r));
    await file('sid/posthog.jsonl', lines.join('\n'));
    const { dataset } = await ingest('posthog', {
      type: 'posthog',
      path: 'sid/posthog.jsonl',
      groupType: 'company',
    });
    expect(usageOf(dataset, 'acme')['2026-11-04']).toEqual([1, 1, 1, 3, 140]);
  });
});

describe('trailing windows', () => {
  it('equal a day-by-day count over random activity', async () => {
    // A small deterministic generator (no clock, no Math.random).
    let seed = 7;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const events: TestEvent[] = [];
    const active = new Map<string, Set<number>>(); // account → user day keys `${uid}|${day}`
    const first = Date.UTC(2026, 9, 1) / 86_400_000;
    for (let i = 0; i < 400; i++) {
      const user = `r${rnd(12)}`;
      const acc = rnd(3) === 0 ? 'beta' : 'acme';
      const day = first + rnd(60);
      const ms = day * 86_400_000 + rnd(86_400) * 1000;
      events.push(track(user, new Date(ms).toISOString(), 'Page Viewed', acc));
      const set = active.get(acc) ?? new Set();
      set.add(Number(user.slice(1)) * 100_000 + day);
      active.set(acc, set);
    }
    await file('rand/segment.jsonl', segmentLines(events));
    const asOf = '2026-12-15';
    const { dataset } = await ingest('segment', { type: 'segment', path: 'rand/segment.jsonl' }, asOf);
    for (const acc of ['acme', 'beta']) {
      const days = [...(active.get(acc) ?? [])].map((k) => [Math.floor(k / 100_000), k % 100_000]);
      const distinct = (d: number, n: number) =>
        new Set(days.filter(([, x]) => x <= d && x > d - n).map(([u]) => u)).size;
      const got = usageOf(dataset, acc);
      const firstDay = Math.min(...days.map(([, x]) => x));
      const last = Date.UTC(2026, 11, 15) / 86_400_000;
      for (let d = firstDay; d <= last; d++) {
        const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
        const want = [distinct(d, 1), distinct(d, 7), distinct(d, 30)];
        if (want.every((x) => x === 0)) expect(got[date]).toBeUndefined();
        else expect(got[date]?.slice(0, 3), date).toEqual(want);
      }
    }
  });
});

describe('the latest call at or before an event', () => {
  it('takes the call of the event time (ties: the last by value), e-mail changes, repeated calls', async () => {
    const events: TestEvent[] = [
      { type: 'group', id: 'g1', user: 't1', at: '2026-11-02T10:00:00Z', group: 'beta' },
      { type: 'group', id: 'g2', user: 't1', at: '2026-11-02T10:00:00Z', group: 'acme' },
      track('t1', '2026-11-02T10:00:00Z'), // at the calls' time: the call applies; of the two, beta
      { type: 'identify', id: 'i1', user: 't2', at: '2026-11-01T10:00:00Z', traits: { email: 'a@acme.com' } },
      { type: 'identify', id: 'i2', user: 't2', at: '2026-11-02T09:00:00Z', traits: { email: 'a@acme.com' } },
      track('t2', '2026-11-02T10:00:00Z'), // acme (the same e-mail again changes nothing)
      { type: 'identify', id: 'i3', user: 't2', at: '2026-11-03T10:00:00Z', traits: { email: 'a@beta.io' } },
      track('t2', '2026-11-03T09:59:59Z'), // just before the change: acme
      track('t2', '2026-11-04T10:00:00Z'), // after: beta
    ];
    await file('latest/segment.jsonl', segmentLines(events));
    const { dataset } = await ingest('segment', { type: 'segment', path: 'latest/segment.jsonl' });
    const dau = (acc: string) =>
      Object.fromEntries(Object.entries(usageOf(dataset, acc)).map(([d, v]) => [d, v[0]]));
    expect(dau('beta')).toMatchObject({ '2026-11-02': 1, '2026-11-04': 1 });
    expect(dau('acme')).toMatchObject({ '2026-11-02': 1, '2026-11-03': 1 });
    expect(dau('acme')['2026-11-04']).toBe(0);
    expect(dataset.users.map((u) => [u.id, u.accountId])).toEqual([
      ['t1', 'beta'],
      ['t2', 'beta'],
    ]);
  });
});
