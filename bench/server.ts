/**
 * The reference sync server (`server/main.ts`) in a child process, on a free port, with an empty
 * PGlite folder of its own: no demo seed (HEALTHBAR_DEMO_ACCOUNTS=0), the workspace token read
 * from its `Token:` line. The per-token rate limit is raised so that the ~1,000 pages of an
 * initial sync measure the sync, not the throttle; JSON imports may be up to 1 GiB.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface BenchServer {
  url: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

/**
 * `env` is laid over the defaults (e.g. DATABASE_URL; '' puts a setting back to the server's
 * default); `token: false` for a server on a database that already has one (no `Token:` line).
 */
export async function startServer(
  options: { env?: Record<string, string>; token?: boolean } = {},
): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthbar-bench-server-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      // PGlite in its own folder unless `env` names a database: a DATABASE_URL in the bench's
      // environment (for the events part's PostgreSQL figures) is not this server's.
      DATABASE_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      HEALTHBAR_DATA_DIR: dataDir,
      HEALTHBAR_DEMO_ACCOUNTS: '0',
      HEALTHBAR_RATE_BURST: '1000000',
      HEALTHBAR_RATE_PER_MINUTE: '100000000',
      HEALTHBAR_MAX_IMPORT_BYTES: '2g',
      HEALTHBAR_MAX_JSON_BYTES: '1g',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const { url, token } = await new Promise<{ url: string; token: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the sync server did not start:\n${out}\n${err}`)), 60_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const t = /Token: (\S+)/.exec(out);
      const u = /listening on (http:\/\/\S+)/.exec(out);
      if ((t || options.token === false) && u) {
        clearTimeout(timer);
        ok({ url: u[1].endsWith('/') ? u[1] : `${u[1]}/`, token: t?.[1] ?? '' });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the sync server exited (${code}):\n${out}\n${err}`));
    });
  });
  return {
    url,
    token,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `POST /v1/import` of a JSON dataset — a string, or `{ file }` streamed from disk (the
 * 20,000-account JSON is ~1 GB) — and returns the server's report. Sent with node:http, which
 * waits for the answer as long as it takes: fetch (undici) gives up after 300 s without response
 * headers, less than a large import takes.
 */
export async function importJson(
  server: BenchServer,
  body: string | { file: string },
): Promise<{ accepted: number; changed: number }> {
  const { status, text } = await new Promise<{ status: number; text: string }>((ok, fail) => {
    const req = request(
      new URL('v1/import', server.url),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.token}`,
          'content-type': 'application/json',
          'content-length': typeof body === 'string' ? Buffer.byteLength(body) : statSync(body.file).size,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => ok({ status: res.statusCode ?? 0, text }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (typeof body === 'string') req.end(body);
    else createReadStream(body.file, { highWaterMark: 1 << 20 }).pipe(req);
  });
  if (status < 200 || status >= 300) throw new Error(`import failed (${status}): ${text.slice(0, 500)}`);
  return JSON.parse(text);
}
