/**
 * `npm run server`: the sync API on http://127.0.0.1:8787 (PORT, HOST), with PGlite in
 * HEALTHBAR_DATA_DIR (default .healthbar-data/) or PostgreSQL at DATABASE_URL. An empty database
 * is seeded with the demo dataset (HEALTHBAR_DEMO_ACCOUNTS, default 300; seed 42; data through
 * yesterday, UTC) and a workspace token printed as `Token: <token>`.
 *
 * HEALTHBAR_SEED_BOOK_TOKENS=a@x.com,b@x.com: on that first start, also a token scoped to each
 * owner's book, printed as `Book token for <owner>: <token>` (tests and demos).
 *
 * HEALTHBAR_SOURCES=FILE: a connector config (docs/CONNECTORS.md); the server then ingests its
 * sources on the config's `schedule` and on `POST /v1/ingest/run` (server/ingest.ts), and an empty
 * database gets only a token (no demo data mixed with the team's).
 */
import { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { loadConfig } from '../lib/connectors/cli';
import type { IngestConfig } from '../lib/connectors/config';
import { createApp } from './app';
import { configFromEnv } from './config';
import { DataDirBusy } from './data-lock';
import { IngestRunner } from './ingest';
import { openFromEnv } from './open';
import { isEmpty, seedIfEmpty, yesterdayUtc } from './seed';

/** How long an idle keep-alive connection is kept (see below, after `serve`). */
const KEEP_ALIVE_MS = 65_000;

function envInt(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const port = envInt('PORT', 8787);
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const sourcesPath = process.env.HEALTHBAR_SOURCES?.trim() || undefined;
  let sources: IngestConfig | undefined;
  if (sourcesPath) {
    try {
      sources = await loadConfig(sourcesPath, process.env);
    } catch (e) {
      console.error(`HEALTHBAR_SOURCES: ${(e as Error).message}`);
      process.exitCode = 1;
      return;
    }
  }
  const demoAccounts = sources ? 0 : envInt('HEALTHBAR_DEMO_ACCOUNTS', 300);
  const config = configFromEnv();

  let opened: Awaited<ReturnType<typeof openFromEnv>>;
  try {
    opened = await openFromEnv();
  } catch (e) {
    console.error(e instanceof DataDirBusy ? e.message : `Cannot open the database: ${(e as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const { db } = opened;
  console.log(
    `Database: ${db.kind === 'pglite' ? `PGlite in ${opened.where}` : `PostgreSQL ${opened.where}`}`,
  );

  const asOf = yesterdayUtc();
  if (demoAccounts > 0 && (await isEmpty(db))) {
    console.log(`Empty database: seeding the demo dataset (${demoAccounts} accounts, data through ${asOf})…`);
  }
  const bookOwners = (process.env.HEALTHBAR_SEED_BOOK_TOKENS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const seeded = await seedIfEmpty(db, { accounts: demoAccounts, seed: 42, asOf, bookOwners });
  if (seeded.token) {
    if (seeded.accounts > 0)
      console.log(`Seeded the demo dataset: ${seeded.accounts} accounts, data through ${asOf}.`);
    console.log('Workspace token (shown once; paste it into the extension options):');
    console.log(`Token: ${seeded.token}`);
    for (const b of seeded.bookTokens) console.log(`Book token for ${b.owner}: ${b.token}`);
  }

  const ingest = sources ? new IngestRunner({ db, config: sources, info: (m) => console.log(m) }) : undefined;
  const app = createApp({ db, config, info: (m) => console.log(m), ingest });
  // Large uploads may take longer than Node's default 5 minutes to arrive.
  const serverOptions = { requestTimeout: 60 * 60_000 };
  const server = serve({ fetch: app.fetch, port, hostname: host, serverOptions }, (info) => {
    const shown = info.address.includes(':') ? `[${info.address}]` : info.address;
    console.log(`Healthbar sync API listening on http://${shown}:${info.port}/`);
    if (ingest) {
      const every = ingest.scheduleMinutes;
      console.log(
        `Connector sources from ${sourcesPath}: ${sources?.sources.map((s) => s.config.name).join(', ')}; ${every > 0 ? `ingest now and every ${every} min` : 'ingest on POST /v1/ingest/run only'}.`,
      );
      ingest.start().catch((e) => console.error(`The ingest could not start: ${(e as Error).message}`));
    }
    if (!seeded.token) {
      console.log(
        'New tokens: stop the server, then npm run -s tokens -- create [--owner EMAIL] [--name LABEL]',
      );
    }
  });
  // Idle keep-alive connections are kept 65 s, not Node's 5 s. A client reuses an idle connection
  // until the `Keep-Alive: timeout` the server announces, less a margin of a second or so; when
  // its event loop runs later than that margin, it sends its next request on a connection the
  // server is closing just then, and the request fails with "other side closed" (`npm run bench
  // -- --only load`: 1–12 such requests per run with 5 s, none with 65 s). 65 s also outlasts the
  // 60 s idle timeout of common load balancers, so one in front closes first, as it expects.
  // Headers may take as long. (`serve` returns an HTTP/1 server here: no `createServer` option.)
  if (server instanceof HttpServer) {
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1000;
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      (ingest ? ingest.stop() : Promise.resolve())
        .then(() => opened.close())
        .then(
          () => process.exit(0),
          (e) => {
            console.error(`Closing the database failed: ${(e as Error).message}`);
            process.exit(1);
          },
        );
    });
    // Idle keep-alive connections would hold close() open.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.on('error', (e) => {
    console.error(`Cannot listen on ${host}:${port}: ${e.message}`);
    opened.close().finally(() => process.exit(1));
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
