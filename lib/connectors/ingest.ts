/**
 * One ingest run (CONNECTORS.md, "One run"): every configured source in config order, then
 * identity resolution, merging and the data-quality report. The run's `asOf` and `generatedAt`
 * are passed in; the previous run's state decides `updatedAt`.
 */
import { z } from 'zod';
import { type Dataset, dateSchema } from '../dataset/schema';
import type { IngestConfig } from './config';
import type { IngestReport } from './report';
import { type AccountState, createResolver } from './resolve';
import { type SourceContext, SourceError, type SourceOutput } from './types';

export const ingestStateSchema = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  accounts: z.record(z.string(), z.object({ hash: z.string(), updatedAt: z.string() })),
  /** Per source (by name): the last day its latest successful read covered. */
  sources: z
    .record(z.string(), z.object({ lastCompleteDay: dateSchema, carry: z.unknown().optional() }))
    .optional(),
});
/** Kept between runs (`FILE.state.json` next to `--out`). */
export type IngestState = z.output<typeof ingestStateSchema>;

export interface RunOptions {
  asOf: string;
  generatedAt: string;
  previous?: Readonly<Record<string, AccountState>>;
  sleep?: SourceContext['sleep'];
  /** Told when a source starts (progress on stderr). */
  onSource?: (name: string) => void;
  /**
   * A source that cannot be read: the output it gave last time, if one was kept (the server keeps
   * them), so the run goes on with it and the report says why. Without one the run fails.
   */
  fallback?: (name: string, error: SourceError) => Promise<SourceOutput | undefined>;
  /** Sources' last complete days from the previous state (kept for the ones that fail). */
  previousSources?: IngestState['sources'];
}

export interface SourceRun {
  name: string;
  type: string;
  output: SourceOutput;
  /** Why the source could not be read this time (its previous output was used). */
  error?: string;
}

export interface RunResult {
  dataset: Dataset;
  report: IngestReport;
  state: IngestState;
  /** Each source's output, in config order. */
  sources: SourceRun[];
}

/** Runs every source; throws `SourceError` when one cannot be read (nothing is produced then). */
export async function runIngest(config: IngestConfig, options: RunOptions): Promise<RunResult> {
  const outputs: SourceRun[] = [];
  const lastDays: NonNullable<IngestState['sources']> = {};
  const resolver = createResolver({
    currency: config.currency,
    generatedAt: options.generatedAt,
    asOf: options.asOf,
    plans: config.plans,
    features: config.features,
    milestones: config.milestones,
    previous: options.previous ?? {},
  });
  for (const { definition, config: sc } of config.sources) {
    options.onSource?.(sc.name);
    const ctx: SourceContext = {
      asOf: options.asOf,
      currency: config.currency,
      rates: config.rates,
      configDir: config.configDir,
      timeoutMs: sc.timeoutMs,
      sleep: options.sleep,
      match: resolver.match,
      previous: options.previousSources?.[sc.name],
    };
    let output: SourceOutput;
    try {
      output = await definition.read(sc, ctx);
    } catch (e) {
      const error =
        e instanceof SourceError ? e : new SourceError(sc.name, e instanceof Error ? e.message : String(e));
      const kept = await options.fallback?.(sc.name, error);
      if (!kept) throw error;
      outputs.push({ name: sc.name, type: sc.type, output: kept, error: error.message });
      resolver.add(outputs[outputs.length - 1]);
      const day = options.previousSources?.[sc.name];
      if (day) lastDays[sc.name] = day;
      continue;
    }
    outputs.push({ name: sc.name, type: sc.type, output });
    resolver.add(outputs[outputs.length - 1]);
    lastDays[sc.name] =
      output.carry === undefined
        ? { lastCompleteDay: options.asOf }
        : { lastCompleteDay: options.asOf, carry: output.carry };
  }
  const r = resolver.finish();
  const errors = new Map(outputs.map((o) => [o.name, o.error]));
  const report: IngestReport = {
    ...r.report,
    sources: r.report.sources.map((s) => {
      const error = errors.get(s.name);
      return error === undefined ? s : { ...s, error };
    }),
  };
  return {
    dataset: r.dataset,
    report,
    state: { version: 1, generatedAt: options.generatedAt, accounts: r.accounts, sources: lastDays },
    sources: outputs,
  };
}
