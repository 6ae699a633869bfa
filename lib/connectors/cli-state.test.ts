/**
 * `ingest --server URL --token T --state FILE`: the sources' state (here a Segment export's carry) is
 * kept between runs pushed to a server, so the next run reads only the new days; it is written only
 * after a successful push.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, startServer, type TestDb, type TestServer } from '../../server/test/helpers';
import { recordKey, type UsageRow } from '../dataset/schema';
import { runIngestCli } from './cli';
import { spine, type TestEvent, writeSegmentDays } from './events/testkit';
import { readServerState } from './push';

let dir: string;
let db: TestDb;
let server: TestServer;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-cli-state-'));
  db = await openTestDb();
  server = await startServer(db.db);
  token = await server.token();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Ten users' page views, every day from 1 to 10 Nov, alternately on the two accounts. */
function events(): TestEvent[] {
  const out: TestEvent[] = [];
  for (let d = 1; d <= 10; d++)
    for (let u = 0; u < 10; u++)
      out.push({
        type: 'track',
        id: `m-${d}-${u}`,
        user: `u${u}`,
        at: `2026-11-${String(d).padStart(2, '0')}T${String(8 + u).padStart(2, '0')}:00:00Z`,
        event: 'Page Viewed',
        group: u % 2 ? 'acme' : 'beta',
      });
  return out;
}

const writeDays = (all: TestEvent[], through: string) => writeSegmentDays(join(dir, 'seg'), all, through);

async function ingest(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const sink = new Writable({
    write(c, _e, cb) {
      stderr += String(c);
      cb();
    },
  });
  const cfg = join(dir, 'sources.json');
  await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
  await writeFile(
    cfg,
    JSON.stringify({
      currency: 'USD',
      sources: [
        { type: 'dataset', path: 'spine.json' },
        { type: 'segment', path: 'seg', features: {} },
      ],
    }),
  );
  const code = await runIngestCli(['--config', cfg, ...args], {
    stderr: sink,
    env: {},
    now: () => new Date('2026-11-20T00:00:00Z'),
  });
  return { code, stderr };
}

const readLine = (stderr: string) => /segment: read (\d+)/.exec(stderr)?.[1];
const statePath = () => join(dir, 'server.state.json');
/** One run pushed to the test server, keeping the sources' state in `statePath()`. */
const pushRun = (asOf: string, withToken = token) =>
  ingest(['--as-of', asOf, '--server', server.url, '--token', withToken, '--state', statePath()]);

describe('ingest --server --state', () => {
  it('reads only the new days on the next run, and the server ends with what a full run gives', async () => {
    const all = events();
    await writeDays(all, '2026-11-08');

    // A push the server refuses (a wrong token) writes no state.
    const refused = await pushRun('2026-11-08', 'nope');
    expect(refused.code).toBe(2);
    await expect(stat(statePath())).rejects.toThrow();

    const first = await pushRun('2026-11-08');
    expect(first.code, first.stderr).toBe(0);
    expect(readLine(first.stderr)).toBe('80');
    const saved = JSON.parse(await readFile(statePath(), 'utf8'));
    expect(saved.sources.segment.lastCompleteDay).toBe('2026-11-08');
    expect(saved.accounts).toEqual({});

    await writeDays(all, '2026-11-10');
    const next = await pushRun('2026-11-10');
    expect(next.code, next.stderr).toBe(0);
    // Only the two new days' files.
    expect(readLine(next.stderr)).toBe('20');

    // Without --state a run reads everything, and writes the same usage rows as the server holds.
    const out = join(dir, 'full.json');
    const full = await ingest(['--as-of', '2026-11-10', '--out', out]);
    expect(readLine(full.stderr)).toBe('100');
    const fullUsage = (JSON.parse(await readFile(out, 'utf8')) as { usage: UsageRow[] }).usage;
    const held = await readServerState({ url: server.url, token });
    const heldUsage = held.records.get('usage') as Map<string, unknown>;
    expect(heldUsage.size).toBe(fullUsage.length);
    for (const row of fullUsage) expect(heldUsage.get(recordKey('usage', row))).toEqual(row);
  });

  it('--state goes with --server only', async () => {
    const r = await ingest(['--out', join(dir, 'x.json'), '--state', join(dir, 's.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--state goes with --server');
  });
});
