/**
 * Child process of the JSON-import memory test (server/json-stream.test.ts): starts the app over
 * an in-memory PGlite on 127.0.0.1, posts a JSON body of `bytes` bytes that is almost all `{}`
 * (streamed from a generator: the client side holds 64 KB at a time), and prints one JSON line:
 * the response status, the body size, the RSS just before and the peak RSS during the import.
 *
 * The peak is the highest RSS sampled every 5 ms during the import, or the process's high-water
 * mark (maxRSS) when that rose during the import. maxRSS alone also counts the start-up: PGlite's
 * in-memory database takes ~700 MB while it opens (~530 MB after a GC), a peak the test then took
 * for the import's on a loaded machine.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../app';
import { openDb } from '../db';
import { createToken } from '../tokens-store';

const T0 = Date.now();
const bytes = Number(process.argv[2] ?? 39_000_000);
const db = await openDb();
const app = createApp({ db, log: () => {} });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
if (!server.listening) await once(server, 'listening');
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const { token } = await createToken(db, { owner: null, name: 'rss' });

function body(): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const head = enc.encode('{"schemaVersion":1,"currency":"USD","accounts":[],"junk":[');
  const tail = enc.encode('{}]}');
  const block = enc.encode('{},'.repeat(21_000));
  let left = bytes - head.length - tail.length;
  let started = false;
  return new ReadableStream({
    pull(c) {
      if (!started) {
        started = true;
        c.enqueue(head);
      } else if (left >= block.length) {
        left -= block.length;
        c.enqueue(block.slice());
      } else {
        // pad with spaces to the exact size
        c.enqueue(enc.encode(' '.repeat(left)));
        c.enqueue(tail);
        c.close();
      }
    },
  });
}

async function post(b: BodyInit): Promise<number> {
  const r = await fetch(`${url}/v1/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: b,
    duplex: 'half',
  } as RequestInit);
  await r.arrayBuffer();
  return r.status;
}

// Warm up (JIT, the import path, PGlite), then measure.
await post(JSON.stringify({ schemaVersion: 1, currency: 'USD', junk: [{}, {}] }));
global.gc?.();
const T1 = Date.now();
const before = process.memoryUsage().rss;
const maxBefore = process.resourceUsage().maxRSS * 1024;
let sampled = before;
const sampler = setInterval(() => {
  sampled = Math.max(sampled, process.memoryUsage().rss);
}, 5);
const status = await post(body());
clearInterval(sampler);
const maxAfter = process.resourceUsage().maxRSS * 1024;
const peak = Math.max(sampled, maxAfter > maxBefore ? maxAfter : 0);
process.stdout.write(
  `${JSON.stringify({ status, bytes, before, peak, setup: T1 - T0, post: Date.now() - T1 })}\n`,
);
server.close();
(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
await db.close();
