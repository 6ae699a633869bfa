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
