/**
 * The alert rules (issue 34), a pure function of the last evaluation's memory and the reports of
 * the active accounts in the person's scope (their book, or every account without an email):
 *
 * - `band-drop`: the band fell (green → yellow or red, yellow → red). Open until the band is back
 *   to the band it fell from (or better). A further drop while open raises nothing new.
 * - `risk:<signal>` (kind `high-risk`): a risk signal fires at high severity that did not before.
 *   Open while that signal fires at high severity.
 * - `renewal`: the renewal is 1–30 days away and the band is not green (an unknown band counts as
 *   not green, as for `renewal-risk`). Open while that holds.
 *
 * An alert fires once per account and key until it clears. With no memory (the first evaluation
 * after setup) nothing is raised: the current conditions become the baseline, open. An account
 * seen for the first time (new to the scope, or active again) is a baseline too — there is no
 * "before" to compare with. Accounts that leave the scope are forgotten.
 */
import type { AccountMemory, AlertEntry, AlertKind, AlertMemory } from '../contracts/alerts';
import { roundHalfUp } from '../metrics/exact';
import { BAND_WORDS } from '../metrics/health';
import { type AccountReport, type Band, SIGNAL_NAMES } from '../metrics/types';

const RANK: Record<Band, number> = { red: 0, yellow: 1, green: 2 };
export const RENEWAL_ALERT_DAYS = 30;

interface Condition {
  key: string;
  kind: AlertKind;
  text: string;
}

function scoreText(a: AccountReport): string {
  const s = a.health.score;
  return s === null ? 'no score' : `score ${roundHalfUp(s)}`;
}

/** The alert conditions that hold for an account now (band drop aside, which needs the past). */
function conditionsOf(a: AccountReport): Condition[] {
  const out: Condition[] = [];
  for (const s of a.signals) {
    if (s.kind !== 'risk' || s.severity !== 'high') continue;
    out.push({
      key: `risk:${s.id}`,
      kind: 'high-risk',
      text: `${a.name}: new high risk — ${SIGNAL_NAMES[s.id]}. ${s.evidence}`,
    });
  }
  const r = a.renewsInDays;
  if (r !== null && r > 0 && r <= RENEWAL_ALERT_DAYS && a.health.band !== 'green') {
    out.push({
      key: 'renewal',
      kind: 'renewal',
      text: `${a.name} renews in ${r} day${r === 1 ? '' : 's'} and is ${BAND_WORDS[a.health.band ?? 'unknown']} (${scoreText(a)}).`,
    });
  }
  return out;
}

export interface AlertRun {
  memory: AlertMemory;
  /** In the accounts' order. */
  raised: AlertEntry[];
}

/**
 * Evaluates the rules. `accounts`: the active accounts in scope; `at`: the evaluation time (ISO);
 * `asOf`: the day the reports are computed as of.
 */
export function evaluateAlerts(
  memory: AlertMemory | null,
  accounts: readonly AccountReport[],
  at: string,
  asOf: string,
): AlertRun {
  const next: AlertMemory = {};
  const raised: AlertEntry[] = [];
  const raise = (a: AccountReport, kind: AlertKind, key: string, text: string) =>
    raised.push({
      id: `${a.id}\u0000${key}\u0000${at}`,
      accountId: a.id,
      name: a.name,
      kind,
      key,
      text,
      at,
      asOf,
    });
  for (const a of accounts) {
    const band = a.health.band;
    const conds = conditionsOf(a);
    const before = memory === null ? undefined : memory[a.id];
    if (before === undefined) {
      // Baseline: what holds now is open, nothing is raised.
      next[a.id] = { band, open: conds.map((c) => c.key) };
      continue;
    }
    const open = new Set(before.open);
    const mem: AccountMemory = { band, open: [] };
    // Band drop.
    let dropFrom = open.has('band-drop') ? before.dropFrom : undefined;
    if (dropFrom !== undefined && band !== null && RANK[band] >= RANK[dropFrom]) dropFrom = undefined;
    if (dropFrom === undefined && before.band !== null && band !== null && RANK[band] < RANK[before.band]) {
      dropFrom = before.band;
      raise(
        a,
        'band-drop',
        'band-drop',
        `${a.name} dropped from ${BAND_WORDS[before.band]} to ${BAND_WORDS[band]} (${scoreText(a)}).`,
      );
    }
    if (dropFrom !== undefined) {
      mem.open.push('band-drop');
      mem.dropFrom = dropFrom;
    }
    // Conditions of the moment.
    for (const c of conds) {
      if (!open.has(c.key)) raise(a, c.kind, c.key, c.text);
      mem.open.push(c.key);
    }
    next[a.id] = mem;
  }
  return { memory: next, raised };
}
