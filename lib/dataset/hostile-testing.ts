/**
 * Test helpers (not used by product code): hostile values and a fast-check arbitrary of broken
 * datasets — valid generated datasets (`testing.ts`) with wrong types, huge numbers, negative
 * money, impossible dates, repeated records, deep nesting, `__proto__` / `constructor` /
 * `prototype` keys, markup and bidi text put in random places — and a check that no number in a
 * result is NaN or infinite.
 */
import fc from 'fast-check';
import { COLLECTIONS } from './schema';
import { arbDataset } from './testing';

export const deepObject = (n: number): unknown => {
  let v: unknown = '2026-01-01';
  for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** JSON.parse gives `__proto__` as an own property, as any parsed input would. */
export const protoObject = () =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":1}');

export const HOSTILE_VALUES: (() => unknown)[] = [
  () => null,
  () => '',
  () => ' ',
  () => 'x'.repeat(5000),
  () => -1,
  () => -0.5,
  () => 1.5,
  () => 1e308,
  () => -1e308,
  () => Number.MAX_SAFE_INTEGER,
  () => Number.MAX_SAFE_INTEGER + 2,
  () => 2 ** 64,
  () => '12',
  () => '2026-02-30',
  () => '2026-13-01',
  () => '2026-10-31T25:00:00Z',
  () => '0000-00-00',
  () => true,
  () => [],
  () => {},
  () => [[[[]]]],
  () => deepObject(40),
  protoObject,
  () => '__proto__',
  () => 'constructor',
  () => 'prototype',
  () => 'toString',
  () => '<img src=x onerror="window.__xss=1">',
  () => 'javascript:alert(1)',
  () => '\u202Egnp.exe\u202C',
  () => '\u0000\uFFFF\uD800',
  () => ['a;b', '', '__proto__'],
];

export type Raw = Record<string, unknown>;

export const arbHostile = fc.nat({ max: HOSTILE_VALUES.length - 1 }).map((i) => HOSTILE_VALUES[i]());

/** One way to break a raw dataset in place. */
const arbMutation = fc.record({
  collection: fc.constantFrom(...COLLECTIONS),
  at: fc.nat(),
  kind: fc.constantFrom(
    'field',
    'field',
    'field',
    'nested',
    'drop-field',
    'duplicate',
    'primitive',
    'proto-keys',
    'collection',
    'header',
  ),
  field: fc.nat(),
  value: arbHostile,
});

type Mutation = typeof arbMutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(d: Raw, m: Mutation) {
  const list = d[m.collection] as unknown[] | undefined;
  if (m.kind === 'header') {
    const key = ['currency', 'dataThrough', 'generatedAt', 'schemaVersion'][m.field % 4];
    // schemaVersion stays valid most of the time, or nothing else would be exercised.
    if (key !== 'schemaVersion' || m.field % 16 === 3) d[key] = m.value;
    return;
  }
  if (m.kind === 'collection') {
    if (m.field % 3 === 0) d[m.collection] = m.value;
    return;
  }
  if (!Array.isArray(list) || list.length === 0) return;
  const i = m.at % list.length;
  const r = list[i];
  if (m.kind === 'primitive') {
    list[i] = m.value;
    return;
  }
  if (m.kind === 'duplicate') {
    list.push(typeof r === 'object' && r !== null ? { ...(r as Raw) } : r);
    return;
  }
  if (typeof r !== 'object' || r === null) return;
  const rec = r as Raw;
  const keys = Object.keys(rec);
  if (keys.length === 0) return;
  const key = keys[m.field % keys.length];
  switch (m.kind) {
    case 'field':
      rec[key] = m.value;
      break;
    case 'drop-field':
      delete rec[key];
      break;
    case 'nested': {
      const inner = rec[key];
      if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
        const ik = Object.keys(inner);
        (inner as Raw)[ik.length ? ik[m.field % ik.length] : 'x'] = m.value;
      } else if (Array.isArray(inner)) inner.push(m.value);
      else rec[key] = m.value;
      break;
    }
    case 'proto-keys':
      list[i] = { ...rec, ...protoObject() };
      Object.defineProperty(list[i], '__proto__', { value: m.value, enumerable: true });
      break;
  }
}

/** The mutated dataset as any reader gets it: through JSON text. */
export const arbHostileDataset = fc
  .tuple(arbDataset, fc.array(arbMutation, { minLength: 1, maxLength: 8 }))
  .map(([d, muts]) => {
    const raw = structuredClone(d) as Raw;
    for (const m of muts) mutate(raw, m);
    return JSON.parse(JSON.stringify(raw)) as unknown;
  });

/** Every number anywhere in `x` is finite (no NaN, no ±Infinity). Returns the first bad path. */
export function nonFinite(x: unknown, path = '$', seen = new Set<unknown>()): string | null {
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${path} = ${x}`;
  if (typeof x !== 'object' || x === null || seen.has(x)) return null;
  seen.add(x);
  if (ArrayBuffer.isView(x)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return `${path}[${i}] = ${a[i]}`;
    return null;
  }
  for (const [k, v] of Object.entries(x)) {
    const bad = nonFinite(v, `${path}.${k}`, seen);
    if (bad) return bad;
  }
  return null;
}
