/**
 * Alerts in the extension (issue 34): after each sync or import the background evaluates the
 * rules (lib/alerts/rules) on the active accounts of the person's book (every active account when
 * "my email" is empty), keeps the result in `local:alerts`, sets the toolbar badge to the unseen
 * count and, when the person turned notifications on in the options (optional `notifications`
 * permission, requested there only), shows one notification summarising the new alerts.
 */
import { badgeText, markSeen, notificationOf, recordRun, unseenEntries } from '../alerts/feed';
import { evaluateAlerts } from '../alerts/rules';
import {
  type AlertEntry,
  type AlertsState,
  INITIAL_ALERTS_STATE,
  readAlertsState,
} from '../contracts/alerts';
import { alertsItem } from '../contracts/storage';
import { exportDataset } from '../db/apply';
import type { HealthbarDB } from '../db/db';
import type { AccountReport, Settings } from '../metrics';
import { utcDateOf } from '../metrics/dates';
import { sameEmail } from '../portfolio/filters';
import { isActive } from '../portfolio/lists';
import { accountReports } from '../portfolio/view';
import { readPreferences, scoringSettings } from './settings';

export async function readAlerts(): Promise<AlertsState> {
  return readAlertsState(await alertsItem.getValue());
}

/** What the browser does with alerts (the background passes the real one; tests a fake). */
export interface AlertOutputs {
  setBadge(text: string): Promise<void>;
  /** Shows a notification when the person turned them on and the permission is granted. */
  notify(title: string, message: string): Promise<void>;
}

/** Sets the badge to the unseen count of the stored state. */
export async function refreshBadge(out: AlertOutputs): Promise<void> {
  await out.setBadge(badgeText(unseenEntries(await readAlerts()).length));
}

/**
 * What an evaluation is of: the data version, the as-of day, the scope's email and the settings.
 * An evaluation with the basis of the stored one is skipped (`updateAlerts`, lib/alerts/after-sync).
 */
export function alertsBasis(version: number, today: string, email: string, settings: Settings): string {
  return JSON.stringify([version, today, email.trim().toLowerCase(), settings]);
}

/**
 * Evaluates the rules on the scope's account reports (the active ones), stores the run under its
 * basis, sets the badge and, when the person turned them on, shows one notification. Returns the
 * alerts raised.
 */
export async function publishAlerts(
  state: AlertsState,
  accounts: readonly AccountReport[],
  at: { now: Date; asOf: string; basis: string; notify: boolean },
  out: AlertOutputs,
): Promise<AlertEntry[]> {
  const run = evaluateAlerts(state.memory, accounts.filter(isActive), at.now.toISOString(), at.asOf);
  const next = recordRun(state, run, at.basis);
  await alertsItem.setValue(next);
  await out.setBadge(badgeText(unseenEntries(next).length));
  const note = notificationOf(run.raised);
  if (note && at.notify) await out.notify(note.title, note.message);
  return run.raised;
}

/**
 * Evaluates the alerts on the cache as of `now` and returns the alerts raised. Skips the work when
 * the data version, as-of day, scope and settings are those of the last evaluation. (The background
 * evaluates them with the dashboard's head in one pass, lib/alerts/after-sync.ts.)
 */
export async function updateAlerts(db: HealthbarDB, now: Date, out: AlertOutputs): Promise<AlertEntry[]> {
  const [prefs, meta, state] = await Promise.all([readPreferences(), db.meta.get('dataset'), readAlerts()]);
  if (!meta) return [];
  const today = utcDateOf(now);
  const email = prefs.myEmail.trim();
  const settings = scoringSettings(prefs);
  const basis = alertsBasis(meta.version, today, email, settings);
  if (state.basis === basis) return [];
  const ds = await exportDataset(db);
  if (!ds) return [];
  const keep = email ? (a: { owner?: string }) => sameEmail(a.owner, email) : () => true;
  const { asOf, accounts } = accountReports(ds, today, settings, keep, meta.context);
  return publishAlerts(state, accounts, { now, asOf, basis, notify: prefs.alertNotifications }, out);
}

/** The person looked at the list: nothing is unseen any more. */
export async function alertsSeen(now: Date, out: AlertOutputs): Promise<void> {
  await alertsItem.setValue(markSeen(await readAlerts(), now.toISOString()));
  await out.setBadge('');
}

/** A new server, token or a cleared cache: the next evaluation is a first one (no alerts). */
export async function resetAlerts(out: AlertOutputs): Promise<void> {
  await alertsItem.setValue(INITIAL_ALERTS_STATE);
  await out.setBadge('');
}
