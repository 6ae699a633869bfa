import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESS_THRESHOLD, encodePage, pageEncoding } from './compression';

describe('pageEncoding', () => {
  it('takes the highest q, brotli before gzip at equal q, nothing refused', () => {
    expect(pageEncoding(undefined)).toBe('identity');
    expect(pageEncoding('')).toBe('identity');
    expect(pageEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pageEncoding('gzip, deflate')).toBe('gzip');
    expect(pageEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(pageEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(pageEncoding('deflate')).toBe('identity');
    expect(pageEncoding('*')).toBe('br');
    expect(pageEncoding('*;q=0.5, br;q=0')).toBe('gzip');
  });
});

describe('encodePage', () => {
  const body = JSON.stringify({ changes: Array.from({ length: 200 }, (_, i) => ({ id: `u-${i}`, dau: i })) });

  it('round-trips the exact text in brotli and gzip', async () => {
    const br = await encodePage(body, 'br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.bytes as Uint8Array).toString('utf8')).toBe(body);
    const gz = await encodePage(body, 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.bytes as Uint8Array).toString('utf8')).toBe(body);
    expect((br.bytes as Uint8Array).byteLength).toBeLessThan(body.length / 4);
  });

  it('sends a small body as it is', async () => {
    const small = 'x'.repeat(COMPRESS_THRESHOLD - 1);
    expect(await encodePage(small, 'br')).toEqual({ encoding: 'identity', bytes: small });
  });
});
