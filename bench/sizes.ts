/**
 * Bundle sizes of the production build (`.output/chrome-mv3`), gzip level 9, each file
 * compressed on its own:
 * - content script: the manifest's `content_scripts` js + css (and any chunk they import);
 * - panelFirstPaint: what `sidepanel.html` loads before its first paint — the page, its module
 *   script, the chunks it imports statically (transitively) and its stylesheets;
 * - panel: the whole panel — the same, and every chunk imported dynamically from there on (the
 *   React panel, which the first paint loads once the score shows, and what it loads lazily);
 * - background: the manifest's service worker and the chunks it imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeEntry {
  files: string[];
  rawBytes: number;
  gzBytes: number;
}

export interface Sizes {
  contentScript: SizeEntry;
  panelFirstPaint: SizeEntry;
  panel: SizeEntry;
  background: SizeEntry;
}

/** The static imports of a built module (`import … from "./x.js"`, `import "./x.js"`). */
function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:\bimport\s*(?:[\w${},*\s]+from\s*)?|\bexport\s*[\w${},*\s]+from\s*)["']([^"']+\.js)["']/g;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) out.push(m[1]);
  return out;
}

/** The dynamic imports of a built module (`import("./x.js")`). */
function dynamicImports(code: string): string[] {
  return [...code.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)].map((m) => m[1]);
}

/**
 * The file and every module it imports, transitively (paths relative to `root`): statically
 * only, or also dynamically (`dynamic`).
 */
function closure(root: string, entries: string[], dynamic = false): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    const norm = posix.normalize(rel.replace(/^\//, ''));
    if (seen.has(norm)) return;
    seen.add(norm);
    if (!norm.endsWith('.js')) return;
    const code = readFileSync(join(root, norm), 'utf8');
    for (const imp of dynamic ? [...staticImports(code), ...dynamicImports(code)] : staticImports(code)) {
      if (!imp.startsWith('.') && !imp.startsWith('/')) continue;
      visit(imp.startsWith('/') ? imp : posix.join(posix.dirname(norm), imp));
    }
  };
  for (const e of entries) visit(e);
  return [...seen];
}

function measure(root: string, files: string[]): SizeEntry {
  let rawBytes = 0;
  let gzBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(root, f));
    rawBytes += buf.length;
    gzBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { files, rawBytes, gzBytes };
}

export function bundleSizes(root: string): Sizes {
  if (!existsSync(join(root, 'manifest.json'))) throw new Error(`no build in ${root}`);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[]; css?: string[] }[];
    background?: { service_worker?: string };
    side_panel?: { default_path?: string };
  };
  const cs = (manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]);
  const bg = manifest.background?.service_worker ? [manifest.background.service_worker] : [];
  const page = manifest.side_panel?.default_path ?? 'sidepanel.html';
  const html = readFileSync(join(root, page), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  const pageDir = dirname(page) === '.' ? '' : dirname(page);
  const resolved = refs.map((r) => (r.startsWith('/') ? r.slice(1) : posix.join(pageDir, r)));
  return {
    contentScript: measure(root, closure(root, cs)),
    panelFirstPaint: measure(root, [page, ...closure(root, resolved)]),
    panel: measure(root, [page, ...closure(root, resolved, true)]),
    background: measure(root, closure(root, bg)),
  };
}
