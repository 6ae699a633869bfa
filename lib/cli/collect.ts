/**
 * A full garbage collection between the report CLI's phases, on large datasets only.
 *
 * Why: V8 lets its old generation grow well past what is live before it collects it, and the
 * memory it has taken is not given back. Reading a CSV dataset leaves hundreds of MB of garbage
 * (parsed cells, the row objects the converter and zod make, the raw rows the index has let go
 * of), and the next phase would then grow the heap on top of it rather than reuse that space.
 * At 20,000 accounts × 400 days a collection after reading and one after `releaseIndexedRows`
 * take the CLI's peak RSS (`large.reportPeakRssMb`) from about 1.6 GB to about 1.4 GB; at 5,000
 * accounts from 600 to 470 MB. A batch program that knows where its phases end is the one place
 * where asking for a collection is right.
 *
 * How: Node exposes `gc` only with `--expose-gc`; the function is taken from a fresh context
 * with the flag set for that moment and unset again, as jest's leak detector does
 * (jest-leak-detector). If that is not available the phases simply run without it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this many records a collection is not worth its time (a few ms on a small heap). */
export const COLLECT_FROM_RECORDS = 500_000;

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') gc = exposed as () => void;
  else {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      gc = typeof f === 'function' ? (f as () => void) : null;
    } catch {
      gc = null;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return gc;
}

/** Collects garbage now when `records` (the dataset's size) is large; returns whether it did. */
export function collectGarbage(records: number): boolean {
  if (records < COLLECT_FROM_RECORDS) return false;
  const f = gcFunction();
  if (f === null) return false;
  f();
  return true;
}
