#!/usr/bin/env node
// Makes sure Poppler's pdftoppm and pdftotext are available for the success review's e2e test
// (it prints the review to PDF, reads its text and turns its pages into PNGs), and prints the
// path of pdftoppm. POPPLER_PDFTOPPM wins; otherwise /usr/bin/pdftoppm; on Debian, when it is
// missing, poppler-utils is installed with apt-get (as root, or through sudo without a password).
import { existsSync } from 'node:fs';
import { ensureBrowser } from './lib/apt-install.mjs';

export function findPdftoppm() {
  if (process.env.POPPLER_PDFTOPPM) return process.env.POPPLER_PDFTOPPM;
  return existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext') ? '/usr/bin/pdftoppm' : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBrowser({
    find: findPdftoppm,
    pkg: 'poppler-utils',
    what: 'a few seconds',
    hint: 'No pdftoppm found. Install Poppler (poppler-utils) or set POPPLER_PDFTOPPM.',
    envVar: 'POPPLER_PDFTOPPM',
    name: 'Poppler',
  });
}
