/**
 * The ingest config file (CONNECTORS.md, "The config file"), validated with zod.
 *
 * Choices where the contract is silent:
 * - Top-level keys not named here are ignored (a later server-side key does not break older
 *   CLIs); a source's keys are checked strictly, so a typo (`apikey`) is an error naming it.
 * - `"env:NAME"` is recognised in any string value of a source and replaced before validation; an
 *   unset or empty variable is an error naming the key and the variable.
 * - `rates` keys compare case-insensitively (stored upper-case); a rate must be a positive number.
 * - Source names must be unique; the default names are `type`, `type#2`, … in config order.
 */
import { z } from 'zod';
import {
  currencySchema,
  dateSchema,
  type Feature,
  featureSchema,
  type Milestone,
  milestoneSchema,
  type Plan,
  planSchema,
} from '../dataset/schema';
import type { Rates } from './money';
import type { CommonSourceConfig, SourceDefinition } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A currency code in a config (any case, kept upper-case): the workspace's, a CRM's `dealCurrency`. */
export const currencyCodeSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(currencySchema);

const topSchema = z.object({
  currency: currencyCodeSchema,
  rates: z
    .record(
      z.string().regex(/^[A-Za-z]{3}$/, { message: 'must be an ISO 4217 code such as EUR' }),
      z.number().positive({ message: 'must be a positive number' }).finite(),
    )
    .default({}),
  dataThrough: dateSchema.optional(),
  schedule: z.number().int().min(0).optional(),
  plans: z.array(planSchema).default([]),
  features: z.array(featureSchema).default([]),
  milestones: z.array(milestoneSchema).default([]),
  sources: z.array(z.record(z.string(), z.unknown())).min(1, { message: 'must name at least one source' }),
});

/** Keys every source takes, added to each source's own schema. */
const commonKeys = {
  type: z.string(),
  name: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().optional(),
};

export interface SourceEntry {
  definition: SourceDefinition;
  config: Record<string, unknown> & CommonSourceConfig;
}

export interface IngestConfig {
  currency: string;
  rates: Rates;
  dataThrough?: string;
  schedule?: number;
  plans: Plan[];
  features: Feature[];
  milestones: Milestone[];
  sources: SourceEntry[];
  /** The folder relative paths resolve from. */
  configDir: string;
}

/** An invalid config or a missing environment variable (CLI exit 1); the message names the entry. */
export class ConfigError extends Error {}

function issueText(where: string, error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${where}${path}: ${i.message}`;
  });
  return lines.join('; ');
}

/** Replaces every `"env:NAME"` string in `value` (deeply) by the variable's value. */
export function resolveEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): unknown {
  if (typeof value === 'string') {
    const m = /^env:(.*)$/.exec(value);
    if (!m) return value;
    const name = m[1];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ConfigError(`${where}: "${value}" does not name an environment variable (env:NAME).`);
    }
    const v = env[name];
    if (v === undefined || v === '') {
      throw new ConfigError(`${where}: the environment variable ${name} is not set.`);
    }
    return v;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveEnv(v, env, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') continue;
      out[k] = resolveEnv(v, env, `${where}.${k}`);
    }
    return out;
  }
  return value;
}

export interface ParseConfigOptions {
  env: Readonly<Record<string, string | undefined>>;
  configDir: string;
  registry: ReadonlyMap<string, SourceDefinition>;
}

/** Validates a parsed config file. Throws `ConfigError` naming the first problems. */
export function parseConfig(raw: unknown, options: ParseConfigOptions): IngestConfig {
  const top = topSchema.safeParse(raw);
  if (!top.success) throw new ConfigError(`Invalid config: ${issueText('config', top.error)}`);
  const c = top.data;
  const rates = new Map<string, number>();
  for (const [k, v] of Object.entries(c.rates)) rates.set(k.toUpperCase(), v);
  const sources: SourceEntry[] = [];
  const seenTypes = new Map<string, number>();
  const names = new Set<string>();
  c.sources.forEach((rawSource, i) => {
    const type = rawSource.type;
    const where = `sources[${i}]`;
    if (typeof type !== 'string' || type === '') {
      throw new ConfigError(`Invalid config: ${where}.type is missing.`);
    }
    const definition = options.registry.get(type);
    if (!definition) {
      const known = [...options.registry.keys()].join(', ');
      throw new ConfigError(
        `Invalid config: ${where}.type "${type}" is not a known source (known: ${known}).`,
      );
    }
    const resolved = resolveEnv(rawSource, options.env, `${where} (${type})`);
    const schema = definition.schema.extend(commonKeys).strict();
    const parsed = schema.safeParse(resolved);
    if (!parsed.success)
      throw new ConfigError(`Invalid config: ${issueText(`${where} (${type})`, parsed.error)}`);
    const n = (seenTypes.get(type) ?? 0) + 1;
    seenTypes.set(type, n);
    const value = parsed.data as Record<string, unknown> & { name?: string; timeoutMs?: number };
    const name = value.name ?? (n === 1 ? type : `${type}#${n}`);
    if (names.has(name))
      throw new ConfigError(`Invalid config: ${where}: a second source is named "${name}".`);
    names.add(name);
    sources.push({
      definition,
      config: { ...value, type, name, timeoutMs: value.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    });
  });
  return {
    currency: c.currency,
    rates,
    dataThrough: c.dataThrough,
    schedule: c.schedule,
    plans: c.plans,
    features: c.features,
    milestones: c.milestones,
    sources,
    configDir: options.configDir,
  };
}

/** The last complete UTC day before `now` (the default `dataThrough`). */
export function lastCompleteDay(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** An `apiBase` URL: http(s) only. */
export const apiBaseSchema = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((s) => new URL(s));
