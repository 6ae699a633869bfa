// Installs a Debian package with apt-get, for the browsers the tests, the demo and the benchmarks
// run (as root, or through sudo when that works without a password). Plain JavaScript so that
// `node scripts/ensure-*.mjs` needs no TypeScript loader.
import { execFileSync, execSync } from 'node:child_process';
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

/**
 * The command-line end of `scripts/ensure-*.mjs`: finds the browser (`find()`), installs `pkg`
 * when it is missing, says which version it uses on stderr and prints its path on stdout; exits 1
 * with a message naming `envVar` when there is still none.
 */
export function ensureBrowser({ find, pkg, what, hint, envVar, name }) {
  let path = find();
  if (!path) {
    try {
      aptInstall(pkg, { what, hint });
    } catch (e) {
      console.error(String(e instanceof Error ? e.message : e));
      process.exit(1);
    }
    path = find();
  }
  if (!path) {
    console.error(`${name} is still missing after installing; set ${envVar}.`);
    process.exit(1);
  }
  try {
    const v = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    console.error(`Using ${v.trim()} at ${path}`);
  } catch {
    console.error(`Using ${path}`);
  }
  console.log(path);
}
