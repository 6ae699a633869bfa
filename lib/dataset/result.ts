/**
 * What reading a dataset yields: the result (the dataset, or why it is unusable as a whole), the
 * records rejected and replaced with their reasons and counts, the readers' options, and the
 * summary lines a person reads (the CLI's stderr, the import dialog).
 */
import { COLLECTIONS, type CollectionName, type Dataset } from './schema';
import type { UsageColumns } from './store';

export type DatasetErrorCode =
  | 'not-object'
  | 'schema-version'
  | 'currency'
  | 'header'
  | 'unreadable'
  | 'not-dataset'
  | 'too-large';

/** Why a dataset is unusable as a whole. */
export interface DatasetError {
  code: DatasetErrorCode;
  message: string;
}

/** One record that was left out, with a reason a person understands. */
export interface Rejection {
  collection: CollectionName;
  /** Position of the record in its collection (0-based; CSV: data row, header not counted); -1 when the whole collection was ignored. */
  index: number;
  /** The record's id or key when it could be read (`a1`, or `a1 2026-10-31` for keyed rows). */
  id?: string;
  /** Dotted path of the (first) offending field; '' when the record as a whole is wrong. */
  field: string;
  /** Complete sentence with its location, e.g. `usage[12] (a1 2026-10-31): dau must be a whole number`. */
  message: string;
}

/** A repeated id or key: the record at `index` replaced the one at `replacedIndex`. */
export interface Replacement {
  collection: CollectionName;
  id: string;
  index: number;
  replacedIndex: number;
  message: string;
}

export type CollectionCounts = Record<CollectionName, number>;

export interface ParseSuccess {
  ok: true;
  dataset: Dataset;
  rejected: Rejection[];
  replaced: Replacement[];
  /** Records kept per collection (after replacements). */
  counts: CollectionCounts;
  /** Records rejected per collection (all of them, even when `rejected` was cut short). */
  rejectedCounts: CollectionCounts;
  /** Replacements per collection (all of them). */
  replacedCounts: CollectionCounts;
  /** Things a person may want to know that did not reject anything. */
  warnings: string[];
  /** The usage rows, when read with `usageColumns` (then `dataset.usage` is empty). */
  usageColumns?: UsageColumns;
  /**
   * Every id and key of `dataset` is unique within its collection: the reader settled the repeats
   * (`replaced`). An index of this dataset may skip looking for them (`IndexOptions.uniqueIds`).
   */
  uniqueIds: true;
}
export type ParseResult = ParseSuccess | { ok: false; error: DatasetError };

export interface BuilderOptions {
  /** How many rejections and replacements to keep in detail (each); the counts are always complete. */
  maxDetails?: number;
  /** Most records kept (all collections together); one more throws `DatasetTooLarge`. Default: no limit. */
  maxRecords?: number;
  /**
   * Keep the usage rows as columns (`ParseSuccess.usageColumns`) and leave `dataset.usage` empty:
   * for a reader that only indexes them (the report CLI), at ~half the memory of row objects.
   */
  usageColumns?: boolean;
}

/** Thrown by `DatasetBuilder.add` past `maxRecords`; every reader turns it into a `too-large` error. */
export class DatasetTooLarge extends Error {
  readonly code = 'too-large' as const;
}

export interface HeaderOptions {
  /** Used as the currency when the header has none (the CLI's `--currency`). */
  currencyFallback?: string;
  /** Names the header's source in messages (e.g. `dataset.csv`); default "the dataset". */
  source?: string;
}

/** A zero count for every collection. */
export function emptyCounts(): CollectionCounts {
  const c = {} as CollectionCounts;
  for (const name of COLLECTIONS) c[name] = 0;
  return c;
}

/** Human summary lines for rejections/replacements (the CLI's stderr, the import dialog). */
export function summariseProblems(result: ParseSuccess, maxLines = 5): string[] {
  const lines: string[] = [];
  const total = (c: CollectionCounts) => COLLECTIONS.reduce((n, k) => n + c[k], 0);
  const per = (c: CollectionCounts) =>
    COLLECTIONS.filter((k) => c[k] > 0)
      .map((k) => `${k} ${c[k]}`)
      .join(', ');
  const nRejected = total(result.rejectedCounts);
  if (nRejected > 0) {
    lines.push(
      `${nRejected} record${nRejected === 1 ? ' was' : 's were'} rejected (${per(result.rejectedCounts)}):`,
    );
    for (const r of result.rejected.slice(0, maxLines)) lines.push(`  ${r.message}`);
    if (nRejected > maxLines)
      lines.push(`  … and ${nRejected - Math.min(maxLines, result.rejected.length)} more`);
  }
  const nReplaced = total(result.replacedCounts);
  if (nReplaced > 0) {
    lines.push(
      `${nReplaced} repeated id${nReplaced === 1 ? '' : 's'} or key${nReplaced === 1 ? '' : 's'}: the later record replaced the earlier (${per(result.replacedCounts)}):`,
    );
    for (const r of result.replaced.slice(0, maxLines)) lines.push(`  ${r.message}`);
    if (nReplaced > maxLines)
      lines.push(`  … and ${nReplaced - Math.min(maxLines, result.replaced.length)} more`);
  }
  for (const w of result.warnings.slice(0, maxLines)) lines.push(`warning: ${w}`);
  if (result.warnings.length > maxLines)
    lines.push(`… and ${result.warnings.length - maxLines} more warnings`);
  return lines;
}
