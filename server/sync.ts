/**
 * `GET /v1/sync`: pages of changes after a cursor, in seq order, with the workspace context.
 *
 * A page and the workspace row it reports are read in one snapshot. `nextCursor` is the last seq
 * of the page, or — on the last page — the workspace version, so a caught-up book skips past
 * changes of other books. The ETag names (epoch, version, as-of day, scope, cursor, limit): the
 * same request gives the same page until the workspace changes.
 */
import { createHash } from 'node:crypto';
import type { WorkspaceContext } from '../lib/dataset/schema';
import { computeWorkspaceContext } from '../lib/metrics/index';
import { type Cursor, decodeCursor, encodeCursor, scopeKey } from './cursor';
import type { Db, Queryable } from './db';
import {
  effectiveDataThrough,
  loadContextDataset,
  readChangesPage,
  readWorkspace,
  type Scope,
  type WorkspaceState,
} from './store';

export type SyncResult =
  | { ok: true; body: string; etag: string; count: number; hasMore: boolean }
  | { ok: false; status: 400 | 410; code: string; message: string }
  | { ok: false; status: 499; code: 'aborted'; message: string };

export interface SyncOptions {
  defaultCurrency: string;
  /** Today's UTC date, the as-of date when the workspace has neither dataThrough nor usage. */
  today: () => string;
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export class SyncService {
  /** The workspace context of one data version, and its JSON (written into every page). */
  private ctx: { key: string; value: Promise<{ context: WorkspaceContext; json: string }> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: SyncOptions,
  ) {}

  private asOf(ws: WorkspaceState): string {
    return effectiveDataThrough(ws) ?? this.options.today();
  }

  etag(ws: WorkspaceState, scope: Scope, cursor: string, limit: number): string {
    const h = createHash('sha256')
      .update([ws.epoch, ws.version, this.asOf(ws), scopeKey(scope), cursor, limit].join('\n'))
      .digest('base64url')
      .slice(0, 27);
    return `W/"${h}"`;
  }

  /** The ETag the request would get now (for If-None-Match), without reading a page. */
  async currentEtag(scope: Scope, cursor: string, limit: number): Promise<string> {
    return this.etag(await readWorkspace(this.db), scope, cursor, limit);
  }

  /** The workspace context as of the workspace's as-of date, computed once per data version. */
  private context(q: Queryable, ws: WorkspaceState): Promise<{ context: WorkspaceContext; json: string }> {
    const asOf = this.asOf(ws);
    const key = `${ws.epoch}:${ws.version}:${asOf}`;
    if (this.ctx?.key === key) return this.ctx.value;
    const value = loadContextDataset(q, ws, this.options.defaultCurrency).then((d) => {
      const context = computeWorkspaceContext(d, asOf);
      return { context, json: JSON.stringify(context) };
    });
    this.ctx = { key, value };
    value.catch(() => {
      if (this.ctx?.value === value) this.ctx = null;
    });
    return value;
  }

  /**
   * Computes the workspace context of the data as it is now. Called after an import, so the
   * context is computed once when the data changes, and the first sync page after it (every
   * client's next poll) does not wait for it.
   */
  async prepare(): Promise<void> {
    await this.db.transaction(
      async (q) => {
        await this.context(q, await readWorkspace(q));
      },
      { readOnlySnapshot: true },
    );
  }

  /**
   * One page. `signal` is the request's: a request its client has given up on (the engine's page
   * timeout, a closed tab) while it waited for a connection is not worked on — under load that
   * work would only keep the pool busy and delay the client's retry.
   */
  async page(
    scope: Scope,
    rawCursor: string | undefined,
    limit: number,
    signal?: AbortSignal,
  ): Promise<SyncResult> {
    const key = scopeKey(scope);
    const aborted = (): SyncResult => ({
      ok: false,
      status: 499,
      code: 'aborted',
      message: 'The client closed the request before its page was read.',
    });
    if (signal?.aborted) return aborted();
    return this.db.transaction(
      async (q): Promise<SyncResult> => {
        if (signal?.aborted) return aborted();
        const ws = await readWorkspace(q);
        let cursor: Cursor | null = null;
        if (rawCursor !== undefined && rawCursor !== '') {
          const d = decodeCursor(rawCursor, { epoch: ws.epoch, scopeKey: key });
          if (!d.ok)
            return {
              ok: false,
              status: d.code === 'cursor-expired' ? 410 : 400,
              code: d.code,
              message: d.message,
            };
          cursor = d.cursor;
          if (cursor.seq > ws.version) {
            return {
              ok: false,
              status: 410,
              code: 'cursor-expired',
              message:
                'The cursor is ahead of this database (was it restored from a backup?); sync again from the start.',
            };
          }
        }
        const after = cursor?.seq ?? 0;
        const floor = cursor?.floor ?? ws.version;
        const changes = await readChangesPage(q, scope, after, floor, limit);
        const { hasMore } = changes;
        const last = changes.lastSeq ?? after;
        const nextSeq = hasMore ? last : Math.max(ws.version, last);
        const nextCursor = encodeCursor({ epoch: ws.epoch, scopeKey: key, seq: nextSeq, floor });
        const context = await this.context(q, ws);
        const dataThrough = effectiveDataThrough(ws);
        const head: Record<string, unknown> = {
          schemaVersion: 1,
          currency: ws.currency ?? this.options.defaultCurrency,
        };
        if (dataThrough) head.dataThrough = dataThrough;
        if (ws.generatedAt) head.generatedAt = ws.generatedAt;
        // Echo of the cursor asked for (null from the start): a client refuses an answer that
        // belongs to another position (a cache or proxy mixing up pages).
        head.cursor = rawCursor ?? null;
        head.nextCursor = nextCursor;
        head.hasMore = hasMore;
        const headJson = JSON.stringify(head);
        const body = `${headJson.slice(0, -1)},"changes":[${changes.json}],"context":${context.json}}`;
        return {
          ok: true,
          body,
          etag: this.etag(ws, scope, rawCursor ?? '', limit),
          count: changes.count,
          hasMore,
        };
      },
      { readOnlySnapshot: true },
    );
  }
}
