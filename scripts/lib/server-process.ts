import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  token: string;
  /** The demo's last day of data ('' when no demo data was seeded). */
  asOf: string;
  accounts: number;
  /** Book-scoped tokens issued at first start (`bookOwners`), by owner e-mail (lower case). */
  bookTokens: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the reference server (`npm run server`) on a free port with a fresh PGlite folder and
 * waits for its URL and first-start token. Used by the e2e suite and the demo.
 */
export async function startServer(options: {
  accounts: number;
  env?: NodeJS.ProcessEnv;
  /** Owners to issue a book-scoped token for at first start (HEALTHBAR_SEED_BOOK_TOKENS). */
  bookOwners?: readonly string[];
}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthbar-server-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      HEALTHBAR_DATA_DIR: dataDir,
      HEALTHBAR_DEMO_ACCOUNTS: String(options.accounts),
      ...(options.bookOwners?.length ? { HEALTHBAR_SEED_BOOK_TOKENS: options.bookOwners.join(',') } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const ready = await new Promise<{ url: string; token: string; asOf: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in 90 s:\n${out}\n${err}`)),
      90_000,
    );
    child.stdout?.on('data', (d) => {
      out += String(d);
      const url = /listening on (http:\/\/\S+?)\/?\s/.exec(out)?.[1];
      const token = /^Token: (\S+)$/m.exec(out)?.[1];
      const asOf = /data through (\d{4}-\d{2}-\d{2})/.exec(out)?.[1];
      // A server with connector sources (HEALTHBAR_SOURCES) seeds no demo data: no as-of line.
      const seeds = options.accounts > 0 && !options.env?.HEALTHBAR_SOURCES;
      if (url && token && (asOf || !seeds)) {
        clearTimeout(timer);
        resolve({ url: `${url}/`, token, asOf: asOf ?? '' });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}\n${err}`));
    });
  });
  // The book tokens are printed right after the workspace token, before the listening line.
  const bookTokens: Record<string, string> = {};
  for (const m of out.matchAll(/^Book token for (\S+): (\S+)$/gm)) bookTokens[m[1]] = m[2];
  return {
    ...ready,
    accounts: options.accounts,
    bookTokens,
    async stop() {
      // Wait for the server to have exited, however long its shutdown takes on a loaded
      // machine: SIGTERM (it closes its database), then SIGKILL after 15 s, and the exit itself.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
