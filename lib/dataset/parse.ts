/**
 * Validating reader for the interchange form (DATASET.md). Pure: runs in the browser and in Node.
 *
 * `parseDataset(json)` validates a whole JSON dataset; `DatasetBuilder` is the incremental form that
 * streaming readers (CSV folders, zips, sync-like feeds) drive record by record. Both keep going
 * past bad records and report each one.
 *
 * Choices where DATASET.md is silent (every reader of this module applies the same ones):
 * - Not an object, a missing or unknown `schemaVersion`, a missing or malformed `currency` or a
 *   malformed `dataThrough` make the dataset unusable (`ok: false`); a malformed `generatedAt` is
 *   informational only, so it is dropped with a warning.
 * - A collection that is present but not an array (`"accounts": {}`) is ignored as a whole: it is
 *   reported once in `rejected` (with `index: -1`) and the rest of the dataset is used.
 * - A repeated id or key: the later valid record replaces the earlier one *in the earlier one's
 *   position* (the order of first appearance is kept, like a JS `Map`), and the replacement is
 *   reported in `replaced`. A rejected record replaces nothing.
 * - At most `maxDetails` (default 1000) rejections and replacements are kept in detail per
 *   dataset; `rejectedCounts` / `replacedCounts` always hold the full counts.
 * - `maxRecords` (default: no limit) bounds the records kept: the record past it makes the whole
 *   dataset unusable (`too-large`, naming the file and row), and streaming readers stop reading
 *   there — memory stays bounded whatever the input's size.
 * - Rows whose `accountId` names no account are kept (the metrics ignore them) and summarised in
 *   `warnings`; so is a second `firstValue` milestone.
 * - Keys named `__proto__` never reach an output object (zod drops them); nothing is ever assigned
 *   by a key taken from the input onto a plain object here, and all key indexes are `Map`s.
 */

import { DatasetBuilder } from './builder';
import { errorText, own, typeName } from './describe';
import { type BuilderOptions, DatasetTooLarge, type ParseResult } from './result';
import { COLLECTIONS } from './schema';

export { DatasetBuilder, type SourceRow } from './builder';
export { describeIssues, describeValue, errorText, formatPath, readableId } from './describe';
export { validateHeader } from './header';
export {
  type BuilderOptions,
  type CollectionCounts,
  type DatasetError,
  type DatasetErrorCode,
  DatasetTooLarge,
  type HeaderOptions,
  type ParseResult,
  type ParseSuccess,
  type Rejection,
  type Replacement,
  summariseProblems,
} from './result';
export { NullEntryCounter } from './warnings';

/**
 * Validates a dataset in its JSON form (already parsed). Never throws, whatever `input` is.
 * `currencyFallback` stands in for a missing currency (a tool's `--currency` flag).
 */
export function parseDataset(
  input: unknown,
  options: BuilderOptions & { currencyFallback?: string } = {},
): ParseResult {
  try {
    const b = new DatasetBuilder(options);
    const error = b.setHeader(input, { currencyFallback: options.currencyFallback });
    if (error) return { ok: false, error };
    for (const name of COLLECTIONS) {
      const list = own(input, name);
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        b.rejectCollection(
          name,
          `must be a list of records but is ${typeName(list)}; the whole collection was ignored`,
        );
        continue;
      }
      for (let i = 0; i < list.length; i++) b.add(name, list[i]);
    }
    return b.finish();
  } catch (e) {
    if (e instanceof DatasetTooLarge) return { ok: false, error: { code: 'too-large', message: e.message } };
    return {
      ok: false,
      error: { code: 'unreadable', message: `The dataset could not be read: ${errorText(e)}` },
    };
  }
}
