/**
 * Node's dataset entries (lib/dataset/read-entries.ts): the files of a folder and the entries of
 * a zip, each a name and a byte stream. Used by the CLI's reader (read-node.ts) and the server's
 * imports (server/import.ts).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { errorText } from './parse';
import type { DatasetEntry } from './read-entries';

/** The files at the top level of a folder, by name. Throws the I/O error of an unreadable folder. */
export async function folderEntries(dir: string): Promise<DatasetEntry[]> {
  const names = (await readdir(dir)).sort();
  const out: DatasetEntry[] = [];
  for (const name of names) {
    const full = join(dir, name);
    let size: number;
    try {
      const info = await stat(full);
      if (!info.isFile()) continue;
      size = info.size;
    } catch {
      continue;
    }
    out.push({ name, label: name, size, chunks: () => createReadStream(full) });
  }
  return out;
}

/** A zip that cannot be opened or listed; the message names it. */
export class ZipUnreadable extends Error {}

/**
 * Opens a zip and gives its entries (labelled `<labelPrefix>:<entry name>`) to `use`; the zip is
 * closed when `use` settles. Entries are inflated as streams when read.
 */
export async function withZipEntries<T>(
  path: string,
  names: { what: string; labelPrefix: string },
  use: (entries: DatasetEntry[]) => Promise<T>,
): Promise<T> {
  const unreadable = (e: unknown) =>
    new ZipUnreadable(`${names.what} is not a readable zip file: ${errorText(e)}.`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (e) {
    throw unreadable(e);
  }
  try {
    const entries: DatasetEntry[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        entries.push({
          name: entry.fileName,
          label: `${names.labelPrefix}:${entry.fileName}`,
          chunks: () => openStream(zip, entry),
        });
      }
    } catch (e) {
      throw unreadable(e);
    }
    return await use(entries);
  } finally {
    zip.close();
  }
}

async function* openStream(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncIterable<Uint8Array> {
  const stream = await zip.openReadStreamPromise(entry);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}
