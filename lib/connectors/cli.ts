/**
 * Ingest CLI (CONNECTORS.md, "One run").
 *
 *   npm run --silent ingest -- --config FILE [--as-of DATE] (--out FILE | --server URL --token T [--state FILE])
 *                              [--report FILE]
 *
 * stdout stays empty; stderr has one line per source (read, attached, left out). Exit 0: done
 * (problems are in the report); 1: bad usage, an invalid config or a missing environment
 * variable; 2: a source could not be read or the push failed — nothing is written but the report.
 *
 * Choices where the contract is silent:
 * - The dataset and its state file are written to a temporary name and renamed, so a run that
 *   fails half-way leaves the previous files whole.
 * - A state file that cannot be read is ignored with a warning (every `updatedAt` then moves).
 * - When a source fails, the report lists the configured sources up to the failed one, all with
 *   zero counts (nothing was written), the failed one with an `error` sentence.
 */
import { createWriteStream, realpathSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COLLECTIONS, type Dataset, isCalendarDate } from '../dataset/schema';
import { ConfigError, type IngestConfig, lastCompleteDay, parseConfig } from './config';
import { type IngestState, ingestStateSchema, runIngest } from './ingest';
import { PushFailure, pushChanges, readServerState } from './push';
import { emptySourceReport, type IngestReport, type SourceReport, sourceLine, writeBackLine } from './report';
import { SOURCES } from './sources/index';
import { SourceError } from './types';
import { writeBack } from './writeback/index';

export const USAGE = `Usage: npm run --silent ingest -- --config FILE [--as-of YYYY-MM-DD] (--out FILE | --server URL --token T [--state FILE]) [--report FILE]

  --config FILE       the sources config (JSON; docs/CONNECTORS.md)
  --as-of YYYY-MM-DD  the last day to read (default: the config's dataThrough, else yesterday in UTC)
  --out FILE          write the whole dataset as one interchange JSON file (state in FILE.state.json)
  --server URL        push the changes since the server's last run to a Healthbar server …
  --token T           … with this workspace token
  --state FILE        with --server: keep the sources' state here (cursors, event carries), so the
                      next run reads only what is new; written only after a successful push
  --report FILE       write the data-quality report as JSON

Exit codes: 0 done (problems are in the report), 1 bad usage or invalid config, 2 a source could not be read or the push failed.`;

export interface Io {
  stderr: NodeJS.WritableStream;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
}

class UsageError extends Error {}

interface Options {
  config: string;
  asOf?: string;
  out?: string;
  server?: string;
  token?: string;
  /** With `--server`: where the sources' state (cursors, event carries) is kept between runs. */
  state?: string;
  report?: string;
}

function parseCli(argv: readonly string[]): Options | 'help' {
  let v: Record<string, string | boolean | undefined>;
  try {
    v = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string' },
        server: { type: 'string' },
        token: { type: 'string' },
        state: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (v.help) return 'help';
  const s = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
  const config = s('config');
  if (!config) throw new UsageError('--config FILE is required.');
  const asOf = s('as-of');
  if (asOf !== undefined && !isCalendarDate(asOf))
    throw new UsageError(`--as-of must be a date YYYY-MM-DD (got "${asOf}").`);
  const out = s('out');
  const server = s('server');
  if ((out === undefined) === (server === undefined))
    throw new UsageError('give exactly one of --out FILE and --server URL.');
  const token = s('token');
  if (server !== undefined) {
    if (token === undefined) throw new UsageError('--server needs --token T (a workspace token).');
    if (!/^https?:\/\/[^/]/i.test(server))
      throw new UsageError(`--server must be an http(s) URL (got "${server}").`);
  } else if (token !== undefined) throw new UsageError('--token goes with --server.');
  const state = s('state');
  if (state !== undefined && server === undefined)
    throw new UsageError('--state goes with --server (with --out the state is FILE.state.json).');
  return { config, asOf, out, server, token, state, report: s('report') };
}

/** Reads and validates a config file (`ConfigError` naming what is wrong). */
export async function loadConfig(path: string, env: Io['env']): Promise<IngestConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read the config ${path}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`The config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(raw, { env, configDir: dirname(resolve(path)), registry: SOURCES });
}

async function readState(path: string, io: Io): Promise<IngestState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return ingestStateSchema.parse(JSON.parse(text));
  } catch {
    io.stderr.write(
      `warning: ${path} is not an ingest state file; it was ignored (every account counts as changed).\n`,
    );
    return undefined;
  }
}

/** Streams the dataset as one JSON file, one record per line, then renames it into place. */
async function writeDatasetFile(path: string, dataset: Dataset): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp);
  const write = (s: string) =>
    new Promise<void>((ok, fail) => {
      stream.write(s, (e) => (e ? fail(e) : ok()));
    });
  const { schemaVersion, currency, generatedAt, dataThrough } = dataset;
  await write(JSON.stringify({ schemaVersion, currency, generatedAt, dataThrough }).slice(0, -1));
  for (const c of COLLECTIONS) {
    const list = dataset[c] as unknown[] | undefined;
    if (list === undefined) continue; // an optional collection the sources did not give
    await write(`,\n${JSON.stringify(c)}: [`);
    let buf = '';
    for (let i = 0; i < list.length; i++) {
      buf += `${i === 0 ? '\n' : ',\n'}${JSON.stringify(list[i])}`;
      if (buf.length > 65536) {
        await write(buf);
        buf = '';
      }
    }
    await write(`${buf}]`);
  }
  await write('\n}\n');
  await new Promise<void>((ok, fail) => stream.end((e?: Error | null) => (e ? fail(e) : ok())));
  await rename(tmp, path);
}

async function writeJson(path: string, value: unknown, indent: number | undefined = 2): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, indent)}\n`);
  await rename(tmp, path);
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function runIngestCli(argv: readonly string[], io: Io): Promise<number> {
  const say = (s: string) => io.stderr.write(`${s}\n`);
  let opts: Options | 'help';
  try {
    opts = parseCli(argv);
  } catch (e) {
    say(`healthbar ingest: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (opts === 'help') {
    say(USAGE);
    return 0;
  }
  let config: IngestConfig;
  try {
    config = await loadConfig(opts.config, io.env);
  } catch (e) {
    say(`healthbar ingest: ${(e as Error).message}`);
    return 1;
  }
  const now = io.now();
  const generatedAt = `${now.toISOString().slice(0, 19)}Z`;
  const asOf = opts.asOf ?? config.dataThrough ?? lastCompleteDay(now);
  const writeReport = async (report: IngestReport) => {
    if (opts.report !== undefined) await writeJson(opts.report, report);
  };
  try {
    const statePath = opts.out !== undefined ? `${opts.out}.state.json` : opts.state;
    const server = opts.server !== undefined ? { url: opts.server, token: opts.token as string } : undefined;
    const serverState = server ? await readServerState(server) : undefined;
    const state = statePath ? await readState(statePath, io) : undefined;
    // The accounts' previous hashes: the state file's with --out, the server's with --server.
    const previous = server ? serverState?.accounts : state?.accounts;
    const result = await runIngest(config, {
      asOf,
      generatedAt,
      previous,
      // The sources' last complete days and carries (incremental event rollups, cursors); a
      // `--server` run without `--state` keeps none, so it reads everything and pushes what changed.
      previousSources: state?.sources,
    });
    for (const s of result.report.sources) say(sourceLine(s));
    if (opts.out !== undefined && statePath !== undefined) {
      await writeDatasetFile(opts.out, result.dataset);
      // Compact (no indent): the state can hold event sources' carries (their rows and users).
      await writeJson(statePath, result.state, 0);
    } else if (server && serverState) {
      const pushed = await pushChanges(server, serverState, result.dataset);
      say(`pushed to ${server.url}: ${pushed.upserts} changed records, ${pushed.tombstones} deletions`);
      // Only once the server has the run's data: a state written before a failed push would make the
      // next run skip what this one read. The accounts' part of it is the server's, so only sources.
      if (statePath !== undefined) await writeJson(statePath, { ...result.state, accounts: {} }, 0);
    }
    // Write-back (CRM sources that ask for it) once the run's data is written.
    const report = await writeBack(config, result);
    for (const s of report.sources) if (s.writeBack) say(writeBackLine(s.name, s.writeBack));
    await writeReport(report);
    return 0;
  } catch (e) {
    if (!(e instanceof SourceError) && !(e instanceof PushFailure)) {
      say(`healthbar ingest: unexpected error: ${(e as Error).stack ?? String(e)}`);
      return 2;
    }
    say(`healthbar ingest: ${e.message}`);
    if (e instanceof SourceError) {
      const sources: SourceReport[] = [];
      for (const entry of config.sources) {
        const r = emptySourceReport(entry.config.name, entry.config.type);
        if (entry.config.name === e.source) {
          sources.push({ ...r, error: e.message });
          break;
        }
        sources.push(r);
      }
      await writeReport({ generatedAt, asOf, sources }).catch(() => undefined);
    }
    return 2;
  }
}

function isMain(): boolean {
  try {
    const entry = process.argv[1];
    return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runIngestCli(process.argv.slice(2), {
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`healthbar ingest: unexpected error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
