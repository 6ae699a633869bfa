/**
 * Memory of the extension's pages (Linux only, from /proc): Chromium runs an extension's
 * service worker and its pages (bench page, dashboard) in renderer processes started with
 * `--extension-process`. Every `intervalMs` the sampler sums the resident set (`VmRSS`) of those
 * processes under our own browser (the descendants of the Chromium whose command line names our
 * profile folder — other Chromiums on the machine are not counted) and keeps the peak, overall
 * and per phase. The RSS of a renderer counts its JS heaps, DOM, and the shared libraries it has
 * mapped; the browser process (where IndexedDB's backend runs) and the GPU process are not in it.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySampler {
  phase(name: string): void;
  stop(): { peakMb: number; phasePeakMb: Record<string, number>; processes: number; samples: number };
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    const cmd = read(`/proc/${name}/cmdline`);
    if (!stat || cmd === null) continue;
    // The command name (2nd field) is in parentheses and may contain spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    out.push({ pid: Number(name), ppid, cmdline: cmd.replaceAll('\0', ' ') });
  }
  return out;
}

/** The extension renderer processes of the Chromium started with `userDataDir`. */
export function extensionProcesses(userDataDir: string): number[] {
  const all = processes();
  const roots = all.filter(
    (p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='),
  );
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const stack = [...roots];
  while (stack.length) {
    const p = stack.pop() as Proc;
    if (p.cmdline.includes('--type=renderer') && p.cmdline.includes('--extension-process')) found.push(p.pid);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return found;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

export function sampleExtensionMemory(userDataDir: string, intervalMs: number): MemorySampler {
  let current = 'start';
  let peak = 0;
  let samples = 0;
  const phasePeak: Record<string, number> = {};
  const seen = new Set<number>();
  let pids: number[] = [];
  let lastScan = 0;
  const sample = () => {
    // The process list changes rarely (a new extension process); rescan every second.
    if (Date.now() - lastScan > 1000) {
      pids = extensionProcesses(userDataDir);
      lastScan = Date.now();
      for (const p of pids) seen.add(p);
    }
    let sum = 0;
    for (const p of pids) sum += rssBytes(p);
    samples++;
    peak = Math.max(peak, sum);
    phasePeak[current] = Math.max(phasePeak[current] ?? 0, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  return {
    phase(name) {
      sample();
      current = name;
    },
    stop() {
      clearInterval(timer);
      sample();
      return {
        peakMb: mb(peak),
        phasePeakMb: Object.fromEntries(Object.entries(phasePeak).map(([k, v]) => [k, mb(v)])),
        processes: seen.size,
        samples,
      };
    },
  };
}
