/** The dataset header (schemaVersion, currency, generatedAt, dataThrough): checked before any record. */
import { describeValue, isPlainRecord, own, typeName } from './describe';
import type { DatasetError, HeaderOptions } from './result';
import { currencySchema, type DatasetHeader, dateSchema, SCHEMA_VERSION, timestampSchema } from './schema';

/** Validates the top level; `raw` is the dataset object (or a dataset.csv row as an object). */
export function validateHeader(
  raw: unknown,
  options: HeaderOptions = {},
): { header: DatasetHeader; warnings: string[] } | { error: DatasetError } {
  const source = options.source ?? 'the dataset';
  const Source = source.charAt(0).toUpperCase() + source.slice(1);
  if (!isPlainRecord(raw)) {
    return {
      error: {
        code: 'not-object',
        message: `${Source} is not a Healthbar dataset: expected an object with schemaVersion and currency, found ${typeName(raw)}.`,
      },
    };
  }
  const version = own(raw, 'schemaVersion');
  if (version === undefined || version === null) {
    return {
      error: {
        code: 'schema-version',
        message: `${Source} has no schemaVersion, so it is not a Healthbar dataset (expected "schemaVersion": ${SCHEMA_VERSION}).`,
      },
    };
  }
  if (version !== SCHEMA_VERSION) {
    const newer = typeof version === 'number' && version > SCHEMA_VERSION;
    const shown = describeValue(version);
    return {
      error: {
        code: 'schema-version',
        message: newer
          ? `Unknown schemaVersion ${shown}: this file was made for a newer Healthbar; update the extension.`
          : `Unknown schemaVersion ${shown}: this Healthbar reads schemaVersion ${SCHEMA_VERSION}.`,
      },
    };
  }
  let currency = own(raw, 'currency');
  if ((currency === undefined || currency === null || currency === '') && options.currencyFallback) {
    currency = options.currencyFallback;
  }
  if (currency === undefined || currency === null || currency === '') {
    return {
      error: {
        code: 'currency',
        message: `${Source} has no currency: add "currency" with an ISO 4217 code such as "USD".`,
      },
    };
  }
  if (!currencySchema.safeParse(currency).success) {
    return {
      error: {
        code: 'currency',
        message: `The currency ${describeValue(currency)} is not an ISO 4217 code such as USD (three capital letters).`,
      },
    };
  }
  const header: DatasetHeader = { schemaVersion: SCHEMA_VERSION, currency: currency as string };
  const warnings: string[] = [];
  const generatedAt = own(raw, 'generatedAt');
  if (generatedAt !== undefined && generatedAt !== null) {
    if (timestampSchema.safeParse(generatedAt).success) header.generatedAt = generatedAt as string;
    else
      warnings.push(
        `generatedAt ${describeValue(generatedAt)} is not an ISO-8601 UTC timestamp; it was ignored`,
      );
  }
  const dataThrough = own(raw, 'dataThrough');
  if (dataThrough !== undefined && dataThrough !== null && dataThrough !== '') {
    if (!dateSchema.safeParse(dataThrough).success) {
      return {
        error: {
          code: 'header',
          message: `dataThrough ${describeValue(dataThrough)} in ${source} is not a calendar date YYYY-MM-DD.`,
        },
      };
    }
    header.dataThrough = dataThrough as string;
  }
  return { header, warnings };
}
