/** A request body read with a size limit: as chunks, or written to a file (imports of zips and folders). */
import { open } from 'node:fs/promises';

/** Thrown once a body passes its limit (the API answers 413). */
export class TooLarge extends Error {}

/** The request body as chunks, refusing more than `limit` bytes. */
export async function* limitedBody(req: Request, limit: number): AsyncGenerator<Uint8Array> {
  if (!req.body) return;
  const reader = req.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > limit) throw new TooLarge();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Writes the body to `path`; returns its size in bytes. */
export async function bodyToFile(req: Request, path: string, limit: number): Promise<number> {
  const fh = await open(path, 'w');
  let n = 0;
  try {
    for await (const chunk of limitedBody(req, limit)) {
      await fh.write(chunk);
      n += chunk.byteLength;
    }
  } finally {
    await fh.close();
  }
  return n;
}

/** A byte count for messages: `1.5 MiB`, `12 KiB`. */
export function mib(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
