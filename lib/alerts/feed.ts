/**
 * The alerts' feed (issue 34), pure: recording a run, what is unseen, the toolbar badge and the
 * one browser notification per sync.
 */
import { type AlertEntry, type AlertsState, MAX_ALERT_ENTRIES } from '../contracts/alerts';
import type { AlertRun } from './rules';

/** The state after a run: its memory, its alerts first (newest first), at most MAX_ALERT_ENTRIES. */
export function recordRun(state: AlertsState, run: AlertRun, basis: string): AlertsState {
  return {
    ...state,
    memory: run.memory,
    basis,
    entries: [...run.raised, ...state.entries].slice(0, MAX_ALERT_ENTRIES),
  };
}

/** Alerts raised since the person last looked (all of them when they never did). */
export function unseenEntries(state: AlertsState): AlertEntry[] {
  const seen = state.seenAt;
  return seen === null ? state.entries : state.entries.filter((e) => e.at > seen);
}

export function markSeen(state: AlertsState, at: string): AlertsState {
  return { ...state, seenAt: at };
}

/** The toolbar badge: empty without unseen alerts. */
export function badgeText(unseen: number): string {
  if (unseen <= 0) return '';
  return unseen > 99 ? '99+' : String(unseen);
}

/** One notification summarising a sync's alerts (null when there are none). */
export function notificationOf(raised: readonly AlertEntry[]): { title: string; message: string } | null {
  if (raised.length === 0) return null;
  const accounts = new Set(raised.map((e) => e.accountId)).size;
  const shown = raised.slice(0, 3).map((e) => e.text);
  const more = raised.length - shown.length;
  return {
    title: `Healthbar: ${raised.length} alert${raised.length === 1 ? '' : 's'} on ${accounts} account${accounts === 1 ? '' : 's'}`,
    message: [...shown, ...(more > 0 ? [`and ${more} more — open the Healthbar popup.`] : [])].join('\n'),
  };
}
