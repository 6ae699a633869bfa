/**
 * `surveys-csv` source: a CSV export of a survey tool (Typeform, SurveyMonkey, Google Forms,
 * Delighted's CSV export, …) whose columns the config names:
 * `{ "type": "surveys-csv", "path": "nps.csv", "kind": "nps",
 *    "columns": { "email": "Email", "score": "Score", "comment": "Comment", "date": "Date", "kind": "Survey" } }`.
 * Read with the project's streaming CSV parser (RFC 4180; a BOM is skipped), mapped with
 * mapping.ts (ids, dates and kinds as CONNECTORS.md says).
 *
 * Choices where the contract is silent:
 * - A column name matches a header cell exactly after trimming, else case-insensitively; a
 *   configured column the header lacks fails the source (exit 2) naming it and the header.
 * - `comment` may be left out of `columns` (its cell is then '' in the id).
 * - Survey exports are wide (one column per question): a row may have up to 10,000 cells.
 */
import { createReadStream } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { type CsvCell, CsvParser, CsvSyntaxError } from '../../dataset/csv';
import { type SourceDefinition, SourceError } from '../types';
import {
  type CsvResponseCells,
  csvResponse,
  mapSurveyResponses,
  SURVEY_KINDS,
  type SurveyKind,
  type SurveyResponse,
} from './mapping';

const column = z.string().trim().min(1);
const schema = z.object({
  path: z.string().min(1),
  kind: z.enum(SURVEY_KINDS as [string, ...string[]]).default('nps'),
  columns: z
    .object({
      email: column,
      score: column,
      comment: column.optional(),
      date: column,
      kind: column.optional(),
    })
    .strict(),
});

const MAX_CELLS = 10_000;

type Key = keyof CsvResponseCells;

/** Where each configured column sits in the header; throws naming a missing one. */
export function columnIndexes(
  header: readonly CsvCell[],
  columns: Partial<Record<Key, string>>,
  fail: (message: string) => never,
): Partial<Record<Key, number>> {
  const cells = header.map((c) => (c ?? '').trim());
  const out: Partial<Record<Key, number>> = {};
  for (const [key, name] of Object.entries(columns) as [Key, string | undefined][]) {
    if (name === undefined) continue;
    let i = cells.indexOf(name.trim());
    if (i === -1) i = cells.findIndex((c) => c.toLowerCase() === name.trim().toLowerCase());
    if (i === -1) {
      fail(
        `the column "${name}" (columns.${key}) is not in the file's header (${cells
          .slice(0, 12)
          .map((c) => `"${c}"`)
          .join(', ')}${cells.length > 12 ? ', …' : ''}).`,
      );
    }
    out[key] = i;
  }
  return out;
}

export const surveysCsvSource: SourceDefinition<typeof schema> = {
  type: 'surveys-csv',
  schema,
  async read(config, ctx) {
    const path = isAbsolute(config.path) ? config.path : resolve(ctx.configDir, config.path);
    const fallback = config.kind as SurveyKind;
    const fail = (message: string): never => {
      throw new SourceError(config.name, `${config.path}: ${message}`);
    };
    const responses: SurveyResponse[] = [];
    let index: Partial<Record<Key, number>> | null = null;
    const parser = new CsvParser(
      (row) => {
        if (index === null) {
          index = columnIndexes(row, config.columns, fail);
          return;
        }
        const cell = (k: Key) => {
          const i = (index as Partial<Record<Key, number>>)[k];
          return i === undefined ? null : (row[i] ?? null);
        };
        responses.push(
          csvResponse(
            {
              email: cell('email'),
              score: cell('score'),
              comment: cell('comment'),
              date: cell('date'),
              kind: cell('kind'),
            },
            fallback,
          ),
        );
      },
      { maxCells: MAX_CELLS },
    );
    try {
      for await (const chunk of createReadStream(path)) parser.pushBytes(chunk as Buffer);
      parser.end();
    } catch (e) {
      if (e instanceof SourceError) throw e;
      if (e instanceof CsvSyntaxError) fail(e.message);
      fail(`cannot be read: ${(e as Error).message}`);
    }
    if (index === null) fail('the file is empty (no header row).');
    return mapSurveyResponses(responses, { asOf: ctx.asOf });
  },
};
