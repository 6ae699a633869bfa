/**
 * Sources `segment`, `posthog` and `mixpanel` (CONNECTORS.md, "Product usage: events"): export
 * files read by embedded DuckDB (duckdb.ts) and rolled up in SQL (rollup.ts).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { dayNumber } from '../../metrics/dates';
import { type SourceContext, type SourceDefinition, SourceError, type SourceOutput } from '../types';
import { type Carry, usableCarry } from './carry';
import {
  CSV_EXTS,
  emptyModel,
  fileDays,
  JSONL_EXTS,
  listFiles,
  loadMixpanel,
  loadPostHog,
  loadSegment,
  openDuckDb,
} from './duckdb';
import type { SqlEngine } from './engine';
import { type RollupOptions, rollup } from './rollup';

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

/**
 * What the carry of a run depends on: the source's own keys but its name and timeout, hashed (a
 * connection string's password never lands in a state file).
 */
export function fingerprint(config: object): string {
  const { name: _n, timeoutMs: _t, ...rest } = config as Record<string, unknown>;
  return createHash('sha256')
    .update(JSON.stringify(rest, Object.keys(rest).sort()))
    .digest('hex');
}

/** The rollup's options of an events source: its config's keys, the run's context and carry. */
export function rollupOptions(
  config: { name: string } & Pick<z.output<z.ZodObject<typeof eventKeys>>, 'features' | 'championValues'>,
  ctx: SourceContext,
  carry: Carry | undefined,
  print: string,
  files?: Carry['files'],
): RollupOptions {
  return {
    source: config.name,
    asOf: ctx.asOf,
    features: config.features,
    championValues: config.championValues.map(String),
    match: ctx.match ?? (() => ({ kind: 'none' })),
    carry,
    fingerprint: print,
    ...(files === undefined ? {} : { files }),
  };
}

/**
 * Runs `load` then the rollup on a fresh DuckDB; errors become a `SourceError` naming the source.
 * With a usable carry (rollup.ts), a file already read whose size and modification time did not
 * change and whose last event day is not after the carry's last day is not read again.
 */
async function fromFiles(
  config: EventConfig,
  ctx: SourceContext,
  exts: readonly string[],
  load: (db: SqlEngine, files: string[]) => Promise<void>,
): Promise<SourceOutput> {
  const path = isAbsolute(config.path) ? config.path : resolve(ctx.configDir, config.path);
  let files: { path: string; size: number; mtimeMs: number }[];
  try {
    files = await Promise.all(
      (await listFiles(path, exts)).map(async (f) => {
        const st = await stat(f);
        return { path: f, size: st.size, mtimeMs: st.mtimeMs };
      }),
    );
  } catch (e) {
    throw new SourceError(config.name, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (files.length === 0)
    throw new SourceError(config.name, `${path} holds no event files (${exts.join(', ')}).`);
  const print = fingerprint(config);
  const carry = usableCarry(ctx.previous?.carry, print, ctx.asOf);
  const lastDay = carry ? dayNumber(carry.lastDay) : null;
  const manifest: Carry['files'] = {};
  const toRead: string[] = [];
  for (const f of files) {
    const before = carry?.files[f.path];
    if (
      before &&
      lastDay !== null &&
      before.size === f.size &&
      before.mtimeMs === f.mtimeMs &&
      (before.maxDay === null || before.maxDay <= lastDay)
    )
      manifest[f.path] = before;
    else toRead.push(f.path);
  }
  const db = await openDuckDb();
  try {
    if (toRead.length > 0) await load(db, toRead);
    else await emptyModel(db);
    const days = await fileDays(db);
    for (const f of files) {
      if (manifest[f.path]) continue;
      manifest[f.path] = { size: f.size, mtimeMs: f.mtimeMs, maxDay: days.get(f.path) ?? null };
    }
    return await rollup(db, rollupOptions(config, ctx, carry, print, manifest));
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
  read: (config, ctx) => fromFiles(config, ctx, JSONL_EXTS, (db, files) => loadSegment(db, files, config)),
};

export const posthogSource: SourceDefinition<typeof posthogSchema> = {
  type: 'posthog',
  schema: posthogSchema,
  read: (config, ctx) =>
    fromFiles(config, ctx, [...JSONL_EXTS, ...CSV_EXTS], (db, files) => loadPostHog(db, files, config)),
};

export const mixpanelSource: SourceDefinition<typeof mixpanelSchema> = {
  type: 'mixpanel',
  schema: mixpanelSchema,
  read: (config, ctx) => fromFiles(config, ctx, JSONL_EXTS, (db, files) => loadMixpanel(db, files, config)),
};
