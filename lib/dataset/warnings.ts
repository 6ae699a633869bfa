/** Data-quality warnings: what a reader keeps but a person may want to know. */
import { clip } from './describe';
import type { Account, CollectionName, Dataset } from './schema';
import type { UsageColumns } from './store';

/**
 * Counts map entries whose value is `null` (`accounts.milestones` `{"go-live": null}`): unknown,
 * so the schemas drop them and keep the record; the data-quality report (warnings) says how many
 * and shows the first. Shared by every reader (the server's streaming CSV import too).
 */
export class NullEntryCounter {
  private readonly seen = new Map<CollectionName, { entries: number; records: number; example: string }>();

  /** `nulls`: the record's null entries (`milestones.go-live`); `where`: the record (`accounts[0] (a1)`). */
  note(collection: CollectionName, nulls: readonly string[], where: string): void {
    const s = this.seen.get(collection);
    if (s === undefined) {
      this.seen.set(collection, {
        entries: nulls.length,
        records: 1,
        example: `${where} ${clip(nulls[0], 120)}`,
      });
    } else {
      s.entries += nulls.length;
      s.records++;
    }
  }

  warnings(): string[] {
    const out: string[] = [];
    for (const [c, s] of this.seen) {
      out.push(
        `${c}: ${s.entries} map entr${s.entries === 1 ? 'y is' : 'ies are'} null (unknown) in ${s.records} record${s.records === 1 ? '' : 's'}; ${s.entries === 1 ? 'it was' : 'they were'} ignored and the record${s.records === 1 ? '' : 's'} kept (e.g. ${s.example})`,
      );
    }
    return out;
  }
}

/**
 * Warnings about a validated dataset that reject nothing: rows naming an account that is not in
 * `accounts` (the report ignores them), and more than one `firstValue` milestone.
 */
export function consistencyWarnings(d: Dataset, usageColumns?: UsageColumns): string[] {
  const out: string[] = [];
  const ids = new Set(d.accounts.map((a: Account) => a.id));
  for (const name of ['revenue', 'usage', 'users', 'tickets', 'surveys', 'deals'] as const) {
    let orphans = 0;
    let example = '';
    for (const r of (d[name] ?? []) as { accountId: string }[]) {
      if (!ids.has(r.accountId)) {
        if (orphans === 0) example = r.accountId;
        orphans++;
      }
    }
    if (name === 'usage' && usageColumns !== undefined) {
      const known = usageColumns.accountIds.map((id) => ids.has(id));
      for (let i = 0; i < usageColumns.length; i++) {
        if (known[usageColumns.acc[i]]) continue;
        if (orphans === 0) example = usageColumns.accountIds[usageColumns.acc[i]];
        orphans++;
      }
    }
    if (orphans > 0) {
      out.push(
        `${name}: ${orphans} ${orphans === 1 ? 'record names' : 'records name'} an account that is not in accounts (e.g. ${JSON.stringify(clip(example))}); the report ignores them`,
      );
    }
  }
  const firstValue = d.milestones.filter((m) => m.firstValue);
  if (firstValue.length > 1) {
    out.push(
      `milestones: ${firstValue.length} milestones have firstValue true (${firstValue
        .slice(0, 5)
        .map((m) => m.key)
        .join(', ')}); at most one should`,
    );
  }
  return out;
}
