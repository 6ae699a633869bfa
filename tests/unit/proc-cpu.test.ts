// The accountView bench's /proc readings (bench/browser/proc-cpu.ts): a "browser" process found by
// its profile argument, its descendants by type, and the deltas the bench reports.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumCpu, cpuDelta, cpuSum, machineCpu } from '../../bench/browser/proc-cpu';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) c.kill();
});

/**
 * Spins 200 ms of its own CPU time, then idles; with `--child`, first starts a child that does the
 * same with its command line rewritten to Chromium's renderer's.
 */
const SCRIPT = `
const { spawn } = require('node:child_process');
if (process.argv.includes('--child')) {
  const c = spawn(process.execPath, ['-e', process.argv[1], process.argv[1], '--renderer'], { stdio: 'ignore' });
  process.on('SIGTERM', () => { c.kill(); process.exit(0); });
}
// As Chromium does with its children: the command line rewritten as one string with spaces
// (written in two parts so that this script's own text, in the parent's command line, has no type).
if (process.argv.includes('--renderer')) process.title = ['chromium', '--type' + '=renderer', '--lang=en-US'].join(' ');
while (process.cpuUsage().user + process.cpuUsage().system < 200000) {}
setInterval(() => {}, 1000);
console.log('ready');
`;

async function fakeBrowser(dir: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', SCRIPT, SCRIPT, `--user-data-dir=${dir}`, '--child'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  started.push(c);
  await new Promise<void>((resolve) => c.stdout?.once('data', () => resolve()));
  return c;
}

describe('chromiumCpu', () => {
  it('sums the CPU of the profile’s process and its descendants, per process type and thread', async () => {
    const dir = `/tmp/hb-proc-cpu-${process.pid}-${Date.now()}`;
    await fakeBrowser(dir);
    // The renderer child spins its 200 ms too: wait until /proc shows it.
    let by: Record<string, number> = {};
    for (let i = 0; i < 50 && !Object.keys(by).some((k) => k.startsWith('renderer/')); i++) {
      await new Promise((r) => setTimeout(r, 50));
      by = chromiumCpu(dir);
    }
    const browser = Object.entries(by).filter(([k]) => k.startsWith('browser/'));
    const renderer = Object.entries(by).filter(([k]) => k.startsWith('renderer/'));
    expect(browser.reduce((t, [, v]) => t + v, 0)).toBeGreaterThanOrEqual(100);
    expect(renderer.length).toBeGreaterThan(0);
    expect(chromiumCpu(`${dir}-other`)).toEqual({});
  });
});

describe('cpuDelta / cpuSum / machineCpu', () => {
  it('keeps the keys that grew by at least the minimum, largest first; the sum leaves disk bytes out', () => {
    const d = cpuDelta(
      { 'renderer/main': 100, 'browser/pool': 50, 'io/read_bytes': 0 },
      { 'renderer/main': 130, 'browser/pool': 55, 'browser/new': 40, 'io/read_bytes': 4096 },
    );
    expect(Object.entries(d)).toEqual([
      ['io/read_bytes', 4096],
      ['browser/new', 40],
      ['renderer/main', 30],
    ]);
    expect(cpuSum(d)).toBe(70);
  });

  it('reads the machine’s busy and I/O-wait time, never going back', () => {
    const a = machineCpu();
    const end = Date.now() + 30;
    while (Date.now() < end) {}
    const b = machineCpu();
    expect(b.busyMs).toBeGreaterThanOrEqual(a.busyMs);
    expect(b.iowaitMs).toBeGreaterThanOrEqual(a.iowaitMs);
    expect(a.busyMs).toBeGreaterThan(0);
  });
});
