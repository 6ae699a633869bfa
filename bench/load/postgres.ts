/**
 * A throwaway PostgreSQL cluster for the load part: Debian's server binaries
 * (/usr/lib/postgresql/<newest>/bin; `postgresql` installed with apt-get when missing, as
 * scripts/test-server-pg.sh does), `initdb` into a temp folder, `pg_ctl start` on a free
 * loopback port (its socket in that folder too), removed again by `stop()`. PostgreSQL refuses
 * to run as root: as root the folder is handed to the `postgres` user and the tools run through
 * `runuser -u postgres`, as the script does.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';

function newestBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v === undefined ? undefined : join(PG_ROOT, v, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

function run(cmd: string, args: string[], what: string): string {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', cwd: '/' });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

function installPostgres(): void {
  const sudo = isRoot() ? [] : ['sudo', '-n'];
  const apt = (args: string[]) =>
    spawnSync(
      sudo[0] ?? 'env',
      [...sudo.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    ).status === 0;
  if (!apt(['install', '-y', '-q', 'postgresql'])) {
    apt(['update', '-q']);
    if (!apt(['install', '-y', '-q', 'postgresql']))
      throw new Error("Could not install Debian's postgresql (needs root or passwordless sudo)");
  }
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

export async function startPostgres(log: (m: string) => void = () => {}): Promise<BenchPostgres> {
  let bin = newestBin();
  if (!bin) {
    log("installing Debian's postgresql (apt-get)…");
    installPostgres();
    bin = newestBin();
    if (!bin) throw new Error(`postgresql was installed but no server is under ${PG_ROOT}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'healthbar-bench-pg-'));
  chmodSync(dir, 0o755);
  if (isRoot()) spawnSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'healthbar', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    'initdb',
  );
  const port = await freePort();
  run(
    join(bin, 'pg_ctl'),
    [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
      'start',
    ],
    'pg_ctl start',
  );
  return {
    url: `postgresql://healthbar@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], 'pg_ctl stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
