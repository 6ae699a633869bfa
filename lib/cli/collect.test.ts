/**
 * `collectGarbage`: the report CLI's collection between phases runs on large datasets only, and
 * without `--expose-gc` (the function is taken from a fresh context, the flag unset again).
 */
import { describe, expect, it } from 'vitest';
import { COLLECT_FROM_RECORDS, collectGarbage } from './collect';

describe('collectGarbage', () => {
  it('leaves a small dataset alone', () => {
    expect(collectGarbage(COLLECT_FROM_RECORDS - 1)).toBe(false);
  });

  it('collects for a large one, frees what is unreachable, and leaves gc unexposed', async () => {
    let target: object | undefined = { rows: new Array(1000).fill(0) };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef's target is kept until the end of the current job: collect in a later one.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(collectGarbage(COLLECT_FROM_RECORDS)).toBe(true);
    expect(ref.deref()).toBeUndefined();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
