/**
 * Which browser origins may call the API (CORS): an origin parsed strictly, then matched against
 * the configured patterns (`ServerConfig.corsOrigins`).
 */
import { EXTENSION_ID } from './config';

/**
 * The origin parsed strictly: `scheme://host[:port]`, nothing else. Extension origins must carry
 * a real extension id (Chrome/Edge: 32 letters a–p; Firefox: a UUID), so `chrome-extension://`
 * with an empty or made-up id is no origin at all; web origins must be what `URL` would print.
 */
export function parseOrigin(origin: string): { scheme: string; host: string } | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)$/.exec(origin);
  if (!m) return null;
  const [, scheme, host] = m;
  if (scheme === 'chrome-extension' || scheme === 'moz-extension' || scheme === 'safari-web-extension') {
    return EXTENSION_ID.test(host) ? { scheme, host } : null;
  }
  if (scheme !== 'http' && scheme !== 'https') return null;
  try {
    return new URL(origin).origin === origin ? { scheme, host } : null;
  } catch {
    return null;
  }
}

/**
 * Is `origin` allowed by `patterns` (exact origins, or `*` matching within one part, e.g.
 * `chrome-extension://*`)? The origin must parse strictly (`parseOrigin`) first, and a `*` never
 * matches nothing.
 */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  if (parseOrigin(origin) === null) return false;
  return patterns.some((p) => {
    if (p === '*') return true;
    if (!p.includes('*')) return p === origin;
    const re = new RegExp(
      `^${p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('[^/]+')}$`,
    );
    return re.test(origin);
  });
}
