/**
 * Test helper (Node only, not used by product code): writes the "comma bomb" — a zip of ~150 KB
 * whose `accounts.csv` holds a header and one row of `commas` commas (150 M by default), the
 * input that once built 150 M cells and killed the process.
 *
 * The entry is deflated as a stream (1 MiB of commas at a time, run-length strategy), so the
 * test holds a few MB, never the inflated text. node:zlib is used rather than fflate: fflate
 * takes 5–7 s to deflate 150 MB on the test machine, zlib 0.3 s.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

export async function writeCommaBombZip(
  path: string,
  commas = 150_000_000,
  header = 'id,name,domains,updatedAt\r\n',
): Promise<number> {
  const block = Buffer.alloc(1 << 20, ',');
  const head = Buffer.from(header, 'utf8');
  const name = Buffer.from('accounts.csv', 'utf8');
  let crc = crc32(head);
  for (let left = commas; left > 0; left -= block.length)
    crc = crc32(left >= block.length ? block : block.subarray(0, left), crc);
  const size = head.length + commas;
  const fh = await open(path, 'w');
  try {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(0, 18); // compressed size: patched below
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    await fh.write(local);
    await fh.write(name);
    const deflate = createDeflateRaw({ level: 1, strategy: constants.Z_RLE });
    let packed = 0;
    // One write at a time (a FileHandle must not have two writes in flight).
    let written: Promise<unknown> = Promise.resolve();
    deflate.on('data', (c: Buffer) => {
      packed += c.length;
      written = written.then(() => fh.write(c));
    });
    const ended = once(deflate, 'end');
    deflate.write(head);
    for (let left = commas; left > 0; left -= block.length) {
      if (!deflate.write(left >= block.length ? block : block.subarray(0, left)))
        await once(deflate, 'drain');
    }
    deflate.end();
    await ended;
    await written;
    const sizeField = Buffer.alloc(4);
    sizeField.writeUInt32LE(packed, 0);
    await fh.write(sizeField, 0, 4, 18);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(packed, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const cdOffset = 30 + name.length + packed;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(cdOffset, 16);
    await fh.write(Buffer.concat([central, name, end]), 0, 46 + name.length + 22, cdOffset);
    return cdOffset + 46 + name.length + 22;
  } finally {
    await fh.close();
  }
}
