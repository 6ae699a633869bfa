/**
 * Target progress (METRICS.md "Portfolio trends", target progress; DASHBOARD.md "Targets").
 *
 * `progress = clamp((current − baseline) / (target − baseline), 0, 1)` works for lower-is-better
 * metrics too. `onTrack` when progress ≥ the share of the time from `setOn` to `dueOn` that has
 * passed as of `asOf`; `met` when current has reached the target.
 *
 * Choices where the spec is open:
 * - `target = baseline` is a zero denominator: progress and onTrack are null; `met` is "current is
 *   on the target" (exact-arithmetic tolerance).
 * - The time share is `(asOf − setOn) / (dueOn − setOn)` in whole days, clamped to 0–1; with
 *   `dueOn ≤ setOn` it is 1 from `dueOn` on, else 0.
 * - `status`: `met`; else `missed` after `dueOn`; else `on-track` / `behind`; `unknown` when the
 *   current value is null (or progress cannot be computed).
 *
 * @example targetProgress({ baseline: 0.4, target: 0.75, setOn: '2026-01-01', dueOn: '2026-04-01' }, 0.5, '2026-02-01')
 */
import { dayNumber } from './dates';
import { clamp, gte, lte } from './exact';

export interface Target {
  /** The metric's value when the target was set. */
  baseline: number;
  /** The value to reach. */
  target: number;
  /** When the target was set (`YYYY-MM-DD`). */
  setOn: string;
  /** When it is due (`YYYY-MM-DD`). */
  dueOn: string;
}

export interface TargetProgress {
  current: number | null;
  progress: number | null;
  /** Share of the time from setOn to dueOn that has passed as of asOf (0–1). */
  elapsed: number;
  onTrack: boolean | null;
  met: boolean;
  status: 'met' | 'on-track' | 'behind' | 'missed' | 'unknown';
}

export function targetProgress(t: Target, current: number | null, asOf: string): TargetProgress {
  const set = dayNumber(t.setOn);
  const due = dayNumber(t.dueOn);
  const now = dayNumber(asOf);
  const elapsed = due > set ? clamp((now - set) / (due - set), 0, 1) : now >= due ? 1 : 0;
  const span = t.target - t.baseline;
  let progress: number | null = null;
  let met = false;
  if (current !== null && Number.isFinite(current)) {
    if (span !== 0) progress = clamp((current - t.baseline) / span, 0, 1);
    met =
      span > 0
        ? gte(current, t.target)
        : span < 0
          ? lte(current, t.target)
          : gte(current, t.target) && lte(current, t.target);
  }
  const onTrack = progress === null ? null : gte(progress, elapsed);
  const status: TargetProgress['status'] = met
    ? 'met'
    : now > due
      ? 'missed'
      : onTrack === null
        ? 'unknown'
        : onTrack
          ? 'on-track'
          : 'behind';
  return {
    current: current !== null && Number.isFinite(current) ? current : null,
    progress,
    elapsed,
    onTrack,
    met,
    status,
  };
}
