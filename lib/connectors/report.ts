/**
 * The data-quality report (CONNECTORS.md, "The report" and "Data-quality report").
 */
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
}

export interface IngestReport {
  generatedAt: string;
  asOf: string;
  sources: SourceReport[];
}

export function emptySourceReport(name: string, type: string): SourceReport {
  const leftOut = {} as Record<LeftOutReason, number>;
  for (const r of LEFT_OUT_REASONS) leftOut[r] = 0;
  return { name, type, read: 0, attached: 0, leftOut, examples: {}, overridden: 0, overriddenExamples: [] };
}

/** Counts one left-out record and keeps it as an example while there are fewer than five. */
export function addLeftOut(report: SourceReport, item: LeftOut): void {
  report.leftOut[item.reason]++;
  const list = report.examples[item.reason] ?? [];
  if (list.length < MAX_EXAMPLES) list.push({ sourceId: item.sourceId, why: item.why });
  report.examples[item.reason] = list;
}

/** Counts one field the config's source order decided against this source. */
export function addOverridden(report: SourceReport, sourceId: string, why: string): void {
  report.overridden++;
  if (report.overriddenExamples.length < MAX_EXAMPLES) report.overriddenExamples.push({ sourceId, why });
}

const REASON_WORDS: Record<LeftOutReason, string> = {
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
