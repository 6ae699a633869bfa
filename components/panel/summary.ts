import type { AccountView } from '@/lib/db/account-view';
import { day, daysFromNow, money, pct, signed } from '@/lib/format';
import { churnText, renewalText } from '@/lib/portfolio/renewal';

/**
 * A short plain-text summary to paste into a CRM note.
 *
 * @example
 * Northwind Traders — At risk (score 62, −8 in 30 days), as of 31 Oct 2026
 * MRR $4,200 · NRR 96% · renews 15 Dec 2026 (in 45 days)
 * Pipeline $16,800 open (2 deals) · won $9,500 in 365 days (2 deals)
 * Risks: Usage down 31% vs the previous 30 days. …
 *
 * The pipeline line only when the data has deals (a sales rep pastes it into a deal's note).
 */
export function summaryText(v: AccountView, locale = 'en-US'): string {
  const h = v.report.health;
  const r = v.report;
  const lines: string[] = [];
  const band = h.label ?? 'Unknown health';
  const score = h.rounded === null ? 'no score' : `score ${h.rounded}`;
  const delta = h.delta30 === null ? '' : `, ${signed(h.delta30, locale, 0)} in 30 days`;
  lines.push(`${v.account.name} — ${band} (${score}${delta}), as of ${day(v.asOf)}`);
  const renewal =
    churnText(r, v.currency, locale) ??
    (r.renewsInDays === null
      ? 'renewal unknown'
      : r.renewsInDays < 0
        ? renewalText(v.asOf, r.renewsInDays)
        : `renews ${day(v.account.renewsOn)} (${daysFromNow(r.renewsInDays)})`);
  lines.push(`MRR ${money(r.mrr, v.currency, locale)} · NRR ${pct(r.nrr, locale, 0)} · ${renewal}`);
  const p = v.pipeline;
  if (p) {
    const deals = (n: number) => `${n} deal${n === 1 ? '' : 's'}`;
    lines.push(
      `Pipeline ${money(p.openAmount, v.currency, locale)} open (${deals(p.open.length)}) · won ${money(p.wonAmount, v.currency, locale)} in 365 days (${deals(p.wonCount)})`,
    );
  }
  const risks = r.signals.filter((s) => s.kind === 'risk');
  const upsell = r.signals.filter((s) => s.kind === 'upsell');
  if (risks.length) lines.push(`Risks: ${risks.map((s) => s.evidence).join(' ')}`);
  if (upsell.length) lines.push(`Upsell: ${upsell.map((s) => s.evidence).join(' ')}`);
  const next = [...risks, ...upsell][0];
  if (next) lines.push(`Next step: ${next.action}`);
  return lines.join('\n');
}
