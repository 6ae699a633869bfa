/**
 * The data-quality report (CONNECTORS.md, "The report" and "Data-quality report").
 */
import { z } from 'zod';
import { LEFT_OUT_REASONS, type LeftOut, type LeftOutReason } from './types';

export const MAX_EXAMPLES = 5;

export interface SourceReport {
  name: string;
  type: string;
  read: number;
  attached: number;
  leftOut: Record<LeftOutReason, number>;
  examples: Partial<Record<LeftOutReason, { sourceId: string; why: string }[]>>;
  /**
   * Fields this source gave that an earlier source had already given differently (first source
   * wins): counted, with the first five as examples. Not in CONNECTORS.md's list of keys, which
   * asks that the report say so without naming where.
   */
  overridden: number;
  overriddenExamples: { sourceId: string; why: string }[];
  /**
   * Why the source could not be read in this run. In the server the source's output of its last
   * good run was used instead (its data stays); in the CLI the run wrote nothing.
   */
  error?: string;
  /** What write-back wrote into this CRM source after the run (only when its config asks). */
  writeBack?: WriteBackReport;
}

/** A CRM source's write-back in one run (CONNECTORS.md, "Write-back"; lib/connectors/writeback). */
export interface WriteBackReport {
  /** `score`/`band`/`driver` → the property or field written. */
  targets: Record<string, string>;
  /** Records written, left as they were (already holding the values), and whose write failed. */
  written: number;
  unchanged: number;
  failed: number;
  /** The first five of each: the record's CRM id and the values written / why it failed. */
  writtenExamples: { sourceId: string; why: string }[];
  failedExamples: { sourceId: string; why: string }[];
  /** Why nothing was compared or written (the source could not be read in this run). */
  skipped?: string;
}

/** One source's write-back in words: "3 written, 40 unchanged, 1 failed (e.g. …)" or "skipped (…)". */
export function writeBackSummary(wb: WriteBackReport): string {
  if (wb.skipped) return `skipped (${wb.skipped})`;
  const first = wb.failedExamples[0];
  return `${wb.written} written, ${wb.unchanged} unchanged, ${wb.failed} failed${
    first ? ` (e.g. ${first.sourceId}: ${first.why})` : ''
  }`;
}

/** The CLI's stderr line of one source's write-back. */
export function writeBackLine(name: string, wb: WriteBackReport): string {
  return `${name} write-back: ${writeBackSummary(wb)}`;
}

export interface IngestReport {
  generatedAt: string;
  asOf: string;
  sources: SourceReport[];
  /** Why the run as a whole failed (nothing was written), when it did. */
  error?: string;
}

export function emptySourceReport(name: string, type: string): SourceReport {
  const leftOut = {} as Record<LeftOutReason, number>;
  for (const r of LEFT_OUT_REASONS) leftOut[r] = 0;
  return { name, type, read: 0, attached: 0, leftOut, examples: {}, overridden: 0, overriddenExamples: [] };
}

/** Counts one left-out record and keeps it as an example while there are fewer than five. */
export function addLeftOut(report: SourceReport, item: LeftOut): void {
  report.leftOut[item.reason] += item.count ?? 1;
  const list = report.examples[item.reason] ?? [];
  if (list.length < MAX_EXAMPLES) list.push({ sourceId: item.sourceId, why: item.why });
  report.examples[item.reason] = list;
}

/** Counts one field the config's source order decided against this source. */
export function addOverridden(report: SourceReport, sourceId: string, why: string): void {
  report.overridden++;
  if (report.overriddenExamples.length < MAX_EXAMPLES) report.overriddenExamples.push({ sourceId, why });
}

/** A left-out reason in words (stderr lines, the options page). */
export const REASON_WORDS: Record<LeftOutReason, string> = {
  unmatched: 'unmatched',
  ambiguous: 'ambiguous',
  invalid: 'invalid',
  unknownCurrency: 'unknown currency',
  anonymous: 'anonymous',
  zonelessTimestamp: 'timestamp without zone',
};

/** The stderr line of one source: `stripe: read 12, attached 11, left out 1 (1 unknown currency)`. */
export function sourceLine(s: SourceReport): string {
  const parts: string[] = [];
  let total = 0;
  for (const r of LEFT_OUT_REASONS) {
    if (s.leftOut[r] > 0) parts.push(`${s.leftOut[r]} ${REASON_WORDS[r]}`);
    total += s.leftOut[r];
  }
  const first = LEFT_OUT_REASONS.map((r) => s.examples[r]?.[0]).find((e) => e !== undefined);
  const detail = total > 0 ? ` (${parts.join(', ')}; e.g. ${first?.sourceId}: ${first?.why})` : '';
  const overridden = s.overridden > 0 ? `; ${s.overridden} fields kept from earlier sources` : '';
  return `${s.name}: read ${s.read}, attached ${s.attached}, left out ${total}${detail}${overridden}`;
}

const exampleSchema = z.object({ sourceId: z.string(), why: z.string() });
const count = z.number().int().min(0);

/** The report as it crosses a boundary (the server's answer, read by the options page). */
export const ingestReportSchema = z.object({
  generatedAt: z.string(),
  asOf: z.string(),
  error: z.string().optional(),
  sources: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      read: count,
      attached: count,
      leftOut: z.object(
        Object.fromEntries(LEFT_OUT_REASONS.map((r) => [r, count])) as Record<LeftOutReason, typeof count>,
      ),
      examples: z.partialRecord(z.enum(LEFT_OUT_REASONS), z.array(exampleSchema)),
      overridden: count.default(0),
      overriddenExamples: z.array(exampleSchema).default([]),
      error: z.string().optional(),
      writeBack: z
        .object({
          targets: z.record(z.string(), z.string()),
          written: count,
          unchanged: count,
          failed: count,
          writtenExamples: z.array(exampleSchema),
          failedExamples: z.array(exampleSchema),
          skipped: z.string().optional(),
        })
        .optional(),
    }),
  ),
});

/** `GET /v1/ingest/runs/latest`: the last finished run's report, with its id and status. */
export const latestIngestRunSchema = ingestReportSchema.extend({
  runId: z.number().int(),
  /** `done`: written (sources that failed are marked); `failed`: nothing was written. */
  status: z.enum(['done', 'failed']),
  finishedAt: z.string(),
  /** A run is under way now (its report will replace this one). */
  running: z.boolean(),
});
export type LatestIngestRun = z.output<typeof latestIngestRunSchema>;
