/**
 * Compression of the sync pages, done here rather than by `hono/compress`.
 *
 * A full page is ~0.7 MB of JSON, already whole in memory. `hono/compress` pipes it through a
 * web `CompressionStream`; zlib's one-shot calls compress it in ~3–8 ms. They run on the
 * server's thread on purpose: zlib's async calls (libuv's thread pool) measured +40–90 ms per
 * page on a loaded 2-core machine — two thread hand-offs, each waiting for a core — against
 * +3–10 ms for the sync call (curl, a 5,000-usage page, brotli / gzip against identity).
 *
 * Brotli at quality 4 when the client accepts it (Chromium always does): on the sync pages it is
 * about twice as fast as gzip's default level and its output is ~10–20 % smaller, so a remote
 * user also downloads less than before. Other clients get gzip at zlib's default level (what
 * they got before); `identity` when neither is accepted.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';

export type PageEncoding = 'br' | 'gzip' | 'identity';

/** Smaller bodies are sent as they are (hono/compress's threshold). */
export const COMPRESS_THRESHOLD = 1024;

/** The encoding for an Accept-Encoding header: the highest q, brotli before gzip at equal q. */
export function pageEncoding(acceptEncoding: string | undefined): PageEncoding {
  if (!acceptEncoding) return 'identity';
  const accepts = parseAccept(acceptEncoding);
  const q = (enc: string): number => {
    const explicit = accepts.find((a) => a.type.toLowerCase() === enc);
    return explicit ? explicit.q : (accepts.find((a) => a.type === '*')?.q ?? 0);
  };
  const br = q('br');
  const gz = q('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/** zlib's output buffer as the plain Uint8Array a Response takes (zlib never returns shared memory). */
function view(b: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

/** The body in `encoding` (as is below the threshold: then the encoding is `identity`). */
export async function encodePage(
  body: string,
  encoding: PageEncoding,
): Promise<{ encoding: PageEncoding; bytes: Uint8Array<ArrayBuffer> | string }> {
  if (encoding === 'identity' || body.length < COMPRESS_THRESHOLD)
    return { encoding: 'identity', bytes: body };
  const raw = Buffer.from(body, 'utf8');
  if (encoding === 'br') {
    const bytes = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    return { encoding, bytes: view(bytes) };
  }
  return { encoding, bytes: view(gzipSync(raw)) };
}
