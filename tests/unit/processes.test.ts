/**
 * scripts/lib/processes.ts: a script exits only after everything it started has ended — also
 * processes that left its process tree, group and session (as Chromium's crash handlers do),
 * and processes that dropped their environment but stayed in a tagged session.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_TAG_VAR, trackRun } from '../../scripts/lib/processes';

const linux = existsSync('/proc/self/stat');

/** Running: exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2)[0]);
  } catch {
    return false;
  }
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
});

/**
 * Starts, with the tag, a session leader that starts (a) a process that escapes into a session
 * of its own and ignores SIGTERM, and (b) a process without any environment in the leader's
 * session; then the leader exits. Resolves with the pids of (a) and (b).
 */
async function orphanedTree(tag: string, onLeader: () => void): Promise<{ escaped: number; bare: number }> {
  const script = [
    `setsid sh -c 'trap "" TERM; echo escaped $$; exec sleep 30' &`,
    `env -i sh -c 'echo bare $$; exec sleep 30' &`,
    'sleep 0.3',
  ].join('\n');
  const child = spawn('sh', ['-c', script], {
    env: { ...process.env, [RUN_TAG_VAR]: tag },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  await new Promise((r) => setTimeout(r, 150));
  onLeader();
  await new Promise((r) => child.once('exit', r));
  const escaped = Number(/escaped (\d+)/.exec(out)?.[1]);
  const bare = Number(/bare (\d+)/.exec(out)?.[1]);
  started.push(escaped, bare);
  return { escaped, bare };
}

describe.runIf(linux)('the processes of a run', () => {
  it('finds and ends processes that left the tree, its session, or their environment', async () => {
    const run = trackRun(`t${process.pid}a`);
    const { escaped, bare } = await orphanedTree(run.tag, () => run.observe());
    expect(alive(escaped) && alive(bare)).toBe(true);
    // Waiting on the child that was started is not enough: both outlive it.
    expect(run.running().sort()).toEqual([escaped, bare].sort());
    const { signalled, survivors } = await run.end({ graceMs: 100, killMs: 500 });
    expect(survivors).toEqual([]);
    expect(signalled.sort()).toEqual([escaped, bare].sort());
    expect(alive(escaped)).toBe(false);
    expect(alive(bare)).toBe(false);
  });

  it('lets processes that end by themselves end, without signalling them', async () => {
    const run = trackRun(`t${process.pid}b`);
    const child = spawn('sleep', ['0.3'], { env: { ...process.env, [RUN_TAG_VAR]: run.tag } });
    started.push(child.pid as number);
    expect(run.running()).toEqual([child.pid]);
    const { signalled, survivors } = await run.end({ graceMs: 5000 });
    expect(signalled).toEqual([]);
    expect(survivors).toEqual([]);
  });

  it('never counts this process or processes of other runs', async () => {
    const run = trackRun(`t${process.pid}c`);
    const other = spawn('sleep', ['5'], { env: { ...process.env, [RUN_TAG_VAR]: 'another-run' } });
    started.push(other.pid as number);
    expect(run.running()).toEqual([]);
  });
});
