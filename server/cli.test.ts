import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from './db';
import { fetchPage, PG_URL } from './test/helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

let dataDir: string;
let schema: string | undefined;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'healthbar-cli-'));
  schema = PG_URL ? `hbtest_${randomBytes(6).toString('hex')}` : undefined;
  env = { ...process.env, HEALTHBAR_DATA_DIR: dataDir, NO_COLOR: '1' };
  if (schema) env.HEALTHBAR_DB_SCHEMA = schema;
  else delete env.DATABASE_URL;
});
afterAll(async () => {
  if (PG_URL && schema) {
    const db = await openDb({ databaseUrl: PG_URL, migrate: false });
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  }
  await rm(dataDir, { recursive: true, force: true });
});

function run(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code: code ?? -1, stdout, stderr }));
  });
}

const tokens = (...args: string[]) => run(['server/tokens.ts', ...args]);

describe('tokens CLI', () => {
  it('creates tokens (printing only the token), lists and revokes them', async () => {
    const ws = await tokens('create', '--name', 'ops laptop');
    expect(ws.code, ws.stderr).toBe(0);
    expect(ws.stdout).toMatch(/^hb_[A-Za-z0-9_-]{43}\n$/);
    const book = await tokens('create', '--owner', 'Ana@Example.com', '--name', 'Ana');
    expect(book.code, book.stderr).toBe(0);
    expect(book.stdout).toMatch(/^hb_[A-Za-z0-9_-]{43}\n$/);

    const list = await tokens('list');
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+LABEL\s+SCOPE\s+CREATED$/);
    expect(lines[1]).toMatch(/^1\s+ops laptop\s+workspace\s+\d{4}-\d{2}-\d{2}T/);
    expect(lines[2]).toMatch(/^2\s+Ana\s+book:ana@example\.com\s+\d{4}-/);
    expect(list.stdout).not.toContain(ws.stdout.trim());
    expect(list.stdout).not.toContain(book.stdout.trim());

    const revoked = await tokens('revoke', '1');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe('');
    expect((await tokens('revoke', '1')).code).toBe(1);
    const after = await tokens('list');
    expect(after.stdout).not.toMatch(/^1\s/m);
    expect(after.stdout).toMatch(/^2\s/m);

    const usage = await tokens('create', '--owner', 'not-an-email');
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/email/);
  }, 60_000);
});

function waitForLine(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolveLine, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${re}; output so far:\n${buf}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolveLine(m);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${re}; output:\n${buf}`));
    });
  });
}

describe('npm run server (server/main.ts)', () => {
  it('seeds an empty database, prints a token and its URL, serves, and stops cleanly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'healthbar-main-'));
    const mainSchema = schema ? `${schema}_main` : undefined;
    const child = spawn(TSX, ['server/main.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: '0',
        HEALTHBAR_DATA_DIR: dir,
        HEALTHBAR_DEMO_ACCOUNTS: '6',
        ...(mainSchema ? { HEALTHBAR_DB_SCHEMA: mainSchema } : {}),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    try {
      const m = await waitForLine(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\//, 40_000);
      const url = m[1];
      const token = /^Token: (hb_\S+)$/m.exec(stdout)?.[1];
      expect(token, stdout).toBeDefined();
      expect(stdout).toMatch(/Seeded the demo dataset: 6 accounts/);
      const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toMatchObject({ scope: 'workspace' });
      // Idle connections are kept 65 s (server/main.ts): what the server announces to clients.
      const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
        httpGet(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['keep-alive'])));
        }).on('error', reject);
      });
      expect(keepAlive).toBe('timeout=65');
      const page = await fetchPage(url, token!, undefined, 500);
      expect(page.changes.length).toBe(500);
      expect(page.hasMore).toBe(true);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect(page.dataThrough).toBe(yesterday);
      if (!mainSchema) {
        // The embedded database serves one process: the CLI says so instead of corrupting it.
        const busy = await run(['server/tokens.ts', 'list'], { HEALTHBAR_DATA_DIR: dir });
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(/in use by process \d+/);
      }
    } finally {
      const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await closed, stderr).toBe(0);
    }
    expect(existsSync(join(dir, 'healthbar.lock'))).toBe(false);
    if (mainSchema && PG_URL) {
      const db = await openDb({ databaseUrl: PG_URL, migrate: false });
      await db.query(`DROP SCHEMA IF EXISTS ${mainSchema} CASCADE`);
      await db.close();
    }
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
