/**
 * Survey responses → interchange surveys (CONNECTORS.md, "Satisfaction: survey exports"). Pure:
 * the responses and the run's `asOf` are passed in.
 *
 * - A response attaches to the product user with its e-mail (case-insensitive; that user's
 *   account, and `userId`), else by the e-mail's domain (free-mail never counts); one without an
 *   e-mail is left out as `anonymous`.
 * - Delighted: `id` = `delighted:<id>`, `respondedOn` = the UTC date of `created_at` (unix seconds);
 *   its `survey_type` is ignored (the source's `kind` decides).
 * - CSV: `id` = `csv:` + the first 16 hex characters of SHA-256 of `email|date|score|comment`, the
 *   four cells as in the file after unquoting (an empty cell is ''); `date` is `YYYY-MM-DD` or a
 *   date-time with `T` or a space, read as UTC when it has no zone; the row's `kind` cell (lower
 *   case) when the config names that column and the cell is not empty, else the source's `kind`.
 *
 * Choices where the contract is silent:
 * - Responses created after the end of `asOf` (UTC) are not read: neither counted nor reported.
 * - A score outside the kind's range (nps 0–10, csat 1–5), a score that is not a whole number, a
 *   date that cannot be read and an unknown kind are left out as `invalid`, each with its reason.
 * - A date-time with a zone (`Z`, `+02:00`, `+0200`) is converted to UTC before its date is taken.
 * - Leading and trailing blanks of the e-mail are ignored for matching (the id hashes the cell as
 *   it is in the file).
 */
import { createHash } from 'node:crypto';
import { isCalendarDate, type Survey } from '../../dataset/schema';
import { companyEmailDomain, nonEmpty } from '../domains';
import type { LeftOut, SourceOutput, SourceRow } from '../types';

export type SurveyKind = Survey['kind'];
export const SURVEY_KINDS: readonly SurveyKind[] = ['nps', 'csat'];
const RANGE: Record<SurveyKind, [number, number]> = { nps: [0, 10], csat: [1, 5] };

/** One response as read, before attachment. */
export interface SurveyResponse {
  id: string;
  email: string | null;
  /** The UTC date of the response, or why it could not be read. */
  respondedOn: string | { invalid: string };
  score: number | { invalid: string };
  comment: string | null;
  kind: SurveyKind | { invalid: string };
}

/** The rows and report entries of some responses. */
export function mapSurveyResponses(
  responses: readonly SurveyResponse[],
  options: { asOf: string },
): SourceOutput {
  const rows: SourceRow[] = [];
  const leftOut: LeftOut[] = [];
  let read = 0;
  for (const r of responses) {
    if (typeof r.respondedOn === 'string' && r.respondedOn > options.asOf) continue;
    read++;
    const invalid = [r.respondedOn, r.kind, r.score].find(
      (v): v is { invalid: string } => typeof v === 'object' && v !== null,
    );
    if (invalid) {
      leftOut.push({ reason: 'invalid', sourceId: r.id, why: invalid.invalid });
      continue;
    }
    const kind = r.kind as SurveyKind;
    const score = r.score as number;
    const [lo, hi] = RANGE[kind];
    if (score < lo || score > hi) {
      leftOut.push({
        reason: 'invalid',
        sourceId: r.id,
        why: `score ${score} is outside ${lo}–${hi} for a ${kind} survey`,
      });
      continue;
    }
    const email = nonEmpty(r.email)?.trim();
    if (!email) {
      leftOut.push({ reason: 'anonymous', sourceId: r.id, why: 'the response has no e-mail' });
      continue;
    }
    const domain = companyEmailDomain(email);
    const record: SourceRow<'surveys'>['record'] = {
      id: r.id,
      respondedOn: r.respondedOn as string,
      kind,
      score,
    };
    const comment = nonEmpty(r.comment);
    if (comment !== null) record.comment = comment;
    rows.push({
      collection: 'surveys',
      sourceId: r.id,
      account: { identity: { userEmail: email, domains: domain === null ? [] : [domain] } },
      record,
    });
  }
  return { read, accounts: [], rows, leftOut };
}

/** The UTC date of unix seconds. */
export function unixDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** A CSV `date` cell → its UTC date, or why it cannot be read. */
export function csvDate(cell: string): string | { invalid: string } {
  const s = cell.trim();
  const m = DATE_TIME.exec(s);
  const bad = { invalid: `date "${cell}" is not YYYY-MM-DD or a date-time such as 2026-11-03 05:30:00` };
  if (!m || !isCalendarDate(m[1])) return bad;
  if (m[2] === undefined || m[5] === undefined) {
    // A date, or a date-time without a zone: read as UTC, so its date is the one written.
    if (m[2] !== undefined && (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59)) return bad;
    return m[1];
  }
  let zone = m[5].toUpperCase();
  if (zone !== 'Z' && !zone.includes(':'))
    zone = zone.length === 3 ? `${zone}:00` : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${zone}`);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : bad;
}

/** A CSV `score` cell → a whole number, or why not. */
export function csvScore(cell: string): number | { invalid: string } {
  const s = cell.trim();
  return /^-?\d+$/.test(s) ? Number(s) : { invalid: `score "${cell}" is not a whole number` };
}

/** A CSV `kind` cell (lower-cased; empty → the default). */
export function csvKind(cell: string, fallback: SurveyKind): SurveyKind | { invalid: string } {
  const s = cell.trim().toLowerCase();
  if (s === '') return fallback;
  return (SURVEY_KINDS as readonly string[]).includes(s)
    ? (s as SurveyKind)
    : { invalid: `kind "${cell}" is neither nps nor csat` };
}

/** The id of a CSV row: `csv:` + 16 hex characters of SHA-256 of `email|date|score|comment`. */
export function csvResponseId(email: string, date: string, score: string, comment: string): string {
  return `csv:${createHash('sha256').update(`${email}|${date}|${score}|${comment}`, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The cells of one CSV row, by configured column (null: an empty or missing cell). */
export interface CsvResponseCells {
  email: string | null;
  score: string | null;
  comment: string | null;
  date: string | null;
  kind?: string | null;
}

/** One CSV row → a response (ids and dates as CONNECTORS.md says). */
export function csvResponse(cells: CsvResponseCells, fallbackKind: SurveyKind): SurveyResponse {
  const c = (v: string | null | undefined) => v ?? '';
  return {
    id: csvResponseId(c(cells.email), c(cells.date), c(cells.score), c(cells.comment)),
    email: cells.email,
    respondedOn: c(cells.date) === '' ? { invalid: 'the response has no date' } : csvDate(c(cells.date)),
    score: c(cells.score) === '' ? { invalid: 'the response has no score' } : csvScore(c(cells.score)),
    comment: cells.comment,
    kind: csvKind(c(cells.kind), fallbackKind),
  };
}
