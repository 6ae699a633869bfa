/**
 * Every process a script started, found and ended before the script exits — including those
 * that left its process tree.
 *
 * Waiting on children is not enough: Chromium starts two `chrome_crashpad_handler` processes
 * that double-fork out of the browser's process group and session and are re-parented to pid 1;
 * they end by themselves a moment after the browser, which on a loaded machine is after a
 * script that only waited for the browser has exited (`npm start -- --headless` once left two
 * processes behind that way). No library covers this (Playwright kills the browser's group, not
 * what left it), hence this small Linux helper over /proc:
 *
 * - `tagRun()` puts a random tag in this process's environment; every process started after it
 *   inherits it (the server, the build, the browser and its crash handlers), however it detaches.
 * - Processes that drop their environment (Chromium's zygote children) stay in the session of a
 *   tagged process: `observe()` records those sessions while their leader is alive.
 * - `end()` waits for all of them to end by themselves, then sends SIGTERM, then SIGKILL, and
 *   returns only when none is running (a zombie has ended; reaping it is its parent's job).
 *
 * Elsewhere than Linux (no /proc) it does nothing beyond what the callers already wait for.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const RUN_TAG_VAR = 'HEALTHBAR_RUN_TAG';

interface ProcInfo {
  pid: number;
  state: string;
  session: number;
  tagged: boolean;
}

function readProc(pid: number, tag: string, variable: string): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // "pid (comm) state ppid pgrp session …" — comm may hold spaces and parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let tagged = false;
    try {
      // Variables are NUL-terminated; a leading NUL lets the first one match too.
      const env = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
      tagged = env.includes(`\0${variable}=${tag}\0`);
    } catch {
      // Not readable (another user's process, or gone): not ours by tag.
    }
    return { pid, state: rest[0], session: Number(rest[3]), tagged };
  } catch {
    return null;
  }
}

function allProcesses(tag: string, variable: string): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name), tag, variable);
    if (p) out.push(p);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunProcesses {
  readonly tag: string;
  /** Records the sessions of the tagged processes running now (call after starting something). */
  observe(): void;
  /** The pids of this run's processes still running (this process excluded). */
  running(): number[];
  /**
   * Waits `graceMs` for them to end by themselves, then SIGTERM, then (after `killMs`) SIGKILL;
   * resolves with the pids that were signalled and any that still run (none, unless they cannot
   * be killed).
   */
  end(options?: { graceMs?: number; killMs?: number }): Promise<{ signalled: number[]; survivors: number[] }>;
}

/** Tags this process's environment so that everything it starts from now on can be found. */
export function tagRun(): RunProcesses {
  const tag = randomBytes(12).toString('hex');
  process.env[RUN_TAG_VAR] = tag;
  return trackRun(tag);
}

/** Tracks the processes whose environment has `variable=tag` (see `tagRun`). */
export function trackRun(tag: string, variable: string = RUN_TAG_VAR): RunProcesses {
  const supported = existsSync('/proc/self/stat');
  const self = supported ? readProc(process.pid, tag, variable) : null;
  const sessions = new Set<number>();
  const observeIn = (procs: ProcInfo[]) => {
    for (const p of procs) {
      if (p.tagged && p.pid !== process.pid && p.session !== self?.session && p.session > 0)
        sessions.add(p.session);
    }
  };
  const running = (): number[] => {
    if (!supported) return [];
    const procs = allProcesses(tag, variable);
    observeIn(procs);
    return procs
      .filter((p) => p.pid !== process.pid && p.state !== 'Z' && p.state !== 'X')
      .filter((p) => p.tagged || sessions.has(p.session))
      .map((p) => p.pid);
  };
  const waitFor = async (ms: number): Promise<number[]> => {
    const until = Date.now() + ms;
    let left = running();
    while (left.length > 0 && Date.now() < until) {
      await sleep(50);
      left = running();
    }
    return left;
  };
  const signal = (pids: number[], sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // Ended meanwhile.
      }
    }
  };
  return {
    tag,
    observe() {
      if (supported) observeIn(allProcesses(tag, variable));
    },
    running,
    async end({ graceMs = 10_000, killMs = 5_000 } = {}) {
      let left = await waitFor(graceMs);
      const signalled = [...left];
      if (left.length) {
        signal(left, 'SIGTERM');
        left = await waitFor(killMs);
      }
      if (left.length) {
        for (const pid of left) if (!signalled.includes(pid)) signalled.push(pid);
        signal(left, 'SIGKILL');
        left = await waitFor(killMs);
      }
      return { signalled, survivors: left };
    },
  };
}
