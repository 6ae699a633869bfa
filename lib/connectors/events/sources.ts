/**
 * Sources `segment`, `posthog` and `mixpanel` (CONNECTORS.md, "Product usage: events"): export
 * files read by embedded DuckDB (duckdb.ts) and rolled up in SQL (rollup.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { dayNumber } from '../../metrics/dates';
import { type SourceContext, type SourceDefinition, SourceError, type SourceOutput } from '../types';
import {
  CSV_EXTS,
  JSONL_EXTS,
  listFiles,
  loadMixpanel,
  loadPostHog,
  loadSegment,
  openDuckDb,
} from './duckdb';
import type { SqlEngine } from './engine';
import { rollup } from './rollup';

/** Keys every events source takes. */
export const eventKeys = {
  /** Event name → feature key (a key of the config's `features`). */
  features: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** The user trait that marks champions (e.g. `role`), with the values that do. */
  championTrait: z.string().min(1).optional(),
  championValues: z.array(z.union([z.string(), z.number(), z.boolean()])).default([]),
};

const fileKeys = { path: z.string().min(1), ...eventKeys };

const segmentSchema = z.object(fileKeys);
const posthogSchema = z.object({ ...fileKeys, groupType: z.string().min(1).optional() });
const mixpanelSchema = z.object({ ...fileKeys, groupProperty: z.string().min(1).optional() });

type EventConfig = z.output<z.ZodObject<typeof fileKeys>> & { name: string };

/** The end of `dataThrough` in epoch ms (exclusive). */
export function endOfDayMs(asOf: string): number {
  return (dayNumber(asOf) + 1) * 86_400_000;
}

/** Runs `load` then the rollup on a fresh DuckDB; errors become a `SourceError` naming the source. */
async function fromFiles(
  config: EventConfig,
  ctx: SourceContext,
  exts: readonly string[],
  load: (db: SqlEngine, files: string[], endMs: number) => Promise<void>,
): Promise<SourceOutput> {
  const path = isAbsolute(config.path) ? config.path : resolve(ctx.configDir, config.path);
  let files: string[];
  try {
    files = await listFiles(path, exts);
  } catch (e) {
    throw new SourceError(config.name, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (files.length === 0)
    throw new SourceError(config.name, `${path} holds no event files (${exts.join(', ')}).`);
  const db = await openDuckDb();
  try {
    await load(db, files, endOfDayMs(ctx.asOf));
    return await rollup(db, {
      source: config.name,
      asOf: ctx.asOf,
      features: config.features,
      championValues: config.championValues.map(String),
      match: ctx.match ?? (() => ({ kind: 'none' })),
    });
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(config.name, `cannot read the events in ${path}: ${(e as Error).message}`);
  } finally {
    await db.close();
  }
}

export const segmentSource: SourceDefinition<typeof segmentSchema> = {
  type: 'segment',
  schema: segmentSchema,
  read: (config, ctx) =>
    fromFiles(config, ctx, JSONL_EXTS, (db, files, end) => loadSegment(db, files, end, config)),
};

export const posthogSource: SourceDefinition<typeof posthogSchema> = {
  type: 'posthog',
  schema: posthogSchema,
  read: (config, ctx) =>
    fromFiles(config, ctx, [...JSONL_EXTS, ...CSV_EXTS], (db, files, end) =>
      loadPostHog(db, files, end, config),
    ),
};

export const mixpanelSource: SourceDefinition<typeof mixpanelSchema> = {
  type: 'mixpanel',
  schema: mixpanelSchema,
  read: (config, ctx) =>
    fromFiles(config, ctx, JSONL_EXTS, (db, files, end) => loadMixpanel(db, files, end, config)),
};
