import { describe, expect, it } from 'vitest';
import { generateDataset } from '../demo/generate';
import { JsonDatasetStream, JsonSyntaxError, NotAnObject } from './json-stream';
import { parseDataset } from './parse';

const enc = new TextEncoder();

function streamed(text: string, chunk = 4096) {
  const s = new JsonDatasetStream();
  const bytes = enc.encode(text);
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  return s.end();
}

describe('JsonDatasetStream', () => {
  it('reads a dataset exactly like parseDataset(JSON.parse(text)), in chunks of any size', () => {
    const d = generateDataset({ accounts: 12, seed: 7, asOf: '2026-10-31' }) as unknown as Record<
      string,
      unknown
    >;
    (d.accounts as Record<string, unknown>[])[3].seats = -1;
    (d.usage as Record<string, unknown>[])[5].dau = 'x';
    (d.users as Record<string, unknown>[])[0].features = { a: null, b: '2026-01-01' };
    const text = `\uFEFF${JSON.stringify(d, null, 1)}`;
    const expected = parseDataset(JSON.parse(text.slice(1)));
    expect(expected.ok).toBe(true);
    for (const size of [1, 7, 4096, 1 << 20]) expect(streamed(text, size)).toEqual(expected);
  });

  it('takes the header after the collections, and refuses what parseDataset refuses', () => {
    const r = streamed('{"accounts":[],"currency":"EUR","schemaVersion":1}');
    expect(r.ok && r.dataset.currency).toBe('EUR');
    expect(streamed('{"schemaVersion":2,"currency":"USD"}')).toEqual(
      parseDataset({ schemaVersion: 2, currency: 'USD' }),
    );
    const obj = streamed('{"schemaVersion":1,"currency":"USD","accounts":{"a":{}},"usage":5}');
    expect(obj).toEqual(parseDataset({ schemaVersion: 1, currency: 'USD', accounts: { a: {} }, usage: 5 }));
  });

  it('refuses a top level that is not an object at its first token', () => {
    const s = new JsonDatasetStream();
    expect(() => s.write(enc.encode('[{},'))).toThrow(NotAnObject);
  });

  it('refuses text that is not JSON, cut short, empty, or nested past 64 levels', () => {
    expect(() => streamed('{"schemaVersion":1,}')).toThrow(JsonSyntaxError);
    expect(() => streamed('{"schemaVersion":1')).toThrow(JsonSyntaxError);
    expect(() => streamed('')).toThrow(JsonSyntaxError);
    expect(() => streamed(`{"accounts":[${'['.repeat(100)}`)).toThrow(/nested more than 64 levels/);
  });

  it('never lets a __proto__ key reach a record or the header', () => {
    const r = streamed(
      '{"__proto__":{"polluted":1},"schemaVersion":1,"currency":"USD","features":[{"key":"k","name":"n","__proto__":{"polluted":1}}]}',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dataset.features).toEqual([{ key: 'k', name: 'n' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
