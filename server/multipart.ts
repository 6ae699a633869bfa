/**
 * A streaming `multipart/form-data` reader that writes each file part to disk, so an upload of
 * CSV files is never held in memory. Only what the import needs: parts are named by their
 * `filename` (or field name), and `accept` decides where each one goes (or that it is skipped).
 */
import { open } from 'node:fs/promises';

export class MultipartError extends Error {}

export interface SavedPart {
  /** The part's file name (or field name when it has none). */
  name: string;
  /** Where it was written; null when `accept` skipped it. */
  path: string | null;
  bytes: number;
}

/** The boundary of a `multipart/form-data` content type, or null. */
export function multipartBoundary(contentType: string): string | null {
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

function dispositionParam(header: string, param: string): string | null {
  const re = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? null);
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Reads a multipart body from `chunks`, writing every accepted part to the path `accept` gives.
 * Throws `MultipartError` when the body is not well-formed multipart.
 */
export async function saveMultipart(
  chunks: AsyncIterable<Uint8Array>,
  boundary: string,
  accept: (name: string) => string | null,
): Promise<SavedPart[]> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: SavedPart[] = [];
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let state = 'preamble' as State;
  // A leading CRLF lets the first boundary (which has none before it) match the delimiter.
  let buf: Buffer = Buffer.from(CRLF);
  let file: Awaited<ReturnType<typeof open>> | null = null;
  let current: SavedPart | null = null;

  const write = async (data: Buffer) => {
    if (data.length === 0 || current === null) return;
    current.bytes += data.length;
    if (file) await file.write(data);
  };
  const endPart = async () => {
    if (file) await file.close();
    file = null;
    if (current) parts.push(current);
    current = null;
  };

  try {
    const step = async (): Promise<boolean> => {
      switch (state) {
        case 'preamble': {
          const i = buf.indexOf(delimiter);
          if (i < 0) {
            buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
            return false;
          }
          buf = buf.subarray(i + delimiter.length);
          state = 'after-delimiter';
          return true;
        }
        case 'after-delimiter': {
          if (buf.length < 2) return false;
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            state = 'done';
            return false;
          }
          const i = buf.indexOf(CRLF);
          if (i < 0) {
            if (buf.length > 1024) throw new MultipartError('a multipart boundary line is malformed');
            return false;
          }
          if (buf.subarray(0, i).toString('latin1').trim() !== '') {
            throw new MultipartError('a multipart boundary line is malformed');
          }
          buf = buf.subarray(i + 2);
          state = 'headers';
          return true;
        }
        case 'headers': {
          const i = buf.indexOf(HEADER_END);
          if (i < 0) {
            if (buf.length > MAX_HEADER_BYTES) throw new MultipartError('the headers of a part are too long');
            return false;
          }
          const headers = buf.subarray(0, i).toString('utf8').split('\r\n');
          buf = buf.subarray(i + 4);
          const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h)) ?? '';
          const name =
            dispositionParam(disposition, 'filename') ?? dispositionParam(disposition, 'name') ?? '';
          const base = name.replace(/^.*[\\/]/, '');
          const path = accept(base);
          current = { name: base, path, bytes: 0 };
          if (path !== null) file = await open(path, 'w');
          state = 'body';
          return true;
        }
        case 'body': {
          const i = buf.indexOf(delimiter);
          if (i < 0) {
            const safe = buf.length - (delimiter.length - 1);
            if (safe > 0) {
              await write(buf.subarray(0, safe));
              buf = buf.subarray(safe);
            }
            return false;
          }
          await write(buf.subarray(0, i));
          await endPart();
          buf = buf.subarray(i + delimiter.length);
          state = 'after-delimiter';
          return true;
        }
        default:
          return false;
      }
    };
    for await (const chunk of chunks) {
      if (state === 'done') continue;
      buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
      while (await step()) {}
    }
    if (state !== 'done') throw new MultipartError('the multipart body ended before its closing boundary');
    return parts;
  } finally {
    if (file) await (file as Awaited<ReturnType<typeof open>>).close().catch(() => {});
  }
}
