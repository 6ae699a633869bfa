import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey } from '../../dataset/schema';
import { runIngestCli } from '../cli';
import { parseConfig } from '../config';
import { type IngestState, runIngest } from '../ingest';
import { emptyRecords, planPush } from '../push';
import { SOURCES } from '../sources/index';
import { type Carry, FEATURES_AT, TRAITS } from './carry';
import { type TestEvent, writeSegmentDays } from './testkit';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-events-incr-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spine = {
  schemaVersion: 1,
  currency: 'USD',
  accounts: [
    { id: 'acme', name: 'Acme', domains: ['acme.com'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
    { id: 'beta', name: 'Beta', domains: ['beta.io'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
  ],
};

let n = 0;
const id = () => `m${String(++n).padStart(5, '0')}`;
const track = (user: string, at: string, event = 'Page Viewed', group?: string): TestEvent => ({
  type: 'track',
  id: id(),
  user,
  at,
  event,
  ...(group ? { group } : {}),
});

function events(): TestEvent[] {
  const list: TestEvent[] = [
    // A session open at midnight between the two runs: 23:50 → 00:15 (its day's minutes grow).
    track('u1', '2026-11-08T23:50:00Z', 'Page Viewed', 'acme'),
    track('u1', '2026-11-09T00:15:00Z', 'Page Viewed', 'acme'),
    // A group call long before the first run's last day; activity after it.
    { type: 'group', id: id(), user: 'u2', at: '2026-10-20T08:00:00Z', group: 'acme' },
    track('u2', '2026-10-21T08:00:00Z'),
    track('u2', '2026-11-09T08:00:00Z', 'Export Run'),
    // An e-mail long before; activity after.
    { type: 'identify', id: id(), user: 'u3', at: '2026-10-15T08:00:00Z', traits: { email: 'x@beta.io' } },
    track('u3', '2026-11-10T08:00:00Z'),
    // Active in October only: stays a user; leaves the windows.
    track('u4', '2026-10-12T08:00:00Z', 'Report Created', 'beta'),
    // Features on both sides of the boundary.
    track('u5', '2026-10-25T08:00:00Z', 'Report Created', 'beta'),
    track('u5', '2026-11-09T08:00:00Z', 'Export Run', 'beta'),
    // Traits on both sides.
    {
      type: 'identify',
      id: id(),
      user: 'u6',
      at: '2026-11-01T08:00:00Z',
      traits: { role: 'admin', name: 'Old' },
    },
    track('u6', '2026-11-02T08:00:00Z', 'Page Viewed', 'acme'),
    { type: 'identify', id: id(), user: 'u6', at: '2026-11-09T08:00:00Z', traits: { name: 'New' } },
    track('u6', '2026-11-10T08:00:00Z', 'Page Viewed', 'acme'),
  ];
  // Steady activity so every window has something to count.
  let seed = 11;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const first = Date.UTC(2026, 9, 1);
  for (let i = 0; i < 300; i++) {
    const ms = first + rnd(41) * 86_400_000 + rnd(86_400) * 1000;
    list.push(
      track(
        `r${rnd(15)}`,
        new Date(ms).toISOString(),
        rnd(4) === 0 ? 'Report Created' : 'Page Viewed',
        rnd(2) ? 'acme' : 'beta',
      ),
    );
  }
  return list;
}

/** One file per UTC day, as Segment's S3 export lays them out. */
const writeDays = (all: TestEvent[], through: string, folder = 'seg') =>
  writeSegmentDays(join(dir, folder), all, through);

async function run(
  asOf: string,
  previousSources?: IngestState['sources'],
  previous?: IngestState['accounts'],
  folder = 'seg',
) {
  await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
  const config = parseConfig(
    {
      currency: 'USD',
      sources: [
        { type: 'dataset', path: 'spine.json' },
        {
          type: 'segment',
          path: folder,
          features: { 'Report Created': 'reports', 'Export Run': 'exports' },
          championTrait: 'role',
          championValues: ['admin'],
        },
      ],
    },
    { env: {}, configDir: dir, registry: SOURCES },
  );
  return runIngest(config, { asOf, generatedAt: `${asOf}T23:59:00Z`, previousSources, previous });
}

describe('incremental events rollup', () => {
  it('reads only the days after the last complete one and gives the rows of a full run', async () => {
    const all = events();
    await writeDays(all, '2026-11-08');
    const first = await run('2026-11-08');
    expect(first.report.sources[1].read).toBe(all.filter((e) => e.at < '2026-11-09').length);

    await writeDays(all, '2026-11-10');
    const next = await run('2026-11-10', first.state.sources, first.state.accounts);
    // Only the two new days' files are read.
    expect(next.report.sources[1].read).toBe(
      all.filter((e) => e.at >= '2026-11-09' && e.at < '2026-11-11').length,
    );
    const full = await run('2026-11-10');
    expect(full.report.sources[1].read).toBe(all.length);

    // Every usage row was checked in the run that made it (carry version 3 on). A version 4 carry
    // keeps one row per user. A version 3 carry (users, traits and features as rows of their own)
    // and a version 2 carry (usage rows not marked, read unchecked) give the same run.
    const carry = first.state.sources?.segment?.carry as Carry;
    expect(carry.version).toBe(4);
    expect(carry.usage.every((r) => r[7] === 1)).toBe(true);
    expect(carry.users.map((u) => u[0])).toEqual([...new Set(carry.users.map((u) => u[0]))]);
    const { featureKeys, users: _, ...rest } = carry;
    const v3 = {
      ...rest,
      version: 3,
      users: carry.users.filter((u) => u[4] !== null).map((u) => u.slice(0, 5)),
      traits: carry.users.flatMap((u) =>
        TRAITS.flatMap((f, i) => (u[5 + 2 * i] === null ? [] : [[u[0], f, u[5 + 2 * i], u[6 + 2 * i]]])),
      ),
      features: carry.users.flatMap((u) =>
        featureKeys.flatMap((k, i) => (u[FEATURES_AT + i] === null ? [] : [[u[0], k, u[FEATURES_AT + i]]])),
      ),
    };
    expect(v3.traits.length).toBeGreaterThan(0);
    expect(v3.features.length).toBeGreaterThan(0);
    const v2 = { ...v3, version: 2, usage: carry.usage.map((r) => r.slice(0, 7)) };
    for (const old of [v3, v2]) {
      const fromOld = await run(
        '2026-11-10',
        { ...first.state.sources, segment: { lastCompleteDay: '2026-11-08', carry: old } },
        first.state.accounts,
      );
      expect(fromOld.report.sources[1].read).toBe(next.report.sources[1].read);
      expect(fromOld.dataset).toEqual(next.dataset);
      expect(fromOld.state).toEqual(next.state);
    }

    expect(next.dataset.usage).toEqual(full.dataset.usage);
    expect(next.dataset.users).toEqual(full.dataset.users);
    const users = Object.fromEntries(next.dataset.users.map((u) => [u.id, u]));
    expect(users.u2).toMatchObject({ accountId: 'acme', lastSeenOn: '2026-11-09' });
    expect(users.u3).toMatchObject({ accountId: 'beta', email: 'x@beta.io', firstSeenOn: '2026-11-10' });
    expect(users.u4).toMatchObject({ lastSeenOn: '2026-10-12' });
    expect(users.u5.features).toEqual({ reports: '2026-10-25', exports: '2026-11-09' });
    expect(users.u6).toMatchObject({ name: 'New', champion: true });
    const acme08 = (ds: typeof next.dataset) =>
      ds.usage.find((u) => u.accountId === 'acme' && u.date === '2026-11-08');
    expect((acme08(next.dataset)?.minutes ?? 0) - (acme08(first.dataset)?.minutes ?? 0)).toBe(25);

    // Pushed: the new days' rows, the row whose session went on, the users who changed.
    const server = emptyRecords();
    for (const c of ['accounts', 'usage', 'users'] as const)
      for (const r of first.dataset[c]) server.get(c)?.set(recordKey(c, r as never), r);
    const plan = planPush({ records: server }, next.dataset);
    const usage = plan.changed.usage as { accountId: string; date: string }[];
    expect(usage.filter((u) => u.date < '2026-11-09')).toEqual([acme08(next.dataset)]);
    expect(usage.length).toBe(next.dataset.usage.filter((u) => u.date >= '2026-11-09').length + 1);
    const changedUsers = (plan.changed.users as { id: string }[]).map((u) => u.id);
    expect(changedUsers).toEqual(expect.arrayContaining(['u1', 'u2', 'u3', 'u5', 'u6']));
    expect(changedUsers).not.toContain('u4');
    expect(plan.changed.accounts).toBeUndefined();
    expect(plan.deletions).toEqual([]);
  });

  it('continues a carried session whose first and last events are more than 30 minutes apart', async () => {
    // 22:40 → 23:55 in steps of 25 minutes, then 00:20: one session of 100 minutes on the 8th.
    const all = [
      '2026-11-08T22:40',
      '2026-11-08T23:05',
      '2026-11-08T23:30',
      '2026-11-08T23:55',
      '2026-11-09T00:20',
    ].map((at) => track('w1', `${at}:00Z`, 'Page Viewed', 'acme'));
    await writeDays(all, '2026-11-08', 'seg-long');
    const first = await run('2026-11-08', undefined, undefined, 'seg-long');
    await writeDays(all, '2026-11-09', 'seg-long');
    const next = await run('2026-11-09', first.state.sources, first.state.accounts, 'seg-long');
    expect(next.report.sources[1].read).toBe(1);
    const full = await run('2026-11-09', undefined, undefined, 'seg-long');
    expect(full.dataset.usage.find((u) => u.date === '2026-11-08')).toMatchObject({
      minutes: 100,
      sessions: 1,
    });
    expect(next.dataset.usage).toEqual(full.dataset.usage);
  });

  it('reads everything again when the config changed', async () => {
    const all = events();
    await writeDays(all, '2026-11-10');
    const first = await run('2026-11-08');
    const carry = first.state.sources?.segment?.carry as { fingerprint: string };
    const next = await run('2026-11-10', {
      ...first.state.sources,
      segment: { lastCompleteDay: '2026-11-08', carry: { ...carry, fingerprint: 'another config' } },
    });
    expect(next.report.sources[1].read).toBe(all.length);
    // A carry that is not one (a row of the wrong shape) is not used either.
    const broken = await run('2026-11-10', {
      ...first.state.sources,
      segment: { lastCompleteDay: '2026-11-08', carry: { ...carry, days: [['acme', 7, 'u1']] } },
    });
    expect(broken.report.sources[1].read).toBe(all.length);
  });

  it("keeps its carry in the CLI's state file (--out): the next run reads only the new days", async () => {
    const all = events();
    await writeDays(all, '2026-11-10');
    await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
    const cfg = join(dir, 'cli-sources.json');
    await writeFile(
      cfg,
      JSON.stringify({
        currency: 'USD',
        sources: [
          { type: 'dataset', path: 'spine.json' },
          { type: 'segment', path: 'seg' },
        ],
      }),
    );
    const cli = async (asOf: string) => {
      let err = '';
      const sink = {
        write: (s: string) => {
          err += s;
          return true;
        },
      } as unknown as NodeJS.WritableStream;
      const code = await runIngestCli(['--config', cfg, '--as-of', asOf, '--out', join(dir, 'out.json')], {
        stderr: sink,
        env: {},
        now: () => new Date('2026-11-11T06:00:00Z'),
      });
      return { code, err };
    };
    const a = await cli('2026-11-08');
    expect(a.code).toBe(0);
    const b = await cli('2026-11-10');
    expect(b.code).toBe(0);
    const newDays = all.filter((e) => e.at >= '2026-11-09' && e.at < '2026-11-11').length;
    expect(b.err).toContain(`segment: read ${newDays},`);
  });
});
