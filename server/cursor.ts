/**
 * Sync cursors: opaque to clients, base64url of a small JSON object.
 * - `e`: the workspace epoch (a database made anew gets another one, so old cursors are refused
 *   instead of silently skipping data);
 * - `k`: the scope the cursor was issued for (a cursor is only valid with a token of that scope);
 * - `s`: the last seq the client has (changes with a larger seq follow);
 * - `f`: the snapshot floor: tombstones at or below it are not sent (a snapshot that started
 *   there never sent those records).
 */
import { createHash } from 'node:crypto';
import type { Scope } from './store';

export interface Cursor {
  epoch: string;
  scopeKey: string;
  seq: number;
  floor: number;
}

export function scopeKey(scope: Scope): string {
  if (scope.kind === 'workspace') return 'w';
  return `b:${createHash('sha256').update(scope.owner).digest('hex').slice(0, 16)}`;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(
    JSON.stringify({ v: 1, e: c.epoch, k: c.scopeKey, s: c.seq, f: c.floor }),
    'utf8',
  ).toString('base64url');
}

export type CursorResult =
  | { ok: true; cursor: Cursor }
  | { ok: false; code: 'bad-cursor' | 'cursor-expired'; message: string };

export function decodeCursor(raw: string, expected: { epoch: string; scopeKey: string }): CursorResult {
  const bad = (message: string): CursorResult => ({ ok: false, code: 'bad-cursor', message });
  if (raw.length > 512 || !/^[A-Za-z0-9_-]+$/.test(raw))
    return bad('The cursor is not one this server issued.');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return bad('The cursor is not one this server issued.');
  }
  const o = v as { v?: unknown; e?: unknown; k?: unknown; s?: unknown; f?: unknown };
  if (
    typeof v !== 'object' ||
    v === null ||
    o.v !== 1 ||
    typeof o.e !== 'string' ||
    typeof o.k !== 'string' ||
    !Number.isSafeInteger(o.s) ||
    !Number.isSafeInteger(o.f) ||
    (o.s as number) < 0 ||
    (o.f as number) < 0
  ) {
    return bad('The cursor is not one this server issued.');
  }
  if (o.e !== expected.epoch) {
    return {
      ok: false,
      code: 'cursor-expired',
      message:
        'The cursor belongs to an earlier database of this server; sync again from the start (no cursor).',
    };
  }
  if (o.k !== expected.scopeKey) {
    return bad('The cursor was issued for another token scope; sync again from the start (no cursor).');
  }
  return { ok: true, cursor: { epoch: o.e, scopeKey: o.k, seq: o.s as number, floor: o.f as number } };
}
