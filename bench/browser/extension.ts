/**
 * A copy of the production build with one extra page, `bench.html` (+ `bench.js`, bundled here
 * from bench/browser/page.ts with esbuild, the bundler tsx runs on). Everything else is the
 * build byte for byte; loading the copy gives the bench page the extension's origin, IndexedDB
 * and messaging, with no change to the shipped extension.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export async function prepareExtension(buildDir: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'healthbar-bench-ext-')), 'chrome-mv3');
  cpSync(buildDir, dir, { recursive: true });
  await build({
    entryPoints: [resolve(import.meta.dirname, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    outfile: join(dir, 'bench.js'),
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'bench.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Healthbar bench</title>' +
      '<script type="module" src="/bench.js"></script></head><body></body></html>',
  );
  return dir;
}
