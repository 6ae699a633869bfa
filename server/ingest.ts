/**
 * The ingest inside the server (CONNECTORS.md, "In the server"): `HEALTHBAR_SOURCES=FILE` names a
 * connector config; the runner reads its sources on the config's `schedule` (whole minutes,
 * default 60; 0 = only on demand) and on `POST /v1/ingest/run`, one run at a time, and writes the
 * changes into the store the way an import does (`importJson`, then tombstones), so the
 * extension's next sync carries only what changed.
 *
 * The pipeline is the CLI's (lib/connectors: `runIngest`, `planPush`); only the target differs:
 * the previous state is the store's own content (read from `records`), not `GET /v1/sync`.
 *
 * Choices where the contract is silent:
 * - A source that cannot be read keeps the data it gave last time: its last good output is kept
 *   in `ingest_sources` and used again; the report marks the source with `error`. A source that
 *   fails with no output kept fails the run: nothing is written and the report says why.
 * - Accounts are never deleted; rows are deleted only for accounts the run gives (as `--server`).
 * - The first scheduled run starts when the server starts; the next one `schedule` minutes after
 *   the previous one ended (runs never overlap).
 * - A run left `running` by a server that stopped is deleted at the next start (it wrote nothing
 *   it did not commit, and has no report).
 * - Any token may read the latest report (counts and the ids of records left out, none of which
 *   is in an owner's book); only a workspace token may start a run.
 */
import type { IngestConfig } from '../lib/connectors/config';
import { lastCompleteDay } from '../lib/connectors/config';
import { type IngestState, runIngest } from '../lib/connectors/ingest';
import { accountStates, emptyRecords, planPush } from '../lib/connectors/push';
import {
  emptySourceReport,
  type IngestReport,
  type LatestIngestRun,
  type SourceReport,
} from '../lib/connectors/report';
import { SourceError, type SourceOutput } from '../lib/connectors/types';
import { writeBack } from '../lib/connectors/writeback/index';
import { type CollectionName, recordKey } from '../lib/dataset/schema';
import type { Db, Queryable } from './db';
import { importJson } from './import';
import { readWorkspace, writeTransaction } from './store';

export const DEFAULT_SCHEDULE_MINUTES = 60;

export interface IngestRunnerOptions {
  db: Db;
  config: IngestConfig;
  /** The clock (a run's `generatedAt` and default as-of day). Default: now. */
  now?: () => Date;
  /** Passed to sources for retry waits (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /** One line per run (default: nothing). */
  info?: (message: string) => void;
  importBatchSize?: number;
}

export type TriggerResult = { ok: true; runId: number } | { ok: false };

function parseJsonb<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Every live record of the store, keyed as `planPush` compares them. */
async function readStore(q: Queryable) {
  const records = emptyRecords();
  const { rows } = await q.query<{ collection: CollectionName; record: string }>(
    'SELECT collection, record::text AS record FROM records WHERE NOT deleted',
  );
  for (const r of rows) {
    const record = JSON.parse(r.record);
    records.get(r.collection)?.set(recordKey(r.collection, record as never), record);
  }
  return records;
}

export class IngestRunner {
  private readonly db: Db;
  private readonly config: IngestConfig;
  private readonly now: () => Date;
  private readonly info: (m: string) => void;
  private busy = false;
  private current: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: IngestRunnerOptions) {
    this.db = options.db;
    this.config = options.config;
    this.now = options.now ?? (() => new Date());
    this.info = options.info ?? (() => {});
  }

  /** Minutes between runs (0: only on demand). */
  get scheduleMinutes(): number {
    return this.config.schedule ?? DEFAULT_SCHEDULE_MINUTES;
  }

  /** Forgets runs a stopped server left unfinished, then starts the schedule (unless 0). */
  async start(): Promise<void> {
    await this.db.query(`DELETE FROM ingest_runs WHERE status = 'running'`);
    if (this.scheduleMinutes > 0) this.scheduleNext(0);
  }

  private scheduleNext(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.trigger()
        .then(async (r) => {
          if (r.ok) await this.current;
        })
        .catch((e) => this.info(`ingest: could not start a run: ${(e as Error).message}`))
        .finally(() => this.scheduleNext(this.scheduleMinutes * 60_000));
    }, ms);
  }

  /** Stops the schedule and waits for a run under way to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
  }

  get running(): boolean {
    return this.busy;
  }

  /** Starts a run unless one is going; resolves once it is recorded (its id), not when it ends. */
  async trigger(): Promise<TriggerResult> {
    if (this.busy) return { ok: false };
    this.busy = true;
    let runId: number;
    try {
      const r = await this.db.query<{ id: string | number }>(
        `INSERT INTO ingest_runs (status) VALUES ('running') RETURNING id`,
      );
      runId = Number(r.rows[0].id);
    } catch (e) {
      this.busy = false;
      throw e;
    }
    this.current = this.execute(runId).finally(() => {
      this.busy = false;
      this.current = null;
    });
    return { ok: true, runId };
  }

  /** Waits for the run under way, if any (tests). */
  async idle(): Promise<void> {
    await this.current;
  }

  /** The report of the last run that ended, or null when none has. */
  async latest(): Promise<LatestIngestRun | null> {
    const { rows } = await this.db.query<{
      id: string | number;
      status: 'done' | 'failed';
      finished_at: Date | string;
      report: unknown;
    }>(
      `SELECT id, status, finished_at, report FROM ingest_runs
       WHERE status <> 'running' ORDER BY id DESC LIMIT 1`,
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...parseJsonb<IngestReport>(r.report),
      runId: Number(r.id),
      status: r.status,
      finishedAt: isoSeconds(new Date(r.finished_at)),
      running: this.busy,
    };
  }

  private async execute(runId: number): Promise<void> {
    const now = this.now();
    const generatedAt = isoSeconds(now);
    const asOf = this.config.dataThrough ?? lastCompleteDay(now);
    let report: IngestReport;
    let status: 'done' | 'failed' = 'done';
    try {
      report = await this.ingest(generatedAt, asOf);
    } catch (e) {
      status = 'failed';
      const message = e instanceof Error ? e.message : String(e);
      const sources: SourceReport[] = this.config.sources.map((s) => {
        const r = emptySourceReport(s.config.name, s.config.type);
        return e instanceof SourceError && e.source === s.config.name ? { ...r, error: message } : r;
      });
      report = { generatedAt, asOf, sources, error: `Nothing was written: ${message}` };
    }
    await this.db.query(
      `UPDATE ingest_runs SET status = $2, finished_at = now(), report = $3::jsonb WHERE id = $1`,
      [runId, status, JSON.stringify(report)],
    );
    this.info(
      `ingest run ${runId} ${status}: ${report.sources
        .map(
          (s) =>
            `${s.name} read ${s.read}, attached ${s.attached}${s.error ? ` (failed: ${s.error})` : ''}${
              s.writeBack && !s.writeBack.skipped
                ? `, wrote back ${s.writeBack.written} (${s.writeBack.failed} failed)`
                : ''
            }`,
        )
        .join('; ')}${report.error ? `; ${report.error}` : ''}`,
    );
  }

  private async ingest(generatedAt: string, asOf: string): Promise<IngestReport> {
    const db = this.db;
    const records = await readStore(db);
    const kept = await db.query<{ name: string; last_complete_day: string | null; carry: unknown }>(
      `SELECT name, last_complete_day, output->'carry' AS carry FROM ingest_sources`,
    );
    const previousSources: NonNullable<IngestState['sources']> = {};
    for (const k of kept.rows) {
      if (!k.last_complete_day) continue;
      // A source's carry (incremental event rollups) is in the output it gave last time.
      const carry = k.carry === null || k.carry === undefined ? undefined : parseJsonb<unknown>(k.carry);
      previousSources[k.name] = {
        lastCompleteDay: k.last_complete_day,
        ...(carry === undefined ? {} : { carry }),
      };
    }
    const failed = new Map<string, string>();
    const result = await runIngest(this.config, {
      asOf,
      generatedAt,
      previous: accountStates(records),
      previousSources,
      sleep: this.options.sleep,
      fallback: async (name, error) => {
        failed.set(name, error.message);
        const r = await db.query<{ output: unknown }>(
          'SELECT output FROM ingest_sources WHERE name = $1 AND output IS NOT NULL',
          [name],
        );
        return r.rows[0] ? parseJsonb<SourceOutput>(r.rows[0].output) : undefined;
      },
    });

    const plan = planPush({ records }, result.dataset);
    const ws = await readWorkspace(db);
    const { dataset } = result;
    if (plan.upserts > 0 || (dataset.dataThrough ?? null) !== ws.dataThrough) {
      const body: Record<string, unknown> = {
        schemaVersion: dataset.schemaVersion,
        currency: dataset.currency,
        generatedAt: dataset.generatedAt,
        dataThrough: dataset.dataThrough,
        ...plan.changed,
      };
      const imported = await importJson(db, body, { batchSize: this.options.importBatchSize ?? 2000 });
      if (imported.rejected > 0) {
        this.info(
          `ingest: the store rejected ${imported.rejected} records: ${imported.rejections
            .slice(0, 3)
            .map((r) => r.message)
            .join('; ')}`,
        );
      }
    }
    if (plan.deletions.length > 0) {
      await writeTransaction(db, async (tx) => {
        for (const d of plan.deletions) await tx.tombstone(d.collection, d.rid, d.rsub);
      });
    }

    // The sources' state, once their data is in the store.
    for (const s of result.sources) {
      const error = failed.get(s.name) ?? null;
      if (error !== null) {
        await db.query(
          `UPDATE ingest_sources SET error = $2, type = $3, updated_at = now() WHERE name = $1`,
          [s.name, error, s.type],
        );
        continue;
      }
      await db.query(
        `INSERT INTO ingest_sources (name, type, last_complete_day, output, error, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, NULL, now())
         ON CONFLICT (name) DO UPDATE SET type = $2, last_complete_day = $3, output = $4::jsonb,
           error = NULL, updated_at = now()`,
        [s.name, s.type, asOf, JSON.stringify(s.output)],
      );
    }
    // Write-back (CRM sources that ask for it) once the run's data is in the store.
    return writeBack(this.config, result, { sleep: this.options.sleep });
  }
}
