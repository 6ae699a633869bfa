#!/usr/bin/env node
// Makes sure a Firefox that can run the Firefox build is available for its smoke test, and
// prints its path.
// - FIREFOX_PATH wins (any Firefox ≥ 140 with WebDriver BiDi: release, ESR, Developer Edition).
// - Otherwise Debian's ESR at /usr/bin/firefox-esr; on Debian, when it is missing, it is installed
//   with apt-get (as root, or through sudo when that works without a password).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall } from './lib/apt-install.mjs';

export function findFirefox() {
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  for (const p of ['/usr/bin/firefox-esr', '/usr/bin/firefox']) if (existsSync(p)) return p;
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let path = findFirefox();
  if (!path) {
    try {
      aptInstall('firefox-esr', {
        what: 'about a minute',
        hint: 'No Firefox found. Set FIREFOX_PATH to a Firefox (≥ 140) binary.',
      });
    } catch (e) {
      console.error(String(e instanceof Error ? e.message : e));
      process.exit(1);
    }
    path = findFirefox();
  }
  if (!path) {
    console.error('Firefox is still missing after installing; set FIREFOX_PATH.');
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
