#!/usr/bin/env node
// Makes sure a Firefox that can run the Firefox build is available for its smoke test, and
// prints its path.
// - FIREFOX_PATH wins (any Firefox ≥ 140 with WebDriver BiDi: release, ESR, Developer Edition).
// - Otherwise Debian's ESR at /usr/bin/firefox-esr; on Debian, when it is missing, it is installed
//   with apt-get (as root, or through sudo when that works without a password).
import { existsSync } from 'node:fs';
import { ensureBrowser } from './lib/apt-install.mjs';

export function findFirefox() {
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  for (const p of ['/usr/bin/firefox-esr', '/usr/bin/firefox']) if (existsSync(p)) return p;
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBrowser({
    find: findFirefox,
    pkg: 'firefox-esr',
    what: 'about a minute',
    hint: 'No Firefox found. Set FIREFOX_PATH to a Firefox (≥ 140) binary.',
    envVar: 'FIREFOX_PATH',
    name: 'Firefox',
  });
}
