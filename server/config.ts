/**
 * Server settings, read from the environment once at start-up (`configFromEnv`) or given by
 * tests (`resolveConfig`). Every limit has a default that suits one company's workspace.
 */

export interface ServerConfig {
  /** Largest accepted import body in bytes (zip, multipart); beyond it 413. */
  maxImportBytes: number;
  /** Largest accepted JSON import body in bytes (JSON is parsed whole); beyond it 413. */
  maxJsonBytes: number;
  /** Per-token rate limit: bucket size (requests that may come at once). */
  rateBurst: number;
  /** Per-token rate limit: sustained requests per minute (the bucket's refill rate). */
  ratePerMinute: number;
  /**
   * Per-address limit on failed authentications and on the endpoints that need no token
   * (health, openapi): requests a minute, also the bucket size. Authenticated requests are not
   * counted here (they have their per-token bucket).
   */
  authFailPerMinute: number;
  /** Origins allowed by CORS: exact origins or patterns with `*` (e.g. `chrome-extension://*`). */
  corsOrigins: string[];
  /** Currency served while the workspace has no data yet. */
  defaultCurrency: string;
  /** Page size when `limit` is not given, and the largest `limit` accepted. */
  defaultLimit: number;
  maxLimit: number;
  /** Records written per SQL statement during imports. */
  importBatchSize: number;
}

export const DEFAULT_CORS_ORIGINS = ['chrome-extension://*', 'moz-extension://*'];

export const DEFAULT_CONFIG: ServerConfig = {
  maxImportBytes: 1024 * 1024 * 1024,
  maxJsonBytes: 400 * 1024 * 1024,
  rateBurst: 300,
  ratePerMinute: 1800,
  authFailPerMinute: 30,
  corsOrigins: DEFAULT_CORS_ORIGINS,
  defaultCurrency: 'USD',
  defaultLimit: 1000,
  maxLimit: 5000,
  importBatchSize: 2000,
};

export function resolveConfig(partial: Partial<ServerConfig> = {}): ServerConfig {
  const c = { ...DEFAULT_CONFIG, ...partial };
  c.maxJsonBytes = Math.min(c.maxJsonBytes, c.maxImportBytes);
  return c;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

/** Sizes like `1048576`, `512k`, `200m`, `1g` (binary units). */
export function parseSize(raw: string, name = 'size'): number {
  const m = /^\s*(\d+)\s*([kmg]i?b?)?\s*$/i.exec(raw);
  if (!m) throw new Error(`${name} must be a size such as 200m or 1g, got "${raw}"`);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(m[1]) * mult;
}

function size(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return parseSize(raw, name);
}

/** A Chrome/Edge extension id (32 letters a–p) or a Firefox extension's internal UUID. */
export const EXTENSION_ID = /^([a-p]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The CORS origins of the given extension ids (`chrome-extension://<id>`, `moz-extension://<uuid>`). */
export function extensionOrigins(ids: readonly string[], name = 'HEALTHBAR_EXTENSION_IDS'): string[] {
  return ids.map((raw) => {
    const id = raw.trim();
    if (!EXTENSION_ID.test(id)) {
      throw new Error(
        `${name}: "${raw}" is not an extension id (Chrome/Edge: 32 letters a–p, as shown in chrome://extensions; Firefox: the extension's internal UUID from about:debugging)`,
      );
    }
    return /^[a-p]{32}$/.test(id) ? `chrome-extension://${id}` : `moz-extension://${id}`;
  });
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Settings from the environment:
 * `HEALTHBAR_MAX_IMPORT_BYTES`, `HEALTHBAR_MAX_JSON_BYTES` (sizes: `200m`, `1g`),
 * `HEALTHBAR_RATE_BURST`, `HEALTHBAR_RATE_PER_MINUTE`, `HEALTHBAR_AUTH_FAIL_PER_MINUTE`,
 * `HEALTHBAR_CORS_ORIGINS` (comma-separated), `HEALTHBAR_EXTENSION_IDS` (comma-separated: only
 * these extensions, plus the `HEALTHBAR_CORS_ORIGINS` given, may call the API), `HEALTHBAR_CURRENCY`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const partial: Partial<ServerConfig> = {};
  const maxImport = size(env, 'HEALTHBAR_MAX_IMPORT_BYTES');
  if (maxImport !== undefined) partial.maxImportBytes = maxImport;
  const maxJson = size(env, 'HEALTHBAR_MAX_JSON_BYTES');
  if (maxJson !== undefined) partial.maxJsonBytes = maxJson;
  const burst = positiveInt(env, 'HEALTHBAR_RATE_BURST');
  if (burst !== undefined) partial.rateBurst = burst;
  const perMinute = positiveInt(env, 'HEALTHBAR_RATE_PER_MINUTE');
  if (perMinute !== undefined) partial.ratePerMinute = perMinute;
  const authFail = positiveInt(env, 'HEALTHBAR_AUTH_FAIL_PER_MINUTE');
  if (authFail !== undefined) partial.authFailPerMinute = authFail;
  const cors = list(env.HEALTHBAR_CORS_ORIGINS);
  const ids = list(env.HEALTHBAR_EXTENSION_IDS);
  if (ids !== undefined) partial.corsOrigins = [...(cors ?? []), ...extensionOrigins(ids)];
  else if (cors !== undefined) partial.corsOrigins = cors;
  const currency = env.HEALTHBAR_CURRENCY;
  if (currency !== undefined && currency.trim() !== '') {
    if (!/^[A-Z]{3}$/.test(currency.trim()))
      throw new Error('HEALTHBAR_CURRENCY must be an ISO 4217 code such as USD');
    partial.defaultCurrency = currency.trim();
  }
  return resolveConfig(partial);
}
