/**
 * Alerts (issue 34): what the background keeps between syncs to tell a person when one of their
 * accounts turns, stored as `local:alerts` (lib/contracts/storage) and read back through
 * `readAlertsState`, so a damaged value starts over instead of breaking the popup.
 *
 * - `memory`: per active account in scope, its band at the last evaluation and the alerts open on
 *   it (an alert fires once per account and key until its condition clears). null until the first
 *   evaluation: the first sync after setup records the baseline and raises nothing.
 * - `entries`: the alerts raised, newest first (at most `MAX_ALERT_ENTRIES`).
 * - `seenAt`: when the person last looked at the popup's "What changed" list; entries raised after
 *   it are unseen (the toolbar badge counts them).
 * - `basis`: what the last evaluation read (data version, as-of day, settings), so an unchanged
 *   cache is not evaluated twice.
 */
import { z } from 'zod';

export const ALERT_KINDS = ['band-drop', 'high-risk', 'renewal'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The toolbar badge and the popup keep this many alerts, newest first. */
export const MAX_ALERT_ENTRIES = 200;

const band = z.enum(['green', 'yellow', 'red']);

export const alertEntrySchema = z.object({
  /** Unique: account, key and evaluation time. */
  id: z.string().max(1200),
  accountId: z.string().max(1000),
  name: z.string().max(1000),
  kind: z.enum(ALERT_KINDS),
  /** `band-drop`, `renewal`, or `risk:<signal id>`. */
  key: z.string().max(100),
  /** One sentence: what happened, with the figures. */
  text: z.string().max(3000),
  /** When it was raised (ISO timestamp) and the as-of day of the numbers. */
  at: z.string().max(40),
  asOf: z.string().max(10),
});
export type AlertEntry = z.output<typeof alertEntrySchema>;

export const accountMemorySchema = z.object({
  band: band.nullable(),
  /** Keys of the alerts open on the account. */
  open: z.array(z.string().max(100)).max(50),
  /** While `band-drop` is open: the band it dropped from (it clears when the band is back). */
  dropFrom: band.optional(),
});
export type AccountMemory = z.output<typeof accountMemorySchema>;
export const alertMemorySchema = z.record(z.string(), accountMemorySchema);
export type AlertMemory = z.output<typeof alertMemorySchema>;

export const alertsStateSchema = z.object({
  memory: alertMemorySchema.nullable(),
  entries: z.array(alertEntrySchema).max(MAX_ALERT_ENTRIES),
  seenAt: z.string().max(40).nullable(),
  basis: z.string().max(2000).nullable(),
});
export type AlertsState = z.output<typeof alertsStateSchema>;

export const INITIAL_ALERTS_STATE: AlertsState = { memory: null, entries: [], seenAt: null, basis: null };

/** The stored state, or the initial one when it is missing or damaged. */
export function readAlertsState(raw: unknown): AlertsState {
  return alertsStateSchema.safeParse(raw).data ?? INITIAL_ALERTS_STATE;
}
