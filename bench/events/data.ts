/**
 * Generated Segment messages for the events benchmark: gzip JSON lines, one file per UTC day (as a
 * Segment S3 export lays them out), deterministic (a seeded generator, no clock).
 *
 * `accounts` accounts (ids `acc-00001` …, domains `acc-00001.example`) with 15 users each on
 * average; every user sends one `identify` (company e-mail, role) and one `group` call on the first
 * day; then `events` messages spread evenly over `days` days: 93 % `track`/`page` (half with
 * `context.groupId`), 4 % anonymous, 2 % `identify`, 1 % a repeated message id. The extra day
 * (`extraDay`) is written apart, for the incremental run.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { dateOfDay, dayNumber } from '../../lib/metrics/dates';

export interface EventsData {
  accounts: number;
  days: number;
  firstDay: string;
  lastDay: string;
  /** The day after `lastDay`, written to `extraDir`. */
  extraDay: string;
  /** Messages in the base files (all days through lastDay). */
  messages: number;
  /** Messages of the extra day. */
  extraMessages: number;
  dir: string;
  extraDir: string;
  features: Record<string, string>;
}

const EVENTS = [
  'Report Created',
  'Dashboard Viewed',
  'Export Run',
  'Alert Set',
  'Comment Added',
  'Page Viewed',
];
export const FEATURES = {
  'Report Created': 'reports',
  'Dashboard Viewed': 'dashboards',
  'Export Run': 'exports',
  'Alert Set': 'alerts',
};

export async function writeEventsData(
  root: string,
  opts: { events: number; accounts: number; days: number; lastDay: string },
): Promise<EventsData> {
  let seed = 20261031;
  const rnd = () => {
    // xorshift32: fast, deterministic.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const users: { id: string; acc: string }[] = [];
  for (let a = 1; a <= opts.accounts; a++) {
    const acc = `acc-${String(a).padStart(5, '0')}`;
    const n = 5 + Math.floor(rnd() * 21);
    for (let u = 0; u < n; u++) users.push({ id: `${acc}-u${u}`, acc });
  }
  const last = dayNumber(opts.lastDay);
  const first = last - opts.days + 1;
  const dir = join(root, 'segment');
  const extraDir = join(root, 'segment-extra');
  mkdirSync(dir, { recursive: true });
  mkdirSync(extraDir, { recursive: true });
  const perDay = Math.round(opts.events / opts.days);
  let counter = 0;
  let messages = 0;
  let extraMessages = 0;
  for (let day = first; day <= last + 1; day++) {
    const extra = day === last + 1;
    const gz = createGzip({ level: 1 });
    const out = createWriteStream(join(extra ? extraDir : dir, `${dateOfDay(day)}.jsonl.gz`));
    gz.pipe(out);
    let buf = '';
    let lines = 0;
    const push = (line: string) => {
      buf += `${line}\n`;
      lines++;
    };
    const at = (ms: number) => new Date(day * 86_400_000 + ms).toISOString();
    if (day === first) {
      for (const u of users) {
        const t = at(Math.floor(rnd() * 3_600_000));
        const role = rnd() < 0.1 ? 'admin' : 'member';
        push(
          `{"messageId":"m${++counter}","type":"identify","userId":"${u.id}","timestamp":"${t}","traits":{"email":"${u.id}@${u.acc}.example","name":"User ${u.id}","role":"${role}"}}`,
        );
        push(
          `{"messageId":"m${++counter}","type":"group","userId":"${u.id}","groupId":"${u.acc}","timestamp":"${t}"}`,
        );
      }
    }
    let prev = '';
    for (let i = 0; i < perDay; i++) {
      const r = rnd();
      const u = users[Math.floor(rnd() * users.length)];
      const t = at(Math.floor(rnd() * 86_400_000));
      let line: string;
      if (r < 0.04) {
        line = `{"messageId":"m${++counter}","type":"track","anonymousId":"anon-${Math.floor(rnd() * 1e6)}","event":"Page Viewed","timestamp":"${t}","properties":{}}`;
      } else if (r < 0.06) {
        line = `{"messageId":"m${++counter}","type":"identify","userId":"${u.id}","timestamp":"${t}","traits":{"title":"Title ${Math.floor(rnd() * 9)}"}}`;
      } else if (r < 0.07 && prev !== '') {
        line = prev; // a retry: the same message again
      } else {
        const ev = EVENTS[Math.floor(rnd() * EVENTS.length)];
        const own = rnd() < 0.5 ? `,"context":{"groupId":"${u.acc}","library":{"name":"analytics.js"}}` : '';
        line =
          ev === 'Page Viewed'
            ? `{"messageId":"m${++counter}","type":"page","userId":"${u.id}","name":"Home","timestamp":"${t}","properties":{"path":"/"}${own}}`
            : `{"messageId":"m${++counter}","type":"track","userId":"${u.id}","event":"${ev}","timestamp":"${t}","properties":{"plan":"growth"}${own}}`;
      }
      prev = line;
      push(line);
      if (buf.length > 1 << 20) {
        if (!gz.write(buf)) await once(gz, 'drain');
        buf = '';
      }
    }
    gz.end(buf);
    await once(out, 'finish');
    if (extra) extraMessages += lines;
    else messages += lines;
  }
  return {
    accounts: opts.accounts,
    days: opts.days,
    firstDay: dateOfDay(first),
    lastDay: opts.lastDay,
    extraDay: dateOfDay(last + 1),
    messages,
    extraMessages,
    dir,
    extraDir,
    features: FEATURES,
  };
}

/** The account spine: a dataset with the accounts (ids and domains), for the `dataset` source. */
export function spineDataset(accounts: number): unknown {
  const list = [];
  for (let a = 1; a <= accounts; a++) {
    const id = `acc-${String(a).padStart(5, '0')}`;
    list.push({
      id,
      name: `Account ${a}`,
      domains: [`${id}.example`],
      crm: {},
      updatedAt: '2026-01-01T00:00:00Z',
    });
  }
  return { schemaVersion: 1, currency: 'USD', accounts: list };
}
