#!/usr/bin/env node
// Makes sure a Chromium that can load unpacked extensions is available for the e2e suite,
// the demo and the benchmarks, and prints its path.
// - CHROMIUM_PATH wins (macOS/Windows: point it at Chrome for Testing or a Chromium build;
//   Google-branded Chrome ≥ 137 ignores --load-extension).
// - Otherwise /usr/bin/chromium; on Debian, when it is missing, it is installed with apt-get
//   (as root, or through sudo when that works without a password).
import { existsSync } from 'node:fs';
import { ensureBrowser } from './lib/apt-install.mjs';

export function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  return null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBrowser({
    find: findChromium,
    pkg: 'chromium',
    what: 'about 30 s',
    hint:
      'No Chromium found. Set CHROMIUM_PATH to a Chromium or Chrome for Testing binary ' +
      '(branded Google Chrome cannot load unpacked extensions from the command line).',
    envVar: 'CHROMIUM_PATH',
    name: 'Chromium',
  });
}
