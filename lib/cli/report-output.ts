/** The report CLI's output: the `json` format in pieces, and writing pieces to a stream. */

import type { Report } from '../metrics/index';

/** The `json` format, in pieces (one per account), so a large report never becomes one string. */
export function* jsonPieces(report: Report): Generator<string> {
  const entries = Object.entries(report);
  yield '{';
  let first = true;
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    const sep = first ? '' : ',';
    first = false;
    if (k === 'accounts' && Array.isArray(v)) {
      yield `${sep}${JSON.stringify(k)}:[`;
      for (let i = 0; i < v.length; i++) yield (i === 0 ? '' : ',') + JSON.stringify(v[i]);
      yield ']';
    } else {
      yield `${sep}${JSON.stringify(k)}:${JSON.stringify(v)}`;
    }
  }
  yield '}\n';
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Writes pieces to a stream in ~64 KB chunks, waiting for 'drain'. Stops quietly on EPIPE. */
export async function writeAll(
  out: NodeJS.WritableStream,
  pieces: Iterable<string>,
  addNewlines: boolean,
): Promise<void> {
  let broken = false;
  const onError = () => {
    broken = true;
  };
  out.on('error', onError);
  try {
    let buf = '';
    const flush = async () => {
      if (buf === '' || broken) return;
      const chunk = buf;
      buf = '';
      if (!out.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done);
            out.off('error', done);
            out.off('close', done);
            resolve();
          };
          out.on('drain', done);
          out.on('error', done);
          out.on('close', done);
        });
      }
    };
    for (const p of pieces) {
      if (broken) return;
      buf += addNewlines ? `${p}\n` : p;
      if (buf.length >= 65536) await flush();
    }
    await flush();
  } finally {
    out.off('error', onError);
  }
}
