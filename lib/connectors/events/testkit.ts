/**
 * Test support: one list of literal events written as a Segment, PostHog or Mixpanel export, so a
 * test can check that the three adapters give the same rows.
 *
 * - Segment: the messages themselves.
 * - PostHog: `track` → an event with `distinct_id`, `$groups` from `group`, `$is_identified: false`
 *   when anonymous; `identify` → `$identify` with `$set`; `group` → `$groupidentify`.
 * - Mixpanel: `properties.time` in unix seconds (timestamps must be whole seconds), `$insert_id`,
 *   `$user_id` (absent when anonymous, `distinct_id` is then `$device:…`); `identify` → `$identify`
 *   with `$set`; a group call is not an event: the user's later events carry the group property
 *   (a super property, as `set_group` registers it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export type TestEvent =
  | { type: 'track'; id: string; user?: string; anon?: string; at: string; event: string; group?: string }
  | {
      type: 'identify';
      id: string;
      user?: string;
      anon?: string;
      at: string;
      traits: Record<string, unknown>;
    }
  | { type: 'group'; id: string; user: string; at: string; group: string };

export const GROUP_TYPE = 'company';
export const GROUP_PROPERTY = 'company_id';

export function segmentLines(events: readonly TestEvent[]): string {
  return events
    .map((e) => {
      const base = {
        messageId: e.id,
        type: e.type,
        timestamp: e.at,
        ...(e.user === undefined ? {} : { userId: e.user }),
        ...('anon' in e && e.anon !== undefined ? { anonymousId: e.anon } : {}),
      };
      if (e.type === 'track')
        return JSON.stringify({
          ...base,
          event: e.event,
          properties: {},
          context: { library: { name: 'analytics.js' }, ...(e.group ? { groupId: e.group } : {}) },
        });
      if (e.type === 'identify') return JSON.stringify({ ...base, traits: e.traits });
      return JSON.stringify({ ...base, groupId: e.group, traits: {} });
    })
    .join('\n');
}

/**
 * Writes the events up to `through` (a UTC day) as Segment's S3 export lays them out: one
 * `<day>.jsonl` file per UTC day in `folder`.
 */
export async function writeSegmentDays(folder: string, events: readonly TestEvent[], through: string) {
  await mkdir(folder, { recursive: true });
  const byDay = new Map<string, TestEvent[]>();
  for (const e of events) {
    const day = new Date(Date.parse(e.at)).toISOString().slice(0, 10);
    if (day <= through) byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  for (const [day, list] of byDay) await writeFile(join(folder, `${day}.jsonl`), segmentLines(list));
}

export function posthogRecords(events: readonly TestEvent[]): Record<string, unknown>[] {
  return events.map((e) => {
    const distinct = e.user ?? ('anon' in e ? e.anon : undefined);
    const base = { uuid: e.id, distinct_id: distinct, timestamp: e.at };
    const identified = { $is_identified: e.user !== undefined };
    if (e.type === 'track')
      return {
        ...base,
        event: e.event,
        properties: {
          ...identified,
          $lib: 'web',
          ...(e.group ? { $groups: { [GROUP_TYPE]: e.group } } : {}),
        },
      };
    if (e.type === 'identify')
      return { ...base, event: '$identify', properties: { ...identified, $set: e.traits } };
    return {
      ...base,
      event: '$groupidentify',
      properties: { ...identified, $group_type: GROUP_TYPE, $group_key: e.group, $group_set: {} },
    };
  });
}

export function posthogLines(events: readonly TestEvent[]): string {
  return posthogRecords(events)
    .map((r) => JSON.stringify(r))
    .join('\n');
}

/** PostHog's CSV export: `properties` as JSON text in one cell. */
export function posthogCsv(events: readonly TestEvent[]): string {
  const cell = (v: unknown) => {
    const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const head = ['uuid', 'event', 'distinct_id', 'timestamp', 'properties'];
  const rows = posthogRecords(events).map((r) => head.map((h) => cell(r[h])).join(','));
  return `${head.join(',')}\n${rows.join('\n')}\n`;
}

export function mixpanelLines(events: readonly TestEvent[]): string {
  // The group of each user's latest group call, in time order (the super property).
  const byTime = events
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort(
      (a, b) => a.t - b.t || (a.e.type === 'group' ? -1 : 0) - (b.e.type === 'group' ? -1 : 0) || a.i - b.i,
    );
  const groupAt = new Map<number, string | undefined>();
  const current = new Map<string, string>();
  for (const { e, i } of byTime) {
    if (e.type === 'group') current.set(e.user, e.group);
    else if (e.user !== undefined) groupAt.set(i, current.get(e.user));
  }
  return events
    .flatMap((e, i) => {
      if (e.type === 'group') return [];
      const t = Date.parse(e.at);
      if (t % 1000 !== 0) throw new Error(`Mixpanel times are whole seconds: ${e.at}`);
      const anon = 'anon' in e ? e.anon : undefined;
      const props: Record<string, unknown> = {
        time: t / 1000,
        distinct_id: e.user ?? `$device:${anon}`,
        $insert_id: e.id,
        ...(e.user === undefined ? {} : { $user_id: e.user }),
      };
      if (e.type === 'identify')
        return [JSON.stringify({ event: '$identify', properties: { ...props, $set: e.traits } })];
      const group = e.group ?? groupAt.get(i);
      return [
        JSON.stringify({
          event: e.event,
          properties: { ...props, ...(group === undefined ? {} : { [GROUP_PROPERTY]: group }) },
        }),
      ];
    })
    .join('\n');
}

export const gzip = (text: string): Buffer => gzipSync(Buffer.from(text));

/** The account spine: a dataset source. `shared.com` is claimed by two accounts. */
export const spine = {
  schemaVersion: 1,
  currency: 'USD',
  accounts: [
    { id: 'acme', name: 'Acme', domains: ['acme.com'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
    { id: 'beta', name: 'Beta', domains: ['beta.io'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
    { id: 'twin1', name: 'Twin 1', domains: ['shared.com'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
    { id: 'twin2', name: 'Twin 2', domains: ['shared.com'], crm: {}, updatedAt: '2026-01-01T00:00:00Z' },
  ],
};

export const eventOptions = {
  features: { 'Report Created': 'reports', 'Export Run': 'exports' },
  championTrait: 'role',
  championValues: ['admin', 'owner'],
};

let n = 0;
const id = () => `m${String(++n).padStart(3, '0')}`;
export const track = (
  user: string | undefined,
  at: string,
  event = 'Page Viewed',
  group?: string,
): TestEvent => ({
  type: 'track',
  id: id(),
  ...(user === undefined ? { anon: `anon-${n}` } : { user }),
  at,
  event,
  ...(group ? { group } : {}),
});
export const identify = (user: string, at: string, traits: Record<string, unknown>): TestEvent => ({
  type: 'identify',
  id: id(),
  user,
  at,
  traits,
});
export const group = (user: string, at: string, g: string): TestEvent => ({
  type: 'group',
  id: id(),
  user,
  at,
  group: g,
});

/** Every rule of the issue, as literal events (whole seconds, all zoned: Mixpanel can carry them). */
export function ruleEvents(): TestEvent[] {
  const repeated = track('u1', '2026-11-01T10:00:00Z', 'Report Created', 'acme');
  return [
    // Repeated ids count once.
    repeated,
    { ...repeated },
    // Anonymous events are counted and ignored.
    track(undefined, '2026-11-01T11:00:00Z', 'Page Viewed'),
    // A group change mid-period: acme until 11-05, then beta.
    group('u2', '2026-11-01T08:00:00Z', 'acme'),
    track('u2', '2026-11-02T09:00:00Z', 'Export Run'),
    group('u2', '2026-11-05T08:00:00Z', 'beta'),
    track('u2', '2026-11-06T09:00:00Z'),
    // context.groupId overrides the user's group call.
    group('u3', '2026-11-01T08:00:00Z', 'acme'),
    track('u3', '2026-11-03T12:00:00Z', 'Report Created', 'beta'),
    track('u3', '2026-11-04T12:00:00Z'),
    // Domain fallback: no group, a company e-mail.
    identify('u4', '2026-11-01T07:00:00Z', {
      email: 'ann@Acme.com',
      name: 'Ann',
      title: 'CFO',
      role: 'owner',
    }),
    track('u4', '2026-11-02T15:00:00Z'),
    // Free-mail: no group, a gmail address → unmatched.
    identify('u5', '2026-11-01T07:00:00Z', { email: 'bob@gmail.com' }),
    track('u5', '2026-11-02T15:00:00Z'),
    // Two accounts claim one domain → ambiguous.
    identify('u6', '2026-11-01T07:00:00Z', { email: 'cy@shared.com' }),
    track('u6', '2026-11-02T15:00:00Z'),
    // A group key that names no account → unmatched (no fall-through to the e-mail).
    identify('u11', '2026-11-01T07:00:00Z', { email: 'di@acme.com' }),
    track('u11', '2026-11-02T15:00:00Z', 'Page Viewed', 'nope'),
    // A session across UTC midnight: one session, started on 11-03, 20 minutes; active both days.
    track('u7', '2026-11-03T23:50:00Z', 'Page Viewed', 'beta'),
    track('u7', '2026-11-04T00:10:00Z', 'Page Viewed', 'beta'),
    // Gaps of exactly 30:00 (continues) and 30:01 (a new session).
    track('u8', '2026-11-05T10:00:00Z', 'Page Viewed', 'beta'),
    track('u8', '2026-11-05T10:30:00Z', 'Page Viewed', 'beta'),
    track('u8', '2026-11-05T11:00:01Z', 'Page Viewed', 'beta'),
    // A +02:00 offset: 01:00 on 11-05 in +02:00 is 23:00 UTC on 11-04.
    track('u9', '2026-11-05T01:00:00+02:00', 'Export Run', 'beta'),
    // Identify-only days are not active: u10 is active on 11-06 only.
    identify('u10', '2026-11-06T08:00:00Z', { email: 'eve@beta.io', role: 'member' }),
    track('u10', '2026-11-06T09:00:00Z', 'Report Created'),
    identify('u10', '2026-11-07T08:00:00Z', { name: 'Eve', role: 'admin' }),
    // After dataThrough: not read.
    track('u10', '2026-11-11T09:00:00Z', 'Report Created'),
  ];
}
