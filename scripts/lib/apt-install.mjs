// Installs a Debian package with apt-get, for the browsers the tests, the demo and the benchmarks
// run (as root, or through sudo when that works without a password). Plain JavaScript so that
// `node scripts/ensure-*.mjs` needs no TypeScript loader.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * `apt-get update` then `apt-get install -y PKG`. Throws with `hint` where apt-get cannot be used
 * (not Debian): the caller's message says which environment variable points at a browser instead.
 */
export function aptInstall(pkg, { what, hint }) {
  if (!existsSync('/etc/debian_version')) throw new Error(hint);
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? '' : 'sudo -n ';
  console.error(`Installing Debian's ${pkg} package (${what})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync(`${prefix}apt-get update -qq`, { stdio: ['ignore', 'ignore', 'inherit'], env });
  execSync(`${prefix}apt-get install -y -qq ${pkg}`, { stdio: ['ignore', 'ignore', 'inherit'], env });
}
