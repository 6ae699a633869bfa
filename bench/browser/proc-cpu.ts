/**
 * CPU time of a Chromium instance's processes, read from Linux's /proc (the bench runs on Linux):
 * the browser process is the one started with `--user-data-dir=<dir>`, the others are its
 * descendants. Used to see whether anything besides the measured page keeps Chromium busy while
 * a figure is timed (bench/README.md, `accountView`).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const HZ = 100;

interface Proc {
  pid: number;
  ppid: number;
  /** Chromium's `--type=` (renderer, utility, …); `browser` for the browser process. */
  type: string;
}

function procs(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name (2nd field) may hold spaces: the fields after its closing parenthesis.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Chromium rewrites its children's command lines (one string, spaces between arguments).
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split(/[\0 ]/);
      const typeArg = cmd.find((a) => a.startsWith('--type='));
      out.push({
        pid: Number(d),
        ppid: Number(f[1]),
        type: typeArg ? typeArg.slice(7) : cmd.some((a) => a.startsWith('--user-data-dir=')) ? 'browser' : '',
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU ms of each thread of a process, by `<thread name>` (Chromium names its threads). */
function threadsOf(pid: number): Record<string, number> {
  const by: Record<string, number> = {};
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        by[name] = (by[name] ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / HZ;
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // the process ended meanwhile
  }
  return by;
}

/**
 * CPU ms used so far by the Chromium whose profile is `userDataDir`, per `<process type>/<thread
 * name>` (e.g. `renderer/CrRendererMain`, `renderer/ServiceWorker thread`, `browser/…`).
 */
export function chromiumCpu(userDataDir: string): Record<string, number> {
  const all = procs();
  const root = all.find((p) => {
    try {
      return (
        readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(`--user-data-dir=${userDataDir}`) &&
        p.type === 'browser'
      );
    } catch {
      return false;
    }
  });
  if (!root) return {};
  const mine = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  const by: Record<string, number> = {};
  for (const p of all) {
    if (!mine.has(p.pid)) continue;
    // Bytes the process made the disk read or write (`io/…`, not CPU: /proc/<pid>/io).
    try {
      const io = readFileSync(`/proc/${p.pid}/io`, 'utf8');
      for (const k of ['read_bytes', 'write_bytes']) {
        const m = new RegExp(`^${k}: (\\d+)$`, 'm').exec(io);
        if (m) by[`io/${k}`] = (by[`io/${k}`] ?? 0) + Number(m[1]);
      }
    } catch {
      // the process ended meanwhile
    }
    for (const [name, ms] of Object.entries(threadsOf(p.pid))) {
      const k = `${p.type || 'other'}/${name}`;
      by[k] = (by[k] ?? 0) + ms;
    }
  }
  return by;
}

/** `b − a` per key, the keys with at least `minMs`, largest first. */
export function cpuDelta(
  a: Record<string, number>,
  b: Record<string, number>,
  minMs = 10,
): Record<string, number> {
  return Object.fromEntries(
    Object.keys(b)
      .map((k) => [k, Math.round(b[k] - (a[k] ?? 0))] as const)
      .filter(([, ms]) => ms >= minMs)
      .sort((x, y) => y[1] - x[1]),
  );
}

/** Σ of `cpuDelta` (CPU ms; the `io/` bytes left out). */
export const cpuSum = (d: Record<string, number>): number =>
  Object.entries(d).reduce((s, [k, v]) => (k.startsWith('io/') ? s : s + v), 0);

/**
 * The whole machine's CPU so far (/proc/stat, all cores): busy (user, nice, system, irq, softirq,
 * steal) and I/O wait, in ms — other processes than Chromium included.
 */
export function machineCpu(): { busyMs: number; iowaitMs: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , iowait, irq, softirq, steal] = f;
  return {
    busyMs: ((user + nice + system + irq + softirq + steal) * 1000) / HZ,
    iowaitMs: (iowait * 1000) / HZ,
  };
}
