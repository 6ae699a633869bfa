/**
 * Write-back (CONNECTORS.md, "Write-back"): after a run is written, each CRM source whose config
 * has `writeBack: {score, band, driver}` gets the rounded health score, the band (`red`/`yellow`/
 * `green`) and the first driver (at most 255 characters) of each account it read, in the named
 * HubSpot company properties / Salesforce Account fields — only the values that differ from what
 * the CRM returned in the same run, batched by the source's writer (HubSpot batch update,
 * Salesforce sObject Collections), with the API helper's 429 back-off. The report says, per
 * source, what was written and what failed. Nothing is written for a source without `writeBack`.
 *
 * Choices where the contract is silent:
 * - Scores are the report's (lib/metrics, default settings) on the run's dataset as of its `asOf`.
 * - An account whose score is unknown clears the targets (HubSpot '', Salesforce null), so a stale
 *   score does not stay in the CRM; a target already empty is left alone.
 * - The account's record is the one its `crm` id names (`hubspotCompanyId`, `salesforceAccountId`
 *   in either form) among the records the source read in this run; a source that could not be
 *   read in this run (the server used its last good output) writes nothing.
 * - A number compares as a number ("72", "72.0" and 72 are the same score).
 * - A failed write does not fail the run: it is counted and named in the report (5 examples).
 */
import { computeReport } from '../../metrics/index';
import type { IngestConfig } from '../config';
import type { RunResult } from '../ingest';
import { type IngestReport, MAX_EXAMPLES, type WriteBackReport } from '../report';
import type { CrmWrite, SourceOutput } from '../types';

const TARGETS = ['score', 'band', 'driver'] as const;
type Target = (typeof TARGETS)[number];
export const MAX_DRIVER_CHARACTERS = 255;

/** True when the CRM's value already is `want`. */
export function sameValue(current: string | null | undefined, want: string | number | null): boolean {
  const have = current === undefined || current === null || current.trim() === '' ? null : current;
  if (want === null) return have === null;
  if (have === null) return false;
  if (typeof want === 'number') return Number(have.trim()) === want;
  return have === want;
}

/** The first `MAX_DRIVER_CHARACTERS` characters (code points) of a driver. */
export function clipDriver(s: string): string {
  const chars = Array.from(s);
  return chars.length <= MAX_DRIVER_CHARACTERS ? s : chars.slice(0, MAX_DRIVER_CHARACTERS).join('');
}

export interface WantedValues {
  score: number | null;
  band: string | null;
  driver: string | null;
}

/**
 * The writes one source needs: for each account whose record the source read, the targets whose
 * value differs. Pure.
 */
export function planWrites(
  accounts: readonly { crmId: string | null; want: WantedValues }[],
  targets: Partial<Record<Target, string>>,
  current: Readonly<Record<string, Record<string, string | null>>>,
): { writes: CrmWrite[]; unchanged: number } {
  const writes: CrmWrite[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const a of accounts) {
    if (a.crmId === null || seen.has(a.crmId)) continue;
    const held = current[a.crmId];
    if (held === undefined) continue;
    seen.add(a.crmId);
    const values: CrmWrite['values'] = {};
    for (const t of TARGETS) {
      const prop = targets[t];
      if (prop === undefined) continue;
      const want = a.want[t];
      if (!sameValue(held[prop], want)) values[prop] = want;
    }
    if (Object.keys(values).length === 0) unchanged++;
    else writes.push({ id: a.crmId, values });
  }
  writes.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { writes, unchanged };
}

function describeWrite(w: CrmWrite): string {
  return Object.entries(w.values)
    .map(([k, v]) => `${k} = ${v === null ? '(cleared)' : JSON.stringify(v)}`)
    .join(', ');
}

export interface WriteBackOptions {
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs write-back for every CRM source that asks for it; returns the run's report with each such
 * source's `writeBack`. Never throws for a CRM's refusal (it is reported).
 */
export async function writeBack(
  config: IngestConfig,
  result: Pick<RunResult, 'dataset' | 'report' | 'sources'>,
  options: WriteBackOptions = {},
): Promise<IngestReport> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcomes = new Map<string, WriteBackReport>();
  let wanted: Map<string, WantedValues> | undefined;
  for (const { definition, config: sc } of config.sources) {
    const writer = definition.writeBack;
    const targets = writer?.targets(sc as never);
    if (!writer || !targets || Object.values(targets).every((v) => v === undefined)) continue;
    const cleanTargets = Object.fromEntries(
      Object.entries(targets).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const run = result.sources.find((s) => s.name === sc.name);
    const report: WriteBackReport = {
      targets: cleanTargets,
      written: 0,
      unchanged: 0,
      failed: 0,
      writtenExamples: [],
      failedExamples: [],
    };
    outcomes.set(sc.name, report);
    if (!run || run.error !== undefined) {
      report.skipped = 'the source could not be read in this run, so nothing was compared or written';
      continue;
    }
    if (wanted === undefined) {
      wanted = new Map();
      for (const a of computeReport(result.dataset, result.report.asOf).accounts) {
        wanted.set(a.id, {
          score: a.health.rounded,
          band: a.health.band,
          driver: a.health.drivers[0] === undefined ? null : clipDriver(a.health.drivers[0]),
        });
      }
    }
    const want = wanted;
    const accounts = result.dataset.accounts.map((a) => {
      const raw = a.crm[writer.crmKey];
      return {
        crmId: typeof raw === 'string' ? writer.normaliseId(raw) : null,
        want: want.get(a.id) ?? { score: null, band: null, driver: null },
      };
    });
    const current = (run.output as SourceOutput).crmValues ?? {};
    const plan = planWrites(accounts, targets, current);
    report.unchanged = plan.unchanged;
    if (plan.writes.length === 0) continue;
    const done = await writer.write(sc as never, plan.writes, sleep);
    const byId = new Map(plan.writes.map((w) => [w.id, w]));
    report.written = done.written.length;
    report.failed = done.failed.length;
    for (const id of done.written.slice(0, MAX_EXAMPLES)) {
      const w = byId.get(id);
      if (w) report.writtenExamples.push({ sourceId: id, why: describeWrite(w) });
    }
    report.failedExamples = done.failed.slice(0, MAX_EXAMPLES).map((f) => ({ sourceId: f.id, why: f.why }));
  }
  if (outcomes.size === 0) return result.report;
  return {
    ...result.report,
    sources: result.report.sources.map((s) => {
      const wb = outcomes.get(s.name);
      return wb === undefined ? s : { ...s, writeBack: wb };
    }),
  };
}
