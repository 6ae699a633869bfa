/**
 * One ingest run (CONNECTORS.md, "One run"): every configured source in config order, then
 * identity resolution, merging and the data-quality report. The run's `asOf` and `generatedAt`
 * are passed in; the previous run's state decides `updatedAt`.
 */
import { z } from 'zod';
import type { Dataset } from '../dataset/schema';
import type { IngestConfig } from './config';
import type { IngestReport } from './report';
import { type AccountState, resolveSources } from './resolve';
import { type SourceContext, SourceError, type SourceOutput } from './types';

export const ingestStateSchema = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  accounts: z.record(z.string(), z.object({ hash: z.string(), updatedAt: z.string() })),
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
}

export interface RunResult {
  dataset: Dataset;
  report: IngestReport;
  state: IngestState;
}

/** Runs every source; throws `SourceError` when one cannot be read (nothing is produced then). */
export async function runIngest(config: IngestConfig, options: RunOptions): Promise<RunResult> {
  const outputs: { name: string; type: string; output: SourceOutput }[] = [];
  for (const { definition, config: sc } of config.sources) {
    options.onSource?.(sc.name);
    const ctx: SourceContext = {
      asOf: options.asOf,
      currency: config.currency,
      rates: config.rates,
      configDir: config.configDir,
      timeoutMs: sc.timeoutMs,
      sleep: options.sleep,
    };
    let output: SourceOutput;
    try {
      output = await definition.read(sc, ctx);
    } catch (e) {
      if (e instanceof SourceError) throw e;
      throw new SourceError(sc.name, e instanceof Error ? e.message : String(e));
    }
    outputs.push({ name: sc.name, type: sc.type, output });
  }
  const r = resolveSources({
    currency: config.currency,
    generatedAt: options.generatedAt,
    asOf: options.asOf,
    plans: config.plans,
    features: config.features,
    milestones: config.milestones,
    sources: outputs,
    previous: options.previous ?? {},
  });
  return {
    dataset: r.dataset,
    report: r.report,
    state: { version: 1, generatedAt: options.generatedAt, accounts: r.accounts },
  };
}
